import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { earnPoints, maxRedeemablePoints, pointsCashValueFen, type EarnInput, type EarnWindow } from './points-rules';

// 2026-11-24 is a Tuesday, 2026-11-25 a Wednesday
const TUESDAY_NOON = { date: '2026-11-24', weekday: 2, minute: 12 * 60 };
const WEDNESDAY_NOON = { date: '2026-11-25', weekday: 3, minute: 12 * 60 };
const TUESDAYS_2X: EarnWindow = { name: 'Tuesday', multiplierBp: 20000, weekdays: [2] };

function input(over: Partial<EarnInput> = {}): EarnInput {
  return {
    lines: [{ eligibleFen: 8880 }],
    defaultRateBp: 10000,
    levelMultiplierBp: 10000,
    storeRatioBp: 10000,
    windows: [],
    at: TUESDAY_NOON,
    ...over,
  };
}

describe('RULES R4 earning points', () => {
  it('paid ¥88.80 on eligible lines, Gold 1.5× → floor(133.2) = 133', () => {
    expect(earnPoints(input({ levelMultiplierBp: 15000 }))).toEqual({
      points: 133,
      eligibleFen: 8880,
      multiplierBp: 15000,
      windowsApplied: [],
      steps: [
        { factor: 'level ×1.5', bp: 15000 },
        { factor: 'store ×1', bp: 10000 },
      ],
    });
  });

  it('defaults to 1 point per ¥1 and drops the fraction: ¥88.80 → 88', () => {
    expect(earnPoints(input()).points).toBe(88);
    expect(earnPoints(input({ lines: [{ eligibleFen: 99 }] })).points).toBe(0);
    expect(earnPoints(input({ lines: [{ eligibleFen: 100 }] })).points).toBe(1);
    expect(earnPoints(input({ lines: [] }))).toMatchObject({ points: 0, eligibleFen: 0 });
  });

  it('Tuesdays 2× applies on a Tuesday', () => {
    const r = earnPoints(input({ levelMultiplierBp: 15000, windows: [TUESDAYS_2X] }));
    // 8880 × 1.5 × 2 / 100 = 266.4
    expect(r.points).toBe(266);
    expect(r.multiplierBp).toBe(30000);
    expect(r.windowsApplied).toEqual(['Tuesday']);
    expect(r.steps).toEqual([
      { factor: 'level ×1.5', bp: 15000 },
      { factor: 'store ×1', bp: 10000 },
      { factor: 'Tuesday ×2', bp: 20000 },
    ]);
  });

  it('Tuesdays 2× does not apply on a Wednesday', () => {
    const r = earnPoints(input({ levelMultiplierBp: 15000, windows: [TUESDAYS_2X], at: WEDNESDAY_NOON }));
    expect(r.points).toBe(133);
    expect(r.multiplierBp).toBe(15000);
    expect(r.windowsApplied).toEqual([]);
    expect(r.steps).toHaveLength(2);
  });

  it('a window with hours applies only inside [from, to)', () => {
    const happyHour: EarnWindow = { name: 'Happy hour', multiplierBp: 30000, fromMinute: 14 * 60, toMinute: 17 * 60 };
    const at = (minute: number) => earnPoints(input({ windows: [happyHour], at: { ...TUESDAY_NOON, minute } }));
    expect(at(14 * 60 - 1).points).toBe(88);
    expect(at(14 * 60).points).toBe(266);
    expect(at(17 * 60 - 1).windowsApplied).toEqual(['Happy hour']);
    expect(at(17 * 60).points).toBe(88);
    expect(at(17 * 60).windowsApplied).toEqual([]);
  });

  it('an overnight window (from > to) wraps past midnight', () => {
    const late: EarnWindow = { name: 'Late', multiplierBp: 20000, fromMinute: 22 * 60, toMinute: 2 * 60 };
    const at = (minute: number) => earnPoints(input({ windows: [late], at: { ...TUESDAY_NOON, minute } })).windowsApplied;
    expect(at(23 * 60)).toEqual(['Late']);
    expect(at(60)).toEqual(['Late']);
    expect(at(2 * 60)).toEqual([]);
    expect(at(12 * 60)).toEqual([]);
  });

  it('a window with only one hour bound runs from midnight or to midnight', () => {
    const morning: EarnWindow = { name: 'Morning', multiplierBp: 20000, toMinute: 10 * 60 };
    const evening: EarnWindow = { name: 'Evening', multiplierBp: 20000, fromMinute: 18 * 60 };
    const applied = (minute: number) => earnPoints(input({ windows: [morning, evening], at: { ...TUESDAY_NOON, minute } })).windowsApplied;
    expect(applied(0)).toEqual(['Morning']);
    expect(applied(12 * 60)).toEqual([]);
    expect(applied(1439)).toEqual(['Evening']);
  });

  it('a window with dates applies only within its inclusive bounds', () => {
    const promo: EarnWindow = { name: 'Promo', multiplierBp: 20000, startsOn: '2026-11-24', endsOn: '2026-11-25' };
    const applied = (at: EarnInput['at']) => earnPoints(input({ windows: [promo], at })).windowsApplied;
    expect(applied({ date: '2026-11-23', weekday: 1, minute: 600 })).toEqual([]);
    expect(applied(TUESDAY_NOON)).toEqual(['Promo']);
    expect(applied(WEDNESDAY_NOON)).toEqual(['Promo']);
    expect(applied({ date: '2026-11-26', weekday: 4, minute: 600 })).toEqual([]);
  });

  it('an empty weekday list means every day', () => {
    const daily: EarnWindow = { name: 'Daily', multiplierBp: 20000, weekdays: [] };
    expect(earnPoints(input({ windows: [daily], at: WEDNESDAY_NOON })).windowsApplied).toEqual(['Daily']);
  });

  it('several active windows all multiply', () => {
    const weekdays: EarnWindow = { name: 'Weekday', multiplierBp: 15000, weekdays: [1, 2, 3, 4, 5] };
    const r = earnPoints(input({ levelMultiplierBp: 12000, windows: [TUESDAYS_2X, weekdays] }));
    // 8880 × 1.2 × 2 × 1.5 / 100 = 319.68
    expect(r.points).toBe(319);
    expect(r.multiplierBp).toBe(36000);
    expect(r.windowsApplied).toEqual(['Tuesday', 'Weekday']);
  });

  it('an excluded product line earns nothing and is not eligible', () => {
    const r = earnPoints(input({ lines: [{ eligibleFen: 8880 }, { eligibleFen: 50000, excluded: true, rateBp: 50000 }] }));
    expect(r.points).toBe(88);
    expect(r.eligibleFen).toBe(8880);
    expect(earnPoints(input({ lines: [{ eligibleFen: 8880, excluded: true }] }))).toMatchObject({ points: 0, eligibleFen: 0 });
  });

  it('a product rate of 2 points per ¥1 on one line', () => {
    // 1000 × 2 + 1000 × 1 = 30 points
    expect(earnPoints(input({ lines: [{ eligibleFen: 1000, rateBp: 20000 }, { eligibleFen: 1000 }] })).points).toBe(30);
    // a product rate of 0 earns nothing but still counts as eligible spend
    expect(earnPoints(input({ lines: [{ eligibleFen: 1000, rateBp: 0 }] }))).toMatchObject({ points: 0, eligibleFen: 1000 });
    // the merchant default applies to lines without their own rate
    expect(earnPoints(input({ defaultRateBp: 5000, lines: [{ eligibleFen: 1000 }, { eligibleFen: 1000, rateBp: 10000 }] })).points).toBe(15);
  });

  it('floors once at the end of the order, never per line: two 0.6-point lines → 1', () => {
    expect(earnPoints(input({ lines: [{ eligibleFen: 60 }, { eligibleFen: 60 }] })).points).toBe(1);
    // likewise the multipliers act on the order total: 3 × 0.4 points × 1.5 = 1.8 → 1
    expect(earnPoints(input({ levelMultiplierBp: 15000, lines: [{ eligibleFen: 40 }, { eligibleFen: 40 }, { eligibleFen: 40 }] })).points).toBe(1);
  });

  it('store ratio 0.5× halves the points', () => {
    const r = earnPoints(input({ levelMultiplierBp: 15000, storeRatioBp: 5000 }));
    // 8880 × 1.5 × 0.5 / 100 = 66.6
    expect(r.points).toBe(66);
    expect(r.multiplierBp).toBe(7500);
    expect(r.steps[1]).toEqual({ factor: 'store ×0.5', bp: 5000 });
  });

  it('stays exact where the combined multiplier is not a whole bp', () => {
    // 1.0001 × 1.0001 = 1.00020001: display floors to 10002 bp, the points use every digit
    const r = earnPoints(input({ levelMultiplierBp: 10001, storeRatioBp: 10001, lines: [{ eligibleFen: 999_999_900 }] }));
    // 9_999_999 points × 1.00020001 = 10_001_999.09…
    expect(r.points).toBe(10_001_999);
    expect(r.multiplierBp).toBe(10002);
    expect(r.steps.map((s) => s.factor)).toEqual(['level ×1.0001', 'store ×1.0001']);
  });

  it('is exact for amounts where the products pass 2^53', () => {
    const r = earnPoints(input({ levelMultiplierBp: 15000, windows: [TUESDAYS_2X], lines: [{ eligibleFen: 1_000_000_000_000 }] }));
    expect(r.points).toBe(30_000_000_000);
  });

  it('never earns more than the exact product and less only by the final fraction', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ eligibleFen: fc.integer({ min: 0, max: 10_000_000 }), rateBp: fc.integer({ min: 0, max: 50000 }) }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 30000 }),
        (lines, level) => {
          const r = earnPoints(input({ lines, levelMultiplierBp: level }));
          const exactTimes = lines.reduce((a, l) => a + BigInt(l.eligibleFen) * BigInt(l.rateBp), 0n) * BigInt(level);
          const den = 100n * 10000n * 10000n;
          expect(BigInt(r.points) * den <= exactTimes).toBe(true);
          expect(BigInt(r.points + 1) * den > exactTimes).toBe(true);
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });

  it('rejects invalid input', () => {
    const bad: Partial<EarnInput>[] = [
      { lines: [{ eligibleFen: -1 }] },
      { lines: [{ eligibleFen: 10.5 }] },
      { lines: [{ eligibleFen: 100, rateBp: -1 }] },
      // an excluded line must still be well-formed
      { lines: [{ eligibleFen: -1, excluded: true }] },
      { defaultRateBp: -1 },
      { levelMultiplierBp: 1.5 },
      { storeRatioBp: -5000 },
      { windows: [{ name: 'x', multiplierBp: -1 }] },
      { windows: [{ name: 'x', multiplierBp: 20000, weekdays: [0] }] },
      { windows: [{ name: 'x', multiplierBp: 20000, weekdays: [8] }] },
      { windows: [{ name: 'x', multiplierBp: 20000, fromMinute: -1 }] },
      { windows: [{ name: 'x', multiplierBp: 20000, toMinute: 1441 }] },
      { windows: [{ name: 'x', multiplierBp: 20000, startsOn: '2026-02-30' }] },
      { windows: [{ name: 'x', multiplierBp: 20000, endsOn: '26-1-1' }] },
      { at: { date: '2026-13-01', weekday: 2, minute: 0 } },
      { at: { date: '2026-11-24', weekday: 8, minute: 0 } },
      { at: { date: '2026-11-24', weekday: 2, minute: 1440 } },
      { at: { date: '2026-11-24', weekday: 2, minute: -1 } },
      // the weekday must be the date's own weekday
      { at: { date: '2026-11-24', weekday: 3, minute: 0 } },
    ];
    for (const over of bad) expect(() => earnPoints(input(over)), JSON.stringify(over)).toThrow(RangeError);
  });
});

