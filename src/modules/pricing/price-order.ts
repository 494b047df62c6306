/**
 * Pure order pricing (RULES R1, R2, R4, R8): member price → manual line change → order discount →
 * coupons → 抹零, each step recorded on the line as an adjustment naming the rule that produced
 * it, so the till can explain every price line by line. Totals always equal Σ lines exactly.
 */
import { allocate, BP_ONE, MAX_FEN } from '../../kernel/money';
import { assertInt, memberUnitPrice, mulDivHalfUp, orderRounding, unitAfterRate, type MemberPriceRule, type RoundingMode } from './pricing-rules';

/** A change the cashier makes to one line by hand, with the reason printed on the till. */
export type ManualLineChange =
  | { kind: 'price'; unitPriceFen: number; reason: string }
  | { kind: 'percent'; rateBp: number; reason: string }
  | { kind: 'amount'; amountFen: number; reason: string };

/** A discount the cashier gives on the whole order (整单折扣 / 整单减). */
export type OrderDiscount = { kind: 'percent'; rateBp: number; reason: string } | { kind: 'amount'; amountFen: number; reason: string };

export interface PriceOrderLine {
  /** unique within the order; coupons point at lines by key */
  key: string;
  productId: string;
  name: string;
  quantity: number;
  listPriceFen: number;
  memberDiscountAllowed: boolean;
  levelPriceFen: number | null;
  specialPriceFen: number | null;
  points: { excluded: boolean; rateBp: number | null };
  manual?: ManualLineChange;
}

export interface PriceOrderInput {
  lines: readonly PriceOrderLine[];
  member: { levelDiscountBp: number } | null;
  storeDiscountBp: number | null;
  storeRatioApplies: boolean;
  orderDiscount?: OrderDiscount;
  /** R8: coupons the coupons module found valid here (validity, store, level, scope); the engine checks the minimum spend and works out the amount */
  coupons?: readonly CouponInput[];
  rounding: RoundingMode;
}

/** A coupon on its in-scope lines: cash/threshold coupons take `amountFen`, discount coupons `rateBp` (8000 = 8折) up to `maxOffFen`. */
export interface CouponInput {
  code: string;
  lineKeys: readonly string[];
  amountFen?: number;
  rateBp?: number;
  maxOffFen?: number | null;
  /** the in-scope lines after member pricing must reach this (R8) */
  minSpendFen?: number;
}

/** A coupon whose in-scope lines, after member pricing, fall under its minimum spend (R8): the flow tells the cashier. */
export class CouponMinSpendNotMet extends Error {
  constructor(
    readonly index: number,
    readonly minSpendFen: number,
    readonly scopeFen: number,
  ) {
    super(`coupons[${index}]: in-scope lines ${scopeFen} are under the minimum spend ${minSpendFen}`);
  }
}

export type AdjustmentKind = 'member' | 'manual' | 'order_discount' | 'coupon' | 'rounding';
export type AdjustmentRule =
  | Exclude<MemberPriceRule, 'list'>
  | 'manual_price' | 'manual_percent' | 'manual_amount'
  | 'order_percent' | 'order_amount'
  | 'coupon'
  | 'drop_fen' | 'drop_jiao';

/** One step of a line's price: amountFen < 0 is a discount; detail is the cashier's reason, the coupon code or how the member price was found. */
export interface Adjustment {
  kind: AdjustmentKind;
  rule: AdjustmentRule;
  amountFen: number;
  /** the rate applied, for level_discount, manual_percent and order_percent; otherwise null */
  rateBp: number | null;
  detail: string;
}

export interface PricedLine {
  key: string;
  quantity: number;
  listUnitFen: number;
  /** after the member price (R2) and a manual price / percent change */
  unitPriceFen: number;
  /** final: list × qty + Σ adjustments, after every allocation; never below 0 */
  amountFen: number;
  adjustments: Adjustment[];
  /** R4: what the member pays on this line after discounts and coupons; 0 for excluded products (points paid as cash are taken off later, at payment) */
  pointsEligibleFen: number;
}

