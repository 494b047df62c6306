import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, loggedIn } from './support/api-client';
import { createRegion, createRole, createStaff, createStore } from './support/fixtures';
import { ADMIN, createTestSystem, type TestSystem } from './support/test-system';

let system: TestSystem;
let admin: ApiClient;
let east: { id: string };
let west: { id: string };
let storeA: { id: string };
let storeB: { id: string };
let storeW: { id: string };

async function signInFirstTime(username: string) {
  const api = new ApiClient(system);
  const me = await api.login(username, 'Initial#2026');
  expect(me.staff.mustChangePassword).toBe(true);
  const changed = await api.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: 'Cashier#2026' });
  expect(changed.status).toBe(200);
  expect(changed.body.staff.mustChangePassword).toBe(false);
  return api;
}

beforeAll(async () => {
  system = await createTestSystem();
  admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  east = await createRegion(admin, '华东');
  west = await createRegion(admin, '华西');
  storeA = await createStore(admin, { name: '南京路店', regionId: east.id });
  storeB = await createStore(admin, { name: '淮海路店', regionId: east.id });
  storeW = await createStore(admin, { name: '春熙路店', regionId: west.id });
});
afterAll(() => system.close());

describe('a cashier role limited to one store', () => {
  let cashier: ApiClient;

  beforeAll(async () => {
    const role = await createRole(admin, { name: '收银员', dataScope: 'stores', scopeIds: [storeA.id], permissions: ['org.stores.view', 'staff.view'] });
    const staff = await createStaff(admin, { roleId: role.id, homeStoreId: storeA.id });
    cashier = await signInFirstTime(staff.username);
  });

  it('sees only its store and only its permissions', async () => {
    const me = await cashier.get('/api/auth/me');
    expect(me.body.isAdmin).toBe(false);
    expect(me.body.permissions).toEqual(['org.stores.view', 'staff.view']);
    expect(me.body.stores.map((s: { id: string }) => s.id)).toEqual([storeA.id]);
    expect(me.body.currentStoreId).toBe(storeA.id);
    const list = await cashier.get('/api/stores');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0].id).toBe(storeA.id);
  });

  it('gets 403 with a code for another store and for actions outside the role', async () => {
    const other = await cashier.get(`/api/stores/${storeB.id}`);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('AUTH_STORE_FORBIDDEN');
    const write = await cashier.post('/api/regions', { code: 'X1', name: '越权' });
    expect(write.status).toBe(403);
    expect(write.body.error).toMatchObject({ code: 'AUTH_FORBIDDEN', details: { permission: 'org.regions.manage' } });
    const audit = await cashier.get('/api/audit');
    expect(audit.status).toBe(403);
    expect((await admin.get('/api/regions')).body.items.some((r: { code: string }) => r.code === 'X1')).toBe(false);
  });

  it('cannot switch to a store outside its scope', async () => {
    const res = await cashier.post('/api/auth/switch-store', { storeId: storeW.id });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('AUTH_STORE_FORBIDDEN');
  });
});

