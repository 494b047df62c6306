import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpApi } from './api';
import { launchBrowser, login, newPage, switchStore } from './browser';
import { E2E_ADMIN } from './global-setup';

const baseUrl = inject('baseUrl');
const suffix = Date.now().toString().slice(-6);
const storeName = `挂单店${suffix}`;
const cardNo = `67${suffix}0001`;
const barcodes = [`68${suffix}01`, `68${suffix}02`];
const cashier = { username: `cashier${suffix}`, password: 'Initial#2026', newPassword: 'Cashier#2026' };
let browser: Browser;
let admin: HttpApi;
let adminName: string;
let store: { id: string };
let tills: { id: string }[];
let member: { id: string };
let serviceId: string;
/** the doc no. of the authorised sale, returned in the records test */
let authorisedDocNo = '';
let adminPage: Page;

interface Wallet {
  principalFen: number;
  bonusFen: number;
  points: number;
  uses: { itemId: string; balance: number }[];
}
const wallet = () => admin.ok<Wallet>('GET', `/api/members/${member.id}/wallet`);
const textbox = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
const text = (page: Page, testId: string) => page.getByTestId(testId).first().innerText();
const active = (page: Page) => page.evaluate('document.activeElement?.id');

async function scanAll(page: Page, codes: string[]) {
  const scan = textbox(page, 'till-scan');
  for (const [i, code] of codes.entries()) {
    await scan.pressSequentially(code, { delay: 5 });
    await scan.press('Enter');
    await page.getByTestId(`till-line-${i}`).waitFor();
    await expect.poll(() => scan.inputValue()).toBe('');
  }
}

