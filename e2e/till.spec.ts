import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpApi } from './api';
import { launchBrowser, login, newPage } from './browser';
import { E2E_ADMIN } from './global-setup';

const baseUrl = inject('baseUrl');
const suffix = Date.now().toString().slice(-6);
const storeName = `收银店${suffix}`;
const cardNo = `66${suffix}0001`;
const barcodes = [`69${suffix}01`, `69${suffix}02`, `69${suffix}03`];
let browser: Browser;
let admin: HttpApi;
let member: { id: string };

beforeAll(async () => {
  browser = await launchBrowser();
  admin = new HttpApi(baseUrl);
  await admin.login(E2E_ADMIN.username, E2E_ADMIN.password);
  const store = await admin.ok('POST', '/api/stores', { code: `T${suffix}`, name: storeName, kind: 'direct' });
  // the top-up below is booked to the API client's current store
  await admin.ok('POST', '/api/auth/switch-store', { storeId: store.id });
  const gold = await admin.ok('POST', '/api/member-levels', { code: `tg${suffix}`, name: `金卡${suffix}`, rank: 9, upgradeThreshold: 900_000, discountBp: 9000, pointsMultiplierBp: 15_000 });
  const cardType = await admin.ok('POST', '/api/card-types', { code: `t${suffix}`, name: `收银卡${suffix}`, validityKind: 'permanent' });
  member = await admin.ok('POST', '/api/members', {
    name: '收银会员',
    phone: `137${suffix}66`.slice(0, 11).padEnd(11, '6'),
    homeStoreId: store.id,
    card: { cardTypeId: cardType.id, cardNo },
  });
  await admin.ok('POST', `/api/members/${member.id}/level`, { levelId: gold.id, reason: '测试' });
  // ¥100 stored value with 充100送20 at this store: principal ¥100.00 + bonus ¥20.00
  const rule = await admin.ok('POST', '/api/topup-rules', {
    name: `充100送20 ${suffix}`,
    storeId: store.id,
    startsOn: null,
    endsOn: null,
    tiers: [{ thresholdFen: 10_000, bonusFen: 2_000, points: 0 }],
    perEvery: false,
    installmentMonths: null,
  });
  await admin.ok('POST', '/api/topups', { memberId: member.id, amountFen: 10_000, ruleId: rule.id, tenders: [{ method: 'cash', amountFen: 10_000 }] });
  // three goods: ¥30.00, ¥25.00, ¥12.50 (Gold 9折 → ¥27.00, ¥22.50, ¥11.25)
  const prices = [3_000, 2_500, 1_250];
  for (const [i, listPriceFen] of prices.entries()) {
    await admin.ok('POST', '/api/products', { code: `T${suffix}${i}`, barcode: barcodes[i], name: `收银商品${i + 1}`, kind: 'goods', listPriceFen });
  }
});
afterAll(async () => {
  await browser?.close();
});

/** antd puts data-testid on the input or on its wrapper, depending on prefix/suffix/allowClear. */
const textbox = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
const text = (page: Page, testId: string) => page.getByTestId(testId).first().innerText();
const active = (page: Page) => page.evaluate('document.activeElement?.id');
const wallet = () => admin.ok<{ principalFen: number; bonusFen: number; points: number }>('GET', `/api/members/${member.id}/wallet`);

