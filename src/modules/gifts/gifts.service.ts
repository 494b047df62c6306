import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { AppError } from '../../kernel/errors';
import { newId } from '../../kernel/ids';
import { storeScope } from '../../platform/access';
import type { AccessContext } from '../../platform/context';
import type { WriteScope } from '../../platform/write';
import { GiftsErrors } from './gifts.errors';
import type { GiftsDirectory } from './gifts.ports';
import { giftsRepository as repo, type GiftCategoryRow, type GiftRow, type RedemptionRow } from './gifts.repository';
import type {
  GiftCategoryDto,
  GiftCategoryInput,
  GiftCategoryPatch,
  GiftDto,
  GiftInput,
  GiftKind,
  GiftListQuery,
  GiftPatch,
  RedemptionDto,
  RedemptionListQuery,
} from './gifts.schemas';

type Exec = Kysely<Database>;

/** The fields of a gift that depend on its kind: each kind needs some and forbids the rest. */
const KIND_FIELDS = ['valueFen', 'serviceProductId', 'uses', 'validityDays', 'couponTemplateId', 'couponQuantity'] as const;
const NEEDS: Record<GiftKind, readonly (typeof KIND_FIELDS)[number][]> = {
  goods: [],
  stored_value: ['valueFen'],
  uses: ['serviceProductId', 'uses', 'validityDays'],
  coupon: ['couponTemplateId', 'couponQuantity'],
};

type GiftState = GiftInput;

/**
 * 礼品: the catalog of gifts members redeem points for — categories, points price, stock, the
 * stores and levels a gift is offered to — and the redemption records. Redeeming and voiding
 * move points and value, so they live in flows/gift-redemption.ts.
 */
export class GiftsService {
  constructor(
    private readonly db: Exec,
    private readonly directory: GiftsDirectory,
  ) {}

  // ---- categories -------------------------------------------------------------------------------

  async listCategories(merchantId: string, status: 'active' | 'archived' | 'all') {
    const [rows, counts] = await Promise.all([repo.listCategories(this.db, merchantId, status), repo.giftCountByCategory(this.db, merchantId)]);
    return rows.map((r) => toCategoryDto(r, counts.get(r.id) ?? 0));
  }

  private async category(exec: Exec, merchantId: string, id: string, field = 'id') {
    const row = await repo.findCategory(exec, merchantId, id);
    if (!row) throw new AppError(GiftsErrors.GIFT_CATEGORY_NOT_FOUND, { field });
    return row;
  }

  async createCategory(w: WriteScope, input: GiftCategoryInput) {
    const at = w.now.toISOString();
    const row: GiftCategoryRow = { merchant_id: w.actor.merchantId, id: newId(), name: input.name, sort: input.sort, status: 'active', created_at: at, updated_at: at };
    await repo.insertCategory(w.tx, row);
    const dto = toCategoryDto(row, 0);
    await w.audit({ action: 'gift_category.create', entityType: 'gift_category', entityId: row.id, after: dto });
    return dto;
  }

