import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/kernel/ids';
import { systemActor } from '../src/platform/context';
import { ApiClient, loggedIn } from './support/api-client';
import { closeTestSystem } from './support/close';
import { createRole, createStaff, createStore, STAFF_PASSWORD } from './support/fixtures';
import { ledgerProblems } from './support/ledger-invariants';
import { merchantSnapshot } from './support/db-inspect';
import { ADMIN, createTestSystem, type TestSystem } from './support/test-system';

let system: TestSystem;
let admin: ApiClient;
let store: { id: string };
let cardType: string;
let levels: Record<'normal' | 'silver' | 'gold', string>;
let seq = 0;
const phone = () => `136${String(10_000_000 + ++seq).slice(-8)}`;

async function product(body: Record<string, unknown>) {
  const res = await admin.post('/api/products', { code: `P${++seq}`, name: '商品', kind: 'goods', listPriceFen: 10_000, ...body });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body as { id: string };
}

async function member(levelId?: string) {
  const res = await admin.post('/api/members', { name: '顾客', phone: phone(), homeStoreId: store.id, card: { cardTypeId: cardType } });
  if (levelId) await admin.post(`/api/members/${res.body.id}/level`, { levelId, reason: '测试' });
  return res.body as { id: string };
}

const cash = (amountFen: number, receivedFen?: number) => ({ method: 'cash', amountFen, ...(receivedFen ? { receivedFen } : {}) });
const wallet = async (memberId: string) => (await admin.get(`/api/members/${memberId}/wallet`)).body;

beforeAll(async () => {
  system = await createTestSystem();
  admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  store = await createStore(admin, { name: '收银店' });
  expect((await admin.post('/api/auth/switch-store', { storeId: store.id })).status).toBe(200);
  const make = async (code: string, name: string, rank: number, upgradeThreshold: number, discountBp: number, pointsMultiplierBp: number) =>
    (await admin.post('/api/member-levels', { code, name, rank, upgradeThreshold, discountBp, pointsMultiplierBp })).body.id as string;
  levels = {
    normal: await make('normal', '普通', 0, 0, 10_000, 10_000),
    silver: await make('silver', '银卡', 1, 100_000, 9_500, 12_000),
    gold: await make('gold', '金卡', 2, 500_000, 9_000, 15_000),
  };
  cardType = (await admin.post('/api/card-types', { code: 'c', name: '会员卡', validityKind: 'permanent' })).body.id;
});
afterAll(async () => {
  expect(await ledgerProblems(system.db.kysely, system.merchantId)).toEqual([]);
  await closeTestSystem(system);
});

describe('RULES R2 member price at the till', () => {
  it('list ¥100, Gold 9折, special ¥85 this week → ¥85; Silver 8折 → ¥80 (level discount); the till sees why', async () => {
    const silver8 = (await admin.post('/api/member-levels', { code: 'silver8', name: '银卡8折', rank: 5, upgradeThreshold: 99_900_000, discountBp: 8_000, pointsMultiplierBp: 10_000 })).body.id;
    const p = await product({ listPriceFen: 10_000, specialPrices: [{ priceFen: 8_500, startsAt: '2026-11-23T00:00:00Z', endsAt: '2026-11-30T00:00:00Z' }] });
    const gold = await member(levels.gold);
    const q = (await admin.post('/api/checkout/quote', { memberId: gold.id, lines: [{ productId: p.id, quantity: 1 }] })).body;
    expect(q).toMatchObject({ levelName: '金卡', subtotalFen: 10_000, memberDiscountFen: 1_500, totalFen: 8_500 });
    expect(q.lines[0].adjustments).toEqual([expect.objectContaining({ kind: 'member', rule: 'special', amountFen: -1_500 })]);
    const silver = await member(silver8);
    const s = (await admin.post('/api/checkout/quote', { memberId: silver.id, lines: [{ productId: p.id, quantity: 1 }] })).body;
    expect(s).toMatchObject({ totalFen: 8_000 });
    expect(s.lines[0].adjustments[0]).toMatchObject({ rule: 'level_discount', rateBp: 8_000 });
    // a walk-in still gets the special price
    expect((await admin.post('/api/checkout/quote', { memberId: null, lines: [{ productId: p.id, quantity: 1 }] })).body.totalFen).toBe(8_500);
  });
});

