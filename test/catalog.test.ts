import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fenToYuan, yuanToFen } from '../src/modules/catalog/catalog.import';
import { parseCsv, parseXlsx } from '../src/platform/spreadsheets';
import { systemActor } from '../src/platform/context';
import { ApiClient, loggedIn } from './support/api-client';
import { closeTestSystem } from './support/close';
import { countRows } from './support/db-inspect';
import { createRole, createStaff, createStore } from './support/fixtures';
import { addMerchant, ADMIN, createTestSystem, type TestSystem } from './support/test-system';

const CATALOG_TABLES = ['product_categories', 'products', 'product_level_prices', 'product_special_prices', 'product_package_items', 'product_count_card_items', 'product_store_settings'] as const;
const UNKNOWN_ID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
const CSV_HEADER = '编码,条码,名称,分类编码,类型,单位,标价,允许会员折扣,积分';

let system: TestSystem;
let admin: ApiClient;
let raw: RawClient;
let storeA: { id: string };
let storeB: { id: string };
let gold: string;
let silver: string;
let drinks: { id: string; code: string };
let seq = 0;
const code = (prefix = 'P') => `${prefix}${++seq}`;

/** app.inject with the session cookies, returning the raw body (file uploads and downloads). */
class RawClient {
  private cookie = '';
  private csrf = '';
  async login(username: string, password: string) {
    const res = await system.app.inject({ method: 'POST', url: '/api/auth/login', payload: { merchantCode: 'm1', username, password } });
    const cookies = res.cookies as { name: string; value: string }[];
    this.cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    this.csrf = cookies.find((c) => c.name === 'csrf')?.value ?? '';
    return this;
  }
  async send(method: 'GET' | 'POST', url: string, payload?: Buffer, contentType?: string) {
    const res = await system.app.inject({
      method,
      url,
      payload: payload as never,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, 'accept-language': 'zh-CN', ...(contentType ? { 'content-type': contentType } : {}) },
    });
    return { status: res.statusCode, headers: res.headers, raw: res.rawPayload, json: () => JSON.parse(res.body) };
  }
  upload(data: Buffer | string, contentType = 'text/csv') {
    return this.send('POST', '/api/products/import', Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8'), contentType);
  }
}

async function product(body: Record<string, unknown>) {
  const res = await admin.post('/api/products', { code: code(), name: '商品', kind: 'goods', listPriceFen: 1000, ...body });
  if (res.status !== 201) throw new Error(`product: ${JSON.stringify(res.body)}`);
  return res.body;
}

async function catalogCounts() {
  return countRows(system.db.kysely, CATALOG_TABLES, system.merchantId);
}

async function facts(storeId: string, ids: string[], at: string, levelId: string | null) {
  return system.services.catalog.priceFacts(system.db.kysely, system.merchantId, storeId, ids, new Date(at), levelId);
}

beforeAll(async () => {
  system = await createTestSystem();
  admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  raw = await new RawClient().login(ADMIN.username, ADMIN.password);
  storeA = await createStore(admin, { name: 'A店' });
  storeB = await createStore(admin, { name: 'B店' });
  silver = (await admin.post('/api/member-levels', { code: 'silver', name: '银卡', rank: 1, upgradeThreshold: 100_000, discountBp: 8000 })).body.id;
  gold = (await admin.post('/api/member-levels', { code: 'gold', name: '金卡', rank: 2, upgradeThreshold: 500_000, discountBp: 9000 })).body.id;
  const res = await admin.post('/api/product-categories', { code: 'drinks', name: '饮品', sort: 1 });
  expect(res.status).toBe(201);
  drinks = res.body;
});
afterAll(() => closeTestSystem(system));

