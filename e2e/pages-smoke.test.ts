/**
 * Smoke test of the parts, feedback and portal pages in a real browser: each page renders its own
 * heading and its table or form (not the route error, a 403/404 or a failed query), and the browser
 * reports no uncaught error and no console error (a failed API call logs one) while it does.
 * One app, one browser, one test per role; a screenshot only of a page that fails.
 */
import fs from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AppProcess, createDataDir, startApp } from './app-process.js';
import { DESKTOP, launchBrowser, signIn, snapshot } from './browser.js';

process.env.TZ = 'Asia/Shanghai';

const chromiumPath = inject('chromium');
let app: AppProcess;
let dataDir: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
/** What the browser reported since the last check: uncaught errors and console errors. */
const errors: string[] = [];

/** What the route error boundary, a refused page and a failed query render (antd Result). */
const ERROR_STATE = '.ant-result-error, .ant-result-403, .ant-result-404, .ant-result-500';

type Expectation = { heading?: string; testIds?: string[] };

function watchErrors(page: Page) {
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
}

async function settle(page: Page) {
  // Late queries of the page: wait until the network is quiet (bounded: some pages poll).
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
}

/** Checks the page now shown; returns a failure description, or nothing when it rendered. */
async function check(page: Page, errors: string[], name: string, expected: Expectation): Promise<string | undefined> {
  try {
    if (expected.heading)
      await page.locator('.page-header', { hasText: expected.heading }).first().waitFor({ state: 'visible' });
    for (const testId of expected.testIds ?? []) await page.getByTestId(testId).first().waitFor({ state: 'visible' });
    await settle(page);
    const errorStates = await page.locator(ERROR_STATE).allInnerTexts();
    if (errorStates.length) throw new Error(`error state shown: ${errorStates.join(' | ').replace(/\s+/g, ' ')}`);
    if (errors.length) throw new Error(errors.join('\n'));
    return undefined;
  } catch (error) {
    const shown = await page
      .locator(ERROR_STATE)
      .allInnerTexts()
      .catch(() => []);
    await snapshot(page, `pages-smoke-${name.replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
    return `${name} (${page.url()}): ${(error as Error).message}${shown.length ? `\n  shown: ${shown.join(' | ').replace(/\s+/g, ' ')}` : ''}${errors.length ? `\n  ${errors.join('\n  ')}` : ''}`;
  } finally {
    errors.length = 0;
  }
}

async function visit(page: Page, errors: string[], path: string, expected: Expectation) {
  await page.goto(`${app.baseUrl}${path}`);
  return check(page, errors, path, expected);
}

/** Clicks every tab of the first tab strip under `scope` and checks each panel. */
async function eachTab(
  page: Page,
  errors: string[],
  name: string,
  expectedFor: (label: string) => Expectation,
): Promise<string[]> {
  const failures: string[] = [];
  const tabs = page.locator('.ant-tabs').first().locator('[role="tab"]');
  const labels = (await tabs.allInnerTexts()).map((label) => label.trim());
  if (labels.length === 0) return [`${name}: no tabs found`];
  for (const label of labels) {
    await tabs.filter({ hasText: label }).first().click();
    await page
      .locator('.ant-tabs')
      .first()
      .locator('[role="tab"][aria-selected="true"]', { hasText: label })
      .waitFor({ state: 'visible' });
    const failure = await check(page, errors, `${name} tab ${label}`, expectedFor(label));
    if (failure) failures.push(failure);
  }
  return failures;
}

beforeAll(async () => {
  if (!chromiumPath) return;
  dataDir = await createDataDir();
  app = await startApp({ dataDir });
  browser = await launchBrowser(chromiumPath, DESKTOP);
  watchErrors(browser.page);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

async function signOut(page: Page) {
  await page.context().clearCookies();
}

describe.skipIf(!chromiumPath)('pages render', () => {
  it('parts keeper (parts.bj): catalogue, part detail tabs, stock, purchasing, loaners, statistics', async () => {
    const { page } = browser;
    await signOut(page);
    await signIn(page, app.baseUrl, 'parts.bj');
    errors.length = 0;
    const failures: string[] = [];
    const record = (failure: string | undefined) => failure && failures.push(failure);

    record(await visit(page, errors, '/parts', { heading: '配件目录', testIds: ['part-table', 'part-link'] }));
    // The first demo part, through the list: its detail page shows its code and every tab renders.
    const firstPart = page.getByTestId('part-link').first();
    const partCode = (await firstPart.innerText()).trim();
    await firstPart.click();
    await page.waitForURL(/\/parts\/\d+$/);
    record(await check(page, errors, 'part detail', { heading: partCode }));
    const tabFailures = await eachTab(page, errors, 'part detail', (label) =>
      label === '各仓库存'
        ? { testIds: ['part-stock-table'] }
        : label === '价格历史'
          ? { testIds: ['price-current'] }
          : {},
    );
    failures.push(...tabFailures);

    const pages: [string, Expectation][] = [
      ['/suppliers', { heading: '供应商', testIds: ['supplier-table'] }],
      ['/warehouses', { heading: '仓库与随车库', testIds: ['warehouse-table'] }],
      ['/stock', { heading: '仓库库存', testIds: ['stock-table'] }],
      ['/stock-ledger', { heading: '库存台账', testIds: ['ledger-table'] }],
      ['/transfers', { heading: '调拨单', testIds: ['transfer-table'] }],
      ['/transfers/new', { heading: '新建调拨', testIds: ['transfer-from'] }],
      ['/receipts/new', { heading: '验收入库', testIds: ['receipt-warehouse'] }],
      ['/parts/requests', { heading: '配件申请队列', testIds: ['part-requests-table'] }],
      ['/parts/faulty-returns', { heading: '旧件返还与不合格品处理', testIds: ['faulty-returns-table'] }],
      ['/stocktakes', { heading: '库存盘点', testIds: ['stocktake-table'] }],
      ['/reorder-suggestions', { heading: '采购建议', testIds: ['reorder-table'] }],
      ['/purchase-requests', { heading: '采购计划', testIds: ['purchase-table'] }],
      ['/purchase-requests/new', { heading: '新建采购计划', testIds: ['purchase-supplier', 'purchase-warehouse'] }],
      ['/parts/loaners', { heading: '备用机池', testIds: ['loaner-units-table'] }],
      ['/parts/loans', { heading: '备用机借用记录', testIds: ['loans-table'] }],
    ];
    for (const [path, expected] of pages) record(await visit(page, errors, path, expected));

    record(await visit(page, errors, '/parts/stats', { heading: '配件统计', testIds: ['stats-consumption-table'] }));
    const statsTables: Record<string, string> = {
      消耗统计: 'stats-consumption-table',
      库存金额: 'stats-stock-value-table',
      呆滞件: 'stats-slow-movers-table',
      三包件成本: 'stats-warranty-cost-table',
    };
    failures.push(
      ...(await eachTab(page, errors, 'parts stats', (label) => ({
        heading: '配件统计',
        testIds: statsTables[label] ? [statsTables[label]] : [],
      }))),
    );

    expect(failures, failures.join('\n\n')).toEqual([]);
  });

  it('station manager (manager.bj): surveys, satisfaction, complaints, return visits', async () => {
    const { page } = browser;
    await signOut(page);
    await signIn(page, app.baseUrl, 'manager.bj');
    errors.length = 0;
    const failures: string[] = [];
    const pages: [string, Expectation][] = [
      ['/feedback/surveys', { heading: '满意度调查', testIds: ['survey-table'] }],
      ['/feedback/satisfaction', { heading: '客户满意率', testIds: ['satisfaction-table'] }],
      ['/feedback/complaints', { heading: '客户投诉', testIds: ['complaint-table'] }],
      ['/feedback/complaints/new', { heading: '登记投诉', testIds: ['complaint-description-input'] }],
      ['/feedback/return-visits', { heading: '回访队列', testIds: ['return-visit-table'] }],
    ];
    for (const [path, expected] of pages) {
      const failure = await visit(page, errors, path, expected);
      if (failure) failures.push(failure);
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
  });

  it('public portal without an account: request and track pages', async () => {
    const { page } = browser;
    await signOut(page);
    errors.length = 0;
    const failures: string[] = [];
    await page.goto(`${app.baseUrl}/portal`);
    const request = await check(page, errors, '/portal', { testIds: ['portal', 'portal-name', 'portal-submit'] });
    if (request) failures.push(request);
    expect(page.url()).toBe(`${app.baseUrl}/portal`);
    await page.getByTestId('portal-tab-track').click();
    await page.waitForURL(/\/portal\/track$/);
    const track = await check(page, errors, '/portal/track', {
      testIds: ['portal-track-number', 'portal-track-phone', 'portal-track-submit'],
    });
    if (track) failures.push(track);
    expect(failures, failures.join('\n\n')).toEqual([]);
  });
});