describe('RULES R4 and R5 after payment', () => {
  it('paid ¥88.80 on eligible lines at Gold 1.5× → 133 points', async () => {
    const p = await product({ listPriceFen: 8_880, memberDiscountAllowed: false });
    const gold = await member(levels.gold);
    const res = await admin.post('/api/checkout', { memberId: gold.id, lines: [{ productId: p.id, quantity: 1 }], payments: [cash(8_880)] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ totalFen: 8_880, pointsEarned: 133, balances: { points: 133 } });
    expect(res.body.docNo).toMatch(/^\d{8}-0\d{3}$/);
  });

  it('lifetime ¥4,800 then pays ¥300 → Gold, and that ¥300 order itself is priced as Silver', async () => {
    const m = await member();
    await system.services.writer.run(systemActor(system.merchantId), (w) => system.services.members.recordActivity(w, m.id, { spendFen: 480_000 }));
    const p = await product({ listPriceFen: 31_579 }); // 9.5折 → 30000.005 → ¥300.00
    const res = await admin.post('/api/checkout', { memberId: m.id, lines: [{ productId: p.id, quantity: 1 }], payments: [cash(30_000)] });
    expect(res.body).toMatchObject({ totalFen: 30_000, memberDiscountFen: 1_579 });
    const after = (await admin.get(`/api/members/${m.id}`)).body;
    expect(after).toMatchObject({ levelId: levels.gold, lifetimeSpendFen: 510_000 });
  });

  it('R9 numbers: 200 points, a ¥70.00 item paid with 150 points (¥1.50) + ¥68.50 cash earns 68 → 118 points', async () => {
    const p = await product({ listPriceFen: 7_000, memberDiscountAllowed: false });
    const m = await member();
    await admin.post(`/api/members/${m.id}/points/adjust`, { delta: 200, reason: '期初' });
    const res = await admin.post('/api/checkout', { memberId: m.id, lines: [{ productId: p.id, quantity: 1 }], payments: [{ method: 'points', points: 150 }, cash(6_850, 10_000)] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ pointsEarned: 68, balances: { points: 118 } });
    expect(res.body.payments).toEqual([
      expect.objectContaining({ method: 'points', points: 150, amountFen: 150 }),
      expect.objectContaining({ method: 'cash', amountFen: 6_850, receivedFen: 10_000, changeFen: 3_150 }),
    ]);
    // at most 50% of an order may be paid with points
    const over = await admin.post('/api/checkout', { memberId: m.id, lines: [{ productId: p.id, quantity: 1 }], payments: [{ method: 'points', points: 118 }, cash(6_882)] });
    expect(over.status).toBe(201);
    const many = await admin.post(`/api/members/${m.id}/points/adjust`, { delta: 5_000, reason: '活动' });
    expect(many.status).toBe(200);
    const refused = await admin.post('/api/checkout', { memberId: m.id, lines: [{ productId: p.id, quantity: 1 }], payments: [{ method: 'points', points: 3_600 }, cash(3_400)] });
    expect(refused.body.error).toMatchObject({ code: 'CHECKOUT_POINTS_OVER_LIMIT', details: { maxPoints: 3_500 } });
  });
});

