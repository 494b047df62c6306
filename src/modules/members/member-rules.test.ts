import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskPhone } from '../../kernel/masking';
import { cardBlock, extendedUntil, generateCardNo, luhnDigit, validUntil } from './card-rules';
import { basisValue, keepsLevel, qualifyingLevel } from './level-rules';

const levels = [
  { id: 'normal', rank: 0, upgradeThreshold: 0 },
  { id: 'silver', rank: 1, upgradeThreshold: 100_000 },
  { id: 'gold', rank: 2, upgradeThreshold: 500_000 },
];

describe('RULES R5 levels', () => {
  it('lifetime spend ¥4,800 is Silver; paying ¥300 more makes Gold', () => {
    expect(qualifyingLevel(levels, 480_000, null)).toBe('silver');
    expect(qualifyingLevel(levels, 480_000 + 30_000, null)).toBe('gold');
  });

  it('reaching a threshold exactly upgrades; below it does not', () => {
    expect(qualifyingLevel(levels, 99_999, null)).toBe('normal');
    expect(qualifyingLevel(levels, 100_000, null)).toBe('silver');
  });

  it('a manual level is a floor, not a cap', () => {
    expect(qualifyingLevel(levels, 0, 'silver')).toBe('silver');
    expect(qualifyingLevel(levels, 600_000, 'silver')).toBe('gold');
  });

  it('ranks by the chosen basis, never the balance', () => {
    const totals = { spendFen: 1, points: 2, topupFen: 3 };
    expect([basisValue('spend', totals), basisValue('points', totals), basisValue('topup', totals)]).toEqual([1, 2, 3]);
  });

  it('keeps a level only while 12-month spend reaches its keep threshold', () => {
    expect(keepsLevel(null, 0)).toBe(true);
    expect(keepsLevel(200_000, 199_999)).toBe(false);
    expect(keepsLevel(200_000, 200_000)).toBe(true);
  });
});

describe('RULES R13 cards', () => {
  const issued = new Date('2026-01-31T02:00:00Z');
  it('computes validity for every card type kind', () => {
    expect(validUntil(issued, 'permanent', null)).toBeNull();
    expect(validUntil(issued, 'days', 30)?.toISOString()).toBe('2026-03-02T02:00:00.000Z');
    expect(validUntil(issued, 'month', null)?.toISOString()).toBe('2026-02-28T02:00:00.000Z');
    expect(validUntil(issued, 'quarter', null)?.toISOString()).toBe('2026-04-30T02:00:00.000Z');
    expect(validUntil(issued, 'year', null)?.toISOString()).toBe('2027-01-31T02:00:00.000Z');
  });

  it('extends from the current expiry, or from now once expired', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(extendedUntil(new Date('2026-07-01T00:00:00Z'), now, 'days', 10)?.toISOString()).toBe('2026-07-11T00:00:00.000Z');
    expect(extendedUntil(new Date('2026-05-01T00:00:00Z'), now, 'days', 10)?.toISOString()).toBe('2026-06-11T00:00:00.000Z');
  });

  it('blocks lost, frozen, expired and dead cards', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(cardBlock('active', null, now)).toBeNull();
    expect(cardBlock('active', '2026-07-01T00:00:00Z', now)).toBeNull();
    expect(cardBlock('active', '2026-06-01T00:00:00Z', now)).toBe('CARD_EXPIRED');
    expect(cardBlock('lost', null, now)).toBe('CARD_LOST');
    expect(cardBlock('frozen', null, now)).toBe('CARD_FROZEN');
    expect(cardBlock('replaced', null, now)).toBe('CARD_INACTIVE');
  });

  it('generates 12-digit numbers with a valid Luhn digit', () => {
    expect(luhnDigit('7992739871')).toBe(3);
    for (let i = 0; i < 100; i++) {
      const no = generateCardNo();
      expect(no).toMatch(/^[1-9]\d{11}$/);
      expect(luhnDigit(no.slice(0, 11))).toBe(Number(no[11]));
    }
  });

  it('masks phones and ID numbers', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskIdNumber('110101199003071234')).toBe('110***********1234');
    expect(maskPhone(null)).toBeNull();
  });
});
