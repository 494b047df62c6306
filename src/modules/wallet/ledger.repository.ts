import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/schema';
import { isPostgres } from '../../db/sql-helpers';
import type { LedgerAccountsTable, LedgerEntriesTable, LedgerLotsTable, LedgerTxnsTable } from './wallet.tables';

type Exec = Kysely<Database>;
export type AccountRow = Selectable<LedgerAccountsTable>;
export type LotRow = Selectable<LedgerLotsTable>;
export type EntryRow = Selectable<LedgerEntriesTable>;
export type TxnRow = Selectable<LedgerTxnsTable>;


/** The only SQL over the ledger tables. */
export const ledgerRepository = {
  findAccounts: (exec: Exec, merchantId: string, asset: string, codes: string[]) =>
    codes.length === 0 ? Promise.resolve([]) : exec.selectFrom('ledger_accounts').selectAll().where('merchant_id', '=', merchantId).where('asset', '=', asset).where('code', 'in', codes).execute(),

  insertAccountIfMissing: (exec: Exec, row: Insertable<LedgerAccountsTable>) =>
    exec.insertInto('ledger_accounts').values(row).onConflict((oc) => oc.columns(['merchant_id', 'asset', 'code']).doNothing()).execute(),

  /**
   * Row locks on member accounts in id order, so two transactions touching the same accounts
   * queue instead of deadlocking. SQLite runs one write transaction at a time and needs none.
   */
  async lockAccounts(exec: Exec, merchantId: string, ids: string[]) {
    if (ids.length === 0 || !isPostgres(exec)) return;
    await exec.selectFrom('ledger_accounts').select('id').where('merchant_id', '=', merchantId).where('id', 'in', ids).orderBy('id').forUpdate().execute();
  },

  /** The conditional update of ARCHITECTURE: a debit that would go below zero changes nothing and returns undefined. */
  async addToBalance(exec: Exec, merchantId: string, accountId: string, delta: number, at: string): Promise<number | undefined> {
    const row = await exec
      .updateTable('ledger_accounts')
      .set((eb) => ({ balance: eb('balance', '+', delta), updated_at: at }))
      .where('merchant_id', '=', merchantId)
      .where('id', '=', accountId)
      .$if(delta < 0, (q) => q.where('balance', '>=', -delta))
      .returning('balance')
      .executeTakeFirst();
    return row?.balance;
  },

  /** Lots a debit may take from: unexpired, soonest-expiring first, lots without expiry last, oldest first. */
  spendableLots: (exec: Exec, merchantId: string, accountId: string, now: string) =>
    exec
      .selectFrom('ledger_lots')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .where('account_id', '=', accountId)
      .where('remaining', '>', 0)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .orderBy(sql`case when expires_at is null then 1 else 0 end`)
      .orderBy('expires_at')
      .orderBy('created_at')
      .orderBy('id')
      .execute(),

  lotsByIds: (exec: Exec, merchantId: string, ids: string[]) =>
    ids.length === 0 ? Promise.resolve([]) : exec.selectFrom('ledger_lots').selectAll().where('merchant_id', '=', merchantId).where('id', 'in', ids).execute(),

  lotsOfEntries: (exec: Exec, merchantId: string, entryIds: string[]) =>
    entryIds.length === 0 ? Promise.resolve([]) : exec.selectFrom('ledger_lots').selectAll().where('merchant_id', '=', merchantId).where('entry_id', 'in', entryIds).execute(),

  async moveLot(exec: Exec, merchantId: string, lotId: string, delta: number) {
    const result = await exec
      .updateTable('ledger_lots')
      .set((eb) => ({ remaining: eb('remaining', '+', delta) }))
      .where('merchant_id', '=', merchantId)
      .where('id', '=', lotId)
      .$if(delta < 0, (q) => q.where('remaining', '>=', -delta))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  insertLots: (exec: Exec, rows: Insertable<LedgerLotsTable>[]) => (rows.length ? exec.insertInto('ledger_lots').values(rows).execute() : Promise.resolve()),
  insertLotMoves: (exec: Exec, rows: Insertable<Database['ledger_lot_moves']>[]) =>
    rows.length ? exec.insertInto('ledger_lot_moves').values(rows).execute() : Promise.resolve(),
  lotMovesOfEntries: (exec: Exec, merchantId: string, entryIds: string[]) =>
    entryIds.length === 0 ? Promise.resolve([]) : exec.selectFrom('ledger_lot_moves').selectAll().where('merchant_id', '=', merchantId).where('entry_id', 'in', entryIds).execute(),

  insertTxn: (exec: Exec, row: Insertable<LedgerTxnsTable>) => exec.insertInto('ledger_txns').values(row).execute(),
  insertEntries: (exec: Exec, rows: Insertable<LedgerEntriesTable>[]) => exec.insertInto('ledger_entries').values(rows).execute(),
  findTxn: (exec: Exec, merchantId: string, id: string) => exec.selectFrom('ledger_txns').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  findTxnOfDoc: (exec: Exec, merchantId: string, docType: string, docId: string, kind: string) =>
    exec.selectFrom('ledger_txns').selectAll().where('merchant_id', '=', merchantId).where('doc_type', '=', docType).where('doc_id', '=', docId).where('kind', '=', kind).executeTakeFirst(),
  findReversal: (exec: Exec, merchantId: string, txnId: string) =>
    exec.selectFrom('ledger_txns').select('id').where('merchant_id', '=', merchantId).where('reverses_id', '=', txnId).executeTakeFirst(),
  entriesOfTxn: (exec: Exec, merchantId: string, txnId: string) =>
    exec.selectFrom('ledger_entries').selectAll().where('merchant_id', '=', merchantId).where('txn_id', '=', txnId).orderBy('seq').execute(),

  findAccount: (exec: Exec, merchantId: string, id: string) =>
    exec.selectFrom('ledger_accounts').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),

  accountsOfMembers: (exec: Exec, merchantId: string, memberIds: string[]) =>
    exec.selectFrom('ledger_accounts').select('id').where('merchant_id', '=', merchantId).where('member_id', 'in', memberIds).execute(),

  memberAccounts: (exec: Exec, merchantId: string, memberId: string) =>
    exec.selectFrom('ledger_accounts').selectAll().where('merchant_id', '=', merchantId).where('member_id', '=', memberId).orderBy('asset').execute(),

  liveLotsOfMember: (exec: Exec, merchantId: string, memberId: string) =>
    exec
      .selectFrom('ledger_lots')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .where('member_id', '=', memberId)
      .where('remaining', '>', 0)
      .orderBy(sql`case when expires_at is null then 1 else 0 end`)
      .orderBy('expires_at')
      .orderBy('created_at')
      .execute(),

  /** Lots past their expiry with something left, for the expiry job (all merchants). */
  expiredLots: (exec: Exec, now: string, limit: number) =>
    exec.selectFrom('ledger_lots').selectAll().where('expires_at', '<=', now).where('remaining', '>', 0).orderBy('expires_at').limit(limit).execute(),
};