describe('payment', () => {
  it('stored value splits principal and bonus (R3), the rest in cash with change; bonus value earns no points', async () => {
    await admin.post('/api/topup-rules', { name: '充100送20', storeId: null, startsOn: null, endsOn: null, tiers: [{ thresholdFen: 10_000, bonusFen: 2_000, points: 0 }], perEvery: false, installmentMonths: null });
    const m = await member();
    await admin.post('/api/topups', { memberId: m.id, amountFen: 10_000, tenders: [cash(10_000)] });
    const p = await product({ listPriceFen: 9_000, memberDiscountAllowed: false });
    const res = await admin.post('/api/checkout', { memberId: m.id, lines: [{ productId: p.id, quantity: 1 }], payments: [{ method: 'stored_value', amountFen: 6_000 }, cash(3_000, 5_000)] });
    expect(res.status).toBe(201);
    expect(res.body.payments[0]).toMatchObject({ method: 'stored_value', principalFen: 5_000, bonusFen: 1_000 });
    expect(res.body.payments[1]).toMatchObject({ changeFen: 2_000 });
    // 9000 paid, of which 1000 was bonus value → 80 points
    expect(res.body).toMatchObject({ pointsEarned: 80, balances: { principalFen: 5_000, bonusFen: 1_000, points: 80 } });
    expect(await wallet(m.id)).toMatchObject({ principalFen: 5_000, bonusFen: 1_000 });
    // the member is texted the new balance once the sale has committed (储值消费提醒)
    await system.services.outbox.drain();
    const phoneOf = (await admin.get(`/api/members/${m.id}`)).body.phone;
    const texts = (await admin.get(`/api/messages?recipient=${phoneOf}&template=wallet.balance_change`)).body.items;
    expect(texts.map((t: { content: string }) => t.content)).toEqual([expect.stringContaining(`储值消费¥60.00（单号${res.body.docNo}），储值余额¥60.00，积分80`)]);
  });

  it('refuses payments that do not add up, stored value beyond the balance, and a lost card — writing nothing', async () => {
    const m = await member();
    const p = await product({ listPriceFen: 5_000 });
    const body = { memberId: m.id, lines: [{ productId: p.id, quantity: 1 }] };
    const dear = await product({ listPriceFen: 200_000_000_000 });
    const before = await merchantSnapshot(system.db.kysely, system.merchantId);
    expect((await admin.post('/api/checkout', { ...body, payments: [cash(4_000)] })).body.error).toMatchObject({ code: 'CHECKOUT_PAYMENTS_MISMATCH', field: 'payments' });
    expect((await admin.post('/api/checkout', { ...body, payments: [{ method: 'stored_value', amountFen: 5_000 }] })).body.error.code).toBe('WALLET_INSUFFICIENT_FUNDS');
    expect((await admin.post('/api/checkout', { ...body, payments: [{ method: 'wechat', amountFen: 5_000 }] })).body.error).toMatchObject({ code: 'TOPUP_REFERENCE_REQUIRED', field: 'payments.0.reference' });
    expect((await admin.post('/api/checkout', { ...body, payments: [cash(5_000, 4_000)] })).body.error.code).toBe('CHECKOUT_CASH_SHORT');
    // stored value is one payment (its R3 split is worked out once), and amounts past 10^12 fen are the input's fault
    expect((await admin.post('/api/checkout', { ...body, payments: [{ method: 'stored_value', amountFen: 2_500 }, { method: 'stored_value', amountFen: 2_500 }] })).body.error).toMatchObject({ code: 'CHECKOUT_PAYMENT_REPEATED', field: 'payments.1.method' });
    const tooMuch = await admin.post('/api/checkout/quote', { memberId: null, lines: [{ productId: dear.id, quantity: 9_999 }] });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'lines' });
    expect((await admin.post('/api/checkout', { memberId: null, lines: [{ productId: p.id, quantity: 1 }], payments: [{ method: 'points', points: 10 }, cash(4_990)] })).body.error.code).toBe('CHECKOUT_MEMBER_REQUIRED');
    expect(await merchantSnapshot(system.db.kysely, system.merchantId)).toEqual(before);
  });

  it('a quick sale takes an amount only; a retried checkout with the same key returns the same order and moves nothing', async () => {
    const m = await member();
    const key = { 'idempotency-key': newId() };
    const body = { memberId: m.id, lines: [], quickAmountFen: 12_345, rounding: 'drop_fen', payments: [cash(12_340)] };
    const first = await admin.post('/api/checkout', body, key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ kind: 'quick', subtotalFen: 12_345, roundingFen: 5, totalFen: 12_340, pointsEarned: 123 });
    const snap = await merchantSnapshot(system.db.kysely, system.merchantId);
    const again = await admin.post('/api/checkout', body, key);
    expect(again.body).toEqual(first.body);
    expect(await merchantSnapshot(system.db.kysely, system.merchantId)).toEqual(snap);
  });
});

