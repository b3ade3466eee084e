/**
 * Portal and return-visit journeys in a real browser against the built app (FBK-4, FBK-3): a
 * customer on a 390 px phone submits a request with a photo on the portal (no account; the browser
 * solves the proof-of-work challenge) and tracks it with number + phone; an agent works the
 * return-visit queue (the 48 h check after remote handling): no answer first, then satisfied.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiClient } from '../server/test/api-client.js';
import { type AppProcess, createDataDir, startApp } from './app-process.js';
import { DESKTOP, launchBrowser, signIn, snapshot } from './browser.js';

const PHONE_390 = { width: 390, height: 844 };
const JOURNEY = { timeout: 120_000 };
process.env.TZ = 'Asia/Shanghai';

const chromiumPath = inject('chromium');
let app: AppProcess;
let dataDir: string;
let db: pg.Client;

beforeAll(async () => {
  if (!chromiumPath) return;
  dataDir = await createDataDir();
  app = await startApp({ dataDir });
  db = new pg.Client({ host: path.join(dataDir, 'run'), port: 5432, user: 'postgres', database: 'aftercare' });
  db.on('error', () => undefined);
  await db.connect();
});
afterAll(async () => {
  await db?.end().catch(() => undefined);
  await app?.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

async function ok<T = any>(promise: Promise<{ status: number; body: T }>): Promise<T> {
  const response = await promise;
  if (response.status !== 200) throw new Error(`${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

describe.skipIf(!chromiumPath)('portal and return-visit journeys', () => {
  it('a customer submits a request with a photo on a 390 px phone and tracks it', JOURNEY, async () => {
    const phone = '13977709901';
    const browser = await launchBrowser(chromiumPath!, PHONE_390);
    const { page } = browser;
    const photo = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#369' } })
      .png()
      .toBuffer();
    try {
      await page.goto(`${app.baseUrl}/portal`);
      await page.getByTestId('portal-name').fill('周先生');
      await page.getByTestId('portal-phone').fill(phone);
      await page.getByTestId('portal-product').fill('工控一体机');
      await page.getByTestId('portal-description').fill('开机后屏幕闪烁，无法进入系统');
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: 'screen.png', mimeType: 'image/png', buffer: photo });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await snapshot(page, 'portal-request-phone');
      await page.getByTestId('portal-submit').click();
      const numberLocator = page.getByTestId('portal-ticket-number');
      await numberLocator.waitFor({ timeout: 30_000 });
      const number = ((await numberLocator.textContent()) ?? '').trim();
      expect(number).toMatch(/^[A-Z]+\d+$/);

      const { rows } = await db.query(
        `select t.channel, t.contact_phone, (select count(*)::int from attachments a where a.ticket_id = t.id) as photos
           from tickets t where t.number = $1`,
        [number],
      );
      expect(rows[0]).toEqual({ channel: 'web', contact_phone: phone, photos: 1 });

      // Track it: number + phone.
      await page.getByTestId('portal-track-link').click();
      await expect.poll(() => page.getByTestId('portal-track-number').inputValue()).toBe(number);
      await page.getByTestId('portal-track-phone').fill('13900000000');
      await page.getByTestId('portal-track-submit').click();
      await expect.poll(() => page.getByTestId('portal-track-error').textContent()).toContain('没有找到');
      await page.getByTestId('portal-track-phone').fill(phone);
      await page.getByTestId('portal-track-submit').click();
      await expect.poll(() => page.getByTestId('milestone-received').getAttribute('data-done')).toBe('true');
      await expect.poll(() => page.getByTestId('milestone-engineer_assigned').getAttribute('data-done')).toBe('false');
      const text = (await page.getByTestId('portal-tracking').textContent()) ?? '';
      expect(text).toContain(number);
      await snapshot(page, 'portal-track-phone');
      const after = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(after).toBeLessThanOrEqual(0);

      // The language switch.
      await page.getByTestId('portal-language').getByText('EN').click();
      await expect.poll(() => page.getByTestId('milestone-received').textContent()).toBe('Received');
    } finally {
      await browser.close();
    }
  });

  it('an agent works the return-visit queue: the check after remote handling', JOURNEY, async () => {
    const agent = new ApiClient(app.baseUrl);
    await agent.signIn('agent.bj', 'Demo2026');
    const me = await ok(agent.get('/api/auth/me'));
    const customer = await ok(
      agent.post('/api/customers', {
        kind: 'organisation',
        name: '回访队列测试有限公司',
        phone: '13977709902',
        stationId: me.user.stationId,
        contacts: [{ name: '吴工', mobile: '13977709903', isPrimary: true }],
      }),
    );
    const ticket = await ok(
      agent.post('/api/tickets', {
        channel: 'phone',
        type: 'repair',
        customerId: customer.id,
        contactId: customer.contacts[0].id,
        title: '远程处理的软件故障',
        faultLevel: 3,
      }),
    );
    let current = await ok(agent.get(`/api/tickets/${ticket.id}`));
    await ok(
      agent.post(`/api/tickets/${ticket.id}/classify`, {
        classification: 'technical',
        type: current.type,
        faultLevel: current.faultLevel,
        serviceMode: 'remote',
        region: 'urban',
        expectedVersion: current.version,
      }),
    );
    for (const to of ['in_progress', 'resolved']) {
      current = await ok(agent.get(`/api/tickets/${ticket.id}`));
      await ok(agent.post(`/api/tickets/${ticket.id}/transitions`, { to, expectedVersion: current.version }));
    }
    const { rows } = await db.query(`select id from return_visits where ticket_id = $1 and rule = 'after_remote'`, [
      ticket.id,
    ]);
    expect(rows).toHaveLength(1);
    const visitId = rows[0].id;

    const browser = await launchBrowser(chromiumPath!, DESKTOP);
    const { page } = browser;
    try {
      await signIn(page, app.baseUrl, 'agent.bj');
      await page.getByTestId('side-menu').getByText('回访计划').click();
      await page.getByTestId(`work-visit-${visitId}`).click();
      await expect.poll(() => page.getByTestId('visit-script').textContent()).toContain(ticket.number);
      await page.getByTestId('outcome-no_answer').click();
      await page.getByTestId('visit-outcome-submit').click();
      await expect.poll(() => page.locator('.ant-modal:visible').count()).toBe(0);
      await expect
        .poll(
          async () => (await db.query('select attempts, status from return_visits where id = $1', [visitId])).rows[0],
        )
        .toEqual({ attempts: 1, status: 'open' });

      await page.getByTestId(`work-visit-${visitId}`).click();
      await page.getByTestId('outcome-satisfied').click();
      await page.getByTestId('visit-notes').fill('客户确认软件已恢复正常');
      await snapshot(page, 'return-visit-outcome');
      await page.getByTestId('visit-outcome-submit').click();
      await expect.poll(() => page.locator('.ant-modal:visible').count()).toBe(0);
      await expect
        .poll(
          async () =>
            (await db.query('select status, outcome, notes from return_visits where id = $1', [visitId])).rows[0],
        )
        .toEqual({ status: 'done', outcome: 'satisfied', notes: '客户确认软件已恢复正常' });
      // It left the queue and shows under "done".
      await expect.poll(() => page.getByTestId(`work-visit-${visitId}`).count()).toBe(0);
      await page.getByTestId('return-visit-status').getByText('已完成').click();
      await expect.poll(() => page.getByTestId('return-visit-table').textContent()).toContain(ticket.number);
    } finally {
      await browser.close();
    }
  });
});
