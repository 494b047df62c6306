import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestSystem } from './support/close';
import { ApiClient, loggedIn } from './support/api-client';
import { merchantSnapshot } from './support/db-inspect';
import { createStaff } from './support/fixtures';
import { ADMIN, addMerchant, createTestSystem, type TestSystem } from './support/test-system';

// Two merchants share one database. Staff of B must never see or change A's records, even
// when they guess (or learn) A's ids: every such request is answered as if the id did not exist.

let system: TestSystem;
let merchantA: string;
let merchantB: string;
let adminA: ApiClient;
let adminB: ApiClient;

const a = {} as Record<'region' | 'city' | 'store' | 'till' | 'level' | 'role' | 'adminRole' | 'staff' | 'admin', string>;
const b = {} as Record<'region' | 'store' | 'role' | 'staff', string>;

async function created(res: { status: number; body: { id: string } }) {
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

/** Everything A's administrator can read through the API. */
async function apiViewOfA() {
  const paths = [
    '/api/regions',
    '/api/stores',
    `/api/stores/${a.store}`,
    `/api/stores/${a.store}/tills`,
    '/api/roles',
    '/api/staff-levels',
    '/api/staff',
    `/api/staff/${a.staff}`,
    '/api/settings',
    '/api/audit?pageSize=500',
  ];
  const out: Record<string, unknown> = {};
  for (const p of paths) {
    const res = await adminA.get(p);
    expect(res.status, p).toBe(200);
    out[p] = res.body;
  }
  return out;
}

let apiBefore: Record<string, unknown>;
let dbBefore: Record<string, unknown>;

beforeAll(async () => {
  system = await createTestSystem();
  merchantA = system.merchantId;
  merchantB = await addMerchant(system, 'm2');
  adminA = await loggedIn(system, ADMIN.username, ADMIN.password, 'm1');
  adminB = await loggedIn(system, ADMIN.username, ADMIN.password, 'm2');

  a.region = await created(await adminA.post('/api/regions', { code: 'EAST', name: '华东' }));
  a.city = await created(await adminA.post('/api/cities', { regionId: a.region, code: 'SH', name: '上海' }));
  a.store = await created(await adminA.post('/api/stores', { code: 'S001', name: 'A商户南京路店', kind: 'direct', regionId: a.region, cityId: a.city }));
  a.till = await created(await adminA.post(`/api/stores/${a.store}/tills`, { code: 'T1', name: '一号收银台' }));
  a.level = await created(await adminA.post('/api/staff-levels', { code: 'L1', name: '店员', rank: 1 }));
  a.role = await created(await adminA.post('/api/roles', { code: 'cashier', name: '收银员', dataScope: 'stores', scopeIds: [a.store], permissions: ['org.stores.view'] }));
  a.staff = (await createStaff(adminA, { roleId: a.role, homeStoreId: a.store, username: 'alice' })).id;
  a.admin = (await adminA.get('/api/auth/me')).body.staff.id;
  a.adminRole = (await adminA.get('/api/roles')).body.items.find((r: { isSystem: boolean }) => r.isSystem).id;

  b.region = await created(await adminB.post('/api/regions', { code: 'WEST', name: '华西' }));
  b.store = await created(await adminB.post('/api/stores', { code: 'B001', name: 'B商户春熙路店', kind: 'direct', regionId: b.region }));
  b.role = await created(await adminB.post('/api/roles', { code: 'clerk', name: '店员', dataScope: 'all', permissions: ['org.stores.view'] }));
  b.staff = (await createStaff(adminB, { roleId: b.role, homeStoreId: b.store, username: 'bob' })).id;

  apiBefore = await apiViewOfA();
  dbBefore = await merchantSnapshot(system.db.kysely, merchantA);
});
afterAll(() => closeTestSystem(system));

describe('staff of merchant B guessing ids of merchant A', () => {
  const attempts = (): [string, string, unknown, number, string, string][] => [
    // method, url, body, status, code, field
    ['GET', `/api/stores/${a.store}`, undefined, 404, 'ORG_STORE_NOT_FOUND', 'id'],
    ['PATCH', `/api/stores/${a.store}`, { name: '偷改' }, 404, 'ORG_STORE_NOT_FOUND', 'id'],
    ['PATCH', `/api/regions/${a.region}`, { name: '偷改' }, 404, 'ORG_REGION_NOT_FOUND', 'id'],
    ['DELETE', `/api/regions/${a.region}`, undefined, 404, 'ORG_REGION_NOT_FOUND', 'id'],
    ['PATCH', `/api/cities/${a.city}`, { name: '偷改' }, 404, 'ORG_CITY_NOT_FOUND', 'id'],
    ['DELETE', `/api/cities/${a.city}`, undefined, 404, 'ORG_CITY_NOT_FOUND', 'id'],
    ['GET', `/api/stores/${a.store}/tills`, undefined, 404, 'ORG_STORE_NOT_FOUND', 'storeId'],
    ['POST', `/api/stores/${a.store}/tills`, { code: 'T9', name: '偷加' }, 404, 'ORG_STORE_NOT_FOUND', 'storeId'],
    ['PATCH', `/api/tills/${a.till}`, { status: 'disabled' }, 404, 'ORG_TILL_NOT_FOUND', 'id'],
    ['POST', '/api/cities', { regionId: a.region, code: 'CX', name: '偷建' }, 404, 'ORG_REGION_NOT_FOUND', 'regionId'],
    ['POST', '/api/stores', { code: 'BX1', name: '偷建', kind: 'direct', regionId: a.region }, 404, 'ORG_REGION_NOT_FOUND', 'regionId'],
    ['POST', '/api/stores', { code: 'BX2', name: '偷建', kind: 'direct', cityId: a.city }, 404, 'ORG_CITY_NOT_FOUND', 'cityId'],
    ['PATCH', `/api/stores/${b.store}`, { regionId: a.region }, 404, 'ORG_REGION_NOT_FOUND', 'regionId'],
    ['POST', '/api/staff', { username: 'thief1', name: '贼', password: 'Thief#2026x', roleId: b.role, homeStoreId: a.store }, 400, 'STAFF_STORE_UNKNOWN', 'homeStoreId'],
    ['POST', '/api/staff', { username: 'thief2', name: '贼', password: 'Thief#2026x', roleId: b.role, storeIds: [a.store] }, 400, 'STAFF_STORE_UNKNOWN', 'storeIds'],
    ['POST', '/api/staff', { username: 'thief3', name: '贼', password: 'Thief#2026x', roleId: a.role }, 404, 'ROLE_NOT_FOUND', 'roleId'],
    ['POST', '/api/staff', { username: 'thief4', name: '贼', password: 'Thief#2026x', roleId: a.adminRole }, 404, 'ROLE_NOT_FOUND', 'roleId'],
    ['POST', '/api/staff', { username: 'thief5', name: '贼', password: 'Thief#2026x', roleId: b.role, staffLevelId: a.level }, 404, 'STAFF_LEVEL_NOT_FOUND', 'staffLevelId'],
    ['GET', `/api/staff/${a.staff}`, undefined, 404, 'STAFF_NOT_FOUND', 'id'],
    ['GET', `/api/staff/${a.admin}`, undefined, 404, 'STAFF_NOT_FOUND', 'id'],
    ['PATCH', `/api/staff/${a.staff}`, { name: '偷改' }, 404, 'STAFF_NOT_FOUND', 'id'],
    ['POST', `/api/staff/${a.staff}/disable`, undefined, 404, 'STAFF_NOT_FOUND', 'id'],
    ['POST', `/api/staff/${a.admin}/disable`, undefined, 404, 'STAFF_NOT_FOUND', 'id'],
    ['POST', `/api/staff/${a.staff}/enable`, undefined, 404, 'STAFF_NOT_FOUND', 'id'],
    ['POST', `/api/staff/${a.admin}/reset-password`, { newPassword: 'Hijack#2026' }, 404, 'STAFF_NOT_FOUND', 'id'],
    ['PATCH', `/api/staff/${b.staff}`, { homeStoreId: a.store }, 400, 'STAFF_STORE_UNKNOWN', 'homeStoreId'],
    ['PATCH', `/api/staff/${b.staff}`, { roleId: a.role }, 404, 'ROLE_NOT_FOUND', 'roleId'],
    ['PATCH', `/api/roles/${a.role}`, { name: '偷改' }, 404, 'ROLE_NOT_FOUND', 'id'],
    ['PATCH', `/api/roles/${a.adminRole}`, { name: '偷改' }, 404, 'ROLE_NOT_FOUND', 'id'],
    ['DELETE', `/api/roles/${a.role}`, undefined, 404, 'ROLE_NOT_FOUND', 'id'],
    ['POST', '/api/roles', { code: 'spy1', name: '间谍', dataScope: 'stores', scopeIds: [a.store] }, 400, 'ROLE_SCOPE_UNKNOWN', 'scopeIds'],
    ['POST', '/api/roles', { code: 'spy2', name: '间谍', dataScope: 'regions', scopeIds: [a.region] }, 400, 'ROLE_SCOPE_UNKNOWN', 'scopeIds'],
    ['PATCH', `/api/roles/${b.role}`, { dataScope: 'stores', scopeIds: [a.store] }, 400, 'ROLE_SCOPE_UNKNOWN', 'scopeIds'],
    ['PATCH', `/api/staff-levels/${a.level}`, { name: '偷改' }, 404, 'STAFF_LEVEL_NOT_FOUND', 'id'],
    ['DELETE', `/api/staff-levels/${a.level}`, undefined, 404, 'STAFF_LEVEL_NOT_FOUND', 'id'],
    ['POST', '/api/auth/switch-store', { storeId: a.store }, 400, 'STAFF_STORE_UNKNOWN', 'storeId'],
    ['POST', '/api/auth/switch-store', { storeId: b.store, tillId: a.till }, 404, 'NOT_FOUND', 'tillId'],
  ];

  it('gets exactly the not-found (or unknown-reference) answer for every read and write', async () => {
    const outcomes = [];
    for (const [method, url, body, status, code, field] of attempts()) {
      const res = await adminB.request(method, url, body);
      outcomes.push({ method, url, status: res.status, code: res.body?.error?.code, field: res.body?.error?.field });
      expect({ method, url, status: res.status, code: res.body?.error?.code, field: res.body?.error?.field }).toEqual({ method, url, status, code, field });
    }
    expect(outcomes).toHaveLength(37);
  });

  it('sees none of A’s records in its lists', async () => {
    const stores = await adminB.get('/api/stores');
    expect(stores.body.total).toBe(1);
    expect(stores.body.items.map((s: { id: string }) => s.id)).toEqual([b.store]);
    expect((await adminB.get(`/api/stores?regionId=${a.region}`)).body.total).toBe(0);
    expect((await adminB.get('/api/stores?q=S001')).body.total).toBe(0);

    const regions = await adminB.get('/api/regions');
    expect(regions.body.items.map((r: { id: string }) => r.id)).toEqual([b.region]);

    const roles = (await adminB.get('/api/roles')).body.items as { id: string; code: string; isSystem: boolean }[];
    expect(roles).toHaveLength(2);
    expect(roles.map((r) => r.id)).toContain(b.role);
    expect(roles.map((r) => r.id)).not.toContain(a.role);
    expect(roles.map((r) => r.id)).not.toContain(a.adminRole);

    expect((await adminB.get('/api/staff-levels')).body.items).toEqual([]);

    const staff = await adminB.get('/api/staff');
    expect(staff.body.total).toBe(2);
    expect(staff.body.items.map((s: { username: string }) => s.username).sort()).toEqual(['admin', 'bob']);
    expect((await adminB.get(`/api/staff?storeId=${a.store}`)).body.total).toBe(0);
    expect((await adminB.get(`/api/staff?roleId=${a.role}`)).body.total).toBe(0);
    expect((await adminB.get('/api/staff?q=alice')).body.total).toBe(0);

    expect((await adminB.get('/api/settings')).body.merchantName).toBe('m2');
  });

  it('finds none of A’s rows in its audit log', async () => {
    const idsOfA = new Set(Object.values(a));
    const log = await adminB.get('/api/audit?pageSize=500');
    expect(log.status).toBe(200);
    const rowsOfB = await system.db.kysely.selectFrom('audit_log').select('id').where('merchant_id', '=', merchantB).execute();
    expect(log.body.total).toBe(rowsOfB.length);
    expect(log.body.items.map((r: { id: string }) => r.id).sort()).toEqual(rowsOfB.map((r) => r.id).sort());
    for (const row of log.body.items as { entityId: string; staffId: string | null; storeId: string | null }[]) {
      expect(idsOfA.has(row.entityId)).toBe(false);
      expect(row.staffId === null || !idsOfA.has(row.staffId)).toBe(true);
      expect(row.storeId === null || !idsOfA.has(row.storeId)).toBe(true);
    }
    expect((await adminB.get(`/api/audit?entityId=${a.store}`)).body.total).toBe(0);
    expect((await adminB.get(`/api/audit?staffId=${a.admin}`)).body.total).toBe(0);
    expect((await adminB.get(`/api/audit?storeId=${a.store}`)).body.total).toBe(0);
    expect((await adminB.get(`/api/audit?q=${encodeURIComponent('A商户南京路店')}`)).body.total).toBe(0);
  });

  it('cannot sign in as A’s staff by naming merchant B', async () => {
    const res = await new ApiClient(system).post('/api/auth/login', { merchantCode: 'm2', username: 'alice', password: 'Initial#2026' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
  });
});

describe('codes are unique per merchant, not across merchants', () => {
  it('lets B reuse A’s region, store, role and level codes and usernames', async () => {
    expect((await adminB.post('/api/regions', { code: 'EAST', name: '华东' })).status).toBe(201);
    expect((await adminB.post('/api/stores', { code: 'S001', name: '同号门店', kind: 'direct' })).status).toBe(201);
    expect((await adminB.post('/api/roles', { code: 'cashier', name: '收银员', dataScope: 'all' })).status).toBe(201);
    expect((await adminB.post('/api/staff-levels', { code: 'L1', name: '店员' })).status).toBe(201);
    const alice = await adminB.post('/api/staff', { username: 'alice', name: '爱丽丝', password: 'Initial#2026', roleId: b.role });
    expect(alice.status).toBe(201);
    // …while inside one merchant the code is still taken
    const again = await adminB.post('/api/regions', { code: 'EAST', name: '又一个' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CODE_TAKEN', field: 'code' });
    const regionsOfB = await system.db.kysely.selectFrom('regions').select('code').where('merchant_id', '=', merchantB).orderBy('code').execute();
    expect(regionsOfB.map((r) => r.code)).toEqual(['EAST', 'WEST']);
  });
});

describe('afterwards', () => {
  it('A’s data is exactly as before, through the API and in the database', async () => {
    expect(await apiViewOfA()).toEqual(apiBefore);
    expect(await merchantSnapshot(system.db.kysely, merchantA)).toEqual(dbBefore);
  });
});
