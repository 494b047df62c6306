import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** antd puts data-testid on the input or on its wrapper, depending on prefix/suffix/allowClear. */
export const textbox = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
/** The text shown by the first element with this test id. */
export const textOf = (page: Page, testId: string) => page.getByTestId(testId).first().innerText();

export async function newPage(browser: Browser, baseUrl: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', viewport: { width: 1366, height: 860 } });
  return context.newPage();
}

/** Signs in through the login page; handles the forced first-login password change. */
export async function login(page: Page, username: string, password: string, newPassword?: string) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  if (newPassword) {
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const inputs = dialog.locator('input[type="password"]');
    await inputs.nth(0).fill(password);
    await inputs.nth(1).fill(newPassword);
    if ((await inputs.count()) > 2) await inputs.nth(2).fill(newPassword);
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await dialog.waitFor({ state: 'hidden' });
  }
  await page.getByTestId('main-menu').waitFor();
}

/** Switches the browser session's store (and till) through the API — the header switcher offers stores only — then reloads. */
export async function switchStore(page: Page, storeId: string, tillId?: string) {
  const status = await page.evaluate(
    async ([store, till]) => {
      // runs in the page: the root tsconfig has no DOM types, so reach the cookie through globalThis
      const cookie = (globalThis as unknown as { document: { cookie: string } }).document.cookie;
      const csrf = cookie
        .split(';')
        .map((c: string) => c.trim())
        .find((c: string) => c.startsWith('csrf='))
        ?.slice(5);
      const res = await fetch('/api/auth/switch-store', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf ?? '') },
        body: JSON.stringify({ storeId: store, ...(till ? { tillId: till } : {}) }),
      });
      return res.status;
    },
    [storeId, tillId] as const,
  );
  if (status !== 200) throw new Error(`switch-store answered ${status}`);
  await page.reload();
}
