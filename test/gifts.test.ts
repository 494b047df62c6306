import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/kernel/ids';
import { ApiClient, loggedIn } from './support/api-client';
import { closeTestSystem } from './support/close';
import { countRows, merchantSnapshot } from './support/db-inspect';
import { createRole, createStaff, createStore, STAFF_PASSWORD } from './support/fixtures';
import { ledgerProblems } from './support/ledger-invariants';
import { ADMIN, addMerchant, createTestSystem, type TestSystem } from './support/test-system';

// 礼品与积分兑换: the gift catalog, redeeming points for goods, stored value, uses and coupons,
// and voiding a redemption (points and stock back) — on SQLite, and on PostgreSQL with TEST_DATABASE_URL.

let system: TestSystem;
let admin: ApiClient;
let store: { id: string };
let otherStore: { id: string };
let cardType: string;
let levels: Record<'normal' | 'gold', string>;
let seq = 0;
const phone = () => `137${String(10_000_000 + ++seq).slice(-8)}`;
const cash = (amountFen: number) => ({ method: 'cash', amountFen });

async function member(opts: { points?: number; levelId?: string; homeStoreId?: string } = {}) {
  const res = await admin.post('/api/members', { name: `顾客${++seq}`, phone: phone(), homeStoreId: opts.homeStoreId ?? store.id, card: { cardTypeId: cardType } });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  if (opts.levelId) expect((await admin.post(`/api/members/${res.body.id}/level`, { levelId: opts.levelId, reason: '测试' })).status).toBe(200);
  if (opts.points) expect((await admin.post(`/api/members/${res.body.id}/points/adjust`, { delta: opts.points, reason: '期初' })).status).toBe(200);
  return res.body.id as string;
}

async function gift(body: Record<string, unknown>) {
  const res = await admin.post('/api/gifts', { name: `礼品${++seq}`, kind: 'goods', pointsPrice: 500, ...body });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body as { id: string; stock: number | null };
}

async function product(body: Record<string, unknown>) {
  const res = await admin.post('/api/products', { code: `G${++seq}`, name: '商品', kind: 'goods', listPriceFen: 10_000, memberDiscountAllowed: false, ...body });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body.id as string;
}

const wallet = async (memberId: string) => (await admin.get(`/api/members/${memberId}/wallet`)).body;
const stockOf = async (giftId: string) => (await admin.get(`/api/gifts/${giftId}`)).body.stock as number | null;
const redeem = (memberId: string, giftId: string, quantity = 1, headers?: Record<string, string>) => admin.post('/api/gift-redemptions', { memberId, giftId, quantity }, headers);

beforeAll(async () => {
  system = await createTestSystem();
  admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  store = await createStore(admin, { name: '兑换店' });
  otherStore = await createStore(admin, { name: '别的店' });
  expect((await admin.post('/api/auth/switch-store', { storeId: store.id })).status).toBe(200);
  const level = async (code: string, name: string, rank: number, upgradeThreshold: number) =>
    (await admin.post('/api/member-levels', { code, name, rank, upgradeThreshold, discountBp: 10_000, pointsMultiplierBp: 10_000 })).body.id as string;
  levels = { normal: await level('normal', '普通', 0, 0), gold: await level('gold', '金卡', 2, 99_900_000) };
  cardType = (await admin.post('/api/card-types', { code: 'c', name: '会员卡', validityKind: 'permanent' })).body.id;
});
afterAll(async () => {
  expect(await ledgerProblems(system.db.kysely, system.merchantId)).toEqual([]);
  await closeTestSystem(system);
});

