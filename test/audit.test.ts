import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestSystem } from './support/close';
import { ApiClient, loggedIn } from './support/api-client';
import { countRows } from './support/db-inspect';
import { createRole, createStaff, createStore, STAFF_PASSWORD } from './support/fixtures';
import { ADMIN, createTestSystem, type TestSystem } from './support/test-system';

let system: TestSystem;
let admin: ApiClient;
let adminId: string;
let storeA: { id: string };
let storeB: { id: string };

interface AuditItem {
  id: string;
  at: string;
  staffId: string | null;
  staffName: string;
  action: string;
  entityType: string;
  entityId: string;
  storeId: string | null;
  tillId: string | null;
  ip: string;
  summary: { before?: Record<string, unknown>; after?: Record<string, unknown> };
}

async function search(api: ApiClient, query: string) {
  const res = await api.get(`/api/audit?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: AuditItem[]; total: number; page: number; pageSize: number };
}

async function auditRows() {
  return (await countRows(system.db.kysely, ['audit_log'])).audit_log;
}

beforeAll(async () => {
  system = await createTestSystem();
  admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  adminId = (await admin.get('/api/auth/me')).body.staff.id;
  storeA = await createStore(admin, { name: '南京路店' });
  storeB = await createStore(admin, { name: '淮海路店' });
});
afterAll(() => closeTestSystem(system));

describe('every write records who, what, when and where', () => {
  let store: Record<string, unknown> & { id: string };
  let before: Record<string, unknown>;
  let after: Record<string, unknown>;

  beforeAll(async () => {
    system.clock.set('2026-11-26T03:00:00Z');
    const created = await admin.post('/api/stores', { code: 'AUD1', name: '审计店', kind: 'direct' }, { 'x-forwarded-for': '203.0.113.7' });
    expect(created.status).toBe(201);
    store = created.body;
    system.clock.set('2026-11-26T04:00:00Z');
    before = (await admin.get(`/api/stores/${store.id}`)).body;
    const patched = await admin.patch(`/api/stores/${store.id}`, { name: '审计新店', phone: '021-1234' }, { 'x-forwarded-for': '198.51.100.9' });
    expect(patched.status).toBe(200);
    after = patched.body;
  });

  it('store.create and store.update name the staff member, IP, time and the exact change', async () => {
    const log = await search(admin, `entityId=${store.id}`);
    expect(log.total).toBe(2);
    const [update, create] = log.items;
    expect(create).toEqual({
      id: expect.any(String),
      at: '2026-11-26T03:00:00.000Z',
      staffId: adminId,
      staffName: '管理员',
      action: 'store.create',
      entityType: 'store',
      entityId: store.id,
      storeId: null,
      tillId: null,
      ip: '203.0.113.7',
      summary: { after: store },
    });
    expect(update).toEqual({
      id: expect.any(String),
      at: '2026-11-26T04:00:00.000Z',
      staffId: adminId,
      staffName: '管理员',
      action: 'store.update',
      entityType: 'store',
      entityId: store.id,
      storeId: null,
      tillId: null,
      ip: '198.51.100.9',
      summary: { before, after },
    });
    expect(update?.summary.before).toMatchObject({ name: '审计店', phone: '', updatedAt: '2026-11-26T03:00:00.000Z' });
    expect(update?.summary.after).toMatchObject({ name: '审计新店', phone: '021-1234', updatedAt: '2026-11-26T04:00:00.000Z' });
    const changed = Object.keys(after).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k])).sort();
    expect(changed).toEqual(['name', 'phone', 'updatedAt']);
  });

  it('filters by action, entity type, entity id, staff and text', async () => {
    expect((await search(admin, 'action=store.update')).total).toBe(1);
    const stores = await search(admin, 'entityType=store');
    expect(stores.total).toBe(4); // storeA, storeB, AUD1 created; AUD1 updated
    expect(stores.items.map((i) => i.action).sort()).toEqual(['store.create', 'store.create', 'store.create', 'store.update']);
    expect((await search(admin, `entityType=store&entityId=${storeA.id}`)).total).toBe(1);
    expect((await search(admin, `entityType=region&entityId=${storeA.id}`)).total).toBe(0);
    expect((await search(admin, `action=store.create&staffId=${adminId}`)).total).toBe(3);
    expect((await search(admin, `q=${encodeURIComponent('审计新店')}`)).items.map((i) => i.action)).toEqual(['store.update']);
    expect((await search(admin, 'q=STORE.UPD')).total).toBe(1); // case-insensitive, matches the action
    expect((await search(admin, 'q=%25')).total).toBe(0); // LIKE wildcards are taken literally
    expect((await search(admin, 'q=_')).total).toBe(0);
  });

  it('filters by time: from is inclusive, to is exclusive', async () => {
    const hour = await search(admin, 'from=2026-11-26T03:00:00.000Z&to=2026-11-26T04:00:00.000Z');
    expect(hour.items.map((i) => i.action)).toEqual(['store.create']);
    expect(hour.items[0]?.entityId).toBe(store.id);
    expect((await search(admin, 'from=2026-11-26T04:00:00.000Z&to=2026-11-26T05:00:00.000Z')).items.map((i) => i.action)).toEqual(['store.update']);
    expect((await search(admin, 'from=2026-11-26T04:00:00.001Z')).total).toBe(0);
  });

  it('accepts from/to without milliseconds or with a +08:00 offset and selects the same instants', async () => {
    const expected = ['store.create'];
    const noMillis = await search(admin, 'from=2026-11-26T03:00:00Z&to=2026-11-26T04:00:00Z');
    expect(noMillis.items.map((i) => i.action)).toEqual(expected);
    const beijing = await search(admin, `from=${encodeURIComponent('2026-11-26T11:00:00+08:00')}&to=${encodeURIComponent('2026-11-26T12:00:00+08:00')}`);
    expect(beijing.items.map((i) => i.action)).toEqual(expected);
  });

  it('pages with a stable total, newest first', async () => {
    const pages = [];
    for (const page of [1, 2, 3]) pages.push(await search(admin, `entityType=store&pageSize=3&page=${page}`));
    expect(pages.map((p) => p.total)).toEqual([4, 4, 4]);
    expect(pages.map((p) => p.items.length)).toEqual([3, 1, 0]);
    expect(pages.map((p) => [p.page, p.pageSize])).toEqual([[1, 3], [2, 3], [3, 3]]);
    const all = pages.flatMap((p) => p.items);
    expect(new Set(all.map((i) => i.id)).size).toBe(4);
    const times = all.map((i) => i.at);
    expect([...times].sort().reverse()).toEqual(times);
  });
});

describe('a failed write leaves no audit row and no change', () => {
  it('a duplicate code (409) writes nothing', async () => {
    const before = await countRows(system.db.kysely, ['audit_log', 'stores']);
    const res = await admin.post('/api/stores', { code: 'AUD1', name: '重复', kind: 'direct' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CODE_TAKEN', field: 'code' });
    expect(await countRows(system.db.kysely, ['audit_log', 'stores'])).toEqual(before);
  });

  it('a PATCH that fails half way (unknown region) changes neither the store nor the log', async () => {
    const storeBefore = (await admin.get(`/api/stores/${storeA.id}`)).body;
    const logBefore = await auditRows();
    const res = await admin.patch(`/api/stores/${storeA.id}`, { name: '半途改名', regionId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'ORG_REGION_NOT_FOUND', field: 'regionId' });
    expect((await admin.get(`/api/stores/${storeA.id}`)).body).toEqual(storeBefore);
    expect(await auditRows()).toBe(logBefore);
  });

  it('the audit row is in the write’s transaction: a write that throws after auditing leaves no row', async () => {
    const before = await auditRows();
    const actor = { merchantId: system.merchantId, staffId: adminId, staffName: '管理员', storeId: null, tillId: null, ip: '127.0.0.1' };
    await expect(
      system.services.writer.run(actor, async (w) => {
        await w.audit({ action: 'test.boom', entityType: 'test', entityId: 'x', after: { a: 1 } });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await auditRows()).toBe(before);
    const rows = await system.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'test.boom').execute();
    expect(rows).toHaveLength(0);
  });
});

describe('a store-scoped auditor', () => {
  let auditor: ApiClient;
  let auditorId: string;
  let regions: Record<'a' | 'b' | 'none', string>;
  let till: string;

  beforeAll(async () => {
    const role = await createRole(admin, { name: '店审计', dataScope: 'stores', scopeIds: [storeA.id], permissions: ['audit.view'] });
    const staff = await createStaff(admin, { roleId: role.id, homeStoreId: storeA.id });
    auditorId = staff.id;
    auditor = await loggedIn(system, staff.username, 'Initial#2026');
    expect((await auditor.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: STAFF_PASSWORD })).status).toBe(200);

    const t = await admin.post(`/api/stores/${storeA.id}/tills`, { code: 'T1', name: '一号台' });
    till = t.body.id;
    const at = async (storeId: string | null, tillId: string | null, code: string) => {
      expect((await admin.post('/api/auth/switch-store', { storeId, tillId })).status).toBe(200);
      const r = await admin.post('/api/regions', { code, name: code });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    regions = { a: await at(storeA.id, till, 'RA'), b: await at(storeB.id, null, 'RB'), none: await at(null, null, 'RN') };
    // two switches by the auditor: the second is written with no current store (its own merchant-wide row)
    expect((await auditor.post('/api/auth/switch-store', { storeId: null })).status).toBe(200);
    expect((await auditor.post('/api/auth/switch-store', { storeId: null })).status).toBe(200);
  });

  it('takes store and till of a row from the session', async () => {
    const rows = (await search(admin, 'entityType=region')).items;
    const byId = Object.fromEntries(rows.map((r) => [r.entityId, r]));
    expect(rows).toHaveLength(3);
    expect(byId[regions.a]).toMatchObject({ storeId: storeA.id, tillId: till });
    expect(byId[regions.b]).toMatchObject({ storeId: storeB.id, tillId: null });
    expect(byId[regions.none]).toMatchObject({ storeId: null, tillId: null });
  });

  it('sees exactly the rows of its store plus its own rows', async () => {
    const seen = await search(auditor, 'pageSize=500');
    const expected = await system.db.kysely
      .selectFrom('audit_log')
      .select('id')
      .where('merchant_id', '=', system.merchantId)
      .where((eb) => eb.or([eb('store_id', '=', storeA.id), eb('staff_id', '=', auditorId)]))
      .execute();
    expect(seen.total).toBe(expected.length);
    expect(seen.items.map((i) => i.id).sort()).toEqual(expected.map((r) => r.id).sort());
    for (const row of seen.items) expect(row.storeId === storeA.id || row.staffId === auditorId).toBe(true);

    expect((await search(auditor, 'entityType=region')).items.map((i) => i.entityId)).toEqual([regions.a]);
    expect((await search(auditor, `storeId=${storeB.id}`)).total).toBe(0);
    expect((await search(auditor, `entityId=${regions.none}`)).total).toBe(0);
    const own = (await search(auditor, `staffId=${auditorId}`)).items;
    expect(own.map((i) => i.action).sort()).toEqual(['auth.change_password', 'auth.login', 'auth.switch_store', 'auth.switch_store']);
    expect(own.filter((i) => i.storeId === null)).toHaveLength(1);
  });

  it('needs audit.view', async () => {
    const role = await createRole(admin, { dataScope: 'stores', scopeIds: [storeA.id], permissions: ['org.stores.view'] });
    const staff = await createStaff(admin, { roleId: role.id, homeStoreId: storeA.id });
    const clerk = await loggedIn(system, staff.username, 'Initial#2026');
    const res = await clerk.get('/api/audit');
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'AUTH_FORBIDDEN', details: { permission: 'audit.view' } });
  });
});

describe('secrets never reach the log', () => {
  it('no password or hash in any summary after creating staff, resetting and changing passwords', async () => {
    const role = await createRole(admin, { dataScope: 'all', permissions: [] });
    const staff = await createStaff(admin, { roleId: role.id });
    expect((await admin.post(`/api/staff/${staff.id}/reset-password`, { newPassword: 'Reset#2026x' })).status).toBe(200);
    const own = await loggedIn(system, staff.username, 'Reset#2026x');
    expect((await own.post('/api/auth/change-password', { currentPassword: 'Reset#2026x', newPassword: 'Mine#2026xy' })).status).toBe(200);

    expect((await search(admin, `entityId=${staff.id}`)).items.map((i) => i.action).sort()).toEqual([
      'auth.change_password',
      'auth.login',
      'staff.create',
      'staff.reset_password',
    ]);
    for (const q of ['scrypt', 'Initial#2026', 'Reset#2026x', 'Mine#2026xy', 'password_hash']) {
      expect((await search(admin, `q=${encodeURIComponent(q)}`)).total, q).toBe(0);
    }
    const leaked = await system.db.kysely
      .selectFrom('audit_log')
      .select('id')
      .where((eb) => eb.or([eb('summary', 'like', '%scrypt$%'), eb('summary', 'like', '%#2026%')]))
      .execute();
    expect(leaked).toHaveLength(0);
  });
});
