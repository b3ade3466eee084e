/**
 * Ticket journeys in a real browser against the built app (TKT-1…7, SLA-3): an agent records a
 * phone repair request — finds the customer by a phone fragment, picks the equipment and sees its
 * warranty — the ticket page shows its number, the agent classifies it and sees the deadlines with
 * the "why" ledger and the timeline.
 *
 * The journeys run in order and share `journey` (the ticket they work on). Later stages — a
 * manager dispatches, the engineer on a phone checks in, records work, collects the signature and
 * checks out — are added as further `it(...)` blocks at the marked place below.
 */
import fs from 'node:fs/promises';
import dayjs from 'dayjs';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AppProcess, createDataDir, startApp } from './app-process.js';
import { DESKTOP, launchBrowser, PHONE, signIn, snapshot } from './browser.js';

/** The engineer's phone: DSP-4 asks for comfort at 390 px. */
const PHONE_390 = { width: 390, height: 844 };
/** Each journey stays well within 90 s; more means something waits that should not. */
const JOURNEY = { timeout: 90_000 };

// The browser shows times in its own zone; users of this product sit in China (the org's calendar zone).
process.env.TZ = 'Asia/Shanghai';

const chromiumPath = inject('chromium');
let app: AppProcess;
let dataDir: string;

/** What the journeys share: the customer and unit set up for them, and the ticket they record. */
export const journey = {
  customerName: '工单旅程测试机械有限公司',
  customerPhone: '13977705566',
  phoneFragment: '7770556',
  serialNo: 'E2E-TKT-0001',
  ticketId: 0,
  ticketNumber: '',
  /** engineer.bj: of this station and trained for hardware, the product line of the unit. */
  engineerName: '李工',
  expectedArrival: '',
  assignmentId: 0,
};

/** JSON API calls with the browser's session (cookie) and CSRF token. */
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

