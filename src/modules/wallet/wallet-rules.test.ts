import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDateTime } from '../../kernel/clock';
import { allocate } from '../../kernel/money';
import {
  countCardRefundFen,
  installmentParts,
  pointsExpiresAt,
  splitStoredValueSpend,
  topupGrant,
  type SpendSplitPolicy,
  type TopupRuleTerms,
} from './wallet-rules';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('RULES R3 top-up tiers', () => {
  // "充100送20, 充500送120+200积分"
  const rule: TopupRuleTerms = {
    perEvery: false,
    tiers: [
      { thresholdFen: 10000, bonusFen: 2000, points: 0 },
      { thresholdFen: 50000, bonusFen: 12000, points: 200 },
    ],
  };

  it('pays ¥500 → bonus 12000 and 200 points from the ¥500 tier', () => {
    expect(topupGrant(rule, 50000)).toEqual({ tierIndex: 1, bonusFen: 12000, points: 200, multiples: 1 });
  });

  it('pays ¥300 → the ¥100 tier only, bonus 2000 (not cumulative)', () => {
    expect(topupGrant(rule, 30000)).toEqual({ tierIndex: 0, bonusFen: 2000, points: 0, multiples: 1 });
  });

  it('applies a tier exactly at its threshold and nothing one fen below', () => {
    expect(topupGrant(rule, 10000)?.tierIndex).toBe(0);
    expect(topupGrant(rule, 49999)?.tierIndex).toBe(0);
    expect(topupGrant(rule, 9999)).toBeNull();
    expect(topupGrant(rule, 0)).toBeNull();
    expect(topupGrant({ perEvery: false, tiers: [] }, 50000)).toBeNull();
  });

  it('picks the highest reached tier when tiers arrive unsorted, reporting its original index', () => {
    const unsorted: TopupRuleTerms = { perEvery: false, tiers: [rule.tiers[1]!, rule.tiers[0]!] };
    expect(topupGrant(unsorted, 60000)).toEqual({ tierIndex: 0, bonusFen: 12000, points: 200, multiples: 1 });
    expect(topupGrant(unsorted, 30000)).toEqual({ tierIndex: 1, bonusFen: 2000, points: 0, multiples: 1 });
  });

  it('on equal thresholds keeps the tier listed first', () => {
    const dup: TopupRuleTerms = {
      perEvery: false,
      tiers: [
        { thresholdFen: 10000, bonusFen: 1, points: 0 },
        { thresholdFen: 10000, bonusFen: 2, points: 0 },
      ],
    };
    expect(topupGrant(dup, 10000)?.tierIndex).toBe(0);
  });

  it('per every ¥100 send ¥20: ¥300 → 6000 bonus (3 multiples), ¥399.99 still 3', () => {
    const every: TopupRuleTerms = { perEvery: true, tiers: [{ thresholdFen: 10000, bonusFen: 2000, points: 5 }] };
    expect(topupGrant(every, 30000)).toEqual({ tierIndex: 0, bonusFen: 6000, points: 15, multiples: 3 });
    expect(topupGrant(every, 39999)).toEqual({ tierIndex: 0, bonusFen: 6000, points: 15, multiples: 3 });
    expect(topupGrant(every, 9999)).toBeNull();
  });

  it('per every multiplies the highest reached tier by paid / its own threshold', () => {
    expect(topupGrant({ ...rule, perEvery: true }, 120000)).toEqual({ tierIndex: 1, bonusFen: 24000, points: 400, multiples: 2 });
  });

  it('rejects negative or fractional amounts, zero thresholds and results beyond 2^53', () => {
    expect(() => topupGrant(rule, -1)).toThrow(RangeError);
    expect(() => topupGrant(rule, 100.5)).toThrow(RangeError);
    expect(() => topupGrant(rule, Number.NaN)).toThrow(RangeError);
    expect(() => topupGrant({ perEvery: true, tiers: [{ thresholdFen: 0, bonusFen: 1, points: 0 }] }, 100)).toThrow(RangeError);
    expect(() => topupGrant({ perEvery: false, tiers: [{ thresholdFen: 100, bonusFen: -1, points: 0 }] }, 100)).toThrow(RangeError);
    expect(() => topupGrant({ perEvery: false, tiers: [{ thresholdFen: 100, bonusFen: 0, points: 1.5 }] }, 100)).toThrow(RangeError);
    const huge: TopupRuleTerms = { perEvery: true, tiers: [{ thresholdFen: 1, bonusFen: 1_000_000_000_000, points: 0 }] };
    expect(() => topupGrant(huge, 1_000_000_000_000)).toThrow(RangeError);
  });
});

