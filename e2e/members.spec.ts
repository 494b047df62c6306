import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpApi } from './api';
import { launchBrowser, login, newPage } from './browser';
import { E2E_ADMIN } from './global-setup';

const baseUrl = inject('baseUrl');
const suffix = Date.now().toString().slice(-6);
let browser: Browser;
let admin: HttpApi;
let store: { id: string; code: string };
let gold: { id: string };

beforeAll(async () => {
  browser = await launchBrowser();
  admin = new HttpApi(baseUrl);
  await admin.login(E2E_ADMIN.username, E2E_ADMIN.password);
  store = await admin.ok('POST', '/api/stores', { code: `M${suffix}`, name: `会员店${suffix}`, kind: 'direct' });
  await admin.ok('POST', '/api/member-levels', { code: `n${suffix}`, name: '普通会员', rank: 0, upgradeThreshold: 0 });
  gold = await admin.ok('POST', '/api/member-levels', { code: `g${suffix}`, name: `金卡${suffix}`, rank: 5, upgradeThreshold: 500_000, discountBp: 9000 });
  await admin.ok('POST', '/api/card-types', { code: `c${suffix}`, name: `年卡${suffix}`, validityKind: 'year' });
});
afterAll(async () => {
  await browser?.close();
});

async function pick(page: Page, label: string | RegExp, option: string | RegExp) {
  await page.getByLabel(label).first().click();
  const item = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option }).first();
  await item.waitFor();
  await item.click();
}

/** antd puts data-testid on the input or on its wrapper, depending on prefix/allowClear. */
const textbox = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

async function modalOk(page: Page) {
  const modal = page.locator('.ant-modal').last();
  await modal.locator('.ant-modal-footer .ant-btn-primary').click();
  await modal.waitFor({ state: 'hidden' });
}

describe('members as a store uses them', () => {
  it('registers at the till and by the store QR page, finds both, changes a level, reports a card lost, replaces it, and audits every step', async () => {
    const tillPhone = `137${suffix}01`.slice(0, 11).padEnd(11, '1');
    const selfPhone = `138${suffix}02`.slice(0, 11).padEnd(11, '2');
    const cardNo = `66${suffix}0001`;
    const page = await newPage(browser, baseUrl);
    await login(page, E2E_ADMIN.username, E2E_ADMIN.password);
    // the cashier works at this store, so members registered here belong to it
    await page.getByTestId('store-switcher').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option').filter({ hasText: `会员店${suffix}` }).click();
    await expect.poll(() => textbox(page, 'member-lookup').isVisible()).toBe(true);

    // 1. register at the till, issuing a card with a scanned number
    await page.goto('/members');
    await page.getByTestId('member-register').click();
    const drawer = page.locator('.ant-drawer-open').filter({ has: page.getByTestId('member-form-submit') });
    await drawer.getByLabel('姓名').fill('柜台会员');
    await drawer.getByLabel('手机号').fill(tillPhone);
    await drawer.getByTestId('member-form-issue-card').click();
    await pick(page, '卡种', `年卡${suffix}`);
    await textbox(page, 'member-form-card-no').fill(cardNo);
    await textbox(page, 'member-form-card-no').press('Enter');
    await drawer.getByTestId('member-form-submit').click();
    await page.getByTestId('member-name').waitFor();
    expect(await page.getByTestId('member-name').innerText()).toBe('柜台会员');

    // 2. a customer joins by the store's QR page; the code is read from the message log
    const phone = await newPage(browser, baseUrl);
    await phone.setViewportSize({ width: 390, height: 800 });
    await phone.goto(`/join/default/${store.id}`);
    await textbox(phone, 'join-phone').fill(selfPhone);
    await phone.getByTestId('join-send-code').click();
    await expect.poll(() => phone.getByTestId('join-send-code').isDisabled()).toBe(true);
    await page.goto('/system/messages');
    const row = page.locator('.ant-table-row').filter({ hasText: selfPhone }).first();
    await row.waitFor();
    const code = /验证码\D*(\d{6})/.exec(await row.innerText())?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
    await textbox(phone, 'join-code').fill(code);
    await textbox(phone, 'join-name').fill('扫码会员');
    await phone.getByTestId('join-submit').click();
    await phone.getByText('加入成功').waitFor();
    await phone.context().close();

    // 3. find both by the last 4 digits of the phone, and the first by scanning its card
    await page.goto('/members');
    for (const [p, name] of [[tillPhone, '柜台会员'], [selfPhone, '扫码会员']] as const) {
      await textbox(page, 'member-search').fill(p.slice(-4));
      await textbox(page, 'member-search').press('Enter');
      await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: name }).count()).toBe(1);
    }
    await textbox(page, 'member-lookup').fill(cardNo);
    await textbox(page, 'member-lookup').press('Enter');
    await expect.poll(() => page.getByTestId('member-name').innerText()).toBe('柜台会员');

    // 4. change the level by hand
    await page.getByRole('tab', { name: '等级' }).click();
    await page.getByTestId('level-adjust').click();
    await pick(page, '手动等级（保底）', `金卡${suffix}`);
    await page.locator('.ant-modal').last().getByLabel('原因').fill('老客户升级');
    await modalOk(page);
    await expect.poll(() => page.getByTestId('member-level').first().innerText()).toContain(`金卡${suffix}`);

    // 5. report the card lost, then replace it with a new number
    await page.getByRole('tab', { name: '会员卡' }).click();
    await page.getByTestId('card-action-report_lost').click();
    await page.getByTestId('card-action-reason').fill('顾客遗失');
    await modalOk(page);
    await expect.poll(() => page.getByTestId('member-card-status').innerText()).toContain('挂失');
    await page.getByTestId('card-action-replace').click();
    await textbox(page, 'card-action-card-no').fill(`67${suffix}0002`);
    await page.getByTestId('card-action-reason').fill('补卡');
    await modalOk(page);
    await expect.poll(() => page.getByTestId('member-card-no').innerText()).toContain(`67${suffix}0002`);

    // 6. every step is in the audit log
    const member = (await admin.ok('GET', `/api/members?q=${tillPhone}`)).items[0];
    expect(member).toMatchObject({ levelId: gold.id, homeStoreId: store.id, channel: 'till' });
    await page.goto('/system/audit');
    const search = page.getByPlaceholder(/摘要/).first();
    await search.fill(cardNo);
    await search.press('Enter');
    await expect.poll(async () => (await page.locator('.ant-table-row').allInnerTexts()).join('\n')).toContain('card.replace');
    const audited = (await admin.ok('GET', `/api/audit?pageSize=200`)).items.map((a: { action: string }) => a.action);
    for (const action of ['member.create', 'card.issue', 'sms_code.request', 'member.set_level', 'card.report_lost', 'card.replace']) expect(audited).toContain(action);
    await page.context().close();
  });
});
