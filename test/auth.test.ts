import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IP_LIMIT } from '../src/modules/staff/auth.service';
import { ApiClient, loggedIn } from './support/api-client';
import { createRole, createStaff, createStore } from './support/fixtures';
import { ADMIN, createTestSystem, type TestSystem } from './support/test-system';

let system: TestSystem;
let admin: ApiClient;
let roleId: string;
let storeId: string;

beforeAll(async () => {
  system = await createTestSystem();
  admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  storeId = (await createStore(admin)).id;
  roleId = (await createRole(admin, { dataScope: 'stores', scopeIds: [storeId], permissions: ['org.stores.view'] })).id;
});
afterAll(() => system.close());

const attempt = (username: string, password: string, headers: Record<string, string> = {}) =>
  new ApiClient(system).post('/api/auth/login', { merchantCode: 'm1', username, password }, headers);

describe('login', () => {
  it('sets an HttpOnly session cookie and a readable CSRF cookie', async () => {
    const res = await system.app.inject({ method: 'POST', url: '/api/auth/login', payload: { merchantCode: 'm1', ...ADMIN } });
    expect(res.statusCode).toBe(200);
    const cookies = res.cookies as { name: string; httpOnly?: boolean; sameSite?: string }[];
    expect(cookies.find((c) => c.name === 'sid')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookies.find((c) => c.name === 'csrf')?.httpOnly).toBeFalsy();
    const sessions = await system.db.kysely.selectFrom('sessions').select('id').execute();
    // the database keeps only a hash of the token
    const token = (res.cookies as { name: string; value: string }[]).find((c) => c.name === 'sid')?.value ?? '';
    expect(sessions.some((s) => s.id === token)).toBe(false);
  });

  it('gives one error for an unknown user, a wrong password and an unknown merchant', async () => {
    const codes = await Promise.all([
      attempt('nobody', 'Whatever#1', { 'x-forwarded-for': '10.0.0.1' }),
      attempt(ADMIN.username, 'Wrong#2026', { 'x-forwarded-for': '10.0.0.2' }),
      new ApiClient(system).post('/api/auth/login', { merchantCode: 'nope', ...ADMIN }, { 'x-forwarded-for': '10.0.0.3' }),
    ]);
    for (const res of codes) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
  });

  it('locks an account after 5 failures, even for the right password, until the lock expires', async () => {
    const staff = await createStaff(admin, { roleId, homeStoreId: storeId });
    for (let i = 1; i <= 4; i++) {
      const res = await attempt(staff.username, `Wrong#${i}abc`, { 'x-forwarded-for': `10.1.0.${i}` });
      expect(res.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
    const fifth = await attempt(staff.username, 'Wrong#5abc', { 'x-forwarded-for': '10.1.0.5' });
    expect(fifth.status).toBe(423);
    expect(fifth.body.error).toMatchObject({ code: 'AUTH_LOCKED', details: { retryAfterMinutes: 15 } });
    const right = await attempt(staff.username, 'Initial#2026', { 'x-forwarded-for': '10.1.0.6' });
    expect(right.status).toBe(423);
    system.clock.advance(15 * 60_000 + 1000);
    const later = await attempt(staff.username, 'Initial#2026', { 'x-forwarded-for': '10.1.0.7' });
    expect(later.status).toBe(200);
    const audit = await system.db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', staff.id).execute();
    expect(audit.filter((a) => a.action === 'auth.login_failed')).toHaveLength(4);
    expect(audit.filter((a) => a.action === 'auth.locked')).toHaveLength(1);
  });

  it('rate-limits one IP that guesses many accounts', async () => {
    const ip = { 'x-forwarded-for': '203.0.113.9' };
    for (let i = 0; i < IP_LIMIT.maxFailures; i++) {
      const res = await attempt(`guess${i}`, 'Guess#2026', ip);
      expect(res.body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
    const blocked = await attempt(ADMIN.username, ADMIN.password, ip);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('AUTH_RATE_LIMITED');
    const elsewhere = await attempt(ADMIN.username, ADMIN.password, { 'x-forwarded-for': '203.0.113.10' });
    expect(elsewhere.status).toBe(200);
  });
});

describe('sessions', () => {
  it('requires a session and a CSRF header for writes', async () => {
    const anonymous = new ApiClient(system);
    expect((await anonymous.get('/api/stores')).body.error.code).toBe('AUTH_REQUIRED');
    const api = await loggedIn(system, ADMIN.username, ADMIN.password);
    api.forgetCsrf();
    const res = await api.post('/api/regions', { code: 'CSRF1', name: '跨站' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('AUTH_CSRF_INVALID');
  });

  it('ends a session at logout', async () => {
    const api = await loggedIn(system, ADMIN.username, ADMIN.password);
    expect((await api.post('/api/auth/logout')).status).toBe(200);
    expect((await api.get('/api/auth/me')).status).toBe(401);
  });

  it('expires idle sessions', async () => {
    const api = await loggedIn(system, ADMIN.username, ADMIN.password);
    system.clock.advance(121 * 60_000);
    expect((await api.get('/api/auth/me')).status).toBe(401);
    admin = await loggedIn(system, ADMIN.username, ADMIN.password); // the shared admin session idled out too
  });

  it('disabling a staff member ends their sessions at once; enabling lets them back in', async () => {
    const staff = await createStaff(admin, { roleId, homeStoreId: storeId });
    const api = await loggedIn(system, staff.username, 'Initial#2026');
    expect((await api.get('/api/auth/me')).status).toBe(200);
    const disabled = await admin.post(`/api/staff/${staff.id}/disable`);
    expect(disabled.body.status).toBe('disabled');
    expect((await api.get('/api/auth/me')).status).toBe(401);
    const again = await attempt(staff.username, 'Initial#2026', { 'x-forwarded-for': '10.2.0.1' });
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('AUTH_ACCOUNT_DISABLED');
    await admin.post(`/api/staff/${staff.id}/enable`);
    expect((await attempt(staff.username, 'Initial#2026', { 'x-forwarded-for': '10.2.0.2' })).status).toBe(200);
  });

  it('refuses to disable oneself or the last administrator', async () => {
    const me = (await admin.get('/api/auth/me')).body.staff.id;
    const self = await admin.post(`/api/staff/${me}/disable`);
    expect(self.body.error.code).toBe('STAFF_CANNOT_DISABLE_SELF');
    const demote = await admin.patch(`/api/staff/${me}`, { roleId });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('STAFF_LAST_ADMIN');
    expect((await admin.get('/api/auth/me')).body.isAdmin).toBe(true);
  });
});

describe('passwords', () => {
  it('forces a first-login change, enforces the policy, and signs out other devices', async () => {
    const staff = await createStaff(admin, { roleId, homeStoreId: storeId });
    const phone = await loggedIn(system, staff.username, 'Initial#2026');
    const till = await loggedIn(system, staff.username, 'Initial#2026');
    expect((await till.get('/api/auth/me')).body.staff.mustChangePassword).toBe(true);
    const weak = await till.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: 'short1' });
    expect(weak.status).toBe(400);
    expect(weak.body.error).toMatchObject({ code: 'AUTH_PASSWORD_TOO_WEAK', field: 'newPassword', details: { rule: 'minLength' } });
    const wrong = await till.post('/api/auth/change-password', { currentPassword: 'Nope#2026', newPassword: 'Better#2026' });
    expect(wrong.body.error).toMatchObject({ code: 'AUTH_WRONG_PASSWORD', field: 'currentPassword' });
    const ok = await till.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: 'Better#2026' });
    expect(ok.status).toBe(200);
    expect(ok.body.staff.mustChangePassword).toBe(false);
    expect((await till.get('/api/auth/me')).status).toBe(200);
    expect((await phone.get('/api/auth/me')).status).toBe(401);
    expect((await attempt(staff.username, 'Better#2026', { 'x-forwarded-for': '10.3.0.1' })).status).toBe(200);
  });

  it('applies a stricter policy from settings', async () => {
    const patched = await admin.patch('/api/settings', { passwordPolicy: { minLength: 12, requireSymbol: true } });
    expect(patched.status).toBe(200);
    expect(patched.body.passwordPolicy).toEqual({ minLength: 12, requireLetter: true, requireDigit: true, requireSymbol: true, maxAgeDays: null });
    const res = await admin.post('/api/staff', { username: 'strict1', name: '严格', password: 'Abcdefgh1234', roleId, homeStoreId: storeId });
    expect(res.body.error).toMatchObject({ code: 'AUTH_PASSWORD_TOO_WEAK', field: 'password', details: { rule: 'requireSymbol' } });
    expect((await admin.get('/api/staff?q=strict1')).body.total).toBe(0);
    await admin.patch('/api/settings', { passwordPolicy: { minLength: 8, requireSymbol: false } });
  });
});
