import { describe, expect, it } from 'vitest';
import { couponLineKeys, couponPricing, couponRefusal, couponValidity, type CouponUseAt } from './coupon-rules';

const SH = 'Asia/Shanghai';
const open = { weekdays: null, hours: null, storeIds: null, levelIds: null };
const coupon = { status: 'available' as const, memberId: 'm1', validFrom: '2026-11-01T00:00:00.000Z', validTo: '2026-12-01T00:00:00.000Z' };
// Thursday 26 Nov 2026, 18:00 in Shanghai
const at: CouponUseAt = { now: new Date('2026-11-26T10:00:00Z'), weekday: 4, minute: 18 * 60, storeId: 's1', memberId: 'm1', levelId: 'gold' };

describe('coupon validity (R8)', () => {
  it('fixed dates run from the first local midnight to the end of the last day', () => {
    expect(couponValidity({ validity: { kind: 'fixed', from: '2026-12-01', to: '2026-12-31' } }, new Date('2026-11-26T10:00:00Z'), SH)).toEqual({
      validFrom: '2026-11-30T16:00:00.000Z',
      validTo: '2026-12-31T16:00:00.000Z',
    });
  });

  it('"30 days" counts the day of issue as day 1', () => {
    // issued 26 Nov 23:30 Shanghai → usable to the end of 25 Dec
    expect(couponValidity({ validity: { kind: 'days', days: 30 } }, new Date('2026-11-26T15:30:00Z'), SH)).toEqual({
      validFrom: '2026-11-26T15:30:00.000Z',
      validTo: '2026-12-25T16:00:00.000Z',
    });
  });
});

describe('coupon refusals (R8)', () => {
  it('a valid coupon of this member at any store and hour is usable', () => {
    expect(couponRefusal(coupon, open, at)).toBeNull();
  });

  it('used, void, another member, before and after its dates', () => {
    expect(couponRefusal({ ...coupon, status: 'used' }, open, at)).toBe('used');
    expect(couponRefusal({ ...coupon, status: 'void' }, open, at)).toBe('void');
    expect(couponRefusal(coupon, open, { ...at, memberId: 'm2' })).toBe('other_member');
    expect(couponRefusal(coupon, open, { ...at, memberId: null })).toBe('other_member');
    expect(couponRefusal({ ...coupon, memberId: null }, open, { ...at, memberId: null })).toBeNull();
    expect(couponRefusal(coupon, open, { ...at, now: new Date('2026-10-31T23:59:59Z') })).toBe('not_yet_valid');
    expect(couponRefusal(coupon, open, { ...at, now: new Date('2026-12-01T00:00:00Z') })).toBe('expired');
  });

  it('weekdays, hours (also across midnight), store and level', () => {
    expect(couponRefusal(coupon, { ...open, weekdays: [6, 7] }, at)).toBe('wrong_day');
    expect(couponRefusal(coupon, { ...open, weekdays: [4] }, at)).toBeNull();
    expect(couponRefusal(coupon, { ...open, hours: { fromMinute: 9 * 60, toMinute: 18 * 60 } }, at)).toBe('outside_hours');
    expect(couponRefusal(coupon, { ...open, hours: { fromMinute: 9 * 60, toMinute: 18 * 60 } }, { ...at, minute: 18 * 60 - 1 })).toBeNull();
    expect(couponRefusal(coupon, { ...open, hours: { fromMinute: 22 * 60, toMinute: 2 * 60 } }, { ...at, minute: 60 })).toBeNull();
    expect(couponRefusal(coupon, { ...open, hours: { fromMinute: 22 * 60, toMinute: 2 * 60 } }, at)).toBe('outside_hours');
    expect(couponRefusal(coupon, { ...open, storeIds: ['s2'] }, at)).toBe('store');
    expect(couponRefusal(coupon, { ...open, levelIds: ['silver'] }, at)).toBe('level');
    expect(couponRefusal(coupon, { ...open, levelIds: ['gold'] }, { ...at, levelId: null })).toBe('level');
  });
});

describe('coupon scope and pricing', () => {
  const lines = [
    { key: '0', productId: 'p1', categoryIds: ['hair-colour', 'hair'] },
    { key: '1', productId: 'p2', categoryIds: ['nails'] },
    { key: '2', productId: null, categoryIds: [] },
  ];

  it('covers all lines, or those of its products or categories', () => {
    expect(couponLineKeys({ productScope: 'all', scopeIds: [] }, lines)).toEqual(['0', '1', '2']);
    expect(couponLineKeys({ productScope: 'products', scopeIds: ['p2'] }, lines)).toEqual(['1']);
    expect(couponLineKeys({ productScope: 'categories', scopeIds: ['hair', 'spa'] }, lines)).toEqual(['0']);
    expect(couponLineKeys({ productScope: 'categories', scopeIds: ['nails'] }, lines)).toEqual(['1']);
  });

  it('hands the engine an amount, or a rate with its cap, and the minimum spend', () => {
    const terms = { valueFen: 2000, rateBp: null, maxOffFen: null, minSpendFen: 10000 };
    expect(couponPricing('Q1', { ...terms, kind: 'threshold' }, ['0'])).toEqual({ code: 'Q1', lineKeys: ['0'], minSpendFen: 10000, amountFen: 2000 });
    expect(couponPricing('Q2', { ...terms, kind: 'discount', rateBp: 8000, maxOffFen: 5000, minSpendFen: 0 }, ['0'])).toEqual({ code: 'Q2', lineKeys: ['0'], minSpendFen: 0, rateBp: 8000, maxOffFen: 5000 });
  });
});
