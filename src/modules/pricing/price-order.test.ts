import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CouponMinSpendNotMet, priceOrder, type PricedOrder, type PriceOrderInput, type PriceOrderLine } from './price-order';

function line(key: string, listPriceFen: number, over: Partial<PriceOrderLine> = {}): PriceOrderLine {
  return {
    key,
    productId: `p-${key}`,
    name: `Product ${key}`,
    quantity: 1,
    listPriceFen,
    memberDiscountAllowed: true,
    levelPriceFen: null,
    specialPriceFen: null,
    points: { excluded: false, rateBp: null },
    ...over,
  };
}

function order(lines: PriceOrderLine[], over: Partial<PriceOrderInput> = {}): PricedOrder {
  return priceOrder({ lines, member: null, storeDiscountBp: null, storeRatioApplies: true, rounding: 'none', ...over });
}

const GOLD = { levelDiscountBp: 9000 };
const amounts = (o: PricedOrder) => o.lines.map((l) => l.amountFen);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('priceOrder: R1 / R2 member price', () => {
  it('¥19.90 × 3 at 8.8折 → unit 1751, line 5253, member discount 717', () => {
    const o = order([line('a', 1990, { quantity: 3 })], { member: { levelDiscountBp: 8800 } });
    expect(o.lines[0]).toEqual({
      key: 'a',
      quantity: 3,
      listUnitFen: 1990,
      unitPriceFen: 1751,
      amountFen: 5253,
      adjustments: [{ kind: 'member', rule: 'level_discount', amountFen: -717, rateBp: 8800, detail: 'list 1990 × 8800 bp per unit' }],
      pointsEligibleFen: 5253,
    });
    expect(o).toMatchObject({ subtotalFen: 5970, memberDiscountFen: 717, totalFen: 5253, lowestManualRateBp: 10000 });
  });

  it('list ¥100: Gold 9折 with special ¥85 → 8500 special; Silver 8折 → 8000; store 9.5折 × Gold → 8550', () => {
    const special = line('a', 10000, { specialPriceFen: 8500 });
    expect(order([special], { member: GOLD }).lines[0]!.adjustments).toEqual([
      { kind: 'member', rule: 'special', amountFen: -1500, rateBp: null, detail: 'special 8500 per unit' },
    ]);
    expect(order([special], { member: { levelDiscountBp: 8000 } }).lines[0]).toMatchObject({ unitPriceFen: 8000, amountFen: 8000 });
    const store = order([line('a', 10000)], { member: GOLD, storeDiscountBp: 9500 });
    expect(store.lines[0]!.adjustments).toEqual([
      { kind: 'member', rule: 'level_discount', amountFen: -1450, rateBp: 8550, detail: 'list 10000 × 8550 bp (level 9000 × store 9500) per unit' },
    ]);
    expect(order([line('a', 10000)], { member: GOLD, storeDiscountBp: 9500, storeRatioApplies: false }).totalFen).toBe(9000);
  });

  it('the level member price wins when lowest; a walk-in pays list or special only', () => {
    const l = line('a', 10000, { levelPriceFen: 8800, specialPriceFen: 9500 });
    expect(order([l], { member: GOLD }).lines[0]!.adjustments[0]).toMatchObject({ rule: 'level_price', amountFen: -1200 });
    expect(order([l]).lines[0]!.adjustments[0]).toMatchObject({ rule: 'special', amountFen: -500 });
    expect(order([line('a', 10000)]).lines[0]!.adjustments).toEqual([]);
  });

  it('a product without member discount keeps list unless special', () => {
    expect(order([line('a', 10000, { memberDiscountAllowed: false })], { member: GOLD }).totalFen).toBe(10000);
    expect(order([line('a', 10000, { memberDiscountAllowed: false, specialPriceFen: 9900 })], { member: GOLD }).totalFen).toBe(9900);
  });
});