describe('manual discounts and count cards', () => {
  it('a cashier may give down to 9折; deeper needs the manager permission; every change keeps its reason', async () => {
    const p = await product({ listPriceFen: 10_000, memberDiscountAllowed: false });
    const role = await createRole(admin, { name: '收银员', permissions: ['checkout.sell', 'checkout.discount', 'members.view'], dataScope: 'stores', scopeIds: [store.id], maxDiscountBp: 9_000 });
    const cashier = await createStaff(admin, { roleId: role.id, homeStoreId: store.id, storeIds: [store.id] });
    const api = await loggedIn(system, cashier.username, 'Initial#2026');
    await api.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: STAFF_PASSWORD });
    await api.post('/api/auth/switch-store', { storeId: store.id });
    // scanning and searching products needs only the till's permission
    expect((await api.get('/api/products?pageSize=5')).status).toBe(200);
    expect((await api.get('/api/product-categories')).status).toBe(403);
    const line = (rateBp: number) => ({ memberId: null, lines: [{ productId: p.id, quantity: 2, manual: { kind: 'percent', rateBp, reason: '老顾客' } }] });
    const ok = await api.post('/api/checkout/quote', line(9_000));
    expect(ok.body).toMatchObject({ totalFen: 18_000, manualDiscountFen: 2_000, lowestManualRateBp: 9_000 });
    expect(ok.body.lines[0].adjustments).toEqual([expect.objectContaining({ kind: 'manual', rule: 'manual_percent', detail: '老顾客' })]);
    expect((await api.post('/api/checkout/quote', line(7_000))).body).toMatchObject({ totalFen: 14_000, needsAuthorization: true });
    expect((await api.post('/api/checkout', { ...line(7_000), payments: [cash(14_000)] })).body.error).toMatchObject({ code: 'CHECKOUT_DISCOUNT_OVER_LIMIT' });
    // a manager authorises on the spot with their password; a wrong one or a colleague without the right does not
    const wrong = await api.post('/api/checkout', { ...line(7_000), payments: [cash(14_000)], authorization: { username: ADMIN.username, password: 'nope' } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toMatchObject({ code: 'AUTH_AUTHORIZER_INVALID', field: 'authorization.password' });
    const peer = await api.post('/api/checkout', { ...line(7_000), payments: [cash(14_000)], authorization: { username: cashier.username, password: STAFF_PASSWORD } });
    expect(peer.body.error).toMatchObject({ code: 'AUTH_AUTHORIZER_NOT_ALLOWED' });
    const authorised = await api.post('/api/checkout', { ...line(7_000), payments: [cash(14_000)], authorization: { username: ADMIN.username, password: ADMIN.password } });
    expect(authorised.status).toBe(201);
    expect(authorised.body).toMatchObject({ totalFen: 14_000, authorizedByName: expect.any(String) });
    expect((await api.post('/api/checkout', { ...line(9_000), payments: [cash(18_000)] })).body).toMatchObject({ authorizedByName: null });
    const manager = await admin.post('/api/checkout', { ...line(7_000), payments: [cash(14_000)] });
    expect(manager.body).toMatchObject({ totalFen: 14_000, manualDiscountFen: 6_000 });
    const audit = (await admin.get(`/api/audit?entityId=${manager.body.id}`)).body.items[0];
    expect(audit).toMatchObject({ action: 'order.create' });
  });

  it('selling a count card credits its uses with their own validity (R6)', async () => {
    const haircut = await product({ kind: 'service', name: '洗剪吹', listPriceFen: 3_000 });
    const card = await product({ kind: 'count_card', name: '十次卡', listPriceFen: 30_000, countCardItems: [{ serviceProductId: haircut.id, uses: 10, validityDays: 90 }] });
    const m = await member();
    const res = await admin.post('/api/checkout', { memberId: m.id, lines: [{ productId: card.id, quantity: 1 }], payments: [cash(30_000)] });
    expect(res.status).toBe(201);
    const uses = (await wallet(m.id)).uses;
    // bought 2026-11-26 (Shanghai) with 90 days → usable through 2027-02-24
    expect(uses).toEqual([{ itemId: haircut.id, label: '洗剪吹', balance: 10, lots: [{ remaining: 10, expiresAt: '2027-02-24T16:00:00.000Z' }] }]);
    expect((await admin.post('/api/checkout', { memberId: null, lines: [{ productId: card.id, quantity: 1 }], payments: [cash(30_000)] })).body.error.code).toBe('CHECKOUT_MEMBER_REQUIRED');
  });
});