describe('RULES R3 installment return', () => {
  it('returns 24000 over 12 months as twelve 2000s', () => {
    expect(installmentParts(24000, 12)).toEqual(new Array(12).fill(2000));
  });

  it('gives the extra fen to earlier months: 1000 over 3 → 334, 333, 333', () => {
    expect(installmentParts(1000, 3)).toEqual([334, 333, 333]);
    expect(installmentParts(1001, 3)).toEqual([334, 334, 333]);
    expect(installmentParts(2, 3)).toEqual([1, 1, 0]);
    expect(installmentParts(0, 2)).toEqual([0, 0]);
    expect(installmentParts(777, 1)).toEqual([777]);
  });

  it('always sums exactly, parts differ by at most one fen and never increase', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), fc.integer({ min: 1, max: 60 }), (total, months) => {
        const parts = installmentParts(total, months);
        expect(parts).toHaveLength(months);
        expect(sum(parts)).toBe(total);
        for (let i = 1; i < parts.length; i++) expect(parts[i - 1]! - parts[i]!).toBeGreaterThanOrEqual(0);
        expect(parts[0]! - parts[months - 1]!).toBeLessThanOrEqual(1);
      }),
      { seed: 3, numRuns: 200 },
    );
  });

  it('rejects zero or fractional months and negative totals', () => {
    expect(() => installmentParts(1000, 0)).toThrow(RangeError);
    expect(() => installmentParts(1000, 1.5)).toThrow(RangeError);
    expect(() => installmentParts(-1, 3)).toThrow(RangeError);
    expect(() => installmentParts(10.5, 3)).toThrow(RangeError);
  });
});