  async updateCategory(w: WriteScope, id: string, patch: GiftCategoryPatch) {
    const m = w.actor.merchantId;
    const before = await this.category(w.tx, m, id);
    const changes: Partial<GiftCategoryRow> = { updated_at: w.now.toISOString() };
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.sort !== undefined) changes.sort = patch.sort;
    if (patch.status !== undefined) changes.status = patch.status;
    await repo.updateCategory(w.tx, m, id, changes);
    const count = (await repo.giftCountByCategory(w.tx, m)).get(id) ?? 0;
    const after = toCategoryDto({ ...before, ...changes }, count);
    await w.audit({ action: 'gift_category.update', entityType: 'gift_category', entityId: id, before: toCategoryDto(before, count), after });
    return after;
  }

  // ---- gifts ------------------------------------------------------------------------------------

  /**
   * Gifts of the catalog. `availableAt` keeps only active gifts offered at that store to that
   * level (a member without a level gets the gifts open to every level) with stock left.
   */
  async listGifts(merchantId: string, query: GiftListQuery, availableAt?: { storeId: string; levelId: string | null }) {
    const [{ rows, total }, categories] = await Promise.all([repo.listGifts(this.db, merchantId, { ...query, availableAt }), repo.listCategories(this.db, merchantId, 'all')]);
    const names = new Map(categories.map((c) => [c.id, c.name]));
    return { items: rows.map((r) => toGiftDto(r, r.category_id ? (names.get(r.category_id) ?? null) : null)), total, page: query.page, pageSize: query.pageSize };
  }

  /** The gift row, for the redemption flow. */
  async gift(exec: Exec, merchantId: string, id: string, field = 'id') {
    const row = await repo.findGift(exec, merchantId, id);
    if (!row) throw new AppError(GiftsErrors.GIFT_NOT_FOUND, { field });
    return row;
  }

  async getGift(merchantId: string, id: string) {
    return this.dto(this.db, await this.gift(this.db, merchantId, id));
  }

  private async dto(exec: Exec, row: GiftRow) {
    const category = row.category_id ? await repo.findCategory(exec, row.merchant_id, row.category_id) : undefined;
    return toGiftDto(row, category?.name ?? null);
  }

  /** The kind's fields, the category, the stores and levels, the service item and the coupon template. */
  private async check(exec: Exec, merchantId: string, s: GiftState, previous: GiftRow | null) {
    for (const f of KIND_FIELDS) {
      const needed = NEEDS[s.kind].includes(f);
      if (needed && s[f] === null) throw new AppError(GiftsErrors.GIFT_FIELD_REQUIRED, { field: f });
      if (!needed && s[f] !== null) throw new AppError(GiftsErrors.GIFT_FIELD_FORBIDDEN, { field: f });
    }
    if (s.categoryId && s.categoryId !== previous?.category_id) {
      const c = await this.category(exec, merchantId, s.categoryId, 'categoryId');
      if (c.status !== 'active') throw new AppError(GiftsErrors.GIFT_CATEGORY_ARCHIVED, { field: 'categoryId' });
    }
    const missing = async (field: 'storeIds' | 'levelIds', ids: string[] | null, exist: (e: Exec, m: string, ids: string[]) => Promise<string[]>, code: string) => {
      if (!ids?.length) return;
      const found = new Set(await exist(exec, merchantId, [...new Set(ids)]));
      const i = ids.findIndex((id) => !found.has(id));
      if (i >= 0) throw new AppError(code, { field: `${field}.${i}` });
    };
    await missing('storeIds', s.storeIds, this.directory.existingStoreIds, GiftsErrors.GIFT_STORE_NOT_FOUND);
    await missing('levelIds', s.levelIds, this.directory.existingLevelIds, GiftsErrors.GIFT_LEVEL_NOT_FOUND);
    if (s.serviceProductId && s.serviceProductId !== previous?.service_product_id) {
      const p = await this.directory.product(exec, merchantId, s.serviceProductId);
      if (!p || p.kind !== 'service' || p.status !== 'active') throw new AppError(GiftsErrors.GIFT_SERVICE_INVALID, { field: 'serviceProductId' });
    }
    if (s.couponTemplateId && s.couponTemplateId !== previous?.coupon_template_id) {
      const t = await this.directory.couponTemplate(exec, merchantId, s.couponTemplateId);
      if (!t) throw new AppError(GiftsErrors.GIFT_COUPON_TEMPLATE_NOT_FOUND, { field: 'couponTemplateId' });
      if (t.status !== 'active') throw new AppError(GiftsErrors.GIFT_COUPON_TEMPLATE_ARCHIVED, { field: 'couponTemplateId' });
    }
  }

  async createGift(w: WriteScope, input: GiftInput) {
    const m = w.actor.merchantId;
    await this.check(w.tx, m, input, null);
    const at = w.now.toISOString();
    const row: GiftRow = { merchant_id: m, id: newId(), ...toColumns(input), status: 'active', created_at: at, updated_at: at };
    await repo.insertGift(w.tx, row);
    const dto = await this.dto(w.tx, row);
    await w.audit({ action: 'gift.create', entityType: 'gift', entityId: row.id, after: dto });
    return dto;
  }

  async updateGift(w: WriteScope, id: string, patch: GiftPatch) {
    const m = w.actor.merchantId;
    const before = await this.gift(w.tx, m, id);
    const { status, ...fields } = patch;
    const merged: GiftState = { ...toState(before), ...fields };
    await this.check(w.tx, m, merged, before);
    await repo.updateGift(w.tx, m, id, { ...toColumns(merged), ...(status ? { status } : {}), updated_at: w.now.toISOString() });
    const after = await this.dto(w.tx, (await repo.findGift(w.tx, m, id))!);
    await w.audit({ action: 'gift.update', entityType: 'gift', entityId: id, before: await this.dto(w.tx, before), after });
    return after;
  }

  /** Refuses a gift that is archived, not offered at this store or not to this level. */
  assertRedeemable(gift: GiftRow, storeId: string, levelId: string | null) {
    const details = { name: gift.name };
    if (gift.status !== 'active') throw new AppError(GiftsErrors.GIFT_ARCHIVED, { field: 'giftId', details });
    if (!admits(gift.store_ids, storeId)) throw new AppError(GiftsErrors.GIFT_NOT_AT_STORE, { field: 'giftId', details });
    if (gift.level_ids !== null && (levelId === null || !admits(gift.level_ids, levelId))) throw new AppError(GiftsErrors.GIFT_LEVEL_NOT_ALLOWED, { field: 'giftId', details });
  }

  /** Takes stock for a redemption; an unlimited gift always has enough. */
  /** Takes `quantity` from the gift's stock; returns how many were taken (none for a gift without a stock count). */
  async takeStock(w: WriteScope, gift: GiftRow, quantity: number): Promise<number> {
    if (gift.stock === null) return 0;
    if (!(await repo.takeStock(w.tx, w.actor.merchantId, gift.id, quantity))) {
      const fresh = await repo.findGift(w.tx, w.actor.merchantId, gift.id);
      throw new AppError(GiftsErrors.GIFT_OUT_OF_STOCK, { field: 'quantity', details: { name: gift.name, stock: fresh?.stock ?? 0, quantity } });
    }
    return quantity;
  }

  async returnStock(w: WriteScope, giftId: string, quantity: number) {
    await repo.returnStock(w.tx, w.actor.merchantId, giftId, quantity);
  }

  // ---- redemptions ------------------------------------------------------------------------------

  insertRedemption(w: WriteScope, row: RedemptionRow) {
    return repo.insertRedemption(w.tx, row);
  }

  /** A redemption of a store the caller may see; any other is "not found". */
  async redemption(exec: Exec, ctx: AccessContext, id: string) {
    const row = await repo.findRedemption(exec, ctx.merchantId, id);
    if (!row || (ctx.allowedStoreIds && !ctx.allowedStoreIds.has(row.store_id))) throw new AppError(GiftsErrors.GIFT_REDEMPTION_NOT_FOUND, { field: 'id' });
    return row;
  }

  /** completed → voided once; the second of two voids is refused. */
  async markVoided(w: WriteScope, id: string, reason: string) {
    const patch = { void_reason: reason, voided_at: w.now.toISOString(), voided_by_name: w.actor.staffName };
    if (!(await repo.markVoided(w.tx, w.actor.merchantId, id, patch))) throw new AppError(GiftsErrors.GIFT_REDEMPTION_ALREADY_VOIDED, { field: 'id' });
    return patch;
  }

  async listRedemptions(ctx: AccessContext, query: RedemptionListQuery) {
    const { rows, total } = await repo.listRedemptions(this.db, ctx.merchantId, { ...query, storeIds: storeScope(ctx) });
    return { items: rows.map(toRedemptionDto), total, page: query.page, pageSize: query.pageSize };
  }
}

