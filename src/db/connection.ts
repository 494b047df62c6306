import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import type { Database } from './schema';

export type DialectName = 'sqlite' | 'postgres';

export interface DbConfig {
  /** PostgreSQL connection string; unset means the embedded SQLite database. */
  databaseUrl?: string;
  /** Folder for the SQLite file. */
  dataDir?: string;
  /** SQLite file name inside dataDir (default app.db) or ':memory:'. */
  sqliteFile?: string;
  poolSize?: number;
}

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  close(): Promise<void>;
}

let pgTypesConfigured = false;

/**
 * int8 (bigint, count(*)) arrives from pg as a string; parse it once here so modules only
 * ever see numbers. Amounts are bounded far below 2^53, so a non-safe value is a bug.
 */
function configurePgTypes(): void {
  if (pgTypesConfigured) return;
  pgTypesConfigured = true;
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value out of safe range: ${value}`);
    return n;
  });
  // Timestamps travel as ISO-8601 UTC strings on both dialects.
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (value) => new Date(value).toISOString());
}

export function openDb(config: DbConfig): Db {
  let dialect: Dialect;
  let name: DialectName;
  if (config.databaseUrl) {
    configurePgTypes();
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.poolSize ?? 10 });
    // an idle connection dropped by the server (restart, failover) must not crash the process
    pool.on('error', (err) => console.error('PostgreSQL idle connection error:', err.message));
    dialect = new PostgresDialect({ pool });
    name = 'postgres';
  } else {
    const file = config.sqliteFile ?? 'app.db';
    let location = ':memory:';
    if (file !== ':memory:') {
      const dir = config.dataDir ?? './data';
      fs.mkdirSync(dir, { recursive: true });
      location = path.join(dir, file);
    }
    const sqlite = new SqliteDatabase(location);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    dialect = new SqliteDialect({ database: withStatementCache(sqlite) });
    name = 'sqlite';
  }
  const kysely = new Kysely<Database>({ dialect });
  return { kysely, dialect: name, close: () => kysely.destroy() };
}

/**
 * Kysely's SQLite driver prepares every statement on every query; preparing was 11% of a
 * checkout's CPU (docs/performance.md). The same SQL text reuses its prepared statement — safe
 * because better-sqlite3 runs each statement to completion before returning.
 */
function withStatementCache(db: SqliteDatabase.Database, max = 1_000): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = db.prepare(source);
      cache.set(source, statement);
      // the oldest goes first: ad-hoc SQL (IN lists of varying length) cannot grow it without bound
      if (cache.size > max) cache.delete(cache.keys().next().value!);
    }
    return statement;
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