describe('categories', () => {
  it('two levels, unique codes, coded errors', async () => {
    const tea = await admin.post('/api/product-categories', { code: 'tea', name: '茶', parentId: drinks.id });
    expect(tea.status).toBe(201);
    expect(tea.body).toMatchObject({ code: 'tea', parentId: drinks.id, status: 'active', productCount: 0 });
    const deeper = await admin.post('/api/product-categories', { code: 'green', name: '绿茶', parentId: tea.body.id });
    expect(deeper.body.error).toMatchObject({ code: 'CATALOG_CATEGORY_NESTING', field: 'parentId' });
    const dup = await admin.post('/api/product-categories', { code: 'tea', name: '茶2' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'CODE_TAKEN', field: 'code' });
    const unknown = await admin.post('/api/product-categories', { code: 'x1', name: 'x', parentId: UNKNOWN_ID });
    expect(unknown.body.error).toMatchObject({ code: 'CATALOG_CATEGORY_NOT_FOUND', field: 'parentId' });
    // a parent cannot itself get a parent
    const other = (await admin.post('/api/product-categories', { code: 'food', name: '食品' })).body;
    const moveParent = await admin.patch(`/api/product-categories/${drinks.id}`, { parentId: other.id });
    expect(moveParent.body.error).toMatchObject({ code: 'CATALOG_CATEGORY_NESTING', field: 'parentId' });
    const renamed = await admin.patch(`/api/product-categories/${other.id}`, { name: '食品类', sort: 5 });
    expect(renamed.body).toMatchObject({ name: '食品类', sort: 5 });
    const list = await admin.get('/api/product-categories');
    expect(list.body.items.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['drinks', 'tea', 'food']));
    const audit = await admin.get(`/api/audit?entityId=${other.id}&action=product_category.update`);
    expect(audit.body.items[0].summary.before).toMatchObject({ name: '食品' });
    expect(audit.body.items[0].summary.after).toMatchObject({ name: '食品类' });
  });
});