describe('the gift catalog', () => {
  it('categories, and the fields each kind needs or forbids', async () => {
    const cat = await admin.post('/api/gift-categories', { name: '生活用品', sort: 1 });
    expect(cat.status).toBe(201);
    expect(cat.body).toMatchObject({ name: '生活用品', sort: 1, status: 'active', giftCount: 0 });
    const g = await gift({ categoryId: cat.body.id, name: '保温杯', pointsPrice: 800, stock: 10 });
    expect(g).toMatchObject({ categoryName: '生活用品', kind: 'goods', pointsPrice: 800, stock: 10, storeIds: null, levelIds: null, status: 'active' });
    expect((await admin.get('/api/gift-categories')).body.items.find((c: { id: string }) => c.id === cat.body.id)).toMatchObject({ giftCount: 1 });

    const service = await product({ kind: 'service', name: '洗剪吹', listPriceFen: 5_000 });
    const goods = await product({ name: '洗发水' });
    const refused = async (body: Record<string, unknown>) => (await admin.post('/api/gifts', { name: 'x', pointsPrice: 100, ...body })).body.error;
    expect(await refused({ kind: 'stored_value' })).toMatchObject({ code: 'GIFT_FIELD_REQUIRED', field: 'valueFen' });
    expect(await refused({ kind: 'goods', valueFen: 100 })).toMatchObject({ code: 'GIFT_FIELD_FORBIDDEN', field: 'valueFen' });
    expect(await refused({ kind: 'uses', serviceProductId: service, uses: 3 })).toMatchObject({ code: 'GIFT_FIELD_REQUIRED', field: 'validityDays' });
    expect(await refused({ kind: 'uses', serviceProductId: goods, uses: 3, validityDays: 30 })).toMatchObject({ code: 'GIFT_SERVICE_INVALID', field: 'serviceProductId' });
    expect(await refused({ kind: 'uses', serviceProductId: newId(), uses: 3, validityDays: 30 })).toMatchObject({ code: 'GIFT_SERVICE_INVALID', field: 'serviceProductId' });
    expect(await refused({ kind: 'coupon', couponTemplateId: newId(), couponQuantity: 1 })).toMatchObject({ code: 'GIFT_COUPON_TEMPLATE_NOT_FOUND', field: 'couponTemplateId' });
    expect(await refused({ kind: 'goods', storeIds: [store.id, newId()] })).toMatchObject({ code: 'GIFT_STORE_NOT_FOUND', field: 'storeIds.1' });
    expect(await refused({ kind: 'goods', levelIds: [newId()] })).toMatchObject({ code: 'GIFT_LEVEL_NOT_FOUND', field: 'levelIds.0' });
    expect(await refused({ kind: 'goods', categoryId: newId() })).toMatchObject({ code: 'GIFT_CATEGORY_NOT_FOUND', field: 'categoryId' });
    expect((await admin.post('/api/gifts', { name: 'x', kind: 'goods', pointsPrice: 0 })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'pointsPrice' });

    // a patch is checked as the gift it makes: a goods gift turned into stored value needs its value
    expect((await admin.patch(`/api/gifts/${g.id}`, { kind: 'stored_value' })).body.error).toMatchObject({ code: 'GIFT_FIELD_REQUIRED', field: 'valueFen' });
    const restocked = await admin.patch(`/api/gifts/${g.id}`, { stock: 12, description: '316不锈钢' });
    expect(restocked.body).toMatchObject({ stock: 12, description: '316不锈钢', kind: 'goods' });
    expect((await admin.patch(`/api/gifts/${newId()}`, {})).body.error).toMatchObject({ code: 'GIFT_NOT_FOUND', field: 'id' });
    expect((await admin.get(`/api/gifts?q=${encodeURIComponent('保温')}`)).body).toMatchObject({ total: 1, items: [expect.objectContaining({ id: g.id })] });
    expect((await admin.get(`/api/gifts?categoryId=${cat.body.id}&status=all`)).body.total).toBe(1);
    const audit = (await admin.get(`/api/audit?entityId=${g.id}`)).body.items.map((a: { action: string }) => a.action);
    expect(audit.sort()).toEqual(['gift.create', 'gift.update']);
  });
});