describe('priceOrder: manual line changes', () => {
  it('a manual 7折 on one line of three applies per unit on the member price', () => {
    const o = order(
      [line('a', 10000), line('b', 5000, { manual: { kind: 'percent', rateBp: 7000, reason: '老顾客' } }), line('c', 3000, { quantity: 2 })],
      { member: GOLD },
    );
    expect(o.lines.map((l) => l.unitPriceFen)).toEqual([9000, 3150, 2700]);
    expect(amounts(o)).toEqual([9000, 3150, 5400]);
    expect(o.lines[1]!.adjustments).toEqual([
      { kind: 'member', rule: 'level_discount', amountFen: -500, rateBp: 9000, detail: 'list 5000 × 9000 bp per unit' },
      { kind: 'manual', rule: 'manual_percent', amountFen: -1350, rateBp: 7000, detail: '老顾客' },
    ]);
    expect(o).toMatchObject({ subtotalFen: 21000, memberDiscountFen: 2100, manualDiscountFen: 1350, totalFen: 17550, lowestManualRateBp: 7000 });
  });

  it('manual percent rounds per unit: 8.8折 of ¥19.90 × 3 → 1751 × 3', () => {
    const o = order([line('a', 1990, { quantity: 3, manual: { kind: 'percent', rateBp: 8800, reason: 'r' } })]);
    expect(o.lines[0]).toMatchObject({ unitPriceFen: 1751, amountFen: 5253 });
    expect(o.manualDiscountFen).toBe(717);
  });

  it('a manual price change (改价) replaces the unit price', () => {
    const o = order([line('a', 1990, { quantity: 2, manual: { kind: 'price', unitPriceFen: 1500, reason: '临期' } })]);
    expect(o.lines[0]).toMatchObject({
      unitPriceFen: 1500,
      amountFen: 3000,
      adjustments: [{ kind: 'manual', rule: 'manual_price', amountFen: -980, rateBp: null, detail: '临期' }],
    });
    // 1500 / 1990 = 0.75377 → rounded up to 7538 bp
    expect(o).toMatchObject({ manualDiscountFen: 980, totalFen: 3000, lowestManualRateBp: 7538 });
  });

  it('a manual price is measured against the member price, and may not exceed it', () => {
    const o = order([line('a', 10000, { manual: { kind: 'price', unitPriceFen: 8100, reason: 'r' } })], { member: GOLD });
    expect(o).toMatchObject({ memberDiscountFen: 1000, manualDiscountFen: 900, totalFen: 8100, lowestManualRateBp: 9000 });
    expect(() => order([line('a', 10000, { manual: { kind: 'price', unitPriceFen: 9001, reason: 'r' } })], { member: GOLD })).toThrow(RangeError);
    expect(order([line('a', 10000, { manual: { kind: 'price', unitPriceFen: 9000, reason: 'r' } })], { member: GOLD }).lowestManualRateBp).toBe(10000);
  });

  it('a manual amount comes off the line total, capped at the line total', () => {
    const o = order([line('a', 2500, { quantity: 2, manual: { kind: 'amount', amountFen: 800, reason: '瑕疵' } })]);
    expect(o.lines[0]).toMatchObject({ unitPriceFen: 2500, amountFen: 4200 });
    expect(o).toMatchObject({ manualDiscountFen: 800, lowestManualRateBp: 8400 });
    const capped = order([line('a', 5000, { manual: { kind: 'amount', amountFen: 9999, reason: '赠送' } })]);
    expect(capped.lines[0]!.adjustments).toEqual([{ kind: 'manual', rule: 'manual_amount', amountFen: -5000, rateBp: null, detail: '赠送' }]);
    expect(capped).toMatchObject({ totalFen: 0, manualDiscountFen: 5000, lowestManualRateBp: 0 });
  });

  it('the manual rate is the rate typed in, not the rounded result (9折 of 16 fen is 14 fen)', () => {
    expect(order([line('a', 16, { manual: { kind: 'percent', rateBp: 9000, reason: 'r' } })]).lowestManualRateBp).toBe(9000);
  });
});

