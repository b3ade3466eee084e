/**
 * Stock journeys in a real browser against the built app (PRT-3, PRT-4, PRT-5, DSP-7), each checked
 * on screen and then in the database and its ledger:
 * 1. Stocktake on a 390 px phone: the parts keeper (parts.bj) counts a warehouse blind (no book
 *    quantity on the sheet or in its API answers), stock moves during the count, the station manager
 *    (manager.bj) gives 盘盈/盘亏 reasons and approves; the adjustments are on the ledger; a second
 *    approval from a page loaded earlier is refused.
 * 2. Purchasing: a reorder suggestion becomes a purchase request to its supplier, approved, received
 *    in two deliveries with acceptance inspection (partially → fully received); a receipt against a
 *    request closed meanwhile is refused with the reason shown in the dialog.
 * 3. Transfer: WH-BJ ships to WH-SH (stock leaves, in transit at the target), manager.sh receives.
 * 4. Loaners: a unit lent on a ticket (no loaner task needed) and taken back damaged (→ repair); the
 *    parts keeper prints the ticket's repair record (phone masked); an overdue loan is listed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiClient } from '../server/test/api-client.js';
import { type AppProcess, createDataDir, startApp } from './app-process.js';
import { DESKTOP, launchBrowser, signIn, snapshot } from './browser.js';

const PHONE_390 = { width: 390, height: 844 };
const JOURNEY = { timeout: 90_000 };
process.env.TZ = 'Asia/Shanghai';

const chromiumPath = inject('chromium');
let app: AppProcess;
let dataDir: string;
let db: pg.Client;
let admin: ApiClient;
let keeper: ApiClient; // parts.bj
let manager: ApiClient; // manager.bj
let managerSh: ApiClient;
const ids = { BJ: 0, WH_BJ: 0, WH_SH: 0, keeper: 0, supplier: 0 };

beforeAll(async () => {
  if (!chromiumPath) return;
  dataDir = await createDataDir();
  app = await startApp({ dataDir });
  db = new pg.Client({ host: path.join(dataDir, 'run'), port: 5432, user: 'postgres', database: 'aftercare' });
  db.on('error', () => undefined);
  await db.connect();
  [admin, keeper, manager, managerSh] = ['admin', 'parts.bj', 'manager.bj', 'manager.sh'].map(
    () => new ApiClient(app.baseUrl),
  );
  await admin.signIn('admin', 'Demo2026');
  await keeper.signIn('parts.bj', 'Demo2026');
  await manager.signIn('manager.bj', 'Demo2026');
  await managerSh.signIn('manager.sh', 'Demo2026');
  const row = async (text: string, params: unknown[] = []) => (await db.query(text, params)).rows[0];
  ids.BJ = (await row(`select id from stations where code = 'BJ'`)).id;
  ids.WH_BJ = (await row(`select id from warehouses where code = 'WH-BJ'`)).id;
  ids.WH_SH = (await row(`select id from warehouses where code = 'WH-SH'`)).id;
  ids.keeper = (await row(`select id from users where username = 'parts.bj'`)).id;
  ids.supplier = (await row(`select id from suppliers where code = 'SUP-SIEMENS'`)).id;
});
afterAll(async () => {
  await db?.end().catch(() => undefined);
  await app?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

async function ok<T = any>(promise: Promise<{ status: number; body: T }>): Promise<T> {
  const response = await promise;
  if (response.status !== 200 && response.status !== 201)
    throw new Error(`${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** A catalogue part with today's cost, and good stock received into `warehouseId`. */
async function partWithStock(
  code: string,
  options: { warehouseId?: number; onHand?: number; costFen?: number; reorderPoint?: number; reorderQuantity?: number },
) {
  const part = await ok(
    keeper.post('/api/parts', {
      code,
      name: `旅程配件 ${code}`,
      category: 'electrical',
      reorderPoint: options.reorderPoint ?? 0,
      reorderQuantity: options.reorderQuantity ?? 0,
      defaultSupplierId: ids.supplier,
    }),
  );
  if (options.costFen)
    await ok(
      keeper.post(`/api/parts/${part.id}/prices`, {
        effectiveFrom: today(),
        priceFen: options.costFen * 2,
        costFen: options.costFen,
      }),
    );
  if (options.onHand) await receive(options.warehouseId ?? ids.WH_BJ, part.id, options.onHand);
  return part as { id: number; code: string };
}