describe('RULES R9 returns and voids', () => {
  it('a full return of the ¥70.00 sale paid 150 points + ¥68.50 refunds ¥68.50, returns 150 and claws back 68 → 200 points, as before', async () => {
    const p = await product({ listPriceFen: 7_000, memberDiscountAllowed: false });
    const m = await member();
    await admin.post(`/api/members/${m.id}/points/adjust`, { delta: 200, reason: '期初' });
    const before = (await admin.get(`/api/members/${m.id}`)).body;
    const sale = (await admin.post('/api/checkout', { memberId: m.id, lines: [{ productId: p.id, quantity: 1 }], payments: [{ method: 'points', points: 150 }, cash(6_850)] })).body;
    expect(sale.balances.points).toBe(118);
    const preview = (await admin.post(`/api/orders/${sale.id}/returns/preview`, { lines: [{ seq: 1, quantity: 1 }] })).body;
    expect(preview).toMatchObject({ goodsFen: 7_000, refundFen: 7_000, pointsReturned: 150, pointsClawback: 68, shortfallFen: 0 });
    const ret = await admin.post(`/api/orders/${sale.id}/returns`, { lines: [{ seq: 1, quantity: 1 }], reason: '质量问题' });
    expect(ret.status).toBe(201);
    expect(ret.body.payments.find((x: { method: string }) => x.method === 'cash')).toMatchObject({ amountFen: 6_850 });
    expect(ret.body.balances.points).toBe(200);
    const after = (await admin.get(`/api/members/${m.id}`)).body;
    expect(after.lifetimeSpendFen).toBe(before.lifetimeSpendFen);
    expect((await admin.post(`/api/orders/${sale.id}/returns`, { lines: [{ seq: 1, quantity: 1 }], reason: '再退' })).body.error).toMatchObject({ code: 'ORDER_RETURN_INVALID', field: 'lines' });
    expect((await admin.post(`/api/orders/${sale.id}/void`, { reason: '撤销' })).body.error.code).toBe('ORDER_NOTHING_LEFT');
    const detail = (await admin.get(`/api/orders/${sale.id}`)).body;
    expect(detail.lines[0]).toMatchObject({ seq: 1, returnedQuantity: 1 });
    expect(detail.returns).toHaveLength(1);
  });

  it('shortfall: ¥100 cash earned 100 points, then spent; returning claws back 100 from 0 → refund ¥99.00, points stay 0', async () => {
    const p = await product({ listPriceFen: 10_000, memberDiscountAllowed: false });
    const m = await member();
    const sale = (await admin.post('/api/checkout', { memberId: m.id, lines: [{ productId: p.id, quantity: 1 }], payments: [cash(10_000)] })).body;
    expect(sale.pointsEarned).toBe(100);
    await admin.post(`/api/members/${m.id}/points/adjust`, { delta: -100, reason: '兑换礼品' });
    const ret = (await admin.post(`/api/orders/${sale.id}/void`, { reason: '整单撤销' })).body;
    expect(ret).toMatchObject({ kind: 'void', goodsFen: 10_000, pointsClawback: 100, shortfallPoints: 100, shortfallFen: 100, refundFen: 9_900, balances: { points: 0 } });
  });

  it('a partial return gives stored value back in the sale’s principal/bonus split; a count card comes back only unused', async () => {
    const m = await member();
    await admin.post('/api/topups', { memberId: m.id, amountFen: 10_000, tenders: [cash(10_000)] });
    const p = await product({ listPriceFen: 2_000, memberDiscountAllowed: false });
    const sale = (await admin.post('/api/checkout', { memberId: m.id, lines: [{ productId: p.id, quantity: 3 }], payments: [{ method: 'stored_value', amountFen: 6_000 }] })).body;
    expect(sale.payments[0]).toMatchObject({ principalFen: 5_000, bonusFen: 1_000 });
    const ret = (await admin.post(`/api/orders/${sale.id}/returns`, { lines: [{ seq: 1, quantity: 1 }], reason: '多拿了' })).body;
    expect(ret.payments[0]).toMatchObject({ method: 'stored_value', amountFen: 2_000, principalFen: 1_667, bonusFen: 333 });
    expect(await wallet(m.id)).toMatchObject({ principalFen: 6_667, bonusFen: 1_333 });

    const haircut = await product({ kind: 'service', name: '修眉', listPriceFen: 1_000 });
    const card = await product({ kind: 'count_card', name: '五次卡', listPriceFen: 4_000, countCardItems: [{ serviceProductId: haircut.id, uses: 5, validityDays: 30 }] });
    const sold = (await admin.post('/api/checkout', { memberId: m.id, lines: [{ productId: card.id, quantity: 1 }], payments: [cash(4_000)] })).body;
    const used = await system.services.writer.run({ ...systemActor(system.merchantId), storeId: store.id }, (w) =>
      system.services.wallet.consumeUses(w, { kind: 'use', docType: 'test_use', docId: newId(), memberId: m.id, storeId: store.id }, { itemId: haircut.id, itemName: '修眉', uses: 1 }),
    );
    expect(used.id).toBeTruthy();
    expect((await admin.post(`/api/orders/${sold.id}/void`, { reason: '退卡' })).body.error.code).toBe('WALLET_INSUFFICIENT_USES');
    expect((await wallet(m.id)).uses.find((u: { itemId: string }) => u.itemId === haircut.id).balance).toBe(4);
  });
});

