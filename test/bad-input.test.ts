import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedTypes, violations, wrongType, type PropSchema } from './support/bad-values';
import { closeTestSystem } from './support/close';
import { ApiClient, loggedIn, type ApiResponse } from './support/api-client';
import { TENANT_TABLES, countRows } from './support/db-inspect';
import { ADMIN, createTestSystem, type TestSystem } from './support/test-system';

// A generic fuzz over every write endpoint the OpenAPI document lists: bad input is always a
// 4xx with a coded error, never a 5xx, and never writes a row.

const UNKNOWN_ID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
const BAD_IDS = ['not-an-id', '01arz3ndektsv4rrffq69g5fav', `${UNKNOWN_ID}0`, "1' OR '1'='1", '%00'];
const PUBLIC_GETS = ['/api/health', '/api/auth/login-options', '/api/public/join/{merchantCode}/{storeId}'];
const PUBLIC_WRITES = [
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/public/join/{merchantCode}/{storeId}/sms-code',
  'POST /api/public/join/{merchantCode}/{storeId}/register',
];
const WATCHED = TENANT_TABLES;
/** Writes whose body is a file's raw bytes, not JSON. */
const FILE_UPLOADS = ['/api/member-imports', '/api/points-imports', '/api/products/import'];
const SEED = 20261126;

interface Endpoint {
  method: string;
  path: string;
  params: string[];
  body: (PropSchema & { properties: Record<string, PropSchema> }) | null;
}

let system: TestSystem;
let admin: ApiClient;
let endpoints: Endpoint[];
let gets: Endpoint[];

function fill(path: string, id: string) {
  return path.replace(/\{[^}]+\}/g, encodeURIComponent(id));
}

/** Sends a body as exact JSON text, so null, arrays, strings and numbers arrive as such. */
function sendJson(api: ApiClient, method: string, url: string, body: unknown, headers: Record<string, string> = {}) {
  return api.request(method, url, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
}

function expectCodedError(res: ApiResponse, what: string) {
  expect(res.status, `${what} → ${res.status} ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${what} → ${res.status} ${JSON.stringify(res.body)}`).toBeLessThan(500);
  expect(typeof res.body?.error?.code, what).toBe('string');
  expect(typeof res.body?.error?.message, what).toBe('string');
  expect(res.body.error.message.length, what).toBeGreaterThan(0);
  if (res.body.error.code === 'VALIDATION_FAILED') {
    expect(typeof res.body.error.field, what).toBe('string');
    expect(res.body.error.field.length, what).toBeGreaterThan(0);
  }
}

/** Bodies that break the endpoint's body schema whatever the rest of the request is. */
function badBodies(ep: Endpoint): unknown[] {
  const out: unknown[] = [null, [], 'x', 123, true];
  if (!ep.body) return out;
  const props = Object.entries(ep.body.properties);
  if ((ep.body.required ?? []).length > 0) out.push({});
  const wrong = Object.fromEntries(props.map(([k, s]) => [k, wrongType(s)]).filter(([, v]) => v !== undefined));
  out.push(wrong);
  const lists = props.map(([k, s]) => [k, violations(s)] as const).filter(([, v]) => v.length > 0);
  const rounds = Math.max(0, ...lists.map(([, v]) => v.length));
  for (let r = 0; r < rounds; r++) out.push(Object.fromEntries(lists.map(([k, v]) => [k, v[r % v.length]])));
  // one broken field at a time, the others left out (catches a handler that runs on partial input)
  for (const [k, v] of lists) for (const value of v) out.push({ [k]: value });
  return out;
}

async function counts() {
  return countRows(system.db.kysely, WATCHED);
}

beforeAll(async () => {
  system = await createTestSystem();
  admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  const spec = await admin.get('/api/openapi.json');
  expect(spec.status).toBe(200);
  const all: Endpoint[] = [];
  for (const [path, ops] of Object.entries(spec.body.paths as Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Endpoint['body'] }> } }>>)) {
    for (const [method, op] of Object.entries(ops)) {
      all.push({
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? ''),
        body: op.requestBody?.content['application/json']?.schema ?? null,
      });
    }
  }
  endpoints = all.filter((e) => ['POST', 'PATCH', 'PUT', 'DELETE'].includes(e.method));
  gets = all.filter((e) => e.method === 'GET');
});
afterAll(() => closeTestSystem(system));