describe('redeeming points for a gift', () => {
  it('500 points for a gift: stock 3 → 2, points 800 → 300; a void gives back 800 and 3, once', async () => {
    const m = await member({ points: 800 });
    const g = await gift({ name: '雨伞', pointsPrice: 500, stock: 3 });
    const res = await redeem(m, g.id);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ giftName: '雨伞', kind: 'goods', quantity: 1, points: 500, status: 'completed', storeId: store.id, balances: { points: 300 }, couponsIssued: [] });
    expect(res.body.docNo).toMatch(/^\d{8}-\d{4}$/);
    expect(await stockOf(g.id)).toBe(2);
    expect((await wallet(m)).points).toBe(300);
    expect((await admin.get(`/api/gift-redemptions?memberId=${m}`)).body).toMatchObject({ total: 1, items: [expect.objectContaining({ id: res.body.id, points: 500 })] });

    const voided = await admin.post(`/api/gift-redemptions/${res.body.id}/void`, { reason: '会员不要了' });
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ status: 'voided', voidReason: '会员不要了', balances: { points: 800 } });
    expect(await stockOf(g.id)).toBe(3);
    expect((await wallet(m)).points).toBe(800);
    const again = await admin.post(`/api/gift-redemptions/${res.body.id}/void`, { reason: '再撤' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'GIFT_REDEMPTION_ALREADY_VOIDED', field: 'id' });
    expect((await wallet(m)).points).toBe(800);
    expect(await stockOf(g.id)).toBe(3);
    expect((await admin.get(`/api/gift-redemptions/${res.body.id}`)).body).toMatchObject({ status: 'voided', voidedByName: expect.any(String), balances: null });
    const actions = (await admin.get(`/api/audit?entityId=${res.body.id}`)).body.items.map((a: { action: string }) => a.action);
    expect(actions.sort()).toEqual(['gift.redeem', 'gift_redemption.void']);
  });

  it('refuses more than the stock, leaving it as it was; an unlimited gift has no stock to run out of, nor to give back', async () => {
    const m = await member({ points: 10_000 });
    const g = await gift({ pointsPrice: 100, stock: 2 });
    const over = await redeem(m, g.id, 3);
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'GIFT_OUT_OF_STOCK', field: 'quantity', details: { stock: 2, quantity: 3 } });
    expect((await redeem(m, g.id, 2)).status).toBe(201);
    expect(await stockOf(g.id)).toBe(0);
    expect((await redeem(m, g.id)).body.error.code).toBe('GIFT_OUT_OF_STOCK');
    const unlimited = await gift({ pointsPrice: 100, stock: null });
    const taken = await redeem(m, unlimited.id, 50);
    expect(taken.body).toMatchObject({ points: 5_000, balances: { points: 4_800 } });
    expect(await stockOf(unlimited.id)).toBeNull();
    // counted from now on: voiding the earlier redemption puts back nothing it never took
    expect((await admin.patch(`/api/gifts/${unlimited.id}`, { stock: 10 })).status).toBe(200);
    expect((await admin.post(`/api/gift-redemptions/${taken.body.id}/void`, { reason: '撤销' })).body).toMatchObject({ status: 'voided', balances: { points: 9_800 } });
    expect(await stockOf(unlimited.id)).toBe(10);
  });

  it('two tills cannot oversell: five members at once for a gift with 3 left → exactly 3 redemptions', async () => {
    const g = await gift({ pointsPrice: 100, stock: 3 });
    const ms = await Promise.all([1, 2, 3, 4, 5].map(() => member({ points: 100 })));
    const results = await Promise.all(ms.map((m) => redeem(m, g.id)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409]);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual(['GIFT_OUT_OF_STOCK', 'GIFT_OUT_OF_STOCK']);
    expect(await stockOf(g.id)).toBe(0);
    const points = await Promise.all(ms.map(async (m) => (await wallet(m)).points));
    expect(points.sort()).toEqual([0, 0, 0, 100, 100]);
  });

  it('a gift offered at other stores or to other levels is refused with its code; the till lists only what the member may take', async () => {
    const normal = await member({ points: 1_000, levelId: levels.normal });
    const gold = await member({ points: 1_000, levelId: levels.gold });
    const elsewhere = await gift({ name: '别店礼品', pointsPrice: 100, storeIds: [otherStore.id] });
    const goldOnly = await gift({ name: '金卡礼品', pointsPrice: 100, levelIds: [levels.gold], storeIds: [store.id, otherStore.id] });
    await gift({ name: '已兑完', pointsPrice: 100, stock: 0 });
    const archived = await gift({ name: '已下架', pointsPrice: 100 });
    await admin.patch(`/api/gifts/${archived.id}`, { status: 'archived' });

    expect((await redeem(normal, elsewhere.id)).body.error).toMatchObject({ code: 'GIFT_NOT_AT_STORE', field: 'giftId' });
    const level = await redeem(normal, goldOnly.id);
    expect(level.status).toBe(409);
    expect(level.body.error).toMatchObject({ code: 'GIFT_LEVEL_NOT_ALLOWED', field: 'giftId' });
    expect((await redeem(normal, archived.id)).body.error.code).toBe('GIFT_ARCHIVED');
    expect((await redeem(normal, newId())).body.error).toMatchObject({ code: 'GIFT_NOT_FOUND', field: 'giftId' });
    expect((await redeem(gold, goldOnly.id)).status).toBe(201);

    const names = async (memberId: string) => (await admin.get(`/api/gifts?availableFor=${memberId}&pageSize=500`)).body.items.map((g: { name: string }) => g.name);
    const forNormal = await names(normal);
    const forGold = await names(gold);
    expect(forGold).toContain('金卡礼品');
    expect(forNormal).not.toContain('金卡礼品');
    for (const list of [forNormal, forGold]) for (const hidden of ['别店礼品', '已兑完', '已下架']) expect(list).not.toContain(hidden);
    expect((await admin.get(`/api/gifts?storeId=${otherStore.id}&pageSize=500`)).body.items.map((g: { name: string }) => g.name)).toEqual(expect.arrayContaining(['别店礼品', '金卡礼品']));
  });

  it('not enough points is the ledger’s own refusal, and nothing is written', async () => {
    const m = await member({ points: 499 });
    const never = await member();
    const g = await gift({ pointsPrice: 500, stock: 3 });
    const tables = ['gift_redemptions', 'gifts', 'ledger_txns', 'ledger_entries', 'ledger_accounts', 'doc_counters', 'audit_log'] as const;
    const counts = await countRows(system.db.kysely, tables, system.merchantId);
    const before = await merchantSnapshot(system.db.kysely, system.merchantId);
    const res = await redeem(m, g.id);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'WALLET_INSUFFICIENT_POINTS', field: 'quantity' });
    // a member who never had points has no account to take from
    expect((await redeem(never, g.id)).body.error.code).toBe('WALLET_INSUFFICIENT_POINTS');
    expect(await countRows(system.db.kysely, tables, system.merchantId)).toEqual(counts);
    expect(await merchantSnapshot(system.db.kysely, system.merchantId)).toEqual(before);
    expect(await stockOf(g.id)).toBe(3);
  });

  it('a retry with the same Idempotency-Key returns the same redemption and moves nothing', async () => {
    const m = await member({ points: 1_000 });
    const g = await gift({ pointsPrice: 300, stock: 5 });
    const key = { 'idempotency-key': newId() };
    const first = await redeem(m, g.id, 2, key);
    expect(first.status).toBe(201);
    const snap = await merchantSnapshot(system.db.kysely, system.merchantId);
    const again = await redeem(m, g.id, 2, key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await merchantSnapshot(system.db.kysely, system.merchantId)).toEqual(snap);
    expect((await wallet(m)).points).toBe(400);
    expect(await stockOf(g.id)).toBe(3);
    // the same key with another body is refused
    expect((await redeem(m, g.id, 1, key)).status).toBe(422);
  });
});