describe('data scopes', () => {
  it('a region-scoped manager sees exactly the stores of that region', async () => {
    const role = await createRole(admin, { name: '区域经理', dataScope: 'regions', scopeIds: [east.id], permissions: ['org.stores.view', 'org.stores.manage', 'org.regions.view'] });
    const staff = await createStaff(admin, { roleId: role.id, homeStoreId: storeA.id });
    const manager = await signInFirstTime(staff.username);
    const list = await manager.get('/api/stores?sort=name');
    expect(list.body.items.map((s: { id: string }) => s.id).sort()).toEqual([storeA.id, storeB.id].sort());
    const regions = await manager.get('/api/regions');
    expect(regions.body.items.map((r: { id: string }) => r.id)).toEqual([east.id]);
    const patchWest = await manager.patch(`/api/stores/${storeW.id}`, { name: '越权改名' });
    expect(patchWest.status).toBe(403);
    const patchOwn = await manager.patch(`/api/stores/${storeB.id}`, { name: '淮海中路店' });
    expect(patchOwn.status).toBe(200);
    expect(patchOwn.body.name).toBe('淮海中路店');
  });

  it('own-store scope follows the staff member’s home and assigned stores', async () => {
    const role = await createRole(admin, { name: '店员', dataScope: 'own_store', permissions: ['org.stores.view'] });
    const staff = await createStaff(admin, { roleId: role.id, homeStoreId: storeB.id, storeIds: [storeW.id] });
    const clerk = await signInFirstTime(staff.username);
    const me = await clerk.get('/api/auth/me');
    expect(me.body.stores.map((s: { id: string }) => s.id).sort()).toEqual([storeB.id, storeW.id].sort());
    const switched = await clerk.post('/api/auth/switch-store', { storeId: storeW.id });
    expect(switched.status).toBe(200);
    expect(switched.body.currentStoreId).toBe(storeW.id);
    expect((await clerk.get('/api/auth/me')).body.currentStoreId).toBe(storeW.id);
  });

  it('a manager cannot hand out permissions or stores beyond their own', async () => {
    const role = await createRole(admin, { name: '店长', dataScope: 'stores', scopeIds: [storeA.id], permissions: ['staff.view', 'staff.manage', 'staff.roles.view', 'staff.roles.manage'] });
    const staff = await createStaff(admin, { roleId: role.id, homeStoreId: storeA.id });
    const manager = await signInFirstTime(staff.username);
    const escalate = await manager.post('/api/roles', { code: 'esc', name: '越权', dataScope: 'all', permissions: ['settings.manage'] });
    expect(escalate.status).toBe(403);
    expect(escalate.body.error).toMatchObject({ code: 'AUTH_FORBIDDEN', details: { permission: 'settings.manage' } });
    const adminRole = (await admin.get('/api/roles')).body.items.find((r: { isSystem: boolean }) => r.isSystem);
    const makeAdmin = await manager.post('/api/staff', { username: 'sneaky', name: '越权', password: 'Sneaky#2026', roleId: adminRole.id, homeStoreId: storeA.id });
    expect(makeAdmin.status).toBe(403);
    const otherStore = await manager.post('/api/staff', { username: 'elsewhere', name: '别店', password: 'Sneaky#2026', roleId: role.id, homeStoreId: storeW.id });
    expect(otherStore.status).toBe(403);
    expect(otherStore.body.error.code).toBe('AUTH_STORE_FORBIDDEN');
    const fine = await manager.post('/api/staff', { username: 'helper1', name: '帮手', password: 'Helper#2026', roleId: role.id, homeStoreId: storeA.id });
    expect(fine.status).toBe(201);
  });

  it('the built-in administrator role cannot be edited or deleted, and roles in use cannot be deleted', async () => {
    const roles = (await admin.get('/api/roles')).body.items;
    const sys = roles.find((r: { isSystem: boolean }) => r.isSystem);
    expect((await admin.patch(`/api/roles/${sys.id}`, { name: 'x' })).body.error.code).toBe('ROLE_SYSTEM_READONLY');
    const used = roles.find((r: { staffCount: number; isSystem: boolean }) => !r.isSystem && r.staffCount > 0);
    const del = await admin.delete(`/api/roles/${used.id}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('ROLE_IN_USE');
  });

  it('rejects unknown permissions and missing scopes with codes', async () => {
    const unknown = await admin.post('/api/roles', { code: 'bad1', name: 'x', dataScope: 'all', permissions: ['members.fly'] });
    expect(unknown.body.error).toMatchObject({ code: 'ROLE_UNKNOWN_PERMISSION', field: 'permissions' });
    const noScope = await admin.post('/api/roles', { code: 'bad2', name: 'x', dataScope: 'stores', scopeIds: [] });
    expect(noScope.body.error).toMatchObject({ code: 'ROLE_SCOPE_REQUIRED', field: 'scopeIds' });
    const fakeScope = await admin.post('/api/roles', { code: 'bad3', name: 'x', dataScope: 'regions', scopeIds: [storeA.id] });
    expect(fakeScope.body.error).toMatchObject({ code: 'ROLE_SCOPE_UNKNOWN', field: 'scopeIds' });
  });
});
