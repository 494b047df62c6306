import { z } from 'zod';
import { MAX_FEN } from '../../kernel/money';
import { zDiscountBp, zFen, zId, zText } from '../../kernel/schemas';

const zReason = z.string().trim().min(1).max(100);
/** sale: a cart; quick: an amount only; uses: count-card uses consumed (计次消费); points: bought with points (积分购买) */
export const orderKind = z.enum(['sale', 'quick', 'uses', 'points']);
const zPositiveFen = zFen.min(1);

export const manualChange = z.discriminatedUnion('kind', [
  /** 改价: the unit price the customer pays */
  z.object({ kind: z.literal('price'), unitPriceFen: zFen, reason: zReason }),
  /** 手工折扣 on a line, e.g. 7折 = 7000 */
  z.object({ kind: z.literal('percent'), rateBp: zDiscountBp, reason: zReason }),
  z.object({ kind: z.literal('amount'), amountFen: zPositiveFen, reason: zReason }),
]);
export const orderDiscount = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), rateBp: zDiscountBp, reason: zReason }),
  z.object({ kind: z.literal('amount'), amountFen: zPositiveFen, reason: zReason }),
]);

export const cartInput = z.object({
  /** null for a walk-in customer */
  memberId: zId.nullable(),
  lines: z.array(z.object({ productId: zId, quantity: z.number().int().min(1).max(9_999), manual: manualChange.optional() })).max(200),
  /** 计时: running sessions checked out and billed by this sale (RULES R7) */
  timedSessionIds: z.array(zId).max(20).default([]),
  /** 快速收银: an amount without products (lines must then be empty) */
  quickAmountFen: zPositiveFen.optional(),
  orderDiscount: orderDiscount.optional(),
  /** 抹零 (RULES R1) */
  rounding: z.enum(['none', 'drop_fen', 'drop_jiao']).default('none'),
  /** 电子券 by code, applied in this order (RULES R8); one unless every one is stackable */
  couponCodes: z.array(z.string().trim().min(1).max(32)).max(5).default([]),
});
export type CartInput = z.infer<typeof cartInput>;

export const paymentInput = z.object({
  method: z.enum(['cash', 'bank_card', 'wechat', 'alipay', 'stored_value', 'points']),
  /** fen paid by this method; for points, leave out and give `points` */
  amountFen: zPositiveFen.optional(),
  points: z.number().int().min(1).max(MAX_FEN).optional(),
  reference: zText(64).default(''),
  /** cash handed over, for the change */
  receivedFen: zFen.optional(),
});
export const checkoutInput = cartInput.extend({
  /** empty only when nothing is due (e.g. a time-billed session within its free grace) */
  payments: z.array(paymentInput).max(6),
  /** a manager authorising a discount beyond the cashier's limit, on the spot */
  authorization: z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(128) }).optional(),
});
export type CheckoutInput = z.infer<typeof checkoutInput>;

const adjustment = z.object({ kind: z.string(), rule: z.string(), amountFen: z.number().int(), rateBp: z.number().int().nullable(), detail: z.string() });
const pricedLine = z.object({
  productId: zId.nullable(),
  name: z.string(),
  kind: z.string(),
  quantity: z.number().int(),
  listUnitFen: z.number().int(),
  unitPriceFen: z.number().int(),
  amountFen: z.number().int(),
  /** every step of the price with the rule that produced it */
  adjustments: z.array(adjustment),
});
const totals = {
  subtotalFen: z.number().int(),
  memberDiscountFen: z.number().int(),
  manualDiscountFen: z.number().int(),
  orderDiscountFen: z.number().int(),
  couponDiscountFen: z.number().int(),
  roundingFen: z.number().int(),
  totalFen: z.number().int(),
  /** what each coupon took off */
  coupons: z.array(z.object({ code: z.string(), name: z.string(), amountFen: z.number().int() })),
};
const balances = z.object({ principalFen: z.number().int(), bonusFen: z.number().int(), points: z.number().int() });
export const quoteDto = z.object({
  memberId: zId.nullable(),
  memberName: z.string().nullable(),
  levelName: z.string().nullable(),
  lines: z.array(pricedLine),
  ...totals,
  /** the deepest manual discount as a rate (10000 = none) */
  lowestManualRateBp: z.number().int(),
  /** the discount is deeper than this cashier may give: paying needs a manager's authorisation */
  needsAuthorization: z.boolean(),
  /** the most points this order can take as cash (RULES R4) and what a point is worth */
  maxPoints: z.number().int(),
  pointsPerYuan: z.number().int(),
  /** points the member earns if nothing is paid with points or bonus */
  pointsEstimate: z.number().int(),
  balances: balances.nullable(),
  /** the member's usable coupons tried on this cart, best first: what each would take off, or why it does not apply */
  couponOptions: z.array(z.object({ code: z.string(), name: z.string(), validTo: z.string(), amountFen: z.number().int(), refusal: z.object({ code: z.string(), message: z.string() }).nullable() })),
});
export const orderDto = z.object({
  id: zId,
  docNo: z.string(),
  kind: orderKind,
  storeId: zId,
  businessDay: z.string(),
  memberId: zId.nullable(),
  memberName: z.string().nullable(),
  lines: z.array(pricedLine),
  ...totals,
  payments: z.array(
    z.object({ method: paymentInput.shape.method, amountFen: z.number().int(), points: z.number().int(), reference: z.string(), receivedFen: z.number().int().nullable(), changeFen: z.number().int(), principalFen: z.number().int(), bonusFen: z.number().int() }),
  ),
  pointsEarned: z.number().int(),
  /** coupons this sale earned for the next visit (自动发券) */
  couponsIssued: z.array(z.object({ code: z.string(), name: z.string(), validTo: z.string() })),
  staffName: z.string(),
  authorizedByName: z.string().nullable(),
  createdAt: z.string(),
  /** the member's balances after the sale, for the receipt */
  balances: balances.nullable(),
});
export type OrderDto = z.infer<typeof orderDto>;

