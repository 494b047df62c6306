import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../../db/schema';
import type { MemberImportStatus, MemberImportsTable } from './import.tables';

type Exec = Kysely<Database>;
export type ImportRow = Selectable<MemberImportsTable>;
/** Everything but the file itself, for status polling. */
export type ImportSummary = Omit<ImportRow, 'file_data'>;

const SUMMARY_COLUMNS = [
  'merchant_id',
  'id',
  'status',
  'file_name',
  'file_format',
  'mapping',
  'mode',
  'default_store_id',
  'lang',
  'total_rows',
  'progress_done',
  'error_rows',
  'imported_rows',
  'errors',
  'failure_code',
  'created_by',
  'created_at',
  'updated_at',
  'finished_at',
] as const;

/** The only place with SQL for member_imports. */
export const importRepository = {
  insert: (db: Exec, row: ImportRow) => db.insertInto('member_imports').values(row).execute(),
  findSummary: (db: Exec, merchantId: string, id: string): Promise<ImportSummary | undefined> =>
    db.selectFrom('member_imports').select(SUMMARY_COLUMNS).where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  async findFile(db: Exec, merchantId: string, id: string) {
    const row = await db.selectFrom('member_imports').select(['file_data', 'file_format']).where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst();
    return row ? { data: Buffer.from(row.file_data), format: row.file_format } : undefined;
  },
  update: (db: Exec, merchantId: string, id: string, patch: Partial<ImportRow>) =>
    db.updateTable('member_imports').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  /** Moves an import to a new status only from one of `from`; false when another request got there first. */
  async move(db: Exec, merchantId: string, id: string, from: readonly MemberImportStatus[], patch: Partial<ImportRow>) {
    const result = await db
      .updateTable('member_imports')
      .set(patch)
      .where('merchant_id', '=', merchantId)
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  setProgress: (db: Exec, merchantId: string, id: string, done: number, at: string) =>
    db.updateTable('member_imports').set({ progress_done: done, updated_at: at }).where('merchant_id', '=', merchantId).where('id', '=', id).where('status', 'in', ['validating', 'importing']).execute(),
};