describe('gifts that credit value', () => {
  it('stored value: ¥20.00 of bonus for 300 points; voidable while unspent, refused once spent at the till', async () => {
    const m = await member({ points: 1_000 });
    const g = await gift({ kind: 'stored_value', name: '20元储值', pointsPrice: 300, valueFen: 2_000, stock: 10 });
    const first = await redeem(m, g.id);
    expect(first.body).toMatchObject({ kind: 'stored_value', valueFen: 2_000, points: 300, balances: { principalFen: 0, bonusFen: 2_000, points: 700 } });
    // unspent: the void takes the bonus back and returns the points
    const undone = await admin.post(`/api/gift-redemptions/${first.body.id}/void`, { reason: '误操作' });
    expect(undone.body).toMatchObject({ status: 'voided', balances: { bonusFen: 0, points: 1_000 } });
    expect(await stockOf(g.id)).toBe(10);

    const second = await redeem(m, g.id, 2);
    expect(second.body).toMatchObject({ valueFen: 4_000, points: 600, balances: { bonusFen: 4_000, points: 400 } });
    const p = await product({ listPriceFen: 1_500 });
    const sale = await admin.post('/api/checkout', { memberId: m, lines: [{ productId: p, quantity: 1 }], payments: [{ method: 'stored_value', amountFen: 1_500 }] });
    expect(sale.status).toBe(201);
    expect(sale.body.payments[0]).toMatchObject({ principalFen: 0, bonusFen: 1_500 });
    const before = await wallet(m);
    const blocked = await admin.post(`/api/gift-redemptions/${second.body.id}/void`, { reason: '想退' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error).toMatchObject({ code: 'GIFT_REDEMPTION_VOID_BLOCKED', field: 'id' });
    expect(await wallet(m)).toMatchObject({ bonusFen: before.bonusFen, points: before.points });
    expect((await admin.get(`/api/gift-redemptions/${second.body.id}`)).body.status).toBe('completed');
    expect(await stockOf(g.id)).toBe(8);
  });

  it('uses: 3 haircuts valid 30 days per gift, soonest-expiring first; a void is refused once one was used', async () => {
    const haircut = await product({ kind: 'service', name: '剪发', listPriceFen: 3_000 });
    const m = await member({ points: 2_000 });
    const g = await gift({ kind: 'uses', name: '剪发三次', pointsPrice: 600, serviceProductId: haircut, uses: 3, validityDays: 30 });
    const res = await redeem(m, g.id);
    expect(res.body).toMatchObject({ kind: 'uses', uses: 3, points: 600, balances: { points: 1_400 } });
    const usesOf = async () => (await wallet(m)).uses.find((u: { itemId: string }) => u.itemId === haircut);
    // redeemed 2026-11-26 (Shanghai) with 30 days → usable to the end of 2026-12-26
    expect(await usesOf()).toMatchObject({ label: '剪发', balance: 3, lots: [{ remaining: 3, expiresAt: '2026-12-26T16:00:00.000Z' }] });

    const unused = await redeem(m, g.id);
    expect((await usesOf()).balance).toBe(6);
    expect((await admin.post(`/api/gift-redemptions/${unused.body.id}/void`, { reason: '不要了' })).body).toMatchObject({ status: 'voided', balances: { points: 1_400 } });
    expect((await usesOf()).balance).toBe(3);

    expect((await admin.post('/api/checkout/use-uses', { memberId: m, items: [{ serviceProductId: haircut, uses: 1 }] })).status).toBe(201);
    const blocked = await admin.post(`/api/gift-redemptions/${res.body.id}/void`, { reason: '想退' });
    expect(blocked.body.error).toMatchObject({ code: 'GIFT_REDEMPTION_VOID_BLOCKED' });
    expect(await usesOf()).toMatchObject({ balance: 2 });
    expect((await wallet(m)).points).toBe(1_400);
  });

  it('coupons: 2 coupons per gift issued to the member; a void voids them, and is refused once one was used', async () => {
    const template = await admin.post('/api/coupon-templates', {
      name: '10元代金券',
      kind: 'cash',
      valueFen: 1_000,
      rateBp: null,
      maxOffFen: null,
      minSpendFen: 0,
      validity: { kind: 'days', days: 30 },
      weekdays: null,
      hours: null,
      productScope: 'all',
      scopeIds: [],
      storeIds: null,
      levelIds: null,
      perMemberLimit: null,
      totalQuantity: null,
    });
    expect(template.status).toBe(201);
    const m = await member({ points: 1_000 });
    const g = await gift({ kind: 'coupon', name: '代金券礼包', pointsPrice: 200, couponTemplateId: template.body.id, couponQuantity: 2 });
    const res = await redeem(m, g.id);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'coupon', coupons: 2, balances: { points: 800 } });
    expect(res.body.couponsIssued).toHaveLength(2);
    expect(res.body.couponsIssued[0]).toMatchObject({ name: '10元代金券' });
    const held = (await admin.get(`/api/coupons?memberId=${m}`)).body.items;
    expect(held.map((c: { channel: string; status: string }) => [c.channel, c.status])).toEqual([['redemption', 'available'], ['redemption', 'available']]);

    const voided = await admin.post(`/api/gift-redemptions/${res.body.id}/void`, { reason: '换别的' });
    expect(voided.body).toMatchObject({ status: 'voided', balances: { points: 1_000 } });
    expect((await admin.get(`/api/coupons?memberId=${m}`)).body.items.map((c: { status: string }) => c.status)).toEqual(['void', 'void']);

    const kept = await redeem(m, g.id);
    const p = await product({ listPriceFen: 5_000 });
    const sale = await admin.post('/api/checkout', { memberId: m, lines: [{ productId: p, quantity: 1 }], couponCodes: [kept.body.couponsIssued[0].code], payments: [cash(4_000)] });
    expect(sale.status).toBe(201);
    const blocked = await admin.post(`/api/gift-redemptions/${kept.body.id}/void`, { reason: '想退' });
    expect(blocked.body.error).toMatchObject({ code: 'GIFT_REDEMPTION_VOID_BLOCKED', details: { couponsUsed: 1 } });
    expect((await admin.get(`/api/gift-redemptions/${kept.body.id}`)).body).toMatchObject({ status: 'completed', couponsIssued: expect.any(Array) });
    // the unused coupon is still the member's
    const statuses = (await admin.get(`/api/coupons?memberId=${m}&pageSize=50`)).body.items.map((c: { status: string }) => c.status).sort();
    expect(statuses).toEqual(['available', 'used', 'void', 'void']);
  });
});