describe('RULES R4 points as cash', () => {
  it('100 points = ¥1: 1 point = 1 fen', () => {
    expect(pointsCashValueFen(100, 100)).toBe(100);
    expect(pointsCashValueFen(12345, 100)).toBe(12345);
    expect(pointsCashValueFen(0, 100)).toBe(0);
  });

  it('other rates floor to whole fen', () => {
    // 200 points = ¥1: 1 point = 0.5 fen
    expect(pointsCashValueFen(3, 200)).toBe(1);
    expect(pointsCashValueFen(4, 200)).toBe(2);
    // 50 points = ¥1: 1 point = 2 fen
    expect(pointsCashValueFen(3, 50)).toBe(6);
    // 30 points = ¥1: 10 points = 33.33 fen
    expect(pointsCashValueFen(10, 30)).toBe(33);
  });

  it('caps redemption at 50% of the order and at the points available', () => {
    // ¥88.80 order, 50% → at most 4440 fen → 4440 points
    expect(maxRedeemablePoints(8880, 10000, 100, 5000)).toBe(4440);
    expect(maxRedeemablePoints(8880, 1000, 100, 5000)).toBe(1000);
    expect(maxRedeemablePoints(8881, 10000, 100, 5000)).toBe(4440);
    expect(maxRedeemablePoints(8880, 10000, 100, 10000)).toBe(8880);
    expect(maxRedeemablePoints(8880, 10000, 100, 0)).toBe(0);
    expect(maxRedeemablePoints(0, 10000, 100, 5000)).toBe(0);
    expect(maxRedeemablePoints(8880, 0, 100, 5000)).toBe(0);
  });

  it('returns the largest count whose value fits, even when some points are worth under a fen', () => {
    // 200 points = ¥1, cap 50 fen: 101 points are worth floor(50.5) = 50 fen; 102 would be 51
    expect(maxRedeemablePoints(100, 1000, 200, 5000)).toBe(101);
    expect(pointsCashValueFen(101, 200)).toBe(50);
    // 50 points = ¥1, cap 50 fen → 25 points exactly
    expect(maxRedeemablePoints(100, 1000, 50, 5000)).toBe(25);
  });

  it('is the largest count within both caps for any input', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.integer({ min: 1, max: 10000 }),
        fc.integer({ min: 0, max: 10000 }),
        (order, available, ppy, share) => {
          const p = maxRedeemablePoints(order, available, ppy, share);
          const cap = Number((BigInt(order) * BigInt(share)) / 10000n);
          expect(p).toBeLessThanOrEqual(available);
          expect(pointsCashValueFen(p, ppy)).toBeLessThanOrEqual(cap);
          if (p < available) expect(pointsCashValueFen(p + 1, ppy)).toBeGreaterThan(cap);
        },
      ),
      { seed: 13, numRuns: 300 },
    );
  });

  it('is exact for point balances where × 100 passes 2^53', () => {
    expect(pointsCashValueFen(9_000_000_000_000_000, 100_000)).toBe(9_000_000_000_000);
  });

  it('rejects invalid input', () => {
    expect(() => pointsCashValueFen(-1, 100)).toThrow(RangeError);
    expect(() => pointsCashValueFen(1.5, 100)).toThrow(RangeError);
    expect(() => pointsCashValueFen(100, 0)).toThrow(RangeError);
    expect(() => maxRedeemablePoints(-1, 100, 100, 5000)).toThrow(RangeError);
    expect(() => maxRedeemablePoints(100, -1, 100, 5000)).toThrow(RangeError);
    expect(() => maxRedeemablePoints(100, 100, 0, 5000)).toThrow(RangeError);
    expect(() => maxRedeemablePoints(100, 100, 100, 10001)).toThrow(RangeError);
    expect(() => maxRedeemablePoints(100, 100, 100, -1)).toThrow(RangeError);
    expect(() => maxRedeemablePoints(100.5, 100, 100, 5000)).toThrow(RangeError);
  });
});
