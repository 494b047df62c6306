import { type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database } from '../../db/schema';
import { isPostgres, pageOffset, type Page } from '../../db/sql-helpers';
import type { CouponChannel, CouponRulesTable, CouponsTable, CouponStatus, CouponTemplatesTable, CouponUsesTable } from './coupons.tables';

type Exec = Kysely<Database>;
export type CouponTemplateRow = Selectable<CouponTemplatesTable>;
export type CouponRow = Selectable<CouponsTable>;
export type CouponRuleRow = Selectable<CouponRulesTable>;
export type CouponUseRow = Selectable<CouponUsesTable>;

/** 18 columns a row: 500 rows stay well under SQLite's bound-parameter limit */
const INSERT_CHUNK = 500;

export interface CouponFilter {
  templateId?: string;
  memberId?: string;
  status?: CouponStatus | 'expired';
  channel?: CouponChannel;
  code?: string;
  /** coupons issued or used at these stores; null = all */
  storeIds: string[] | null;
  /** `expired` and `available` are told apart at this instant */
  now: string;
}

/** The only SQL over coupon templates, coupons, their uses and the issuing rules. */
export const couponsRepository = {
  // ---- templates ----
  listTemplates: (db: Exec, merchantId: string, status: 'active' | 'archived' | 'all') =>
    db.selectFrom('coupon_templates').selectAll().where('merchant_id', '=', merchantId).$if(status !== 'all', (q) => q.where('status', '=', status as 'active')).orderBy('created_at', 'desc').orderBy('id').execute(),
  findTemplate: (db: Exec, merchantId: string, id: string) => db.selectFrom('coupon_templates').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  templatesByIds: (db: Exec, merchantId: string, ids: readonly string[]) =>
    ids.length ? db.selectFrom('coupon_templates').selectAll().where('merchant_id', '=', merchantId).where('id', 'in', [...new Set(ids)]).execute() : Promise.resolve([]),
  insertTemplate: (db: Exec, row: Insertable<CouponTemplatesTable>) => db.insertInto('coupon_templates').values(row).execute(),
  updateTemplate: (db: Exec, merchantId: string, id: string, patch: Updateable<CouponTemplatesTable>) =>
    db.updateTable('coupon_templates').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  /** Holds the template's row to the end of the transaction (PostgreSQL; SQLite writes one transaction at a time). */
  async lockTemplate(db: Exec, merchantId: string, id: string) {
    if (isPostgres(db)) await db.selectFrom('coupon_templates').select('id').where('merchant_id', '=', merchantId).where('id', '=', id).forUpdate().execute();
  },
  /** Counts `n` more issued unless that passes the total: false = not enough left (atomic, so two issuers cannot both take the last ones). */
  async takeQuantity(db: Exec, merchantId: string, id: string, n: number): Promise<boolean> {
    const r = await db
      .updateTable('coupon_templates')
      .set((eb) => ({ issued_count: eb('issued_count', '+', n) }))
      .where('merchant_id', '=', merchantId)
      .where('id', '=', id)
      .where((eb) => eb.or([eb('total_quantity', 'is', null), eb(eb('issued_count', '+', n), '<=', eb.ref('total_quantity'))]))
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  },

  // ---- coupons ----
  async insertCoupons(db: Exec, rows: Insertable<CouponsTable>[]) {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db.insertInto('coupons').values(rows.slice(i, i + INSERT_CHUNK)).execute();
  },
  /** How many coupons of the template each member holds (any status): the per-member limit counts them all. */
  async heldCounts(db: Exec, merchantId: string, templateId: string, memberIds: readonly string[]) {
    const held = new Map<string, number>();
    for (let i = 0; i < memberIds.length; i += INSERT_CHUNK) {
      const rows = await db
        .selectFrom('coupons')
        .select(['member_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('merchant_id', '=', merchantId)
        .where('template_id', '=', templateId)
        .where('member_id', 'in', memberIds.slice(i, i + INSERT_CHUNK))
        .groupBy('member_id')
        .execute();
      for (const r of rows) held.set(r.member_id!, Number(r.n));
    }
    return held;
  },
  existingIssueKeys: (db: Exec, merchantId: string, keys: readonly string[]) => existingValues(db, merchantId, 'issue_key', keys),
  takenCodes: (db: Exec, merchantId: string, codes: readonly string[]) => existingValues(db, merchantId, 'code', codes),
  findByCodes: (db: Exec, merchantId: string, codes: readonly string[]) =>
    codes.length ? db.selectFrom('coupons').selectAll().where('merchant_id', '=', merchantId).where('code', 'in', [...codes]).execute() : Promise.resolve([]),
  findCoupon: (db: Exec, merchantId: string, id: string) => db.selectFrom('coupons').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  /** A member's coupons that can still be used now. */
  usableOf: (db: Exec, merchantId: string, memberId: string, now: string) =>
    db.selectFrom('coupons').selectAll().where('merchant_id', '=', merchantId).where('member_id', '=', memberId).where('status', '=', 'available').where('valid_to', '>', now).orderBy('valid_to').limit(200).execute(),
  async listCoupons(db: Exec, merchantId: string, f: CouponFilter, page: Page) {
    let q = db.selectFrom('coupons').where('coupons.merchant_id', '=', merchantId);
    if (f.templateId) q = q.where('coupons.template_id', '=', f.templateId);
    if (f.memberId) q = q.where('coupons.member_id', '=', f.memberId);
    if (f.channel) q = q.where('coupons.channel', '=', f.channel);
    if (f.code) q = q.where('coupons.code', '=', f.code);
    if (f.storeIds) {
      const stores = f.storeIds.length ? f.storeIds : ['-'];
      q = q.where((eb) => eb.or([eb('coupons.issued_store_id', 'in', stores), eb('coupons.used_store_id', 'in', stores)]));
    }
    if (f.status === 'expired') q = q.where('coupons.status', '=', 'available').where('coupons.valid_to', '<=', f.now);
    else if (f.status === 'available') q = q.where('coupons.status', '=', 'available').where('coupons.valid_to', '>', f.now);
    else if (f.status) q = q.where('coupons.status', '=', f.status);
    const [rows, count] = await Promise.all([
      q.selectAll('coupons').orderBy('coupons.issued_at', 'desc').orderBy('coupons.id', 'desc').limit(page.pageSize).offset(pageOffset(page)).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  },
  /** available → used, only if still available: two tills using one coupon → exactly one wins. */
  async markUsed(db: Exec, merchantId: string, id: string, use: { orderId: string; storeId: string; at: string }): Promise<boolean> {
    const r = await db
      .updateTable('coupons')
      .set({ status: 'used', used_at: use.at, used_order_id: use.orderId, used_store_id: use.storeId })
      .where('merchant_id', '=', merchantId)
      .where('id', '=', id)
      .where('status', '=', 'available')
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  },
  /** used by this order → available again. */
  async markAvailable(db: Exec, merchantId: string, id: string, orderId: string): Promise<boolean> {
    const r = await db
      .updateTable('coupons')
      .set({ status: 'available', used_at: null, used_order_id: null, used_store_id: null })
      .where('merchant_id', '=', merchantId)
      .where('id', '=', id)
      .where('status', '=', 'used')
      .where('used_order_id', '=', orderId)
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  },
  voidAvailable: async (db: Exec, merchantId: string, ids: readonly string[], at: string) =>
    ids.length
      ? Number((await db.updateTable('coupons').set({ status: 'void', voided_at: at }).where('merchant_id', '=', merchantId).where('id', 'in', [...ids]).where('status', '=', 'available').executeTakeFirst()).numUpdatedRows)
      : 0,
  /** The coupons of a source that one void (at `voidedAt`) cancelled, usable again. */
  reviveVoided: (db: Exec, merchantId: string, sourceKind: string, sourceId: string, voidedAt: string) =>
    db
      .updateTable('coupons')
      .set({ status: 'available', voided_at: null })
      .where('merchant_id', '=', merchantId)
      .where('source_kind', '=', sourceKind)
      .where('source_id', '=', sourceId)
      .where('status', '=', 'void')
      .where('voided_at', '=', voidedAt)
      .execute(),
  issuedBy: (db: Exec, merchantId: string, sourceKind: string, sourceId: string) =>
    db.selectFrom('coupons').selectAll().where('merchant_id', '=', merchantId).where('source_kind', '=', sourceKind).where('source_id', '=', sourceId).execute(),

  // ---- uses ----
  insertUses: (db: Exec, rows: Insertable<CouponUsesTable>[]) => (rows.length ? db.insertInto('coupon_uses').values(rows).execute() : Promise.resolve([])),
  activeUsesOf: (db: Exec, merchantId: string, orderId: string) =>
    db.selectFrom('coupon_uses').selectAll().where('merchant_id', '=', merchantId).where('order_id', '=', orderId).where('released_at', 'is', null).execute(),
  usesReleasedBy: (db: Exec, merchantId: string, returnId: string) => db.selectFrom('coupon_uses').selectAll().where('merchant_id', '=', merchantId).where('released_by_id', '=', returnId).execute(),
  releaseUses: (db: Exec, merchantId: string, ids: readonly string[], returnId: string, at: string) =>
    ids.length ? db.updateTable('coupon_uses').set({ released_at: at, released_by_id: returnId }).where('merchant_id', '=', merchantId).where('id', 'in', [...ids]).where('released_at', 'is', null).execute() : Promise.resolve([]),
  /** The discount each coupon took on the orders it is used on now. */
  async activeDiscounts(db: Exec, merchantId: string, couponIds: readonly string[]) {
    if (!couponIds.length) return new Map<string, number>();
    const rows = await db.selectFrom('coupon_uses').select(['coupon_id', 'discount_fen']).where('merchant_id', '=', merchantId).where('coupon_id', 'in', [...couponIds]).where('released_at', 'is', null).execute();
    return new Map(rows.map((r) => [r.coupon_id, r.discount_fen]));
  },

  // ---- rules ----
  listRules: (db: Exec, merchantId: string) => db.selectFrom('coupon_rules').selectAll().where('merchant_id', '=', merchantId).orderBy('created_at', 'desc').execute(),
  activeRules: (db: Exec, merchantId: string, trigger: 'checkout' | 'birthday') =>
    db.selectFrom('coupon_rules').selectAll().where('merchant_id', '=', merchantId).where('trigger', '=', trigger).where('status', '=', 'active').orderBy('created_at').execute(),
  findRule: (db: Exec, merchantId: string, id: string) => db.selectFrom('coupon_rules').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  insertRule: (db: Exec, row: Insertable<CouponRulesTable>) => db.insertInto('coupon_rules').values(row).execute(),
  updateRule: (db: Exec, merchantId: string, id: string, patch: Updateable<CouponRulesTable>) => db.updateTable('coupon_rules').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  /** Merchants with an active birthday rule, for the daily job. */
  merchantsWithBirthdayRules: async (db: Exec) =>
    (await db.selectFrom('coupon_rules').select('merchant_id').distinct().where('trigger', '=', 'birthday').where('status', '=', 'active').execute()).map((r) => r.merchant_id),
};

/** Which of `values` the merchant's coupons already have in `column` (a unique column), looked up in chunks. */
async function existingValues(db: Exec, merchantId: string, column: 'code' | 'issue_key', values: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < values.length; i += INSERT_CHUNK) {
    const rows = await db.selectFrom('coupons').select((eb) => eb.ref(column).as('value')).where('merchant_id', '=', merchantId).where(column, 'in', values.slice(i, i + INSERT_CHUNK)).execute();
    for (const r of rows) if (r.value !== null) found.add(r.value);
  }
  return found;
}