export interface PricedOrder {
  lines: PricedLine[];
  /** Σ list × qty */
  subtotalFen: number;
  memberDiscountFen: number;
  manualDiscountFen: number;
  orderDiscountFen: number;
  couponDiscountFen: number;
  roundingFen: number;
  /** = Σ line amounts = subtotal − all the discounts above */
  totalFen: number;
  /** what each coupon actually took (its amount capped at its lines' amounts); record this, not the face value */
  couponsApplied: { code: string; amountFen: number }[];
  /**
   * Deepest discount given by hand (manual line change × order discount) vs the member price, as
   * a rate: 10000 = none, 7000 = 7折. For the role limit check (a cashier limited to 9折 needs ≥ 9000).
   * Rounded up, so an exact 9折 by price or amount passes a 9000 limit.
   */
  lowestManualRateBp: number;
}

interface WorkLine {
  out: PricedLine;
  /** member unit × qty, the base of the manual rate */
  memberAmountFen: number;
  /** rate of the manual line change alone (BP_ONE when none) */
  manualRateBp: number;
  pointsExcluded: boolean;
}

/** ceil(part × 10000 / whole) in bigint: the rate a discount by price or amount amounts to (whole > 0). */
function ceilRateBp(part: number, whole: number): number {
  const n = BigInt(part) * BigInt(BP_ONE);
  const d = BigInt(whole);
  return Number((n + d - 1n) / d);
}

function sumFen(values: readonly number[]): number {
  const s = values.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(s) || s > MAX_FEN) throw new RangeError(`order amount ${s} is above the limit ${MAX_FEN}`);
  return s;
}

function push(line: WorkLine, adj: Adjustment): void {
  line.out.adjustments.push(adj);
  line.out.amountFen += adj.amountFen;
}

/** Steps 1–2 for one line: R2 member price per unit, then the cashier's change. */
function priceLine(line: PriceOrderLine, i: number, input: PriceOrderInput): WorkLine {
  const at = `lines[${i}]`;
  assertInt(`${at}.quantity`, line.quantity, 1);
  const member = memberUnitPrice({
    listPriceFen: line.listPriceFen,
    memberDiscountAllowed: line.memberDiscountAllowed,
    levelDiscountBp: input.member?.levelDiscountBp ?? null,
    storeDiscountBp: input.storeDiscountBp,
    storeRatioApplies: input.storeRatioApplies,
    levelPriceFen: line.levelPriceFen,
    specialPriceFen: line.specialPriceFen,
  });
  // one line may not pass MAX_FEN (R14), which also keeps unit × qty exact
  const listAmount = line.listPriceFen * line.quantity;
  if (!Number.isSafeInteger(listAmount) || listAmount > MAX_FEN) throw new RangeError(`${at}: list price × quantity is above ${MAX_FEN}`);
  const memberAmountFen = member.unitPriceFen * line.quantity;
  const work: WorkLine = {
    out: {
      key: line.key,
      quantity: line.quantity,
      listUnitFen: line.listPriceFen,
      unitPriceFen: member.unitPriceFen,
      amountFen: listAmount,
      adjustments: [],
      pointsEligibleFen: 0,
    },
    memberAmountFen,
    manualRateBp: BP_ONE,
    pointsExcluded: line.points.excluded,
  };
  if (member.rule !== 'list') {
    const ratio = input.storeRatioApplies && input.storeDiscountBp !== null ? ` (level ${input.member?.levelDiscountBp} × store ${input.storeDiscountBp})` : '';
    const detail = member.rule === 'level_discount' ? `list ${line.listPriceFen} × ${member.rateBp} bp${ratio} per unit` : `${member.rule} ${member.unitPriceFen} per unit`;
    push(work, { kind: 'member', rule: member.rule, amountFen: memberAmountFen - listAmount, rateBp: member.rateBp, detail });
  }

  const manual = line.manual;
  if (!manual) return work;
  if (manual.kind === 'price') {
    // 改价 is a discount here: a price above the member price is refused, not turned into a surcharge
    assertInt(`${at}.manual.unitPriceFen`, manual.unitPriceFen, 0, member.unitPriceFen);
    work.out.unitPriceFen = manual.unitPriceFen;
    push(work, { kind: 'manual', rule: 'manual_price', amountFen: (manual.unitPriceFen - member.unitPriceFen) * line.quantity, rateBp: null, detail: manual.reason });
    if (memberAmountFen > 0) work.manualRateBp = ceilRateBp(manual.unitPriceFen, member.unitPriceFen);
  } else if (manual.kind === 'percent') {
    assertInt(`${at}.manual.rateBp`, manual.rateBp, 0, BP_ONE);
    // R1: per unit, on the member price
    const unit = unitAfterRate(member.unitPriceFen, manual.rateBp);
    work.out.unitPriceFen = unit;
    push(work, { kind: 'manual', rule: 'manual_percent', amountFen: (unit - member.unitPriceFen) * line.quantity, rateBp: manual.rateBp, detail: manual.reason });
    // the rate typed in, not the rounded result: 9折 of 16 fen is 14 fen (8750) yet is still 9折
    work.manualRateBp = manual.rateBp;
  } else if (manual.kind === 'amount') {
    assertInt(`${at}.manual.amountFen`, manual.amountFen, 0, MAX_FEN);
    // capped at the line total: a line never goes below 0
    const off = Math.min(manual.amountFen, memberAmountFen);
    push(work, { kind: 'manual', rule: 'manual_amount', amountFen: -off, rateBp: null, detail: manual.reason });
    if (memberAmountFen > 0) work.manualRateBp = ceilRateBp(memberAmountFen - off, memberAmountFen);
  } else {
    throw new RangeError(`${at}.manual.kind is unknown`);
  }
  return work;
}

