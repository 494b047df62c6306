import { PostgresAdapter, type ColumnDataType, type Expression, type Kysely } from 'kysely';

/**
 * Column types shared by every migration so one file serves both dialects: timestamps are
 * timestamptz on PostgreSQL and ISO-8601 text on SQLite; money and counts are 64-bit integers.
 */
export function columnTypes(db: Kysely<unknown>): { timestamp: ColumnDataType | Expression<unknown>; binary: ColumnDataType } {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return { timestamp: isPostgres ? 'timestamptz' : 'text', binary: isPostgres ? 'bytea' : 'blob' };
}