// ---- documents, returns and voids (RULES R9) ----
export const returnInput = z.object({
  lines: z
    .array(z.object({ seq: z.number().int().min(1).max(200), quantity: z.number().int().min(1).max(9_999) }))
    .min(1)
    .max(200)
    // each line once: its quantity says how many come back
    .refine((lines) => new Set(lines.map((l) => l.seq)).size === lines.length, 'a line is named twice'),
  reason: zReason,
});
export type ReturnInput = z.infer<typeof returnInput>;
export const voidInput = z.object({ reason: zReason });
export const returnPreviewInput = returnInput.pick({ lines: true });
export const returnPlanDto = z.object({
  lines: z.array(z.object({ seq: z.number().int(), quantity: z.number().int(), amountFen: z.number().int() })),
  goodsFen: z.number().int(),
  payments: z.array(z.object({ seq: z.number().int(), method: z.string(), amountFen: z.number().int(), points: z.number().int(), principalFen: z.number().int(), bonusFen: z.number().int() })),
  pointsReturned: z.number().int(),
  pointsClawback: z.number().int(),
  shortfallPoints: z.number().int(),
  shortfallFen: z.number().int(),
  refundFen: z.number().int(),
  /** on a return of the whole order: coupons that come back, and expired ones that stay used (RULES R8) */
  couponsRestored: z.array(z.string()),
  couponsKeptUsed: z.array(z.string()),
});
export const returnDto = returnPlanDto.extend({
  id: zId,
  docNo: z.string(),
  kind: z.enum(['return', 'void', 'restore']),
  orderId: zId,
  reason: z.string(),
  createdAt: z.string(),
  staffName: z.string(),
  balances: balances.nullable(),
});
export type ReturnDto = z.infer<typeof returnDto>;
export const orderDetailDto = orderDto.extend({
  lines: z.array(pricedLine.extend({ seq: z.number().int(), returnedQuantity: z.number().int() })),
  returns: z.array(returnDto.omit({ balances: true, couponsRestored: true, couponsKeptUsed: true })),
});
export const orderListQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
  order: z.enum(['asc', 'desc']).default('desc'),
  storeId: zId.optional(),
  memberId: zId.optional(),
  kind: orderKind.optional(),
  /** a document number */
  q: z.string().trim().min(1).max(32).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});
export const orderListItem = z.object({
  id: zId,
  docNo: z.string(),
  kind: orderKind,
  storeId: zId,
  businessDay: z.string(),
  memberId: zId.nullable(),
  memberName: z.string().nullable(),
  totalFen: z.number().int(),
  pointsEarned: z.number().int(),
  staffName: z.string(),
  createdAt: z.string(),
});

// ---- 挂单 ----
export const parkInput = z.object({ label: zText(40).default(''), cart: cartInput });
export const parkedDto = z.object({ id: zId, storeId: zId, tillId: zId.nullable(), memberId: zId.nullable(), label: z.string(), cart: cartInput, staffName: z.string(), createdAt: z.string() });

// ---- 计次消费 ----
export const useUsesInput = z.object({
  memberId: zId,
  items: z.array(z.object({ serviceProductId: zId, uses: z.number().int().min(1).max(1_000) })).min(1).max(50),
});
export type UseUsesInput = z.infer<typeof useUsesInput>;

// ---- 计时 ----
export const checkInInput = z.object({ productId: zId, memberId: zId.nullable().default(null), label: zText(40).default('') });
export const timedSessionDto = z.object({
  id: zId,
  productId: zId,
  productName: z.string(),
  memberId: zId.nullable(),
  label: z.string(),
  status: z.enum(['open', 'closed', 'cancelled']),
  checkedInAt: z.string(),
  /** so far: minutes, billed minutes and the charge before member price (RULES R7) */
  minutes: z.number().int(),
  billedMinutes: z.number().int(),
  chargeFen: z.number().int(),
});

// ---- 积分购买 ----
export const pointsSaleInput = z.object({ memberId: zId, lines: z.array(z.object({ productId: zId, quantity: z.number().int().min(1).max(9_999) })).min(1).max(50) });
export type PointsSaleInput = z.infer<typeof pointsSaleInput>;
