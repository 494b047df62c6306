import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../src/kernel/errors';
import { newId } from '../src/kernel/ids';
import type { Actor } from '../src/platform/context';
import type { ItemRunner } from '../src/platform/write';
import { Accounts } from '../src/modules/wallet/ledger';
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
let rule500: string;
let phoneSeq = 0;
const START = '2026-11-26T02:00:00Z'; // 10:00 in Shanghai

const phone = () => `137${String(10_000_000 + ++phoneSeq).slice(-8)}`;
const runner: ItemRunner = async (merchantId, fn) => {
  await system.services.writer.run({ merchantId, staffId: null, staffName: 'system', storeId: null, tillId: null, ip: '' }, fn);
  return true;
};
const cash = (amountFen: number) => [{ method: 'cash', amountFen }];

async function member(extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/members', { name: '储值会员', phone: phone(), homeStoreId: store.id, card: { cardTypeId: cardType }, ...extra });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body as { id: string; card: { id: string; cardNo: string } };
}

async function topup(memberId: string, amountFen: number, body: Record<string, unknown> = {}, api = admin, headers?: Record<string, string>) {
  return api.post('/api/topups', { memberId, amountFen, tenders: cash(amountFen), ...body }, headers);
}

const wallet = async (memberId: string) => (await admin.get(`/api/members/${memberId}/wallet`)).body;
const actor = (): Actor => ({ merchantId: system.merchantId, staffId: null, staffName: 'test', storeId: store.id, tillId: null, ip: '' });

/** Pays from stored value as checkout will (RULES R3 split). */
function spend(memberId: string, amountFen: number) {
  const { wallet: w, writer } = system.services;
  const sales = Accounts.store(store.id, 'sales');
  return writer.run(actor(), (scope) => w.spendStoredValue(scope, { kind: 'spend', docType: 'test_spend', docId: newId(), memberId, storeId: store.id }, amountFen, 'proportional', { principal: sales, bonus: sales }));
}

beforeAll(async () => {
  system = await createTestSystem();
  admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  store = await createStore(admin, { name: '储值店', topupApprovalThresholdFen: 500_000 });
  cardType = (await admin.post('/api/card-types', { code: 'sv', name: '储值卡', validityKind: 'year' })).body.id;
  const rule = await admin.post('/api/topup-rules', {
    name: '充100送20, 充500送120+200积分',
    storeId: null,
    startsOn: null,
    endsOn: null,
    tiers: [
      { thresholdFen: 50_000, bonusFen: 12_000, points: 200 },
      { thresholdFen: 10_000, bonusFen: 2_000, points: 0 },
    ],
    perEvery: false,
    installmentMonths: null,
  });
  expect(rule.status).toBe(201);
  expect(rule.body.tiers.map((t: { thresholdFen: number }) => t.thresholdFen)).toEqual([10_000, 50_000]);
  rule500 = rule.body.id;
});
/** Moves the clock; a jump past the session's idle limit means signing in again at the till's store. */
async function travel(to: string, storeId = store.id) {
  system.clock.set(to);
  admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  expect((await admin.post('/api/auth/switch-store', { storeId })).status).toBe(200);
}
beforeEach(() => travel(START));
afterAll(async () => {
  expect(await ledgerProblems(system.db.kysely, system.merchantId)).toEqual([]);
  await closeTestSystem(system);
});

