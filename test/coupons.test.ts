import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { couponCodes } from '../src/modules/coupons/coupons.service';
import { ApiClient, loggedIn } from './support/api-client';
import { closeTestSystem } from './support/close';
import { createRole, createStaff, createStore, STAFF_PASSWORD } from './support/fixtures';
import { merchantSnapshot } from './support/db-inspect';
import { ledgerProblems } from './support/ledger-invariants';
import { ADMIN, createTestSystem, type TestSystem } from './support/test-system';

// the test clock starts on Thursday 26 Nov 2026, 10:00 in Shanghai
let system: TestSystem;
let admin: ApiClient;
let store: { id: string };
let otherStore: { id: string };
let cardType: string;
let levels: { normal: string; gold: string };
let hair: string;
let seq = 0;
const phone = () => `137${String(10_000_000 + ++seq).slice(-8)}`;
const cash = (amountFen: number) => ({ method: 'cash', amountFen });

async function product(listPriceFen: number, extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/products', { code: `CP${++seq}`, name: `商品${seq}`, kind: 'goods', listPriceFen, memberDiscountAllowed: true, ...extra });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as string;
}

async function member(levelId = levels.normal, homeStoreId = store.id) {
  const res = await admin.post('/api/members', { name: `会员${++seq}`, phone: phone(), homeStoreId, card: { cardTypeId: cardType } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  if (levelId !== levels.normal) await admin.post(`/api/members/${res.body.id}/level`, { levelId, reason: '测试' });
  return res.body.id as string;
}

const base = {
  kind: 'threshold',
  valueFen: 2_000,
  rateBp: null,
  maxOffFen: null,
  minSpendFen: 10_000,
  validity: { kind: 'days', days: 30 },
  weekdays: null,
  hours: null,
  productScope: 'all',
  scopeIds: [],
  storeIds: null,
  levelIds: null,
  perMemberLimit: null,
  totalQuantity: null,
};
async function template(over: Record<string, unknown> = {}) {
  const res = await admin.post('/api/coupon-templates', { name: `券${++seq}`, ...base, ...over });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as string;
}

/** Issues one coupon of the template to the member and returns its code. */
async function give(templateId: string, memberId: string) {
  const res = await admin.post('/api/coupons/issue', { templateId, target: { kind: 'members', memberIds: [memberId] } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  const list = await admin.get(`/api/coupons?memberId=${memberId}&templateId=${templateId}`);
  return list.body.items[0].code as string;
}

const couponOf = async (code: string, api = admin) => (await api.get(`/api/coupons/code/${code}`)).body;

beforeAll(async () => {
  system = await createTestSystem();
  admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  store = await createStore(admin, { name: '券测试店' });
  otherStore = await createStore(admin, { name: '别的店' });
  expect((await admin.post('/api/auth/switch-store', { storeId: store.id })).status).toBe(200);
  const level = async (code: string, rank: number, discountBp: number) =>
    (await admin.post('/api/member-levels', { code, name: code, rank, upgradeThreshold: rank * 10_000_000, discountBp, pointsMultiplierBp: 10_000 })).body.id as string;
  levels = { normal: await level('normal', 0, 10_000), gold: await level('gold', 2, 9_000) };
  cardType = (await admin.post('/api/card-types', { code: 'c', name: '会员卡', validityKind: 'permanent' })).body.id;
  hair = (await admin.post('/api/product-categories', { code: 'hair', name: '美发' })).body.id;
});
afterAll(async () => {
  expect(await ledgerProblems(system.db.kysely, system.merchantId)).toEqual([]);
  await closeTestSystem(system);
});

describe('RULES R8 at the till', () => {
  it('a ¥20-off-¥100 coupon on lines ¥60 + ¥50 takes 1091 / 909, is used once, and a second use is refused', async () => {
    const [a, b] = [await product(6_000, { memberDiscountAllowed: false }), await product(5_000, { memberDiscountAllowed: false })];
    const m = await member();
    const code = await give(await template(), m);
    expect(code).toMatch(/^Q\d{12}$/);
    const cart = { memberId: m, lines: [{ productId: a, quantity: 1 }, { productId: b, quantity: 1 }], couponCodes: [code] };
    const quote = (await admin.post('/api/checkout/quote', cart)).body;
    expect(quote).toMatchObject({ subtotalFen: 11_000, couponDiscountFen: 2_000, totalFen: 9_000, coupons: [{ code, amountFen: 2_000 }] });
    expect(quote.lines.map((l: { amountFen: number }) => l.amountFen)).toEqual([4_909, 4_091]);
    const paid = await admin.post('/api/checkout', { ...cart, payments: [cash(9_000)] });
    expect(paid.status).toBe(201);
    expect(paid.body).toMatchObject({ couponDiscountFen: 2_000, totalFen: 9_000, pointsEarned: 90 });
    expect(await couponOf(code)).toMatchObject({ status: 'used', usedOrderId: paid.body.id, discountFen: 2_000 });
    const again = await admin.post('/api/checkout', { ...cart, payments: [cash(9_000)] });
    expect(again.body.error).toMatchObject({ code: 'COUPON_USED', field: 'couponCodes.0' });
  });

  it('the threshold counts in-scope lines after member pricing: ¥60 + ¥50 of hair at Gold 9折 = ¥99 → refused, whatever else is bought', async () => {
    const a = await product(6_000, { categoryId: hair });
    const b = await product(5_000, { categoryId: hair });
    const other = await product(50_000);
    const m = await member(levels.gold);
    const code = await give(await template({ productScope: 'categories', scopeIds: [hair] }), m);
    const before = await merchantSnapshot(system.db.kysely, system.merchantId);
    const res = await admin.post('/api/checkout', { memberId: m, lines: [{ productId: a, quantity: 1 }, { productId: b, quantity: 1 }, { productId: other, quantity: 1 }], couponCodes: [code], payments: [cash(54_900)] });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'COUPON_MIN_SPEND_NOT_MET', field: 'couponCodes.0', details: { minSpendFen: 10_000, scopeFen: 9_900 } });
    expect(res.body.error.message).toBe(`券“${code}”需适用商品满 100.00 元（当前 99.00 元）`);
    expect(await merchantSnapshot(system.db.kysely, system.merchantId)).toEqual(before);
    // nothing of the coupon's categories in the cart at all
    const none = await admin.post('/api/checkout/quote', { memberId: m, lines: [{ productId: other, quantity: 1 }], couponCodes: [code] });
    expect(none.body.error).toMatchObject({ code: 'COUPON_NO_ELIGIBLE_LINES', field: 'couponCodes.0' });
  });

  it('outside its hours, weekdays, store or levels, for another member, or expired: refused with a stable code', async () => {
    const p = await product(20_000);
    const m = await member();
    const quote = async (code: string, memberId = m) => (await admin.post('/api/checkout/quote', { memberId, lines: [{ productId: p, quantity: 1 }], couponCodes: [code] })).body;
    // 10:00 on a Thursday in Shanghai
    expect((await quote(await give(await template({ hours: { from: '18:00', to: '22:00' } }), m))).error).toMatchObject({ code: 'COUPON_OUTSIDE_HOURS', field: 'couponCodes.0' });
    expect((await quote(await give(await template({ hours: { from: '09:00', to: '11:00' } }), m))).couponDiscountFen).toBe(2_000);
    expect((await quote(await give(await template({ weekdays: [6, 7] }), m))).error.code).toBe('COUPON_WRONG_DAY');
    expect((await quote(await give(await template({ storeIds: [otherStore.id] }), m))).error.code).toBe('COUPON_STORE_NOT_ALLOWED');
    expect((await quote(await give(await template({ levelIds: [levels.gold] }), m))).error.code).toBe('COUPON_LEVEL_NOT_ALLOWED');
    expect((await quote(await give(await template(), m), await member())).error.code).toBe('COUPON_OTHER_MEMBER');
    expect((await quote(await give(await template({ validity: { kind: 'fixed', from: '2026-12-01', to: '2026-12-31' } }), m))).error.code).toBe('COUPON_NOT_YET_VALID');
    expect((await quote('Q000000000000')).error).toMatchObject({ code: 'COUPON_NOT_FOUND', details: { code: 'Q000000000000' } });
    const expired = await give(await template({ validity: { kind: 'fixed', from: '2026-11-01', to: '2026-11-25' } }), m);
    expect((await quote(expired)).error.code).toBe('COUPON_EXPIRED');
    expect(await couponOf(expired)).toMatchObject({ status: 'expired' });
  });

  it('a 8折 coupon capped at ¥50; one coupon per order unless every one is stackable', async () => {
    const p = await product(40_000, { memberDiscountAllowed: false });
    const m = await member();
    const z8 = await give(await template({ kind: 'discount', valueFen: 0, rateBp: 8_000, maxOffFen: 5_000, minSpendFen: 0 }), m);
    const cart = (codes: string[]) => ({ memberId: m, lines: [{ productId: p, quantity: 1 }], couponCodes: codes });
    expect((await admin.post('/api/checkout/quote', cart([z8]))).body).toMatchObject({ couponDiscountFen: 5_000, totalFen: 35_000 });
    const cashCoupon = await give(await template({ kind: 'cash', valueFen: 1_000, minSpendFen: 0 }), m);
    expect((await admin.post('/api/checkout/quote', cart([z8, cashCoupon]))).body.error).toMatchObject({ code: 'COUPON_NOT_STACKABLE', field: 'couponCodes.0' });
    expect((await admin.post('/api/checkout/quote', cart([z8, z8]))).body.error).toMatchObject({ code: 'COUPON_REPEATED', field: 'couponCodes.1' });
    const s1 = await give(await template({ kind: 'cash', valueFen: 1_000, minSpendFen: 0, stackable: true }), m);
    const s2 = await give(await template({ kind: 'cash', valueFen: 500, minSpendFen: 0, stackable: true }), m);
    expect((await admin.post('/api/checkout/quote', cart([s1, s2]))).body).toMatchObject({ couponDiscountFen: 1_500, totalFen: 38_500 });
  });

  it('the quote lists the member’s coupons best first, with why one does not apply', async () => {
    const p = await product(15_000, { memberDiscountAllowed: false });
    const m = await member();
    const small = await give(await template({ kind: 'cash', valueFen: 500, minSpendFen: 0 }), m);
    const big = await give(await template(), m);
    const evening = await give(await template({ hours: { from: '18:00', to: '22:00' } }), m);
    const res = await admin.post('/api/checkout/quote', { memberId: m, lines: [{ productId: p, quantity: 1 }] }, { 'accept-language': 'en-US' });
    expect(res.body.couponOptions.map((o: { code: string; amountFen: number; refusal: { code: string } | null }) => [o.code, o.amountFen, o.refusal?.code ?? null])).toEqual([
      [big, 2_000, null],
      [small, 500, null],
      [evening, 0, 'COUPON_OUTSIDE_HOURS'],
    ]);
    expect(res.body.couponOptions[2].refusal.message).toBe(`Coupon “${evening}” cannot be used at this hour`);
  });
});

describe('single use across tills', () => {
  it('two tills redeeming the same coupon at once → exactly one succeeds', async () => {
    const p = await product(12_000, { memberDiscountAllowed: false });
    const m = await member();
    const code = await give(await template(), m);
    const tills = await Promise.all(
      ['C1', 'C2', 'C3', 'C4'].map(async (tillCode) => {
        const till = (await admin.post(`/api/stores/${store.id}/tills`, { code: tillCode, name: tillCode })).body;
        const api = await loggedIn(system, ADMIN.username, ADMIN.password);
        expect((await api.post('/api/auth/switch-store', { storeId: store.id, tillId: till.id })).status).toBe(200);
        return api;
      }),
    );
    const results = await Promise.all(tills.map((api) => api.post('/api/checkout', { memberId: m, lines: [{ productId: p, quantity: 1 }], couponCodes: [code], payments: [cash(10_000)] })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('COUPON_USED');
    const winner = results.find((r) => r.status === 201)!;
    expect(await couponOf(code)).toMatchObject({ status: 'used', usedOrderId: winner.body.id });
    const uses = await system.db.kysely.selectFrom('coupon_uses').selectAll().where('merchant_id', '=', system.merchantId).where('order_id', 'in', results.map((r) => r.body.id ?? '-')).execute();
    expect(uses).toHaveLength(1);
  });
});

describe('returns (RULES R8, R9)', () => {
  async function sale(over: Record<string, unknown> = {}) {
    const [a, b] = [await product(6_000, { memberDiscountAllowed: false }), await product(5_000, { memberDiscountAllowed: false })];
    const m = await member();
    const code = await give(await template(over), m);
    const res = await admin.post('/api/checkout', { memberId: m, lines: [{ productId: a, quantity: 1 }, { productId: b, quantity: 1 }], couponCodes: [code], payments: [cash(9_000)] });
    expect(res.status).toBe(201);
    return { order: res.body, code, member: m };
  }

  it('returning one line keeps the coupon used; returning the rest gives it back while valid', async () => {
    const { order, code } = await sale();
    const first = await admin.post(`/api/orders/${order.id}/returns`, { lines: [{ seq: 1, quantity: 1 }], reason: '不合适' });
    expect(first.body).toMatchObject({ refundFen: 4_909, couponsRestored: [], couponsKeptUsed: [] });
    const coupon = await couponOf(code);
    expect(coupon.status).toBe('used');
    // the coupon's report counts what the order still holds: ¥90.00 − ¥49.09 returned
    const report = (await admin.get(`/api/reports/coupon-effectiveness?from=2026-11-26&to=2026-11-26&templateId=${coupon.templateId}`)).body;
    expect(report.totals).toMatchObject({ used: 1, discountFen: 2_000, salesFen: 4_091, cashInFen: 4_091 });
    const preview = await admin.post(`/api/orders/${order.id}/returns/preview`, { lines: [{ seq: 2, quantity: 1 }] });
    expect(preview.body).toMatchObject({ refundFen: 4_091, couponsRestored: [code], couponsKeptUsed: [] });
    const last = await admin.post(`/api/orders/${order.id}/returns`, { lines: [{ seq: 2, quantity: 1 }], reason: '不合适' });
    expect(last.body).toMatchObject({ refundFen: 4_091, couponsRestored: [code] });
    expect(await couponOf(code)).toMatchObject({ status: 'available', usedOrderId: null, discountFen: null });
  });

  it('a void gives the coupon back, a restore uses it again, and a restore is refused once the coupon is used elsewhere', async () => {
    const { order, code, member: m } = await sale();
    expect((await admin.post(`/api/orders/${order.id}/void`, { reason: '录错' })).body.couponsRestored).toEqual([code]);
    expect((await admin.post(`/api/orders/${order.id}/restore`, { reason: '恢复' })).status).toBe(201);
    expect(await couponOf(code)).toMatchObject({ status: 'used', usedOrderId: order.id, discountFen: 2_000 });
    // void again, spend the coupon on another sale: the void can no longer be restored
    await admin.post(`/api/orders/${order.id}/void`, { reason: '再撤销' });
    const p = await product(10_000, { memberDiscountAllowed: false });
    expect((await admin.post('/api/checkout', { memberId: m, lines: [{ productId: p, quantity: 1 }], couponCodes: [code], payments: [cash(8_000)] })).status).toBe(201);
    const before = await merchantSnapshot(system.db.kysely, system.merchantId);
    const blocked = await admin.post(`/api/orders/${order.id}/restore`, { reason: '恢复' });
    expect(blocked.body.error.code).toBe('ORDER_RESTORE_BLOCKED');
    expect(await merchantSnapshot(system.db.kysely, system.merchantId)).toEqual(before);
  });

  it('an expired coupon stays used when its order is returned', async () => {
    const { order, code } = await sale({ validity: { kind: 'fixed', from: '2026-11-01', to: '2026-11-26' } });
    // 27 Nov 00:30 in Shanghai: the coupon ended at midnight
    system.clock.set('2026-11-26T16:30:00Z');
    try {
      // a session of its own: the admin's would idle out across the jump
      const later = await loggedIn(system, ADMIN.username, ADMIN.password);
      await later.post('/api/auth/switch-store', { storeId: store.id });
      const res = await later.post(`/api/orders/${order.id}/void`, { reason: '退货' });
      expect(res.body).toMatchObject({ refundFen: 9_000, couponsRestored: [], couponsKeptUsed: [code] });
      expect(await couponOf(code, later)).toMatchObject({ status: 'used', usedOrderId: order.id });
    } finally {
      system.clock.set('2026-11-26T02:00:00Z');
    }
  });
});

describe('issuing', () => {
  it('to every Gold member by filter, within the per-member limit and the total, all or nothing', async () => {
    const tag = `T${++seq}`;
    const golds = [await member(levels.gold), await member(levels.gold), await member(levels.gold)];
    for (const id of golds) await admin.patch(`/api/members/${id}`, { tags: [tag] });
    const t = await template({ perMemberLimit: 1, totalQuantity: 5 });
    const target = { kind: 'filter', levelId: levels.gold, tag };
    expect((await admin.post('/api/coupons/issue/preview', { templateId: t, target })).body).toEqual({ members: 3, coupons: 3, left: 5 });
    expect((await admin.post('/api/coupons/issue', { templateId: t, target })).body).toEqual({ members: 3, issued: 3, skippedAtLimit: 0, codes: [] });
    // again: everyone already holds their one
    expect((await admin.post('/api/coupons/issue', { templateId: t, target })).body).toEqual({ members: 3, issued: 0, skippedAtLimit: 3, codes: [] });
    const single = await admin.post('/api/coupons/issue', { templateId: t, target: { kind: 'members', memberIds: [golds[0]] } });
    expect(single.body.error).toMatchObject({ code: 'COUPON_MEMBER_LIMIT', details: { limit: 1 } });
    // 2 left of 5: three more members would pass the total, so none is issued
    const more = [await member(levels.gold), await member(levels.gold), await member(levels.gold)];
    const before = await merchantSnapshot(system.db.kysely, system.merchantId);
    const over = await admin.post('/api/coupons/issue', { templateId: t, target: { kind: 'members', memberIds: more } });
    expect(over.body.error).toMatchObject({ code: 'COUPON_QUANTITY_EXHAUSTED', details: { total: 5, left: 2 } });
    expect(await merchantSnapshot(system.db.kysely, system.merchantId)).toEqual(before);
    expect((await admin.get(`/api/coupons?templateId=${t}`)).body.total).toBe(3);
  });

  it('a code drawn twice in one batch, or one the merchant already has, is drawn again', async () => {
    const t = await template();
    const draws = ['Q100000000001', 'Q100000000001', 'Q100000000002', 'Q100000000002', 'Q100000000003', 'Q100000000004'];
    const draw = vi.spyOn(couponCodes, 'draw').mockImplementation(() => draws.shift()!);
    try {
      const first = await admin.post('/api/coupons/issue', { templateId: t, target: { kind: 'codes', count: 1 } });
      expect(first.body.codes).toEqual(['Q100000000001']);
      const batch = await admin.post('/api/coupons/issue', { templateId: t, target: { kind: 'codes', count: 3 } });
      expect(batch.status).toBe(201);
      expect([...batch.body.codes].sort()).toEqual(['Q100000000002', 'Q100000000003', 'Q100000000004']);
      expect(draws).toEqual([]);
    } finally {
      draw.mockRestore();
    }
  });

  it('the per-member limit holds when several issues reach one member at once', async () => {
    const t = await template({ perMemberLimit: 1 });
    const m = await member();
    const results = await Promise.all(Array.from({ length: 6 }, () => admin.post('/api/coupons/issue', { templateId: t, target: { kind: 'members', memberIds: [m] } })));
    expect(results.map((r) => (r.status === 201 ? `201 ${r.body.issued}` : `${r.status} ${r.body.error.code}`)).sort()).toEqual([
      '201 1',
      ...Array(5).fill('409 COUPON_MEMBER_LIMIT'),
    ]);
    expect((await admin.get(`/api/coupons?memberId=${m}&templateId=${t}`)).body.total).toBe(1);
  });

  it('printed codes belong to no one: a walk-in can redeem one by scanning', async () => {
    const t = await template({ kind: 'cash', valueFen: 1_000, minSpendFen: 0 });
    const made = await admin.post('/api/coupons/issue', { templateId: t, target: { kind: 'codes', count: 3 } });
    expect(made.body).toMatchObject({ members: 0, issued: 3 });
    expect(new Set(made.body.codes).size).toBe(3);
    const p = await product(3_000);
    const res = await admin.post('/api/checkout', { memberId: null, lines: [{ productId: p, quantity: 1 }], couponCodes: [made.body.codes[0]], payments: [cash(2_000)] });
    expect(res.status).toBe(201);
    expect((await couponOf(made.body.codes[0])).status).toBe('used');
  });

  it('spend ≥ ¥200 earns a ¥20 voucher for the next visit; voiding the sale voids it and restoring it gives it back; refused once the voucher is used', async () => {
    const voucher = await template({ kind: 'cash', valueFen: 2_000, minSpendFen: 0 });
    const rule = await admin.post('/api/coupon-rules', { name: '满200送20', trigger: 'checkout', templateId: voucher, quantity: 1, minSpendFen: 20_000, storeIds: [store.id] });
    expect(rule.status).toBe(201);
    const p = await product(10_000, { memberDiscountAllowed: false });
    const m = await member();
    const small = await admin.post('/api/checkout', { memberId: m, lines: [{ productId: p, quantity: 1 }], payments: [cash(10_000)] });
    expect(small.body.couponsIssued).toEqual([]);
    const big = await admin.post('/api/checkout', { memberId: m, lines: [{ productId: p, quantity: 2 }], payments: [cash(20_000)] });
    expect(big.body.couponsIssued).toEqual([{ code: expect.stringMatching(/^Q\d{12}$/), name: expect.any(String), validTo: '2026-12-25T16:00:00.000Z' }]);
    const code = big.body.couponsIssued[0].code;
    expect(await couponOf(code)).toMatchObject({ memberId: m, channel: 'checkout', status: 'available' });
    expect((await admin.get(`/api/orders/${big.body.id}`)).body.couponsIssued).toEqual(big.body.couponsIssued);
    await admin.post(`/api/orders/${big.body.id}/void`, { reason: '退货' });
    expect((await couponOf(code)).status).toBe('void');
    // restoring the sale gives the voucher back; voiding it again cancels it again
    expect((await admin.post(`/api/orders/${big.body.id}/restore`, { reason: '恢复' })).status).toBe(201);
    expect((await couponOf(code)).status).toBe('available');
    await admin.post(`/api/orders/${big.body.id}/void`, { reason: '再撤' });
    expect((await couponOf(code)).status).toBe('void');

    // once the earned voucher is spent the member has had its ¥20: the sale can no longer be undone in full
    const earning = await admin.post('/api/checkout', { memberId: m, lines: [{ productId: p, quantity: 2 }], payments: [cash(20_000)] });
    const earned = earning.body.couponsIssued[0].code;
    expect((await admin.post('/api/checkout', { memberId: m, lines: [{ productId: p, quantity: 1 }], couponCodes: [earned], payments: [cash(8_000)] })).status).toBe(201);
    const before = await merchantSnapshot(system.db.kysely, system.merchantId);
    const all = [{ seq: 1, quantity: 2 }];
    for (const [url, body] of [
      [`/api/orders/${earning.body.id}/returns/preview`, { lines: all }],
      [`/api/orders/${earning.body.id}/returns`, { lines: all, reason: '退货' }],
      [`/api/orders/${earning.body.id}/void`, { reason: '撤销' }],
    ] as const) {
      const refused = await admin.post(url, body);
      expect({ status: refused.status, code: refused.body.error?.code }).toEqual({ status: 409, code: 'COUPON_ISSUED_USED' });
    }
    expect(await merchantSnapshot(system.db.kysely, system.merchantId)).toEqual(before);
    // returning part of it is still possible, and the voucher stays used
    expect((await admin.post(`/api/orders/${earning.body.id}/returns`, { lines: [{ seq: 1, quantity: 1 }], reason: '退一件' })).body.refundFen).toBe(10_000);
    expect((await couponOf(earned)).status).toBe('used');
    await admin.patch(`/api/coupon-rules/${rule.body.id}`, { status: 'archived' });
  });

  it('a top-up tier grants coupons; voiding the top-up takes them back, and is refused once one is used', async () => {
    const t = await template({ kind: 'cash', valueFen: 1_000, minSpendFen: 0 });
    const rule = await admin.post('/api/topup-rules', { name: '充500送券', storeId: null, startsOn: null, endsOn: null, tiers: [{ thresholdFen: 50_000, bonusFen: 0, points: 0, coupons: [{ templateId: t, quantity: 2 }] }], perEvery: false, installmentMonths: null });
    expect(rule.status).toBe(201);
    const m = await member();
    const topup = await admin.post('/api/topups', { memberId: m, amountFen: 50_000, ruleId: rule.body.id, tenders: [cash(50_000)] });
    expect(topup.status).toBe(201);
    const held = (await admin.get(`/api/coupons?memberId=${m}`)).body.items;
    expect(held.map((c: { channel: string; status: string }) => [c.channel, c.status])).toEqual([['topup', 'available'], ['topup', 'available']]);
    expect((await admin.post(`/api/topups/${topup.body.id}/void`, { reason: '录错' })).status).toBe(200);
    expect((await admin.get(`/api/coupons?memberId=${m}&status=void`)).body.total).toBe(2);

    const again = await admin.post('/api/topups', { memberId: m, amountFen: 50_000, ruleId: rule.body.id, tenders: [cash(50_000)] });
    const code = (await admin.get(`/api/coupons?memberId=${m}&status=available`)).body.items[0].code;
    const p = await product(3_000);
    expect((await admin.post('/api/checkout', { memberId: m, lines: [{ productId: p, quantity: 1 }], couponCodes: [code], payments: [cash(2_000)] })).status).toBe(201);
    const refused = await admin.post(`/api/topups/${again.body.id}/void`, { reason: '录错' });
    expect(refused.body.error.code).toBe('COUPON_ISSUED_USED');
    await admin.patch(`/api/topup-rules/${rule.body.id}`, { status: 'archived' });
  });

  it('the birthday job issues once per member and year, however often it runs', async () => {
    const t = await template({ kind: 'cash', valueFen: 3_000, minSpendFen: 0 });
    await admin.post('/api/coupon-rules', { name: '生日券', trigger: 'birthday', templateId: t, quantity: 1, minSpendFen: 0, storeIds: null });
    const res = await admin.post('/api/members', { name: '寿星', phone: phone(), homeStoreId: store.id, birthday: '1990-11-26', card: { cardTypeId: cardType } });
    const notToday = await admin.post('/api/members', { name: '明天', phone: phone(), homeStoreId: store.id, birthday: '1990-11-27', card: { cardTypeId: cardType } });
    const { couponIssuing, writer } = system.services;
    const run = () => couponIssuing.issueBirthdayCoupons(async (merchantId, fn) => (await writer.run({ merchantId, staffId: null, staffName: 'system', storeId: null, tillId: null, ip: '' }, fn), true), system.clock.now());
    await run();
    await run();
    expect((await admin.get(`/api/coupons?memberId=${res.body.id}`)).body.items).toEqual([expect.objectContaining({ channel: 'birthday', templateId: t, status: 'available' })]);
    expect((await admin.get(`/api/coupons?memberId=${notToday.body.id}`)).body.total).toBe(0);
  });
});

describe('coupon effectiveness report', () => {
  it('per template and channel: issued, used, use rate, discount, sales and cash of the orders; a voided order no longer counts', async () => {
    const t = await template();
    const members = [await member(), await member(), await member(), await member()];
    await admin.post('/api/coupons/issue', { templateId: t, target: { kind: 'members', memberIds: members } });
    const code = await give(t, members[0]!);
    const p = await product(11_000, { memberDiscountAllowed: false });
    await admin.post(`/api/members/${members[0]}/points/adjust`, { delta: 200, reason: '期初' });
    const sale = await admin.post('/api/checkout', { memberId: members[0], lines: [{ productId: p, quantity: 1 }], couponCodes: [code], payments: [{ method: 'points', points: 200 }, cash(8_800)] });
    expect(sale.status).toBe(201);
    const report = async () => (await admin.get(`/api/reports/coupon-effectiveness?from=2026-11-26&to=2026-11-26&templateId=${t}`)).body;
    const r = await report();
    expect(r.rows).toEqual([
      expect.objectContaining({ templateId: t, channel: 'bulk', issued: 4, used: 0, useRateBp: 0 }),
      expect.objectContaining({ templateId: t, channel: 'manual', issued: 1, used: 1, useRateBp: 10_000, discountFen: 2_000, salesFen: 9_000, cashInFen: 8_800 }),
    ]);
    expect(r.totals).toEqual({ issued: 5, used: 1, useRateBp: 2_000, discountFen: 2_000, salesFen: 9_000, cashInFen: 8_800 });
    await admin.post(`/api/orders/${sale.body.id}/void`, { reason: '退货' });
    expect((await report()).totals).toEqual({ issued: 5, used: 0, useRateBp: 0, discountFen: 0, salesFen: 0, cashInFen: 0 });
    expect((await admin.get('/api/reports/coupon-effectiveness?from=2026-11-27&to=2026-11-26')).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'to' });
  });
});

describe('store scope', () => {
  it('a manager of another store sees the coupons issued or used there, and not the members of this store — not in the list, by code, or to void', async () => {
    const m = await member();
    const code = await give(await template(), m);
    const role = await createRole(admin, { name: '店长', permissions: ['coupons.view', 'coupons.issue', 'members.view'], dataScope: 'stores', scopeIds: [otherStore.id] });
    const manager = await createStaff(admin, { roleId: role.id, homeStoreId: otherStore.id, storeIds: [otherStore.id] });
    const api = await loggedIn(system, manager.username, 'Initial#2026');
    await api.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: STAFF_PASSWORD });
    expect((await api.get(`/api/coupons?memberId=${m}`)).body.error).toMatchObject({ code: 'MEMBER_NOT_FOUND', field: 'memberId' });
    expect((await api.get('/api/coupons')).body).toMatchObject({ total: 0, items: [] });
    expect((await admin.get('/api/coupons')).body.total).toBeGreaterThan(0);
    // nor by its code, nor to void it
    expect((await api.get(`/api/coupons/code/${code}`)).body.error).toMatchObject({ code: 'COUPON_NOT_FOUND' });
    const id = (await couponOf(code)).id;
    expect((await api.post(`/api/coupons/${id}/void`, { reason: '越权' })).body.error).toMatchObject({ code: 'COUPON_NOT_FOUND', field: 'id' });
    expect((await couponOf(code)).status).toBe('available');
  });
});
