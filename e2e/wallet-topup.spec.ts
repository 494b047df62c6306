import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpApi } from './api';
import { launchBrowser, login, newPage } from './browser';
import { E2E_ADMIN } from './global-setup';

const baseUrl = inject('baseUrl');
const suffix = Date.now().toString().slice(-6);
const storeName = `储值店${suffix}`;
const cardNo = `88${suffix}0001`;
const approver = { username: `mgr${suffix}`, password: 'Initial#2026', newPassword: 'Manager#2026x' };
let browser: Browser;
let admin: HttpApi;
let member: { id: string };

beforeAll(async () => {
  browser = await launchBrowser();
  admin = new HttpApi(baseUrl);
  await admin.login(E2E_ADMIN.username, E2E_ADMIN.password);
  const store = await admin.ok('POST', '/api/stores', { code: `W${suffix}`, name: storeName, kind: 'direct', topupApprovalThresholdFen: 500_000 });
  const cardType = await admin.ok('POST', '/api/card-types', { code: `w${suffix}`, name: `储值卡${suffix}`, validityKind: 'permanent' });
  member = await admin.ok('POST', '/api/members', {
    name: '储值会员',
    phone: `139${suffix}55`.slice(0, 11).padEnd(11, '5'),
    homeStoreId: store.id,
    card: { cardTypeId: cardType.id, cardNo },
  });
  await admin.ok('POST', '/api/topup-rules', {
    name: `充100送20, 充500送120+200积分 ${suffix}`,
    storeId: store.id,
    startsOn: null,
    endsOn: null,
    tiers: [
      { thresholdFen: 10_000, bonusFen: 2_000, points: 0 },
      { thresholdFen: 50_000, bonusFen: 12_000, points: 200 },
    ],
    perEvery: false,
    installmentMonths: null,
  });
  // a store manager who may approve large top-ups (a second person: the cashier cannot approve their own)
  const role = await admin.ok('POST', '/api/roles', {
    code: `approver_${suffix}`,
    name: `店长${suffix}`,
    dataScope: 'all',
    permissions: ['wallet.view', 'wallet.approve_large_topup', 'members.view'],
  });
  await admin.ok('POST', '/api/staff', { username: approver.username, name: '王店长', roleId: role.id, homeStoreId: store.id, storeIds: [store.id], password: approver.password });
});
afterAll(async () => {
  await browser?.close();
});

/** antd puts data-testid on the input or on its wrapper, depending on prefix/allowClear. */
const textbox = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
const text = (page: Page, testId: string) => page.getByTestId(testId).first().innerText();
const wallet = () => admin.ok<{ principalFen: number; bonusFen: number; points: number }>('GET', `/api/members/${member.id}/wallet`);

