import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_FEN } from '../../kernel/money';
import {
  combinedRateBp,
  memberUnitPrice,
  minutesBetween,
  mulDivHalfUp,
  orderRounding,
  timeBilling,
  unitAfterRate,
  type MemberUnitPriceInput,
} from './pricing-rules';

const GOLD = 9000;
const SILVER = 8000;

function price(over: Partial<MemberUnitPriceInput> = {}) {
  return memberUnitPrice({
    listPriceFen: 10000,
    memberDiscountAllowed: true,
    levelDiscountBp: null,
    storeDiscountBp: null,
    storeRatioApplies: true,
    levelPriceFen: null,
    specialPriceFen: null,
    ...over,
  });
}

describe('RULES R1 rate per unit, round half up', () => {
  it('¥19.90 at 8.8折 → 1990 × 8800 / 10000 = 1751.2 → 1751; × 3 = 5253', () => {
    expect(unitAfterRate(1990, 8800)).toBe(1751);
    expect(unitAfterRate(1990, 8800) * 3).toBe(5253);
  });

  it('rounds .5 up and below .5 down', () => {
    expect(unitAfterRate(15, 9000)).toBe(14); // 13.5
    expect(unitAfterRate(25, 9000)).toBe(23); // 22.5
    expect(unitAfterRate(16, 9000)).toBe(14); // 14.4
    expect(unitAfterRate(1990, 8850)).toBe(1761); // 1761.15
    expect(unitAfterRate(1, 5000)).toBe(1); // 0.5
    expect(unitAfterRate(1, 4999)).toBe(0); // 0.4999
    expect(unitAfterRate(1990, 10000)).toBe(1990);
    expect(unitAfterRate(1990, 0)).toBe(0);
  });

  it('mulDivHalfUp is exact up to MAX_FEN × 10000 (past 2^53)', () => {
    expect(mulDivHalfUp(MAX_FEN, 10000, 10000)).toBe(MAX_FEN);
    expect(mulDivHalfUp(MAX_FEN - 1, 9999, 10000)).toBe(999_899_999_999); // 999 899 999 999.0001
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_FEN }), fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 1, max: 10000 }), (a, b, d) => {
        const exact = (2n * BigInt(a) * BigInt(b) + BigInt(d)) / (2n * BigInt(d));
        expect(mulDivHalfUp(a, b, d)).toBe(Number(exact));
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('mulDivHalfUp refuses results a number cannot hold and bad operands', () => {
    expect(() => mulDivHalfUp(Number.MAX_SAFE_INTEGER, 10, 1)).toThrow(RangeError);
    expect(() => mulDivHalfUp(-1, 1, 1)).toThrow(RangeError);
    expect(() => mulDivHalfUp(1, 1, 0)).toThrow(RangeError);
    expect(() => mulDivHalfUp(1.5, 1, 1)).toThrow(RangeError);
  });
});