describe('products of every kind', () => {
  it('creates goods, services, packages, count cards and timed items with their details', async () => {
    const cola = await product({
      name: '可乐',
      barcode: '6901234567890',
      categoryId: drinks.id,
      unit: '瓶',
      listPriceFen: 350,
      memberDiscountAllowed: false,
      levelPrices: [{ levelId: gold, priceFen: 300 }],
      specialPrices: [{ priceFen: 250, startsAt: '2026-11-20T00:00:00+08:00', endsAt: '2026-11-30T00:00:00+08:00', storeId: storeA.id }],
      pointsMode: 'rate',
      pointsRateBp: 20_000,
      commissionRateBp: 200,
      stockTracked: true,
    });
    expect(cola).toMatchObject({
      kind: 'goods',
      barcode: '6901234567890',
      categoryName: '饮品',
      unit: '瓶',
      memberDiscountAllowed: false,
      pointsMode: 'rate',
      pointsRateBp: 20_000,
      commissionRateBp: 200,
      commissionFixedFen: null,
      stockTracked: true,
      status: 'active',
      levelPrices: [{ levelId: gold, priceFen: 300 }],
      specialPrices: [{ priceFen: 250, startsAt: '2026-11-19T16:00:00.000Z', endsAt: '2026-11-29T16:00:00.000Z', storeId: storeA.id }],
      packageItems: [],
      countCardItems: [],
      timeSettings: null,
      storeSettings: [],
    });
    const haircut = await product({ name: '剪发', kind: 'service', unit: '次', listPriceFen: 3000 });
    const scalp = await product({ name: '头皮护理', kind: 'service', unit: '次', listPriceFen: 8000 });
    const pkg = await product({ name: '洗剪吹套餐', kind: 'package', unit: '套', listPriceFen: 9900, packageItems: [{ productId: cola.id, quantity: 2 }, { productId: haircut.id, quantity: 1 }] });
    expect(pkg.packageItems).toEqual([
      { productId: cola.id, code: cola.code, name: '可乐', kind: 'goods', quantity: 2 },
      { productId: haircut.id, code: haircut.code, name: '剪发', kind: 'service', quantity: 1 },
    ]);
    // RULES R6: 10 haircuts valid 90 days + 2 scalp treatments valid 180 days
    const card = await product({
      name: '美发计次卡',
      kind: 'count_card',
      unit: '张',
      listPriceFen: 30_000,
      countCardItems: [{ serviceProductId: haircut.id, uses: 10, validityDays: 90 }, { serviceProductId: scalp.id, uses: 2, validityDays: 180 }],
    });
    expect(card.countCardItems).toEqual([
      { serviceProductId: haircut.id, code: haircut.code, name: '剪发', uses: 10, validityDays: 90 },
      { serviceProductId: scalp.id, code: scalp.code, name: '头皮护理', uses: 2, validityDays: 180 },
    ]);
    // RULES R7: ¥30/h, 15 min units, 5 min grace by default
    const billiards = await product({ name: '台球', kind: 'timed', unit: '小时', listPriceFen: 3000, timeSettings: { ratePerHourFen: 3000 } });
    expect(billiards.timeSettings).toEqual({ ratePerHourFen: 3000, unitMinutes: 15, graceMinutes: 5, capFen: null });
    const got = await admin.get(`/api/products/${card.id}`);
    expect(got.body).toEqual(card);
  });

  it('refuses bad products with stable codes and fields, writing nothing', async () => {
    const goods = await product({ barcode: 'BC-001' });
    const service = await product({ kind: 'service' });
    const archived = await product({});
    await admin.patch(`/api/products/${archived.id}`, { status: 'archived' });
    const pkg = await product({ kind: 'package', packageItems: [{ productId: goods.id, quantity: 1 }] });
    const before = await catalogCounts();
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ code: goods.code }, 409, 'CODE_TAKEN', 'code'],
      [{ barcode: 'BC-001' }, 409, 'CATALOG_BARCODE_TAKEN', 'barcode'],
      [{ categoryId: UNKNOWN_ID }, 404, 'CATALOG_CATEGORY_NOT_FOUND', 'categoryId'],
      [{ levelPrices: [{ levelId: gold, priceFen: 1 }, { levelId: UNKNOWN_ID, priceFen: 1 }] }, 404, 'CATALOG_LEVEL_NOT_FOUND', 'levelPrices.1.levelId'],
      [{ levelPrices: [{ levelId: gold, priceFen: 1 }, { levelId: gold, priceFen: 2 }] }, 400, 'CATALOG_LEVEL_REPEATED', 'levelPrices.1.levelId'],
      [{ specialPrices: [{ priceFen: 1, startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' }] }, 400, 'CATALOG_SPECIAL_WINDOW_INVALID', 'specialPrices.0.endsAt'],
      [{ specialPrices: [{ priceFen: 1, startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-02T00:00:00Z', storeId: UNKNOWN_ID }] }, 404, 'CATALOG_STORE_NOT_FOUND', 'specialPrices.0.storeId'],
      [{ pointsMode: 'rate' }, 400, 'CATALOG_FIELD_REQUIRED', 'pointsRateBp'],
      [{ pointsRateBp: 5000 }, 400, 'CATALOG_FIELD_FORBIDDEN', 'pointsRateBp'],
      [{ kind: 'package' }, 400, 'CATALOG_FIELD_REQUIRED', 'packageItems'],
      [{ kind: 'count_card' }, 400, 'CATALOG_FIELD_REQUIRED', 'countCardItems'],
      [{ kind: 'timed' }, 400, 'CATALOG_FIELD_REQUIRED', 'timeSettings'],
      [{ timeSettings: { ratePerHourFen: 100 } }, 400, 'CATALOG_FIELD_FORBIDDEN', 'timeSettings'],
      [{ packageItems: [{ productId: goods.id, quantity: 1 }] }, 400, 'CATALOG_FIELD_FORBIDDEN', 'packageItems'],
      [{ kind: 'package', packageItems: [{ productId: UNKNOWN_ID, quantity: 1 }] }, 400, 'CATALOG_ITEMS_INVALID', 'packageItems.0.productId'],
      [{ kind: 'package', packageItems: [{ productId: archived.id, quantity: 1 }] }, 400, 'CATALOG_ITEMS_INVALID', 'packageItems.0.productId'],
      [{ kind: 'package', packageItems: [{ productId: pkg.id, quantity: 1 }] }, 400, 'CATALOG_ITEMS_INVALID', 'packageItems.0.productId'],
      [{ kind: 'package', packageItems: [{ productId: goods.id, quantity: 1 }, { productId: goods.id, quantity: 2 }] }, 400, 'CATALOG_ITEMS_INVALID', 'packageItems.1.productId'],
      [{ kind: 'count_card', countCardItems: [{ serviceProductId: goods.id, uses: 1, validityDays: 1 }] }, 400, 'CATALOG_ITEMS_INVALID', 'countCardItems.0.serviceProductId'],
      [{ kind: 'count_card', countCardItems: [{ serviceProductId: service.id, uses: 0, validityDays: 1 }] }, 400, 'VALIDATION_FAILED', 'countCardItems.0.uses'],
      [{ listPriceFen: -1 }, 400, 'VALIDATION_FAILED', 'listPriceFen'],
      [{ kind: 'bundle' }, 400, 'VALIDATION_FAILED', 'kind'],
    ];
    for (const [body, status, errCode, field] of cases) {
      const res = await admin.post('/api/products', { code: code(), name: '坏', kind: 'goods', listPriceFen: 100, ...body });
      expect({ body, status: res.status, code: res.body.error?.code, field: res.body.error?.field }).toEqual({ body, status, code: errCode, field });
    }
    // the same rules on a change
    const change = await admin.patch(`/api/products/${service.id}`, { barcode: 'BC-001' });
    expect(change.body.error).toMatchObject({ code: 'CATALOG_BARCODE_TAKEN', field: 'barcode' });
    const toPackage = await admin.patch(`/api/products/${goods.id}`, { kind: 'package', packageItems: [{ productId: service.id, quantity: 1 }] });
    expect(toPackage.body.error).toMatchObject({ code: 'CATALOG_ITEMS_INVALID', field: 'kind', details: { reason: 'used_as_item' } });
    await product({ kind: 'count_card', countCardItems: [{ serviceProductId: service.id, uses: 1, validityDays: 1 }] });
    const serviceToGoods = await admin.patch(`/api/products/${service.id}`, { kind: 'goods' });
    expect(serviceToGoods.body.error).toMatchObject({ code: 'CATALOG_ITEMS_INVALID', field: 'kind', details: { reason: 'used_as_item' } });
    const cardCounts = await catalogCounts();
    expect(cardCounts).toEqual({ ...before, products: (before.products ?? 0) + 1, product_count_card_items: (before.product_count_card_items ?? 0) + 1 });
    const unknown = await admin.patch(`/api/products/${UNKNOWN_ID}`, {});
    expect(unknown.body.error).toMatchObject({ code: 'CATALOG_PRODUCT_NOT_FOUND', field: 'id' });
  });

  it('changes a product: lists replace, a new kind drops the old parts, every change is audited', async () => {
    const svc = await product({ kind: 'service' });
    const p = await product({ kind: 'count_card', countCardItems: [{ serviceProductId: svc.id, uses: 5, validityDays: 30 }], pointsMode: 'rate', pointsRateBp: 5000 });
    const res = await admin.patch(`/api/products/${p.id}`, { kind: 'timed', timeSettings: { ratePerHourFen: 6000, unitMinutes: 30, graceMinutes: 0, capFen: 20_000 }, pointsMode: 'excluded' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'timed', countCardItems: [], pointsMode: 'excluded', pointsRateBp: null, timeSettings: { ratePerHourFen: 6000, unitMinutes: 30, graceMinutes: 0, capFen: 20_000 } });
    const specials = await admin.patch(`/api/products/${p.id}`, { specialPrices: [{ priceFen: 100, startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-02T00:00:00Z', storeId: null }] });
    expect(specials.body.specialPrices).toHaveLength(1);
    expect(specials.body.timeSettings).toMatchObject({ ratePerHourFen: 6000 });
    const audit = await admin.get(`/api/audit?entityId=${p.id}&action=product.update`);
    expect(audit.body.total).toBe(2);
    const first = audit.body.items.find((i: { summary: { after: { kind: string; specialPrices: unknown[] } } }) => i.summary.after.specialPrices.length === 0);
    expect(first.summary.before).toMatchObject({ kind: 'count_card' });
    expect(first.summary.after).toMatchObject({ kind: 'timed' });
  });

  it('keeps custom fields of the product entity', async () => {
    expect((await admin.post('/api/custom-fields', { entity: 'product', key: 'origin', label: '产地', type: 'text' })).status).toBe(201);
    const p = await product({ customFields: { origin: '云南' } });
    expect(p.customFields).toEqual({ origin: '云南' });
    const bad = await admin.post('/api/products', { code: code(), name: 'x', kind: 'goods', listPriceFen: 1, customFields: { origin: 5 } });
    expect(bad.body.error).toMatchObject({ code: 'FIELD_VALUE_INVALID', field: 'customFields.origin' });
  });
});

describe('queries', () => {
  it('lists with search, category (with sub-categories), kind, status and sort; the scanner finds by barcode or code', async () => {
    const juice = (await admin.post('/api/product-categories', { code: 'juice', name: '果汁', parentId: drinks.id })).body;
    const a = await product({ name: '橙汁饮料', categoryId: juice.id, barcode: '6900000000011', listPriceFen: 800 });
    const b = await product({ name: '苹果汁饮料', categoryId: drinks.id, listPriceFen: 600 });
    const c = await product({ name: '旧橙汁饮料', categoryId: juice.id });
    await admin.patch(`/api/products/${c.id}`, { status: 'archived' });
    const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((i) => i.id);
    expect(ids(await admin.get(`/api/products?q=${encodeURIComponent('橙汁')}`))).toEqual([a.id]);
    expect(ids(await admin.get(`/api/products?q=${encodeURIComponent('橙汁')}&status=all`)).sort()).toEqual([a.id, c.id].sort());
    expect(ids(await admin.get('/api/products?q=6900000000011'))).toEqual([a.id]);
    expect(ids(await admin.get(`/api/products?q=${a.code}`))).toEqual([a.id]);
    const byCategory = await admin.get(`/api/products?categoryId=${drinks.id}&sort=listPriceFen&order=desc&pageSize=500`);
    expect(ids(byCategory)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(ids(byCategory).indexOf(a.id)).toBeLessThan(ids(byCategory).indexOf(b.id));
    expect(ids(await admin.get(`/api/products?categoryId=${juice.id}`))).toEqual([a.id]);
    const services = await admin.get('/api/products?kind=service&pageSize=500');
    expect(services.body.items.every((i: { kind: string }) => i.kind === 'service')).toBe(true);
    const page = await admin.get('/api/products?pageSize=2&page=1');
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThan(2);

    expect((await admin.get('/api/products/barcode/6900000000011')).body.id).toBe(a.id);
    expect((await admin.get(`/api/products/barcode/${a.code}`)).body.id).toBe(a.id);
    const none = await admin.get('/api/products/barcode/0000');
    expect(none.status).toBe(404);
    expect(none.body.error).toMatchObject({ code: 'CATALOG_PRODUCT_NOT_FOUND', field: 'code' });
    expect((await admin.get(`/api/products/${UNKNOWN_ID}`)).body.error.code).toBe('CATALOG_PRODUCT_NOT_FOUND');
  });
});

describe('per-store settings and price facts', () => {
  it('RULES R2 inputs: level price, special price in its window, store override and availability', async () => {
    // list ¥100, Gold member price ¥88, special ¥85 this week everywhere, ¥70 at store B only on 11-27
    const p = await product({
      listPriceFen: 10_000,
      levelPrices: [{ levelId: gold, priceFen: 8800 }],
      specialPrices: [
        { priceFen: 8500, startsAt: '2026-11-23T00:00:00+08:00', endsAt: '2026-11-30T00:00:00+08:00', storeId: null },
        { priceFen: 7000, startsAt: '2026-11-27T00:00:00+08:00', endsAt: '2026-11-28T00:00:00+08:00', storeId: storeB.id },
      ],
    });
    const inWeek = '2026-11-26T10:00:00+08:00';
    const f1 = (await facts(storeA.id, [p.id, UNKNOWN_ID], inWeek, gold)).get(p.id);
    expect(f1).toMatchObject({ listPriceFen: 10_000, baseListPriceFen: 10_000, storePriceFen: null, memberDiscountAllowed: true, levelPriceFen: 8800, specialPriceFen: 8500, available: true, sellable: true, kind: 'goods', pointsMode: 'default' });
    expect((await facts(storeA.id, [p.id], inWeek, silver)).get(p.id)?.levelPriceFen).toBeNull();
    expect((await facts(storeA.id, [p.id], inWeek, null)).get(p.id)?.levelPriceFen).toBeNull();
    expect((await facts(storeB.id, [p.id], '2026-11-27T12:00:00+08:00', null)).get(p.id)?.specialPriceFen).toBe(7000);
    expect((await facts(storeA.id, [p.id], '2026-11-27T12:00:00+08:00', null)).get(p.id)?.specialPriceFen).toBe(8500);
    // the window is [start, end)
    expect((await facts(storeA.id, [p.id], '2026-11-30T00:00:00+08:00', null)).get(p.id)?.specialPriceFen).toBeNull();
    expect((await facts(storeA.id, [p.id], '2026-11-22T23:59:59+08:00', null)).get(p.id)?.specialPriceFen).toBeNull();
    expect((await facts(storeA.id, [UNKNOWN_ID], inWeek, null)).size).toBe(0);

    const setA = await admin.request('PUT', `/api/products/${p.id}/store-settings`, { storeId: storeA.id, available: true, priceFen: 9000 });
    expect(setA.status).toBe(200);
    expect(setA.body).toMatchObject({ storeId: storeA.id, available: true, priceFen: 9000 });
    expect((await admin.request('PUT', `/api/products/${p.id}/store-settings`, { storeId: storeB.id, available: false })).status).toBe(200);
    const inA = (await facts(storeA.id, [p.id], inWeek, gold)).get(p.id);
    expect(inA).toMatchObject({ listPriceFen: 9000, baseListPriceFen: 10_000, storePriceFen: 9000, sellable: true });
    const inB = (await facts(storeB.id, [p.id], inWeek, gold)).get(p.id);
    expect(inB).toMatchObject({ listPriceFen: 10_000, available: false, sellable: false });
    const listed = await admin.get(`/api/products/${p.id}/store-settings`);
    expect(listed.body.items.map((s: { storeId: string }) => s.storeId).sort()).toEqual([storeA.id, storeB.id].sort());
    expect((await admin.get(`/api/products/${p.id}`)).body.storeSettings).toHaveLength(2);
    // back to the default: the row goes
    await admin.request('PUT', `/api/products/${p.id}/store-settings`, { storeId: storeB.id, available: true, priceFen: null });
    expect((await facts(storeB.id, [p.id], inWeek, gold)).get(p.id)).toMatchObject({ available: true, sellable: true });
    const unknownStore = await admin.request('PUT', `/api/products/${p.id}/store-settings`, { storeId: UNKNOWN_ID, available: false });
    expect(unknownStore.body.error).toMatchObject({ code: 'CATALOG_STORE_NOT_FOUND', field: 'storeId' });
    const audit = await admin.get(`/api/audit?entityId=${p.id}&action=product.store_setting`);
    expect(audit.body.total).toBe(3);

    // archived: never sellable, even where available
    await admin.patch(`/api/products/${p.id}`, { status: 'archived' });
    expect((await facts(storeA.id, [p.id], inWeek, gold)).get(p.id)).toMatchObject({ status: 'archived', available: true, sellable: false });
  });

  it('facts carry package and count card items and time settings, inside the caller’s transaction', async () => {
    const svc = await product({ kind: 'service' });
    const card = await product({ kind: 'count_card', countCardItems: [{ serviceProductId: svc.id, uses: 10, validityDays: 90 }], pointsMode: 'excluded' });
    const timed = await product({ kind: 'timed', timeSettings: { ratePerHourFen: 3000, capFen: 10_000 } });
    const pkg = await product({ kind: 'package', packageItems: [{ productId: svc.id, quantity: 3 }] });
    const got = await system.services.writer.run(systemActor(system.merchantId), (w) =>
      system.services.catalog.priceFacts(w.tx, system.merchantId, storeA.id, [card.id, timed.id, pkg.id], new Date('2026-11-26T02:00:00Z'), null),
    );
    expect(got.get(card.id)).toMatchObject({ kind: 'count_card', pointsMode: 'excluded', countCardItems: [{ serviceProductId: svc.id, uses: 10, validityDays: 90 }], packageItems: [], timeSettings: null });
    expect(got.get(timed.id)).toMatchObject({ kind: 'timed', timeSettings: { ratePerHourFen: 3000, unitMinutes: 15, graceMinutes: 5, capFen: 10_000 } });
    expect(got.get(pkg.id)?.packageItems).toEqual([{ productId: svc.id, quantity: 3 }]);
  });

  it('a store-A manager sets store A only', async () => {
    const p = await product({});
    const role = await createRole(admin, { dataScope: 'stores', scopeIds: [storeA.id], permissions: ['catalog.view', 'catalog.store_prices'] });
    const staff = await createStaff(admin, { roleId: role.id, homeStoreId: storeA.id });
    const manager = await loggedIn(system, staff.username, 'Initial#2026');
    await manager.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: 'Staff#2026x' });
    await admin.request('PUT', `/api/products/${p.id}/store-settings`, { storeId: storeB.id, available: false });
    const ok = await manager.request('PUT', `/api/products/${p.id}/store-settings`, { storeId: storeA.id, available: false });
    expect(ok.status).toBe(200);
    const before = await catalogCounts();
    const other = await manager.request('PUT', `/api/products/${p.id}/store-settings`, { storeId: storeB.id, available: true, priceFen: 1 });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('AUTH_STORE_FORBIDDEN');
    expect(await catalogCounts()).toEqual(before);
    const seen = await manager.get(`/api/products/${p.id}/store-settings`);
    expect(seen.body.items.map((s: { storeId: string }) => s.storeId)).toEqual([storeA.id]);
    expect((await manager.get(`/api/products/${p.id}`)).body.storeSettings.map((s: { storeId: string }) => s.storeId)).toEqual([storeA.id]);
    // no catalog.manage: cannot edit the product itself
    expect((await manager.patch(`/api/products/${p.id}`, { name: '改' })).body.error.code).toBe('AUTH_FORBIDDEN');
  });
});

describe('import and export', () => {
  it('a file with a bad row reports every problem and writes nothing; the fixed file imports', async () => {
    const existing = await product({ name: '旧名', kind: 'goods', listPriceFen: 100, barcode: 'OLD-1' });
    const before = await catalogCounts();
    const bad = [
      CSV_HEADER,
      `${existing.code},OLD-1,新名,drinks,goods,瓶,12.50,Y,default`,
      'IMP-1,IMP-BC-1,洗车,,service,次,30,N,excluded',
      'IMP-2,,坏价格,nocat,package,件,12.345,maybe,rate',
      'IMP-1,IMP-BC-1,重复,,goods,件,1,Y,rate:20000',
    ].join('\n');
    const res = await raw.upload(bad);
    expect(res.status).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('CATALOG_IMPORT_INVALID');
    const errs = body.error.details.errors.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code]);
    expect(errs).toEqual([
      [4, 'categoryCode', 'CATALOG_CATEGORY_NOT_FOUND'],
      [4, 'kind', 'CATALOG_IMPORT_KIND_UNSUPPORTED'],
      [4, 'listPrice', 'CATALOG_IMPORT_VALUE_INVALID'],
      [4, 'memberDiscountAllowed', 'CATALOG_IMPORT_VALUE_INVALID'],
      [5, 'code', 'CATALOG_IMPORT_DUPLICATE'],
      [5, 'barcode', 'CATALOG_IMPORT_DUPLICATE'],
    ]);
    expect(body.error.details.errors[0].message).toBe('商品分类不存在');
    expect(body.error.details.errors[2].message).toBe('标价 的值无效：12.345');
    expect(await catalogCounts()).toEqual(before);

    const good = [CSV_HEADER, `${existing.code},OLD-1,新名,drinks,goods,瓶,12.50,Y,default`, 'IMP-1,IMP-BC-1,洗车,,service,次,30,N,excluded', 'IMP-2,,会员水,,商品,件,0.5,是,rate:20000'].join('\n');
    const ok = await raw.upload(good);
    expect(ok.status, ok.raw.toString()).toBe(200);
    expect(ok.json()).toEqual({ created: 2, updated: 1 });
    expect((await admin.get(`/api/products/${existing.id}`)).body).toMatchObject({ name: '新名', categoryId: drinks.id, unit: '瓶', listPriceFen: 1250, memberDiscountAllowed: true });
    expect((await admin.get('/api/products/barcode/IMP-BC-1')).body).toMatchObject({ code: 'IMP-1', kind: 'service', listPriceFen: 3000, memberDiscountAllowed: false, pointsMode: 'excluded' });
    expect((await admin.get('/api/products/barcode/IMP-2')).body).toMatchObject({ listPriceFen: 50, pointsMode: 'rate', pointsRateBp: 20_000 });
    const audit = await admin.get(`/api/audit?entityId=${existing.id}&action=product.import_update`);
    expect(audit.body.items[0].summary).toMatchObject({ before: { name: '旧名' }, after: { name: '新名' } });

    // a package cannot be changed by import
    const svc = await product({ kind: 'service' });
    const pkg = await product({ kind: 'package', packageItems: [{ productId: svc.id, quantity: 1 }] });
    const noPkg = await raw.upload([CSV_HEADER, `${pkg.code},,套餐,,goods,件,1,Y,default`].join('\n'));
    expect(noPkg.json().error.details.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([['kind', 'CATALOG_IMPORT_KIND_UNSUPPORTED']]);
    // a JSON body is not a file
    const json = await admin.post('/api/products/import', { code: 'x' });
    expect(json.status).toBe(415);
  });

  it('export (CSV and xlsx) round-trips through the import unchanged', async () => {
    await product({ code: 'RT-1', name: '=SUM(1)', barcode: 'RT-BC', categoryId: drinks.id, listPriceFen: 1999, memberDiscountAllowed: false, pointsMode: 'rate', pointsRateBp: 15_000 });
    const csv = await raw.send('GET', '/api/products/export?format=csv');
    expect(csv.status).toBe(200);
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    const table = parseCsv(csv.raw);
    expect(table.headers.join(',')).toBe(CSV_HEADER);
    const row = table.rows.find((r) => r.cells[0] === 'RT-1');
    expect(row?.cells).toEqual(['RT-1', 'RT-BC', '=SUM(1)', 'drinks', 'goods', '件', '19.99', 'N', 'rate:15000']);
    const xlsx = await raw.send('GET', '/api/products/export?format=xlsx');
    const sheet = await parseXlsx(xlsx.raw);
    expect(sheet.headers).toEqual(table.headers);
    expect(sheet.rows.map((r) => r.cells)).toEqual(table.rows.map((r) => r.cells));

    const listBefore = (await admin.get('/api/products?status=all&pageSize=500')).body.items.map(({ updatedAt: _u, ...rest }: { updatedAt: string }) => rest);
    // an archived category stays on the products already in it
    await admin.patch(`/api/product-categories/${drinks.id}`, { status: 'archived' });
    const again = await raw.upload(xlsx.raw, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(again.status, again.raw.toString()).toBe(200);
    expect(again.json()).toEqual({ created: 0, updated: table.rows.length });
    const newInArchived = await raw.upload([CSV_HEADER, 'RT-NEW,,新品,drinks,goods,件,1,Y,default'].join('\n'));
    expect(newInArchived.json().error.details.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([['categoryCode', 'CATALOG_CATEGORY_ARCHIVED']]);
    await admin.patch(`/api/product-categories/${drinks.id}`, { status: 'active' });
    const againCsv = await raw.upload(csv.raw);
    expect(againCsv.json()).toEqual({ created: 0, updated: table.rows.length });
    const listAfter = (await admin.get('/api/products?status=all&pageSize=500')).body.items.map(({ updatedAt: _u, ...rest }: { updatedAt: string }) => rest);
    expect(listAfter).toEqual(listBefore);
  });

  it('two products can swap barcodes in one file', async () => {
    const a = await product({ barcode: 'SW-A' });
    const b = await product({ barcode: 'SW-B' });
    const res = await raw.upload([CSV_HEADER, `${a.code},SW-B,甲,,goods,件,1,Y,default`, `${b.code},SW-A,乙,,goods,件,1,Y,default`].join('\n'));
    expect(res.json()).toEqual({ created: 0, updated: 2 });
    expect((await admin.get('/api/products/barcode/SW-A')).body.id).toBe(b.id);
  });
});

describe('yuan in files', () => {
  it('converts without floating point', () => {
    expect([yuanToFen('0.1'), yuanToFen('19.99'), yuanToFen('¥1,234.5'), yuanToFen('12'), yuanToFen('1.234'), yuanToFen('-1'), yuanToFen('abc')]).toEqual([10, 1999, 123_450, 1200, null, null, null]);
    expect([fenToYuan(5), fenToYuan(1999), fenToYuan(100_000)]).toEqual(['0.05', '19.99', '1000.00']);
  });
});

describe('the xlsx reader sees what the export wrote', () => {
  it('an import template made by hand in Excel imports', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('商品');
    ws.addRow(['code', 'name', 'listPrice', 'kind']);
    ws.addRow(['XL-1', '手工表', 12.5, 'service']);
    const res = await raw.upload(Buffer.from(await wb.xlsx.writeBuffer()), 'application/octet-stream');
    expect(res.json()).toEqual({ created: 1, updated: 0 });
    expect((await admin.get('/api/products/barcode/XL-1')).body).toMatchObject({ listPriceFen: 1250, kind: 'service', unit: '件' });
  });
});

describe('tenancy', () => {
  it('another merchant cannot see, change, scan or price this merchant’s products', async () => {
    const p = await product({ barcode: 'TEN-1' });
    const merchantB = await addMerchant(system, 'm2');
    const other = await loggedIn(system, ADMIN.username, ADMIN.password, 'm2');
    const storeOfB = await createStore(other, { name: 'B商户店' });
    const before = await catalogCounts();
    expect((await other.get(`/api/products/${p.id}`)).body.error.code).toBe('CATALOG_PRODUCT_NOT_FOUND');
    expect((await other.get('/api/products/barcode/TEN-1')).status).toBe(404);
    expect((await other.get('/api/products')).body.total).toBe(0);
    expect((await other.get('/api/product-categories')).body.items).toEqual([]);
    expect((await other.patch(`/api/products/${p.id}`, { name: '偷改' })).status).toBe(404);
    expect((await other.request('PUT', `/api/products/${p.id}/store-settings`, { storeId: storeOfB.id, available: false })).status).toBe(404);
    expect((await other.patch(`/api/product-categories/${drinks.id}`, { name: '偷改' })).status).toBe(404);
    // its own product may reuse the code and barcode
    const own = await other.post('/api/products', { code: p.code, barcode: 'TEN-1', name: '自己的', kind: 'goods', listPriceFen: 1, categoryId: drinks.id });
    expect(own.body.error).toMatchObject({ code: 'CATALOG_CATEGORY_NOT_FOUND', field: 'categoryId' });
    expect((await other.post('/api/products', { code: p.code, barcode: 'TEN-1', name: '自己的', kind: 'goods', listPriceFen: 1 })).status).toBe(201);
    const priced = await system.services.catalog.priceFacts(system.db.kysely, merchantB, storeOfB.id, [p.id], new Date(), null);
    expect(priced.size).toBe(0);
    expect(await catalogCounts()).toEqual(before);
  });
});
