import { PostgresAdapter, sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/schema';
import { containsText, pageOffset } from '../../db/sql-helpers';
import type { MessageLogTable, MessageStatus, SmsCodesTable } from './messages.tables';

type Exec = Kysely<Database>;
export type MessageLogRow = Selectable<MessageLogTable>;
export type SmsCodeRow = Selectable<SmsCodesTable>;

export interface MessageLogQuery {
  page: number;
  pageSize: number;
  recipient?: string;
  status?: MessageStatus;
  template?: string;
}

/** The only place with SQL for message_log and sms_codes. */
export const messagesRepository = {
  findLogByOutboxId: (db: Exec, merchantId: string, outboxId: string) =>
    db.selectFrom('message_log').select('id').where('merchant_id', '=', merchantId).where('outbox_id', '=', outboxId).executeTakeFirst(),
  /** a second row for the same outbox message is dropped, never an error */
  insertLog: (db: Exec, row: MessageLogRow) =>
    db.insertInto('message_log').values(row).onConflict((oc) => oc.columns(['merchant_id', 'outbox_id']).doNothing()).execute(),

  async listLog(db: Exec, merchantId: string, query: MessageLogQuery) {
    let base = db.selectFrom('message_log').where('merchant_id', '=', merchantId);
    if (query.recipient) base = base.where((eb) => containsText(eb.ref('recipient'), query.recipient ?? ''));
    if (query.status) base = base.where('status', '=', query.status);
    if (query.template) base = base.where('template', '=', query.template);
    const [rows, count] = await Promise.all([
      base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.pageSize).offset(pageOffset(query)).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  },

  /**
   * Serialises code requests for the same phone or IP until the transaction ends, so two
   * concurrent requests cannot both pass a count-based rate limit. PostgreSQL: transaction-scoped
   * advisory locks, taken in sorted order. SQLite already runs one write transaction at a time.
   */
  async lockCodeRequests(db: Exec, merchantId: string, keys: string[]) {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
    for (const key of [...new Set(keys)].sort()) {
      await sql`select pg_advisory_xact_lock(hashtextextended(${`sms_codes:${merchantId}:${key}`}, 0))`.execute(db);
    }
  },
  /** created_at of the newest codes for phone (+ purpose) since `since`, newest first */
  recentCodeTimes: async (db: Exec, merchantId: string, filter: { phone?: string; purpose?: string; ip?: string }, since: string, limit: number) =>
    (
      await db
        .selectFrom('sms_codes')
        .select('created_at')
        .where('merchant_id', '=', merchantId)
        .$if(filter.phone !== undefined, (q) => q.where('phone', '=', filter.phone ?? ''))
        .$if(filter.purpose !== undefined, (q) => q.where('purpose', '=', filter.purpose ?? ''))
        .$if(filter.ip !== undefined, (q) => q.where('requested_ip', '=', filter.ip ?? ''))
        .where('created_at', '>', since)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute()
    ).map((r) => r.created_at),
  insertCode: (db: Exec, row: SmsCodeRow) => db.insertInto('sms_codes').values(row).execute(),
  findCode: (db: Exec, merchantId: string, id: string) =>
    db.selectFrom('sms_codes').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  /** the code issued last for phone + purpose: a new code supersedes the older ones */
  latestCode: (db: Exec, merchantId: string, phone: string, purpose: string) =>
    db
      .selectFrom('sms_codes')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .where('phone', '=', phone)
      .where('purpose', '=', purpose)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  /**
   * Counts one attempt on an unused code that has attempts left; returns the new count, or
   * undefined when the code is used or dead. The row stays locked until the transaction ends.
   */
  claimAttempt: async (db: Exec, merchantId: string, id: string, maxAttempts: number) =>
    (
      await db
        .updateTable('sms_codes')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('merchant_id', '=', merchantId)
        .where('id', '=', id)
        .where('used_at', 'is', null)
        .where('attempts', '<', maxAttempts)
        .returning('attempts')
        .executeTakeFirst()
    )?.attempts,
  markCodeUsed: async (db: Exec, merchantId: string, id: string, at: string) =>
    Number(
      (
        await db
          .updateTable('sms_codes')
          .set({ used_at: at })
          .where('merchant_id', '=', merchantId)
          .where('id', '=', id)
          .where('used_at', 'is', null)
          .executeTakeFirst()
      ).numUpdatedRows,
    ) === 1,
};
