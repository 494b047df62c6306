import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpApi } from './api';
import { launchBrowser, login, newPage, textbox, textOf } from './browser';
import { E2E_ADMIN } from './global-setup';

const baseUrl = inject('baseUrl');
const suffix = Date.now().toString().slice(-6);
const storeName = `礼品店${suffix}`;
const memberName = '兑换会员';
const cardNo = `67${suffix}0001`;
const giftName = `保温杯${suffix}`;
let browser: Browser;
let admin: HttpApi;
let member: { id: string };
let gift: { id: string };
let page: Page;

const points = async () => (await admin.ok<{ points: number }>('GET', `/api/members/${member.id}/wallet`)).points;
const stock = async () => (await admin.ok<{ stock: number | null }>('GET', `/api/gifts/${gift.id}`)).stock;

beforeAll(async () => {
  browser = await launchBrowser();
  admin = new HttpApi(baseUrl);
  await admin.login(E2E_ADMIN.username, E2E_ADMIN.password);
  const store = await admin.ok('POST', '/api/stores', { code: `G${suffix}`, name: storeName, kind: 'direct' });
  await admin.ok('POST', '/api/auth/switch-store', { storeId: store.id });
  const cardType = await admin.ok('POST', '/api/card-types', { code: `g${suffix}`, name: `礼品卡${suffix}`, validityKind: 'permanent' });
  member = await admin.ok('POST', '/api/members', { name: memberName, phone: `136${suffix}77`.slice(0, 11), homeStoreId: store.id, card: { cardTypeId: cardType.id, cardNo } });
  await admin.ok('POST', `/api/members/${member.id}/points/adjust`, { delta: 800, reason: '积分兑换测试' });
  gift = await admin.ok('POST', '/api/gifts', { name: giftName, kind: 'goods', pointsPrice: 500, stock: 3 });

  page = await newPage(browser, baseUrl);
  await login(page, E2E_ADMIN.username, E2E_ADMIN.password);
});
afterAll(async () => {
  await browser?.close();
});

describe('积分兑换', () => {
  it('redeems 500 points for a gift and voids it', async () => {
    expect(await points()).toBe(800);
    // the redemption is booked to the current store
    await page.getByTestId('store-switcher').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option').filter({ hasText: storeName }).click();
    await expect.poll(() => page.getByTestId('store-switcher').innerText()).toContain(storeName);
    await page.goto('/marketing/redemptions');
    const lookup = textbox(page, 'redeem-lookup');
    await lookup.waitFor();
    // a scanner types the card number and Enter
    await lookup.focus();
    await page.keyboard.type(cardNo, { delay: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(page, 'redeem-member-name')).toBe(memberName);
    await expect.poll(() => textOf(page, 'redeem-member-points')).toBe('800');
    await page.getByTestId(`redeem-gift-${gift.id}`).waitFor();
    expect(await textOf(page, `redeem-gift-points-${gift.id}`)).toBe('500');
    expect(await textOf(page, `redeem-gift-stock-${gift.id}`)).toBe('3');

    await page.getByTestId(`redeem-gift-${gift.id}`).click();
    await expect.poll(() => textOf(page, 'redeem-total')).toBe('500');
    await page.getByTestId('redeem-submit').click();
    await page.getByTestId('redeem-confirm').waitFor();
    expect(await textOf(page, 'redeem-confirm-before')).toBe('800');
    expect(await textOf(page, 'redeem-confirm-after')).toBe('300');

    const keys: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/gift-redemptions') keys.push(r.headers()['idempotency-key'] ?? '');
    });
    // Enter (a scanner's) never confirms
    await page.getByTestId('redeem-confirm-ok').focus();
    await page.keyboard.press('Enter');
    await new Promise((r) => setTimeout(r, 300));
    expect(keys).toHaveLength(0);
    await page.getByTestId('redeem-confirm-ok').click();
    await page.getByTestId('redemption-slip').waitFor();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await textOf(page, 'redemption-slip-points')).toBe('500');
    expect(await textOf(page, 'redemption-slip-left')).toBe('300');
    const docNo = await textOf(page, 'redemption-slip-doc-no');
    await page.getByTestId('redemption-slip-close').click();
    await page.getByTestId('redemption-slip').waitFor({ state: 'hidden' });

    // points 800 → 300 and stock 3 → 2, on screen and in the books
    await expect.poll(() => textOf(page, 'redeem-member-points')).toBe('300');
    await expect.poll(() => textOf(page, `redeem-gift-stock-${gift.id}`)).toBe('2');
    expect(await points()).toBe(300);
    expect(await stock()).toBe(2);

    // void it from the records, with a reason
    const voidButton = page.getByTestId(`redemption-void-${docNo}`);
    await voidButton.waitFor();
    await voidButton.click();
    const reason = page.getByTestId('redemption-void-reason');
    await reason.waitFor();
    // a reason is required
    await page.getByTestId('redemption-void-ok').click();
    await page.locator('.ant-form-item-explain-error').first().waitFor();
    await reason.fill('顾客改换其他礼品');
    await page.getByTestId('redemption-void-ok').click();
    await reason.waitFor({ state: 'hidden' });
    await expect.poll(() => textOf(page, `redemption-status-${docNo}`)).toBe('已作废');
    expect(await page.getByTestId(`redemption-void-${docNo}`).count()).toBe(0);

    // points back to 800 and stock back to 3
    await expect.poll(() => textOf(page, 'redeem-member-points')).toBe('800');
    await expect.poll(() => textOf(page, `redeem-gift-stock-${gift.id}`)).toBe('3');
    expect(await points()).toBe(800);
    expect(await stock()).toBe(3);
  });

  it('lists the gift in the catalog and creates a stored-value gift', async () => {
    await page.goto('/marketing/gifts');
    const search = textbox(page, 'gift-search');
    await search.waitFor();
    await search.fill(giftName);
    await search.press('Enter');
    await expect.poll(() => textOf(page, `gift-stock-${gift.id}`)).toBe('3');
    expect(await textOf(page, `gift-points-${gift.id}`)).toBe('500');

    const name = `储值礼品${suffix}`;
    await page.getByTestId('gift-new').click();
    await textbox(page, 'gift-form-name').fill(name);
    await page.getByTestId('gift-form-kind').getByText('储值').click();
    await textbox(page, 'gift-form-value').fill('20');
    await textbox(page, 'gift-form-points').fill('300');
    await textbox(page, 'gift-form-stock').fill('10');
    await page.getByTestId('gift-form-submit').click();
    await textbox(page, 'gift-form-name').waitFor({ state: 'hidden' });
    const created = await admin.ok<{ items: { name: string; kind: string; valueFen: number; pointsPrice: number; stock: number | null; storeIds: unknown }[] }>('GET', `/api/gifts?q=${encodeURIComponent(name)}`);
    expect(created.items).toHaveLength(1);
    expect(created.items[0]).toMatchObject({ kind: 'stored_value', valueFen: 2_000, pointsPrice: 300, stock: 10, storeIds: null });
  });
});
