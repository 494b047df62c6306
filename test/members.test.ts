import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/platform/context';
import { ApiClient, loggedIn } from './support/api-client';
import { createRole, createStaff, createStore } from './support/fixtures';
import { ADMIN, createTestSystem, type TestSystem } from './support/test-system';

let system: TestSystem;
let admin: ApiClient;
let storeA: { id: string };
let storeB: { id: string };
let levels: Record<'normal' | 'silver' | 'gold', string>;
let monthCard: string;
let phoneSeq = 0;
const phone = () => `139${String(10_000_000 + ++phoneSeq).slice(-8)}`;

async function register(body: Record<string, unknown> = {}, api = admin) {
  const res = await api.post('/api/members', { name: '张三', phone: phone(), homeStoreId: storeA.id, ...body });
  if (res.status !== 201) throw new Error(`member: ${JSON.stringify(res.body)}`);
  return res.body;
}

async function signIn(username: string) {
  const api = await loggedIn(system, username, 'Initial#2026');
  await api.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: 'Staff#2026x' });
  return api;
}

beforeAll(async () => {
  system = await createTestSystem();
  admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  storeA = await createStore(admin, { name: 'A店' });
  storeB = await createStore(admin, { name: 'B店' });
  const make = async (code: string, name: string, rank: number, upgradeThreshold: number, discountBp: number, pointsMultiplierBp: number) =>
    (await admin.post('/api/member-levels', { code, name, rank, upgradeThreshold, discountBp, pointsMultiplierBp })).body.id as string;
  levels = {
    normal: await make('normal', '普通', 0, 0, 10_000, 10_000),
    silver: await make('silver', '银卡', 1, 100_000, 9_500, 12_000),
    gold: await make('gold', '金卡', 2, 500_000, 9_000, 15_000),
  };
  monthCard = (await admin.post('/api/card-types', { code: 'month', name: '月卡', validityKind: 'month' })).body.id;
});
afterAll(() => system.close());

describe('RULES R5 levels', () => {
  it('lifetime spend ¥4,800 is Silver; a ¥300 payment makes Gold from the next order on', async () => {
    const member = await register();
    expect(member.levelId).toBe(levels.normal);
    const { members, writer } = system.services;
    const actor = systemActor(system.merchantId);
    const first = await writer.run(actor, (w) => members.recordActivity(w, member.id, { spendFen: 480_000 }));
    expect(first).toEqual({ previousLevelId: levels.normal, levelId: levels.silver });
    const second = await writer.run(actor, (w) => members.recordActivity(w, member.id, { spendFen: 30_000 }));
    // the ¥300 order itself was priced at the level it started with: Silver
    expect(second).toEqual({ previousLevelId: levels.silver, levelId: levels.gold });
    const after = (await admin.get(`/api/members/${member.id}`)).body;
    expect(after).toMatchObject({ levelId: levels.gold, lifetimeSpendFen: 510_000 });
  });

  it('a manual level is a floor that evaluation never goes below, and can be cleared', async () => {
    const member = await register();
    const set = await admin.post(`/api/members/${member.id}/level`, { levelId: levels.gold, reason: '老客户' });
    expect(set.body).toMatchObject({ levelId: levels.gold, manualLevelId: levels.gold });
    const cleared = await admin.post(`/api/members/${member.id}/level`, { levelId: null, reason: '取消' });
    expect(cleared.body).toMatchObject({ levelId: levels.normal, manualLevelId: null });
    const audit = await admin.get(`/api/audit?entityId=${member.id}&action=member.set_level`);
    expect(audit.body.total).toBe(2);
  });

  it('ranks by top-up principal when the merchant picks that basis', async () => {
    expect((await admin.request('PUT', '/api/member-program', { levelBasis: 'topup' })).status).toBe(200);
    const member = await register();
    const r = await system.services.writer.run(systemActor(system.merchantId), (w) => system.services.members.recordActivity(w, member.id, { spendFen: 900_000, topupFen: 100_000 }));
    expect(r.levelId).toBe(levels.silver);
    await admin.request('PUT', '/api/member-program', { levelBasis: 'spend' });
  });
});