/**
 * R1 allocation: spread `total` (≤ Σ current amounts of `targets`) over `targets` by largest
 * remainder, proportional to their current amounts. A share is never larger than its line's
 * amount (floor(T·a/S) + 1 ≤ a whenever T ≤ S), so no line goes below 0. Zero shares are not recorded.
 */
function spread(targets: readonly WorkLine[], total: number, make: (amountFen: number) => Adjustment): void {
  if (total === 0) return;
  const shares = allocate(total, targets.map((l) => l.out.amountFen));
  targets.forEach((line, i) => {
    const share = shares[i] ?? 0;
    if (share > 0) push(line, make(-share));
  });
}

function sumKind(lines: readonly WorkLine[], kind: AdjustmentKind): number {
  let s = 0;
  for (const l of lines) for (const a of l.out.adjustments) if (a.kind === kind) s -= a.amountFen;
  return s;
}

/** What a coupon takes from lines now costing `scopeFen`: its amount, or for a discount coupon R1 on their total, capped. */
function couponFaceFen(coupon: CouponInput, c: number, scopeFen: number): number {
  if (coupon.rateBp === undefined) {
    assertInt(`coupons[${c}].amountFen`, coupon.amountFen ?? Number.NaN, 0, MAX_FEN);
    return coupon.amountFen!;
  }
  if (coupon.amountFen !== undefined) throw new RangeError(`coupons[${c}] has both an amount and a rate`);
  assertInt(`coupons[${c}].rateBp`, coupon.rateBp, 0, BP_ONE);
  const off = scopeFen - mulDivHalfUp(scopeFen, coupon.rateBp, BP_ONE);
  if (coupon.maxOffFen === null || coupon.maxOffFen === undefined) return off;
  assertInt(`coupons[${c}].maxOffFen`, coupon.maxOffFen, 0, MAX_FEN);
  return Math.min(off, coupon.maxOffFen);
}

