import { sql } from 'kysely';
import pg from 'pg';
import type { TestSystem } from './test-system';

/**
 * Closes a test system. On PostgreSQL it first ends the pool and waits until the server has
 * seen every connection go, because the helper then drops the database WITH (FORCE): a
 * connection still closing gets "terminating connection due to administrator command", and
 * since the app's pg.Pool has no 'error' listener (src/db/connection.ts) that error is thrown
 * as an uncaught exception. Remove the wait once the pool handles its errors.
 */
export async function closeTestSystem(system: TestSystem): Promise<void> {
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (baseUrl && system.db.dialect === 'postgres') {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(system.db.kysely);
    const name = rows[0]?.name ?? '';
    await system.db.close();
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      for (let i = 0; i < 200; i++) {
        const res = await client.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = $1', [name]);
        if (Number(res.rows[0]?.n) === 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      await client.end();
    }
  }
  await system.close();
}
