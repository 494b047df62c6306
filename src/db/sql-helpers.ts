import type { Kysely } from 'kysely';
import type { Database } from './schema';
import { sql, type Expression, type SqlBool } from 'kysely';

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

/** Whether another row of this merchant already uses `code` in `table`. */
export async function codeTaken(db: Kysely<Database>, table: CodedTable, merchantId: string, code: string, exceptId?: string): Promise<boolean> {
  const row = await db
    .selectFrom(table as 'regions')
    .select('id')
    .where('merchant_id', '=', merchantId)
    .where('code', '=', code)
    .$if(!!exceptId, (q) => q.where('id', '!=', exceptId ?? ''))
    .executeTakeFirst();
  return !!row;
}
