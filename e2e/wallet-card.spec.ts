import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpApi } from './api';
import { launchBrowser, login, newPage } from './browser';
import { E2E_ADMIN } from './global-setup';

const baseUrl = inject('baseUrl');
const suffix = Date.now().toString().slice(-6);
let browser: Browser;
let admin: HttpApi;
let member: { id: string; name: string; card: { cardNo: string } };

beforeAll(async () => {
  browser = await launchBrowser();
  admin = new HttpApi(baseUrl);
  await admin.login(E2E_ADMIN.username, E2E_ADMIN.password);
  // top-ups happen at the caller's current store
  const store = await admin.ok('POST', '/api/stores', { code: `W${suffix}`, name: `储值店${suffix}`, kind: 'direct' });
  await admin.ok('POST', '/api/auth/switch-store', { storeId: store.id });
  const cardType = await admin.ok('POST', '/api/card-types', { code: `w${suffix}`, name: `储值卡${suffix}`, validityKind: 'permanent' });
  member = await admin.ok('POST', '/api/members', {
    name: `储值会员${suffix}`,
    phone: `139${suffix}88`.slice(0, 11),
    homeStoreId: store.id,
    card: { cardTypeId: cardType.id },
  });
  const rule = await admin.ok('POST', '/api/topup-rules', {
    name: `充100送20-${suffix}`,
    storeId: null,
    startsOn: null,
    endsOn: null,
    tiers: [{ thresholdFen: 10_000, bonusFen: 2_000, points: 0 }],
    perEvery: false,
    installmentMonths: null,
  });
  const topup = await admin.ok('POST', '/api/topups', { memberId: member.id, amountFen: 10_000, ruleId: rule.id, tenders: [{ method: 'cash', amountFen: 10_000 }] });
  expect(topup).toMatchObject({ status: 'completed', principalFen: 10_000, bonusFen: 2_000 });
});
afterAll(async () => {
  await browser?.close();
});

/** antd puts data-testid on the input or on its wrapper, depending on prefix/allowClear. */
const textbox = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
const text = (page: Page, testId: string) => page.getByTestId(testId).first().innerText();

describe('a member’s stored value at the counter', () => {
  it('shows principal and bonus of a top-up, adjusts points into the statement, and cancels the card refunding the principal only', async () => {
    const page = await newPage(browser, baseUrl);
    await login(page, E2E_ADMIN.username, E2E_ADMIN.password);
    // the refund is paid out at the current store
    await page.getByTestId('store-switcher').click();
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/auth/switch-store') && r.ok()),
      page.locator('.ant-select-dropdown .ant-select-item-option').filter({ hasText: `储值店${suffix}` }).click(),
    ]);

    await page.goto(`/members/${member.id}`);
    await page.getByRole('tab', { name: '储值与积分' }).click();

    // 1. the top-up of ¥100 under 充100送20
    await expect.poll(() => text(page, 'wallet-principal')).toBe('¥100.00');
    expect(await text(page, 'wallet-bonus')).toBe('¥20.00');
    expect(await text(page, 'wallet-stored-value')).toBe('¥120.00');
    await expect.poll(async () => (await page.getByTestId('statement-table').locator('.ant-table-row').allInnerTexts()).join('\n')).toContain('充值');

    // 2. +50 points by hand, with a reason; the statement shows it
    await page.getByTestId('wallet-points-adjust').click();
    let dialog = page.locator('.ant-modal').filter({ hasText: '调整方式' });
    await textbox(page, 'points-adjust-points').fill('50');
    await page.getByTestId('points-adjust-reason').fill('老客户回馈');
    await expect.poll(() => text(page, 'points-adjust-after')).toBe('50');
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => text(page, 'wallet-points')).toBe('50');
    const adjusted = page.getByTestId('statement-table').locator('.ant-table-row').filter({ hasText: '积分调整' });
    await adjusted.first().waitFor();
    const row = await adjusted.first().innerText();
    expect(row).toContain('+50');
    expect(row).toContain('老客户回馈');

    // 3. 退卡: the preview refunds the principal and forfeits the bonus
    await page.getByTestId('wallet-card-refund').click();
    dialog = page.locator('.ant-modal').filter({ hasText: '退款方式' });
    await expect.poll(() => text(page, 'card-refund-amount')).toBe('¥100.00');
    expect(await text(page, 'card-refund-forfeit')).toBe('¥20.00');
    await page.getByTestId('card-refund-reason').fill('顾客搬家');
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain('¥100.00');
    await confirm.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await dialog.waitFor({ state: 'hidden' });

    // 4. nothing left on the card, the card is cancelled, points stay
    await expect.poll(() => text(page, 'wallet-stored-value')).toBe('¥0.00');
    expect(await text(page, 'wallet-principal')).toBe('¥0.00');
    expect(await text(page, 'wallet-bonus')).toBe('¥0.00');
    expect(await text(page, 'wallet-points')).toBe('50');
    await expect.poll(async () => (await page.getByTestId('statement-table').locator('.ant-table-row').allInnerTexts()).join('\n')).toContain('退卡退款');
    expect(await page.getByTestId('wallet-card-refund').count()).toBe(0);
    await page.getByRole('tab', { name: '会员卡' }).click();
    const cardRow = page.locator('.ant-table-row').filter({ hasText: member.card.cardNo });
    await expect.poll(() => cardRow.first().innerText()).toContain('已注销');

    const cards = (await admin.ok('GET', `/api/members/${member.id}/cards`)).items;
    expect(cards.find((c: { cardNo: string }) => c.cardNo === member.card.cardNo)?.status).toBe('cancelled');
    const wallet = await admin.ok('GET', `/api/members/${member.id}/wallet`);
    expect(wallet).toMatchObject({ principalFen: 0, bonusFen: 0, storedValueFen: 0, points: 50 });
    await page.context().close();
  });
});
