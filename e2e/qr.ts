import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';

/** What a QR scanner would read from the page's QR image (a PNG data URL) with this test id. */
export async function readQr(page: Page, testId: string): Promise<string | null> {
  const src = await page.getByTestId(testId).getAttribute('src');
  if (!src?.startsWith('data:image/png;base64,')) return null;
  const png = PNG.sync.read(Buffer.from(src.slice('data:image/png;base64,'.length), 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}
