import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestHash } from '../src/platform/idempotency';
import { closeTestSystem } from './support/close';
import { ApiClient, loggedIn } from './support/api-client';
import { createRole, createStaff, STAFF_PASSWORD } from './support/fixtures';
import { ADMIN, addMerchant, createTestSystem, type TestSystem } from './support/test-system';

let system: TestSystem;
let admin: ApiClient;
let adminId: string;

const key = (name: string) => ({ 'idempotency-key': name });

function keyRow(k: string, merchantId = system.merchantId) {
  return system.db.kysely.selectFrom('idempotency_keys').selectAll().where('merchant_id', '=', merchantId).where('key', '=', k).executeTakeFirst();
}

async function regionCodes(merchantId = system.merchantId) {
  const rows = await system.db.kysely.selectFrom('regions').select('code').where('merchant_id', '=', merchantId).orderBy('code').execute();
  return rows.map((r) => r.code);
}

async function auditCount() {
  const row = await system.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  system = await createTestSystem();
  admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  adminId = (await admin.get('/api/auth/me')).body.staff.id;
});
afterAll(() => closeTestSystem(system));

describe('POST with an Idempotency-Key', () => {
  it('replays the stored response for the same key and body, and writes once', async () => {
    const body = { code: 'K1', name: '华东' };
    const first = await admin.post('/api/regions', body, key('key-1'));
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const audits = await auditCount();

    for (let i = 0; i < 2; i++) {
      const again = await admin.post('/api/regions', { name: '华东', code: 'K1' }, key('key-1')); // key order does not matter
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
    }
    expect(await regionCodes()).toEqual(['K1']);
    expect(await auditCount()).toBe(audits);
  });

  it('stores the completed response with the write: status done, 201 and the body', async () => {
    const res = await admin.post('/api/regions', { code: 'K2', name: '华南' }, key('key-2'));
    expect(res.status).toBe(201);
    const row = await keyRow('key-2');
    expect(row).toMatchObject({ status: 'done', response_status: 201 });
    expect(JSON.parse(row?.response_body ?? 'null')).toEqual(res.body);
    expect(row?.completed_at).not.toBeNull();
    expect(row?.request_hash).toBe(requestHash({ method: 'POST', url: '/api/regions', staffId: adminId, body: { code: 'K2', name: '华南' } }));
  });

  it('refuses the same key with a different body (422) and creates nothing', async () => {
    const before = await regionCodes();
    const res = await admin.post('/api/regions', { code: 'K1X', name: '别的' }, key('key-1'));
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
    expect(await regionCodes()).toEqual(before);
    expect((await keyRow('key-1'))?.status).toBe('done');
  });

  it('refuses the same key from another staff member of the same merchant (the hash names the staff)', async () => {
    const role = await createRole(admin, { dataScope: 'all', permissions: ['org.regions.manage', 'org.regions.view'] });
    const staff = await createStaff(admin, { roleId: role.id });
    const other = await loggedIn(system, staff.username, 'Initial#2026');
    expect((await other.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: STAFF_PASSWORD })).status).toBe(200);
    const before = await regionCodes();
    const res = await other.post('/api/regions', { code: 'K1', name: '华东' }, key('key-1'));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await regionCodes()).toEqual(before);
  });

  it('answers 409 while the same request is still running, and leaves the running claim alone', async () => {
    const body = { code: 'K3', name: '华北' };
    const hash = requestHash({ method: 'POST', url: '/api/regions', staffId: adminId, body });
    await system.db.kysely
      .insertInto('idempotency_keys')
      .values({ merchant_id: system.merchantId, key: 'key-3', request_hash: hash, status: 'running', response_status: null, response_body: null, created_at: system.clock.now().toISOString(), completed_at: null })
      .execute();
    const before = await regionCodes();

    const res = await admin.post('/api/regions', body, key('key-3'));
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS', field: 'Idempotency-Key' });
    const different = await admin.post('/api/regions', { code: 'K3X', name: '华北' }, key('key-3'));
    expect(different.status).toBe(422);
    expect(different.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');

    expect(await regionCodes()).toEqual(before);
    expect(await keyRow('key-3')).toMatchObject({ status: 'running', request_hash: hash });
  });

  it('takes over a claim left running for more than 5 minutes (its server died)', async () => {
    const body = { code: 'K4', name: '西北' };
    const hash = requestHash({ method: 'POST', url: '/api/regions', staffId: adminId, body });
    const stale = new Date(system.clock.now().getTime() - 5 * 60_000 - 1).toISOString();
    await system.db.kysely
      .insertInto('idempotency_keys')
      .values({ merchant_id: system.merchantId, key: 'key-4', request_hash: hash, status: 'running', response_status: null, response_body: null, created_at: stale, completed_at: null })
      .execute();
    const res = await admin.post('/api/regions', body, key('key-4'));
    expect(res.status).toBe(201);
    expect((await regionCodes()).filter((c) => c === 'K4')).toHaveLength(1);
    expect(await keyRow('key-4')).toMatchObject({ status: 'done', response_status: 201 });
  });

  it('frees the key of a failed request by the time its response arrives', async () => {
    expect((await admin.post('/api/regions', { code: 'DUP', name: '已有' })).status).toBe(201);
    const audits = await auditCount();
    const res = await admin.post('/api/regions', { code: 'DUP', name: '重复' }, key('key-5'));
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CODE_TAKEN', field: 'code' });
    // A client may retry as soon as it has the answer; the claim must not outlive the response.
    expect(await keyRow('key-5')).toBeUndefined();
    expect(await auditCount()).toBe(audits);
  });

  it('lets a failed request be retried with the same key once the cause is fixed', async () => {
    const body = { code: 'DUP2', name: '重复' };
    const existing = await admin.post('/api/regions', body);
    expect(existing.status).toBe(201);
    const failed = await admin.post('/api/regions', body, key('key-6'));
    expect(failed.status).toBe(409);
    expect(failed.body.error.code).toBe('CODE_TAKEN');
    await waitFor(async () => (await keyRow('key-6')) === undefined);
    expect((await admin.delete(`/api/regions/${existing.body.id}`)).status).toBe(200);

    const retry = await admin.post('/api/regions', body, key('key-6'));
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    const replay = await admin.post('/api/regions', body, key('key-6'));
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(retry.body);
    expect((await regionCodes()).filter((c) => c === 'DUP2')).toHaveLength(1);
  });

  it('claims nothing for a request that fails validation', async () => {
    const res = await admin.post('/api/regions', { code: 'bad code', name: '' }, key('key-7'));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(await keyRow('key-7')).toBeUndefined();
  });

  it('rejects malformed keys with 400 IDEMPOTENCY_KEY_INVALID and writes nothing', async () => {
    const before = await regionCodes();
    for (const bad of ['k'.repeat(201), 'x'.repeat(300), 'has space', 'tab\there']) {
      const res = await admin.post('/api/regions', { code: 'K8', name: '坏键' }, key(bad));
      expect(res.status, bad).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_INVALID', field: 'Idempotency-Key' });
    }
    expect(await regionCodes()).toEqual(before);
    const longest = await admin.post('/api/regions', { code: 'K8', name: '最长键' }, key('k'.repeat(200)));
    expect(longest.status).toBe(201);
  });

  it('replays PATCH and DELETE too: a repeated delete answers like the first one', async () => {
    const region = await admin.post('/api/regions', { code: 'K9', name: '待改' });
    const patch1 = await admin.patch(`/api/regions/${region.body.id}`, { name: '已改' }, key('key-9p'));
    expect(patch1.status).toBe(200);
    const patch2 = await admin.patch(`/api/regions/${region.body.id}`, { name: '已改' }, key('key-9p'));
    expect(patch2.status).toBe(200);
    expect(patch2.headers['idempotent-replayed']).toBe('true');
    expect(patch2.body).toEqual(patch1.body);

    const del1 = await admin.request('DELETE', `/api/regions/${region.body.id}`, undefined, key('key-9d'));
    expect(del1.status).toBe(200);
    const del2 = await admin.request('DELETE', `/api/regions/${region.body.id}`, undefined, key('key-9d'));
    expect(del2.status).toBe(200);
    expect(del2.body).toEqual({ ok: true });
    expect(del2.headers['idempotent-replayed']).toBe('true');
    const unkeyed = await admin.delete(`/api/regions/${region.body.id}`);
    expect(unkeyed.status).toBe(404);
  });
});