describe('挂单 parked sales', () => {
  it('a cart parked at one till is resumed on another till of the store exactly once, then paid', async () => {
    const p = await product({ listPriceFen: 1_500 });
    const m = await member();
    const cart = { memberId: m.id, lines: [{ productId: p.id, quantity: 2 }], rounding: 'none' };
    const parked = await admin.post('/api/parked-orders', { label: '3号桌', cart });
    expect(parked.status).toBe(201);
    const tillB = (await admin.post(`/api/stores/${store.id}/tills`, { code: 'T2', name: '二号台' })).body;
    await admin.post('/api/auth/switch-store', { storeId: store.id, tillId: tillB.id });
    const list = (await admin.get('/api/parked-orders')).body.items;
    expect(list.map((x: { id: string; label: string }) => [x.id, x.label])).toContainEqual([parked.body.id, '3号桌']);
    const resumed = await admin.post(`/api/parked-orders/${parked.body.id}/resume`);
    expect(resumed.body.cart).toMatchObject(cart);
    expect((await admin.post(`/api/parked-orders/${parked.body.id}/resume`)).body.error.code).toBe('PARKED_ORDER_NOT_FOUND');
    const paid = await admin.post('/api/checkout', { ...resumed.body.cart, payments: [cash(3_000)] });
    expect(paid.body).toMatchObject({ totalFen: 3_000 });
    await admin.post('/api/auth/switch-store', { storeId: store.id });
  });
});

describe('计次消费 count-card uses at the till', () => {
  it('takes uses from the soonest-expiring lot, refuses more than is left, and a void puts them back on the same lot', async () => {
    const massage = await product({ kind: 'service', name: '按摩', listPriceFen: 8_000 });
    const card = await product({ kind: 'count_card', name: '按摩三次', listPriceFen: 20_000, countCardItems: [{ serviceProductId: massage.id, uses: 3, validityDays: 60 }] });
    const m = await member();
    await admin.post('/api/checkout', { memberId: m.id, lines: [{ productId: card.id, quantity: 1 }], payments: [cash(20_000)] });
    const used = await admin.post('/api/checkout/use-uses', { memberId: m.id, items: [{ serviceProductId: massage.id, uses: 2 }] });
    expect(used.status).toBe(201);
    expect(used.body).toMatchObject({ kind: 'uses', totalFen: 0, lines: [expect.objectContaining({ name: '按摩', quantity: 2 })] });
    const left = async () => (await wallet(m.id)).uses.find((u: { itemId: string }) => u.itemId === massage.id);
    expect(await left()).toMatchObject({ balance: 1 });
    const over = await admin.post('/api/checkout/use-uses', { memberId: m.id, items: [{ serviceProductId: massage.id, uses: 2 }] });
    expect(over.body.error).toMatchObject({ code: 'WALLET_INSUFFICIENT_USES', field: 'items.0.uses' });
    expect((await admin.post(`/api/orders/${used.body.id}/returns`, { lines: [{ seq: 1, quantity: 1 }], reason: '部分' })).body.error.code).toBe('ORDER_RETURN_INVALID');
    expect((await admin.post(`/api/orders/${used.body.id}/void`, { reason: '误操作' })).status).toBe(201);
    const back = await left();
    expect(back).toMatchObject({ balance: 3 });
    expect(back.lots).toHaveLength(1);
    expect((await admin.post(`/api/orders/${used.body.id}/restore`, { reason: '误撤' })).status).toBe(201);
    expect(await left()).toMatchObject({ balance: 1 });
  });
});

