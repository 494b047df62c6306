import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpApi } from './api';
import { launchBrowser, login, newPage } from './browser';
import { E2E_ADMIN } from './global-setup';

const baseUrl = inject('baseUrl');
const suffix = Date.now().toString().slice(-6);
const goldName = `金卡${suffix}`;
const goldCode = `cg${suffix}`;
const serviceName = `洗剪吹${suffix}`;
const categoryName = `洗护${suffix}`;
const categoryCode = `CAT${suffix}`;
const goods = { code: `G${suffix}`, barcode: `69${suffix}12345`, name: `洗发水${suffix}` };
const card = { code: `CC${suffix}`, name: `洗剪吹10次卡${suffix}` };
let browser: Browser;
let admin: HttpApi;
let gold: { id: string };
let service: { id: string };
let store: { id: string; code: string };

beforeAll(async () => {
  browser = await launchBrowser();
  admin = new HttpApi(baseUrl);
  await admin.login(E2E_ADMIN.username, E2E_ADMIN.password);
  gold = await admin.ok('POST', '/api/member-levels', { code: goldCode, name: goldName, rank: 7, upgradeThreshold: 800_000, discountBp: 9000 });
  service = await admin.ok('POST', '/api/products', { code: `S${suffix}`, name: serviceName, kind: 'service', unit: '次', listPriceFen: 6_800 });
  store = await admin.ok('POST', '/api/stores', { code: `P${suffix}`, name: `商品店${suffix}`, kind: 'direct' });
});
afterAll(async () => {
  await browser?.close();
});

/** antd puts data-testid on the input or on its wrapper, depending on prefix/allowClear. */
const textbox = (scope: Page | Locator, testId: string) => scope.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

/** Opens an antd Select and clicks the (first) option with this text in the open dropdown. */
async function pick(page: Page, select: Locator, option: string) {
  await select.click();
  const item = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option }).first();
  await item.waitFor();
  await item.click();
}

/** Saves the drawer's form and waits for it to close; a refusal fails with the errors the form shows. */
async function submitDrawer(page: Page, drawer: Locator) {
  await drawer.getByTestId('product-form-submit').click();
  try {
    await drawer.waitFor({ state: 'hidden', timeout: 10_000 });
  } catch {
    const shown = [...(await drawer.locator('.ant-form-item-explain-error').allInnerTexts()), ...(await page.locator('.ant-message-notice').allInnerTexts())];
    throw new Error(`the product form did not save: ${shown.join(' | ') || '(no error shown)'}`);
  }
}

const rowsText = async (page: Page) => (await page.getByTestId('product-table').locator('.ant-table-row').allInnerTexts()).join('\n');