/** R1/R2/R4/R8: price an order; every fen of difference between list and total is an adjustment on some line. Throws RangeError on invalid input. */
export function priceOrder(input: PriceOrderInput): PricedOrder {
  const keys = new Set<string>();
  for (const line of input.lines) {
    if (keys.has(line.key)) throw new RangeError(`line key ${line.key} appears twice`);
    keys.add(line.key);
  }
  // (1) member price, (2) manual line change
  const lines = input.lines.map((line, i) => priceLine(line, i, input));
  const subtotalFen = sumFen(lines.map((l) => l.out.listUnitFen * l.out.quantity));

  // (3) order discount on the order after manual changes
  let orderRateBp = BP_ONE;
  const od = input.orderDiscount;
  if (od) {
    const base = sumFen(lines.map((l) => l.out.amountFen));
    let discount: number;
    if (od.kind === 'percent') {
      assertInt('orderDiscount.rateBp', od.rateBp, 0, BP_ONE);
      // R1 on the total, once: the lines get their shares by allocation, not by per-line rounding
      discount = base - mulDivHalfUp(base, od.rateBp, BP_ONE);
      orderRateBp = od.rateBp;
    } else if (od.kind === 'amount') {
      assertInt('orderDiscount.amountFen', od.amountFen, 0, MAX_FEN);
      // capped at the order: the order never goes below 0
      discount = Math.min(od.amountFen, base);
      if (base > 0) orderRateBp = ceilRateBp(base - discount, base);
    } else {
      throw new RangeError('orderDiscount.kind is unknown');
    }
    const rule = od.kind === 'percent' ? 'order_percent' : 'order_amount';
    const rateBp = od.kind === 'percent' ? od.rateBp : null;
    spread(lines, discount, (amountFen) => ({ kind: 'order_discount', rule, amountFen, rateBp, detail: od.reason }));
  }

  // (4) coupons, in the order given, each on its own lines' current amounts
  const byKey = new Map(lines.map((l) => [l.out.key, l]));
  const couponsApplied: PricedOrder['couponsApplied'] = [];
  (input.coupons ?? []).forEach((coupon, c) => {
    if (coupon.lineKeys.length === 0) throw new RangeError(`coupons[${c}] names no lines`);
    if (new Set(coupon.lineKeys).size !== coupon.lineKeys.length) throw new RangeError(`coupons[${c}] names a line twice`);
    const targets = coupon.lineKeys.map((k) => {
      const line = byKey.get(k);
      if (!line) throw new RangeError(`coupons[${c}] names unknown line ${k}`);
      return line;
    });
    const minSpend = coupon.minSpendFen ?? 0;
    assertInt(`coupons[${c}].minSpendFen`, minSpend, 0, MAX_FEN);
    const scopeMemberFen = sumFen(targets.map((l) => l.memberAmountFen));
    if (scopeMemberFen < minSpend) throw new CouponMinSpendNotMet(c, minSpend, scopeMemberFen);
    // capped at its lines' amounts so no line goes below 0; couponsApplied says what it really took
    const amount = Math.min(couponFaceFen(coupon, c, sumFen(targets.map((l) => l.out.amountFen))), sumFen(targets.map((l) => l.out.amountFen)));
    spread(targets, amount, (amountFen) => ({ kind: 'coupon', rule: 'coupon', amountFen, rateBp: null, detail: coupon.code }));
    couponsApplied.push({ code: coupon.code, amountFen: amount });
  });

  // (5) 抹零 on the total, allocated to all lines
  const dropped = orderRounding(sumFen(lines.map((l) => l.out.amountFen)), input.rounding);
  if (input.rounding !== 'none') {
    const rule = input.rounding;
    spread(lines, dropped, (amountFen) => ({ kind: 'rounding', rule, amountFen, rateBp: null, detail: rule === 'drop_fen' ? '抹零 to the jiao' : '抹零 to the yuan' }));
  }

  let lowestManualRateBp = BP_ONE;
  for (const l of lines) {
    l.out.pointsEligibleFen = l.pointsExcluded ? 0 : l.out.amountFen;
    if (l.memberAmountFen === 0) continue;
    // composed like two 折 on the same line, rounded up: 9折 by hand then 9折 on the order → 8100
    const rate = Number((BigInt(l.manualRateBp) * BigInt(orderRateBp) + BigInt(BP_ONE - 1)) / BigInt(BP_ONE));
    lowestManualRateBp = Math.min(lowestManualRateBp, rate);
  }

  const result: PricedOrder = {
    lines: lines.map((l) => l.out),
    subtotalFen,
    memberDiscountFen: sumKind(lines, 'member'),
    manualDiscountFen: sumKind(lines, 'manual'),
    orderDiscountFen: sumKind(lines, 'order_discount'),
    couponDiscountFen: sumKind(lines, 'coupon'),
    roundingFen: sumKind(lines, 'rounding'),
    totalFen: sumFen(lines.map((l) => l.out.amountFen)),
    couponsApplied,
    lowestManualRateBp,
  };
  const discounts = result.memberDiscountFen + result.manualDiscountFen + result.orderDiscountFen + result.couponDiscountFen + result.roundingFen;
  // by construction each line is list × qty + Σ adjustments; a failure here is a bug in this file
  if (result.subtotalFen - discounts !== result.totalFen) throw new Error('pricing invariant broken: subtotal − discounts ≠ total');
  return result;
}