describe('priceOrder: order discount, coupons, 抹零 (R1 allocation)', () => {
  it('an order amount discount of 100 over 1000 / 2000 / 3000 → 17 / 33 / 50', () => {
    const o = order([line('a', 1000), line('b', 2000), line('c', 3000)], { orderDiscount: { kind: 'amount', amountFen: 100, reason: '店长' } });
    expect(o.lines.map((l) => l.adjustments)).toEqual([
      [{ kind: 'order_discount', rule: 'order_amount', amountFen: -17, rateBp: null, detail: '店长' }],
      [{ kind: 'order_discount', rule: 'order_amount', amountFen: -33, rateBp: null, detail: '店长' }],
      [{ kind: 'order_discount', rule: 'order_amount', amountFen: -50, rateBp: null, detail: '店长' }],
    ]);
    expect(amounts(o)).toEqual([983, 1967, 2950]);
    expect(o).toMatchObject({ orderDiscountFen: 100, totalFen: 5900, lowestManualRateBp: 9834 });
  });

  it('an order percent discount rounds once on the total, then allocates (9.5折 of 4980 → 249 → 100 / 149)', () => {
    const o = order([line('a', 1990), line('b', 2990)], { orderDiscount: { kind: 'percent', rateBp: 9500, reason: '会员日' } });
    expect(o.orderDiscountFen).toBe(249);
    expect(amounts(o)).toEqual([1890, 2841]);
    expect(o.lines[0]!.adjustments).toEqual([{ kind: 'order_discount', rule: 'order_percent', amountFen: -100, rateBp: 9500, detail: '会员日' }]);
    expect(o).toMatchObject({ totalFen: 4731, lowestManualRateBp: 9500 });
  });

  it('an order discount is capped at the order and stacks with a manual line change for the role check', () => {
    const o = order([line('a', 1000, { manual: { kind: 'percent', rateBp: 9000, reason: 'r' } })], { orderDiscount: { kind: 'percent', rateBp: 9000, reason: 'r' } });
    expect(o).toMatchObject({ totalFen: 810, lowestManualRateBp: 8100 });
    const all = order([line('a', 1000), line('b', 500)], { orderDiscount: { kind: 'amount', amountFen: 99999, reason: 'r' } });
    expect(all).toMatchObject({ orderDiscountFen: 1500, totalFen: 0, lowestManualRateBp: 0 });
    expect(amounts(all)).toEqual([0, 0]);
  });

  it('R8: a ¥20 coupon on lines ¥60 + ¥50 → 1091 / 909; other lines untouched', () => {
    const o = order([line('a', 6000), line('b', 5000), line('c', 3000)], { coupons: [{ code: 'MJ100-20', amountFen: 2000, lineKeys: ['a', 'b'] }] });
    expect(o.lines.map((l) => l.adjustments)).toEqual([
      [{ kind: 'coupon', rule: 'coupon', amountFen: -1091, rateBp: null, detail: 'MJ100-20' }],
      [{ kind: 'coupon', rule: 'coupon', amountFen: -909, rateBp: null, detail: 'MJ100-20' }],
      [],
    ]);
    expect(amounts(o)).toEqual([4909, 4091, 3000]);
    expect(o).toMatchObject({ couponDiscountFen: 2000, totalFen: 12000, couponsApplied: [{ code: 'MJ100-20', amountFen: 2000 }], lowestManualRateBp: 10000 });
  });

  it('R8: a 满减 ¥20-off-¥100 is checked against its lines after member pricing, not the list price', () => {
    // ¥60 + ¥50 in scope = ¥110 ≥ ¥100 → applies; at Gold 9折 they cost ¥99 → refused
    const mj = { code: 'MJ', amountFen: 2000, minSpendFen: 10000, lineKeys: ['a', 'b'] };
    expect(order([line('a', 6000), line('b', 5000)], { coupons: [mj] }).couponDiscountFen).toBe(2000);
    const refused = (() => {
      try {
        order([line('a', 6000), line('b', 5000), line('c', 9000)], { member: GOLD, coupons: [mj] });
      } catch (err) {
        return err;
      }
    })();
    expect(refused).toBeInstanceOf(CouponMinSpendNotMet);
    expect(refused).toMatchObject({ index: 0, minSpendFen: 10000, scopeFen: 9900 });
  });

  it('R8: a 8折 discount coupon takes 20% of its lines, rounded once and capped at its maximum', () => {
    const o = order([line('a', 6000), line('b', 5000), line('c', 3000)], { coupons: [{ code: 'Z8', rateBp: 8000, lineKeys: ['a', 'b'] }] });
    expect(o.couponsApplied).toEqual([{ code: 'Z8', amountFen: 2200 }]);
    expect(amounts(o)).toEqual([4800, 4000, 3000]);
    const capped = order([line('a', 33333)], { coupons: [{ code: 'Z8', rateBp: 8000, maxOffFen: 5000, lineKeys: ['a'] }] });
    expect(capped.couponsApplied).toEqual([{ code: 'Z8', amountFen: 5000 }]);
    // 20% of 1234 = 246.8 → pays 987 (half-up), takes 247
    expect(order([line('a', 1234)], { coupons: [{ code: 'Z8', rateBp: 8000, lineKeys: ['a'] }] }).couponDiscountFen).toBe(247);
    expect(() => order([line('a', 100)], { coupons: [{ code: 'X', rateBp: 8000, amountFen: 10, lineKeys: ['a'] }] })).toThrow(RangeError);
  });

  it('a coupon larger than its lines takes only what they cost', () => {
    const o = order([line('a', 1500), line('b', 5000)], { coupons: [{ code: 'V20', amountFen: 2000, lineKeys: ['a'] }] });
    expect(amounts(o)).toEqual([0, 5000]);
    expect(o.couponsApplied).toEqual([{ code: 'V20', amountFen: 1500 }]);
  });

  it('抹零 drop_jiao: ¥12.34 + ¥111.11 = ¥123.45 → 45 allocated 4 / 41 → ¥123.00', () => {
    const o = order([line('a', 1234), line('b', 11111)], { rounding: 'drop_jiao' });
    expect(o.lines.map((l) => l.adjustments)).toEqual([
      [{ kind: 'rounding', rule: 'drop_jiao', amountFen: -4, rateBp: null, detail: '抹零 to the yuan' }],
      [{ kind: 'rounding', rule: 'drop_jiao', amountFen: -41, rateBp: null, detail: '抹零 to the yuan' }],
    ]);
    expect(o).toMatchObject({ roundingFen: 45, totalFen: 12300 });
  });

  it('抹零 drop_fen: ¥123.45 → 5 dropped, all on the larger line (0 / 5) → ¥123.40', () => {
    const o = order([line('a', 1234), line('b', 11111)], { rounding: 'drop_fen' });
    expect(o.lines[0]!.adjustments).toEqual([]);
    expect(o.lines[1]!.adjustments).toEqual([{ kind: 'rounding', rule: 'drop_fen', amountFen: -5, rateBp: null, detail: '抹零 to the jiao' }]);
    expect(o).toMatchObject({ roundingFen: 5, totalFen: 12340 });
  });

  it('every step together, explained line by line', () => {
    const o = priceOrder({
      lines: [
        line('shampoo', 1990, { quantity: 3, points: { excluded: false, rateBp: null } }),
        line('cut', 6000, { manual: { kind: 'price', unitPriceFen: 5000, reason: '老顾客' } }),
        line('card', 5000, { memberDiscountAllowed: false, points: { excluded: true, rateBp: null } }),
      ],
      member: { levelDiscountBp: 8800 },
      storeDiscountBp: null,
      storeRatioApplies: true,
      orderDiscount: { kind: 'amount', amountFen: 1000, reason: '店庆' },
      coupons: [{ code: 'C10', amountFen: 1000, lineKeys: ['shampoo', 'cut'] }],
      rounding: 'drop_jiao',
    });
    // member: 1751 × 3 = 5253, 6000 → 5280 → 改价 5000, card 5000 (no member discount)
    // order −1000 over 5253 / 5000 / 5000 (Σ 15253): 344.39 / 327.80 / 327.80 → 344 / 328 / 328
    // coupon −1000 over 4909 / 4672 (Σ 9581): 512.37 / 487.63 → 512 / 488
    // subtotal after: 4397 + 4184 + 4672 = 13253 → drop 53: 17.58 / 16.73 / 18.68 → floors 17 / 16 / 18, the 2 left go to the largest remainders (.73, .68) → 17 / 17 / 19
    expect(o.lines[0]!.adjustments).toEqual([
      { kind: 'member', rule: 'level_discount', amountFen: -717, rateBp: 8800, detail: 'list 1990 × 8800 bp per unit' },
      { kind: 'order_discount', rule: 'order_amount', amountFen: -344, rateBp: null, detail: '店庆' },
      { kind: 'coupon', rule: 'coupon', amountFen: -512, rateBp: null, detail: 'C10' },
      { kind: 'rounding', rule: 'drop_jiao', amountFen: -17, rateBp: null, detail: '抹零 to the yuan' },
    ]);
    expect(o.lines[1]!.adjustments.map((a) => [a.rule, a.amountFen])).toEqual([
      ['level_discount', -720],
      ['manual_price', -280],
      ['order_amount', -328],
      ['coupon', -488],
      ['drop_jiao', -17],
    ]);
    expect(amounts(o)).toEqual([4380, 4167, 4653]);
    expect(o.lines.map((l) => l.pointsEligibleFen)).toEqual([4380, 4167, 0]);
    // the cashier's 改价 (5000 / 5280 → 9470) composed with the order discount (14253 / 15253 → 9345) → 8850
    expect(o).toMatchObject({
      subtotalFen: 16970,
      memberDiscountFen: 1437,
      manualDiscountFen: 280,
      orderDiscountFen: 1000,
      couponDiscountFen: 1000,
      roundingFen: 53,
      totalFen: 13200,
      lowestManualRateBp: 8850,
    });
  });

  it('an empty order prices to zero', () => {
    expect(order([], { rounding: 'drop_jiao', orderDiscount: { kind: 'amount', amountFen: 100, reason: 'r' } })).toMatchObject({
      lines: [], subtotalFen: 0, orderDiscountFen: 0, totalFen: 0, lowestManualRateBp: 10000,
    });
  });
});