describe('the OpenAPI document', () => {
  it('lists the write endpoints this fuzz covers', () => {
    // grows with every module; the fuzz below walks all of them
    expect(endpoints.length).toBeGreaterThanOrEqual(46);
    expect(endpoints.filter((e) => e.body).length).toBeGreaterThanOrEqual(38);
    for (const e of endpoints) {
      if (e.body) {
        expect(e.body.type, `${e.method} ${e.path}`).toBe('object');
        expect(Object.keys(e.body.properties).length, `${e.method} ${e.path}`).toBeGreaterThan(0);
      }
    }
  });
});

describe('bad input to every write endpoint', () => {
  it('is a coded 4xx, a 400 VALIDATION_FAILED wherever the input breaks a schema, and writes nothing', async () => {
    const before = await counts();
    let sent = 0;
    // the import uploads take raw file bytes (a JSON body is a 415); bad files are covered in member-import.test.ts and points-import.test.ts
    for (const ep of endpoints.filter((e) => e.path !== '/api/auth/logout' && !FILE_UPLOADS.includes(e.path))) {
      const ids = ep.params.length ? [UNKNOWN_ID, ...BAD_IDS] : [UNKNOWN_ID];
      for (const id of ids) {
        const url = fill(ep.path, id);
        const paramsBroken = ep.params.length > 0 && id !== UNKNOWN_ID;
        for (const body of badBodies(ep)) {
          const what = `${ep.method} ${url} ${JSON.stringify(body)?.slice(0, 120)}`;
          const res = await sendJson(admin, ep.method, url, body);
          sent++;
          expectCodedError(res, what);
          if (paramsBroken || ep.body) {
            expect({ what, status: res.status, code: res.body.error.code }).toEqual({ what, status: 400, code: 'VALIDATION_FAILED' });
          } else {
            expect({ what, status: res.status }).toEqual({ what, status: 404 });
            expect(res.body.error.code, what).toMatch(/_NOT_FOUND$/);
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(500);
    expect(await counts()).toEqual(before);
    // the admin's session survived all of it
    expect((await admin.get('/api/auth/me')).status).toBe(200);
  });

  it('an empty patch of an unknown record is a 404 with the record’s code, not a write', async () => {
    const before = await counts();
    for (const ep of endpoints.filter((e) => e.method === 'PATCH' && e.params.length)) {
      const res = await sendJson(admin, 'PATCH', fill(ep.path, UNKNOWN_ID), {});
      expect(res.status, ep.path).toBe(404);
      expect(res.body.error.code, ep.path).toMatch(/_NOT_FOUND$/);
      expect(res.body.error.field, ep.path).toBe('id');
    }
    expect(await counts()).toEqual(before);
  });

  it('survives random broken bodies and ids (fast-check)', async () => {
    const before = await counts();
    const targets = endpoints.filter((e) => e.path !== '/api/auth/logout');
    const nonObject = fc.oneof(fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.string(), fc.double(), fc.integer(), fc.boolean());
    const request = fc.constantFrom(...targets).chain((ep) => {
      const props = Object.entries(ep.body?.properties ?? {}).map(([k, s]) => [k, violations(s)] as const).filter(([, v]) => v.length > 0);
      const brokenObject = fc
        .record(Object.fromEntries(props.map(([k, v]) => [k, fc.constantFrom(...v)])), { requiredKeys: [] })
        .chain((o) => fc.dictionary(fc.string({ maxLength: 8 }).filter((k) => !(k in (ep.body?.properties ?? {})) && k !== '__proto__'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }).map((extra) => ({ ...extra, ...o })))
        .filter((o) => props.some(([k]) => k in o) || (ep.body?.required ?? []).some((k) => !(k in o)));
      const body = ep.body ? fc.oneof(nonObject, brokenObject) : fc.oneof(nonObject, fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }));
      const id = ep.params.length ? fc.oneof(fc.constant(UNKNOWN_ID), fc.constantFrom(...BAD_IDS), fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s !== '.' && s !== '..')) : fc.constant(UNKNOWN_ID);
      return fc.record({ ep: fc.constant(ep), body, id });
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ ep, body, id }) => {
        const url = fill(ep.path, id);
        const res = await sendJson(admin, ep.method, url, body);
        const what = `${ep.method} ${url} ${JSON.stringify(body)?.slice(0, 200)}`;
        if (res.status >= 500) throw new Error(`${what} → ${res.status} ${JSON.stringify(res.body)}`);
        expectCodedError(res, what);
        if (ep.body) expect(res.status, what).toBe(400);
      }),
      { seed: SEED, numRuns: 100, endOnFailure: true },
    ).catch((err: unknown) => {
      throw new Error(`fast-check failed (seed ${SEED}): ${err instanceof Error ? err.message : String(err)}`);
    });
    expect(await counts()).toEqual(before);
  });

  it('refuses bodies that are not JSON or not JSON objects with a coded 4xx', async () => {
    const before = await counts();
    const cases: [string, Record<string, string>, number, string][] = [
      ['{"code":', { 'content-type': 'application/json' }, 400, 'MALFORMED_JSON'],
      ['{"__proto__":{"isAdmin":true},"code":"P1","name":"x"}', { 'content-type': 'application/json' }, 400, 'MALFORMED_JSON'],
      ['code=P1&name=x', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['', { 'content-type': 'application/json' }, 400, 'MALFORMED_JSON'],
    ];
    for (const [payload, headers, status, code] of cases) {
      const res = await admin.request('POST', '/api/regions', payload, headers);
      expect({ payload, status: res.status, code: res.body?.error?.code }).toEqual({ payload, status, code });
      expectCodedError(res, payload);
    }
    const huge = await admin.request('POST', '/api/regions', JSON.stringify({ code: 'BIG', name: 'x'.repeat(1024 * 1024) }), { 'content-type': 'application/json' });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await counts()).toEqual(before);
  });

  it('types are taken from the schema as declared (a sanity check of the fuzzer itself)', () => {
    const store = endpoints.find((e) => e.method === 'POST' && e.path === '/api/stores')?.body;
    expect(store).toBeTruthy();
    const p = store?.properties ?? {};
    expect([...allowedTypes(p.regionId ?? {})].sort()).toEqual(['null', 'string']);
    expect(violations(p.pointsRatioBp ?? {})).toEqual(['abc', 'x', true, {}, [], null, -1, 1.5, 1e13]);
    expect(violations(p.discountBp ?? {})).toEqual(['abc', 'x', true, {}, [], -1, 1.5, 1e13]);
    expect(violations(p.kind ?? {})).toEqual([12345, true, {}, [], null, 'no-such-value']);
    expect(violations(p.name ?? {})).toEqual([12345, true, {}, [], null, 'x'.repeat(10_001)]);
  });
});

