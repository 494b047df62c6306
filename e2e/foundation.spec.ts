import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpApi } from './api';
import { launchBrowser, login, newPage } from './browser';
import { E2E_ADMIN } from './global-setup';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const menuTexts = async (page: Page) =>
  (await page.getByTestId('main-menu').locator('.ant-menu-title-content').allInnerTexts()).map((t) => t.trim());

describe('signing in', () => {
  it('refuses a wrong password with the server’s message, then lets the admin in with the full menu', async () => {
    const page = await newPage(browser, baseUrl);
    await page.goto('/login');
    await expect.poll(() => page.getByTestId('login-merchant').inputValue()).toBe('default');
    await page.getByTestId('login-username').fill(E2E_ADMIN.username);
    await page.getByTestId('login-password').fill('Wrong#2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    expect(await page.getByTestId('login-error').innerText()).toContain('不正确');

    await login(page, E2E_ADMIN.username, E2E_ADMIN.password);
    const menu = await menuTexts(page);
    for (const item of ['区域与城市', '门店', '收银台', '员工', '权限组', '操作日志', '系统设置']) expect(menu).toContain(item);
    await page.context().close();
  });
});

describe('language', () => {
  it('switches to English, keeps it after a reload, and switches back', async () => {
    const page = await newPage(browser, baseUrl);
    await login(page, E2E_ADMIN.username, E2E_ADMIN.password);
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-option-en-US').click();
    await expect.poll(() => menuTexts(page)).toContain('Stores');
    await page.reload();
    await page.getByTestId('main-menu').waitFor();
    await expect.poll(() => menuTexts(page)).toContain('Audit log');
    expect(await page.evaluate("localStorage.getItem('lang')")).toBe('en-US');
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('lang-option-zh-CN').click();
    await expect.poll(() => menuTexts(page)).toContain('门店');
    await page.context().close();
  });
});

describe('a role limited to one store', () => {
  it('shows its staff member only that store and only the menu items the role allows', async () => {
    const admin = new HttpApi(baseUrl);
    await admin.login(E2E_ADMIN.username, E2E_ADMIN.password);
    const region = await admin.ok('POST', '/api/regions', { code: 'E2E', name: '华东' });
    const store = await admin.ok('POST', '/api/stores', { code: 'E2E01', name: '南京路店', kind: 'direct', regionId: region.id });
    await admin.ok('POST', '/api/stores', { code: 'E2E02', name: '淮海路店', kind: 'direct', regionId: region.id });
    const role = await admin.ok('POST', '/api/roles', {
      code: 'e2e_cashier',
      name: '收银员',
      dataScope: 'stores',
      scopeIds: [store.id],
      permissions: ['org.stores.view', 'org.tills.view'],
    });
    await admin.ok('POST', '/api/staff', { username: 'e2ecashier', name: '小王', password: 'Initial#2026', roleId: role.id, homeStoreId: store.id });

    const page = await newPage(browser, baseUrl);
    await login(page, 'e2ecashier', 'Initial#2026', 'Cashier#2026');
    const menu = await menuTexts(page);
    expect(menu).toContain('门店');
    expect(menu).toContain('收银台');
    for (const hidden of ['区域与城市', '员工', '权限组', '操作日志', '系统设置']) expect(menu).not.toContain(hidden);

    await page.getByTestId('store-switcher').click();
    const option = page.locator('.ant-select-dropdown .ant-select-item-option');
    await option.first().waitFor();
    const options = await option.allInnerTexts();
    expect(options.map((o) => o.trim())).toEqual(['南京路店']);
    await page.keyboard.press('Escape');

    await page.goto('/org/stores');
    await page.locator('.ant-table-row').first().waitFor();
    const rows = await page.locator('.ant-table-row').allInnerTexts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('南京路店');

    await page.goto('/system/audit');
    await page.getByText('无权访问').waitFor();
    await page.context().close();
  });
});
