/**
 * Main journeys in a real browser against the built app: an agent registers a customer with
 * equipment, finds it by a phone fragment and switches the language; an engineer on a phone-sized
 * screen sees the phone masked and reveals it.
 */
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AppProcess, createDataDir, startApp } from './app-process.js';
import { DESKTOP, launchBrowser, PHONE, signIn, snapshot } from './browser.js';

const chromiumPath = inject('chromium');
let app: AppProcess;
let dataDir: string;
let customerPath = '';

beforeAll(async () => {
  if (!chromiumPath) return;
  dataDir = await createDataDir();
  app = await startApp({ dataDir });
});
afterAll(async () => {
  await app?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

describe.skipIf(!chromiumPath)('browser journeys', () => {
  it('an agent creates a customer with equipment, finds it by a phone fragment and switches to English', async () => {
    const browser = await launchBrowser(chromiumPath!, DESKTOP);
    const { page } = browser;
    try {
      await signIn(page, app.baseUrl, 'agent.bj');
      await expect.poll(() => page.getByTestId('header-station').textContent()).toContain('北京售后站');

      // Bad input is refused next to the field, in Chinese.
      await page.goto(`${app.baseUrl}/customers/new`);
      await page.locator('#phone').fill('12345');
      await page.getByTestId('customer-form-submit').click();
      await expect
        .poll(() => page.locator('.ant-form-item-explain-error').allTextContents())
        .toEqual(expect.arrayContaining([expect.stringContaining('电话号码格式不正确')]));

      await page.locator('#name').fill('浏览器测试机械有限公司');
      await page.locator('#phone').fill('13911112222');
      await page.getByTestId('customer-form-submit').click();
      await page.waitForURL(/\/customers\/\d+$/);
      customerPath = new URL(page.url()).pathname;
      await expect.poll(() => page.getByTestId('customer-phone').textContent()).toBe('13911112222');

      // Edit it: the saved edit returns to the detail page with the new value.
      await page.getByTestId('customer-edit').click();
      await page.waitForURL(/\/edit$/);
      await page.locator('#addressDetail').fill('科技园路 8 号');
      await page.getByTestId('customer-form-submit').click();
      await page.waitForURL(/\/customers\/\d+$/);
      await expect.poll(() => page.getByTestId('customer-address').textContent()).toContain('科技园路 8 号');

      // Register equipment for the customer.
      const customerId = customerPath.split('/').pop();
      await page.goto(`${app.baseUrl}/equipment/new?customerId=${customerId}`);
      await page.locator('#serialNo').fill('E2E-SN-0001');
      await page.locator('#modelId').click();
      await page.locator('.ant-select-item-option').first().click();
      await page.getByTestId('equipment-form-submit').click();
      await page.waitForURL(/\/equipment\/\d+$/);
      await expect.poll(() => page.getByText('E2E-SN-0001').count()).toBeGreaterThan(0);
      await snapshot(page, 'agent-equipment-detail');

      // Find the customer again by a fragment of the phone number.
      await page.goto(`${app.baseUrl}/customers`);
      await page.getByTestId('customer-search').fill('1111222');
      await page.getByTestId('customer-search').press('Enter');
      await expect.poll(() => page.getByTestId('customer-link').allTextContents()).toEqual(['浏览器测试机械有限公司']);
      expect(page.url()).toContain('q=1111222');
      await snapshot(page, 'agent-customer-search');

      // Switch the interface to English.
      await page.getByTestId('lang-switch').click();
      await expect.poll(() => page.getByTestId('side-menu').textContent()).toContain('Customers');
      await expect.poll(() => page.locator('body').textContent()).not.toContain('客户级别');
      await snapshot(page, 'agent-customers-en');
    } finally {
      await browser.close();
    }
  });

  it('an engineer on a phone sees the customer phone masked and can reveal it', async () => {
    expect(customerPath).not.toBe('');
    const browser = await launchBrowser(chromiumPath!, PHONE);
    const { page } = browser;
    try {
      await signIn(page, app.baseUrl, 'engineer.bj');
      await expect.poll(() => page.getByTestId('menu-toggle').isVisible()).toBe(true);
      await page.goto(`${app.baseUrl}${customerPath}`);
      await expect.poll(() => page.getByTestId('customer-phone').textContent()).toBe('139****2222');
      await snapshot(page, 'engineer-phone-masked');
      await page.getByTestId('reveal-button').click();
      await expect.poll(() => page.getByTestId('customer-phone').textContent()).toBe('13911112222');
      // The page fits the phone: nothing wider than the screen.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await snapshot(page, 'engineer-phone-revealed');
    } finally {
      await browser.close();
    }
  });
});
