import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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

// antd puts a space between the two characters of a two-character Chinese button label
const SAVE = /^\s*保\s*存\s*$/;

const menuTexts = async (page: Page) =>
  (await page.getByTestId('main-menu').locator('.ant-menu-title-content').allInnerTexts()).map((t) => t.trim());

/** Opens a page through the side menu (a leaf item, not the group of the same name). */
async function openFromMenu(page: Page, label: string, path: string) {
  await page.getByTestId('main-menu').locator('li.ant-menu-item .ant-menu-title-content').getByText(label, { exact: true }).click();
  await page.waitForURL((u) => u.pathname === path);
}

/** Opens an antd Select and picks the option with this exact text (or matching locator). */
async function pick(page: Page, select: Locator, option: string | Locator) {
  await select.click();
  const item =
    typeof option === 'string'
      ? page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${escape(option)}$`) })
      : option;
  await item.first().waitFor();
  await item.first().click();
}

function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Waits for a table to show a row containing `text` and returns that row. */
async function rowWith(page: Page, text: string) {
  const row = page.locator('.ant-table-row').filter({ hasText: text });
  await row.first().waitFor();
  return row;
}

describe('an administrator sets up a store and a cashier entirely through the UI', () => {
  it('creates region, store, role and staff; the cashier sees only that store; the audit log shows it all', async () => {
    const suffix = Date.now().toString(36);
    const regionCode = `R${suffix}`;
    const regionName = `华南${suffix}`;
    const storeCode = `S${suffix}`;
    const storeName = `天河店${suffix}`;
    const roleCode = `cashier_${suffix}`;
    const username = `cashier${suffix}`;
    const initialPassword = 'Initial#2026';
    const newPassword = 'Cashier#2026x';

    // --- the admin signs in --------------------------------------------------------------
    const admin = await newPage(browser, baseUrl);
    await login(admin, E2E_ADMIN.username, E2E_ADMIN.password);

    // --- 区域与城市: new region ---------------------------------------------------------------
    await openFromMenu(admin, '区域与城市', '/org/regions');
    await admin.getByRole('button', { name: /新建区域/ }).click();
    let dialog = admin.getByRole('dialog').filter({ hasText: '新建区域' });
    await dialog.getByLabel('区域编码').fill(regionCode);
    await dialog.getByLabel('区域名称').fill(regionName);
    await dialog.getByRole('button', { name: SAVE }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await (await rowWith(admin, regionCode)).first().innerText()).toContain(regionName);

    // --- 门店: new store in that region ---------------------------------------------------------
    await openFromMenu(admin, '门店', '/org/stores');
    await admin.getByRole('button', { name: /新建门店/ }).click();
    dialog = admin.getByRole('dialog').filter({ hasText: '新建门店' });
    await dialog.getByLabel('门店编码').fill(storeCode);
    await dialog.getByLabel('门店名称').fill(storeName);
    await pick(admin, dialog.getByLabel('门店类型'), '直营');
    await pick(admin, dialog.getByLabel('区域', { exact: true }), regionName);
    await dialog.getByRole('button', { name: SAVE }).click();
    await dialog.waitFor({ state: 'hidden' });
    const storeRow = (await rowWith(admin, storeCode)).first();
    const storeRowText = await storeRow.innerText();
    expect(storeRowText).toContain(storeName);
    expect(storeRowText).toContain('直营');
    expect(storeRowText).toContain(regionName);

    // --- 权限组: 收银员 limited to that store, two permissions -------------------------------------
    await openFromMenu(admin, '权限组', '/staff/roles');
    await admin.getByRole('button', { name: /新建权限组/ }).click();
    const drawer = admin.locator('.ant-drawer-open .ant-drawer-section');
    await drawer.getByText('新建权限组').waitFor();
    await drawer.getByLabel('权限组编码').fill(roleCode);
    await drawer.getByLabel('权限组名称').fill('收银员');
    await drawer.locator('label.ant-radio-button-wrapper').filter({ hasText: /^指定门店$/ }).click();
    await pick(admin, drawer.getByLabel('可访问的门店'), `${storeName} (${storeCode})`);
    await drawer.getByText('新建权限组').click(); // close the multi-select's dropdown (Escape would close the drawer)
    const tree = drawer.locator('.ant-tree');
    for (const perm of ['org.stores.view', 'org.tills.view']) {
      await tree.locator('.ant-tree-treenode').filter({ hasText: perm }).locator('.ant-tree-checkbox').click();
    }
    await drawer.getByText('已选 2 项').waitFor();
    await drawer.getByRole('button', { name: SAVE }).click();
    await admin.locator('.ant-drawer-open').waitFor({ state: 'detached' });
    const roleRowText = await (await rowWith(admin, roleCode)).first().innerText();
    expect(roleRowText).toContain('收银员');
    expect(roleRowText).toContain(`指定门店: ${storeName}`);

    // --- 员工: the cashier ---------------------------------------------------------------------
    await openFromMenu(admin, '员工', '/staff/staff');
    await admin.getByRole('button', { name: /新建员工/ }).click();
    dialog = admin.getByRole('dialog').filter({ hasText: '新建员工' });
    await dialog.getByLabel('用户名').fill(username);
    await dialog.getByLabel('姓名').fill('小李');
    // other spec files may also have a role named 收银员: pick ours by its code
    await pick(admin, dialog.getByLabel('权限组'), admin.getByTestId(`role-option-${roleCode}`));
    await pick(admin, dialog.getByLabel('所属门店'), `${storeName} (${storeCode})`);
    await dialog.getByLabel('初始密码').fill(initialPassword);
    await dialog.getByRole('button', { name: SAVE }).click();
    await dialog.waitFor({ state: 'hidden' });
    const staffRowText = await (await rowWith(admin, username)).first().innerText();
    expect(staffRowText).toContain('收银员');
    expect(staffRowText).toContain(storeName);

    // --- the cashier signs in (forced password change) in a fresh context ------------------------
    const cashier = await newPage(browser, baseUrl);
    await login(cashier, username, initialPassword, newPassword);
    const menu = await menuTexts(cashier);
    expect(menu).toContain('门店');
    expect(menu).toContain('收银台');
    for (const hidden of ['员工', '权限组', '操作日志', '系统设置', '区域与城市']) expect(menu).not.toContain(hidden);

    await cashier.getByTestId('store-switcher').click();
    const option = cashier.locator('.ant-select-dropdown .ant-select-item-option');
    await option.first().waitFor();
    expect((await option.allInnerTexts()).map((o) => o.trim())).toEqual([storeName]);
    await cashier.keyboard.press('Escape');

    await openFromMenu(cashier, '门店', '/org/stores');
    await rowWith(cashier, storeCode);
    const rows = await cashier.locator('.ant-table-row').allInnerTexts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(storeName);
    await cashier.context().close();

    // --- the admin reads the audit log -------------------------------------------------------
    await openFromMenu(admin, '操作日志', '/system/audit');
    await admin.getByRole('textbox', { name: '搜索摘要内容' }).fill(suffix);
    await admin.getByRole('button', { name: /查\s*询/ }).click();
    const actions = ['region.create', 'store.create', 'role.create', 'staff.create'];
    const seenActions = async () => {
      const texts = await admin.locator('.ant-table-row').allInnerTexts();
      return actions.filter((a) => texts.some((t) => t.includes(a)));
    };
    await expect.poll(seenActions, { timeout: 10_000 }).toEqual(actions);

    // narrowing by action leaves exactly the one store creation
    await admin.getByRole('textbox', { name: '操作', exact: true }).fill('store.create');
    await admin.getByRole('button', { name: /查\s*询/ }).click();
    await expect.poll(async () => (await admin.locator('.ant-table-row').allInnerTexts()).length, { timeout: 10_000 }).toBe(1);
    expect(await admin.locator('.ant-table-row').first().innerText()).toContain('store.create');
    await admin.context().close();
  });
});
