import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpApi } from './api';
import { launchBrowser, login, newPage } from './browser';
import { E2E_ADMIN } from './global-setup';

const baseUrl = inject('baseUrl');
const suffix = Date.now().toString().slice(-6);
const storeName = `积分店${suffix}`;
const memberName = '积分会员';
const cardNo = `65${suffix}0001`;
const barcode = `64${suffix}01`;
let browser: Browser;
let admin: HttpApi;
let member: { id: string };
let page: Page;
/** the doc no. of the points sale, voided and restored in the records test */
let docNo = '';

const points = async () => (await admin.ok<{ points: number }>('GET', `/api/members/${member.id}/wallet`)).points;
/** antd puts data-testid on the input or on its wrapper, depending on prefix/suffix/allowClear. */
const textbox = (p: Page, testId: string) => p.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
const text = (p: Page, testId: string) => p.getByTestId(testId).first().innerText();
const focused = (p: Page, testId: string) => textbox(p, testId).evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement);

beforeAll(async () => {
  browser = await launchBrowser();
  admin = new HttpApi(baseUrl);
  await admin.login(E2E_ADMIN.username, E2E_ADMIN.password);
  const store = await admin.ok('POST', '/api/stores', { code: `J${suffix}`, name: storeName, kind: 'direct' });
  await admin.ok('POST', '/api/auth/switch-store', { storeId: store.id });
  const cardType = await admin.ok('POST', '/api/card-types', { code: `j${suffix}`, name: `积分卡${suffix}`, validityKind: 'permanent' });
  member = await admin.ok('POST', '/api/members', { name: memberName, phone: `135${suffix}55`.slice(0, 11), homeStoreId: store.id, card: { cardTypeId: cardType.id, cardNo } });
  await admin.ok('POST', `/api/members/${member.id}/points/adjust`, { delta: 1_000, reason: '积分购买测试' });
  // ¥10.00, or 500 points
  await admin.ok('POST', '/api/products', { code: `J${suffix}`, barcode, name: `积分商品${suffix}`, kind: 'goods', listPriceFen: 1_000, pointsPrice: 500 });

  page = await newPage(browser, baseUrl);
  await login(page, E2E_ADMIN.username, E2E_ADMIN.password);
});
afterAll(async () => {
  await browser?.close();
});