/** At the till: scan the card, pick the amount, wait for the offer, press F9; returns the receipt's doc number. */
async function topUp(page: Page, quickFen: number, expectBonus: string) {
  await page.goto('/wallet/topup');
  const lookup = textbox(page, 'topup-lookup');
  await lookup.waitFor();
  // the scanner types the number and presses Enter: that finds the member and never submits
  await lookup.pressSequentially(cardNo, { delay: 5 });
  await lookup.press('Enter');
  await expect.poll(() => text(page, 'topup-member-name')).toBe('储值会员');
  // focus moved to the amount by itself
  await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('topup-amount');
  // the quick amounts are the rule's tier thresholds
  await page.getByTestId('topup-quick-10000').waitFor();
  await page.getByTestId(`topup-quick-${quickFen}`).click();
  await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('topup-amount');
  // Enter moves on to the cash received (and never submits)
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('topup-cash-received');
  await page.keyboard.type(String(quickFen / 100 + 50));
  await expect.poll(() => text(page, 'topup-change')).toBe('¥50.00');
  await expect.poll(() => text(page, 'topup-preview-bonus')).toContain(expectBonus);
  await expect.poll(() => page.getByTestId('topup-problem').count()).toBe(0);
  const posted = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/topups');
  await page.keyboard.press('F9');
  const req = await posted;
  expect(req.headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  await page.getByTestId('topup-receipt').waitFor();
  return (await text(page, 'receipt-doc-no')).trim();
}

describe('stored value at the till', () => {
  it('tops up with a rule, voids it, and a second person approves a large top-up', async () => {
    const page = await newPage(browser, baseUrl);
    await login(page, E2E_ADMIN.username, E2E_ADMIN.password);
    // the wallet menu group with its three pages
    const menu = (await page.getByTestId('main-menu').locator('.ant-menu-title-content').allInnerTexts()).map((t) => t.trim());
    for (const item of ['储值积分', '会员充值', '充值记录', '充值规则']) expect(menu).toContain(item);
    // the rule reads as the merchant wrote it
    await page.goto('/wallet/rules');
    await expect
      .poll(async () => (await page.locator('.ant-table-row').allInnerTexts()).join('\n'))
      .toContain('充100送20；充500送120+200积分');
    // top-ups are booked to the current store
    await page.getByTestId('store-switcher').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option').filter({ hasText: storeName }).click();
    await expect.poll(() => page.getByTestId('store-switcher').innerText()).toContain(storeName);

    // 1. ¥500 cash with the rule: principal ¥500.00, bonus ¥120.00, 200 points
    const docNo = await topUp(page, 50_000, '¥120.00');
    expect(await text(page, 'receipt-principal')).toBe('¥500.00');
    expect(await text(page, 'receipt-bonus')).toBe('¥120.00');
    expect(await text(page, 'receipt-points')).toBe('200');
    expect(await text(page, 'receipt-status')).toContain('已完成');
    expect(await text(page, 'receipt-card-no')).toBe(cardNo);
    expect(await text(page, 'receipt-tender-0')).toBe('¥500.00');
    expect(await text(page, 'receipt-change')).toBe('¥50.00');
    expect(await text(page, 'receipt-balance-principal')).toBe('¥500.00');
    expect(await wallet()).toMatchObject({ principalFen: 50_000, bonusFen: 12_000, points: 200 });

    // 2. void it from the records page: the balance is back at 0
    await page.goto('/wallet/topups');
    await page.getByTestId('topups-tab-all').click();
    // doc numbers restart per store and day: other specs' stores may print the same one
    const row = page.getByTestId('topups-table-all').locator('.ant-table-row').filter({ hasText: docNo }).filter({ hasText: storeName });
    await row.waitFor();
    await row.getByTestId(`topup-void-${docNo}`).click();
    const modal = page.locator('.ant-modal').last();
    await modal.getByLabel('原因').fill('顾客改变主意');
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await modal.waitFor({ state: 'hidden' });
    await expect.poll(() => row.innerText()).toContain('已撤销');
    expect(await wallet()).toMatchObject({ principalFen: 0, bonusFen: 0, points: 0 });

    // 3. ¥6,000 is at the store's ¥5,000 threshold: it waits for approval and credits nothing
    await page.goto('/wallet/topup');
    const pendingDoc = await (async () => {
      const lookup = textbox(page, 'topup-lookup');
      await lookup.waitFor();
      await lookup.fill(cardNo);
      await lookup.press('Enter');
      await expect.poll(() => text(page, 'topup-member-name')).toBe('储值会员');
      await textbox(page, 'topup-amount').fill('6000');
      await page.getByTestId('topup-needs-approval').waitFor();
      await expect.poll(() => page.getByTestId('topup-problem').count()).toBe(0);
      await page.getByTestId('topup-confirm').click();
      await page.getByTestId('topup-receipt').waitFor();
      return (await text(page, 'receipt-doc-no')).trim();
    })();
    expect(await text(page, 'receipt-status')).toContain('待审批');
    expect(await text(page, 'receipt-principal')).toBe('¥6,000.00');
    expect(await wallet()).toMatchObject({ principalFen: 0, bonusFen: 0 });
    const pending = (await admin.ok('GET', '/api/topups?status=pending_approval')).items.find((t: { docNo: string }) => t.docNo === pendingDoc);
    expect(pending).toBeTruthy();
    // the cashier cannot approve their own top-up
    const self = await admin.request('POST', `/api/topups/${pending.id}/approve`, {});
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('TOPUP_SELF_APPROVAL');
    await page.context().close();

    // 4. the manager approves it from the queue: principal ¥6,000.00 is credited
    const mgr = await newPage(browser, baseUrl);
    await login(mgr, approver.username, approver.password, approver.newPassword);
    await mgr.goto('/wallet/topups');
    const queue = mgr.getByTestId('topups-table-pending');
    const pendingRow = queue.locator('.ant-table-row').filter({ hasText: pendingDoc }).filter({ hasText: storeName });
    await pendingRow.waitFor();
    await pendingRow.getByTestId(`topup-approve-${pendingDoc}`).click();
    await mgr.getByTestId('topup-approve-ok').click();
    await expect.poll(() => pendingRow.count()).toBe(0);
    await mgr.getByTestId('topups-tab-all').click();
    const done = mgr.getByTestId('topups-table-all').locator('.ant-table-row').filter({ hasText: pendingDoc }).filter({ hasText: storeName });
    await expect.poll(() => done.innerText()).toContain('已完成');
    await mgr.getByTestId(`topup-detail-${pendingDoc}`).click();
    const drawer = mgr.getByTestId('topup-drawer');
    await drawer.getByTestId('topup-receipt').waitFor();
    expect(await drawer.getByTestId('receipt-principal').innerText()).toBe('¥6,000.00');
    expect(await drawer.getByTestId('receipt-balance-principal').innerText()).toBe('¥6,000.00');
    expect(await drawer.getByTestId('receipt-bonus').innerText()).toBe('¥120.00');
    expect(await wallet()).toMatchObject({ principalFen: 600_000, bonusFen: 12_000, points: 200 });
    await mgr.context().close();
  });
});