describe('RULES R3 spend split', () => {
  it('proportional: principal 10000, bonus 2000, spend 6000 → 5000 / 1000', () => {
    expect(splitStoredValueSpend(6000, 10000, 2000, 'proportional')).toEqual({ principalFen: 5000, bonusFen: 1000 });
  });

  it('proportional rounds the principal part half up and gives the rest to bonus', () => {
    // 1 × 1 / 2 = 0.5 → 1
    expect(splitStoredValueSpend(1, 1, 1, 'proportional')).toEqual({ principalFen: 1, bonusFen: 0 });
    // 1 × 1 / 3 = 0.33 → 0; 2 × 1 / 3 = 0.67 → 1; 100 × 1 / 3 = 33.33 → 33; 100 × 2 / 3 = 66.67 → 67
    expect(splitStoredValueSpend(1, 1, 2, 'proportional')).toEqual({ principalFen: 0, bonusFen: 1 });
    expect(splitStoredValueSpend(2, 1, 2, 'proportional')).toEqual({ principalFen: 1, bonusFen: 1 });
    expect(splitStoredValueSpend(100, 100, 200, 'proportional')).toEqual({ principalFen: 33, bonusFen: 67 });
    expect(splitStoredValueSpend(100, 200, 100, 'proportional')).toEqual({ principalFen: 67, bonusFen: 33 });
  });

  it('proportional handles a zero side, the whole balance and zero spend', () => {
    expect(splitStoredValueSpend(500, 0, 2000, 'proportional')).toEqual({ principalFen: 0, bonusFen: 500 });
    expect(splitStoredValueSpend(500, 2000, 0, 'proportional')).toEqual({ principalFen: 500, bonusFen: 0 });
    expect(splitStoredValueSpend(12000, 10000, 2000, 'proportional')).toEqual({ principalFen: 10000, bonusFen: 2000 });
    expect(splitStoredValueSpend(0, 0, 0, 'proportional')).toEqual({ principalFen: 0, bonusFen: 0 });
  });

  it('proportional is exact for balances whose products pass 2^53', () => {
    // 999_999_999_999 × 10^12 would lose precision as a double
    expect(splitStoredValueSpend(999_999_999_999, 1_000_000_000_000, 1_000_000_000_000, 'proportional')).toEqual({
      principalFen: 500_000_000_000,
      bonusFen: 499_999_999_999,
    });
  });

  it('divides by the exact balance when principal + bonus passes 2^53', () => {
    // as doubles 5000000000000003 + 5000000000000000 = 10000000000000004, which would round to …496
    expect(splitStoredValueSpend(9_007_199_254_740_991, 5_000_000_000_000_003, 5_000_000_000_000_000, 'proportional')).toEqual({
      principalFen: 4_503_599_627_370_497,
      bonusFen: 4_503_599_627_370_494,
    });
  });

  it('principal first: takes principal, then bonus', () => {
    expect(splitStoredValueSpend(6000, 10000, 2000, 'principal_first')).toEqual({ principalFen: 6000, bonusFen: 0 });
    expect(splitStoredValueSpend(11000, 10000, 2000, 'principal_first')).toEqual({ principalFen: 10000, bonusFen: 1000 });
  });

  it('bonus first: takes bonus, then principal', () => {
    expect(splitStoredValueSpend(6000, 10000, 2000, 'bonus_first')).toEqual({ principalFen: 4000, bonusFen: 2000 });
    expect(splitStoredValueSpend(1500, 10000, 2000, 'bonus_first')).toEqual({ principalFen: 0, bonusFen: 1500 });
  });

  it('every policy sums to the amount and never exceeds either balance', () => {
    const policies: SpendSplitPolicy[] = ['proportional', 'principal_first', 'bonus_first'];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(...policies),
        (principal, bonus, share, policy) => {
          const amount = Math.floor((principal + bonus) * share);
          const split = splitStoredValueSpend(amount, principal, bonus, policy);
          expect(split.principalFen + split.bonusFen).toBe(amount);
          expect(split.principalFen).toBeGreaterThanOrEqual(0);
          expect(split.bonusFen).toBeGreaterThanOrEqual(0);
          expect(split.principalFen).toBeLessThanOrEqual(principal);
          expect(split.bonusFen).toBeLessThanOrEqual(bonus);
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('refuses to overspend, negative or fractional inputs and unknown policies', () => {
    expect(() => splitStoredValueSpend(12001, 10000, 2000, 'proportional')).toThrow(RangeError);
    expect(() => splitStoredValueSpend(12001, 10000, 2000, 'principal_first')).toThrow(RangeError);
    expect(() => splitStoredValueSpend(-1, 10000, 2000, 'proportional')).toThrow(RangeError);
    expect(() => splitStoredValueSpend(1, -1, 2000, 'proportional')).toThrow(RangeError);
    expect(() => splitStoredValueSpend(1, 10000, -1, 'bonus_first')).toThrow(RangeError);
    expect(() => splitStoredValueSpend(1.5, 10000, 2000, 'proportional')).toThrow(RangeError);
    expect(() => splitStoredValueSpend(1, 0, 0, 'proportional')).toThrow(RangeError);
    expect(() => splitStoredValueSpend(1, 10, 10, 'random' as SpendSplitPolicy)).toThrow(RangeError);
  });
});

describe('RULES R6 count-card refund', () => {
  it('¥300 for 10 uses, 4 used → refund 18000', () => {
    expect(countCardRefundFen(30000, 10, 6)).toBe(18000);
  });

  it('1000 fen for 3 uses, 1 used → 666 (the used use took the extra fen)', () => {
    expect(countCardRefundFen(1000, 3, 2)).toBe(666);
    expect(countCardRefundFen(1000, 3, 3)).toBe(1000);
    expect(countCardRefundFen(1000, 3, 1)).toBe(333);
    expect(countCardRefundFen(1000, 3, 0)).toBe(0);
    expect(countCardRefundFen(0, 5, 5)).toBe(0);
    expect(countCardRefundFen(2, 3, 2)).toBe(1);
  });

  it('matches summing the tail of allocate(price, N equal weights)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), fc.integer({ min: 1, max: 50 }), fc.nat(), (price, total, u) => {
        const unused = u % (total + 1);
        const units = allocate(price, new Array<number>(total).fill(1));
        expect(countCardRefundFen(price, total, unused)).toBe(sum(units.slice(total - unused)));
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('rejects unused above total, zero total and negative or fractional inputs', () => {
    expect(() => countCardRefundFen(30000, 10, 11)).toThrow(RangeError);
    expect(() => countCardRefundFen(30000, 0, 0)).toThrow(RangeError);
    expect(() => countCardRefundFen(-1, 10, 1)).toThrow(RangeError);
    expect(() => countCardRefundFen(30000, 10, -1)).toThrow(RangeError);
    expect(() => countCardRefundFen(30000, 10.5, 1)).toThrow(RangeError);
    expect(() => countCardRefundFen(300.5, 10, 1)).toThrow(RangeError);
  });
});

describe('RULES R4 points expiry', () => {
  const yearEnd = { mode: 'year_end_next' } as const;

  it('points earned 2026-03-05 in Shanghai expire at the end of 2027 local', () => {
    expect(pointsExpiresAt(yearEnd, new Date('2026-03-05T02:00:00Z'), 'Asia/Shanghai')).toBe('2027-12-31T16:00:00.000Z');
  });

  it('uses the local year: 2026-12-31T17:00Z is already 2027 in Shanghai', () => {
    expect(pointsExpiresAt(yearEnd, new Date('2026-12-31T17:00:00Z'), 'Asia/Shanghai')).toBe('2028-12-31T16:00:00.000Z');
    expect(pointsExpiresAt(yearEnd, new Date('2026-12-31T15:59:59Z'), 'Asia/Shanghai')).toBe('2027-12-31T16:00:00.000Z');
  });

  it('handles zones west of UTC and zones in summer time on Jan 1', () => {
    expect(pointsExpiresAt(yearEnd, new Date('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('2028-01-01T05:00:00.000Z');
    expect(pointsExpiresAt(yearEnd, new Date('2026-07-01T12:00:00Z'), 'Europe/London')).toBe('2028-01-01T00:00:00.000Z');
    expect(pointsExpiresAt(yearEnd, new Date('2026-07-01T12:00:00Z'), 'Australia/Sydney')).toBe('2027-12-31T13:00:00.000Z');
    expect(pointsExpiresAt(yearEnd, new Date('2026-07-01T12:00:00Z'), 'Pacific/Kiritimati')).toBe('2027-12-31T10:00:00.000Z');
    expect(pointsExpiresAt(yearEnd, new Date('2026-07-01T12:00:00Z'), 'UTC')).toBe('2028-01-01T00:00:00.000Z');
  });

  it('starts the day at the jump when a transition skipped midnight (Lima 1990-01-01 00:00 → 01:00)', () => {
    // 04:00Z would be 23:00 on Dec 31; the first instant of Jan 1 is the jump at 05:00Z
    expect(pointsExpiresAt(yearEnd, new Date('1988-06-01T12:00:00Z'), 'America/Lima')).toBe('1990-01-01T05:00:00.000Z');
  });

  it('takes the first of two local midnights when clocks fell back across it (São Tomé 2019)', () => {
    expect(pointsExpiresAt(yearEnd, new Date('2017-06-01T12:00:00Z'), 'Africa/Sao_Tome')).toBe('2018-12-31T23:00:00.000Z');
  });

  it('in every zone returns the first instant of local Jan 1 of Y+2', () => {
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      // years whose Y+2 saw a Jan 1 transition somewhere (Bissau 1975, Singapore 1982, Lima 1986–1994, São Tomé 2019)
      for (const year of [1973, 1980, 1984, 1985, 1988, 1992, 2017, 2024, 2035]) {
        const earned = new Date(Date.UTC(year, 5, 15, 12));
        const localYear = Number(localDateTime(earned, zone).date.slice(0, 4));
        const expires = new Date(pointsExpiresAt(yearEnd, earned, zone)!);
        expect(localDateTime(expires, zone).date, zone).toBe(`${localYear + 2}-01-01`);
        expect(localDateTime(new Date(expires.getTime() - 1000), zone).date, zone).toBe(`${localYear + 1}-12-31`);
      }
    }
  });

  it('days: earnedAt + days × 24h, regardless of zone', () => {
    expect(pointsExpiresAt({ mode: 'days', days: 365 }, new Date('2026-03-05T10:20:30.456Z'), 'Asia/Shanghai')).toBe('2027-03-05T10:20:30.456Z');
    expect(pointsExpiresAt({ mode: 'days', days: 1 }, new Date('2026-03-07T12:00:00Z'), 'America/New_York')).toBe('2026-03-08T12:00:00.000Z');
  });

  it('never: null', () => {
    expect(pointsExpiresAt({ mode: 'never' }, new Date('2026-03-05T00:00:00Z'), 'Asia/Shanghai')).toBeNull();
  });

  it('rejects bad days, invalid dates, unknown zones and unknown modes', () => {
    const at = new Date('2026-03-05T00:00:00Z');
    expect(() => pointsExpiresAt({ mode: 'days', days: 0 }, at, 'Asia/Shanghai')).toThrow(RangeError);
    expect(() => pointsExpiresAt({ mode: 'days', days: -5 }, at, 'Asia/Shanghai')).toThrow(RangeError);
    expect(() => pointsExpiresAt({ mode: 'days', days: 1.5 }, at, 'Asia/Shanghai')).toThrow(RangeError);
    expect(() => pointsExpiresAt({ mode: 'days', days: 1e9 }, at, 'Asia/Shanghai')).toThrow(RangeError);
    expect(() => pointsExpiresAt(yearEnd, new Date('nonsense'), 'Asia/Shanghai')).toThrow(RangeError);
    expect(() => pointsExpiresAt(yearEnd, at, 'Mars/Olympus')).toThrow(RangeError);
    expect(() => pointsExpiresAt({ mode: 'monthly' } as never, at, 'Asia/Shanghai')).toThrow(RangeError);
  });
});