describe('RULES R9 shortfall, end to end', () => {
  it('0 points, ¥100.00 cash → 100 points, 100 points for a gift; returning the order refunds ¥99.00 and points stay 0', async () => {
    const m = await member();
    const p = await product({ listPriceFen: 10_000 });
    const sale = await admin.post('/api/checkout', { memberId: m, lines: [{ productId: p, quantity: 1 }], payments: [cash(10_000)] });
    expect(sale.body).toMatchObject({ totalFen: 10_000, pointsEarned: 100, balances: { points: 100 } });
    const g = await gift({ pointsPrice: 100, stock: 1 });
    expect((await redeem(m, g.id)).body).toMatchObject({ points: 100, balances: { points: 0 } });
    const preview = (await admin.post(`/api/orders/${sale.body.id}/returns/preview`, { lines: [{ seq: 1, quantity: 1 }] })).body;
    expect(preview).toMatchObject({ pointsClawback: 100, shortfallPoints: 100, shortfallFen: 100, refundFen: 9_900 });
    const ret = await admin.post(`/api/orders/${sale.body.id}/returns`, { lines: [{ seq: 1, quantity: 1 }], reason: '退货' });
    expect(ret.status).toBe(201);
    expect(ret.body).toMatchObject({ goodsFen: 10_000, refundFen: 9_900, shortfallFen: 100, balances: { points: 0 } });
    expect(ret.body.payments).toEqual([expect.objectContaining({ method: 'cash', amountFen: 9_900 })]);
    expect((await wallet(m)).points).toBe(0);
  });
});