describe('priceOrder: bad input', () => {
  it('refuses what the checkout must have validated', () => {
    expect(() => order([line('a', 100), line('a', 200)])).toThrow(/twice/);
    expect(() => order([line('a', 100, { quantity: 0 })])).toThrow(RangeError);
    expect(() => order([line('a', 100, { quantity: 1.5 })])).toThrow(RangeError);
    expect(() => order([line('a', -1)])).toThrow(RangeError);
    expect(() => order([line('a', 1_000_000_000_000, { quantity: 2 })])).toThrow(RangeError);
    expect(() => order([line('a', 600_000_000_000), line('b', 600_000_000_000)])).toThrow(RangeError);
    expect(() => order([line('a', 100, { manual: { kind: 'percent', rateBp: 10001, reason: 'r' } })])).toThrow(RangeError);
    expect(() => order([line('a', 100, { manual: { kind: 'amount', amountFen: -1, reason: 'r' } })])).toThrow(RangeError);
    expect(() => order([line('a', 100)], { orderDiscount: { kind: 'percent', rateBp: -1, reason: 'r' } })).toThrow(RangeError);
    expect(() => order([line('a', 100)], { coupons: [{ code: 'X', amountFen: 10, lineKeys: ['zz'] }] })).toThrow(/unknown line/);
    expect(() => order([line('a', 100)], { coupons: [{ code: 'X', amountFen: 10, lineKeys: [] }] })).toThrow(RangeError);
    expect(() => order([line('a', 100)], { coupons: [{ code: 'X', amountFen: 10, lineKeys: ['a', 'a'] }] })).toThrow(RangeError);
    expect(() => order([line('a', 100)], { coupons: [{ code: 'X', amountFen: 1.5, lineKeys: ['a'] }] })).toThrow(RangeError);
  });
});