describe('registration and validation', () => {
  it('rejects bad input with stable codes and fields, and writes nothing', async () => {
    const before = (await admin.get('/api/members?pageSize=1')).body.total;
    const badPhone = await admin.post('/api/members', { name: '李四', phone: '12345678901', homeStoreId: storeA.id });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'phone' });
    const future = await admin.post('/api/members', { name: '李四', phone: phone(), birthday: '2027-01-01', homeStoreId: storeA.id });
    expect(future.status).toBe(400);
    expect(future.body.error).toMatchObject({ code: 'MEMBER_BIRTHDAY_IN_FUTURE', field: 'birthday' });
    const fakeDate = await admin.post('/api/members', { name: '李四', phone: phone(), birthday: '1990-02-30', homeStoreId: storeA.id });
    expect(fakeDate.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'birthday' });
    const taken = await register();
    const dup = await admin.post('/api/members', { name: '李四', phone: taken.phone, homeStoreId: storeA.id });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'MEMBER_PHONE_TAKEN', field: 'phone' });
    const referrer = await admin.post('/api/members', { name: '李四', phone: phone(), referrerId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', homeStoreId: storeA.id });
    expect(referrer.body.error).toMatchObject({ code: 'MEMBER_REFERRER_NOT_FOUND', field: 'referrerId' });
    expect((await admin.get('/api/members?pageSize=1')).body.total).toBe(before + 1);
  });

  it('checks the merchant’s custom fields on members and on staff', async () => {
    await admin.post('/api/custom-fields', { entity: 'member', key: 'skin', label: '肤质', type: 'single', options: ['干性', '油性'], required: true });
    const missing = await admin.post('/api/members', { name: '王五', phone: phone(), homeStoreId: storeA.id });
    expect(missing.body.error).toMatchObject({ code: 'FIELD_VALUE_INVALID', field: 'customFields.skin', details: { rule: 'required' } });
    const ok = await register({ customFields: { skin: '油性' } });
    expect(ok.customFields).toEqual({ skin: '油性' });
    const list = await admin.get('/api/custom-fields?entity=member');
    await admin.patch(`/api/custom-fields/${list.body.items[0].id}`, { status: 'archived' });

    await admin.post('/api/custom-fields', { entity: 'staff', key: 'shoe', label: '鞋码', type: 'number' });
    const role = await createRole(admin, { dataScope: 'all', permissions: [] });
    const bad = await admin.post('/api/staff', { username: 'shoe1', name: '鞋', password: 'Initial#2026', roleId: role.id, customFields: { shoe: 'big' } });
    expect(bad.body.error).toMatchObject({ code: 'FIELD_VALUE_INVALID', field: 'customFields.shoe', details: { rule: 'type' } });
    const good = await admin.post('/api/staff', { username: 'shoe2', name: '鞋', password: 'Initial#2026', roleId: role.id, customFields: { shoe: 42 } });
    expect(good.body.customFields).toEqual({ shoe: 42 });
  });
});

describe('editing', () => {
  it('audits the profile as it was and as it became, with numbers masked', async () => {
    const m = await register({ phone: '13755556666', tags: ['旧'] });
    const res = await admin.patch(`/api/members/${m.id}`, { tags: ['新'], address: '杭州' });
    expect(res.body).toMatchObject({ tags: ['新'], address: '杭州', phone: '13755556666' });
    const row = (await admin.get(`/api/audit?entityId=${m.id}&action=member.update`)).body.items[0];
    expect(row.summary.before).toMatchObject({ tags: ['旧'], address: '', phone: '137****6666' });
    expect(row.summary.after).toMatchObject({ tags: ['新'], address: '杭州', phone: '137****6666' });
  });
});

