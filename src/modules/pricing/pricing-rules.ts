/**
 * Pure pricing rules (RULES R1, R2, R7): member unit price, order rounding (抹零), time billing.
 * Money is integer fen, rates integer basis points; every rounding goes through the kernel
 * roundHalfUp, and no product is formed that could pass 2^53 (see mulDivHalfUp).
 */
import { BP_ONE, MAX_FEN, roundHalfUp } from '../../kernel/money';

/** Throws RangeError unless `value` is an integer in [min, max] — bad input is a caller bug, never rounded away. */
export function assertInt(name: string, value: number, min = 0, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
}

/**
 * round_half_up(a × b / d) for non-negative safe integers (R1), exact without bigint products:
 * a = q·d + r, so a·b/d = q·b + r·b/d and only r·b/d (r < d) is rounded, by the kernel roundHalfUp.
 * Throws RangeError when a part or the result cannot be held exactly in a number.
 */
export function mulDivHalfUp(a: number, b: number, d: number): number {
  assertInt('a', a);
  assertInt('b', b);
  assertInt('d', d, 1);
  const r = a % d;
  const q = (a - r) / d;
  const whole = q * b;
  const part = r * b;
  if (!Number.isSafeInteger(whole) || !Number.isSafeInteger(part)) throw new RangeError(`${a} × ${b} / ${d} is too large`);
  const result = whole + roundHalfUp(part, d);
  if (!Number.isSafeInteger(result)) throw new RangeError(`${a} × ${b} / ${d} is too large`);
  return result;
}

/** R1: one unit after a rate, round_half_up(price × rate / 10000) — ¥19.90 at 8.8折 → 1751. */
export function unitAfterRate(priceFen: number, rateBp: number): number {
  return mulDivHalfUp(priceFen, rateBp, BP_ONE);
}

/** R2: level rate × store ratio = round_half_up(level × store / 10000) bp — 9折 × 9.5折 → 8550 (an integer bp, so the unit price is rounded once, not twice). */
export function combinedRateBp(levelBp: number, storeBp: number): number {
  assertInt('levelBp', levelBp, 0, BP_ONE);
  assertInt('storeBp', storeBp, 0, BP_ONE);
  return roundHalfUp(levelBp * storeBp, BP_ONE);
}

/** Which R2 price a line pays. */
export type MemberPriceRule = 'list' | 'special' | 'level_price' | 'level_discount';

export interface MemberUnitPriceInput {
  listPriceFen: number;
  /** the product allows the level discount (R2); it does not switch off an explicit level price or a special price */
  memberDiscountAllowed: boolean;
  /** the member's level discount, 9折 = 9000; null = walk-in customer (no member) */
  levelDiscountBp: number | null;
  /** store discount ratio, 9.5折 = 9500; null = the store has none */
  storeDiscountBp: number | null;
  /** the merchant's setting "store ratio multiplies the level discount" (R2, configurable off) */
  storeRatioApplies: boolean;
  /** the product's member price for this member's level; ignored for walk-ins */
  levelPriceFen: number | null;
  /** a special price (特价) active now; applies to walk-ins too */
  specialPriceFen: number | null;
}

export interface MemberUnitPrice {
  unitPriceFen: number;
  rule: MemberPriceRule;
  /** the rate actually applied, only for level_discount (level × store when the ratio applies) */
  rateBp: number | null;
}

/**
 * On a tie the earlier rule wins: the simplest explanation for the till. List needs none; a
 * special price is on the shelf tag for everyone; a level price is a fixed number per level;
 * a level discount needs arithmetic.
 */
const TIE_ORDER: readonly MemberPriceRule[] = ['list', 'special', 'level_price', 'level_discount'];

/**
 * R2: the lowest of list, special price, the level's member price and list × level discount
 * (× store ratio when set and applicable); never stacked. R1: the rate is applied per unit,
 * round half up. Ties resolve in TIE_ORDER.
 */