describe('without a session or without the CSRF header', () => {
  it('every non-public GET is 401 AUTH_REQUIRED; the public ones answer', async () => {
    const anonymous = new ApiClient(system);
    expect(gets.length).toBeGreaterThanOrEqual(27);
    for (const ep of gets) {
      const res = await anonymous.get(fill(ep.path, UNKNOWN_ID));
      if (PUBLIC_GETS.includes(ep.path)) {
        // public pages answer without a session (an unknown store is a coded 404, not a 401)
        expect([200, 404], ep.path).toContain(res.status);
        expect(res.body?.error?.code ?? 'ok', ep.path).not.toBe('AUTH_REQUIRED');
      } else {
        expect({ path: ep.path, status: res.status, code: res.body?.error?.code }).toEqual({ path: ep.path, status: 401, code: 'AUTH_REQUIRED' });
        expectCodedError(res, ep.path);
      }
    }
    expect(gets.filter((e) => PUBLIC_GETS.includes(e.path))).toHaveLength(PUBLIC_GETS.length);
  });

  it('every non-public write is 401 AUTH_REQUIRED without a session', async () => {
    const before = await counts();
    const anonymous = new ApiClient(system);
    for (const ep of endpoints.filter((e) => !PUBLIC_WRITES.includes(`${e.method} ${e.path}`))) {
      const res = await sendJson(anonymous, ep.method, fill(ep.path, UNKNOWN_ID), {});
      expect({ ep: `${ep.method} ${ep.path}`, status: res.status, code: res.body?.error?.code }).toEqual({ ep: `${ep.method} ${ep.path}`, status: 401, code: 'AUTH_REQUIRED' });
    }
    expect(endpoints.filter((e) => PUBLIC_WRITES.includes(`${e.method} ${e.path}`))).toHaveLength(PUBLIC_WRITES.length);
    expect(await counts()).toEqual(before);
  });

  it('every signed-in write without (or with a wrong) x-csrf-token is 403 AUTH_CSRF_INVALID', async () => {
    const client = await loggedIn(system, ADMIN.username, ADMIN.password);
    const wrong = await loggedIn(system, ADMIN.username, ADMIN.password);
    client.forgetCsrf();
    const before = await counts();
    for (const ep of endpoints.filter((e) => !PUBLIC_WRITES.includes(`${e.method} ${e.path}`))) {
      const name = `${ep.method} ${ep.path}`;
      const body = ep.path === '/api/regions' ? { code: 'CSRF', name: '跨站' } : {};
      const res = await sendJson(client, ep.method, fill(ep.path, UNKNOWN_ID), body);
      expect({ name, status: res.status, code: res.body?.error?.code }).toEqual({ name, status: 403, code: 'AUTH_CSRF_INVALID' });
      const forged = await sendJson(wrong, ep.method, fill(ep.path, UNKNOWN_ID), body, { 'x-csrf-token': 'forged' });
      expect({ name, status: forged.status, code: forged.body?.error?.code }).toEqual({ name, status: 403, code: 'AUTH_CSRF_INVALID' });
    }
    expect(await counts()).toEqual(before);
    // the same session with the header works
    const ok = await wrong.post('/api/regions', { code: 'CSRF', name: '跨站' });
    expect(ok.status).toBe(201);
  });
});