describe('store scope', () => {
  it('staff of one store redeem there, see only its redemptions, and cannot void without the right', async () => {
    const role = await createRole(admin, { name: '前台', permissions: ['gifts.redeem', 'members.view'], dataScope: 'stores', scopeIds: [otherStore.id] });
    const clerk = await createStaff(admin, { roleId: role.id, homeStoreId: otherStore.id, storeIds: [otherStore.id] });
    const api = await loggedIn(system, clerk.username, 'Initial#2026');
    await api.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: STAFF_PASSWORD });
    expect((await api.post('/api/auth/switch-store', { storeId: otherStore.id })).status).toBe(200);

    const m = await member({ points: 1_000, homeStoreId: otherStore.id });
    const g = await gift({ pointsPrice: 100, storeIds: [otherStore.id] });
    const here = await api.post('/api/gift-redemptions', { memberId: m, giftId: g.id, quantity: 1 });
    expect(here.status).toBe(201);
    expect(here.body.storeId).toBe(otherStore.id);
    const mine = (await api.get('/api/gift-redemptions?pageSize=500')).body;
    expect(mine.items.map((r: { storeId: string }) => r.storeId)).toEqual([otherStore.id]);
    const elsewhere = (await admin.get(`/api/gift-redemptions?storeId=${store.id}&pageSize=1`)).body.items[0];
    expect((await api.get(`/api/gift-redemptions/${elsewhere.id}`)).body.error).toMatchObject({ code: 'GIFT_REDEMPTION_NOT_FOUND', field: 'id' });
    expect((await api.post(`/api/gift-redemptions/${here.body.id}/void`, { reason: 'x' })).status).toBe(403);
    expect((await api.post('/api/gifts', { name: 'x', kind: 'goods', pointsPrice: 1 })).status).toBe(403);
    expect((await api.get(`/api/gifts?availableFor=${m}`)).body.items.map((x: { id: string }) => x.id)).toContain(g.id);
    const day = here.body.businessDay;
    expect((await admin.get(`/api/gift-redemptions?from=${day}&to=${day}&status=completed&storeId=${otherStore.id}`)).body.total).toBe(1);
  });
});

