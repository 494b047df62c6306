import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PropSchema } from './support/bad-values';
import { ApiClient, loggedIn } from './support/api-client';
import { closeTestSystem } from './support/close';
import { merchantSnapshot } from './support/db-inspect';
import { ADMIN, addMerchant, createTestSystem, type TestSystem } from './support/test-system';

// Every endpoint, given ids of another merchant's records — in its path or in any *Id field of a
// body that is otherwise valid — never answers with that record, never fails with a 5xx, and
// changes nothing of the other merchant.
// test/tenancy.test.ts checks the organisation's endpoints one by one with exact codes; this walks
// the whole OpenAPI document, so a module added later is covered without writing a line here.

interface Endpoint {
  method: string;
  path: string;
  params: string[];
  body: (PropSchema & { properties: Record<string, PropSchema>; pattern?: string; minItems?: number; minLength?: number }) | null;
}
type Schema = PropSchema & { pattern?: string; minItems?: number; minLength?: number; format?: string };

/** Writes that answer the same to anyone by design, and the raw-file uploads (covered by their own tests). */
const SKIPPED = new Set(['POST /api/auth/logout', 'POST /api/member-imports', 'POST /api/points-imports', 'POST /api/products/import']);

let system: TestSystem;
let mine: ApiClient;
let merchantB: string;
/** one id of each of merchant B's tables that has ids */
let theirIds: string[] = [];

/** A value a schema accepts, with `id()` wherever an id goes, so only the ids can be wrong. */
function sample(schema: Schema | undefined, key: string, id: () => string): unknown {
  if (!schema) return undefined;
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives) return sample(alternatives.find((a) => a.type !== 'null') ?? alternatives[0], key, id);
  if (schema.enum) return schema.enum.find((v) => v !== null);
  const type = [schema.type].flat()[0];
  if (type === 'array') return (schema.minItems ?? 0) > 0 || /Ids$/.test(key) ? [sample(schema.items as Schema, key.replace(/s$/, ''), id)] : [];
  if (type === 'object') {
    const props = schema.properties ?? {};
    const keys = Object.keys(props).filter((k) => (schema.required ?? []).includes(k) || /Ids?$/.test(k));
    return Object.fromEntries(keys.map((k) => [k, sample(props[k] as Schema, k, id)]));
  }
  if (type === 'string') {
    if (/Id$/.test(key) || schema.pattern?.includes('0-9A-HJKMNP-TV-Z')) return id();
    if (schema.pattern?.includes('\\d{4}-\\d{2}-\\d{2}')) return '2026-11-26';
    if (schema.format === 'date-time') return '2026-11-26T02:00:00.000Z';
    return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
  }
  if (type === 'integer' || type === 'number') return Math.max(1, schema.minimum ?? 1);
  if (type === 'boolean') return false;
  return null;
}

function fill(path: string, id: string) {
  return path.replace(/\{[^}]+\}/g, encodeURIComponent(id));
}

async function seedMerchantB(api: ApiClient) {
  const ok = async (res: { status: number; body: { id?: string } }) => {
    if (res.status >= 300) throw new Error(JSON.stringify(res.body));
    return res.body;
  };
  const store = await ok(await api.post('/api/stores', { code: 'B1', name: 'B店', kind: 'direct' }));
  await ok(await api.post('/api/auth/switch-store', { storeId: store.id }));
  await ok(await api.post(`/api/stores/${store.id}/tills`, { code: 'T1', name: 'B台' }));
  const level = await ok(await api.post('/api/member-levels', { code: 'b', name: 'B级', rank: 1, upgradeThreshold: 0, discountBp: 9_000, pointsMultiplierBp: 10_000 }));
  const cardType = await ok(await api.post('/api/card-types', { code: 'b', name: 'B卡', validityKind: 'permanent' }));
  const member = await ok(await api.post('/api/members', { name: 'B会员', phone: '13900000001', homeStoreId: store.id, card: { cardTypeId: cardType.id } }));
  await ok(await api.post(`/api/members/${member.id}/level`, { levelId: level.id, reason: '测试' }));
  const category = await ok(await api.post('/api/product-categories', { code: 'bc', name: 'B类' }));
  const product = await ok(await api.post('/api/products', { code: 'BP', name: 'B商品', kind: 'goods', listPriceFen: 10_000, categoryId: category.id, pointsPrice: 100 }));
  const service = await ok(await api.post('/api/products', { code: 'BS', name: 'B服务', kind: 'service', listPriceFen: 5_000 }));
  await ok(await api.post('/api/products', { code: 'BT', name: 'B计时', kind: 'timed', listPriceFen: 0, timeSettings: { ratePerHourFen: 3_000, unitMinutes: 30, graceMinutes: 5, capFen: null } }));
  const rule = await ok(await api.post('/api/topup-rules', { name: 'B充送', storeId: store.id, startsOn: null, endsOn: null, tiers: [{ thresholdFen: 10_000, bonusFen: 1_000, points: 500 }], perEvery: false, installmentMonths: null }));
  await ok(await api.post('/api/topups', { memberId: member.id, amountFen: 10_000, ruleId: rule.id, tenders: [{ method: 'cash', amountFen: 10_000 }] }));
  const template = await ok(
    await api.post('/api/coupon-templates', { name: 'B券', kind: 'cash', valueFen: 1_000, rateBp: null, maxOffFen: null, minSpendFen: 0, validity: { kind: 'days', days: 30 }, weekdays: null, hours: null, productScope: 'all', scopeIds: [], storeIds: null, levelIds: null, perMemberLimit: null, totalQuantity: null }),
  );
  await ok(await api.post('/api/coupon-rules', { name: 'B规则', trigger: 'checkout', templateId: template.id, quantity: 1, minSpendFen: 1, storeIds: null }));
  await ok(await api.post('/api/coupons/issue', { templateId: template.id, target: { kind: 'members', memberIds: [member.id] }, perMember: 2 }));
  const code = (await api.get(`/api/coupons?memberId=${member.id}`)).body.items[0].code as string;
  await ok(await api.post('/api/checkout', { memberId: member.id, lines: [{ productId: product.id, quantity: 2 }], couponCodes: [code], payments: [{ method: 'stored_value', amountFen: 5_000 }, { method: 'cash', amountFen: 12_000 }] }));
  const sale = await ok(await api.post('/api/checkout', { memberId: member.id, lines: [{ productId: service.id, quantity: 1 }], payments: [{ method: 'cash', amountFen: 4_500 }] }));
  await ok(await api.post(`/api/orders/${sale.id}/void`, { reason: '测试' }));
  await ok(await api.post('/api/parked-orders', { label: 'B挂单', cart: { memberId: member.id, lines: [{ productId: product.id, quantity: 1 }] } }));
  const giftCategory = await ok(await api.post('/api/gift-categories', { name: 'B礼品类', sort: 1 }));
  const gift = await ok(await api.post('/api/gifts', { name: 'B礼品', kind: 'goods', pointsPrice: 100, categoryId: giftCategory.id, stock: 5 }));
  await ok(await api.post('/api/gift-redemptions', { memberId: member.id, giftId: gift.id, quantity: 1 }));
  await ok(await api.post('/api/regions', { code: 'BR', name: 'B区' }));
}

