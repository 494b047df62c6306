import type { Page } from 'playwright-core';
import { textbox } from './browser';

/** A 满减券 as typed into the template form: amounts in yuan, as the cashier types them. */
export interface ThresholdTemplate {
  name: string;
  threshold: string;
  amount: string;
  perMember: string;
  /** left empty: no limit on the number issued */
  total?: string;
}

/** Opens a new coupon template from its list and fills in a 满减券; the form stays open (for its preview). */
export async function fillThresholdTemplate(page: Page, template: ThresholdTemplate) {
  await page.goto('/marketing/coupon-templates');
  await page.getByTestId('template-new').click();
  await textbox(page, 'template-name').fill(template.name);
  await page.getByTestId('template-kind').getByText('满减券').click();
  await textbox(page, 'template-threshold').fill(template.threshold);
  await textbox(page, 'template-amount').fill(template.amount);
  await textbox(page, 'template-per-member').fill(template.perMember);
  if (template.total) await textbox(page, 'template-total').fill(template.total);
}

/** Saves the open template form and waits for the template in the list. */
export async function saveTemplate(page: Page, name: string) {
  await page.getByTestId('template-form-submit').click();
  await page.getByTestId('templates-table').getByText(name).first().waitFor();
}