describe('tenancy', () => {
  it('another merchant’s staff cannot read, redeem or void this merchant’s gifts and redemptions', async () => {
    const m = await member({ points: 500 });
    const g = await gift({ pointsPrice: 100, stock: 5 });
    const mine = (await redeem(m, g.id)).body;
    await addMerchant(system, 'm2');
    const other = await loggedIn(system, ADMIN.username, ADMIN.password, 'm2');
    const otherStoreOfB = await createStore(other, { name: 'B店' });
    await other.post('/api/auth/switch-store', { storeId: otherStoreOfB.id });
    const cardB = (await other.post('/api/card-types', { code: 'c', name: '卡', validityKind: 'permanent' })).body.id;
    const memberB = (await other.post('/api/members', { name: 'B顾客', phone: phone(), homeStoreId: otherStoreOfB.id, card: { cardTypeId: cardB } })).body.id;
    const before = await merchantSnapshot(system.db.kysely, system.merchantId);
    expect((await other.get(`/api/gifts/${g.id}`)).body.error).toMatchObject({ code: 'GIFT_NOT_FOUND', field: 'id' });
    expect((await other.get('/api/gifts?status=all&pageSize=500')).body.total).toBe(0);
    expect((await other.get('/api/gift-categories')).body.items).toEqual([]);
    expect((await other.patch(`/api/gifts/${g.id}`, { stock: 99 })).body.error.code).toBe('GIFT_NOT_FOUND');
    expect((await other.post('/api/gift-redemptions', { memberId: memberB, giftId: g.id, quantity: 1 })).body.error.code).toBe('GIFT_NOT_FOUND');
    expect((await other.get(`/api/gift-redemptions/${mine.id}`)).body.error.code).toBe('GIFT_REDEMPTION_NOT_FOUND');
    expect((await other.get('/api/gift-redemptions?pageSize=500')).body.total).toBe(0);
    expect((await other.post(`/api/gift-redemptions/${mine.id}/void`, { reason: 'x' })).body.error.code).toBe('GIFT_REDEMPTION_NOT_FOUND');
    expect(await merchantSnapshot(system.db.kysely, system.merchantId)).toEqual(before);
  });
});
