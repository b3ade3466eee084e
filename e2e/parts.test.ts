/**
 * Parts on a ticket in a real browser (PRT-3, PRT-6, DSP-4/5): an engineer on a 390 px phone
 * requests a catalogue part on a ticket, the parts keeper (parts.bj) issues it from the queue, the
 * engineer records it consumed on site, the faulty part is booked back into defective stock, and
 * the ledger and the ticket's repair record show all of it.
 */
import fs from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AppProcess, createDataDir, startApp } from './app-process.js';
import { DESKTOP, launchBrowser, signIn, snapshot } from './browser.js';

const PHONE_390 = { width: 390, height: 844 };
process.env.TZ = 'Asia/Shanghai';

const chromiumPath = inject('chromium');
let app: AppProcess;
let dataDir: string;

async function apiAs(page: Page, baseUrl: string) {
  const me = (await (await page.request.get(`${baseUrl}/api/auth/me`)).json()) as {
    user: { stationId: number };
    csrfToken: string;
  };
  const call = async <T>(method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> => {
    const response = await page.request.fetch(`${baseUrl}${path}`, {
      method,
      data,
      headers: { 'x-csrf-token': me.csrfToken, 'accept-language': 'zh-CN' },
    });
    if (!response.ok()) throw new Error(`${method} ${path} → ${response.status()}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    me,
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, data: unknown) => call<T>('POST', path, data),
  };
}

beforeAll(async () => {
  if (!chromiumPath) return;
  dataDir = await createDataDir();
  app = await startApp({ dataDir });
});
afterAll(async () => {
  await app?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

describe.skipIf(!chromiumPath)('parts journey', () => {
  it('request on a phone → issue → consume on site → faulty part booked back; ledger and records show it', async () => {
    const partCode = 'E2E-SRV-01';
    let ticketId = 0;
    let warehouseId = 0;

    // Set-up through the API: a customer with a unit in warranty, a ticket, a part with stock.
    const desk = await launchBrowser(chromiumPath!, DESKTOP);
    try {
      await signIn(desk.page, app.baseUrl, 'admin');
      const admin = await apiAs(desk.page, app.baseUrl);
      const bj = (await admin.get<{ items: { id: number; code: string }[] }>('/api/stations')).items.find(
        (s) => s.code === 'BJ',
      )!;
      const customer = await admin.post<{ id: number }>('/api/customers', {
        kind: 'organisation',
        name: '配件旅程测试有限公司',
        phone: '13977708899',
        stationId: bj.id,
      });
      const models = await admin.get<{ items: { id: number }[] }>('/api/product-models?category=hardware&pageSize=1');
      const unit = await admin.post<{ id: number }>('/api/equipment', {
        serialNo: 'E2E-PRT-0001',
        modelId: models.items[0].id,
        customerId: customer.id,
        acceptanceDate: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
      });
      const ticket = await admin.post<{ id: number; number: string }>('/api/tickets', {
        channel: 'phone',
        type: 'repair',
        customerId: customer.id,
        equipmentId: unit.id,
        title: '伺服驱动器报警',
      });
      ticketId = ticket.id;
      const part = await admin.post<{ id: number }>('/api/parts', {
        code: partCode,
        name: '伺服驱动模块',
        category: 'electronic',
      });
      const warehouses = await admin.get<{ items: { id: number; code: string }[] }>('/api/warehouses?pageSize=100');
      warehouseId = warehouses.items.find((w) => w.code === 'WH-BJ')!.id;
      await admin.post('/api/receipts', {
        warehouseId,
        reference: 'E2E',
        lines: [{ partId: part.id, receivedQuantity: 3, acceptedQuantity: 3 }],
      });
    } finally {
      await desk.close();
    }

    // The engineer on a 390 px phone requests the part on the ticket.
    const phone = await launchBrowser(chromiumPath!, PHONE_390);
    try {
      const { page } = phone;
      await signIn(page, app.baseUrl, 'engineer.bj');
      await page.goto(`${app.baseUrl}/tickets/${ticketId}`);
      const panel = page.getByTestId('ticket-parts-panel');
      await panel.getByTestId('parts-request-open').click();
      await page.getByTestId('part-search').click();
      await page.keyboard.type(partCode);
      await page.locator('.ant-select-item-option').filter({ hasText: partCode }).click();
      await page.getByTestId('part-request-submit').click();
      const row = panel.getByTestId('part-request-row').filter({ hasText: partCode });
      await expect.poll(() => row.getAttribute('data-status')).toBe('requested');
      await expect.poll(() => row.textContent()).toContain('三包件');
      // Nothing of the panel is wider than the phone.
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(PHONE_390.width);
      await snapshot(page, 'parts-engineer-requested');

      // The parts keeper issues it from the queue.
      const keeper = await launchBrowser(chromiumPath!, DESKTOP);
      try {
        await signIn(keeper.page, app.baseUrl, 'parts.bj');
        await keeper.page.goto(`${app.baseUrl}/parts/requests`);
        const queueRow = keeper.page.locator('tr[data-part-code]').filter({ hasText: partCode });
        await queueRow.getByTestId('queue-issue').click();
        await expect.poll(() => queueRow.getAttribute('data-status')).toBe('issued');
        await snapshot(keeper.page, 'parts-keeper-issued');
      } finally {
        await keeper.close();
      }

      // On site the engineer records it consumed (it replaced a faulty one: the old part is due back).
      await page.reload();
      await expect.poll(() => row.getAttribute('data-status')).toBe('issued');
      await row.getByTestId('part-action-consume').click();
      await page.getByTestId('consume-submit').click();
      await expect.poll(() => row.getAttribute('data-status')).toBe('consumed');
      await expect.poll(() => row.textContent()).toContain('旧件待返还');
      await snapshot(page, 'parts-engineer-consumed');
    } finally {
      await phone.close();
    }

    // The faulty part comes back: the keeper books it into defective stock.
    const keeper = await launchBrowser(chromiumPath!, DESKTOP);
    try {
      const { page } = keeper;
      await signIn(page, app.baseUrl, 'parts.bj');
      await page.goto(`${app.baseUrl}/parts/faulty-returns`);
      const faultyRow = page.locator('tr[data-part-code]').filter({ hasText: partCode });
      await expect.poll(() => faultyRow.getAttribute('data-status')).toBe('due');
      await faultyRow.getByTestId('faulty-receive').click();
      await page.getByTestId('faulty-receive-submit').click();
      await expect.poll(() => faultyRow.getAttribute('data-status')).toBe('received');
      await snapshot(page, 'parts-faulty-received');

      // The ledger: issued against the ticket, the faulty one into defective stock.
      const api = await apiAs(page, app.baseUrl);
      const ledger = await api.get<{ items: { kind: string; quantity: number; condition: string }[] }>(
        `/api/stock-ledger?ticketId=${ticketId}`,
      );
      expect(ledger.items.map((e) => `${e.kind}:${e.condition}:${e.quantity}`).sort()).toEqual(
        ['defective_in:defective:1', 'issue:good:-1'].sort(),
      );
      const stock = await api.get<{ items: { warehouseId: number; onHand: number; condition?: string }[] }>(
        `/api/parts/${(await api.get<{ items: { id: number; code: string }[] }>(`/api/parts?q=${partCode}`)).items[0].id}/stock`,
      );
      expect(JSON.stringify(stock)).toContain('"onHand":2');
    } finally {
      await keeper.close();
    }

    // The desk prints the repair record: the part is in the 三包件 table with its code; the timeline has the steps.
    const agent = await launchBrowser(chromiumPath!, DESKTOP);
    try {
      const { page } = agent;
      await signIn(page, app.baseUrl, 'agent.bj');
      await page.goto(`${app.baseUrl}/print/tickets/${ticketId}/repair-record`);
      await expect.poll(() => page.getByTestId('print-repair-copy').first().textContent()).toContain(partCode);
      await page.goto(`${app.baseUrl}/tickets/${ticketId}`);
      await expect.poll(() => page.getByTestId('ticket-timeline').textContent()).toContain('旧件入不良品库');
      await expect
        .poll(() => page.getByTestId('ticket-parts-panel').getByTestId('part-request-row').getAttribute('data-status'))
        .toBe('consumed');
      await snapshot(page, 'parts-ticket-desk');
    } finally {
      await agent.close();
    }
  }, 180_000);
});
