import { describe, expect, it } from 'vitest';
import { allocate, applyRate, floorDiv, formatYuan, roundHalfUp } from './money';

describe('RULES R1 rounding', () => {
  it('prices ¥19.90 at 8.8折 as 1751 per unit and 5253 for three', () => {
    expect(applyRate(1990, 8800)).toBe(1751);
    expect(applyRate(1990, 8800) * 3).toBe(5253);
  });

  it('rounds halves up', () => {
    expect(roundHalfUp(25, 10)).toBe(3);
    expect(roundHalfUp(24, 10)).toBe(2);
    expect(roundHalfUp(-25, 10)).toBe(-3);
  });

  it('allocates an order discount of 100 over 1000/2000/3000 as 17/33/50', () => {
    expect(allocate(100, [1000, 2000, 3000])).toEqual([17, 33, 50]);
  });

  it('allocates a ¥20 coupon over ¥60 + ¥50 as 1091 / 909 (R8)', () => {
    expect(allocate(2000, [6000, 5000])).toEqual([1091, 909]);
  });

  it('always sums exactly, whatever the weights', () => {
    const weights = [1, 1, 1];
    expect(allocate(100, weights).reduce((a, b) => a + b, 0)).toBe(100);
    expect(allocate(7, [0, 0])).toEqual([7, 0]);
    expect(allocate(1_000_000_000_000, [3, 3, 3]).reduce((a, b) => a + b, 0)).toBe(1_000_000_000_000);
  });

  it('floors points like RULES R4: ¥88.80 at Gold 1.5× → 133', () => {
    expect(floorDiv(8880 * 1 * 15000, 100 * 10000)).toBe(133);
    expect(floorDiv(-7, 2)).toBe(-4);
  });

  it('formats fen as yuan for messages, sign kept below one yuan', () => {
    expect(formatYuan(1234)).toBe('12.34');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(-50)).toBe('-0.50');
    expect(formatYuan(-12345)).toBe('-123.45');
  });
});
