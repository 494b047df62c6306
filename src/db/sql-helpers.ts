import { PostgresAdapter, type Kysely } from 'kysely';
import { AppError } from '../kernel/errors';
import type { Database } from './schema';
import { sql, type Expression, type SqlBool } from 'kysely';

/** Row locks (`FOR UPDATE`) exist only on PostgreSQL; SQLite runs one write transaction at a time and needs none. */
export const isPostgres = (exec: Kysely<Database>) => exec.getExecutor().adapter instanceof PostgresAdapter;

/**
 * For a transaction that grows a table and inserts rows referring to it (an import's members,
 * then their cards and tags). PostgreSQL checks each foreign key with a plan cached on the
 * connection; one cached while the table was small and analysed scans the whole table per
 * checked row, and a new merchant's 100,000-member import took minutes instead of seconds.
 * Planning each statement afresh sees the table's size as it grows.
 */
export async function planForGrowingTables(tx: Kysely<Database>): Promise<void> {
  if (isPostgres(tx)) await sql`SET LOCAL plan_cache_mode = force_custom_plan`.execute(tx);
}

/** Case-insensitive "column contains text", with LIKE wildcards in the text taken literally. */
export function containsText(column: Expression<string | null> | ReturnType<typeof sql.ref>, text: string): Expression<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${column}) like ${pattern} escape '\\'`;
}

export interface Page {
  page: number;
  pageSize: number;
}

export function pageOffset({ page, pageSize }: Page): number {
  return (page - 1) * pageSize;
}

/** Tables whose rows carry a merchant-unique `code`. */
type CodedTable = {
  [K in keyof Database]: Database[K] extends { merchant_id: string; id: string; code: string } ? K : never;
}[keyof Database];

async function codeTaken(db: Kysely<Database>, table: CodedTable, merchantId: string, code: string, exceptId?: string): Promise<boolean> {
  const row = await db
    .selectFrom(table as 'regions')
    .select('id')
    .where('merchant_id', '=', merchantId)
    .where('code', '=', code)
    .$if(!!exceptId, (q) => q.where('id', '!=', exceptId ?? ''))
    .executeTakeFirst();
  return !!row;
}

/** Refuses a code another row of this merchant already uses (409 CODE_TAKEN on field `code`). */
export async function assertCodeFree(db: Kysely<Database>, table: CodedTable, merchantId: string, code: string, exceptId?: string): Promise<void> {
  if (await codeTaken(db, table, merchantId, code, exceptId)) throw new AppError('CODE_TAKEN', { field: 'code', details: { code } });
}
