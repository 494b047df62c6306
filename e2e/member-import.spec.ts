import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpApi } from './api';
import { launchBrowser, login, newPage } from './browser';
import { E2E_ADMIN } from './global-setup';

const baseUrl = inject('baseUrl');
const suffix = Date.now().toString().slice(-6);
let browser: Browser;
let admin: HttpApi;
let storeCode: string;

beforeAll(async () => {
  browser = await launchBrowser();
  admin = new HttpApi(baseUrl);
  await admin.login(E2E_ADMIN.username, E2E_ADMIN.password);
  storeCode = `I${suffix}`;
  await admin.ok('POST', '/api/stores', { code: storeCode, name: `导入店${suffix}`, kind: 'direct' });
});
afterAll(async () => {
  await browser?.close();
});

describe('member import in the browser', () => {
  it('validates a CSV first, shows the bad row, and imports after the file is fixed', async () => {
    const phones = [1, 2, 3].map((i) => `135${suffix}${String(i).padStart(2, '0')}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-import-'));
    const write = (name: string, badPhone: string) => {
      const file = path.join(dir, name);
      const rows = [['姓名', '手机号', '门店编码'], ['导入一', phones[0], storeCode], ['导入二', badPhone, storeCode], ['导入三', phones[2], storeCode]];
      fs.writeFileSync(file, `\ufeff${rows.map((r) => r.join(',')).join('\n')}\n`);
      return file;
    };
    const page = await newPage(browser, baseUrl);
    await login(page, E2E_ADMIN.username, E2E_ADMIN.password);

    const run = async (file: string) => {
      await page.goto('/members/import');
      await page.locator('input[type="file"]').setInputFiles(file);
      await page.getByRole('button', { name: /开始校验/ }).click();
      await expect.poll(() => page.getByText(/校验通过|行有误/).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    };

    await run(write('bad.csv', '12345'));
    expect(await page.getByText('1 / 3 行有误').count()).toBe(1);
    const errors = await page.locator('.ant-table-row').allInnerTexts();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('手机号');
    expect(await page.getByRole('button', { name: /开始导入/ }).isDisabled()).toBe(true);
    expect((await admin.ok('GET', `/api/members?q=${phones[0]}`)).total).toBe(0);

    await run(write('fixed.csv', phones[1] ?? ''));
    await page.getByText('全部 3 行校验通过').waitFor();
    await page.getByRole('button', { name: /开始导入/ }).click();
    await page.getByText('导入完成').waitFor({ timeout: 20_000 });
    for (const p of phones) expect((await admin.ok('GET', `/api/members?q=${p}`)).total).toBe(1);
    await page.context().close();
  });
});