describe('error messages follow Accept-Language; codes do not', () => {
  it('a validation error and a not-found error in zh-CN and en-US', async () => {
    const zh = await loggedIn(system, ADMIN.username, ADMIN.password);
    const en = await loggedIn(system, ADMIN.username, ADMIN.password);
    en.lang = 'en-US';
    for (const bad of [{ code: 12345, name: '华东' }, { name: '华东' }, { code: 'R 1', name: '华东' }, null]) {
      const zhRes = await zh.post('/api/regions', bad);
      const enRes = await en.post('/api/regions', bad);
      expect([zhRes.status, enRes.status]).toEqual([400, 400]);
      expect(zhRes.body.error.code).toBe('VALIDATION_FAILED');
      expect(enRes.body.error.code).toBe('VALIDATION_FAILED');
      expect(zhRes.body.error.field).toBe(enRes.body.error.field);
      expect(zhRes.body.error.message).not.toBe(enRes.body.error.message);
      expect(zhRes.body.error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(enRes.body.error.message).not.toMatch(/[\u4e00-\u9fff]/);
    }
    const missing = await en.post('/api/regions', { name: '华东' });
    expect(missing.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'code', message: 'code is required' });
    const missingZh = await zh.post('/api/regions', { name: '华东' });
    expect(missingZh.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'code', message: 'code 必填' });

    const zhMissing = await zh.get(`/api/stores/${UNKNOWN_ID}`);
    const enMissing = await en.get(`/api/stores/${UNKNOWN_ID}`);
    expect(zhMissing.body.error).toEqual({ code: 'ORG_STORE_NOT_FOUND', message: '门店不存在', field: 'id' });
    expect(enMissing.body.error).toEqual({ code: 'ORG_STORE_NOT_FOUND', message: 'Store not found', field: 'id' });

    const anonymousEn = new ApiClient(system);
    anonymousEn.lang = 'en-US,en;q=0.9';
    expect((await anonymousEn.get('/api/auth/me')).body.error).toEqual({ code: 'AUTH_REQUIRED', message: 'Please sign in' });
    const anonymousZh = new ApiClient(system);
    anonymousZh.lang = 'fr-FR';
    expect((await anonymousZh.get('/api/auth/me')).body.error).toEqual({ code: 'AUTH_REQUIRED', message: '请先登录' });
  });

  it('a field of the wrong type is reported as the wrong type, not as missing', async () => {
    const zh = await loggedIn(system, ADMIN.username, ADMIN.password);
    const en = await loggedIn(system, ADMIN.username, ADMIN.password);
    en.lang = 'en-US';
    const bad = { code: 12345, name: '华东' };
    const enRes = await en.post('/api/regions', bad);
    const zhRes = await zh.post('/api/regions', bad);
    expect(enRes.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'code', message: 'code must be a string' });
    expect(zhRes.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'code', message: 'code 类型不正确，应为 string' });
  });
});