describe('the till', () => {
  it('scans a member and three goods, gives a 7折 line discount, pays ¥50 stored value + cash, prints the receipt', async () => {
    const before = await wallet();
    expect(before).toMatchObject({ principalFen: 10_000, bonusFen: 2_000 });

    const page = await newPage(browser, baseUrl);
    await login(page, E2E_ADMIN.username, E2E_ADMIN.password);
    // the till menu group comes first after home
    const menu = (await page.getByTestId('main-menu').locator('.ant-menu-title-content').allInnerTexts()).map((t) => t.trim());
    expect(menu.indexOf('收银')).toBe(1);
    expect(menu).toContain('收银台');
    // sales are booked to the current store
    await page.getByTestId('store-switcher').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option').filter({ hasText: storeName }).click();
    await expect.poll(() => page.getByTestId('store-switcher').innerText()).toContain(storeName);

    const checkouts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/checkout') checkouts.push(r.headers()['idempotency-key'] ?? '');
    });

    await page.goto('/checkout');
    const scan = textbox(page, 'till-scan');
    await scan.waitFor();
    await expect.poll(() => active(page)).toBe('till-scan');

    // F2 goes to the till's member box (not the header lookup); the scanner types the card and Enter
    await page.keyboard.press('F2');
    await expect.poll(() => active(page)).toBe('till-member');
    await page.keyboard.type(cardNo, { delay: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => text(page, 'till-member-name')).toBe('收银会员');
    await expect.poll(() => text(page, 'till-member-level')).toBe(`金卡${suffix}`);
    await expect.poll(() => text(page, 'till-balance-principal')).toBe('¥100.00');
    // focus is back in the scan box
    await expect.poll(() => active(page)).toBe('till-scan');

    // three barcodes, each typed by the scanner and ended with Enter
    for (const [i, code] of barcodes.entries()) {
      await scan.pressSequentially(code, { delay: 5 });
      await scan.press('Enter');
      await page.getByTestId(`till-line-${i}`).waitFor();
      await expect.poll(() => scan.inputValue()).toBe('');
    }
    // Gold 9折 on each line, priced by the server
    await expect.poll(() => text(page, 'till-total')).toBe('¥60.75');
    expect(await text(page, 'till-unit-1')).toBe('¥22.50');
    expect(await text(page, 'till-member-discount')).toBe('-¥6.75');

    // 7折 by hand on the second line: select it, F8, rate, Enter, reason, Enter
    await page.getByTestId('till-line-1').click();
    await page.keyboard.press('F8');
    const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId('till-discount-value') });
    await dialog.waitFor();
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('till-discount-value');
    await page.keyboard.type('7');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('till-discount-reason');
    await page.keyboard.type('老顾客');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    // ¥22.50 × 0.7 = ¥15.75; total ¥27.00 + ¥15.75 + ¥11.25 = ¥54.00
    await expect.poll(() => text(page, 'till-total')).toBe('¥54.00');
    expect(await text(page, 'till-unit-1')).toBe('¥15.75');
    expect(await text(page, 'till-manual-discount')).toBe('-¥6.75');
    // "why this price" lists the level discount and the manual discount with its reason
    await page.getByTestId('till-line-1').locator('xpath=ancestor::tr').locator('.ant-table-row-expand-icon').click();
    const why = await text(page, 'till-why-1');
    expect(why).toContain('等级折扣');
    expect(why).toContain('手工折扣');
    expect(why).toContain('老顾客');

    // ¥50 by stored value, the rest (¥4.00) in cash; the customer hands over ¥10
    await textbox(page, 'till-pay-stored_value').fill('50');
    await expect.poll(() => textbox(page, 'till-pay-cash').inputValue()).toBe('4.00');
    await textbox(page, 'till-cash-received').fill('10');
    await expect.poll(() => text(page, 'till-change')).toBe('¥6.00');
    await expect.poll(() => page.getByTestId('till-problem').count()).toBe(0);
    // a scanner's Enter never pays: not in the cash field, not in the scan box
    await textbox(page, 'till-cash-received').press('Enter');
    await expect.poll(() => active(page)).toBe('till-confirm');
    await page.keyboard.press('Enter');
    await scan.focus();
    await scan.press('Enter');
    await new Promise((r) => setTimeout(r, 400));
    expect(checkouts).toHaveLength(0);

    // F9 pays, with an Idempotency-Key
    await page.keyboard.press('F9');
    await page.getByTestId('till-receipt').waitFor();
    expect(checkouts).toHaveLength(1);
    expect(checkouts[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await text(page, 'receipt-total')).toBe('¥54.00');
    expect(await text(page, 'receipt-change')).toBe('¥6.00');
    expect(await text(page, 'receipt-received')).toBe('¥10.00');
    expect(await text(page, 'receipt-pay-stored_value')).toBe('¥50.00');
    expect(await text(page, 'receipt-pay-cash')).toBe('¥4.00');
    // R3: ¥50 splits principal/bonus 100:20 → ¥41.67 + ¥8.33
    expect(await text(page, 'receipt-sv-principal')).toBe('¥41.67');
    expect(await text(page, 'receipt-sv-bonus')).toBe('¥8.33');
    expect(await text(page, 'receipt-balance-stored')).toBe('¥70.00');
    expect(await text(page, 'receipt-doc-no')).toMatch(/^\d{8}-\d{4}$/);
    const receipt = await text(page, 'till-receipt');
    expect(receipt).toContain(storeName);
    expect(receipt).toContain('老顾客');

    // the stored value dropped by exactly ¥50 (principal + bonus)
    const after = await wallet();
    expect(before.principalFen + before.bonusFen - (after.principalFen + after.bonusFen)).toBe(5_000);
    expect(after).toMatchObject({ principalFen: 5_833, bonusFen: 1_167 });

    // 58 mm paper narrows the slip; next customer starts an empty sale
    await page.getByTestId('till-paper').getByText('58 mm').click();
    await expect.poll(() => page.getByTestId('till-receipt').getAttribute('class')).toContain('sale-receipt-58');
    await page.getByTestId('till-next').click();
    await scan.waitFor();
    await expect.poll(() => active(page)).toBe('till-scan');
    expect(await page.getByTestId('till-line-0').count()).toBe(0);
    expect(await page.getByTestId('till-member-name').count()).toBe(0);
    await page.context().close();
  });
});
