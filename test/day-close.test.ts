import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, loggedIn } from './support/api-client';
import { closeTestSystem } from './support/close';
import { createRole, createStaff, createStore, STAFF_PASSWORD } from './support/fixtures';
import { ledgerProblems } from './support/ledger-invariants';
import { ADMIN, createTestSystem, type TestSystem } from './support/test-system';

// 日结 and 交班 (PRODUCT capability 4 and 8): every figure of a store's business day, in fen,
// reconciling exactly — tenders add up to the documents, tills and cashiers add up to the day.

const DAY = '2026-11-26';
const DAY_BEFORE = '2026-11-25';
const ON_DAY = '2026-11-26T02:00:00Z'; // 10:00 in Shanghai
const ON_DAY_BEFORE = '2026-11-25T03:00:00Z';

let system: TestSystem;
let admin: ApiClient;
let cashier: ApiClient;
let storeA: { id: string };
let storeB: { id: string };
let till1: string;
let till2: string;
let adminId: string;
let cashierId: string;
let cardType: string;
let vip: string;
let goods: string;
let service: string;
let seq = 0;
const phone = () => `135${String(10_000_000 + ++seq).slice(-8)}`;

async function ok<T = any>(res: Promise<{ status: number; body: T }>, status: number) {
  const r = await res;
  if (r.status !== status) throw new Error(`${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function signIn(username: string, password: string, storeId: string, tillId: string | null) {
  const api = await loggedIn(system, username, password);
  await ok(api.post('/api/auth/switch-store', { storeId, tillId }), 200);
  return api;
}

async function member(storeId: string, levelId?: string) {
  const m = await ok<{ id: string }>(admin.post('/api/members', { name: '日结会员', phone: phone(), homeStoreId: storeId, card: { cardTypeId: cardType } }), 201);
  if (levelId) await ok(admin.post(`/api/members/${m.id}/level`, { levelId, reason: '测试' }), 200);
  return m;
}

const zeroTender = { salesCount: 0, salesFen: 0, refundFen: 0, topupFen: 0, cardRefundFen: 0, salesNetFen: 0, netFen: 0, salesPoints: 0, refundPoints: 0 };
const report = (api: ApiClient, storeId: string, day = DAY) => api.get(`/api/reports/day-close?storeId=${storeId}&day=${day}`);
const shift = (api: ApiClient, query: Record<string, string>) => api.get(`/api/reports/shift?${new URLSearchParams({ storeId: storeA.id, day: DAY, ...query }).toString()}`);

let sale1: { id: string; pointsEarned: number; payments: { method: string; principalFen: number; bonusFen: number }[] };
let cashierB: ApiClient;

beforeAll(async () => {
  system = await createTestSystem();
  admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  adminId = (await admin.get('/api/auth/me')).body.staff.id;
  storeA = await createStore(admin, { name: '日结A店' });
  storeB = await createStore(admin, { name: '日结B店' });
  till1 = (await ok(admin.post(`/api/stores/${storeA.id}/tills`, { code: 'T1', name: '1号收银台' }), 201)).id;
  till2 = (await ok(admin.post(`/api/stores/${storeA.id}/tills`, { code: 'T2', name: '2号收银台' }), 201)).id;
  cardType = (await ok(admin.post('/api/card-types', { code: 'dc', name: '会员卡', validityKind: 'permanent' }), 201)).id;
  vip = (await ok(admin.post('/api/member-levels', { code: 'vip', name: 'VIP', rank: 1, upgradeThreshold: 99_900_000, discountBp: 9_000, pointsMultiplierBp: 10_000 }), 201)).id;
  await ok(admin.post('/api/topup-rules', { name: '充100送20', storeId: null, startsOn: null, endsOn: null, tiers: [{ thresholdFen: 10_000, bonusFen: 2_000, points: 0 }], perEvery: false, installmentMonths: null }), 201);
  goods = (await ok(admin.post('/api/products', { code: 'DC-G', name: '洗发水', kind: 'goods', listPriceFen: 10_000 }), 201)).id;
  service = (await ok(admin.post('/api/products', { code: 'DC-S', name: '洗剪吹', kind: 'service', listPriceFen: 5_000 }), 201)).id;

  const role = await createRole(admin, { name: 'A店收银', permissions: ['checkout.sell', 'orders.view', 'orders.return'], dataScope: 'stores', scopeIds: [storeA.id] });
  const c = await createStaff(admin, { roleId: role.id, homeStoreId: storeA.id, storeIds: [storeA.id] });
  cashierId = c.id;
  const first = await loggedIn(system, c.username, 'Initial#2026');
  await ok(first.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: STAFF_PASSWORD }), 200);
  const roleB = await createRole(admin, { name: 'B店店长', permissions: ['orders.view'], dataScope: 'stores', scopeIds: [storeB.id] });
  const b = await createStaff(admin, { roleId: roleB.id, homeStoreId: storeB.id, storeIds: [storeB.id] });
  const firstB = await loggedIn(system, b.username, 'Initial#2026');
  await ok(firstB.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: STAFF_PASSWORD }), 200);

  // ---- the day before at store A: none of it counts on the day ----
  system.clock.set(ON_DAY_BEFORE);
  admin = await signIn(ADMIN.username, ADMIN.password, storeA.id, till1);
  const leaver = await member(storeA.id);
  await ok(admin.post('/api/topups', { memberId: leaver.id, amountFen: 10_000, tenders: [{ method: 'wechat', amountFen: 10_000, reference: 'WX-0' }] }), 201);
  await ok(admin.post('/api/checkout', { memberId: null, lines: [{ productId: goods, quantity: 1 }], payments: [{ method: 'cash', amountFen: 10_000 }] }), 201);

  // ---- the day at store A ----
  system.clock.set(ON_DAY);
  admin = await signIn(ADMIN.username, ADMIN.password, storeA.id, till1);
  cashier = await signIn(c.username, STAFF_PASSWORD, storeA.id, till2);
  cashierB = await signIn(b.username, STAFF_PASSWORD, storeB.id, null);
  const m = await member(storeA.id, vip);
  await ok(admin.post(`/api/members/${m.id}/points/adjust`, { delta: 1_000, reason: '期初' }), 200);
  // till 1, admin: a ¥200 cash top-up → principal 20000 + bonus 2000
  await ok(admin.post('/api/topups', { memberId: m.id, amountFen: 20_000, tenders: [{ method: 'cash', amountFen: 20_000 }] }), 201);
  // till 1, admin: 2 × ¥100 goods + ¥50 service at VIP 9折 = 22500, ¥5 off the order = 22000,
  // paid 1000 points (¥10.00) + ¥100.00 stored value + ¥110.00 cash from ¥200.00 (change ¥90.00)
  sale1 = await ok(
    admin.post('/api/checkout', {
      memberId: m.id,
      lines: [
        { productId: goods, quantity: 2 },
        { productId: service, quantity: 1 },
      ],
      orderDiscount: { kind: 'amount', amountFen: 500, reason: '老顾客' },
      payments: [
        { method: 'points', points: 1_000 },
        { method: 'stored_value', amountFen: 10_000 },
        { method: 'cash', amountFen: 11_000, receivedFen: 20_000 },
      ],
    }),
    201,
  );
  // till 2, cashier: a quick sale of ¥123.45 with 抹零 to ¥123.40, ¥100 WeChat + ¥23.40 cash from ¥24.00
  await ok(cashier.post('/api/checkout', { memberId: null, lines: [], quickAmountFen: 12_345, rounding: 'drop_fen', payments: [{ method: 'wechat', amountFen: 10_000, reference: 'WX-1' }, { method: 'cash', amountFen: 2_340, receivedFen: 2_400 }] }), 201);
  // till 2, cashier: the service line of sale 1 comes back
  await ok(cashier.post(`/api/orders/${sale1.id}/returns`, { lines: [{ seq: 2, quantity: 1 }], reason: '不满意' }), 201);
  // till 1, admin: 退卡 of yesterday's top-up, paid back in cash
  await ok(admin.post(`/api/members/${leaver.id}/card-refund`, { method: 'cash', reason: '顾客退卡' }), 200);

  // ---- the same day at store B: not store A's ----
  const adminB = await signIn(ADMIN.username, ADMIN.password, storeB.id, null);
  const mb = await member(storeB.id);
  await ok(adminB.post('/api/topups', { memberId: mb.id, amountFen: 30_000, tenders: [{ method: 'alipay', amountFen: 30_000, reference: 'ALI-1' }] }), 201);
  await ok(adminB.post('/api/checkout', { memberId: mb.id, lines: [{ productId: goods, quantity: 3 }], payments: [{ method: 'cash', amountFen: 30_000 }] }), 201);
});
afterAll(async () => {
  expect(await ledgerProblems(system.db.kysely, system.merchantId)).toEqual([]);
  await closeTestSystem(system);
});

describe('the documents behind the report', () => {
  it('sale 1 split its stored value 9091 + 909 and earned floor((22000 − 1000 − 909) / 100) = 200 points', () => {
    expect(sale1.payments[1]).toMatchObject({ method: 'stored_value', principalFen: 9_091, bonusFen: 909 });
    expect(sale1.pointsEarned).toBe(200);
  });
});

describe('GET /api/reports/day-close', () => {
  it('adds up store A’s business day exactly, without the day before or store B', async () => {
    const r = await ok(report(admin, storeA.id), 200);
    expect(r).toMatchObject({ storeId: storeA.id, storeName: '日结A店', day: DAY });
    expect(r.sales).toEqual({ count: 2, subtotalFen: 37_345, memberDiscountFen: 2_500, manualDiscountFen: 0, orderDiscountFen: 500, couponDiscountFen: 0, roundingFen: 5, totalFen: 34_340 });
    // the service line (4500 less its 100 share of the order discount) came back: 200 points, 2000 stored value, 2200 cash
    expect(r.returns).toEqual({ count: 1, returnCount: 1, voidCount: 0, restoreCount: 0, goodsFen: 4_400, refundFen: 4_400, shortfallFen: 0, shortfallPoints: 0 });
    expect(r.netSalesFen).toBe(29_940);
    expect(r.tenders).toEqual([
      { ...zeroTender, method: 'cash', salesCount: 2, salesFen: 13_340, refundFen: 2_200, topupFen: 20_000, cardRefundFen: 10_000, salesNetFen: 11_140, netFen: 21_140 },
      { ...zeroTender, method: 'bank_card' },
      { ...zeroTender, method: 'wechat', salesCount: 1, salesFen: 10_000, salesNetFen: 10_000, netFen: 10_000 },
      { ...zeroTender, method: 'alipay' },
      { ...zeroTender, method: 'stored_value', salesCount: 1, salesFen: 10_000, refundFen: 2_000, salesNetFen: 8_000, netFen: 8_000 },
      { ...zeroTender, method: 'points', salesCount: 1, salesFen: 1_000, refundFen: 200, salesNetFen: 800, netFen: 800, salesPoints: 1_000, refundPoints: 200 },
    ]);
    expect(r.tenderTotals).toEqual({ salesFen: 34_340, refundFen: 4_400, topupFen: 20_000, cardRefundFen: 10_000, salesNetFen: 29_940, netFen: 39_940, moneyNetFen: 31_140 });
    expect(r.cash).toEqual({ receivedFen: 22_400, changeFen: 9_060, salesFen: 13_340, refundFen: 2_200, topupFen: 20_000, cardRefundFen: 10_000, expectedFen: 21_140 });
    expect(r.topups).toEqual({ count: 1, principalFen: 20_000, bonusFen: 2_000, points: 0 });
    expect(r.cardRefunds).toEqual({ count: 1, refundFen: 10_000, forfeitedBonusFen: 2_000 });
    // clawback: floor(200 × 4400 / 22000) = 40
    expect(r.points).toEqual({ earned: 200, spent: 1_000, returned: 200, clawedBack: 40, topupAwarded: 0 });
    expect(r.orderKinds).toEqual([
      { kind: 'sale', count: 1, totalFen: 22_000, returnCount: 1, returnedGoodsFen: 4_400, refundFen: 4_400, netFen: 17_600 },
      { kind: 'quick', count: 1, totalFen: 12_340, returnCount: 0, returnedGoodsFen: 0, refundFen: 0, netFen: 12_340 },
      { kind: 'uses', count: 0, totalFen: 0, returnCount: 0, returnedGoodsFen: 0, refundFen: 0, netFen: 0 },
    ]);
    expect(r.productKinds).toEqual([
      { kind: 'goods', lineCount: 1, quantity: 2, amountFen: 17_600, returnedQuantity: 0, returnedFen: 0, netFen: 17_600 },
      { kind: 'service', lineCount: 1, quantity: 1, amountFen: 4_400, returnedQuantity: 1, returnedFen: 4_400, netFen: 0 },
      { kind: 'package', lineCount: 0, quantity: 0, amountFen: 0, returnedQuantity: 0, returnedFen: 0, netFen: 0 },
      { kind: 'count_card', lineCount: 0, quantity: 0, amountFen: 0, returnedQuantity: 0, returnedFen: 0, netFen: 0 },
      { kind: 'timed', lineCount: 0, quantity: 0, amountFen: 0, returnedQuantity: 0, returnedFen: 0, netFen: 0 },
      { kind: 'quick', lineCount: 1, quantity: 1, amountFen: 12_340, returnedQuantity: 0, returnedFen: 0, netFen: 12_340 },
    ]);
  });

  it('reconciles: tenders add up to the documents, the discounts to the total, the kinds to the sales', async () => {
    const r = await ok(report(admin, storeA.id), 200);
    type T = { salesFen: number; refundFen: number; topupFen: number; cardRefundFen: number; netFen: number };
    const sum = (pick: (t: T) => number) => (r.tenders as T[]).reduce((n, t) => n + pick(t), 0);
    expect(sum((t) => t.salesFen)).toBe(r.sales.totalFen);
    expect(sum((t) => t.refundFen)).toBe(r.returns.refundFen);
    expect(sum((t) => t.topupFen)).toBe(r.topups.principalFen);
    expect(sum((t) => t.cardRefundFen)).toBe(r.cardRefunds.refundFen);
    for (const t of r.tenders as T[]) expect(t.netFen).toBe(t.salesFen - t.refundFen + t.topupFen - t.cardRefundFen);
    const s = r.sales;
    expect(s.subtotalFen - s.memberDiscountFen - s.manualDiscountFen - s.orderDiscountFen - s.couponDiscountFen - s.roundingFen).toBe(s.totalFen);
    expect(r.cash.receivedFen - r.cash.changeFen).toBe(r.cash.salesFen);
    expect(r.orderKinds.reduce((n: number, k: { totalFen: number }) => n + k.totalFen, 0)).toBe(s.totalFen);
    expect(r.productKinds.reduce((n: number, k: { amountFen: number }) => n + k.amountFen, 0)).toBe(s.totalFen);
    expect(r.productKinds.reduce((n: number, k: { returnedFen: number }) => n + k.returnedFen, 0)).toBe(r.returns.goodsFen);
  });

  it('counts the day before and store B on their own', async () => {
    const before = await ok(report(admin, storeA.id, DAY_BEFORE), 200);
    expect(before.sales).toMatchObject({ count: 1, totalFen: 10_000 });
    expect(before.topups).toEqual({ count: 1, principalFen: 10_000, bonusFen: 2_000, points: 0 });
    expect(before.returns.count).toBe(0);
    expect(before.cardRefunds.count).toBe(0);
    expect(before.cash.expectedFen).toBe(10_000);
    const b = await ok(report(admin, storeB.id), 200);
    expect(b.sales).toMatchObject({ count: 1, totalFen: 30_000 });
    expect(b.tenderTotals).toMatchObject({ salesFen: 30_000, topupFen: 30_000, netFen: 60_000, moneyNetFen: 60_000 });
    expect(b.cash.expectedFen).toBe(30_000);
    const empty = await ok(report(admin, storeA.id, '2026-11-27'), 200);
    expect(empty.sales.count).toBe(0);
    expect(empty.tenderTotals.netFen).toBe(0);
    expect(empty.tenders).toHaveLength(6);
  });

  it('keeps to the caller’s stores: store B’s staff get 403 for store A, their own store answers', async () => {
    for (const url of [`/api/reports/day-close?storeId=${storeA.id}&day=${DAY}`, `/api/reports/shift?storeId=${storeA.id}&day=${DAY}`, `/api/reports/shift/options?storeId=${storeA.id}&day=${DAY}`]) {
      const res = await cashierB.get(url);
      expect({ url, status: res.status, code: res.body.error?.code }).toEqual({ url, status: 403, code: 'AUTH_STORE_FORBIDDEN' });
    }
    const own = await ok(report(cashierB, storeB.id), 200);
    expect(own.sales.totalFen).toBe(30_000);
  });

  it('without a day reports the store’s current business day', async () => {
    const now = await ok(admin.get(`/api/reports/day-close?storeId=${storeA.id}`), 200);
    expect(now.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await ok(report(admin, storeA.id, now.day), 200)).toEqual(now);
  });

  it('needs orders.view, a real day and a known store', async () => {
    const role = await createRole(admin, { name: '只看会员', permissions: ['members.view'], dataScope: 'all' });
    const s = await createStaff(admin, { roleId: role.id, homeStoreId: storeA.id, storeIds: [storeA.id] });
    const first = await loggedIn(system, s.username, 'Initial#2026');
    await ok(first.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: STAFF_PASSWORD }), 200);
    const viewer = await loggedIn(system, s.username, STAFF_PASSWORD);
    expect((await report(viewer, storeA.id)).body.error.code).toBe('AUTH_FORBIDDEN');
    const bad = await report(admin, storeA.id, '2026-02-30');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'day' });
    expect((await admin.get(`/api/reports/day-close?day=${DAY}`)).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'storeId' });
    const unknown = await report(admin, '01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ORG_STORE_NOT_FOUND');
  });
});

describe('GET /api/reports/shift', () => {
  it('till 1 (admin): sale 1, the cash top-up and the 退卡 — the drawer expects 11000 + 20000 − 10000', async () => {
    const r = await ok(shift(admin, { tillId: till1 }), 200);
    expect(r).toMatchObject({ tillId: till1, staffId: null, sales: { count: 1, totalFen: 22_000 }, returns: { count: 0, restoreCount: 0, goodsFen: 0, refundFen: 0 } });
    expect(r.topups).toEqual({ count: 1, principalFen: 20_000, bonusFen: 2_000, points: 0 });
    expect(r.cardRefunds).toEqual({ count: 1, refundFen: 10_000, forfeitedBonusFen: 2_000 });
    expect(r.cash).toEqual({ receivedFen: 20_000, changeFen: 9_000, salesFen: 11_000, refundFen: 0, topupFen: 20_000, cardRefundFen: 10_000, expectedFen: 21_000 });
    expect(r.tenderTotals).toEqual({ salesFen: 22_000, refundFen: 0, topupFen: 20_000, cardRefundFen: 10_000, salesNetFen: 22_000, netFen: 32_000, moneyNetFen: 21_000 });
  });

  it('till 2 (the cashier): the quick sale and the return made there — the drawer expects 2340 − 2200', async () => {
    const r = await ok(shift(admin, { tillId: till2 }), 200);
    expect(r).toMatchObject({ sales: { count: 1, totalFen: 12_340 }, returns: { count: 1, restoreCount: 0, goodsFen: 4_400, refundFen: 4_400 }, topups: { count: 0 }, cardRefunds: { count: 0 } });
    expect(r.cash).toEqual({ receivedFen: 2_400, changeFen: 60, salesFen: 2_340, refundFen: 2_200, topupFen: 0, cardRefundFen: 0, expectedFen: 140 });
    expect(r.tenders.find((t: { method: string }) => t.method === 'stored_value')).toMatchObject({ salesFen: 0, refundFen: 2_000, netFen: -2_000 });
    expect(r.tenderTotals).toEqual({ salesFen: 12_340, refundFen: 4_400, topupFen: 0, cardRefundFen: 0, salesNetFen: 7_940, netFen: 7_940, moneyNetFen: 10_140 });
    // the cashier sees their own hand-over
    const own = await ok(shift(cashier, { staffId: cashierId }), 200);
    expect(own.tenders).toEqual(r.tenders);
    expect(own.cash).toEqual(r.cash);
  });

  it('tills and cashiers add up to the day; no filter is the whole day; both filters narrow', async () => {
    const day = await ok(report(admin, storeA.id), 200);
    const t1 = await ok(shift(admin, { tillId: till1 }), 200);
    const t2 = await ok(shift(admin, { tillId: till2 }), 200);
    const byAdmin = await ok(shift(admin, { staffId: adminId }), 200);
    const byCashier = await ok(shift(admin, { staffId: cashierId }), 200);
    const all = await ok(shift(admin, {}), 200);
    expect(all.tenders).toEqual(day.tenders);
    expect(all.cash).toEqual(day.cash);
    expect(byAdmin.tenders).toEqual(t1.tenders);
    expect(byCashier.tenders).toEqual(t2.tenders);
    for (const [i, line] of (day.tenders as Record<string, number>[]).entries()) {
      for (const k of ['salesCount', 'salesFen', 'refundFen', 'topupFen', 'cardRefundFen', 'netFen', 'salesPoints', 'refundPoints']) {
        expect(t1.tenders[i][k] + t2.tenders[i][k], `${String(line.method)}.${k}`).toBe(line[k]);
      }
    }
    expect(t1.cash.expectedFen + t2.cash.expectedFen).toBe(day.cash.expectedFen);
    const crossed = await ok(shift(admin, { tillId: till1, staffId: cashierId }), 200);
    expect(crossed.tenderTotals).toEqual({ salesFen: 0, refundFen: 0, topupFen: 0, cardRefundFen: 0, salesNetFen: 0, netFen: 0, moneyNetFen: 0 });
    expect((await shift(admin, { tillId: 'nope' })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'tillId' });
  });

  it('offers the store’s tills and the staff who worked that day', async () => {
    const o = await ok(admin.get(`/api/reports/shift/options?storeId=${storeA.id}&day=${DAY}`), 200);
    expect(o.day).toBe(DAY);
    expect(o.tills).toEqual([
      { id: till1, code: 'T1', name: '1号收银台' },
      { id: till2, code: 'T2', name: '2号收银台' },
    ]);
    expect(o.staff.map((s: { id: string }) => s.id).sort()).toEqual([adminId, cashierId].sort());
    const later = await ok(admin.get(`/api/reports/shift/options?storeId=${storeA.id}&day=2026-11-27`), 200);
    expect(later.staff).toEqual([]);
  });
});

// last: it moves the clock on, past the other sessions' idle limit
describe('a void restored (恢复) the same day', () => {
  it('counts the void and the restore, nets their amounts to nothing: the sale stands', async () => {
    system.clock.set('2026-11-28T02:00:00Z');
    const api = await signIn(ADMIN.username, ADMIN.password, storeA.id, till1);
    const sale = await ok<{ id: string }>(api.post('/api/checkout', { memberId: null, lines: [{ productId: goods, quantity: 1 }], payments: [{ method: 'cash', amountFen: 10_000 }] }), 201);
    await ok(api.post(`/api/orders/${sale.id}/void`, { reason: '撤销' }), 201);
    await ok(api.post(`/api/orders/${sale.id}/restore`, { reason: '恢复' }), 201);
    const r = await ok(report(api, storeA.id, '2026-11-28'), 200);
    expect(r.sales).toMatchObject({ count: 1, totalFen: 10_000 });
    expect(r.returns).toEqual({ count: 1, returnCount: 0, voidCount: 1, restoreCount: 1, goodsFen: 0, refundFen: 0, shortfallFen: 0, shortfallPoints: 0 });
    expect(r.netSalesFen).toBe(10_000);
    expect(r.cash).toMatchObject({ salesFen: 10_000, refundFen: 0, expectedFen: 10_000 });
    expect(r.orderKinds[0]).toEqual({ kind: 'sale', count: 1, totalFen: 10_000, returnCount: 1, returnedGoodsFen: 0, refundFen: 0, netFen: 10_000 });
    expect(r.productKinds[0]).toEqual({ kind: 'goods', lineCount: 1, quantity: 1, amountFen: 10_000, returnedQuantity: 0, returnedFen: 0, netFen: 10_000 });
    const t1 = await ok(api.get(`/api/reports/shift?storeId=${storeA.id}&day=2026-11-28&tillId=${till1}`), 200);
    expect(t1.returns).toEqual({ count: 1, restoreCount: 1, goodsFen: 0, refundFen: 0 });
    expect(t1.cash.expectedFen).toBe(10_000);
  });
});