describe('RULES R2 member unit price', () => {
  it('list ¥100, Gold 9折, special ¥85 this week → pays ¥85 (special)', () => {
    expect(price({ levelDiscountBp: GOLD, specialPriceFen: 8500 })).toEqual({ unitPriceFen: 8500, rule: 'special', rateBp: null });
  });

  it('Silver 8折 beats the special ¥85 → ¥80 (level_discount)', () => {
    expect(price({ levelDiscountBp: SILVER, specialPriceFen: 8500 })).toEqual({ unitPriceFen: 8000, rule: 'level_discount', rateBp: 8000 });
  });

  it('R1: the level rate is applied per unit, half up — ¥19.90 at 8.8折 → 1751', () => {
    expect(price({ listPriceFen: 1990, levelDiscountBp: 8800 })).toEqual({ unitPriceFen: 1751, rule: 'level_discount', rateBp: 8800 });
  });

  it('store 9.5折 × level 9折 = 8550 bp → ¥85.50', () => {
    expect(price({ levelDiscountBp: GOLD, storeDiscountBp: 9500 })).toEqual({ unitPriceFen: 8550, rule: 'level_discount', rateBp: 8550 });
  });

  it('the store ratio is ignored when switched off or not set', () => {
    expect(price({ levelDiscountBp: GOLD, storeDiscountBp: 9500, storeRatioApplies: false })).toEqual({ unitPriceFen: 9000, rule: 'level_discount', rateBp: 9000 });
    expect(price({ levelDiscountBp: GOLD, storeDiscountBp: null })).toEqual({ unitPriceFen: 9000, rule: 'level_discount', rateBp: 9000 });
  });

  it('the store ratio does not apply to walk-ins (they have no level discount)', () => {
    expect(price({ storeDiscountBp: 9500 })).toEqual({ unitPriceFen: 10000, rule: 'list', rateBp: null });
  });

  it('combined rate = round_half_up(level × store / 10000) bp', () => {
    expect(combinedRateBp(9000, 9500)).toBe(8550);
    expect(combinedRateBp(9001, 5000)).toBe(4501); // 4500.5
    expect(combinedRateBp(9333, 9500)).toBe(8866); // 8866.35
    expect(combinedRateBp(8845, 9500)).toBe(8403); // 8402.75
    expect(combinedRateBp(10000, 10000)).toBe(10000);
    expect(() => combinedRateBp(10001, 9500)).toThrow(RangeError);
  });

  it('the level member price wins when it is the lowest', () => {
    expect(price({ levelDiscountBp: GOLD, levelPriceFen: 8800, specialPriceFen: 9500 })).toEqual({ unitPriceFen: 8800, rule: 'level_price', rateBp: null });
  });

  it('a product without member discount keeps list unless special (or its own level price)', () => {
    expect(price({ levelDiscountBp: GOLD, memberDiscountAllowed: false })).toEqual({ unitPriceFen: 10000, rule: 'list', rateBp: null });
    expect(price({ levelDiscountBp: GOLD, memberDiscountAllowed: false, specialPriceFen: 9500 })).toEqual({ unitPriceFen: 9500, rule: 'special', rateBp: null });
    // an explicit per-level price is the merchant's own choice for this product: the flag gates only the rate
    expect(price({ levelDiscountBp: GOLD, memberDiscountAllowed: false, levelPriceFen: 9200 })).toEqual({ unitPriceFen: 9200, rule: 'level_price', rateBp: null });
  });

  it('walk-ins get special prices but never level prices or level discounts', () => {
    expect(price({ specialPriceFen: 9000 })).toEqual({ unitPriceFen: 9000, rule: 'special', rateBp: null });
    expect(price({ levelPriceFen: 8000 })).toEqual({ unitPriceFen: 10000, rule: 'list', rateBp: null });
    expect(price({ levelPriceFen: 8000, specialPriceFen: 9000 })).toEqual({ unitPriceFen: 9000, rule: 'special', rateBp: null });
  });

  it('never stacks: special ¥85 with Gold 9折 is ¥85, not ¥76.50', () => {
    expect(price({ levelDiscountBp: GOLD, specialPriceFen: 8500 }).unitPriceFen).toBe(8500);
  });

  it('ties resolve to the simplest explanation: list < special < level_price < level_discount', () => {
    expect(price({ specialPriceFen: 10000 }).rule).toBe('list');
    expect(price({ levelDiscountBp: 10000 }).rule).toBe('list');
    expect(price({ levelDiscountBp: GOLD, specialPriceFen: 9000 }).rule).toBe('special');
    expect(price({ levelDiscountBp: GOLD, levelPriceFen: 9000 }).rule).toBe('level_price');
    expect(price({ levelDiscountBp: GOLD, levelPriceFen: 8500, specialPriceFen: 8500 }).rule).toBe('special');
  });

  it('a special price above list is ignored', () => {
    expect(price({ specialPriceFen: 12000 })).toEqual({ unitPriceFen: 10000, rule: 'list', rateBp: null });
  });

  it('the result is always the minimum of the applicable candidates', () => {
    const opt = (max: number) => fc.option(fc.integer({ min: 0, max }), { nil: null });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }), fc.boolean(), opt(10000), opt(10000), fc.boolean(), opt(1_000_000), opt(1_000_000),
        (list, allowed, level, store, applies, levelPrice, special) => {
          const r = price({ listPriceFen: list, memberDiscountAllowed: allowed, levelDiscountBp: level, storeDiscountBp: store, storeRatioApplies: applies, levelPriceFen: levelPrice, specialPriceFen: special });
          const candidates = [list];
          if (special !== null) candidates.push(special);
          if (level !== null && levelPrice !== null) candidates.push(levelPrice);
          if (level !== null && allowed) candidates.push(unitAfterRate(list, applies && store !== null ? combinedRateBp(level, store) : level));
          expect(r.unitPriceFen).toBe(Math.min(...candidates));
          expect(r.unitPriceFen).toBeLessThanOrEqual(list);
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });

  it('rejects bad input', () => {
    expect(() => price({ listPriceFen: -1 })).toThrow(RangeError);
    expect(() => price({ listPriceFen: 19.9 })).toThrow(RangeError);
    expect(() => price({ listPriceFen: MAX_FEN + 1 })).toThrow(RangeError);
    expect(() => price({ levelDiscountBp: 10001 })).toThrow(RangeError);
    expect(() => price({ levelDiscountBp: 0.88 })).toThrow(RangeError);
    expect(() => price({ storeDiscountBp: -1 })).toThrow(RangeError);
    expect(() => price({ specialPriceFen: -5 })).toThrow(RangeError);
    expect(() => price({ levelPriceFen: 1.5 })).toThrow(RangeError);
  });
});

