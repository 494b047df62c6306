import { z } from 'zod';
import { MAX_FEN } from '../../kernel/money';
import { pageResult, zFen, zId, zIsoDate, zName, zPaging, zText } from '../../kernel/schemas';

// Request and response schemas of the gift catalog (礼品) and of points redemption (积分兑换).

export const giftKind = z.enum(['goods', 'stored_value', 'uses', 'coupon']);
export type GiftKind = z.infer<typeof giftKind>;
export const giftStatus = z.enum(['active', 'archived']);
const statusFilter = z.enum(['active', 'archived', 'all']);

// ---- categories (礼品分类) -----------------------------------------------------------------------

export const giftCategoryInput = z.object({ name: zName, sort: z.number().int().min(0).max(10_000).default(0) });
export type GiftCategoryInput = z.infer<typeof giftCategoryInput>;
export const giftCategoryPatch = z.object({ name: zName, sort: z.number().int().min(0).max(10_000), status: giftStatus }).partial();
export type GiftCategoryPatch = z.infer<typeof giftCategoryPatch>;
export const giftCategoryDto = z.object({
  id: z.string(),
  name: z.string(),
  sort: z.number().int(),
  status: giftStatus,
  /** gifts (any status) in this category */
  giftCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type GiftCategoryDto = z.infer<typeof giftCategoryDto>;
export const giftCategoryListQuery = z.object({ status: statusFilter.default('all') });

// ---- gifts (礼品) ---------------------------------------------------------------------------------

const zPointsPrice = z.number().int().min(1).max(MAX_FEN);
const zStock = z.number().int().min(0).max(1_000_000_000);
const zValueFen = zFen.min(1);
const zUses = z.number().int().min(1).max(100_000);
const zValidityDays = z.number().int().min(1).max(36_500);
const zCouponQuantity = z.number().int().min(1).max(100);
const zStoreIds = z.array(zId).min(1).max(1_000);
const zLevelIds = z.array(zId).min(1).max(100);

const giftFields = {
  categoryId: zId.nullable(),
  name: zName,
  description: zText(500),
  kind: giftKind,
  /** points for one gift */
  pointsPrice: zPointsPrice,
  /** null = unlimited */
  stock: zStock.nullable(),
  /** kind stored_value: bonus value (赠送金额) credited per gift, in fen */
  valueFen: zValueFen.nullable(),
  /** kind uses: the service item, uses per gift and how many days they stay valid */
  serviceProductId: zId.nullable(),
  uses: zUses.nullable(),
  validityDays: zValidityDays.nullable(),
  /** kind coupon: the coupon template and coupons per gift */
  couponTemplateId: zId.nullable(),
  couponQuantity: zCouponQuantity.nullable(),
  /** null = every store */
  storeIds: zStoreIds.nullable(),
  /** null = every member level */
  levelIds: zLevelIds.nullable(),
};

export const giftInput = z.object({
  ...giftFields,
  categoryId: giftFields.categoryId.default(null),
  description: giftFields.description.default(''),
  stock: giftFields.stock.default(null),
  valueFen: giftFields.valueFen.default(null),
  serviceProductId: giftFields.serviceProductId.default(null),
  uses: giftFields.uses.default(null),
  validityDays: giftFields.validityDays.default(null),
  couponTemplateId: giftFields.couponTemplateId.default(null),
  couponQuantity: giftFields.couponQuantity.default(null),
  storeIds: giftFields.storeIds.default(null),
  levelIds: giftFields.levelIds.default(null),
});
export type GiftInput = z.infer<typeof giftInput>;
/** Every field optional; the kind's rules apply to the result. `stock` sets the count on hand. */
export const giftPatch = z.object({ ...giftFields, status: giftStatus }).partial();
export type GiftPatch = z.infer<typeof giftPatch>;

export const giftDto = z.object({
  id: z.string(),
  categoryId: z.string().nullable(),
  categoryName: z.string().nullable(),
  name: z.string(),
  description: z.string(),
  kind: giftKind,
  pointsPrice: z.number().int(),
  stock: z.number().int().nullable(),
  valueFen: z.number().int().nullable(),
  serviceProductId: z.string().nullable(),
  uses: z.number().int().nullable(),
  validityDays: z.number().int().nullable(),
  couponTemplateId: z.string().nullable(),
  couponQuantity: z.number().int().nullable(),
  storeIds: z.array(z.string()).nullable(),
  levelIds: z.array(z.string()).nullable(),
  status: giftStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type GiftDto = z.infer<typeof giftDto>;

export const giftSort = z.enum(['pointsPrice', 'name', 'createdAt']);
export const giftListQuery = z.object({
  ...zPaging,
  categoryId: zId.optional(),
  status: statusFilter.default('active'),
  /** part of the name */
  q: z.string().trim().min(1).max(64).optional(),
  /** gifts offered at this store */
  storeId: zId.optional(),
  /** a member id: only active gifts this member may redeem at the caller's current store, with stock left */
  availableFor: zId.optional(),
  sort: giftSort.default('pointsPrice'),
});
export type GiftListQuery = z.infer<typeof giftListQuery>;
export const giftPage = pageResult(giftDto);

// ---- redemptions (兑换) ---------------------------------------------------------------------------

export const redemptionStatus = z.enum(['completed', 'voided']);
export const redeemInput = z.object({ memberId: zId, giftId: zId, quantity: z.number().int().min(1).max(999).default(1) });
export type RedeemInput = z.infer<typeof redeemInput>;
export const redemptionVoidInput = z.object({ reason: z.string().trim().min(1).max(200) });

export const redemptionDto = z.object({
  id: z.string(),
  docNo: z.string(),
  storeId: z.string(),
  businessDay: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  giftId: z.string(),
  giftName: z.string(),
  kind: giftKind,
  quantity: z.number().int(),
  points: z.number().int(),
  /** stored_value: bonus value credited in all (fen) */
  valueFen: z.number().int(),
  /** uses: uses credited in all */
  uses: z.number().int(),
  /** coupon: coupons issued */
  coupons: z.number().int(),
  status: redemptionStatus,
  voidReason: z.string(),
  voidedAt: z.string().nullable(),
  voidedByName: z.string().nullable(),
  staffName: z.string(),
  createdAt: z.string(),
});
export type RedemptionDto = z.infer<typeof redemptionDto>;
const couponIssued = z.object({ code: z.string(), name: z.string(), validTo: z.string() });
const balances = z.object({ principalFen: z.number().int(), bonusFen: z.number().int(), points: z.number().int() });
/** One redemption with the coupons it issued and (after a redeem or void) the member's balances. */
export const redemptionDetailDto = redemptionDto.extend({ couponsIssued: z.array(couponIssued), balances: balances.nullable() });
export type RedemptionDetailDto = z.infer<typeof redemptionDetailDto>;

export const redemptionListQuery = z.object({
  ...zPaging,
  order: zPaging.order.default('desc'),
  memberId: zId.optional(),
  storeId: zId.optional(),
  giftId: zId.optional(),
  status: redemptionStatus.optional(),
  /** business days, inclusive */
  from: zIsoDate.optional(),
  to: zIsoDate.optional(),
  /** a document number */
  docNo: z.string().trim().min(1).max(32).optional(),
});
export type RedemptionListQuery = z.infer<typeof redemptionListQuery>;
export const redemptionPage = pageResult(redemptionDto);