describe('search and lookup', () => {
  it('finds a member by full phone, last 4 digits, card number and name', async () => {
    const m = await register({ name: '欧阳娜娜', phone: '13700001234', card: { cardTypeId: monthCard, cardNo: '880011223344' } });
    for (const q of ['13700001234', '1234', '880011223344', '欧阳']) {
      const res = await admin.get(`/api/members?q=${encodeURIComponent(q)}`);
      expect(res.body.items.map((i: { id: string }) => i.id), q).toContain(m.id);
    }
    const scan = await admin.get('/api/members/lookup?code=880011223344');
    expect(scan.body).toMatchObject({ member: { id: m.id }, cardBlock: null });
    expect((await admin.get(`/api/members/lookup?code=M:${m.id}`)).body.member.id).toBe(m.id);
    const none = await admin.get('/api/members/lookup?code=000000000000');
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('MEMBER_LOOKUP_NO_MATCH');
  });
});

describe('RULES R13 card lifecycle', () => {
  it('issue, report lost, cancel loss, freeze, unfreeze, replace, extend, expire — each audited', async () => {
    const m = await register({ card: { cardTypeId: monthCard, cardNo: '990000000001' } });
    const card = m.card;
    expect(card).toMatchObject({ cardNo: '990000000001', status: 'active', expiresAt: '2026-12-26T02:00:00.000Z' });
    const second = await admin.post(`/api/members/${m.id}/cards`, { cardTypeId: monthCard });
    expect(second.body.error.code).toBe('MEMBER_HAS_CARD');

    const lost = await admin.post(`/api/cards/${card.id}/report-lost`, { reason: '顾客遗失' });
    expect(lost.body.status).toBe('lost');
    expect((await admin.get('/api/members/lookup?code=990000000001')).body.cardBlock).toBe('CARD_LOST');
    const freezeLost = await admin.post(`/api/cards/${card.id}/freeze`, { reason: 'x' });
    expect(freezeLost.status).toBe(409);
    expect(freezeLost.body.error).toMatchObject({ code: 'CARD_STATUS_INVALID', details: { status: 'lost' } });
    expect((await admin.post(`/api/cards/${card.id}/cancel-loss`, { reason: '找到了' })).body.status).toBe('active');
    expect((await admin.post(`/api/cards/${card.id}/freeze`, { reason: '争议' })).body.status).toBe('frozen');
    expect((await admin.post(`/api/cards/${card.id}/unfreeze`, { reason: '解决' })).body.status).toBe('active');

    const fresh = await admin.post(`/api/cards/${card.id}/replace`, { newCardNo: '990000000002', reason: '卡片损坏' });
    expect(fresh.body).toMatchObject({ cardNo: '990000000002', status: 'active', memberId: m.id, expiresAt: card.expiresAt });
    const old = (await admin.get(`/api/members/${m.id}/cards`)).body.items.find((c: { id: string }) => c.id === card.id);
    expect(old).toMatchObject({ status: 'replaced', replacedById: fresh.body.id });
    expect((await admin.get('/api/members/lookup?code=990000000001')).status).toBe(404);
    const reuse = await admin.post(`/api/members/${(await register()).id}/cards`, { cardTypeId: monthCard, cardNo: '990000000001' });
    expect(reuse.body.error).toMatchObject({ code: 'CARD_NO_TAKEN', field: 'cardNo' });

    system.clock.advance(31 * 86_400_000);
    admin = await loggedIn(system, ADMIN.username, ADMIN.password);
    expect((await admin.get('/api/members/lookup?code=990000000002')).body.cardBlock).toBe('CARD_EXPIRED');
    expect(await system.services.members.expireDueCards(system.db.kysely, system.clock.now())).toBeGreaterThanOrEqual(1);
    expect((await admin.get(`/api/members/${m.id}`)).body.card.status).toBe('expired');
    const revived = await admin.post(`/api/cards/${fresh.body.id}/extend`, { reason: '续期' });
    expect(revived.body.status).toBe('active');
    expect(new Date(revived.body.expiresAt) > system.clock.now()).toBe(true);

    const actions = (await admin.get(`/api/audit?entityType=card&pageSize=100`)).body.items.map((a: { action: string }) => a.action);
    for (const a of ['card.issue', 'card.report_lost', 'card.cancel_loss', 'card.freeze', 'card.unfreeze', 'card.replace', 'card.extend']) expect(actions).toContain(a);
  });
});

