import { describe, expect, it } from 'vitest';
import {
  formatInstant,
  formatMinutes,
  type NotificationTemplate,
  notificationTemplates,
  parsePayload,
  renderNotification,
  smsText,
} from './notify.rules.js';

const samples: { [T in NotificationTemplate]: unknown } = {
  'ticket.received': { ticketId: 42, ticketNumber: 'YX250301' },
  'ticket.assigned_customer': {
    ticketId: 42,
    ticketNumber: 'YX250301',
    engineerName: '王工',
    engineerPhone: '13800001111',
    expectedArrivalAt: new Date('2026-03-05T06:30:00Z'),
  },
  'ticket.assigned_engineer': { ticketId: 42, ticketNumber: 'YX250301', customerName: '华北电力', faultLevel: 2 },
  'ticket.resolved': { ticketId: 42, ticketNumber: 'YX250301', surveyUrl: 'https://example.com/s/abc' },
  'sla.at_risk': {
    ticketId: 42,
    ticketNumber: 'YX250301',
    clock: 'arrival',
    dueAt: '2026-03-05T06:30:00.000Z',
    minutesLeft: 95,
  },
  'sla.breached': {
    ticketId: 42,
    ticketNumber: 'YX250301',
    clock: 'response',
    dueAt: '2026-03-05T06:30:00+00:00',
    minutesLate: 1500,
  },
  'ticket.loaner_due': { ticketId: 42, ticketNumber: 'YX250301', dueAt: '2026-03-05T06:30:00Z' },
  'ticket.escalated': { text: '客户投诉升级，请站长跟进' },
  'survey.invite': {
    ticketId: 42,
    ticketNumber: 'YX250301',
    surveyUrl: 'https://example.com/s/abc',
    expiresAt: '2026-03-12T06:30:00Z',
  },
  'complaint.alert': { complaintId: 7, complaintNumber: 'TS26030001', reason: 'overdue', step: 'recorded' },
  'portal.code': { code: '123456', minutes: 10 },
};

const render = (template: NotificationTemplate, locale: 'zh-CN' | 'en-US', timeZone?: string) =>
  renderNotification(template, parsePayload(template, samples[template]) as never, locale, timeZone);

describe('notification templates (PLT-3)', () => {
  it('tells the customer the ticket number on receipt', () => {
    expect(render('ticket.received', 'zh-CN')).toEqual({
      title: '服务请求已受理',
      body: '您的服务请求已受理，单号 YX250301。我们会尽快与您联系。',
      link: '/tickets/42',
      entity: { type: 'ticket', id: 42 },
    });
    expect(render('ticket.received', 'en-US').body).toContain('reference number YX250301');
  });

  it('gives the engineer, phone and arrival time in the org time zone', () => {
    expect(render('ticket.assigned_customer', 'zh-CN').body).toBe(
      '您的服务请求 YX250301 已安排工程师 王工（电话 13800001111），预计 2026年3月5日 14:30 到达。',
    );
    expect(render('ticket.assigned_customer', 'en-US').body).toBe(
      'Engineer 王工 (phone 13800001111) will handle your service request YX250301 and is expected to arrive at 5 Mar 2026, 14:30.',
    );
    expect(render('ticket.assigned_customer', 'en-US', 'Europe/Berlin').body).toContain('5 Mar 2026, 07:30');
    const withoutArrival = renderNotification(
      'ticket.assigned_customer',
      parsePayload('ticket.assigned_customer', { ticketId: 1, ticketNumber: 'A1', engineerName: '李工' }),
      'zh-CN',
    );
    expect(withoutArrival.body).toBe('您的服务请求 A1 已安排工程师 李工，工程师将与您联系确认时间。');
  });

  it('names the ticket, customer and level for the engineer', () => {
    const text = render('ticket.assigned_engineer', 'zh-CN');
    expect(text.title).toBe('新任务：YX250301');
    expect(text.body).toContain('客户：华北电力，故障等级 2 级');
  });

  it('says which clock, when it is due and how much is left or late', () => {
    expect(render('sla.at_risk', 'zh-CN').body).toBe(
      '工单 YX250301 的到场时限将于 2026年3月5日 14:30 到期，剩余 1小时35分钟。',
    );
    expect(render('sla.at_risk', 'en-US').body).toBe(
      'The arrival deadline of ticket YX250301 is due at 5 Mar 2026, 14:30; 1 h 35 min left.',
    );
    expect(render('sla.breached', 'zh-CN').body).toContain('响应时限已于 2026年3月5日 14:30 到期，已超时 1天1小时');
    expect(render('ticket.loaner_due', 'en-US').body).toContain('by 5 Mar 2026, 14:30');
  });

  it('adds the survey link when there is one; escalations without a ticket have no link', () => {
    expect(render('ticket.resolved', 'zh-CN').body).toContain('https://example.com/s/abc');
    const escalation = render('ticket.escalated', 'zh-CN');
    expect(escalation).toEqual({ title: '升级提醒', body: '客户投诉升级，请站长跟进' });
  });

  it('has a text in both languages for every template', () => {
    for (const template of notificationTemplates) {
      const zh = render(template, 'zh-CN');
      const en = render(template, 'en-US');
      expect(zh.title.length).toBeGreaterThan(0);
      expect(`${zh.title} ${zh.body} ${en.title} ${en.body}`).not.toMatch(/undefined|null|\[object/);
      expect(zh.title).not.toBe(en.title);
    }
  });

  it('refuses a payload that does not fit the template', () => {
    expect(() => parsePayload('ticket.received', { ticketId: 42 })).toThrow(/ticket.received: ticketNumber/);
    expect(() =>
      parsePayload('sla.at_risk', { ticketId: 1, ticketNumber: 'A', clock: 'lunch', dueAt: 'x', minutesLeft: 1 }),
    ).toThrow(/clock/);
  });

  it('formats durations and instants', () => {
    expect(formatMinutes(0, 'zh-CN')).toBe('0分钟');
    expect(formatMinutes(60, 'en-US')).toBe('1 h');
    expect(formatMinutes(1441, 'en-US')).toBe('1 d 1 min');
    expect(formatInstant('2026-12-31T16:05:00Z', 'zh-CN', 'Asia/Shanghai')).toBe('2027年1月1日 00:05');
  });

  it('signs an SMS', () => {
    expect(smsText({ title: 't', body: '您好' }, '售后通')).toBe('【售后通】您好');
  });
});