describe('RULES R1 抹零 (order rounding)', () => {
  it('¥123.45 → drops 5 (drop_fen) / 45 (drop_jiao) / 0 (none)', () => {
    expect(orderRounding(12345, 'drop_fen')).toBe(5);
    expect(orderRounding(12345, 'drop_jiao')).toBe(45);
    expect(orderRounding(12345, 'none')).toBe(0);
  });

  it('drops nothing on round amounts and everything below ¥1 with drop_jiao', () => {
    expect(orderRounding(12300, 'drop_jiao')).toBe(0);
    expect(orderRounding(12340, 'drop_fen')).toBe(0);
    expect(orderRounding(99, 'drop_jiao')).toBe(99);
    expect(orderRounding(7, 'drop_fen')).toBe(7);
    expect(orderRounding(0, 'drop_jiao')).toBe(0);
  });

  it('rejects negative or fractional totals and unknown modes', () => {
    expect(() => orderRounding(-1, 'drop_fen')).toThrow(RangeError);
    expect(() => orderRounding(1.5, 'drop_fen')).toThrow(RangeError);
    expect(() => orderRounding(100, 'drop_yuan' as never)).toThrow(RangeError);
  });
});

describe('RULES R7 time billing', () => {
  const at30 = (minutes: number, over: Partial<Parameters<typeof timeBilling>[0]> = {}) => timeBilling({ minutes, ratePerHourFen: 3000, capFen: null, ...over });

  it('14:00 → 15:22 = 82 min → 90 min billed at ¥30/h → 4500', () => {
    expect(minutesBetween('2026-11-24T14:00:00+08:00', '2026-11-24T15:22:00+08:00')).toBe(82);
    expect(at30(82)).toEqual({ billedMinutes: 90, amountFen: 4500, free: false, capped: false });
  });

  it('14:00 → 14:04 is within the 5-minute grace → free', () => {
    expect(at30(4)).toEqual({ billedMinutes: 0, amountFen: 0, free: true, capped: false });
  });

  it('grace boundary: 5 min is free, 6 min bills one whole unit (grace is not deducted)', () => {
    expect(at30(5).free).toBe(true);
    expect(at30(0).free).toBe(true);
    expect(at30(6)).toEqual({ billedMinutes: 15, amountFen: 750, free: false, capped: false });
  });

  it('exact units are not rounded up; one minute more is a whole unit', () => {
    expect(at30(15)).toMatchObject({ billedMinutes: 15, amountFen: 750 });
    expect(at30(16)).toMatchObject({ billedMinutes: 30, amountFen: 1500 });
    expect(at30(90)).toMatchObject({ billedMinutes: 90, amountFen: 4500 });
    expect(at30(91)).toMatchObject({ billedMinutes: 105, amountFen: 5250 });
  });

  it('the amount is round_half_up(billed × rate / 60)', () => {
    expect(at30(15, { ratePerHourFen: 1999 }).amountFen).toBe(500); // 499.75
    expect(at30(15, { ratePerHourFen: 10 }).amountFen).toBe(3); // 2.5
    expect(at30(15, { ratePerHourFen: 1 }).amountFen).toBe(0); // 0.25
  });

  it('the cap limits a session; at exactly the cap nothing is cut', () => {
    expect(at30(600, { capFen: 10000 })).toEqual({ billedMinutes: 600, amountFen: 10000, free: false, capped: true });
    expect(at30(200, { capFen: 10500 })).toEqual({ billedMinutes: 210, amountFen: 10500, free: false, capped: false });
    expect(at30(200, { capFen: 10499 })).toEqual({ billedMinutes: 210, amountFen: 10499, free: false, capped: true });
  });

  it('unit and grace are configurable', () => {
    expect(at30(7, { unitMinutes: 1, graceMinutes: 0 })).toMatchObject({ billedMinutes: 7, amountFen: 350 });
    expect(at30(1, { unitMinutes: 60, graceMinutes: 0 })).toMatchObject({ billedMinutes: 60, amountFen: 3000 });
    expect(at30(10, { graceMinutes: 10 }).free).toBe(true);
  });

  it('rejects bad input', () => {
    expect(() => at30(-1)).toThrow(RangeError);
    expect(() => at30(1.5)).toThrow(RangeError);
    expect(() => at30(30, { unitMinutes: 0 })).toThrow(RangeError);
    expect(() => at30(30, { ratePerHourFen: -1 })).toThrow(RangeError);
    expect(() => at30(30, { capFen: -1 })).toThrow(RangeError);
  });

  it('billed minutes are the smallest multiple of the unit ≥ minutes; amount never passes the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 100_000 }), fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
        (minutes, unit, grace, rate, cap) => {
          const r = timeBilling({ minutes, ratePerHourFen: rate, unitMinutes: unit, graceMinutes: grace, capFen: cap });
          if (minutes <= grace) {
            expect(r).toEqual({ billedMinutes: 0, amountFen: 0, free: true, capped: false });
            return;
          }
          expect(r.billedMinutes % unit).toBe(0);
          expect(r.billedMinutes).toBeGreaterThanOrEqual(minutes);
          expect(r.billedMinutes - minutes).toBeLessThan(unit);
          if (cap !== null) expect(r.amountFen).toBeLessThanOrEqual(cap);
        }),
      { seed: 5, numRuns: 300 },
    );
  });
});

