import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpApi } from './api';
import { launchBrowser, login, newPage } from './browser';
import { E2E_ADMIN } from './global-setup';

const baseUrl = inject('baseUrl');
const suffix = Date.now().toString().slice(-6);
const storeName = `计时店${suffix}`;
const serviceName = `台球${suffix}`;
let browser: Browser;
let admin: HttpApi;

interface Session {
  id: string;
  label: string;
  status: string;
  minutes: number;
  chargeFen: number;
}

beforeAll(async () => {
  browser = await launchBrowser();
  admin = new HttpApi(baseUrl);
  await admin.login(E2E_ADMIN.username, E2E_ADMIN.password);
  const store = await admin.ok('POST', '/api/stores', { code: `M${suffix}`, name: storeName, kind: 'direct' });
  // the API client looks at the sessions of its current store
  await admin.ok('POST', '/api/auth/switch-store', { storeId: store.id });
  // ¥30 an hour, billed by 15 minutes, 5 minutes free, no cap (RULES R7)
  await admin.ok('POST', '/api/products', {
    kind: 'timed',
    code: `TM${suffix}`,
    name: serviceName,
    listPriceFen: 3000,
    unit: '小时',
    timeSettings: { ratePerHourFen: 3000, unitMinutes: 15, graceMinutes: 5, capFen: null },
  });
});
afterAll(async () => {
  await browser?.close();
});

const sessions = async () => (await admin.ok<{ items: Session[] }>('GET', '/api/timed-sessions')).items;
const row = (page: Page, label: string) => page.locator(`[data-testid="timed-session"][data-label="${label}"]`);

async function pick(page: Page, select: Locator, option: string) {
  await select.click();
  const item = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option }).first();
  await item.waitFor();
  await item.click();
}

async function checkIn(page: Page, label: string) {
  await pick(page, page.getByTestId('timed-service'), serviceName);
  await page.getByTestId('timed-label').fill(label);
  await page.getByTestId('timed-checkin-submit').click();
  await row(page, label).waitFor();
}

describe('timed services (计时)', () => {
  it('checks in a session, checks it out within the free grace (¥0.00, no payment), and cancels another with a reason', async () => {
    const page = await newPage(browser, baseUrl);
    await login(page, E2E_ADMIN.username, E2E_ADMIN.password);
    const menu = (await page.getByTestId('main-menu').locator('.ant-menu-title-content').allInnerTexts()).map((t) => t.trim());
    expect(menu).toContain('计时');
    // sessions run at the current store
    await page.getByTestId('store-switcher').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option').filter({ hasText: storeName }).click();
    await expect.poll(() => page.getByTestId('store-switcher').innerText(), { timeout: 10_000 }).toContain(storeName);

    const checkouts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/checkout') checkouts.push(r.headers()['idempotency-key'] ?? '');
    });

    await page.goto('/checkout/timed');
    await page.getByTestId('timed-checkin').waitFor();

    // 1. check in table A1: it is listed with its service, just started, nothing charged yet
    const first = `A1-${suffix}`;
    await checkIn(page, first);
    const r1 = row(page, first);
    expect(await r1.innerText()).toContain(serviceName);
    expect(await r1.getByTestId('timed-row-charge').innerText()).toBe('¥0.00');
    expect(await r1.getByTestId('timed-row-minutes').innerText()).toBe('0 分钟');
    const open = await sessions();
    expect(open.map((s) => s.label)).toEqual([first]);

    // 2. check it out at once: within the 5 free minutes the total is ¥0.00 and no payment is needed
    await r1.getByTestId('timed-checkout').click();
    const dialog = page.getByTestId('timed-checkout-dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.getByTestId('timed-total').innerText()).toBe('¥0.00');
    await dialog.getByTestId('timed-nothing-due').waitFor();
    expect(await dialog.getByTestId('timed-explain-minutes').innerText()).toBe('0 分钟');
    expect(await dialog.getByTestId('timed-explain-billed').innerText()).toBe('0 分钟');
    expect(await dialog.getByTestId('timed-explain-list').innerText()).toBe('¥0.00');
    await dialog.getByTestId('timed-explain-free').waitFor();
    // F9 confirms
    await page.keyboard.press('F9');
    const slip = page.getByTestId('timed-slip');
    await slip.waitFor();
    expect(await slip.getByTestId('timed-slip-total').innerText()).toBe('¥0.00');
    expect(await slip.getByTestId('timed-slip-label').innerText()).toBe(first);
    expect(await slip.getByTestId('timed-slip-doc-no').innerText()).not.toBe('');
    expect(checkouts).toHaveLength(1);
    expect(checkouts[0]).toMatch(/^[0-9a-f-]{36}$/);
    await page.getByTestId('timed-done-close').click();
    await slip.waitFor({ state: 'hidden' });
    // the session has left the list
    await r1.waitFor({ state: 'detached' });
    expect(await sessions()).toEqual([]);

    // 3. check in B2 and cancel it with a reason
    const second = `B2-${suffix}`;
    await checkIn(page, second);
    expect((await sessions()).map((s) => s.label)).toEqual([second]);
    await row(page, second).getByTestId('timed-cancel').click();
    const ok = page.getByTestId('timed-cancel-ok');
    await ok.waitFor();
    // a reason is required
    await ok.click();
    await page.locator('.ant-form-item-explain-error').filter({ hasText: '请填写取消原因' }).waitFor();
    await page.getByTestId('timed-cancel-reason').fill('开错台');
    await ok.click();
    await row(page, second).waitFor({ state: 'detached' });
    expect(await sessions()).toEqual([]);
    // cancelling charged nothing: still only the one check-out
    expect(checkouts).toHaveLength(1);
    await page.close();
  });
});
