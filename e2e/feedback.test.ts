/**
 * Feedback journey in a real browser against the built app (FBK-1, FBK-2): a ticket is closed, the
 * customer opens the one-time survey link from the SMS (read from the outbox) on a 390 px phone and
 * gives a low score; the link then shows a clear "no longer valid" page; the low score has opened a
 * complaint draft, which the station manager handles step by step to closure in the web app.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
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

const shared = { ticketId: 0, ticketNumber: '', surveyUrl: '', complaintId: 0, complaintNumber: '' };

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

/** Picks `text` in the antd Select with test id `testId`. */
async function choose(page: Page, testId: string, text?: string) {
  await page.getByTestId(testId).click();
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await (text ? options.filter({ hasText: text }).first() : options.first()).click();
}

describe.skipIf(!chromiumPath)('feedback journey', () => {
  it('after closure the customer answers the survey from the link on a 390 px phone, once', JOURNEY, async () => {
    const agent = new ApiClient(app.baseUrl);
    await agent.signIn('agent.bj', 'Demo2026');
    const me = await ok(agent.get('/api/auth/me'));
    const customer = await ok(
      agent.post('/api/customers', {
        kind: 'organisation',
        name: '回访旅程测试有限公司',
        phone: '13977708801',
        stationId: me.user.stationId,
        contacts: [{ name: '钱工', mobile: '13977708802', isPrimary: true }],
      }),
    );
    const models = await ok(agent.get('/api/product-models?category=hardware&pageSize=1'));
    const unit = await ok(
      agent.post('/api/equipment', {
        serialNo: 'E2E-FBK-0001',
        modelId: models.items[0].id,
        customerId: customer.id,
        acceptanceDate: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
      }),
    );
    const ticket = await ok(
      agent.post('/api/tickets', {
        channel: 'phone',
        type: 'consultation',
        customerId: customer.id,
        contactId: customer.contacts[0].id,
        equipmentId: unit.id,
        title: '软件使用咨询',
        faultLevel: 4,
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
    for (const to of ['in_progress', 'resolved', 'closed']) {
      current = await ok(agent.get(`/api/tickets/${ticket.id}`));
      await ok(agent.post(`/api/tickets/${ticket.id}/transitions`, { to, expectedVersion: current.version }));
    }
    shared.ticketId = ticket.id;
    shared.ticketNumber = ticket.number;

    // The SMS with the link (the outbox row; the demo SMS sender only logs it).
    const { rows } = await db.query(
      `select address, payload from outbox_messages where template = 'survey.invite' and (payload->>'ticketId')::int = $1`,
      [ticket.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].address).toBe('13977708802');
    const url = new URL(rows[0].payload.surveyUrl);
    shared.surveyUrl = `${app.baseUrl}${url.pathname}`;

    const browser = await launchBrowser(chromiumPath!, PHONE_390);
    const { page } = browser;
    try {
      await page.goto(shared.surveyUrl);
      await expect.poll(() => page.getByTestId('survey-page').textContent()).toContain(ticket.number);
      const text = (await page.getByTestId('survey-page').textContent()) ?? '';
      expect(text).not.toContain('13977708802');
      expect(text).not.toContain('回访旅程测试有限公司');
      // Nothing is wider than the phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);

      // Submitting with a question unanswered is refused on the page.
      await page.getByTestId('survey-send').click();
      await expect.poll(() => page.locator('.ant-form-item-explain-error').count()).toBeGreaterThan(0);

      const pick = async (question: string, label: string) =>
        page
          .getByTestId(`survey-${question}`)
          .locator('label')
          .filter({ hasText: new RegExp(`^${label}$`) })
          .click();
      await pick('attitude', '满意');
      await pick('skill', '一般');
      await pick('arrival', '不满意');
      await pick('promise', '一般');
      await pick('overall', '不满意');
      await page.getByTestId('survey-comment').fill('工程师迟到了两个小时，也没有提前电话');
      await snapshot(page, 'feedback-survey-phone');
      await page.getByTestId('survey-send').click();
      await expect.poll(() => page.getByTestId('survey-thanks').textContent()).toContain('感谢');

      // The link works once: opened again it shows a clear page.
      await page.goto(shared.surveyUrl);
      await expect.poll(() => page.getByTestId('survey-unavailable').textContent()).toContain('已评价');
      // A forged link too.
      await page.goto(`${app.baseUrl}/s/${'x'.repeat(43)}`);
      await expect.poll(() => page.getByTestId('survey-unavailable').textContent()).toContain('链接无效');
    } finally {
      await browser.close();
    }
    const [survey] = (
      await db.query(
        `select s.status, s.channel, s.low_score, c.id as complaint_id, c.number, c.status as complaint_status
           from surveys s join complaints c on c.id = s.complaint_id where s.ticket_id = $1`,
        [ticket.id],
      )
    ).rows;
    expect(survey).toMatchObject({ status: 'answered', channel: 'link', low_score: true, complaint_status: 'draft' });
    shared.complaintId = survey.complaint_id;
    shared.complaintNumber = survey.number;
  });

  it('the low score turns up as a complaint the station manager handles to closure', JOURNEY, async () => {
    expect(shared.complaintId).toBeGreaterThan(0);
    const browser = await launchBrowser(chromiumPath!, DESKTOP);
    const { page } = browser;
    try {
      await signIn(page, app.baseUrl, 'manager.bj');
      await page.getByTestId('side-menu').getByText('客户投诉').click();
      await page.getByTestId(`complaint-link-${shared.complaintId}`).click();
      await expect.poll(() => page.getByTestId('complaint-description').textContent()).toContain('迟到了两个小时');
      await expect.poll(() => page.getByTestId('complaint-status').first().textContent()).toBe('草稿');

      const submit = async () => {
        await page.locator('.ant-modal:visible').getByTestId('complaint-step-submit').click();
        // Closed on success; on an error the dialog stays and the message says why.
        await expect
          .poll(
            async () =>
              (await page.locator('.ant-modal:visible').count()) === 0
                ? 'closed'
                : (await page.locator('.ant-message-error').allTextContents()).join(' ') || 'open',
            { timeout: 20_000 },
          )
          .toBe('closed');
      };
      const status = (text: string) =>
        expect.poll(() => page.getByTestId('complaint-status').first().textContent()).toBe(text);

      await page.getByTestId('complaint-step-recorded').click();
      await choose(page, 'complaint-category', '派遣人员怠慢');
      await submit();
      await status('已登记');

      await page.getByTestId('complaint-step-contacted').click();
      await page.getByTestId('complaint-note').fill('已致电钱工致歉，约定明日上门');
      await submit();
      await status('已联系客户');

      await page.getByTestId('complaint-step-investigating').click();
      await choose(page, 'complaint-department');
      await submit();
      await status('调查中');

      await page.getByTestId('complaint-step-solution_proposed').click();
      await page.getByTestId('complaint-root-cause').fill('工程师路线安排不合理，未提前告知客户');
      await choose(page, 'complaint-responsibility', '工程师');
      await page.getByTestId('complaint-solution').fill('站长回访致歉，工程师培训到达前电话告知');
      await submit();
      await status('方案待审批');

      await page.getByTestId('complaint-step-approved').click();
      await submit();
      await status('方案已批准');

      await page.getByTestId('complaint-step-replied').click();
      await page.getByTestId('complaint-reply').fill('已向客户说明原因与改进措施');
      await submit();
      await status('已答复客户');

      await page.getByTestId('complaint-step-feedback_recorded').click();
      await choose(page, 'complaint-handling', '满意');
      await submit();
      await status('已回访客户意见');

      await page.getByTestId('complaint-step-closed').click();
      await submit();
      await status('已结案');

      await expect.poll(() => page.getByTestId('complaint-timeline').textContent()).toContain('已结案');
      const timeline = (await page.getByTestId('complaint-timeline').textContent()) ?? '';
      for (const step of ['登记', '已联系客户', '调查中', '方案已批准', '已答复客户', '已结案'])
        expect(timeline).toContain(step);
      await snapshot(page, 'feedback-complaint-closed');
    } finally {
      await browser.close();
    }
    const [row] = (await db.query('select status, closed_at from complaints where id = $1', [shared.complaintId])).rows;
    expect(row.status).toBe('closed');
    expect(row.closed_at).not.toBeNull();
  });
});
