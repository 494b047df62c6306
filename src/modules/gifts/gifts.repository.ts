import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/schema';
import { containsText, pageOffset } from '../../db/sql-helpers';
import type { GiftListQuery, RedemptionListQuery } from './gifts.schemas';
import type { GiftCategoriesTable, GiftRedemptionsTable, GiftsTable } from './gifts.tables';

type Exec = Kysely<Database>;
export type GiftCategoryRow = Selectable<GiftCategoriesTable>;
export type GiftRow = Selectable<GiftsTable>;
export type RedemptionRow = Selectable<GiftRedemptionsTable>;

const GIFT_SORT = { pointsPrice: 'gifts.points_price', name: 'gifts.name', createdAt: 'gifts.created_at' } as const;

/**
 * `column` (a JSON array of ids, or null for "all") admits `id`. Ids are ULIDs — letters and
 * digits only — so the quoted id cannot hold a LIKE wildcard.
 */
const admits = (column: 'gifts.store_ids' | 'gifts.level_ids', id: string) =>
  sql<boolean>`(${sql.ref(column)} is null or ${sql.ref(column)} like ${`%"${id}"%`})`;

/** The only place with SQL for gift categories, gifts and redemptions. */
export const giftsRepository = {
  // ---- categories ----
  listCategories: (db: Exec, merchantId: string, status: 'active' | 'archived' | 'all') =>
    db
      .selectFrom('gift_categories')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .$if(status !== 'all', (q) => q.where('status', '=', status as 'active'))
      .orderBy('sort')
      .orderBy('name')
      .orderBy('id')
      .execute(),
  findCategory: (db: Exec, merchantId: string, id: string) =>
    db.selectFrom('gift_categories').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  insertCategory: (db: Exec, row: GiftCategoryRow) => db.insertInto('gift_categories').values(row).execute(),
  updateCategory: (db: Exec, merchantId: string, id: string, patch: Partial<GiftCategoryRow>) =>
    db.updateTable('gift_categories').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  giftCountByCategory: async (db: Exec, merchantId: string) =>
    new Map(
      (
        await db
          .selectFrom('gifts')
          .select(['category_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('merchant_id', '=', merchantId)
          .groupBy('category_id')
          .execute()
      ).map((r) => [r.category_id, Number(r.n)]),
    ),

  // ---- gifts ----
  findGift: (db: Exec, merchantId: string, id: string) => db.selectFrom('gifts').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  insertGift: (db: Exec, row: GiftRow) => db.insertInto('gifts').values(row).execute(),
  updateGift: (db: Exec, merchantId: string, id: string, patch: Partial<GiftRow>) =>
    db.updateTable('gifts').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),

  async listGifts(db: Exec, merchantId: string, query: GiftListQuery & { availableAt?: { storeId: string; levelId: string | null } }) {
    let base = db.selectFrom('gifts').where('gifts.merchant_id', '=', merchantId);
    if (query.status !== 'all') base = base.where('gifts.status', '=', query.status);
    if (query.categoryId) base = base.where('gifts.category_id', '=', query.categoryId);
    if (query.q) base = base.where(containsText(sql.ref('gifts.name'), query.q));
    if (query.storeId) base = base.where(admits('gifts.store_ids', query.storeId));
    const at = query.availableAt;
    if (at) {
      base = base
        .where('gifts.status', '=', 'active')
        .where(admits('gifts.store_ids', at.storeId))
        .where((eb) => eb.or([eb('gifts.stock', 'is', null), eb('gifts.stock', '>=', 1)]));
      base = at.levelId === null ? base.where('gifts.level_ids', 'is', null) : base.where(admits('gifts.level_ids', at.levelId));
    }
    const [rows, count] = await Promise.all([
      base
        .selectAll('gifts')
        .orderBy(sql.ref(GIFT_SORT[query.sort]), query.order)
        .orderBy('gifts.id', query.order)
        .limit(query.pageSize)
        .offset(pageOffset(query))
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  },

  /** Takes `quantity` off a limited stock only while that much is left: two tills cannot both take the last one. */
  async takeStock(db: Exec, merchantId: string, id: string, quantity: number): Promise<boolean> {
    const r = await db
      .updateTable('gifts')
      .set((eb) => ({ stock: eb('stock', '-', quantity) }))
      .where('merchant_id', '=', merchantId)
      .where('id', '=', id)
      .where('stock', 'is not', null)
      .where('stock', '>=', quantity)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  /** Puts stock back (a void); an unlimited gift has nothing to put back. */
  returnStock: (db: Exec, merchantId: string, id: string, quantity: number) =>
    db
      .updateTable('gifts')
      .set((eb) => ({ stock: eb('stock', '+', quantity) }))
      .where('merchant_id', '=', merchantId)
      .where('id', '=', id)
      .where('stock', 'is not', null)
      .execute(),

  // ---- redemptions ----
  insertRedemption: (db: Exec, row: RedemptionRow) => db.insertInto('gift_redemptions').values(row).execute(),
  findRedemption: (db: Exec, merchantId: string, id: string) =>
    db.selectFrom('gift_redemptions').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  /** completed → voided exactly once: the second of two voids finds nothing to change. */
  async markVoided(db: Exec, merchantId: string, id: string, patch: { void_reason: string; voided_at: string; voided_by_name: string }): Promise<boolean> {
    const r = await db
      .updateTable('gift_redemptions')
      .set({ ...patch, status: 'voided' })
      .where('merchant_id', '=', merchantId)
      .where('id', '=', id)
      .where('status', '=', 'completed')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  async listRedemptions(db: Exec, merchantId: string, query: RedemptionListQuery & { storeIds: string[] | null }) {
    let q = db.selectFrom('gift_redemptions').where('merchant_id', '=', merchantId);
    if (query.storeIds) q = q.where('store_id', 'in', query.storeIds.length ? query.storeIds : ['-']);
    if (query.storeId) q = q.where('store_id', '=', query.storeId);
    if (query.memberId) q = q.where('member_id', '=', query.memberId);
    if (query.giftId) q = q.where('gift_id', '=', query.giftId);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.from) q = q.where('business_day', '>=', query.from);
    if (query.to) q = q.where('business_day', '<=', query.to);
    if (query.docNo) q = q.where('doc_no', '=', query.docNo);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('created_at', query.order).orderBy('id', query.order).limit(query.pageSize).offset(pageOffset(query)).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  },
};