describe('RULES R3 top-up', () => {
  it('pay ¥500 → principal 50000, bonus 12000, +200 points; pay ¥300 → tier ¥100: principal 30000, bonus 2000', async () => {
    const m = await member();
    const preview = await admin.post('/api/topups/preview', { memberId: m.id, amountFen: 50_000 });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ ruleId: rule500, bonusFen: 12_000, points: 200, needsApproval: false, installmentParts: [], balances: { principalFen: 0, bonusFen: 0, points: 0 } });
    const res = await topup(m.id, 50_000);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'completed', principalFen: 50_000, bonusFen: 12_000, points: 200, cardNo: m.card.cardNo, balances: { principalFen: 50_000, bonusFen: 12_000, points: 200 } });
    expect(res.body.docNo).toMatch(/^20261126-\d{4}$/);

    const other = await member();
    expect((await topup(other.id, 30_000)).body).toMatchObject({ principalFen: 30_000, bonusFen: 2_000, points: 0 });
    expect(await wallet(other.id)).toMatchObject({ principalFen: 30_000, bonusFen: 2_000, storedValueFen: 32_000, points: 0 });
    // the top-up principal counts toward a top-up based level and is in the statement with its document
    const statement = (await admin.get(`/api/members/${other.id}/ledger?asset=CNY`)).body;
    expect(statement.items.map((e: { kind: string; amount: number; balanceAfter: number; docNo: string }) => [e.kind, e.amount, e.balanceAfter, e.docNo])).toEqual(
      expect.arrayContaining([
        ['topup', 30_000, 30_000, expect.stringMatching(/^20261126-/)],
        ['topup', 2_000, 2_000, expect.stringMatching(/^20261126-/)],
      ]),
    );
  });

  it('rules: a “per every” tier that could grant more than the ledger holds is refused; a store manager edits only their stores’ rules', async () => {
    const huge = await admin.post('/api/topup-rules', { name: '每满1分送1亿', storeId: null, startsOn: null, endsOn: null, tiers: [{ thresholdFen: 1, bonusFen: 10_000_000_000, points: 0 }], perEvery: true, installmentMonths: null });
    expect(huge.status).toBe(400);
    expect(huge.body.error).toMatchObject({ code: 'TOPUP_RULE_GRANT_TOO_LARGE', field: 'tiers.0' });

    const other = await createStore(admin, { name: '别的店' });
    const role = await createRole(admin, { name: '店长', permissions: ['wallet.view', 'wallet.rules.manage'], dataScope: 'stores', scopeIds: [store.id] });
    const manager = await createStaff(admin, { roleId: role.id, homeStoreId: store.id, storeIds: [store.id] });
    const api = await loggedIn(system, manager.username, 'Initial#2026');
    await api.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: STAFF_PASSWORD });
    const rule = (storeId: string | null) => ({ name: '店铺活动', storeId, startsOn: null, endsOn: null, tiers: [{ thresholdFen: 10_000, bonusFen: 1_000, points: 0 }], perEvery: false, installmentMonths: null });
    expect((await api.post('/api/topup-rules', rule(other.id))).body.error).toMatchObject({ code: 'AUTH_STORE_FORBIDDEN', field: 'storeId' });
    expect((await api.post('/api/topup-rules', rule(null))).body.error).toMatchObject({ code: 'AUTH_STORE_FORBIDDEN', field: 'storeId' });
    expect((await api.patch(`/api/topup-rules/${rule500}`, { name: '改名' })).body.error).toMatchObject({ code: 'AUTH_STORE_FORBIDDEN', field: 'id' });
    const own = await api.post('/api/topup-rules', rule(store.id));
    expect(own.status).toBe(201);
    expect((await api.patch(`/api/topup-rules/${own.body.id}`, { storeId: other.id })).body.error).toMatchObject({ code: 'AUTH_STORE_FORBIDDEN', field: 'storeId' });
    expect((await api.patch(`/api/topup-rules/${own.body.id}`, { status: 'archived' })).body.status).toBe('archived');
  });

  it('no rule, or a chosen rule that does not apply, is honoured exactly', async () => {
    const m = await member();
    expect((await topup(m.id, 50_000, { ruleId: null })).body).toMatchObject({ bonusFen: 0, points: 0, ruleId: null });
    const refused = await topup(m.id, 5_000, { ruleId: rule500 });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'TOPUP_RULE_NOT_APPLICABLE', field: 'ruleId' });
  });

  it('spending splits principal and bonus in proportion: 10000 + 2000, spend 6000 → 5000 + 1000; 退卡 refunds ¥50.00 and forfeits ¥10.00', async () => {
    const m = await member();
    await topup(m.id, 10_000);
    expect(await wallet(m.id)).toMatchObject({ principalFen: 10_000, bonusFen: 2_000 });
    expect(await spend(m.id, 6_000)).toMatchObject({ principalFen: 5_000, bonusFen: 1_000 });
    expect(await wallet(m.id)).toMatchObject({ principalFen: 5_000, bonusFen: 1_000 });

    const preview = await admin.get(`/api/members/${m.id}/card-refund/preview`);
    expect(preview.body).toMatchObject({ refundFen: 5_000, forfeitedBonusFen: 1_000, cardNo: m.card.cardNo });
    const refund = await admin.post(`/api/members/${m.id}/card-refund`, { method: 'cash', reason: '顾客退卡' });
    expect(refund.status).toBe(200);
    expect(refund.body).toMatchObject({ refundFen: 5_000, forfeitedBonusFen: 1_000, method: 'cash' });
    expect(await wallet(m.id)).toMatchObject({ principalFen: 0, bonusFen: 0 });
    const cards = (await admin.get(`/api/members/${m.id}/cards`)).body.items;
    expect(cards[0]).toMatchObject({ status: 'cancelled' });
    // no card: nothing more can be topped up until a new card is issued
    expect((await topup(m.id, 1_000)).body.error.code).toBe('WALLET_NO_CARD');
  });

  it('a top-up can be voided while unspent, never after', async () => {
    const m = await member();
    const first = (await topup(m.id, 50_000)).body;
    const voided = await admin.post(`/api/topups/${first.id}/void`, { reason: '收错金额' });
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ status: 'voided', balances: { principalFen: 0, bonusFen: 0, points: 0 } });
    expect((await admin.post(`/api/topups/${first.id}/void`, { reason: 'again' })).body.error.code).toBe('TOPUP_STATUS_INVALID');

    const second = (await topup(m.id, 10_000)).body;
    await spend(m.id, 100);
    const before = await merchantSnapshot(system.db.kysely, system.merchantId);
    const refused = await admin.post(`/api/topups/${second.id}/void`, { reason: '晚了' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('WALLET_TOPUP_ALREADY_SPENT');
    expect(await merchantSnapshot(system.db.kysely, system.merchantId)).toEqual(before);
  });

  it('a top-up at or above the store threshold waits for a second staff member; nothing is credited until then', async () => {
    const m = await member();
    const pending = await topup(m.id, 600_000);
    expect(pending.body).toMatchObject({ status: 'pending_approval', principalFen: 600_000, balances: { principalFen: 0, bonusFen: 0, points: 0 } });
    expect(await wallet(m.id)).toMatchObject({ principalFen: 0, bonusFen: 0, points: 0 });
    expect((await admin.post(`/api/topups/${pending.body.id}/approve`)).body.error.code).toBe('TOPUP_SELF_APPROVAL');

    const managerRole = await createRole(admin, { name: '店长', permissions: ['wallet.view', 'wallet.approve_large_topup'], dataScope: 'stores', scopeIds: [store.id] });
    const manager = await createStaff(admin, { roleId: managerRole.id, homeStoreId: store.id, storeIds: [store.id] });
    const api = await loggedIn(system, manager.username, 'Initial#2026');
    await api.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: STAFF_PASSWORD });
    const queue = (await api.get('/api/topups?status=pending_approval')).body;
    expect(queue.items.map((t: { id: string }) => t.id)).toContain(pending.body.id);
    const approved = await api.post(`/api/topups/${pending.body.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'completed', approvedByName: '小王', balances: { principalFen: 600_000, bonusFen: 12_000, points: 200 } });
    expect((await api.post(`/api/topups/${pending.body.id}/approve`)).body.error.code).toBe('TOPUP_STATUS_INVALID');

    const rejected = await topup(m.id, 500_000);
    expect((await api.post(`/api/topups/${rejected.body.id}/reject`, { reason: '金额有误' })).body).toMatchObject({ status: 'rejected', closedReason: '金额有误' });
    expect(await wallet(m.id)).toMatchObject({ principalFen: 600_000 });
  });

  it('a store quota refuses the top-up that would pass it (STORE_TOPUP_QUOTA_EXCEEDED) and writes nothing', async () => {
    const capped = await createStore(admin, { name: '限额店', topupDailyQuotaFen: 100_000, topupMonthlyQuotaFen: 150_000 });
    await admin.post('/api/auth/switch-store', { storeId: capped.id });
    {
      const m = await member();
      expect((await topup(m.id, 80_000)).status).toBe(201);
      const before = await merchantSnapshot(system.db.kysely, system.merchantId);
      const over = await topup(m.id, 30_000);
      expect(over.status).toBe(409);
      expect(over.body.error).toMatchObject({ code: 'STORE_TOPUP_QUOTA_EXCEEDED', field: 'amountFen', details: { period: 'daily', remainingFen: 20_000 } });
      expect(over.body.error.message).toContain('200.00');
      expect(await merchantSnapshot(system.db.kysely, system.merchantId)).toEqual(before);
      expect((await topup(m.id, 20_000)).status).toBe(201);
      // the next day the daily cap is fresh but the month has 50000 left
      await travel('2026-11-27T02:00:00Z', capped.id);
      expect((await topup(m.id, 60_000)).body.error.details).toMatchObject({ period: 'monthly', remainingFen: 50_000 });
      expect((await admin.post('/api/topups/preview', { memberId: m.id, amountFen: 1_000 })).body).toMatchObject({ dailyQuotaLeftFen: 100_000, monthlyQuotaLeftFen: 50_000 });
    }
  });

  it('tenders must add up and carry references; a retried request replays and moves nothing', async () => {
    const m = await member();
    const mismatch = await topup(m.id, 10_000, { tenders: [{ method: 'cash', amountFen: 9_000 }] });
    expect(mismatch.body.error).toMatchObject({ code: 'TOPUP_TENDERS_MISMATCH', field: 'tenders' });
    const noRef = await topup(m.id, 10_000, { tenders: [{ method: 'cash', amountFen: 5_000 }, { method: 'wechat', amountFen: 5_000 }] });
    expect(noRef.body.error).toMatchObject({ code: 'TOPUP_REFERENCE_REQUIRED', field: 'tenders.1.reference' });

    const body = { tenders: [{ method: 'cash', amountFen: 5_000 }, { method: 'alipay', amountFen: 5_000, reference: '2026112622001' }], note: '替家人充值' };
    const key = { 'idempotency-key': newId() };
    const first = await topup(m.id, 10_000, body, admin, key);
    expect(first.body).toMatchObject({ note: '替家人充值', tenders: body.tenders });
    const before = await merchantSnapshot(system.db.kysely, system.merchantId);
    const again = await topup(m.id, 10_000, body, admin, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await merchantSnapshot(system.db.kysely, system.merchantId)).toEqual(before);
    expect((await topup(m.id, 20_000, body, admin, key)).status).toBe(422);
  });

  it('grant hooks (the coupons capability) run in the crediting transaction: a failing one credits nothing', async () => {
    const m = await member();
    const seen: { principalFen: number; ruleId: string | null; balanceInside: number }[] = [];
    let fail = false;
    system.services.topups.onCredited(async (w, credited) => {
      if (credited.memberId !== m.id) return;
      // the hook sees the credit it belongs to, inside the same transaction
      const balanceInside = (await system.services.wallet.balances(w.tx, system.merchantId, m.id)).principalFen;
      seen.push({ principalFen: credited.principalFen, ruleId: credited.ruleId, balanceInside });
      if (fail) throw new AppError('WALLET_NO_CARD');
    });
    expect((await topup(m.id, 10_000)).status).toBe(201);
    expect(seen).toEqual([{ principalFen: 10_000, ruleId: rule500, balanceInside: 10_000 }]);
    fail = true;
    expect((await topup(m.id, 5_000)).status).toBe(409);
    expect(await wallet(m.id)).toMatchObject({ principalFen: 10_000, bonusFen: 2_000 });
  });

  it('lost and frozen cards cannot be topped up; an expired card is revived by a top-up (R13)', async () => {
    const m = await member();
    await admin.post(`/api/cards/${m.card.id}/report-lost`, { reason: '丢失' });
    expect((await topup(m.id, 1_000)).body.error.code).toBe('CARD_LOST');
    await admin.post(`/api/cards/${m.card.id}/cancel-loss`, { reason: '找到' });
    await travel('2028-01-01T02:00:00Z'); // the one-year card has run out
    const res = await topup(m.id, 1_000);
    expect(res.status).toBe(201);
    const card = (await admin.get(`/api/members/${m.id}/cards`)).body.items[0];
    expect(card.status).toBe('active');
    expect(new Date(card.expiresAt).getTime()).toBeGreaterThan(new Date('2028-12-31T00:00:00Z').getTime());
  });
});

describe('RULES R3 installment return (分期返还)', () => {
  it('充1200送240 over 12 months: principal now, 2000 on the same day of each next month; 退卡 stops the rest', async () => {
    const rule = await admin.post('/api/topup-rules', { name: '充1200送240分12期', storeId: store.id, startsOn: '2026-11-01', endsOn: '2026-12-31', tiers: [{ thresholdFen: 120_000, bonusFen: 24_000, points: 0 }], perEvery: false, installmentMonths: 12 });
    const m = await member();
    const res = await topup(m.id, 120_000, { ruleId: rule.body.id });
    expect(res.body).toMatchObject({ principalFen: 120_000, bonusFen: 24_000, installmentMonths: 12, balances: { principalFen: 120_000, bonusFen: 0 } });
    expect(res.body.installments).toHaveLength(12);
    expect(res.body.installments[0]).toEqual({ seq: 1, dueOn: '2026-12-26', amountFen: 2_000, status: 'pending' });
    expect(res.body.installments[11]).toMatchObject({ seq: 12, dueOn: '2027-11-26' });

    const { wallet: w } = system.services;
    expect(await w.creditDueInstallments(runner, '2026-12-25')).toBe(0);
    expect(await w.creditDueInstallments(runner, '2027-01-26')).toBe(2);
    expect(await w.creditDueInstallments(runner, '2027-01-26')).toBe(0);
    expect(await wallet(m.id)).toMatchObject({ principalFen: 120_000, bonusFen: 4_000, pendingInstallmentsFen: 20_000 });

    const refund = await admin.post(`/api/members/${m.id}/card-refund`, { method: 'bank_card', reference: 'POS-7781', reason: '退卡' });
    expect(refund.body).toMatchObject({ refundFen: 120_000, forfeitedBonusFen: 4_000, cancelledInstallmentsFen: 20_000 });
    expect(await w.creditDueInstallments(runner, '2028-01-01')).toBe(0);
    expect(await wallet(m.id)).toMatchObject({ principalFen: 0, bonusFen: 0, pendingInstallmentsFen: 0 });
    // outside its validity window the rule does not apply
    await travel('2027-01-05T02:00:00Z');
    const later = await member();
    expect((await topup(later.id, 120_000, { ruleId: rule.body.id })).body.error.code).toBe('TOPUP_RULE_NOT_APPLICABLE');
  });
});

describe('installments never outlive their top-up', () => {
  it('a part the job picked up is not credited when the top-up was voided (or the card refunded) before its transaction ran', async () => {
    const rule = await admin.post('/api/topup-rules', { name: '充600送120分6期', storeId: store.id, startsOn: null, endsOn: null, tiers: [{ thresholdFen: 60_000, bonusFen: 12_000, points: 0 }], perEvery: false, installmentMonths: 6 });
    const voided = await member();
    const refunded = await member();
    const a = (await topup(voided.id, 60_000, { ruleId: rule.body.id })).body;
    await topup(refunded.id, 60_000, { ruleId: rule.body.id });
    // the job has read the due parts; before each part's own transaction starts, the top-up is voided / the card refunded
    let interfered = false;
    const racing: ItemRunner = async (merchantId, fn) => {
      if (!interfered) {
        interfered = true;
        expect((await admin.post(`/api/topups/${a.id}/void`, { reason: '撤销' })).status).toBe(200);
        expect((await admin.post(`/api/members/${refunded.id}/card-refund`, { method: 'cash', reason: '退卡' })).status).toBe(200);
      }
      return runner(merchantId, fn);
    };
    expect(await system.services.wallet.creditDueInstallments(racing, '2027-01-26')).toBe(0);
    expect(await wallet(voided.id)).toMatchObject({ principalFen: 0, bonusFen: 0, pendingInstallmentsFen: 0 });
    expect(await wallet(refunded.id)).toMatchObject({ principalFen: 0, bonusFen: 0, pendingInstallmentsFen: 0 });
    expect((await admin.get(`/api/topups/${a.id}`)).body.installments.map((i: { status: string }) => i.status)).toEqual(Array(6).fill('cancelled'));
  });
});

describe('RULES R4 points', () => {
  it('points earned in 2026 expire at the end of 2027; adjustment needs the permission and a reason', async () => {
    const m = await member();
    await travel('2026-03-05T02:00:00Z');
    const added = await admin.post(`/api/members/${m.id}/points/adjust`, { delta: 100, reason: '老系统迁移补录' });
    expect(added.body).toMatchObject({ points: 100 });
    expect((await wallet(m.id)).pointsExpiring).toEqual([{ points: 100, expiresAt: '2027-12-31T16:00:00.000Z' }]);
    expect((await admin.post(`/api/members/${m.id}/points/adjust`, { delta: -150, reason: '扣减' })).body.error).toMatchObject({ code: 'WALLET_INSUFFICIENT_POINTS', field: 'delta' });
    expect((await admin.post(`/api/members/${m.id}/points/adjust`, { delta: -30, reason: '扣减' })).body).toMatchObject({ points: 70 });
    expect((await admin.post(`/api/members/${m.id}/points/adjust`, { delta: 10, reason: '' })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'reason' });

    const clerkRole = await createRole(admin, { permissions: ['members.view', 'wallet.view'], dataScope: 'all' });
    const clerk = await createStaff(admin, { roleId: clerkRole.id });
    const api = await loggedIn(system, clerk.username, 'Initial#2026');
    await api.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: STAFF_PASSWORD });
    expect((await api.post(`/api/members/${m.id}/points/adjust`, { delta: 10, reason: '试试' })).status).toBe(403);

    await travel('2027-12-31T15:59:00Z');
    expect(await system.services.wallet.ledger.expireLots(runner, system.clock.now())).toBe(0);
    await travel('2027-12-31T16:00:00Z');
    // this member's lot and the other members' top-up points of 2026 all end now
    expect(await system.services.wallet.ledger.expireLots(runner, system.clock.now())).toBeGreaterThanOrEqual(1);
    expect(await system.services.wallet.ledger.expireLots(runner, system.clock.now())).toBe(0);
    expect(await wallet(m.id)).toMatchObject({ points: 0, pointsExpiring: [] });
    const history = (await admin.get(`/api/members/${m.id}/ledger?asset=POINTS&order=asc`)).body.items;
    expect(history.map((e: { kind: string; amount: number; balanceAfter: number }) => [e.kind, e.amount, e.balanceAfter])).toEqual([
      ['points_adjust', 100, 100],
      ['points_adjust', -30, 70],
      ['expire', -70, 0],
    ]);
  });
});

describe('RULES R6 count uses (计次)', () => {
  it('uses come from the soonest-expiring lot; an expired lot cannot be used and the job expires it', async () => {
    const m = await member();
    const { wallet: w, writer } = system.services;
    const header = () => ({ kind: 'uses', docType: 'test_order', docId: newId(), memberId: m.id, storeId: store.id });
    const item = { itemId: 'HAIRCUT', itemName: '洗剪吹' };
    await writer.run(actor(), (s) => w.creditUses(s, header(), { ...item, uses: 10, expiresAt: '2027-02-24T00:00:00.000Z' })); // 90 days
    await writer.run(actor(), (s) => w.creditUses(s, header(), { ...item, uses: 2, expiresAt: '2026-12-10T00:00:00.000Z' }));
    await writer.run(actor(), (s) => w.consumeUses(s, header(), { ...item, uses: 3 }));
    const uses = (await wallet(m.id)).uses[0];
    expect(uses).toMatchObject({ itemId: 'HAIRCUT', label: '洗剪吹', balance: 9 });
    expect(uses.lots).toEqual([{ remaining: 9, expiresAt: '2027-02-24T00:00:00.000Z' }]);

    await travel('2027-03-01T02:00:00Z');
    const refused = await writer.run(actor(), (s) => w.consumeUses(s, header(), { ...item, uses: 1 })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('WALLET_INSUFFICIENT_USES');
    expect(await w.ledger.expireLots(runner, system.clock.now())).toBe(1);
    expect((await wallet(m.id)).uses[0]).toMatchObject({ balance: 0, lots: [] });
  });
});

describe('member balances report (储值余额表)', () => {
  it('lists members with principal, bonus and points, filters by ranges, and totals the whole filter', async () => {
    const p = phone();
    const m = await member({ phone: p });
    await topup(m.id, 50_000);
    const one = (await admin.get(`/api/reports/member-balances?q=${p}`)).body;
    expect(one.items).toEqual([expect.objectContaining({ memberId: m.id, cardNo: m.card.cardNo, principalFen: 50_000, bonusFen: 12_000, storedValueFen: 62_000, points: 200 })]);
    expect(one.totals).toEqual({ members: 1, principalFen: 50_000, bonusFen: 12_000, points: 200 });
    expect((await admin.get(`/api/reports/member-balances?q=${p}&minStoredValueFen=62001`)).body.total).toBe(0);
    expect((await admin.get(`/api/reports/member-balances?q=${p}&minStoredValueFen=62000&maxPoints=200`)).body.total).toBe(1);

    const all = (await admin.get('/api/reports/member-balances?pageSize=500&sort=storedValueFen&order=desc')).body;
    const sum = (k: 'principalFen' | 'bonusFen' | 'points') => all.items.reduce((s: number, i: Record<typeof k, number>) => s + i[k], 0);
    expect(all.total).toBe(all.items.length);
    expect(all.totals).toEqual({ members: all.total, principalFen: sum('principalFen'), bonusFen: sum('bonusFen'), points: sum('points') });
    const values = all.items.map((i: { storedValueFen: number }) => i.storedValueFen);
    expect(values).toEqual([...values].sort((a: number, b: number) => b - a));
  });
});

describe('RULES R6 count-card refund', () => {
  it('¥300 for 10 uses, 4 used → refund ¥180.00 and the 6 uses leave the member', async () => {
    const m = await member();
    const { wallet: w, writer } = system.services;
    const item = { itemId: 'SCALP', itemName: '头皮护理' };
    const header = (kind: string) => ({ kind, docType: 'test_order', docId: newId(), memberId: m.id, storeId: store.id });
    const sale = await writer.run(actor(), (s) => w.creditUses(s, header('uses_sale'), { ...item, uses: 10, expiresAt: '2027-05-25T00:00:00.000Z' }));
    for (let i = 0; i < 4; i++) await writer.run(actor(), (s) => w.consumeUses(s, header('uses_consume'), { ...item, uses: 1 }));
    const refund = await writer.run(actor(), (s) => w.refundUnusedUses(s, header('uses_refund'), { txnId: sale.id, ...item, priceFen: 30_000, totalUses: 10 }));
    expect(refund).toEqual({ unusedUses: 6, refundFen: 18_000 });
    expect((await wallet(m.id)).uses.find((u: { itemId: string }) => u.itemId === 'SCALP')).toMatchObject({ balance: 0, lots: [] });
  });
});

describe('RULES R13 card money', () => {
  it('transfers principal and bonus apart and points with their expiry; both members’ audit shows it', async () => {
    const from = await member();
    const to = await member();
    await topup(from.id, 50_000);
    const input = { fromMemberId: from.id, toMemberId: to.id, principalFen: 20_000, bonusFen: 2_000, points: 50 };
    const preview = await admin.post('/api/wallet/transfers/preview', input);
    expect(preview.body).toMatchObject({
      from: { before: { principalFen: 50_000, bonusFen: 12_000, points: 200 }, after: { principalFen: 30_000, bonusFen: 10_000, points: 150 } },
      to: { before: { principalFen: 0, bonusFen: 0, points: 0 }, after: { principalFen: 20_000, bonusFen: 2_000, points: 50 } },
    });
    const done = await admin.post('/api/wallet/transfers', { ...input, reason: '家人共用' });
    expect(done.status).toBe(201);
    expect(await wallet(from.id)).toMatchObject({ principalFen: 30_000, bonusFen: 10_000, points: 150 });
    const received = await wallet(to.id);
    expect(received).toMatchObject({ principalFen: 20_000, bonusFen: 2_000, points: 50 });
    expect(received.pointsExpiring).toEqual([{ points: 50, expiresAt: '2027-12-31T16:00:00.000Z' }]);
    const audit = (await admin.get(`/api/audit?entityId=${to.id}`)).body.items;
    expect(audit.map((a: { action: string }) => a.action)).toContain('wallet.transfer_in');

    expect((await admin.post('/api/wallet/transfers', { ...input, principalFen: 40_000, reason: 'x' })).body.error).toMatchObject({ code: 'WALLET_INSUFFICIENT_FUNDS', field: 'principalFen' });
    expect((await admin.post('/api/wallet/transfers', { ...input, toMemberId: from.id, reason: 'x' })).body.error.code).toBe('WALLET_SAME_MEMBER');
    const cardless = (await admin.post('/api/members', { name: '无卡', phone: phone(), homeStoreId: store.id })).body;
    expect((await admin.post('/api/wallet/transfers', { ...input, toMemberId: cardless.id, reason: 'x' })).body.error).toMatchObject({ code: 'WALLET_NO_CARD', field: 'toMemberId' });
    await admin.post(`/api/cards/${from.card.id}/freeze`, { reason: '冻结' });
    expect((await admin.post('/api/wallet/transfers', { ...input, reason: 'x' })).body.error).toMatchObject({ code: 'CARD_FROZEN', field: 'fromMemberId' });
  });

  it('annual fee: deducted from stored value on the anniversary, or due and blocking until paid', async () => {
    const deductType = (await admin.post('/api/card-types', { code: 'fee-d', name: '年费卡', validityKind: 'permanent', annualFeeFen: 1_000, annualFeeMode: 'deduct' })).body.id;
    const blockType = (await admin.post('/api/card-types', { code: 'fee-b', name: '年费卡B', validityKind: 'permanent', annualFeeFen: 1_000, annualFeeMode: 'block' })).body.id;
    const payer = await member({ card: { cardTypeId: deductType } });
    const blocked = await member({ card: { cardTypeId: blockType } });
    const other = await member();
    await topup(payer.id, 10_000);
    await topup(blocked.id, 10_000);
    const flow = system.services.memberWallet;
    expect(await flow.chargeAnnualFees(runner, system.clock.now())).toBe(0); // first year: nothing due
    await travel('2027-11-26T03:00:00Z');
    expect(await flow.chargeAnnualFees(runner, system.clock.now())).toBe(2);
    expect(await flow.chargeAnnualFees(runner, system.clock.now())).toBe(0);
    // 10000 + 2000 bonus, fee 1000 split in proportion: 833 principal + 167 bonus
    expect(await wallet(payer.id)).toMatchObject({ principalFen: 9_167, bonusFen: 1_833, annualFees: [{ dueOn: '2027-11-26', amountFen: 1_000, status: 'paid', paidVia: 'stored_value' }] });
    const due = await wallet(blocked.id);
    expect(due).toMatchObject({ principalFen: 10_000, annualFees: [{ status: 'due' }] });
    const transfer = { fromMemberId: blocked.id, toMemberId: other.id, principalFen: 100, bonusFen: 0, points: 0, reason: 'x' };
    expect((await admin.post('/api/wallet/transfers', transfer)).body.error.code).toBe('WALLET_ANNUAL_FEE_DUE');
    expect((await admin.post(`/api/annual-fees/${due.annualFees[0].id}/pay`, { via: 'wechat' })).body.error.code).toBe('TOPUP_REFERENCE_REQUIRED');
    expect((await admin.post(`/api/annual-fees/${due.annualFees[0].id}/pay`, { via: 'cash' })).body).toMatchObject({ status: 'paid', paidVia: 'cash' });
    expect((await admin.post(`/api/annual-fees/${due.annualFees[0].id}/waive`, { reason: 'x' })).body.error.code).toBe('ANNUAL_FEE_NOT_DUE');
    const twice = await admin.post(`/api/annual-fees/${due.annualFees[0].id}/pay`, { via: 'stored_value' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ANNUAL_FEE_NOT_DUE');
    expect(await wallet(blocked.id)).toMatchObject({ principalFen: 10_000, bonusFen: 2_000 });
    expect((await admin.post('/api/wallet/transfers', transfer)).status).toBe(201);
  });
});

describe('恢复 restore of a voided top-up', () => {
  it('credits it again, can be voided again, and refuses installment top-ups', async () => {
    const m = await member();
    const t = (await topup(m.id, 50_000)).body;
    await admin.post(`/api/topups/${t.id}/void`, { reason: '误撤' });
    expect((await admin.post(`/api/topups/${t.id}/restore`, { reason: 'x' })).status).toBe(200);
    expect(await wallet(m.id)).toMatchObject({ principalFen: 50_000, bonusFen: 12_000, points: 200 });
    expect((await admin.post(`/api/topups/${t.id}/restore`, { reason: 'x' })).body.error.code).toBe('TOPUP_STATUS_INVALID');
    expect((await admin.post(`/api/topups/${t.id}/void`, { reason: '再撤' })).body).toMatchObject({ status: 'voided', balances: { principalFen: 0, bonusFen: 0, points: 0 } });
    const plan = await admin.post('/api/topup-rules', { name: '分期', storeId: null, startsOn: null, endsOn: null, tiers: [{ thresholdFen: 30_000, bonusFen: 3_000, points: 0 }], perEvery: false, installmentMonths: 3 });
    const split = (await topup(m.id, 30_000, { ruleId: plan.body.id })).body;
    await admin.post(`/api/topups/${split.id}/void`, { reason: '撤' });
    expect((await admin.post(`/api/topups/${split.id}/restore`, { reason: 'x' })).body.error.code).toBe('TOPUP_RESTORE_INSTALLMENTS');
  });
});
