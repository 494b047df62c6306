import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema';
import { pageOffset, type Page } from '../../db/sql-helpers';
import type {
  CardAnnualFeesTable,
  CardRefundsTable,
  PointsImportsTable,
  TopupInstallmentsTable,
  TopupRulesTable,
  TopupStatus,
  TopupsTable,
  WalletTransfersTable,
} from './wallet.tables';

type Exec = Kysely<Database>;
export type TopupRuleRow = Selectable<TopupRulesTable>;
export type TopupRow = Selectable<TopupsTable>;
export type InstallmentRow = Selectable<TopupInstallmentsTable>;
export type AnnualFeeRow = Selectable<CardAnnualFeesTable>;

export interface StatementFilter {
  asset?: string;
  kind?: string;
  from?: string;
  to?: string;
}

/** SQL for the wallet's documents (rules, top-ups, transfers, refunds, fees) and statements. */
export const walletRepository = {
  // ---- top-up rules ----
  listRules: (db: Exec, merchantId: string) => db.selectFrom('topup_rules').selectAll().where('merchant_id', '=', merchantId).orderBy('status').orderBy('created_at', 'desc').execute(),
  findRule: (db: Exec, merchantId: string, id: string) => db.selectFrom('topup_rules').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  insertRule: (db: Exec, row: TopupRuleRow) => db.insertInto('topup_rules').values(row).execute(),
  updateRule: (db: Exec, merchantId: string, id: string, patch: Partial<TopupRuleRow>) =>
    db.updateTable('topup_rules').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  /** Active rules for a store on a day: the store's own and the merchant-wide ones. */
  applicableRules: (db: Exec, merchantId: string, storeId: string, day: string) =>
    db
      .selectFrom('topup_rules')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .where('status', '=', 'active')
      .where((eb) => eb.or([eb('store_id', 'is', null), eb('store_id', '=', storeId)]))
      .where((eb) => eb.or([eb('starts_on', 'is', null), eb('starts_on', '<=', day)]))
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', day)]))
      .orderBy('created_at')
      .execute(),

  // ---- top-ups ----
  insertTopup: (db: Exec, row: TopupRow) => db.insertInto('topups').values(row).execute(),
  findTopup: (db: Exec, merchantId: string, id: string) => db.selectFrom('topups').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  /** Moves a top-up on only from `from`: false when another request got there first. */
  async moveTopup(db: Exec, merchantId: string, id: string, from: TopupStatus, patch: Partial<TopupRow>) {
    const r = await db.updateTable('topups').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).where('status', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /** Principal counted against a store's quota between two business days (inclusive): completed and waiting top-ups. */
  async storeTopupTotal(db: Exec, merchantId: string, storeId: string, fromDay: string, toDay: string) {
    const row = await db
      .selectFrom('topups')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('principal_fen'), eb.lit(0)).as('total'))
      .where('merchant_id', '=', merchantId)
      .where('store_id', '=', storeId)
      .where('business_day', '>=', fromDay)
      .where('business_day', '<=', toDay)
      .where('status', 'in', ['completed', 'pending_approval'])
      .executeTakeFirstOrThrow();
    return Number(row.total);
  },
  async listTopups(db: Exec, merchantId: string, f: { storeIds: string[] | null; status?: TopupStatus; memberId?: string; from?: string; to?: string }, page: Page & { order: 'asc' | 'desc' }) {
    let q = db.selectFrom('topups').where('merchant_id', '=', merchantId);
    if (f.storeIds) q = q.where('store_id', 'in', f.storeIds.length ? f.storeIds : ['-']);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.memberId) q = q.where('member_id', '=', f.memberId);
    if (f.from) q = q.where('business_day', '>=', f.from);
    if (f.to) q = q.where('business_day', '<=', f.to);
    const [items, total] = await Promise.all([
      q.selectAll().orderBy('created_at', page.order).orderBy('id', page.order).limit(page.pageSize).offset(pageOffset(page)).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  },

  // ---- installments ----
  insertInstallments: (db: Exec, rows: InstallmentRow[]) => (rows.length ? db.insertInto('topup_installments').values(rows).execute() : Promise.resolve()),
  installmentsOf: (db: Exec, merchantId: string, topupId: string) =>
    db.selectFrom('topup_installments').selectAll().where('merchant_id', '=', merchantId).where('topup_id', '=', topupId).orderBy('seq').execute(),
  dueInstallments: (db: Exec, today: string, limit: number) =>
    db.selectFrom('topup_installments').selectAll().where('status', '=', 'pending').where('due_on', '<=', today).orderBy('due_on').limit(limit).execute(),
  async moveInstallment(db: Exec, merchantId: string, id: string, patch: Partial<InstallmentRow>) {
    const r = await db.updateTable('topup_installments').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  setInstallmentTxn: (db: Exec, merchantId: string, id: string, txnId: string) =>
    db.updateTable('topup_installments').set({ txn_id: txnId }).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  cancelPendingInstallments: (db: Exec, merchantId: string, where: { topupId?: string; memberId?: string }, at: string) =>
    db
      .updateTable('topup_installments')
      .set({ status: 'cancelled', updated_at: at })
      .where('merchant_id', '=', merchantId)
      .where('status', '=', 'pending')
      .$if(!!where.topupId, (q) => q.where('topup_id', '=', where.topupId!))
      .$if(!!where.memberId, (q) => q.where('member_id', '=', where.memberId!))
      .execute(),
  pendingInstallmentTotal: async (db: Exec, merchantId: string, memberId: string) => {
    const row = await db
      .selectFrom('topup_installments')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), eb.lit(0)).as('total'))
      .where('merchant_id', '=', merchantId)
      .where('member_id', '=', memberId)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    return Number(row.total);
  },

  // ---- transfers, refunds, imports ----
  insertTransfer: (db: Exec, row: Insertable<WalletTransfersTable>) => db.insertInto('wallet_transfers').values(row).execute(),
  insertRefund: (db: Exec, row: Insertable<CardRefundsTable>) => db.insertInto('card_refunds').values(row).execute(),
  insertPointsImport: (db: Exec, row: Insertable<PointsImportsTable>) => db.insertInto('points_imports').values(row).execute(),

  // ---- annual fees ----
  insertAnnualFee: (db: Exec, row: AnnualFeeRow) =>
    db.insertInto('card_annual_fees').values(row).onConflict((oc) => oc.columns(['merchant_id', 'card_id', 'due_on']).doNothing()).executeTakeFirst(),
  findAnnualFee: (db: Exec, merchantId: string, id: string) =>
    db.selectFrom('card_annual_fees').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  annualFeesOf: (db: Exec, merchantId: string, memberId: string) =>
    db.selectFrom('card_annual_fees').selectAll().where('merchant_id', '=', merchantId).where('member_id', '=', memberId).orderBy('due_on', 'desc').execute(),
  async settleAnnualFee(db: Exec, merchantId: string, id: string, patch: Partial<AnnualFeeRow>) {
    const r = await db.updateTable('card_annual_fees').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).where('status', '=', 'due').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  setAnnualFeeTxn: (db: Exec, merchantId: string, id: string, txnId: string) =>
    db.updateTable('card_annual_fees').set({ txn_id: txnId }).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  hasDueAnnualFee: async (db: Exec, merchantId: string, memberId: string) =>
    !!(await db.selectFrom('card_annual_fees').select('id').where('merchant_id', '=', merchantId).where('member_id', '=', memberId).where('status', '=', 'due').executeTakeFirst()),

  // ---- statements ----
  async statement(db: Exec, merchantId: string, memberId: string, f: StatementFilter, page: Page & { order: 'asc' | 'desc' }) {
    let q = db
      .selectFrom('ledger_entries as e')
      .innerJoin('ledger_txns as t', (j) => j.onRef('t.merchant_id', '=', 'e.merchant_id').onRef('t.id', '=', 'e.txn_id'))
      .innerJoin('ledger_accounts as a', (j) => j.onRef('a.merchant_id', '=', 'e.merchant_id').onRef('a.id', '=', 'e.account_id'))
      .leftJoin('stores as s', (j) => j.onRef('s.merchant_id', '=', 't.merchant_id').onRef('s.id', '=', 't.store_id'))
      .where('e.merchant_id', '=', merchantId)
      .where('e.member_id', '=', memberId);
    if (f.asset) q = q.where('e.asset', f.asset.endsWith(':') ? 'like' : '=', f.asset.endsWith(':') ? `${f.asset}%` : f.asset);
    if (f.kind) q = q.where('t.kind', '=', f.kind);
    if (f.from) q = q.where('e.created_at', '>=', f.from);
    if (f.to) q = q.where('e.created_at', '<', f.to);
    const [items, total] = await Promise.all([
      q
        .select([
          'e.id',
          'e.asset',
          'e.amount',
          'e.balance_after',
          'e.created_at',
          'a.kind as account_kind',
          'a.label as account_label',
          't.id as txn_id',
          't.kind',
          't.doc_type',
          't.doc_id',
          't.doc_no',
          't.memo',
          't.staff_name',
          't.store_id',
          't.reverses_id',
          's.name as store_name',
        ])
        .orderBy('e.created_at', page.order)
        .orderBy('e.txn_id', page.order)
        .orderBy('e.seq', page.order)
        .limit(page.pageSize)
        .offset(pageOffset(page))
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  },
};

/** SQL for the opening points imports (积分导入) and their history. */
export const pointsImportsRepository = {
  insert: (db: Exec, row: Insertable<PointsImportsTable>) => walletRepository.insertPointsImport(db, row),
  /** Newest first, with the name of the staff member who imported (kept on the ledger transaction); `createdBy` limits it to one staff member's imports. */
  async list(db: Exec, merchantId: string, f: { createdBy: string | null }, page: Page & { order: 'asc' | 'desc' }) {
    let q = db.selectFrom('points_imports as p').where('p.merchant_id', '=', merchantId);
    if (f.createdBy !== null) q = q.where('p.created_by', '=', f.createdBy);
    const [items, total] = await Promise.all([
      q
        .leftJoin('ledger_txns as t', (j) => j.onRef('t.merchant_id', '=', 'p.merchant_id').onRef('t.id', '=', 'p.txn_id'))
        .select(['p.id', 'p.file_name', 'p.total_rows', 'p.total_points', 'p.txn_id', 'p.created_by', 'p.created_at', 't.staff_name'])
        .orderBy('p.created_at', page.order)
        .orderBy('p.id', page.order)
        .limit(page.pageSize)
        .offset(pageOffset(page))
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  },
};