describe('store scope and masking', () => {
  it('a store-A role sees only store A members, with masked phones unless allowed', async () => {
    const inA = await register({ homeStoreId: storeA.id, phone: '13812345678' });
    const inB = await register({ homeStoreId: storeB.id });
    const role = await createRole(admin, { dataScope: 'stores', scopeIds: [storeA.id], permissions: ['members.view', 'members.create'] });
    const staff = await createStaff(admin, { roleId: role.id, homeStoreId: storeA.id });
    const cashier = await signIn(staff.username);
    const list = await cashier.get('/api/members?pageSize=500');
    const ids = list.body.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(inA.id);
    expect(ids).not.toContain(inB.id);
    expect((await cashier.get(`/api/members/${inB.id}`)).status).toBe(404);
    const seen = (await cashier.get(`/api/members/${inA.id}`)).body;
    expect(seen).toMatchObject({ phone: '138****5678', masked: true });
    const inOther = await cashier.post('/api/members', { name: '越权', phone: phone(), homeStoreId: storeB.id });
    expect(inOther.status).toBe(403);
    expect(inOther.body.error.code).toBe('AUTH_STORE_FORBIDDEN');
    // registering at the till puts the member in the cashier's current store
    const atTill = await cashier.post('/api/members', { name: '到店', phone: phone(), channel: 'till' });
    expect(atTill.body).toMatchObject({ homeStoreId: storeA.id, channel: 'till' });

    const wide = await createRole(admin, { dataScope: 'all', permissions: ['members.view', 'members.view_phone'] });
    const hq = await signIn((await createStaff(admin, { roleId: wide.id })).username);
    const both = (await hq.get('/api/members?pageSize=500')).body.items.map((i: { id: string }) => i.id);
    expect(both).toEqual(expect.arrayContaining([inA.id, inB.id]));
    expect((await hq.get(`/api/members/${inA.id}`)).body).toMatchObject({ phone: '13812345678', masked: false });
  });
});

describe('birthdays and personal data', () => {
  it('lists birthdays in the next N days with days away', async () => {
    // the test clock is 2026-11-26 10:00 in Shanghai (advanced 31 days by the card test: 2026-12-27)
    const today = new Date(system.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const inThree = new Date(Date.parse(`${today}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(5, 10);
    const m = await register({ name: '寿星', birthday: `1990-${inThree}` });
    const week = (await admin.get('/api/members/birthdays?days=7')).body.items.find((i: { memberId: string }) => i.memberId === m.id);
    expect(week).toMatchObject({ daysAway: 3, birthday: `1990-${inThree}` });
    const two = (await admin.get('/api/members/birthdays?days=2')).body.items.map((i: { memberId: string }) => i.memberId);
    expect(two).not.toContain(m.id);
  });

  it('exports personal data, then erases it while keeping the member record', async () => {
    const m = await register({ name: '隐私', phone: '13600009999', address: '上海市', tags: ['VIP'] });
    const data = await admin.get(`/api/members/${m.id}/personal-data`);
    expect(data.body.profile).toMatchObject({ name: '隐私', phone: '13600009999', address: '上海市', tags: ['VIP'] });
    expect((await admin.post(`/api/members/${m.id}/erase`, { reason: '会员申请' })).status).toBe(200);
    const erased = (await admin.get(`/api/members/${m.id}`)).body;
    expect(erased).toMatchObject({ phone: null, address: '', tags: [], status: 'erased' });
    expect(erased.name).not.toContain('隐私');
    const again = await admin.post('/api/members', { name: '新人', phone: '13600009999', homeStoreId: storeA.id });
    expect(again.status).toBe(201);
    expect((await admin.patch(`/api/members/${m.id}`, { name: 'x' })).body.error.code).toBe('MEMBER_ERASED');
  });
});