beforeAll(async () => {
  system = await createTestSystem();
  merchantB = await addMerchant(system, 'mb');
  mine = await loggedIn(system, ADMIN.username, ADMIN.password);
  await seedMerchantB(await loggedIn(system, ADMIN.username, ADMIN.password, 'mb'));
  const snapshot = await merchantSnapshot(system.db.kysely, merchantB);
  // the snapshot holds each table's rows as JSON text (the merchant row as an object)
  theirIds = Object.entries(snapshot).flatMap(([table, rows]) => {
    const withId = (rows as unknown[]).map((r) => (typeof r === 'string' ? JSON.parse(r) : r) as { id?: unknown }).find((r) => typeof r.id === 'string');
    return table !== 'merchants' && withId ? [withId.id as string] : [];
  });
}, 60_000);
afterAll(() => closeTestSystem(system));

describe('ids of another merchant', () => {
  it('seeded merchant B with records in most tables', () => {
    expect(theirIds.length).toBeGreaterThanOrEqual(30);
  });

  it('are never found: no endpoint answers with the other merchant’s record or a 5xx, and that merchant is unchanged', async () => {
    const spec = (await mine.get('/api/openapi.json')).body as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Endpoint['body'] }> } }>> };
    const endpoints: Endpoint[] = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, params: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? ''), body: op.requestBody?.content['application/json']?.schema ?? null })),
    );
    const theirsBefore = await merchantSnapshot(system.db.kysely, merchantB);
    let tried = 0;
    /** refusals that came from looking the id up, not from the body's shape */
    let refusedById = 0;
    const leaks: string[] = [];
    for (const ep of endpoints.filter((e) => !SKIPPED.has(`${e.method} ${e.path}`) && !e.path.startsWith('/api/public') && !e.path.startsWith('/api/docs'))) {
      for (const theirs of theirIds) {
        const body = ep.method === 'GET' || ep.method === 'DELETE' ? undefined : (sample(ep.body ?? { type: 'object', properties: {} }, '', () => theirs) as Record<string, unknown>);
        const carriesId = ep.params.length > 0 || JSON.stringify(body ?? {}).includes(theirs);
        if (!carriesId) break;
        const url = fill(ep.path, theirs);
        const res = await mine.request(ep.method, url, body === undefined ? undefined : body);
        tried++;
        if (res.status === 404 || res.status === 403 || (res.status === 400 && res.body?.error?.code !== 'VALIDATION_FAILED')) refusedById++;
        // a 2xx is a leak when it answers with the other merchant's record; one that ignored the id (e.g. scopeIds of an all-stores role) is not
        const answered = res.status < 300 && JSON.stringify(res.body ?? '').includes(theirs);
        if (answered || res.status >= 500) leaks.push(`${ep.method} ${url} ${JSON.stringify(body)?.slice(0, 160)} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 160)}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(tried).toBeGreaterThan(1_000);
    expect(refusedById / tried).toBeGreaterThan(0.5);
    expect(await merchantSnapshot(system.db.kysely, merchantB)).toEqual(theirsBefore);
  }, 300_000);
});