export function memberUnitPrice(input: MemberUnitPriceInput): MemberUnitPrice {
  const { listPriceFen, levelDiscountBp, storeDiscountBp, levelPriceFen, specialPriceFen } = input;
  assertInt('listPriceFen', listPriceFen, 0, MAX_FEN);
  if (levelDiscountBp !== null) assertInt('levelDiscountBp', levelDiscountBp, 0, BP_ONE);
  if (storeDiscountBp !== null) assertInt('storeDiscountBp', storeDiscountBp, 0, BP_ONE);
  if (levelPriceFen !== null) assertInt('levelPriceFen', levelPriceFen, 0, MAX_FEN);
  if (specialPriceFen !== null) assertInt('specialPriceFen', specialPriceFen, 0, MAX_FEN);

  const candidates: MemberUnitPrice[] = [{ unitPriceFen: listPriceFen, rule: 'list', rateBp: null }];
  if (specialPriceFen !== null) candidates.push({ unitPriceFen: specialPriceFen, rule: 'special', rateBp: null });
  const isMember = levelDiscountBp !== null;
  if (isMember && levelPriceFen !== null) candidates.push({ unitPriceFen: levelPriceFen, rule: 'level_price', rateBp: null });
  if (isMember && input.memberDiscountAllowed) {
    const rateBp = input.storeRatioApplies && storeDiscountBp !== null ? combinedRateBp(levelDiscountBp, storeDiscountBp) : levelDiscountBp;
    candidates.push({ unitPriceFen: unitAfterRate(listPriceFen, rateBp), rule: 'level_discount', rateBp });
  }
  let best = candidates[0]!;
  for (const c of candidates) {
    const lower = c.unitPriceFen < best.unitPriceFen;
    const simplerTie = c.unitPriceFen === best.unitPriceFen && TIE_ORDER.indexOf(c.rule) < TIE_ORDER.indexOf(best.rule);
    if (lower || simplerTie) best = c;
  }
  return best;
}

/** R1 抹零 modes: none (default), drop the fen (¥123.45 → ¥123.40), drop the jiao and fen (→ ¥123.00). */
export type RoundingMode = 'none' | 'drop_fen' | 'drop_jiao';

/** R1: the amount 抹零 drops from an order total — ¥123.45 → 5 (drop_fen) / 45 (drop_jiao) / 0 (none). */
export function orderRounding(totalFen: number, mode: RoundingMode): number {
  assertInt('totalFen', totalFen);
  switch (mode) {
    case 'none':
      return 0;
    case 'drop_fen':
      return totalFen % 10;
    case 'drop_jiao':
      return totalFen % 100;
    default:
      throw new RangeError(`unknown rounding mode ${String(mode)}`);
  }
}

/** R7 defaults a new merchant gets. */
export const TIME_BILLING_DEFAULTS = { unitMinutes: 15, graceMinutes: 5 } as const;

export interface TimeBillingInput {
  minutes: number;
  ratePerHourFen: number;
  /** billing unit, rounded up; default 15 */
  unitMinutes?: number;
  /** a session this long or shorter is free; default 5 */
  graceMinutes?: number;
  /** most a session can cost; null = no cap */
  capFen: number | null;
}

export interface TimeBilling {
  billedMinutes: number;
  amountFen: number;
  free: boolean;
  /** the cap cut the amount (so the till can say so) */
  capped: boolean;
}

/**
 * R7: minutes ≤ grace → free; otherwise the whole session (grace included) is rounded UP to the
 * unit and amount = round_half_up(billed × rate / 60), then capped. 82 min at ¥30/h → 90 min →
 * 4500. The member level discount is applied afterwards by the caller (price the result as a line).
 */
export function timeBilling(input: TimeBillingInput): TimeBilling {
  const unit = input.unitMinutes ?? TIME_BILLING_DEFAULTS.unitMinutes;
  const grace = input.graceMinutes ?? TIME_BILLING_DEFAULTS.graceMinutes;
  assertInt('minutes', input.minutes);
  assertInt('ratePerHourFen', input.ratePerHourFen, 0, MAX_FEN);
  assertInt('unitMinutes', unit, 1);
  assertInt('graceMinutes', grace);
  if (input.capFen !== null) assertInt('capFen', input.capFen, 0, MAX_FEN);
  if (input.minutes <= grace) return { billedMinutes: 0, amountFen: 0, free: true, capped: false };

  const over = input.minutes % unit;
  const billedMinutes = over === 0 ? input.minutes : input.minutes + (unit - over);
  assertInt('billedMinutes', billedMinutes);
  const full = mulDivHalfUp(billedMinutes, input.ratePerHourFen, 60);
  const capped = input.capFen !== null && full > input.capFen;
  return { billedMinutes, amountFen: capped ? input.capFen! : full, free: false, capped };
}

// an explicit offset is required: without one Date.parse reads local time, which a pure rule must not depend on
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseInstant(name: string, iso: string): number {
  const ms = ISO_INSTANT.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be an ISO 8601 instant with Z or an offset, got ${iso}`);
  return ms;
}

/** R7: whole minutes between check-in and check-out (seconds dropped, floor); throws RangeError if check-out is before check-in. */
export function minutesBetween(checkInIso: string, checkOutIso: string): number {
  const from = parseInstant('checkInIso', checkInIso);
  const to = parseInstant('checkOutIso', checkOutIso);
  if (to < from) throw new RangeError(`check-out ${checkOutIso} is before check-in ${checkInIso}`);
  return Math.floor((to - from) / 60_000);
}
