import { describe, expect, it } from 'vitest';
import { planReturn, type ReturnablePayment } from './return-rules';

const pay = (seq: number, method: string, amountFen: number, extra: Partial<ReturnablePayment> = {}): ReturnablePayment => ({
  seq,
  method,
  amountFen,
  points: 0,
  principalFen: 0,
  bonusFen: 0,
  refundedFen: 0,
  refundedPoints: 0,
  refundedPrincipalFen: 0,
  ...extra,
});

describe('RULES R9 returns', () => {
  it('200 points, ¥70 paid with 150 points (¥1.50) + ¥68.50 cash, earned 68: a full return refunds ¥68.50, returns 150 and claws back 68', () => {
    const plan = planReturn({
      lines: [{ seq: 1, quantity: 1, amountFen: 7_000, returnedQuantity: 0, returnedFen: 0 }],
      request: [{ seq: 1, quantity: 1 }],
      payments: [pay(1, 'points', 150, { points: 150 }), pay(2, 'cash', 6_850)],
      orderTotalFen: 7_000,
      pointsEarned: 68,
      pointsClawedBefore: 0,
      memberPoints: 118,
      pointsPerYuan: 100,
    });
    expect(plan).toMatchObject({ goodsFen: 7_000, pointsReturned: 150, pointsClawback: 68, shortfallPoints: 0, shortfallFen: 0, refundFen: 7_000 });
    expect(plan.payments).toEqual([
      { seq: 1, method: 'points', amountFen: 150, points: 150, principalFen: 0, bonusFen: 0, shortfallFen: 0 },
      { seq: 2, method: 'cash', amountFen: 6_850, points: 0, principalFen: 0, bonusFen: 0, shortfallFen: 0 },
    ]);
    // 118 + 150 − 68 = 200: exactly the state before
    expect(118 + plan.pointsReturned - plan.pointsClawback).toBe(200);
  });

  it('shortfall: ¥100 cash earned 100 points that were spent; the return claws back 100 from 0 → refund ¥99.00', () => {
    const plan = planReturn({
      lines: [{ seq: 1, quantity: 1, amountFen: 10_000, returnedQuantity: 0, returnedFen: 0 }],
      request: [{ seq: 1, quantity: 1 }],
      payments: [pay(1, 'cash', 10_000)],
      orderTotalFen: 10_000,
      pointsEarned: 100,
      pointsClawedBefore: 0,
      memberPoints: 0,
      pointsPerYuan: 100,
    });
    expect(plan).toMatchObject({ pointsClawback: 100, shortfallPoints: 100, shortfallFen: 100, refundFen: 9_900 });
    expect(plan.payments[0]).toMatchObject({ method: 'cash', amountFen: 9_900, shortfallFen: 100 });
  });

  it('a shortfall kept back from cash still counts as that tender’s share, so later returns give the card its exact share', () => {
    const base = { orderTotalFen: 10_000, pointsEarned: 100, pointsPerYuan: 100 };
    const payments = [pay(1, 'stored_value', 5_000, { principalFen: 5_000 }), pay(2, 'cash', 5_000)];
    const first = planReturn({ ...base, lines: [{ seq: 1, quantity: 2, amountFen: 10_000, returnedQuantity: 0, returnedFen: 0 }], request: [{ seq: 1, quantity: 1 }], payments, pointsClawedBefore: 0, memberPoints: 0 });
    expect(first.payments.map((p) => [p.amountFen, p.shortfallFen])).toEqual([[2_500, 0], [2_450, 50]]);
    const second = planReturn({
      ...base,
      lines: [{ seq: 1, quantity: 2, amountFen: 10_000, returnedQuantity: 1, returnedFen: 5_000 }],
      request: [{ seq: 1, quantity: 1 }],
      payments: [pay(1, 'stored_value', 5_000, { principalFen: 5_000, refundedFen: 2_500, refundedPrincipalFen: 2_500 }), pay(2, 'cash', 5_000, { refundedFen: 2_500 })],
      pointsClawedBefore: 50,
      memberPoints: 0,
    });
    expect(second.payments.map((p) => [p.amountFen, p.shortfallFen])).toEqual([[2_500, 0], [2_450, 50]]);
    // card 2500 + 2500 = 5000 back, cash 2450 + 2450 = 4900: the ¥1.00 shortfall came off the cash, nothing moved between tenders
  });

  it('partial returns give back stored value in the sale split and add up to the whole', () => {
    const lines = [{ seq: 1, quantity: 3, amountFen: 1_000, returnedQuantity: 0, returnedFen: 0 }];
    const payments = [pay(1, 'stored_value', 600, { principalFen: 500, bonusFen: 100 }), pay(2, 'cash', 400)];
    const first = planReturn({ lines, request: [{ seq: 1, quantity: 1 }], payments, orderTotalFen: 1_000, pointsEarned: 10, pointsClawedBefore: 0, memberPoints: 50, pointsPerYuan: 100 });
    // 1000 over 3 units: 334, 333, 333
    expect(first.lines).toEqual([{ seq: 1, quantity: 1, amountFen: 334 }]);
    expect(first.payments.map((p) => [p.amountFen, p.principalFen, p.bonusFen])).toEqual([[200, 167, 33], [134, 0, 0]]);
    expect(first.pointsClawback).toBe(3);
    const second = planReturn({
      lines: [{ ...lines[0]!, returnedQuantity: 1, returnedFen: 334 }],
      request: [{ seq: 1, quantity: 2 }],
      payments: [pay(1, 'stored_value', 600, { principalFen: 500, bonusFen: 100, refundedFen: 200, refundedPrincipalFen: 167 }), pay(2, 'cash', 400, { refundedFen: 134 })],
      orderTotalFen: 1_000,
      pointsEarned: 10,
      pointsClawedBefore: 3,
      memberPoints: 47,
      pointsPerYuan: 100,
    });
    expect(second.lines[0]!.amountFen).toBe(666);
    expect(second.payments.map((p) => [p.amountFen, p.principalFen, p.bonusFen])).toEqual([[400, 333, 67], [266, 0, 0]]);
    expect(second.pointsClawback).toBe(7);
  });

  it('refuses returning more than is left', () => {
    const base = { payments: [pay(1, 'cash', 100)], orderTotalFen: 100, pointsEarned: 0, pointsClawedBefore: 0, memberPoints: null, pointsPerYuan: 100 };
    expect(() => planReturn({ ...base, lines: [{ seq: 1, quantity: 1, amountFen: 100, returnedQuantity: 1, returnedFen: 100 }], request: [{ seq: 1, quantity: 1 }] })).toThrow(RangeError);
    expect(() => planReturn({ ...base, lines: [], request: [{ seq: 9, quantity: 1 }] })).toThrow(RangeError);
  });
});
