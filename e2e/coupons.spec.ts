import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpApi } from './api';
import { launchBrowser, login, newPage, switchStore, textbox, textOf } from './browser';
import { fillThresholdTemplate, saveTemplate } from './coupon-steps';
import { E2E_ADMIN } from './global-setup';

const baseUrl = inject('baseUrl');
const suffix = Date.now().toString().slice(-6);
const storeName = `券店${suffix}`;
const cardNo = `65${suffix}0001`;
const barcodes = [`64${suffix}01`, `64${suffix}02`];
const templateName = `满100减20 ${suffix}`;
let browser: Browser;
let admin: HttpApi;
let page: Page;
let gold: { id: string; name: string };
let store: { id: string };
let member: { id: string };
let code = '';
let docNo = '';

interface Coupon {
  code: string;
  status: string;
  templateName: string;
}
const couponsOf = async (memberId: string) => (await admin.ok<{ items: Coupon[] }>('GET', `/api/coupons?memberId=${memberId}&pageSize=50`)).items.filter((c) => c.templateName === templateName);

beforeAll(async () => {
  browser = await launchBrowser();
  admin = new HttpApi(baseUrl);
  await admin.login(E2E_ADMIN.username, E2E_ADMIN.password);
  store = await admin.ok('POST', '/api/stores', { code: `Q${suffix}`, name: storeName, kind: 'direct' });
  await admin.ok('POST', '/api/auth/switch-store', { storeId: store.id });
  gold = await admin.ok('POST', '/api/member-levels', { code: `qg${suffix}`, name: `券金卡${suffix}`, rank: 8, upgradeThreshold: 900_000_000_000, discountBp: 10_000, pointsMultiplierBp: 10_000 });
  const cardType = await admin.ok('POST', '/api/card-types', { code: `q${suffix}`, name: `券卡${suffix}`, validityKind: 'permanent' });
  // two Gold members (one with a card to scan) and one who is not Gold
  const make = async (name: string, tail: string, levelId: string | null, withCard: string | null) => {
    const m = await admin.ok('POST', '/api/members', { name, phone: `135${suffix}${tail}`.slice(0, 11), homeStoreId: store.id, ...(withCard ? { card: { cardTypeId: cardType.id, cardNo: withCard } } : {}) });
    if (levelId) await admin.ok('POST', `/api/members/${m.id}/level`, { levelId, reason: '测试' });
    return m;
  };
  member = await make('券会员', '01', gold.id, cardNo);
  await make('券会员二', '02', gold.id, null);
  await make('普通会员', '03', null, null);
  // ¥60.00 and ¥50.00 goods: ¥110 ≥ ¥100 → −¥20 allocated 1091 / 909 (RULES R8)
  for (const [i, listPriceFen] of [6_000, 5_000].entries()) {
    await admin.ok('POST', '/api/products', { code: `Q${suffix}${i}`, barcode: barcodes[i], name: `券商品${i + 1}`, kind: 'goods', listPriceFen, memberDiscountAllowed: false });
  }
  page = await newPage(browser, baseUrl);
  await login(page, E2E_ADMIN.username, E2E_ADMIN.password);
  await switchStore(page, store.id);
});
afterAll(async () => {
  await browser?.close();
});

describe('coupons end to end', () => {
  it('creates a ¥20-off-¥100 template and issues it to all Gold members', async () => {
    await fillThresholdTemplate(page, { name: templateName, threshold: '100', amount: '20', perMember: '1' });
    await saveTemplate(page, templateName);
    const templates = await admin.ok<{ items: { id: string; name: string }[] }>('GET', '/api/coupon-templates');
    const templateId = templates.items.find((x) => x.name === templateName)!.id;

    // to every Gold member: the preview counts the two of them
    await page.getByTestId(`template-issue-${templateId}`).click();
    await page.getByTestId('coupon-issue-target').getByText('按条件筛选会员').click();
    await page.getByTestId('coupon-issue-level').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option').filter({ hasText: gold.name }).click();
    await expect.poll(() => page.getByTestId('coupon-issue-preview').innerText()).toContain('将向 2 位会员发放 2 张');
    await page.getByTestId('coupon-issue-confirm').click();
    await expect.poll(() => page.getByTestId('coupon-issue-result-text').innerText()).toBe('已向 2 位会员发放 2 张券');
    await page.keyboard.press('Escape');
    const held = await couponsOf(member.id);
    expect(held.map((c) => c.status)).toEqual(['available']);
    code = held[0]!.code;
  });

  it('redeems it at the till by scanning its code: ¥110.00 − ¥20.00 = ¥90.00', async () => {
    await page.goto('/checkout');
    const scan = textbox(page, 'till-scan');
    await scan.waitFor();
    await page.keyboard.press('F2');
    await page.keyboard.type(cardNo, { delay: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'till-member-name')).toBe('券会员');
    for (const [i, barcode] of barcodes.entries()) {
      await scan.pressSequentially(barcode, { delay: 5 });
      await scan.press('Enter');
      await page.getByTestId(`till-line-${i}`).waitFor();
    }
    await expect.poll(() => textOf(page, 'till-total')).toBe('¥110.00');
    // the member's coupon is suggested; a scanner types its code into the scan box instead
    await page.getByTestId(`till-coupon-option-${code}`).waitFor();
    await scan.pressSequentially(code, { delay: 5 });
    await scan.press('Enter');
    await expect.poll(() => textOf(page, 'till-total')).toBe('¥90.00');
    expect(await textOf(page, 'till-coupon-total')).toBe('-¥20.00');
    expect(await textOf(page, `till-coupon-${code}`)).toContain('¥20.00');
    await page.keyboard.press('F9');
    await page.getByTestId('till-receipt').waitFor();
    expect(await textOf(page, 'receipt-total')).toBe('¥90.00');
    expect(await textOf(page, `receipt-coupon-${code}`)).toContain('-¥20.00');
    docNo = await textOf(page, 'receipt-doc-no');
    expect((await couponsOf(member.id))[0]!.status).toBe('used');
    await page.getByTestId('till-next').click();
  });

  it('returns the order from the sales records and the coupon is available again', async () => {
    await page.goto('/checkout/orders');
    const search = textbox(page, 'orders-search');
    await search.waitFor();
    await search.fill(docNo);
    await search.press('Enter');
    await page.locator('.ant-table-row').filter({ hasText: storeName }).getByTestId(`order-row-${docNo}`).click();
    await page.getByTestId('order-drawer').waitFor();
    await page.getByTestId('order-void').click();
    await expect.poll(() => textOf(page, 'plan-refund')).toBe('¥90.00');
    expect(await textOf(page, 'plan-coupons-restored')).toContain(code);
    await page.getByTestId('return-reason').fill('顾客退货');
    await page.getByTestId('order-return-ok').click();
    await page.getByTestId('return-reason').waitFor({ state: 'hidden' });
    await expect.poll(async () => (await couponsOf(member.id))[0]!.status).toBe('available');
    // the member's coupon wallet shows it usable again
    await page.goto(`/members/${member.id}`);
    await page.getByTestId('member-tab-coupons').click();
    const row = page.getByTestId('member-coupons').locator('.ant-table-row').filter({ hasText: code });
    await expect.poll(() => row.innerText()).toContain('可用');
    await row.getByTestId(`member-coupon-void-${code}`).waitFor();
  });
});