const receive = (warehouseId: number, partId: number, quantity: number) =>
  ok(
    keeper.post('/api/receipts', {
      warehouseId,
      reference: 'E2E',
      lines: [{ partId, receivedQuantity: quantity, acceptedQuantity: quantity }],
    }),
  );

async function balance(warehouseId: number, partId: number): Promise<number> {
  const { rows } = await db.query(
    `select on_hand from stock where warehouse_id = $1 and part_id = $2 and condition = 'good'`,
    [warehouseId, partId],
  );
  return rows[0]?.on_hand ?? 0;
}

/** Every balance equals the sum of its ledger entries (PRT-3). */
async function expectLedgerAgrees() {
  const { rows } = await db.query(
    `select s.warehouse_id, s.part_id, s.condition from stock s
       left join stock_ledger l on l.warehouse_id = s.warehouse_id and l.part_id = s.part_id and l.condition = s.condition
      group by s.warehouse_id, s.part_id, s.condition, s.on_hand, s.reserved
     having s.on_hand <> coalesce(sum(l.quantity), 0) or s.reserved <> coalesce(sum(l.reserved_delta), 0)`,
  );
  expect(rows).toEqual([]);
}

/** The <input> of an antd input component with this test id (on the input itself or its wrapper). */
const inputOf = (locator: Locator) => locator.locator('xpath=descendant-or-self::input').first();

/** Picks the option containing `text` in the antd Select with test id `testId` (typing it first when `search`). */
async function choose(page: Page, testId: string, text: string, search = false) {
  await page.getByTestId(testId).click();
  if (search) await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
}

/** The text of a cell (0-based column) of the row of the part stock tab for a warehouse. */
const stockCell = (page: Page, warehouseCode: string, column: number) =>
  page.locator(`[data-testid="part-stock-table"] tr[data-warehouse-code="${warehouseCode}"] td`).nth(column);
const ON_HAND = 2;
const IN_TRANSIT = 6;

async function openStockTab(page: Page, partId: number) {
  await page.goto(`${app.baseUrl}/parts/${partId}`);
  await page.getByRole('tab', { name: '各仓库存' }).click();
}