describe('RULES R7 time billing (计时)', () => {
  it('check-in 14:00, check-out 15:22 → 82 min → 90 min at ¥30/h → ¥45.00, Gold 9折 on the result; 14:04 is free', async () => {
    const pool = await product({ kind: 'timed', name: '台球', unit: '小时', listPriceFen: 3_000, timeSettings: { ratePerHourFen: 3_000, unitMinutes: 15, graceMinutes: 5, capFen: null } });
    const gold = await member(levels.gold);
    system.clock.set('2026-11-26T06:00:00Z'); // 14:00 in Shanghai: the clock jumped past the session's idle limit
    admin = await loggedIn(system, ADMIN.username, ADMIN.password);
    await admin.post('/api/auth/switch-store', { storeId: store.id });
    const session = await admin.post('/api/timed-sessions', { productId: pool.id, memberId: gold.id, label: '3号台' });
    expect(session.status).toBe(201);
    const quick = (await admin.post('/api/timed-sessions', { productId: pool.id, memberId: null, label: '5号台' })).body;
    system.clock.set('2026-11-26T06:04:00Z');
    expect((await admin.get('/api/timed-sessions')).body.items.find((x: { id: string }) => x.id === quick.id)).toMatchObject({ minutes: 4, chargeFen: 0 });
    const free = await admin.post('/api/checkout', { memberId: null, lines: [], timedSessionIds: [quick.id], payments: [] });
    expect(free.body).toMatchObject({ totalFen: 0, payments: [] });
    system.clock.set('2026-11-26T07:22:00Z'); // 15:22
    const running = (await admin.get('/api/timed-sessions')).body.items.find((x: { id: string }) => x.id === session.body.id);
    expect(running).toMatchObject({ minutes: 82, billedMinutes: 90, chargeFen: 4_500 });
    const paid = await admin.post('/api/checkout', { memberId: gold.id, lines: [], timedSessionIds: [session.body.id], payments: [cash(4_050)] });
    expect(paid.status).toBe(201);
    expect(paid.body.lines[0]).toMatchObject({ kind: 'timed', listUnitFen: 4_500, amountFen: 4_050 });
    expect((await admin.post('/api/checkout', { memberId: gold.id, lines: [], timedSessionIds: [session.body.id], payments: [cash(4_050)] })).body.error).toMatchObject({ code: 'TIMED_SESSION_NOT_OPEN', field: 'timedSessionIds.0' });
    expect((await admin.post(`/api/timed-sessions/${quick.id}/cancel`, { reason: '开错台' })).body.error.code).toBe('TIMED_SESSION_NOT_OPEN');
    const mistake = (await admin.post('/api/timed-sessions', { productId: pool.id, memberId: null, label: '6号台' })).body;
    expect((await admin.post(`/api/timed-sessions/${mistake.id}/cancel`, { reason: '开错台' })).status).toBe(200);
    expect((await admin.get('/api/timed-sessions')).body.items).toEqual([]);
    system.clock.set('2026-11-26T02:00:00Z');
  });
});