describe('RULES R7 minutesBetween', () => {
  it('counts whole minutes, dropping seconds', () => {
    expect(minutesBetween('2026-11-24T14:00:00+08:00', '2026-11-24T15:22:59+08:00')).toBe(82);
    expect(minutesBetween('2026-11-24T14:00:30Z', '2026-11-24T14:01:29Z')).toBe(0);
    expect(minutesBetween('2026-11-24T14:00Z', '2026-11-24T14:00Z')).toBe(0);
  });

  it('compares instants, whatever offset each is written in', () => {
    expect(minutesBetween('2026-11-24T06:00:00Z', '2026-11-24T15:22:00+08:00')).toBe(82);
    expect(minutesBetween('2026-11-24T23:50:00+08:00', '2026-11-25T00:10:00.000+08:00')).toBe(20);
  });

  it('throws if check-out is before check-in', () => {
    expect(() => minutesBetween('2026-11-24T15:00:00+08:00', '2026-11-24T14:59:00+08:00')).toThrow(RangeError);
  });

  it('refuses local times without an offset and garbage', () => {
    expect(() => minutesBetween('2026-11-24T14:00:00', '2026-11-24T15:00:00Z')).toThrow(RangeError);
    expect(() => minutesBetween('2026-11-24T14:00:00Z', 'later')).toThrow(RangeError);
    expect(() => minutesBetween('2026-13-40T14:00:00Z', '2026-11-24T15:00:00Z')).toThrow(RangeError);
  });
});