/** `json` (a JSON array of ids, or null for "all") admits `id`. */
function admits(json: string | null, id: string) {
  return json === null || (JSON.parse(json) as string[]).includes(id);
}

const ids = (json: string | null) => (json === null ? null : (JSON.parse(json) as string[]));
const jsonIds = (list: string[] | null) => (list === null ? null : JSON.stringify([...new Set(list)]));

function toColumns(s: GiftState): Omit<GiftRow, 'merchant_id' | 'id' | 'status' | 'created_at' | 'updated_at'> {
  return {
    category_id: s.categoryId,
    name: s.name,
    description: s.description,
    kind: s.kind,
    points_price: s.pointsPrice,
    stock: s.stock,
    value_fen: s.valueFen,
    service_product_id: s.serviceProductId,
    uses: s.uses,
    validity_days: s.validityDays,
    coupon_template_id: s.couponTemplateId,
    coupon_quantity: s.couponQuantity,
    store_ids: jsonIds(s.storeIds),
    level_ids: jsonIds(s.levelIds),
  };
}

function toState(r: GiftRow): GiftState {
  return {
    categoryId: r.category_id,
    name: r.name,
    description: r.description,
    kind: r.kind,
    pointsPrice: r.points_price,
    stock: r.stock,
    valueFen: r.value_fen,
    serviceProductId: r.service_product_id,
    uses: r.uses,
    validityDays: r.validity_days,
    couponTemplateId: r.coupon_template_id,
    couponQuantity: r.coupon_quantity,
    storeIds: ids(r.store_ids),
    levelIds: ids(r.level_ids),
  };
}

function toGiftDto(r: GiftRow, categoryName: string | null): GiftDto {
  return { id: r.id, ...toState(r), categoryName, status: r.status, createdAt: r.created_at, updatedAt: r.updated_at };
}

function toCategoryDto(r: GiftCategoryRow, giftCount: number): GiftCategoryDto {
  return { id: r.id, name: r.name, sort: r.sort, status: r.status, giftCount, createdAt: r.created_at, updatedAt: r.updated_at };
}

export function toRedemptionDto(r: RedemptionRow): RedemptionDto {
  return {
    id: r.id,
    docNo: r.doc_no,
    storeId: r.store_id,
    businessDay: r.business_day,
    memberId: r.member_id,
    memberName: r.member_name,
    giftId: r.gift_id,
    giftName: r.gift_name,
    kind: r.kind,
    quantity: r.quantity,
    points: r.points,
    valueFen: r.value_fen,
    uses: r.uses,
    coupons: r.coupons,
    status: r.status,
    voidReason: r.void_reason,
    voidedAt: r.voided_at,
    voidedByName: r.voided_by_name,
    staffName: r.staff_name,
    createdAt: r.created_at,
  };
}
