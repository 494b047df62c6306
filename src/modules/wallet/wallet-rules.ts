/**
 * Pure stored-value, count-card and points-expiry rules (RULES R3, R4, R6).
 * Money is integer fen; every product that could pass 2^53 runs in bigint.
 */
import { DAY_MS, isValidTimeZone, localDateTime, startOfLocalDay } from '../../kernel/clock';
import { allocate } from '../../kernel/money';

export interface TopupTier { thresholdFen: number; bonusFen: number; points: number; coupons?: readonly { templateId: string; quantity: number }[] }
export interface TopupRuleTerms { tiers: readonly TopupTier[]; perEvery: boolean }
export interface TopupGrant { tierIndex: number; bonusFen: number; points: number; multiples: number }

function assertInt(name: string, value: number, min = 0): void {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
}

/** A bigint result back to number, refusing anything a JS number cannot hold exactly. */
function toSafe(name: string, value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} is too large: ${value}`);
  return n;
}

/** R3: highest tier whose threshold <= paid applies; with perEvery the tier's bonus/points are multiplied by floor(paid / threshold). null when no tier reached. Tiers may arrive unsorted. */
export function topupGrant(terms: TopupRuleTerms, paidFen: number): TopupGrant | null {
  assertInt('paidFen', paidFen);
  let best = -1;
  terms.tiers.forEach((tier, i) => {
    // a zero threshold would grant on every top-up and divide by zero under perEvery
    assertInt(`tiers[${i}].thresholdFen`, tier.thresholdFen, 1);
    assertInt(`tiers[${i}].bonusFen`, tier.bonusFen);
    assertInt(`tiers[${i}].points`, tier.points);
    // strictly greater: on equal thresholds the tier listed first wins
    if (tier.thresholdFen <= paidFen && (best < 0 || tier.thresholdFen > terms.tiers[best]!.thresholdFen)) best = i;
  });
  if (best < 0) return null;
  const tier = terms.tiers[best]!;
  const multiples = terms.perEvery ? Math.floor(paidFen / tier.thresholdFen) : 1;
  return {
    tierIndex: best,
    bonusFen: toSafe('bonusFen', BigInt(tier.bonusFen) * BigInt(multiples)),
    points: toSafe('points', BigInt(tier.points) * BigInt(multiples)),
    multiples,
  };
}

/** R3 installment return: split total into `months` parts summing exactly (allocate with equal weights; earlier parts get the extra fen). */
export function installmentParts(totalFen: number, months: number): number[] {
  assertInt('totalFen', totalFen);
  assertInt('months', months, 1);
  return allocate(totalFen, new Array<number>(months).fill(1));
}

export type SpendSplitPolicy = 'proportional' | 'principal_first' | 'bonus_first';

/** R3 spend split. proportional: principal part = roundHalfUp(amount × principal / (principal + bonus)), bonus part = amount − principal part, then clamp so neither part exceeds its balance (move the excess to the other part). Throws RangeError if amount > principal + bonus or amount < 0. */
export function splitStoredValueSpend(
  amountFen: number,
  principalFen: number,
  bonusFen: number,
  policy: SpendSplitPolicy,
): { principalFen: number; bonusFen: number } {
  assertInt('amountFen', amountFen);
  assertInt('principalFen', principalFen);
  assertInt('bonusFen', bonusFen);
  // bigint sum: two safe balances can add up past 2^53
  const total = BigInt(principalFen) + BigInt(bonusFen);
  if (BigInt(amountFen) > total) throw new RangeError(`amountFen ${amountFen} exceeds balance ${total}`);
  let p: number;
  if (policy === 'principal_first') p = Math.min(amountFen, principalFen);
  else if (policy === 'bonus_first') p = amountFen - Math.min(amountFen, bonusFen);
  else if (policy === 'proportional') {
    // round half up in bigint (kernel roundHalfUp takes numbers; amount × principal can pass 2^53)
    p = total === 0n ? 0 : Number((2n * BigInt(amountFen) * BigInt(principalFen) + total) / (2n * total));
  } else throw new RangeError(`unknown spend split policy ${String(policy)}`);
  // clamp: neither part may exceed its balance; the excess moves to the other part
  p = Math.min(p, principalFen);
  p = Math.max(p, amountFen - bonusFen);
  return { principalFen: p, bonusFen: amountFen - p };
}

/** R6: unit values = allocate(price, N equal weights) (earlier uses get the extra fen); used uses take the first units; refund = sum of the remaining `unused` units. Throws RangeError for unused > totalUses or negatives. */
export function countCardRefundFen(priceFen: number, totalUses: number, unusedUses: number): number {
  assertInt('priceFen', priceFen);
  assertInt('totalUses', totalUses, 1);
  assertInt('unusedUses', unusedUses);
  if (unusedUses > totalUses) throw new RangeError(`unusedUses ${unusedUses} exceeds totalUses ${totalUses}`);
  // Closed form of allocate(price, N × [1]) — the first `price mod N` units carry one extra fen —
  // so a card with many uses does not build an array just to sum its tail.
  const unit = Math.floor(priceFen / totalUses);
  const extra = priceFen % totalUses;
  const used = totalUses - unusedUses;
  return unit * unusedUses + Math.max(0, extra - used);
}

export type PointsExpiryPolicy = { mode: 'never' } | { mode: 'year_end_next' } | { mode: 'days'; days: number };

/** R4 expiry: year_end_next = points earned in local year Y expire at the start of local Jan 1 of Y+2 (i.e. end of Y+1) in `timeZone`; days = earnedAt + days×24h; never = null. Returns an ISO UTC timestamp string or null. */
export function pointsExpiresAt(policy: PointsExpiryPolicy, earnedAt: Date, timeZone: string): string | null {
  if (Number.isNaN(earnedAt.getTime())) throw new RangeError('earnedAt is not a valid date');
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone ${timeZone}`);
  switch (policy.mode) {
    case 'never':
      return null;
    case 'days':
      assertInt('days', policy.days, 1);
      // toISOString throws RangeError itself if the result leaves the Date range
      return new Date(earnedAt.getTime() + policy.days * DAY_MS).toISOString();
    case 'year_end_next': {
      const year = Number(localDateTime(earnedAt, timeZone).date.slice(0, 4));
      return startOfLocalDay(`${String(year + 2).padStart(4, '0')}-01-01`, timeZone).toISOString();
    }
    default:
      throw new RangeError(`unknown expiry mode ${String((policy as { mode: unknown }).mode)}`);
  }
}