describe.skipIf(!chromiumPath)('stock journeys', () => {
  it(
    'stocktake on a 390 px phone: blind count, a movement meanwhile, reasons, approval once, ledger adjustments',
    JOURNEY,
    async () => {
      const warehouse = await ok(
        keeper.post('/api/warehouses', { code: 'WH-BJ-E2E', name: '盘点旅程库', stationId: ids.BJ, kind: 'station' }),
      );
      const a = await partWithStock('ST-E2E-A', { warehouseId: warehouse.id, onHand: 10, costFen: 1500 });
      const b = await partWithStock('ST-E2E-B', { warehouseId: warehouse.id, onHand: 5, costFen: 800 });
      const c = await partWithStock('ST-E2E-C', { warehouseId: warehouse.id, onHand: 4 });
      let stocktakeId = 0;

      const phone = await launchBrowser(chromiumPath!, PHONE_390);
      try {
        const { page } = phone;
        // Every answer of the count sheet's API is kept: none may carry a book quantity.
        const answers: string[] = [];
        page.on('response', async (response) => {
          const url = new URL(response.url());
          if (/^\/api\/stocktakes(\/\d+)?(\/counts|\/submit)?$/.test(url.pathname))
            answers.push(await response.text().catch(() => ''));
        });
        await signIn(page, app.baseUrl, 'parts.bj');
        await page.goto(`${app.baseUrl}/stocktakes`);
        await page.getByTestId('stocktake-start').click();
        await choose(page, 'stocktake-warehouse', 'WH-BJ-E2E');
        await page.getByTestId('stocktake-start-confirm').click();
        await page.waitForURL(/\/stocktakes\/\d+$/);
        stocktakeId = Number(new URL(page.url()).pathname.split('/').pop());
        const lineA = page.getByTestId('count-line-ST-E2E-A');
        const lineB = page.getByTestId('count-line-ST-E2E-B');
        const lineC = page.getByTestId('count-line-ST-E2E-C');
        await expect.poll(() => lineA.textContent()).toContain('未盘点');

        // A by its line: 8 counted (book 10).
        await inputOf(lineA.getByTestId('count-line-quantity')).fill('8');
        await lineA.getByTestId('count-line-save').click();
        await expect.poll(() => lineA.textContent()).toContain('已盘 8');
        // Stock moves during the count (API): 5 more of A arrive after A was counted, 3 more of C before.
        await receive(warehouse.id, a.id, 5);
        await receive(warehouse.id, c.id, 3);
        // B scanned: code, quantity, save (6 counted, book 5).
        await inputOf(page.getByTestId('count-code')).fill('ST-E2E-B');
        await inputOf(page.getByTestId('count-quantity')).fill('6');
        await page.getByTestId('count-save').click();
        await expect.poll(() => lineB.textContent()).toContain('已盘 6');
        // The line shows the scanned count in its own input too (ready for a recount).
        await expect.poll(() => inputOf(lineB.getByTestId('count-line-quantity')).inputValue()).toBe('6');
        // C: 7 counted (book 4 + 3 received meanwhile).
        await inputOf(lineC.getByTestId('count-line-quantity')).fill('7');
        await lineC.getByTestId('count-line-save').click();
        await expect.poll(() => lineC.textContent()).toContain('已盘 7');
        await expect.poll(() => page.getByTestId('stocktake-progress').textContent()).toContain('3');

        // Blind: no book quantity on the sheet nor in any answer it received; nothing wider than the phone.
        const body = await page.locator('body').textContent();
        expect(body).not.toContain('账面');
        expect(answers.length).toBeGreaterThanOrEqual(4);
        for (const answer of answers) expect(answer).not.toContain('bookQuantity');
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE_390.width);
        await snapshot(page, 'parts-stocktake-phone-counted');

        await page.getByTestId('stocktake-submit').click();
        await expect
          .poll(() => page.getByTestId('stocktake-status').first().getAttribute('data-status'))
          .toBe('submitted');
        expect(await page.locator('body').textContent()).not.toContain('账面');
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE_390.width);
      } finally {
        await phone.close();
      }

      // The station manager reviews the variance: two pages loaded before the approval.
      const desk = await launchBrowser(chromiumPath!, DESKTOP);
      try {
        const { page } = desk;
        await signIn(page, app.baseUrl, 'manager.bj');
        const stale = await desk.context.newPage();
        for (const p of [page, stale]) {
          await p.goto(`${app.baseUrl}/stocktakes/${stocktakeId}`);
          await expect.poll(() => p.getByTestId('variance-ST-E2E-A').textContent()).toBe('盘亏 -2');
          await expect.poll(() => p.getByTestId('variance-ST-E2E-B').textContent()).toBe('盘盈 +1');
          // Moved stock is no variance: C was counted against the book at its count (7).
          await expect(p.getByTestId('variance-ST-E2E-C').count()).resolves.toBe(0);
          await p.getByTestId('variance-reason-ST-E2E-A').fill('领用未登记');
          await p.getByTestId('variance-reason-ST-E2E-B').fill('上次收货漏记');
        }
        await page.getByTestId('stocktake-approve').click();
        await expect
          .poll(() => page.getByTestId('stocktake-status').first().getAttribute('data-status'))
          .toBe('approved');
        await expect(page.getByTestId('stocktake-approve').count()).resolves.toBe(0);
        await snapshot(page, 'parts-stocktake-approved');

        // Approving again from the page loaded earlier: refused, saying why.
        await stale.getByTestId('stocktake-approve').click();
        await expect.poll(() => stale.locator('.ant-message').textContent()).toContain('已审批');

        // The ledger page shows the two adjustments with their reasons.
        await page.goto(`${app.baseUrl}/stock-ledger?warehouseId=${warehouse.id}`);
        const adjustments = page.locator('tr[data-kind="adjustment"]');
        await expect.poll(() => adjustments.count()).toBe(2);
        const adjustmentA = adjustments.filter({ hasText: 'ST-E2E-A' });
        await expect.poll(() => adjustmentA.textContent()).toContain('盘点调整');
        expect(await adjustmentA.textContent()).toContain('-2');
        expect(await adjustmentA.textContent()).toContain('领用未登记');
        expect(await adjustments.filter({ hasText: 'ST-E2E-B' }).textContent()).toContain('+1');
      } finally {
        await desk.close();
      }

      // The database: one adjustment per variance, applied to the current on-hand; ledger = stock.
      const { rows: entries } = await db.query(
        `select part_id, quantity, note, unit_cost_fen from stock_ledger where stocktake_id = $1 order by part_id`,
        [stocktakeId],
      );
      expect(entries).toEqual([
        { part_id: a.id, quantity: -2, note: '领用未登记', unit_cost_fen: 1500 },
        { part_id: b.id, quantity: 1, note: '上次收货漏记', unit_cost_fen: 800 },
      ]);
      expect(await balance(warehouse.id, a.id)).toBe(13); // 10 + 5 received during the count − 2
      expect(await balance(warehouse.id, b.id)).toBe(6);
      expect(await balance(warehouse.id, c.id)).toBe(7);
      const [sheet] = (await db.query('select status, approved_by from stocktakes where id = $1', [stocktakeId])).rows;
      expect(sheet.status).toBe('approved');
      await expectLedgerAgrees();
      // And through the API: a second approval is 409, nothing more posted.
      const current = await ok(manager.get(`/api/stocktakes/${stocktakeId}`));
      const twice = await manager.post(`/api/stocktakes/${stocktakeId}/approve`, { version: current.version });
      expect(twice.status).toBe(409);
      expect(twice.body.error.message).toContain('已审批');
      expect(
        (await db.query('select count(*)::int as n from stock_ledger where stocktake_id = $1', [stocktakeId])).rows[0]
          .n,
      ).toBe(2);
    },
  );

  it(
    'purchasing: reorder suggestion → request → approval → two inspected receipts; a closed request refuses a receipt',
    JOURNEY,
    async () => {
      const part = await partWithStock('PUR-E2E-A', { onHand: 2, costFen: 2500, reorderPoint: 5, reorderQuantity: 10 });
      let requestId = 0;

      const desk = await launchBrowser(chromiumPath!, DESKTOP);
      try {
        const { page } = desk;
        await signIn(page, app.baseUrl, 'parts.bj');
        await page.goto(`${app.baseUrl}/reorder-suggestions?warehouseId=${ids.WH_BJ}`);
        await expect.poll(() => page.getByTestId('reorder-quantity-PUR-E2E-A').textContent()).toBe('10');
        const row = page.locator('tr', { has: page.getByTestId('reorder-row-PUR-E2E-A') });
        await row.locator('.ant-checkbox-input').check();
        await page.getByTestId('reorder-create-request').click();
        await page.waitForURL(/\/purchase-requests\/new$/);
        await expect.poll(() => page.getByTestId('purchase-line-0').textContent()).toContain('PUR-E2E-A');
        await page.getByTestId('purchase-save').click();
        await page.waitForURL(/\/purchase-requests\/\d+$/);
        requestId = Number(new URL(page.url()).pathname.split('/').pop());
        const status = page.getByTestId('purchase-status');
        await expect.poll(() => status.textContent()).toBe('草稿');
        await page.getByTestId('purchase-submit').click();
        await expect.poll(() => status.textContent()).toBe('待审批');

        // The station manager approves with a note.
        const boss = await launchBrowser(chromiumPath!, DESKTOP);
        try {
          await signIn(boss.page, app.baseUrl, 'manager.bj');
          await boss.page.goto(`${app.baseUrl}/purchase-requests/${requestId}`);
          await boss.page.getByTestId('purchase-approve').click();
          await boss.page.getByTestId('purchase-note').fill('同意，本月采购');
          await boss.page.getByTestId('purchase-note-ok').click();
          await expect.poll(() => boss.page.getByTestId('purchase-status').textContent()).toBe('已批准');
        } finally {
          await boss.close();
        }

        // First delivery: 7 arrive, 6 pass the inspection, 1 is rejected.
        await page.reload();
        await expect.poll(() => status.textContent()).toBe('已批准');
        expect(await page.getByTestId('purchase-decision-note').textContent()).toBe('同意，本月采购');
        await page.getByTestId('purchase-receive').click();
        const line = page.getByTestId('receive-line-PUR-E2E-A');
        await inputOf(line.getByTestId('receive-accepted')).fill('6');
        await inputOf(line.getByTestId('receive-rejected')).fill('1');
        await page.getByLabel('验收说明').fill('外观检查：1 件外壳破损，退供应商');
        await page.getByTestId('purchase-receive-ok').click();
        await expect.poll(() => status.textContent()).toBe('部分到货');
        const lines = page.getByTestId('purchase-lines');
        const cells = lines.locator('tr.ant-table-row').first().locator('td');
        // quantity · received · rejected at inspection · outstanding
        await expect.poll(async () => (await cells.allInnerTexts()).slice(1, 5)).toEqual(['10 个', '6', '1', '4']);
        expect(await page.locator('body').textContent()).toContain('外观检查：1 件外壳破损，退供应商');
        expect(await balance(ids.WH_BJ, part.id)).toBe(8);

        // Second delivery: the 4 outstanding (the dialog offers them), all accepted.
        await page.getByTestId('purchase-receive').click();
        await expect.poll(() => inputOf(line.getByTestId('receive-accepted')).inputValue()).toBe('4');
        await page.getByTestId('purchase-receive-ok').click();
        await expect.poll(() => status.textContent()).toBe('已到货');
        expect((await cells.allInnerTexts()).slice(1, 5)).toEqual(['10 个', '10', '1', '0']);
        await expect(page.getByTestId('purchase-receive').count()).resolves.toBe(0);
        await snapshot(page, 'parts-purchase-received');

        // The part's stock tab shows what arrived.
        await openStockTab(page, part.id);
        await expect.poll(() => stockCell(page, 'WH-BJ', ON_HAND).textContent()).toBe('12');
      } finally {
        await desk.close();
      }

      const { rows: receipts } = await db.query(
        `select quantity, unit_cost_fen from stock_ledger where purchase_request_id = $1 and kind = 'receipt' order by id`,
        [requestId],
      );
      expect(receipts).toEqual([
        { quantity: 6, unit_cost_fen: 2500 },
        { quantity: 4, unit_cost_fen: 2500 },
      ]);
      const [line] = (
        await db.query(
          'select quantity, received_quantity, rejected_quantity from purchase_request_lines where purchase_request_id = $1',
          [requestId],
        )
      ).rows;
      expect(line).toEqual({ quantity: 10, received_quantity: 10, rejected_quantity: 1 });
      expect(await balance(ids.WH_BJ, part.id)).toBe(12);
      await expectLedgerAgrees();

      // A request closed while the keeper's page is open: the receipt is refused and the page says why.
      const draft = await ok(
        keeper.post('/api/purchase-requests', {
          supplierId: ids.supplier,
          warehouseId: ids.WH_BJ,
          lines: [{ partId: part.id, quantity: 3 }],
        }),
      );
      const submitted = await ok(keeper.post(`/api/purchase-requests/${draft.id}/submit`, { version: draft.version }));
      const approved = await ok(
        manager.post(`/api/purchase-requests/${draft.id}/approve`, { version: submitted.version, note: '同意' }),
      );
      const late = await launchBrowser(chromiumPath!, DESKTOP);
      try {
        const { page } = late;
        await signIn(page, app.baseUrl, 'parts.bj');
        await page.goto(`${app.baseUrl}/purchase-requests/${draft.id}`);
        await expect.poll(() => page.getByTestId('purchase-status').textContent()).toBe('已批准');
        await ok(
          manager.post(`/api/purchase-requests/${draft.id}/close`, {
            version: approved.version,
            note: '供应商缺货，改期',
          }),
        );
        await page.getByTestId('purchase-receive').click();
        await page.getByTestId('purchase-receive-ok').click();
        const refused = page.getByTestId('purchase-receive-refused');
        await expect.poll(() => refused.textContent()).toContain(`${draft.number}：采购计划已关闭，不能收货`);
        await snapshot(page, 'parts-purchase-closed-refused');
        // Behind the dialog the request is shown as it is now: closed, with both notes.
        await expect.poll(() => page.getByTestId('purchase-status').textContent()).toBe('已关闭');
        expect(await page.getByTestId('purchase-close-note').textContent()).toBe('供应商缺货，改期');
        expect(await page.getByTestId('purchase-decision-note').textContent()).toBe('同意');
      } finally {
        await late.close();
      }
      const [closed] = (
        await db.query('select status, decision_note, close_note from purchase_requests where id = $1', [draft.id])
      ).rows;
      expect(closed).toEqual({ status: 'closed', decision_note: '同意', close_note: '供应商缺货，改期' });
      expect(
        (await db.query('select count(*)::int as n from stock_ledger where purchase_request_id = $1', [draft.id]))
          .rows[0].n,
      ).toBe(0);
      expect(await balance(ids.WH_BJ, part.id)).toBe(12);
    },
  );

  it(
    'transfer: WH-BJ ships (stock leaves, in transit at the target), WH-SH receives (stock arrives)',
    JOURNEY,
    async () => {
      const part = await partWithStock('TRF-E2E-A', { onHand: 8 });
      let transferId = 0;

      const desk = await launchBrowser(chromiumPath!, DESKTOP);
      try {
        const { page } = desk;
        await signIn(page, app.baseUrl, 'parts.bj');
        await page.goto(`${app.baseUrl}/transfers/new`);
        await choose(page, 'transfer-from', 'WH-BJ ·');
        await choose(page, 'transfer-to', 'WH-SH', true);
        await choose(page, 'transfer-part-0', 'TRF-E2E-A', true);
        await inputOf(page.getByTestId('transfer-quantity-0')).fill('3');
        await page.getByTestId('transfer-submit').click();
        await page.waitForURL(/\/transfers\/\d+$/);
        transferId = Number(new URL(page.url()).pathname.split('/').pop());
        await expect.poll(() => page.getByTestId('transfer-status').getAttribute('data-status')).toBe('in_transit');
        expect(await page.getByTestId('transfer-status').textContent()).toBe('在途');
        // The source station may cancel but not receive: SH receives.
        await expect(page.getByTestId('transfer-receive').count()).resolves.toBe(0);
        await expect(page.getByTestId('transfer-cancel').count()).resolves.toBe(1);
        await openStockTab(page, part.id);
        await expect.poll(() => stockCell(page, 'WH-BJ', ON_HAND).textContent()).toBe('5');
        await snapshot(page, 'parts-transfer-shipped');
      } finally {
        await desk.close();
      }
      expect(await balance(ids.WH_BJ, part.id)).toBe(5);
      expect(await balance(ids.WH_SH, part.id)).toBe(0);

      const sh = await launchBrowser(chromiumPath!, DESKTOP);
      try {
        const { page } = sh;
        await signIn(page, app.baseUrl, 'manager.sh');
        await openStockTab(page, part.id);
        await expect.poll(() => stockCell(page, 'WH-SH', IN_TRANSIT).textContent()).toBe('3');
        expect(await stockCell(page, 'WH-SH', ON_HAND).textContent()).toBe('0');
        await page.goto(`${app.baseUrl}/transfers?status=in_transit`);
        await page
          .getByTestId('transfer-link')
          .filter({ hasText: (await transferNumber(transferId)) ?? '' })
          .click();
        await page.waitForURL(new RegExp(`/transfers/${transferId}$`));
        await expect(page.getByTestId('transfer-cancel').count()).resolves.toBe(0);
        await page.getByTestId('transfer-receive').click();
        await expect.poll(() => page.getByTestId('transfer-status').getAttribute('data-status')).toBe('received');
        await openStockTab(page, part.id);
        await expect.poll(() => stockCell(page, 'WH-SH', ON_HAND).textContent()).toBe('3');
        expect(await stockCell(page, 'WH-SH', IN_TRANSIT).textContent()).toBe('0');
        await snapshot(page, 'parts-transfer-received');
      } finally {
        await sh.close();
      }
      const { rows: entries } = await db.query(
        `select l.kind, w.code, l.quantity from stock_ledger l join warehouses w on w.id = l.warehouse_id
        where l.transfer_id = $1 order by l.id`,
        [transferId],
      );
      expect(entries).toEqual([
        { kind: 'transfer_out', code: 'WH-BJ', quantity: -3 },
        { kind: 'transfer_in', code: 'WH-SH', quantity: 3 },
      ]);
      expect(await balance(ids.WH_SH, part.id)).toBe(3);
      const [transfer] = (await db.query('select status from transfers where id = $1', [transferId])).rows;
      expect(transfer.status).toBe('received');
      await expectLedgerAgrees();
    },
  );

  it(
    'loaners: lent on a ticket, taken back damaged (→ repair); an overdue loan is in the overdue list',
    JOURNEY,
    async () => {
      const customer = await ok(
        admin.post('/api/customers', {
          kind: 'organisation',
          name: '备用机旅程测试有限公司',
          phone: '13977701234',
          stationId: ids.BJ,
        }),
      );
      const newTicket = (title: string) =>
        ok(admin.post('/api/tickets', { channel: 'phone', type: 'repair', customerId: customer.id, title }));
      const ticket = await newTicket('控制柜停机，客户需要备用机');
      const other = await newTicket('变频器报警');
      const unitId = async (assetNo: string) =>
        (await db.query('select id from loaner_units where asset_no = $1', [assetNo])).rows[0].id as number;
      // Set-up of the overdue loan: due back in a second and a half.
      const overdueLoan = await ok(
        keeper.post('/api/loans', {
          ticketId: other.id,
          loanerUnitId: await unitId('BYJ-BJ-003'),
          dueBackAt: new Date(Date.now() + 1_500).toISOString(),
        }),
      );

      const desk = await launchBrowser(chromiumPath!, DESKTOP);
      try {
        const { page } = desk;
        await signIn(page, app.baseUrl, 'parts.bj');
        await page.goto(`${app.baseUrl}/tickets/${ticket.id}`);
        const panel = page.getByTestId('ticket-loans');
        await panel.getByTestId('lend-unit').click();
        await choose(page, 'lend-unit-select', 'BYJ-BJ-001', true);
        await page.getByTestId('lend-submit').click();
        const loanRow = panel.getByTestId('ticket-loan');
        await expect.poll(() => loanRow.getAttribute('data-status')).toBe('lent');
        expect(await loanRow.textContent()).toContain('借出中');
        const [lent] = (
          await db.query(
            `select l.status, u.status as unit_status from loans l join loaner_units u on u.id = l.loaner_unit_id
            where l.ticket_id = $1`,
            [ticket.id],
          )
        ).rows;
        expect(lent).toEqual({ status: 'lent', unit_status: 'lent' });

        // Back from the customer with a cracked housing: damaged, so the unit goes to repair.
        await loanRow.getByTestId('ticket-loan-return').click();
        await page.getByTestId('loan-condition').getByText('损坏').click();
        await page.getByTestId('loan-return-note').fill('外壳开裂');
        await page.getByTestId('loan-return-submit').click();
        await expect.poll(() => loanRow.getAttribute('data-status')).toBe('returned');
        expect(await loanRow.textContent()).toContain('已归还 · 损坏');
        await snapshot(page, 'parts-loan-returned');

        // The keeper prints the ticket's repair record (read-only; the phone masked: no personal-data access).
        await page.getByTestId('print-repair-record').click();
        await page.waitForURL(new RegExp(`/print/tickets/${ticket.id}/repair-record$`));
        const copy = page.getByTestId('print-repair-copy').first();
        await expect.poll(() => copy.textContent()).toContain(ticket.number);
        expect(await copy.textContent()).toContain('139****1234');
        expect(await page.locator('body').textContent()).not.toContain('13977701234');

        // The overdue list: the loan past its due time, not the one returned.
        const wait = new Date(overdueLoan.dueBackAt).getTime() + 300 - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        await page.goto(`${app.baseUrl}/parts/loans?filter=overdue`);
        const overdueRow = page.locator('tr[data-asset-no="BYJ-BJ-003"]');
        await expect.poll(() => overdueRow.textContent()).toContain('已逾期');
        expect(await overdueRow.textContent()).toContain(other.number);
        await expect(page.locator('tr[data-asset-no="BYJ-BJ-001"]').count()).resolves.toBe(0);
        await snapshot(page, 'parts-loans-overdue');
      } finally {
        await desk.close();
      }
      const [returned] = (
        await db.query(
          `select l.status, l.condition_back, l.return_note, l.received_by, u.status as unit_status, u.condition
           from loans l join loaner_units u on u.id = l.loaner_unit_id where l.ticket_id = $1`,
          [ticket.id],
        )
      ).rows;
      expect(returned).toEqual({
        status: 'returned',
        condition_back: 'damaged',
        return_note: '外壳开裂',
        received_by: ids.keeper,
        unit_status: 'repair',
        condition: 'damaged',
      });
      const { rows: overdue } = await db.query(
        `select id from loans where status = 'lent' and due_back_at < now() and ticket_id = $1`,
        [other.id],
      );
      expect(overdue.map((row) => row.id)).toEqual([overdueLoan.id]);
    },
  );
});

async function transferNumber(id: number): Promise<string | undefined> {
  return (await db.query('select number from transfers where id = $1', [id])).rows[0]?.number;
}