describe('priceOrder invariants (fast-check)', () => {
  const KEYS = ['a', 'b', 'c', 'd', 'e', 'f'];
  const optFen = fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: null });
  const manual = fc.option(
    fc.oneof(
      fc.record({ kind: fc.constant('percent' as const), rateBp: fc.integer({ min: 0, max: 10000 }), reason: fc.constant('r') }),
      fc.record({ kind: fc.constant('amount' as const), amountFen: fc.integer({ min: 0, max: 300_000 }), reason: fc.constant('r') }),
      // a manual price as a share of the member price, so it is never above it
      fc.record({ kind: fc.constant('price' as const), shareBp: fc.integer({ min: 0, max: 10000 }) }),
    ),
    { nil: undefined },
  );
  const lineArb = fc.record({
    listPriceFen: fc.integer({ min: 0, max: 200_000 }),
    quantity: fc.integer({ min: 1, max: 20 }),
    memberDiscountAllowed: fc.boolean(),
    levelPriceFen: optFen,
    specialPriceFen: optFen,
    excluded: fc.boolean(),
    manual,
  });
  const inputArb = fc.record({
    lines: fc.array(lineArb, { minLength: 0, maxLength: KEYS.length }),
    member: fc.option(fc.record({ levelDiscountBp: fc.integer({ min: 0, max: 10000 }) }), { nil: null }),
    storeDiscountBp: fc.option(fc.integer({ min: 0, max: 10000 }), { nil: null }),
    storeRatioApplies: fc.boolean(),
    orderDiscount: fc.option(
      fc.oneof(
        fc.record({ kind: fc.constant('percent' as const), rateBp: fc.integer({ min: 0, max: 10000 }), reason: fc.constant('o') }),
        fc.record({ kind: fc.constant('amount' as const), amountFen: fc.integer({ min: 0, max: 2_000_000 }), reason: fc.constant('o') }),
      ),
      { nil: undefined },
    ),
    coupons: fc.array(fc.record({ amountFen: fc.integer({ min: 0, max: 500_000 }), mask: fc.array(fc.boolean(), { minLength: KEYS.length, maxLength: KEYS.length }) }), { maxLength: 3 }),
    rounding: fc.constantFrom('none' as const, 'drop_fen' as const, 'drop_jiao' as const),
  });

  type Generated = typeof inputArb extends fc.Arbitrary<infer T> ? T : never;

  function build(g: Generated): PriceOrderInput {
    const lines = g.lines.map((l, i): PriceOrderLine => {
      const base = line(KEYS[i]!, l.listPriceFen, {
        quantity: l.quantity,
        memberDiscountAllowed: l.memberDiscountAllowed,
        levelPriceFen: l.levelPriceFen,
        specialPriceFen: l.specialPriceFen,
        points: { excluded: l.excluded, rateBp: null },
      });
      if (!l.manual) return base;
      if (l.manual.kind !== 'price') return { ...base, manual: l.manual };
      // find the member unit price by pricing the line alone, then pick a price at or below it
      const alone = priceOrder({ lines: [base], member: g.member, storeDiscountBp: g.storeDiscountBp, storeRatioApplies: g.storeRatioApplies, rounding: 'none' });
      const unit = Math.floor((alone.lines[0]!.unitPriceFen * l.manual.shareBp) / 10000);
      return { ...base, manual: { kind: 'price', unitPriceFen: unit, reason: 'p' } };
    });
    const keys = lines.map((l) => l.key);
    const coupons = lines.length === 0 ? [] : g.coupons.map((c, i) => {
      const picked = keys.filter((_, k) => c.mask[k]);
      return { code: `C${i}`, amountFen: c.amountFen, lineKeys: picked.length ? picked : [keys[0]!] };
    });
    return { lines, member: g.member, storeDiscountBp: g.storeDiscountBp, storeRatioApplies: g.storeRatioApplies, orderDiscount: g.orderDiscount, coupons, rounding: g.rounding };
  }

  it('Σ lines = total, no negative line, subtotal − discounts = total, every line explained by its adjustments', () => {
    fc.assert(
      fc.property(inputArb, (g) => {
        const input = build(g);
        const o = priceOrder(input);
        expect(sum(amounts(o))).toBe(o.totalFen);
        expect(o.subtotalFen - o.memberDiscountFen - o.manualDiscountFen - o.orderDiscountFen - o.couponDiscountFen - o.roundingFen).toBe(o.totalFen);
        expect(o.subtotalFen).toBe(sum(input.lines.map((l) => l.listPriceFen * l.quantity)));
        for (const [i, l] of o.lines.entries()) {
          expect(l.amountFen).toBeGreaterThanOrEqual(0);
          expect(l.listUnitFen * l.quantity + sum(l.adjustments.map((a) => a.amountFen))).toBe(l.amountFen);
          // everything is a discount: nothing ever raises a price
          for (const a of l.adjustments) expect(a.amountFen).toBeLessThanOrEqual(0);
          expect(l.unitPriceFen).toBeLessThanOrEqual(l.listUnitFen);
          expect(l.pointsEligibleFen).toBe(input.lines[i]!.points.excluded ? 0 : l.amountFen);
        }
        for (const d of [o.memberDiscountFen, o.manualDiscountFen, o.orderDiscountFen, o.couponDiscountFen, o.roundingFen]) expect(d).toBeGreaterThanOrEqual(0);
        expect(o.couponDiscountFen).toBe(sum(o.couponsApplied.map((c) => c.amountFen)));
        o.couponsApplied.forEach((c, i) => expect(c.amountFen).toBeLessThanOrEqual(input.coupons![i]!.amountFen!));
        if (input.rounding === 'drop_fen') expect(o.totalFen % 10).toBe(0);
        if (input.rounding === 'drop_jiao') expect(o.totalFen % 100).toBe(0);
        expect(o.lowestManualRateBp).toBeGreaterThanOrEqual(0);
        expect(o.lowestManualRateBp).toBeLessThanOrEqual(10000);
        const anyManual = input.lines.some((l) => l.manual) || input.orderDiscount;
        if (!anyManual) expect(o.lowestManualRateBp).toBe(10000);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('pricing is deterministic and does not change its input', () => {
    fc.assert(
      fc.property(inputArb, (g) => {
        const input = build(g);
        const copy = structuredClone(input);
        expect(priceOrder(input)).toEqual(priceOrder(copy));
        expect(input).toEqual(copy);
      }),
      { seed: 43, numRuns: 100 },
    );
  });
});