describe('恢复 restore of a voided order', () => {
  it('re-applies the sale while what the void gave back is unused, and refuses once it was spent', async () => {
    const m = await member();
    await admin.post('/api/topups', { memberId: m.id, amountFen: 10_000, tenders: [cash(10_000)] });
    const p = await product({ listPriceFen: 3_000, memberDiscountAllowed: false });
    const sale = (await admin.post('/api/checkout', { memberId: m.id, lines: [{ productId: p.id, quantity: 1 }], payments: [{ method: 'stored_value', amountFen: 3_000 }] })).body;
    const afterSale = await wallet(m.id);
    expect((await admin.post(`/api/orders/${sale.id}/restore`, { reason: 'x' })).body.error.code).toBe('ORDER_NOT_VOIDED');
    await admin.post(`/api/orders/${sale.id}/void`, { reason: '收银员误撤' });
    expect(await wallet(m.id)).toMatchObject({ principalFen: 10_000, bonusFen: 2_000 });
    const restored = await admin.post(`/api/orders/${sale.id}/restore`, { reason: '恢复误撤' });
    expect(restored.status).toBe(201);
    expect(restored.body).toMatchObject({ kind: 'restore', goodsFen: -3_000 });
    expect(await wallet(m.id)).toMatchObject({ principalFen: afterSale.principalFen, bonusFen: afterSale.bonusFen, points: afterSale.points });
    expect((await admin.get(`/api/orders/${sale.id}`)).body.lines[0]).toMatchObject({ returnedQuantity: 0 });
    expect((await admin.post(`/api/orders/${sale.id}/restore`, { reason: 'again' })).body.error.code).toBe('ORDER_NOT_VOIDED');

    // voided again, the money given back is spent: restoring would overdraw, so it is refused and nothing changes
    await admin.post(`/api/orders/${sale.id}/void`, { reason: '再撤' });
    const all = await wallet(m.id);
    await admin.post('/api/checkout', { memberId: m.id, lines: [{ productId: p.id, quantity: 4 }], payments: [{ method: 'stored_value', amountFen: all.principalFen + all.bonusFen }] });
    const blocked = await admin.post(`/api/orders/${sale.id}/restore`, { reason: '恢复' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('ORDER_RESTORE_BLOCKED');
  });
});

describe('积分购买 points sale', () => {
  it('buys products with a points price with points alone (no 50% cap, no points earned); a void gives the points back to the same lots', async () => {
    const cup = await product({ name: '保温杯', listPriceFen: 9_900, pointsPrice: 800 });
    const plain = await product({ name: '普通商品', listPriceFen: 100 });
    const m = await member();
    await admin.post(`/api/members/${m.id}/points/adjust`, { delta: 2_000, reason: '期初' });
    expect((await admin.post('/api/checkout/points-sale', { memberId: m.id, lines: [{ productId: plain.id, quantity: 1 }] })).body.error).toMatchObject({ code: 'CHECKOUT_NOT_FOR_POINTS', field: 'lines.0.productId' });
    expect((await admin.post('/api/checkout/points-sale', { memberId: m.id, lines: [{ productId: cup.id, quantity: 3 }] })).body.error).toMatchObject({ code: 'WALLET_INSUFFICIENT_POINTS', field: 'lines' });
    const sold = await admin.post('/api/checkout/points-sale', { memberId: m.id, lines: [{ productId: cup.id, quantity: 2 }] });
    expect(sold.status).toBe(201);
    expect(sold.body).toMatchObject({ kind: 'points', totalFen: 0, pointsEarned: 0, payments: [expect.objectContaining({ method: 'points', points: 1_600 })], balances: { points: 400 } });
    const lotsBefore = (await wallet(m.id)).pointsExpiring;
    expect((await admin.post(`/api/orders/${sold.body.id}/void`, { reason: '不要了' })).status).toBe(201);
    const after = await wallet(m.id);
    expect(after.points).toBe(2_000);
    expect(after.pointsExpiring).toHaveLength(lotsBefore.length);
    expect((await admin.get(`/api/orders/${sold.body.id}`)).body.returns[0]).toMatchObject({ kind: 'void', pointsReturned: 1_600, payments: [expect.objectContaining({ method: 'points', points: 1_600 })] });
    // restoring takes the points back from the lots the void gave them back to
    expect((await admin.post(`/api/orders/${sold.body.id}/restore`, { reason: '误撤' })).status).toBe(201);
    expect(await wallet(m.id)).toMatchObject({ points: 400 });
  });
});
