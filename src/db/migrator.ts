import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './connection';

/** Runs every pending migration, in name order across all modules, at start. */
export async function migrateToLatest(db: Db, migrations: Record<string, Migration>): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const migrator = new Migrator({ db: db.kysely, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
  }
}