describe('keys are per merchant', () => {
  it('the same key used by merchant B creates B’s own region', async () => {
    const merchantB = await addMerchant(system, 'm2');
    const adminB = await loggedIn(system, ADMIN.username, ADMIN.password, 'm2');
    const aRegion = (await keyRow('key-1'))?.response_body;
    const res = await adminB.post('/api/regions', { code: 'K1', name: '华东' }, key('key-1'));
    expect(res.status).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(res.body.id).not.toBe(JSON.parse(aRegion ?? '{}').id);
    expect(await regionCodes(merchantB)).toEqual(['K1']);
    expect((await regionCodes()).filter((c) => c === 'K1')).toHaveLength(1);
    expect(await keyRow('key-1', merchantB)).toMatchObject({ status: 'done', response_status: 201 });
    expect((await keyRow('key-1'))?.response_body).toBe(aRegion);
  });
});

describe('the key is completed in the write’s transaction', () => {
  it('a write that fails after its audit row leaves the claim running and nothing stored', async () => {
    const actor = { merchantId: system.merchantId, staffId: adminId, staffName: '管理员', storeId: null, tillId: null, ip: '127.0.0.1' };
    await system.db.kysely
      .insertInto('idempotency_keys')
      .values({ merchant_id: system.merchantId, key: 'key-10', request_hash: 'h', status: 'running', response_status: null, response_body: null, created_at: system.clock.now().toISOString(), completed_at: null })
      .execute();
    const audits = await auditCount();
    await expect(
      system.services.writer.run(actor, async (w) => {
        await w.audit({ action: 'test.fail', entityType: 'test', entityId: 'x' });
        throw new Error('boom');
      }, { idempotencyKey: 'key-10', responseStatus: 201 }),
    ).rejects.toThrow('boom');
    expect(await keyRow('key-10')).toMatchObject({ status: 'running', response_status: null, response_body: null });
    expect(await auditCount()).toBe(audits);

    const value = await system.services.writer.run(actor, async (w) => {
      await w.audit({ action: 'test.ok', entityType: 'test', entityId: 'x' });
      return { done: true };
    }, { idempotencyKey: 'key-10', responseStatus: 201 });
    expect(value).toEqual({ done: true });
    expect(await keyRow('key-10')).toMatchObject({ status: 'done', response_status: 201, response_body: '{"done":true}' });
    expect(await auditCount()).toBe(audits + 1);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 2000) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