describe('buying with points', () => {
  it('buys a product with points at the till (F10) and prints the slip', async () => {
    expect(await points()).toBe(1_000);
    // the sale is booked to the current store
    await page.getByTestId('store-switcher').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option').filter({ hasText: storeName }).click();
    await expect.poll(() => page.getByTestId('store-switcher').innerText()).toContain(storeName);
    await page.goto('/checkout');
    await textbox(page, 'till-scan').waitFor();
    await page.keyboard.press('F2');
    await page.keyboard.type(cardNo, { delay: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => text(page, 'till-member-name')).toBe(memberName);
    await expect.poll(() => text(page, 'till-balance-points')).toBe('1,000');
    expect(await text(page, 'till-points')).toContain('F10');

    const scan = textbox(page, 'till-scan');
    await scan.focus();
    await page.keyboard.type(barcode, { delay: 5 });
    await page.keyboard.press('Enter');
    await page.getByTestId('till-line-0').waitFor();

    await page.keyboard.press('F10');
    await page.getByTestId('till-points-price-0').waitFor();
    expect(await text(page, 'till-points-price-0')).toBe('500');
    expect(await text(page, 'till-points-total')).toBe('500');
    expect(await text(page, 'till-points-balance')).toBe('1,000');

    const keys: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/checkout/points-sale') keys.push(r.headers()['idempotency-key'] ?? '');
    });
    await page.getByTestId('till-points-ok').click();
    await page.getByTestId('till-points-slip').waitFor();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await text(page, 'points-slip-points')).toBe('500');
    expect(await text(page, 'points-slip-left')).toBe('500');
    docNo = await text(page, 'points-slip-doc-no');
    await page.getByTestId('till-points-close').click();
    // the member panel refreshes, and what was bought with points left the cart
    await expect.poll(() => text(page, 'till-balance-points')).toBe('500');
    expect(await page.getByTestId('till-line-0').count()).toBe(0);
    expect(await points()).toBe(500);
  });

  it('F12 opens the sales records with the doc-number box focused; voids the points sale and restores it', async () => {
    expect(docNo).not.toBe('');
    await page.keyboard.press('F12');
    await page.waitForURL(/\/checkout\/orders/);
    await textbox(page, 'orders-search').waitFor();
    await expect.poll(() => focused(page, 'orders-search')).toBe(true);
    // a scanner types the receipt's number and Enter
    await page.keyboard.type(docNo, { delay: 5 });
    await page.keyboard.press('Enter');
    const row = page.locator('.ant-table-row').filter({ hasText: storeName });
    await row.getByTestId(`order-row-${docNo}`).waitFor();
    // the list names the member from the API
    expect(await row.first().innerText()).toContain(memberName);
    await row.getByTestId(`order-row-${docNo}`).click();
    await page.getByTestId('order-drawer').waitFor();
    await expect.poll(() => text(page, 'order-member')).toBe(memberName);
    expect(await page.getByTestId('order-restore').count()).toBe(0);

    await page.getByTestId('order-void').click();
    await page.getByTestId('return-reason').fill('顾客不要了');
    await page.getByTestId('order-return-ok').click();
    await page.getByTestId('return-reason').waitFor({ state: 'hidden' });
    await expect.poll(points).toBe(1_000);

    // the last return is a void: it may be restored, which takes the points again from the lots the void gave them back to
    await page.getByTestId('order-restore').waitFor();
    await page.getByTestId('order-restore').click();
    await page.getByTestId('restore-reason').waitFor();
    const keys: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/restore')) keys.push(r.headers()['idempotency-key'] ?? '');
    });
    // a reason is required
    await page.getByTestId('order-restore-ok').click();
    expect(keys).toHaveLength(0);
    await page.getByTestId('restore-reason').fill('撤销错了');
    await page.getByTestId('order-restore-ok').click();
    await page.getByTestId('restore-reason').waitFor({ state: 'hidden' });
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(points).toBe(500);
  });

  it('restores a voided sale from the records page', async () => {
    const before = await points();
    const product = await admin.ok<{ items: { id: string }[] }>('GET', `/api/products?q=${barcode}`);
    const sale = await admin.ok<{ id: string; docNo: string; pointsEarned: number }>('POST', '/api/checkout', { memberId: member.id, lines: [{ productId: product.items[0]!.id, quantity: 1 }], rounding: 'none', payments: [{ method: 'cash', amountFen: 1_000 }] });
    const earned = sale.pointsEarned;
    await admin.ok('POST', `/api/orders/${sale.id}/void`, { reason: '误收' });
    expect(await points()).toBe(before);

    await page.goto('/checkout/orders');
    const search = textbox(page, 'orders-search');
    await search.waitFor();
    await search.fill(sale.docNo);
    await search.press('Enter');
    await page.locator('.ant-table-row').filter({ hasText: storeName }).getByTestId(`order-row-${sale.docNo}`).click();
    await page.getByTestId('order-drawer').waitFor();
    await page.getByTestId('order-voided').waitFor();
    await page.getByTestId('order-restore').click();
    await page.getByTestId('restore-reason').fill('撤销错了');
    await page.getByTestId('order-restore-ok').click();
    await page.getByTestId('restore-reason').waitFor({ state: 'hidden' });
    await expect.poll(points).toBe(before + earned);
    // the drawer refreshes: a restore row, and no restore button any more
    await expect.poll(() => text(page, 'order-returns')).toContain('撤销错了');
    await expect.poll(() => page.getByTestId('order-restore').count()).toBe(0);
    expect(await page.getByTestId('order-voided').count()).toBe(0);
  });
});