describe('the catalog as a merchant sets it up', () => {
  it('creates a category, a goods product with a barcode and a member price, finds it by scanning, and creates a count card', async () => {
    const page = await newPage(browser, baseUrl);
    await login(page, E2E_ADMIN.username, E2E_ADMIN.password);
    // the catalog menu group with its two pages
    const menu = (await page.getByTestId('main-menu').locator('.ant-menu-title-content').allInnerTexts()).map((t) => t.trim());
    for (const item of ['商品', '商品与服务', '商品分类']) expect(menu).toContain(item);

    // 1. a category
    await page.goto('/catalog/categories');
    await page.getByTestId('category-new').click();
    const modal = page.locator('.ant-modal').last();
    await textbox(modal, 'category-form-code').fill(categoryCode);
    await textbox(modal, 'category-form-name').fill(categoryName);
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await modal.waitFor({ state: 'hidden' });
    await page.getByTestId('category-table').locator('.ant-table-row').filter({ hasText: categoryName }).first().waitFor();

    // 2. a goods product with a barcode, in the category, with a price for gold members
    await page.goto('/catalog/products');
    await page.getByTestId('product-new').click();
    let drawer = page.locator('.ant-drawer-open').filter({ has: page.getByTestId('product-form-submit') });
    await drawer.waitFor();
    await textbox(drawer, 'product-form-code').fill(goods.code);
    // a scanner types the barcode and presses Enter: that must not submit the form
    await textbox(drawer, 'product-form-barcode').pressSequentially(goods.barcode, { delay: 5 });
    await textbox(drawer, 'product-form-barcode').press('Enter');
    await textbox(drawer, 'product-form-name').fill(goods.name);
    await pick(page, drawer.getByLabel('分类').first(), categoryName);
    await textbox(drawer, 'product-form-list-price').fill('39.90');
    await textbox(drawer, `product-form-level-${goldCode}`).fill('35');
    await submitDrawer(page, drawer);
    await expect.poll(() => rowsText(page)).toContain(goods.name);

    // 3. find it by scanning the barcode into the search box
    await textbox(page, 'product-search').fill(goods.barcode);
    await textbox(page, 'product-search').press('Enter');
    await expect.poll(() => page.getByTestId('product-table').locator('.ant-table-row').count()).toBe(1);
    expect(await rowsText(page)).toContain(goods.name);
    expect(await rowsText(page)).toContain('¥39.90');
    expect(await rowsText(page)).toContain(categoryName);
    await textbox(page, 'product-search').fill('');
    await expect.poll(async () => (await rowsText(page)).includes(serviceName)).toBe(true);

    // 4. a count card: 10 uses of the service, valid 90 days
    await page.getByTestId('product-new').click();
    drawer = page.locator('.ant-drawer-open').filter({ has: page.getByTestId('product-form-submit') });
    await drawer.waitFor();
    await pick(page, drawer.getByLabel('类型').first(), '计次卡');
    await textbox(drawer, 'product-form-code').fill(card.code);
    await textbox(drawer, 'product-form-name').fill(card.name);
    await textbox(drawer, 'product-form-list-price').fill('580');
    const picker = drawer.getByTestId('count-item-service-0');
    await picker.click();
    await page.keyboard.type(serviceName);
    const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: serviceName }).first();
    await option.waitFor();
    await option.click();
    await textbox(drawer, 'count-item-uses-0').fill('10');
    await textbox(drawer, 'count-item-days-0').fill('90');
    await submitDrawer(page, drawer);

    // 5. both are in the list, the count card with a readable summary
    await expect.poll(() => rowsText(page)).toContain(card.name);
    expect(await rowsText(page)).toContain(goods.name);
    await expect.poll(() => page.getByTestId(`product-summary-${card.code}`).innerText()).toBe(`10次${serviceName}（90天）`);

    // what the server stored
    const list = await admin.ok('GET', `/api/products?q=${goods.barcode}`);
    expect(list.items).toHaveLength(1);
    const saved = await admin.ok('GET', `/api/products/${list.items[0].id}`);
    expect(saved).toMatchObject({ code: goods.code, barcode: goods.barcode, kind: 'goods', listPriceFen: 3_990, categoryName, levelPrices: [{ levelId: gold.id, priceFen: 3_500 }] });
    const cardList = await admin.ok('GET', `/api/products?q=${card.code}`);
    const savedCard = await admin.ok('GET', `/api/products/${cardList.items[0].id}`);
    expect(savedCard).toMatchObject({ kind: 'count_card', listPriceFen: 58_000, countCardItems: [{ serviceProductId: service.id, uses: 10, validityDays: 90 }] });
    await page.context().close();
  });

  it('edits a product, sets a store price, imports a file (refused, then accepted) and summarises packages and timed items', async () => {
    const page = await newPage(browser, baseUrl);
    await login(page, E2E_ADMIN.username, E2E_ADMIN.password);
    await admin.ok('POST', '/api/products', {
      code: `T${suffix}`,
      name: `台球${suffix}`,
      kind: 'timed',
      unit: '小时',
      listPriceFen: 3_000,
      timeSettings: { ratePerHourFen: 3_000, unitMinutes: 15, graceMinutes: 5, capFen: 20_000 },
    });
    await admin.ok('POST', '/api/products', { code: `PK${suffix}`, name: `护理套餐${suffix}`, kind: 'package', unit: '套', listPriceFen: 9_900, packageItems: [{ productId: service.id, quantity: 2 }] });
    await page.goto('/catalog/products');
    await expect.poll(() => page.getByTestId(`product-summary-T${suffix}`).innerText()).toBe('¥30.00/小时，每15分钟计费，免费5分钟；封顶¥200.00');
    await expect.poll(() => page.getByTestId(`product-summary-PK${suffix}`).innerText()).toBe(`${serviceName}×2`);

    // 1. the form opens with what was saved; a change is kept
    await page.getByTestId(`product-edit-${goods.code}`).click();
    const drawer = page.locator('.ant-drawer-open').filter({ has: page.getByTestId('product-form-submit') });
    await expect.poll(() => textbox(drawer, `product-form-level-${goldCode}`).inputValue()).toBe('35.00');
    expect(await textbox(drawer, 'product-form-barcode').inputValue()).toBe(goods.barcode);
    await textbox(drawer, 'product-form-name').fill(`${goods.name}大瓶`);
    await submitDrawer(page, drawer);
    await expect.poll(() => rowsText(page)).toContain(`${goods.name}大瓶`);

    // 2. a store price
    await page.getByTestId(`product-stores-${goods.code}`).click();
    await textbox(page, `store-price-${store.code}`).fill('36.50');
    await page.getByTestId(`store-save-${store.code}`).click();
    await expect
      .poll(async () => (await admin.ok('GET', `/api/products/${(await admin.ok('GET', `/api/products?q=${goods.code}`)).items[0].id}/store-settings`)).items)
      .toMatchObject([{ storeId: store.id, available: true, priceFen: 3_650 }]);
    await page.locator('.ant-modal').last().locator('.ant-modal-footer .ant-btn').click();

    // 3. an import with a bad row is refused with its problems listed; the fixed file goes in
    const file = (rows: string[]) => ({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF编码,条码,名称,分类编码,类型,单位,标价\r\n${rows.join('\r\n')}\r\n`) });
    await page.getByTestId('product-import').click();
    const modal = page.locator('.ant-modal').last();
    await modal.locator('input[type=file]').setInputFiles(file([`I1${suffix},,导入商品${suffix},${categoryCode},goods,件,12.5`, `I2${suffix},,导入套餐${suffix},,package,套,abc`]));
    await expect.poll(() => modal.getByTestId('product-import-file').innerText()).toBe('products.csv');
    await modal.getByTestId('product-import-submit').click();
    await expect.poll(async () => (await modal.getByTestId('product-import-errors').locator('.ant-table-row').count()) >= 1).toBe(true);
    expect(await modal.getByTestId('product-import-errors').innerText()).toContain('3');
    expect((await admin.ok('GET', `/api/products?q=I1${suffix}`)).items).toHaveLength(0);
    await modal.locator('input[type=file]').setInputFiles(file([`I1${suffix},,导入商品${suffix},${categoryCode},goods,件,12.5`]));
    await modal.getByTestId('product-import-submit').click();
    await modal.waitFor({ state: 'hidden' });
    await expect.poll(() => rowsText(page)).toContain(`导入商品${suffix}`);
    await page.context().close();
  });
});