async function scanMember(page: Page) {
  await page.keyboard.press('F2');
  await expect.poll(() => active(page)).toBe('till-member');
  await page.keyboard.type(cardNo, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect.poll(() => text(page, 'till-member-name')).toBe('挂单会员');
}

beforeAll(async () => {
  browser = await launchBrowser();
  admin = new HttpApi(baseUrl);
  await admin.login(E2E_ADMIN.username, E2E_ADMIN.password);
  adminName = (await admin.ok('GET', '/api/auth/me')).staff.name;
  store = await admin.ok('POST', '/api/stores', { code: `P${suffix}`, name: storeName, kind: 'direct' });
  tills = [await admin.ok('POST', `/api/stores/${store.id}/tills`, { code: `A${suffix}`, name: '一号机' }), await admin.ok('POST', `/api/stores/${store.id}/tills`, { code: `B${suffix}`, name: '二号机' })];
  await admin.ok('POST', '/api/auth/switch-store', { storeId: store.id, tillId: tills[0]!.id });
  const cardType = await admin.ok('POST', '/api/card-types', { code: `p${suffix}`, name: `挂单卡${suffix}`, validityKind: 'permanent' });
  member = await admin.ok('POST', '/api/members', { name: '挂单会员', phone: `136${suffix}77`.slice(0, 11), homeStoreId: store.id, card: { cardTypeId: cardType.id, cardNo } });
  // ¥100 stored value with 充100送20: principal ¥100.00 + bonus ¥20.00
  const rule = await admin.ok('POST', '/api/topup-rules', { name: `充100送20 ${suffix}`, storeId: store.id, startsOn: null, endsOn: null, tiers: [{ thresholdFen: 10_000, bonusFen: 2_000, points: 0 }], perEvery: false, installmentMonths: null });
  await admin.ok('POST', '/api/topups', { memberId: member.id, amountFen: 10_000, ruleId: rule.id, tenders: [{ method: 'cash', amountFen: 10_000 }] });
  // two goods ¥30.00 and ¥20.00
  for (const [i, listPriceFen] of [3_000, 2_000].entries()) {
    await admin.ok('POST', '/api/products', { code: `P${suffix}${i}`, barcode: barcodes[i], name: `挂单商品${i + 1}`, kind: 'goods', listPriceFen });
  }
  // a service and a count card of 5 uses of it, sold to the member
  const service = await admin.ok('POST', '/api/products', { code: `S${suffix}`, name: `洗车${suffix}`, kind: 'service', listPriceFen: 5_000 });
  serviceId = service.id;
  const card = await admin.ok('POST', '/api/products', { code: `C${suffix}`, name: `洗车5次卡${suffix}`, kind: 'count_card', listPriceFen: 20_000, countCardItems: [{ serviceProductId: service.id, uses: 5, validityDays: 90 }] });
  await admin.ok('POST', '/api/checkout', { memberId: member.id, lines: [{ productId: card.id, quantity: 1 }], rounding: 'none', payments: [{ method: 'cash', amountFen: 20_000 }] });
  // a cashier who may give discounts down to 9折 only
  const role = await admin.ok('POST', '/api/roles', {
    code: `cashier_${suffix}`,
    name: `收银员${suffix}`,
    dataScope: 'all',
    permissions: ['checkout.sell', 'checkout.discount', 'members.view', 'orders.view', 'catalog.view'],
    maxDiscountBp: 9_000,
  });
  await admin.ok('POST', '/api/staff', { username: cashier.username, name: '小李', password: cashier.password, roleId: role.id, homeStoreId: store.id, storeIds: [store.id] });

  adminPage = await newPage(browser, baseUrl);
  await login(adminPage, E2E_ADMIN.username, E2E_ADMIN.password);
});
afterAll(async () => {
  await browser?.close();
});

describe('the till, more', () => {
  it('parks a sale on one till (F6) and resumes it on another (F7)', async () => {
    const page = adminPage;
    await switchStore(page, store.id, tills[0]!.id);
    await page.goto('/checkout');
    await textbox(page, 'till-scan').waitFor();
    await scanMember(page);
    await scanAll(page, barcodes);
    await expect.poll(() => text(page, 'till-total')).toBe('¥50.00');

    await page.keyboard.press('F6');
    const label = textbox(page, 'till-park-label');
    await label.waitFor();
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('till-park-label');
    await page.keyboard.type('靠窗的顾客');
    await page.keyboard.press('Enter');
    await textbox(page, 'till-park-label').waitFor({ state: 'hidden' });
    // the till is free for the next customer
    await expect.poll(() => page.getByTestId('till-line-0').count()).toBe(0);
    expect(await page.getByTestId('till-member-name').count()).toBe(0);
    const parked = await admin.ok<{ items: { label: string; tillId: string | null }[] }>('GET', '/api/parked-orders');
    expect(parked.items.find((p) => p.label === '靠窗的顾客')?.tillId).toBe(tills[0]!.id);

    // the other till of the store
    await switchStore(page, store.id, tills[1]!.id);
    await page.goto('/checkout');
    await textbox(page, 'till-scan').waitFor();
    await page.keyboard.press('F7');
    await page.getByTestId('till-parked-label-0').waitFor();
    await expect.poll(() => text(page, 'till-parked-label-0')).toBe('靠窗的顾客');
    expect(await page.locator('.ant-modal').filter({ has: page.getByTestId('till-parked-label-0') }).innerText()).toContain('挂单会员');
    await page.keyboard.press('Enter');
    await page.getByTestId('till-parked-label-0').waitFor({ state: 'hidden' });
    // the cart and the member are back, priced again by the server
    await expect.poll(() => text(page, 'till-member-name')).toBe('挂单会员');
    await page.getByTestId('till-line-1').waitFor();
    expect(await text(page, 'till-line-0')).toContain('挂单商品1');
    await expect.poll(() => text(page, 'till-total')).toBe('¥50.00');
    // it left the list
    const after = await admin.ok<{ items: { label: string }[] }>('GET', '/api/parked-orders');
    expect(after.items.some((p) => p.label === '靠窗的顾客')).toBe(false);
    // Esc clears the resumed sale (after a confirmation)
    await page.keyboard.press('Escape');
    await page.getByTestId('till-clear-ok').click();
    await expect.poll(() => page.getByTestId('till-line-0').count()).toBe(0);
  });

  it('a cashier gives 7折 and pays with a manager’s authorisation', async () => {
    const page = await newPage(browser, baseUrl);
    await login(page, cashier.username, cashier.password, cashier.newPassword);
    await page.goto('/checkout');
    await textbox(page, 'till-scan').waitFor();
    await scanMember(page);
    await scanAll(page, barcodes);
    await expect.poll(() => text(page, 'till-total')).toBe('¥50.00');

    // 7折 on the first line: deeper than the cashier's 9折, so the quote asks for authorisation
    await page.getByTestId('till-line-0').click();
    await page.keyboard.press('F8');
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('till-discount-value');
    await page.keyboard.type('7');
    await page.keyboard.press('Enter');
    await page.keyboard.type('老顾客');
    await page.keyboard.press('Enter');
    await page.getByTestId('till-discount-value').waitFor({ state: 'hidden' });
    await expect.poll(() => text(page, 'till-total')).toBe('¥41.00');
    await page.getByTestId('till-needs-auth').waitFor();
    expect(await text(page, 'till-needs-auth')).toContain('7');

    // all by stored value
    await page.getByTestId('till-all-stored').click();
    await expect.poll(() => textbox(page, 'till-pay-stored_value').inputValue()).toBe('41.00');
    await expect.poll(() => page.getByTestId('till-problem').count()).toBe(0);

    await page.keyboard.press('F9');
    await textbox(page, 'till-auth-username').waitFor();
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('till-auth-username');
    // a wrong password stays in the dialog, next to the password
    await page.keyboard.type(E2E_ADMIN.username);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("data-testid")')).toBe('till-auth-password');
    await page.keyboard.type('wrong-password');
    await page.keyboard.press('Enter');
    await page.getByTestId('till-auth-password-error').waitFor();
    expect(page.url()).toContain('/checkout');
    // a colleague without the right is refused
    // (the cashier themself holds checkout.discount only)
    await textbox(page, 'till-auth-username').fill(cashier.username);
    await textbox(page, 'till-auth-password').fill(cashier.newPassword);
    await page.keyboard.press('Enter');
    await page.getByTestId('till-auth-username-error').waitFor();
    // the manager
    await textbox(page, 'till-auth-username').fill(E2E_ADMIN.username);
    await textbox(page, 'till-auth-password').fill(E2E_ADMIN.password);
    await page.keyboard.press('Enter');
    await page.getByTestId('till-receipt').waitFor();
    expect(await text(page, 'receipt-total')).toBe('¥41.00');
    expect(await text(page, 'receipt-authorized-by')).toBe(adminName);
    authorisedDocNo = await text(page, 'receipt-doc-no');
    await page.context().close();
  });

  it('returns one line from the sales records with the refund preview, and the balances follow', async () => {
    expect(authorisedDocNo).not.toBe('');
    const before = await wallet();
    const page = adminPage;
    await page.goto('/checkout/orders');
    const search = textbox(page, 'orders-search');
    await search.waitFor();
    await search.fill(authorisedDocNo);
    await search.press('Enter');
    // doc numbers restart per store and day, so other specs' stores may show the same one
    await page.locator('.ant-table-row').filter({ hasText: storeName }).getByTestId(`order-row-${authorisedDocNo}`).click();
    await page.getByTestId('order-drawer').waitFor();
    await expect.poll(() => text(page, 'order-authorized-by')).toBe(adminName);
    expect(await text(page, 'order-total')).toBe('¥41.00');
    // the reprint uses the till's receipt
    expect(await text(page, 'receipt-doc-no')).toBe(authorisedDocNo);

    await page.getByTestId('order-return').click();
    await textbox(page, 'return-qty-1').waitFor();
    // return the second line (¥20.00)
    await textbox(page, 'return-qty-1').fill('1');
    await expect.poll(() => text(page, 'plan-refund')).toBe('¥20.00');
    expect(await text(page, 'plan-goods')).toBe('¥20.00');
    expect(await text(page, 'plan-pay-stored_value')).toBe('¥20.00');
    // stored value goes back in the sale's principal/bonus split (100:20): ¥16.67 + ¥3.33
    const split = await text(page, 'plan-sv-split');
    expect(split).toContain('¥16.67');
    expect(split).toContain('¥3.33');
    const clawback = Number((await text(page, 'plan-points-clawback')).replace(/,/g, ''));
    const returned = Number((await text(page, 'plan-points-returned')).replace(/,/g, ''));
    expect(returned).toBe(0);
    expect(await page.getByTestId('plan-shortfall').count()).toBe(0);

    await page.getByTestId('return-reason').fill('顾客不想要了');
    await page.getByTestId('order-return-ok').click();
    await textbox(page, 'return-qty-1').waitFor({ state: 'hidden' });
    await expect.poll(() => text(page, 'order-returned-2')).toBe('1');
    expect(await text(page, 'order-returns')).toContain('顾客不想要了');

    const after = await wallet();
    expect(after.principalFen - before.principalFen).toBe(1_667);
    expect(after.bonusFen - before.bonusFen).toBe(333);
    expect(before.points - after.points).toBe(clawback);
  });

  it('takes one use of the count card at the till (F3) and prints the slip', async () => {
    const page = adminPage;
    const before = (await wallet()).uses.find((u) => u.itemId === serviceId)?.balance;
    expect(before).toBe(5);
    await page.goto('/checkout');
    await textbox(page, 'till-scan').waitFor();
    await scanMember(page);
    await page.getByTestId('till-uses').waitFor();
    await expect.poll(() => text(page, 'till-balance-uses')).toBe('5');
    await page.keyboard.press('F3');
    await page.getByTestId('till-uses-balance-0').waitFor();
    expect(await text(page, 'till-uses-balance-0')).toBe('5');
    // one use of the only item is chosen already
    await expect.poll(() => textbox(page, 'till-uses-count-0').inputValue()).toBe('1');
    const keys: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/checkout/use-uses') keys.push(r.headers()['idempotency-key'] ?? '');
    });
    await page.getByTestId('till-uses-ok').click();
    await page.getByTestId('till-uses-slip').waitFor();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await text(page, 'uses-slip-used-0')).toBe('1');
    expect(await text(page, 'uses-slip-left-0')).toBe('4');
    await page.getByTestId('till-uses-close').click();
    // the member panel refreshes
    await expect.poll(() => text(page, 'till-balance-uses')).toBe('4');
    expect((await wallet()).uses.find((u) => u.itemId === serviceId)?.balance).toBe(4);
  });
});