describe.skipIf(!chromiumPath)('ticket journeys', () => {
  it('an agent records a phone repair request, classifies it and sees the deadlines, the ledger and the timeline', async () => {
    const browser = await launchBrowser(chromiumPath!, DESKTOP);
    const { page } = browser;
    try {
      await signIn(page, app.baseUrl, 'agent.bj');

      // The customer and the unit in warranty exist already (set up through the API).
      const api = await apiAs(page, app.baseUrl);
      const customer = await api.post<{ id: number }>('/api/customers', {
        kind: 'organisation',
        name: journey.customerName,
        phone: journey.customerPhone,
        stationId: api.me.user.stationId,
        contacts: [{ name: '周工', mobile: '13977705567', isPrimary: true }],
      });
      // A hardware model: engineer.bj is trained and qualified for that product line (dispatch later).
      const models = await api.get<{ items: { id: number }[] }>('/api/product-models?category=hardware&pageSize=1');
      const accepted = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
      await api.post('/api/equipment', {
        serialNo: journey.serialNo,
        modelId: models.items[0].id,
        customerId: customer.id,
        acceptanceDate: accepted,
      });

      // Intake: find the customer by a fragment of the phone number.
      await page.goto(`${app.baseUrl}/tickets/new`);
      const lookup = page.getByTestId('intake-lookup');
      await lookup.locator('input').fill(journey.phoneFragment);
      await page.getByTestId('lookup-customer').filter({ hasText: journey.customerName }).click();
      await expect.poll(() => page.getByTestId('intake-customer').textContent()).toContain(journey.customerName);

      // Pick the unit: its warranty shows at once, and it has no open tickets yet.
      await page.getByTestId('intake-equipment-option').filter({ hasText: journey.serialNo }).click();
      await expect.poll(() => page.getByTestId('intake-warranty').textContent()).toContain('在保');
      await expect.poll(() => page.getByTestId('intake-open-tickets').textContent()).toContain('没有未关闭的工单');

      // The contact and the request.
      await page.getByTestId('intake-contact').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '周工' }).click();
      await expect.poll(() => page.getByTestId('intake-contact-name').inputValue()).toBe('周工');
      await page.getByTestId('intake-title').fill('PLC 控制柜频繁报警停机');
      await page.getByTestId('intake-description').fill('客户来电：设备运行约 10 分钟后报警停机，复位后可再运行。');
      await snapshot(page, 'tickets-intake');
      await page.getByTestId('intake-submit').click();

      // The ticket page shows the new number: department code + YYMM + sequence (TKT-5).
      await page.waitForURL(/\/tickets\/\d+$/);
      journey.ticketId = Number(new URL(page.url()).pathname.split('/').pop());
      const number = (await page.getByTestId('ticket-number').textContent()) ?? '';
      expect(number).toMatch(/^SH\d{4}\d{2,}$/);
      journey.ticketNumber = number;
      await expect.poll(() => page.getByTestId('ticket-status').first().textContent()).toBe('已受理');
      await expect.poll(() => page.getByTestId('warranty-status').first().textContent()).toBe('在保');

      // Classify it.
      await page.getByTestId('action-classify').click();
      await page.getByTestId('classify-submit').click();
      await expect.poll(() => page.getByTestId('ticket-status').first().textContent()).toBe('已分类');

      // The deadlines, and why the response deadline is what it is.
      const clocks = page.getByTestId('sla-clocks');
      await expect.poll(() => clocks.getByTestId('clock-response').count()).toBe(1);
      await clocks.getByTestId('clock-why-response').click();
      const ledger = clocks.getByTestId('clock-ledger');
      await expect.poll(() => ledger.getByTestId('clock-explanation').textContent()).not.toBe('');
      await expect.poll(() => ledger.getByTestId('ledger-row').count()).toBeGreaterThan(0);

      // The timeline: recorded, then classified, each with who and when.
      const events = page.getByTestId('timeline-event');
      await expect.poll(() => events.count()).toBeGreaterThanOrEqual(2);
      const kinds = await events.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-kind')));
      expect(kinds).toEqual(expect.arrayContaining(['created', 'classified']));
      await expect.poll(() => page.getByTestId('ticket-timeline').textContent()).toContain('孙客服');
      await snapshot(page, 'tickets-detail-classified');

      // The list finds it by the phone fragment.
      await page.goto(`${app.baseUrl}/tickets?q=${journey.phoneFragment}`);
      await expect.poll(() => page.getByTestId('ticket-link').allTextContents()).toEqual([journey.ticketNumber]);
    } finally {
      await browser.close();
    }
  });

  it('the ticket page fits a phone: deadlines and ledger readable, nothing wider than the screen', async () => {
    expect(journey.ticketId).toBeGreaterThan(0);
    const browser = await launchBrowser(chromiumPath!, PHONE);
    const { page } = browser;
    try {
      await signIn(page, app.baseUrl, 'agent.bj');
      await page.goto(`${app.baseUrl}/tickets/${journey.ticketId}`);
      await expect.poll(() => page.getByTestId('ticket-number').textContent()).toBe(journey.ticketNumber);
      await page.getByTestId('clock-why-response').click();
      await expect.poll(() => page.getByTestId('ledger-row').count()).toBeGreaterThan(0);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await snapshot(page, 'tickets-detail-phone');

      await page.goto(`${app.baseUrl}/tickets`);
      await expect.poll(() => page.getByTestId('ticket-link').first().textContent()).toBe(journey.ticketNumber);
      const listOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(listOverflow).toBeLessThanOrEqual(0);
      await snapshot(page, 'tickets-list-phone');
    } finally {
      await browser.close();
    }
  });

  it(
    'a station manager sees the suggestions with their reasons and assigns the engineer with an expected arrival',
    JOURNEY,
    async () => {
      expect(journey.ticketId).toBeGreaterThan(0);
      const browser = await launchBrowser(chromiumPath!, DESKTOP);
      const { page } = browser;
      try {
        await signIn(page, app.baseUrl, 'manager.bj');
        await page.goto(`${app.baseUrl}/tickets/${journey.ticketId}`);
        await expect.poll(() => page.getByTestId('ticket-number').textContent()).toBe(journey.ticketNumber);

        // The suggestions: the qualified engineer of this station, with the reason for each candidate.
        const form = page.getByTestId('dispatch-panel').getByTestId('assign-form');
        const candidate = form.getByTestId(/^suggestion-\d+$/).filter({ hasText: journey.engineerName });
        await expect.poll(() => candidate.count()).toBe(1);
        const reasons = await candidate
          .locator('[data-testid^="reason-"]')
          .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-testid')));
        expect(reasons).toEqual(
          expect.arrayContaining(['reason-same_station', 'reason-qualified', 'reason-skill_match']),
        );
        expect(await candidate.textContent()).toContain('本服务站人员');

        // The expected arrival told to the customer: typed into the picker, two hours from now.
        const eta = dayjs().add(2, 'hour').startOf('minute');
        journey.expectedArrival = eta.format('YYYY-MM-DD HH:mm');
        // rc-picker puts data-* attributes on the input itself.
        const etaInput = form.getByTestId('assign-eta');
        await etaInput.click();
        await etaInput.fill(journey.expectedArrival);
        await etaInput.press('Enter');
        await expect.poll(() => etaInput.inputValue()).toBe(journey.expectedArrival);

        await candidate.getByRole('checkbox').check();
        await expect.poll(() => form.textContent()).toContain(`已选：${journey.engineerName}`);
        await snapshot(page, 'dispatch-suggestions');
        await form.getByTestId('assign-submit').click();

        // Assigned: the live assignment shows who comes and when; the ticket moved on.
        await expect.poll(() => page.getByTestId('ticket-status').first().textContent()).toBe('已派工');
        const assignment = page.getByTestId('dispatch-panel').getByTestId(/^assignment-\d+$/);
        await expect.poll(() => assignment.textContent()).toContain(journey.engineerName);
        expect(await assignment.textContent()).toContain(journey.expectedArrival);
        expect(await assignment.getByTestId('assignment-status').textContent()).not.toBe('');
        journey.assignmentId = Number((await assignment.getAttribute('data-testid'))?.replace('assignment-', ''));
        expect(journey.assignmentId).toBeGreaterThan(0);
        await snapshot(page, 'dispatch-assigned');
      } finally {
        await browser.close();
      }
    },
  );

  it(
    'the engineer on a 390 px phone accepts, travels, checks in, records the work, collects the signature and checks out',
    JOURNEY,
    async () => {
      expect(journey.assignmentId).toBeGreaterThan(0);
      const browser = await launchBrowser(chromiumPath!, PHONE_390);
      const { page, context } = browser;
      // The phone shares its position at the check-in.
      await context.grantPermissions(['geolocation'], { origin: app.baseUrl });
      await context.setGeolocation({ latitude: 39.9042, longitude: 116.4074, accuracy: 20 });
      const fitsThePhone = async (name: string) => {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${name} is wider than the phone`).toBeLessThanOrEqual(0);
      };
      try {
        await signIn(page, app.baseUrl, 'engineer.bj');

        // The assignment reached the engineer's bell through the notification outbox.
        await page.getByTestId('notification-bell').click();
        await expect
          .poll(() => page.getByTestId('notification-item').allTextContents(), { timeout: 15_000 })
          .toEqual(expect.arrayContaining([expect.stringContaining(journey.ticketNumber)]));
        await page.keyboard.press('Escape');

        // My tasks: the new one, offered.
        await page.goto(`${app.baseUrl}/my-tasks`);
        const card = page.getByTestId(`task-${journey.assignmentId}`);
        await expect.poll(() => card.textContent()).toContain(journey.ticketNumber);
        expect(await card.getByTestId('assignment-status').count()).toBe(1);
        await fitsThePhone('my tasks');
        await snapshot(page, 'engineer-my-tasks');
        await card.click();
        await page.waitForURL(new RegExp(`/my-tasks/${journey.assignmentId}$`));
        await expect.poll(() => page.getByTestId('task-ticket').textContent()).toContain(journey.customerName);
        await fitsThePhone('the offered task');

        // Accept → start travel → check in (with the position) → start work.
        const status = () => page.getByTestId('task-ticket').getByTestId('ticket-status').textContent();
        await page.getByTestId('task-accept').click();
        await expect.poll(status).toBe('已接单');
        await page.getByTestId('task-start-travel').click();
        await expect.poll(status).toBe('在途');
        await fitsThePhone('travelling');
        await page.getByTestId('task-check-in').click();
        await expect.poll(status).toBe('已到场');
        await expect.poll(() => page.locator('.ant-message').textContent()).toContain('已签到（含位置）');
        await page.getByTestId('task-start-work').click();
        await expect.poll(status).toBe('处理中');

        // The field service record: diagnosis, work done, a part, labour, result and the on-site rating.
        await page.getByTestId('record-diagnosis').fill('PLC 输出模块过热，散热风扇积尘停转');
        await page.getByTestId('record-work-done').fill('清洁控制柜，更换散热风扇，复位后连续运行 30 分钟无报警');
        await page.getByTestId('record-add-part').click();
        await page.locator('#parts_0_name').fill('散热风扇 80mm');
        await page.locator('#parts_0_quantity').fill('2');
        await page.locator('#labourMinutes').fill('90');
        await page.getByTestId('record-result').getByText('完成', { exact: true }).click();
        await page.getByTestId('record-attitude').getByText('很好', { exact: true }).click();
        await page.getByTestId('record-save').click();
        await expect.poll(() => page.locator('.ant-message').textContent()).toContain('已保存');

        // A photo of the repaired cabinet, taken with the phone's camera.
        const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7bd5' } })
          .jpeg()
          .toBuffer();
        await page
          .getByTestId('photo-input')
          .setInputFiles({ name: 'cabinet.jpg', mimeType: 'image/jpeg', buffer: photo });
        await expect.poll(() => page.getByTestId('visit-photos').locator('img').count()).toBe(1);

        // The customer signs with a finger on the pad and gives the name.
        await page.getByTestId('signature-name').fill('周工');
        const canvas = page.getByTestId('signature-canvas');
        await canvas.evaluate((node) => node.scrollIntoView({ block: 'center' }));
        const box = await canvas.boundingBox();
        if (!box) throw new Error('the signature pad is not visible');
        const y = box.y + box.height / 2;
        await page.mouse.move(box.x + 20, y);
        await page.mouse.down();
        for (let step = 1; step <= 12; step++) {
          await page.mouse.move(box.x + 20 + step * ((box.width - 40) / 12), y + (step % 2 === 0 ? -25 : 25), {
            steps: 3,
          });
        }
        await page.mouse.up();
        // The pad has a drawing (its "sign here" hint is gone). No screenshot before saving: a full-page
        // capture resizes the viewport, and the pad clears itself when its width changes.
        await expect.poll(() => page.locator('.signature-pad-hint').count()).toBe(0);
        await fitsThePhone('the field service record');
        await page.getByTestId('signature-save').click();
        await expect.poll(() => page.getByTestId('signature-image').count()).toBe(1);
        await expect
          .poll(() => page.getByTestId('signature-image').evaluate((node) => (node as HTMLImageElement).naturalWidth))
          .toBeGreaterThan(0);
        expect(await page.getByTestId('signature-image').locator('..').textContent()).toMatch(
          /周工 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 签字/,
        );
        await snapshot(page, 'engineer-record-signed');

        // Check out with the result done: the task is finished and the ticket resolved.
        await page.getByTestId('task-check-out').click();
        await expect.poll(() => page.locator('.ant-result-title').textContent()).toBe('任务已完成');
        await expect.poll(status).toBe('已解决');
        await fitsThePhone('the finished task');
        await snapshot(page, 'engineer-task-finished');
      } finally {
        await browser.close();
      }
    },
  );

  it(
    'the ticket shows it resolved, the timeline of the visit, the arrival deadline met with its ledger, and the printed record',
    JOURNEY,
    async () => {
      expect(journey.assignmentId).toBeGreaterThan(0);
      const browser = await launchBrowser(chromiumPath!, DESKTOP);
      const { page } = browser;
      try {
        await signIn(page, app.baseUrl, 'agent.bj');
        await page.goto(`${app.baseUrl}/tickets/${journey.ticketId}`);
        await expect.poll(() => page.getByTestId('ticket-status').first().textContent()).toBe('已解决');

        // The timeline: every move of the visit, in order, each with who and when.
        const events = page.getByTestId('timeline-event');
        const moves = () =>
          events.evaluateAll((nodes) =>
            nodes.map((node) => node.getAttribute('data-to-status')).filter((value): value is string => !!value),
          );
        await expect.poll(moves).toEqual(expect.arrayContaining(['resolved']));
        // The timeline lists the newest first.
        const path = (await moves()).reverse();
        const visitPath = ['assigned', 'accepted', 'en_route', 'on_site', 'in_progress', 'resolved'];
        expect(path.slice(path.indexOf('assigned'))).toEqual(visitPath);
        const timeline = (await page.getByTestId('ticket-timeline').textContent()) ?? '';
        expect(timeline).toContain('钱站长');
        expect(timeline).toContain(journey.engineerName);

        // The deadlines: arrival stopped at the check-in and met; why it was due when it was.
        const clocks = page.getByTestId('sla-clocks');
        const arrival = clocks.getByTestId('clock-arrival');
        await expect.poll(() => arrival.getAttribute('data-state')).toBe('met');
        expect(await arrival.getByTestId('clock-state').textContent()).toBe('已达成');
        expect(await clocks.getByTestId('clock-response').getAttribute('data-state')).toBe('met');
        await arrival.getByTestId('clock-why-arrival').click();
        const ledger = arrival.getByTestId('clock-ledger');
        await expect.poll(() => ledger.getByTestId('clock-explanation').textContent()).not.toBe('');
        await expect.poll(() => ledger.getByTestId('ledger-row').count()).toBeGreaterThan(0);
        expect(await ledger.getByTestId('ledger-strip-segment').count()).toBe(
          await ledger.getByTestId('ledger-row').count(),
        );
        expect(await ledger.getByTestId('ledger-total').textContent()).not.toBe('');
        await snapshot(page, 'tickets-detail-resolved');

        // The visit with its record, and the printable field service record with the signature.
        const visit = page.getByTestId('visits-panel').getByTestId(/^visit-\d+$/);
        await expect.poll(() => visit.textContent()).toContain('散热风扇 80mm');
        const visitNumber = ((await visit.locator('.ant-card-head-title span').first().textContent()) ?? '').trim();
        expect(visitNumber).toMatch(/^SH\d{4}\d{2,}$/);
        await visit.getByTestId('print-visit').click();
        await page.waitForURL(/\/print\/visits\/\d+$/);
        const sheet = page.getByTestId('print-visit-sheet');
        await expect.poll(() => sheet.getByTestId('print-visit-number').textContent()).toBe(`编号：${visitNumber}`);
        expect(await sheet.textContent()).toContain(journey.ticketNumber);
        expect(await sheet.textContent()).toContain('PLC 输出模块过热');
        const signature = sheet.getByTestId('print-signature');
        await expect
          .poll(() =>
            signature.evaluate(
              (node) => (node as HTMLImageElement).complete && (node as HTMLImageElement).naturalWidth,
            ),
          )
          .toBeGreaterThan(0);
        expect(await sheet.textContent()).toContain('（周工）');
        await snapshot(page, 'print-visit-record');
      } finally {
        await browser.close();
      }
    },
  );
});
