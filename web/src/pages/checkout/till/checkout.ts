/**
 * Till shapes as the API returns them (src/modules/orders/orders.schemas.ts, the catalog's
 * product) and the small helpers the till's parts share. Every amount is integer fen; every
 * price shown comes from the server's quote.
 */

export type ManualChange =
  | { kind: 'price'; unitPriceFen: number; reason: string }
  | { kind: 'percent'; rateBp: number; reason: string }
  | { kind: 'amount'; amountFen: number; reason: string };

export type OrderDiscount = { kind: 'percent'; rateBp: number; reason: string } | { kind: 'amount'; amountFen: number; reason: string };

export const ROUNDINGS = ['none', 'drop_fen', 'drop_jiao'] as const;
export type Rounding = (typeof ROUNDINGS)[number];

export const PAY_METHODS = ['cash', 'stored_value', 'points', 'bank_card', 'wechat', 'alipay'] as const;
export type PayMethod = (typeof PAY_METHODS)[number];
/** methods that need the payment's reference number */
export const REF_METHODS: PayMethod[] = ['bank_card', 'wechat', 'alipay'];

export interface CartInputLine {
  productId: string;
  quantity: number;
  manual?: ManualChange;
}

export interface CartInput {
  memberId: string | null;
  lines: CartInputLine[];
  quickAmountFen?: number;
  orderDiscount?: OrderDiscount;
  rounding: Rounding;
  /** 电子券 by code, in the order applied */
  couponCodes?: string[];
}

export interface PaymentInput {
  method: PayMethod;
  amountFen?: number;
  points?: number;
  reference: string;
  receivedFen?: number;
}

export interface Adjustment {
  /** member | manual | order_discount | coupon | rounding */
  kind: string;
  /** special | level_price | level_discount | manual_price | manual_percent | manual_amount | order_percent | order_amount | coupon | drop_fen | drop_jiao */
  rule: string;
  amountFen: number;
  rateBp: number | null;
  /** the cashier's reason, the coupon code, or how the member price was found */
  detail: string;
}

export interface PricedLine {
  productId: string | null;
  name: string;
  kind: string;
  quantity: number;
  listUnitFen: number;
  unitPriceFen: number;
  amountFen: number;
  adjustments: Adjustment[];
}

export interface Balances {
  principalFen: number;
  bonusFen: number;
  points: number;
}

export interface Totals {
  subtotalFen: number;
  memberDiscountFen: number;
  manualDiscountFen: number;
  orderDiscountFen: number;
  couponDiscountFen: number;
  roundingFen: number;
  totalFen: number;
  /** what each coupon took off */
  coupons: AppliedCoupon[];
}

export interface AppliedCoupon {
  code: string;
  name: string;
  amountFen: number;
}

/** One of the member's coupons tried on the cart: what it would take off, or why it does not apply. */
export interface CouponOption {
  code: string;
  name: string;
  validTo: string;
  amountFen: number;
  refusal: { code: string; message: string } | null;
}

export interface Quote extends Totals {
  memberId: string | null;
  memberName: string | null;
  levelName: string | null;
  lines: PricedLine[];
  lowestManualRateBp: number;
  /** the discount is deeper than this cashier may give: paying needs a manager's authorisation */
  needsAuthorization: boolean;
  maxPoints: number;
  pointsPerYuan: number;
  pointsEstimate: number;
  balances: Balances | null;
  couponOptions: CouponOption[];
}

export interface OrderPayment {
  method: PayMethod;
  amountFen: number;
  points: number;
  reference: string;
  receivedFen: number | null;
  changeFen: number;
  principalFen: number;
  bonusFen: number;
}

export interface Order extends Totals {
  id: string;
  docNo: string;
  kind: OrderKind;
  storeId: string;
  businessDay: string;
  memberId: string | null;
  /** the member's name as the API gives it with the order */
  memberName?: string | null;
  lines: PricedLine[];
  payments: OrderPayment[];
  pointsEarned: number;
  /** coupons this sale earned for the next visit */
  couponsIssued: { code: string; name: string; validTo: string }[];
  staffName: string;
  /** the manager who authorised a discount beyond the cashier's limit */
  authorizedByName: string | null;
  createdAt: string;
  balances: Balances | null;
}

/** sale: a cart; quick: an amount only; uses: count-card uses consumed (计次消费); points: bought with points (积分购买) */
export type OrderKind = 'sale' | 'quick' | 'uses' | 'points';

/** A manager's name and password, typed at the till to allow a deeper discount. */
export interface Authorization {
  username: string;
  password: string;
}

/** A parked sale (挂单) as GET /api/parked-orders returns it. */
export interface ParkedOrder {
  id: string;
  storeId: string;
  tillId: string | null;
  memberId: string | null;
  label: string;
  cart: CartInput;
  staffName: string;
  createdAt: string;
}

/** A product as the catalog returns it (only what the till uses). */
export interface Product {
  id: string;
  code: string;
  barcode: string | null;
  name: string;
  kind: string;
  unit: string;
  listPriceFen: number;
  /** 积分价: points that buy one unit; null = not sold for points */
  pointsPrice?: number | null;
  status: 'active' | 'archived';
}

export interface UsesItem {
  /** the service product's id */
  itemId: string;
  label: string;
  balance: number;
  /** the lots the balance is made of, soonest expiry first */
  lots?: { remaining: number; expiresAt: string | null }[];
}

/** GET /api/members/:id/wallet, the parts the member panel shows. */
export interface MemberWallet {
  memberId: string;
  principalFen: number;
  bonusFen: number;
  storedValueFen: number;
  points: number;
  uses: UsesItem[];
}

/** Points → their cash value, as the server works it out (floor(points × 100 / pointsPerYuan)). */
export function pointsValueFen(points: number, pointsPerYuan: number): number {
  if (pointsPerYuan <= 0) return 0;
  return Math.floor((points * 100) / pointsPerYuan);
}

/** The index of the cart line an API error's field points at ('lines.2.manual.rateBp' → 2). */
export function lineIndexOfField(field: string | undefined): number | null {
  const m = field ? /^(?:body\.)?lines\.(\d+)/.exec(field) : null;
  return m ? Number(m[1]) : null;
}

/** The payment method an API error's field points at ('payments.1.reference' → 1). */
export function paymentIndexOfField(field: string | undefined): number | null {
  const m = field ? /^(?:body\.)?payments\.(\d+)/.exec(field) : null;
  return m ? Number(m[1]) : null;
}

