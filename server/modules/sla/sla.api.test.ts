import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { loadCalendarDefinition } from './calendars.js';
import { createSlaService } from './sla.service.js';

let t: TestApp;
let admin: ApiClient;
let agent: ApiClient;
let manager: ApiClient;
let std: { id: number; version: number };
let premiumCalendarId: number;

const count = async (sql: string, values: unknown[] = []) =>
  (await t.query<{ n: number }>(`select count(*)::int as n from ${sql}`, values))[0].n;
const audits = (entityType: string, id: number) =>
  count(`audit_log where entity_type = $1 and entity_id = $2`, [entityType, String(id)]);

const hm = (hours: number, minutes = 0) => hours * 60 + minutes;
const officeWeek = () => [
  [{ start: hm(8, 30), end: hm(17, 30) }],
  [{ start: hm(8, 30), end: hm(17, 30) }],
  [{ start: hm(8, 30), end: hm(17, 30) }],
  [{ start: hm(8, 30), end: hm(17, 30) }],
  [{ start: hm(8, 30), end: hm(17, 30) }],
  [],
  [],
];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.client('admin');
  agent = await t.client('agent.bj');
  manager = await t.client('manager.bj');
  const calendars = (await admin.get('/api/sla/calendars')).body.items;
  std = calendars.find((c: { code: string }) => c.code === 'STD');
  premiumCalendarId = calendars.find((c: { code: string }) => c.code === '24X7').id;
});
afterAll(() => t.close());

describe('shipped defaults (seed)', () => {
  it('has the three calendars with the official holidays and the two policies, STD the default', async () => {
    const calendars = (await agent.get('/api/sla/calendars')).body.items;
    expect(calendars.map((c: { code: string }) => c.code)).toEqual(['24X7', 'STD', 'STD2']);
    const byCode = Object.fromEntries(calendars.map((c: { code: string }) => [c.code, c]));
    expect(byCode.STD).toMatchObject({ name: '标准工作日历', timeZone: 'Asia/Shanghai', weeklyMinutes: 5 * 540 });
    expect(byCode.STD2.weeklyMinutes).toBe(5 * 450);
    expect(byCode['24X7']).toMatchObject({ alwaysOpen: true, weeklyMinutes: 10080, holidayCount: 0 });
    expect(byCode.STD.makeUpDayCount).toBe(11);
    const policies = (await agent.get('/api/sla/policies')).body.items;
    expect(policies.map((p: { code: string; isDefault: boolean }) => [p.code, p.isDefault])).toEqual([
      ['STD', true],
      ['24X7', false],
    ]);
    const level1 = policies[0].targets.filter((row: { level: number }) => row.level === 1);
    expect(
      level1.map((row: { region: string; arrival: { minutes: number } }) => [row.region, row.arrival.minutes]),
    ).toEqual([
      ['any', 120],
      ['urban', 120],
      ['suburban', 420],
    ]);
    expect(policies[0].targets.find((row: { level: number }) => row.level === 4).arrival).toBeNull();
  });
});

describe('business calendars (SLA-2)', () => {
  it('creates, edits with a version check, deactivates, and keeps the history', async () => {
    const created = await admin.post('/api/sla/calendars', {
      code: 'SAT',
      name: '含周六上午',
      timeZone: 'Asia/Shanghai',
      weekly: [...officeWeek().slice(0, 5), [{ start: hm(9), end: hm(12) }], []],
    });
    expect(created.status).toBe(200);
    expect(created.body.weeklyMinutes).toBe(5 * 540 + 180);
    const id = created.body.id;
    const edited = await admin.put(`/api/sla/calendars/${id}`, {
      code: 'SAT',
      name: '含周六上午（午休）',
      timeZone: 'Asia/Shanghai',
      weekly: [
        [
          { start: hm(13, 30), end: hm(17, 30) },
          { start: hm(8, 30), end: hm(12) },
        ],
        ...officeWeek().slice(1, 5),
        [{ start: hm(9), end: hm(12) }],
        [],
      ],
      makeUpWindows: [{ start: hm(9), end: hm(17) }],
      version: 1,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.version).toBe(2);
    // Windows are kept in time order.
    expect(edited.body.weekly[0]).toEqual([
      { start: 510, end: 720 },
      { start: 810, end: 1050 },
    ]);
    const stale = await admin.put(`/api/sla/calendars/${id}`, { ...created.body, version: 1 });
    expect(stale.status).toBe(409);
    expect((await admin.post(`/api/sla/calendars/${id}/active`, { active: false })).body.isActive).toBe(false);
    const history = (await admin.get(`/api/sla/calendars/${id}/history`)).body.items;
    expect(history.map((entry: { action: string }) => entry.action)).toEqual(['deactivate', 'update', 'create']);
    expect(history[1].after.name).toBe('含周六上午（午休）');
  });

  it('refuses overlapping or out-of-range windows naming the weekday, and an unknown zone; writes nothing', async () => {
    const before = await count('business_calendars');
    const week = officeWeek();
    week[2] = [
      { start: hm(8, 30), end: hm(12) },
      { start: hm(11), end: hm(13) },
    ];
    const overlap = await admin.post('/api/sla/calendars', {
      code: 'BAD1',
      name: '重叠',
      timeZone: 'Asia/Shanghai',
      weekly: week,
    });
    expect(overlap.status).toBe(400);
    expect(overlap.body.error.fields[0].field).toBe('weekly.2');
    expect(overlap.body.error.message).toContain('星期三');
    expect(overlap.body.error.message).toContain('08:30–12:00');

    const late = officeWeek();
    late[4] = [{ start: hm(18), end: hm(25) }];
    admin.language = 'en-US';
    const outOfRange = await admin.post('/api/sla/calendars', {
      code: 'BAD2',
      name: 'x',
      timeZone: 'Asia/Shanghai',
      weekly: late,
    });
    admin.language = 'zh-CN';
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error.fields[0].field).toBe('weekly.4.0');
    expect(outOfRange.body.error.message).toContain('Friday');

    const zone = await admin.post('/api/sla/calendars', {
      code: 'BAD3',
      name: 'x',
      timeZone: 'Mars/Olympus',
      weekly: officeWeek(),
    });
    expect(zone.status).toBe(400);
    expect(zone.body.error.fields[0].field).toBe('timeZone');

    const empty = await admin.post('/api/sla/calendars', {
      code: 'BAD4',
      name: 'x',
      timeZone: 'Asia/Shanghai',
      weekly: [[], [], [], [], [], [], []],
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].field).toBe('weekly');

    const sixDays = await admin.post('/api/sla/calendars', {
      code: 'BAD5',
      name: 'x',
      timeZone: 'Asia/Shanghai',
      weekly: [[]],
    });
    expect(sixDays.status).toBe(400);
    expect(sixDays.body.error.fields[0].field).toBe('weekly');

    const duplicate = await admin.post('/api/sla/calendars', {
      code: 'STD',
      name: 'x',
      timeZone: 'Asia/Shanghai',
      weekly: officeWeek(),
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.fields[0].field).toBe('code');
    expect(await count('business_calendars')).toBe(before);
  });

  it('refuses to deactivate a calendar an active policy uses', async () => {
    const response = await admin.post(`/api/sla/calendars/${std.id}/active`, { active: false });
    expect(response.status).toBe(409);
  });
});

describe('holidays and make-up days', () => {
  it('lists a year of the official days', async () => {
    const days = (await agent.get(`/api/sla/calendars/${std.id}/days?year=2026`)).body.items;
    expect(days.find((d: { date: string }) => d.date === '2026-02-17')).toEqual({
      date: '2026-02-17',
      kind: 'holiday',
      name: '春节',
    });
    expect(days.filter((d: { kind: string }) => d.kind === 'make_up').map((d: { date: string }) => d.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(days.every((d: { date: string }) => d.date.startsWith('2026'))).toBe(true);
  });

  it('adds, edits and removes a day, bumping the calendar version and auditing each change', async () => {
    const calendar = (
      await admin.post('/api/sla/calendars', {
        code: 'DAYS',
        name: '日期测试',
        timeZone: 'Asia/Shanghai',
        weekly: officeWeek(),
      })
    ).body;
    const id = calendar.id;
    const added = await admin.post(`/api/sla/calendars/${id}/days`, {
      date: '2026-06-01',
      kind: 'holiday',
      name: '司庆',
    });
    expect(added.status).toBe(200);
    const duplicate = await admin.post(`/api/sla/calendars/${id}/days`, {
      date: '2026-06-01',
      kind: 'make_up',
      name: '重复',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.fields[0].field).toBe('date');
    const badDate = await admin.post(`/api/sla/calendars/${id}/days`, {
      date: '2026-02-30',
      kind: 'holiday',
      name: 'x',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.fields[0].field).toBe('date');
    const badKind = await admin.post(`/api/sla/calendars/${id}/days`, {
      date: '2026-06-02',
      kind: 'vacation',
      name: 'x',
    });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.fields[0].field).toBe('kind');
    const edited = await admin.put(`/api/sla/calendars/${id}/days/2026-06-01`, { kind: 'make_up', name: '司庆补班' });
    expect(edited.body).toEqual({ date: '2026-06-01', kind: 'make_up', name: '司庆补班' });
    expect((await admin.request('DELETE', `/api/sla/calendars/${id}/days/2026-06-01`)).status).toBe(200);
    expect((await admin.request('DELETE', `/api/sla/calendars/${id}/days/2026-06-01`)).status).toBe(404);
    expect((await admin.get(`/api/sla/calendars/${id}/days`)).body.items).toEqual([]);
    expect((await admin.get(`/api/sla/calendars/${id}`)).body.version).toBe(4);
    const history = (await admin.get(`/api/sla/calendars/${id}/history`)).body.items;
    expect(history[0]).toMatchObject({
      action: 'update',
      before: { '2026-06-01': '班 司庆补班' },
      after: { '2026-06-01': null },
    });
    expect(await audits('sla_calendar', id)).toBe(4);
  });

  it('imports an .ics file: a preview that writes nothing, then the commit; a bad file is refused', async () => {
    const calendar = (
      await admin.post('/api/sla/calendars', {
        code: 'ICS',
        name: 'ICS 导入',
        timeZone: 'Asia/Shanghai',
        weekly: officeWeek(),
      })
    ).body;
    const id = calendar.id;
    await admin.post(`/api/sla/calendars/${id}/days`, { date: '2026-02-14', kind: 'make_up', name: '春节调休上班' });
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//aftercare test//CN',
      'BEGIN:VEVENT',
      'UID:a1',
      'DTSTART;VALUE=DATE:20270101',
      'DTEND;VALUE=DATE:20270102',
      'SUMMARY:元旦',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:a2',
      'DTSTART;VALUE=DATE:20260214',
      'SUMMARY:春节补班',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:a3',
      'DTSTART:20270105T090000Z',
      'SUMMARY:年会',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const preview = await admin.upload(`/api/sla/calendars/${id}/import-ics`, 'holidays.ics', ics, 'text/calendar');
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      committed: false,
      add: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }],
      replace: [
        {
          date: '2026-02-14',
          kind: 'make_up',
          name: '春节补班',
          previousKind: 'make_up',
          previousName: '春节调休上班',
        },
      ],
      unchanged: 0,
    });
    expect(preview.body.skipped).toHaveLength(1);
    expect(preview.body.skipped[0]).toContain('年会');
    expect(await count('calendar_days where calendar_id = $1', [id])).toBe(1);

    const committed = await admin.upload(`/api/sla/calendars/${id}/import-ics?dryRun=false`, 'holidays.ics', ics);
    expect(committed.body.committed).toBe(true);
    const days = (await admin.get(`/api/sla/calendars/${id}/days`)).body.items;
    expect(days).toEqual([
      { date: '2026-02-14', kind: 'make_up', name: '春节补班' },
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    ]);
    const again = await admin.upload(`/api/sla/calendars/${id}/import-ics`, 'holidays.ics', ics);
    expect(again.body).toMatchObject({ add: [], replace: [], unchanged: 2 });

    const before = await count('calendar_days where calendar_id = $1', [id]);
    const broken = await admin.upload(
      `/api/sla/calendars/${id}/import-ics?dryRun=false`,
      'holidays.ics',
      'this is not a calendar',
    );
    expect(broken.status).toBe(400);
    expect(broken.body.error.fields[0].field).toBe('file');
    const wrongType = await admin.upload(`/api/sla/calendars/${id}/import-ics`, 'holidays.xlsx', ics);
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.fields[0].field).toBe('file');
    const onlyTimed = ics
      .replace(/BEGIN:VEVENT\r\nUID:a1[\s\S]*?END:VEVENT\r\n/, '')
      .replace(/BEGIN:VEVENT\r\nUID:a2[\s\S]*?END:VEVENT\r\n/, '');
    const nothing = await admin.upload(`/api/sla/calendars/${id}/import-ics?dryRun=false`, 'timed.ics', onlyTimed);
    expect(nothing.status).toBe(400);
    expect(await count('calendar_days where calendar_id = $1', [id])).toBe(before);
    expect((await manager.upload(`/api/sla/calendars/${id}/import-ics`, 'holidays.ics', ics)).status).toBe(403);
  });

  it('applies the official 2026 schedule: Spring Festival days off and the make-up Saturdays', async () => {
    const calendar = (
      await admin.post('/api/sla/calendars', {
        code: 'OFF',
        name: '官方安排',
        timeZone: 'Asia/Shanghai',
        weekly: officeWeek(),
      })
    ).body;
    const id = calendar.id;
    const preview = await admin.post(`/api/sla/calendars/${id}/apply-official/2026?dryRun=true`);
    expect(preview.body.committed).toBe(false);
    expect(await count('calendar_days where calendar_id = $1', [id])).toBe(0);
    const applied = await admin.post(`/api/sla/calendars/${id}/apply-official/2026`);
    expect(applied.status).toBe(200);
    expect(applied.body.committed).toBe(true);
    expect(applied.body.add).toHaveLength(33 + 6);
    const days = (await admin.get(`/api/sla/calendars/${id}/days?year=2026`)).body.items;
    const springFestival = days.filter(
      (d: { name: string; kind: string }) => d.name === '春节' && d.kind === 'holiday',
    );
    expect(springFestival.map((d: { date: string }) => d.date)).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]);
    const saturdays = days.filter(
      (d: { date: string; kind: string }) => d.kind === 'make_up' && new Date(`${d.date}T00:00:00Z`).getUTCDay() === 6,
    );
    expect(saturdays.map((d: { date: string }) => d.date)).toEqual([
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-10-10',
    ]);
    const again = await admin.post(`/api/sla/calendars/${id}/apply-official/2026`);
    expect(again.body).toMatchObject({ add: [], replace: [], unchanged: 39 });
    expect((await admin.get(`/api/sla/calendars/${id}`)).body.version).toBe(2);

    const unknownYear = await admin.post(`/api/sla/calendars/${id}/apply-official/2031`);
    expect(unknownYear.status).toBe(400);
    expect(unknownYear.body.error.fields[0].field).toBe('year');
    const schedules = (await agent.get('/api/sla/official-schedules')).body.items;
    expect(schedules.map((s: { year: number }) => s.year)).toEqual([2025, 2026]);
  });
});

describe('the "try it" preview', () => {
  const preview = (client: ApiClient, id: number, start: string, minutes: number) =>
    client.post(`/api/sla/calendars/${id}/preview`, { start, minutes });

  it('Friday 17:00 + 2 working hours is Monday 10:00 in the standard calendar', async () => {
    const result = await preview(agent, std.id, '2026-03-06T17:00:00+08:00', 120);
    expect(result.status).toBe(200);
    expect(result.body.due).toBe('2026-03-09T02:00:00.000Z');
    expect(result.body.dueLocal).toBe('2026-03-09 10:00');
    expect(
      result.body.ledger.map((s: { kind: string; minutes: number; startLocal: string }) => [
        s.kind,
        s.startLocal,
        s.minutes,
      ]),
    ).toEqual([
      ['running', '2026-03-06 17:00', 30],
      ['outside_hours', '2026-03-06 17:30', 390],
      ['non_working_day', '2026-03-07 00:00', 2880],
      ['outside_hours', '2026-03-09 00:00', 510],
      ['running', '2026-03-09 08:30', 90],
    ]);
  });

  it('counts a make-up Saturday (调休) and skips the Spring Festival holidays', async () => {
    const saturday = await preview(agent, std.id, '2026-02-13T17:00:00+08:00', 120);
    expect(saturday.body.dueLocal).toBe('2026-02-14 10:00');
    const overFestival = await preview(agent, std.id, '2026-02-13T17:00:00+08:00', 600);
    expect(overFestival.body.dueLocal).toBe('2026-02-24 09:00');
    const holidays = overFestival.body.ledger.filter((s: { kind: string }) => s.kind === 'holiday');
    expect(holidays[0]).toMatchObject({
      startLocal: '2026-02-15 00:00',
      endLocal: '2026-02-24 00:00',
      holidayName: '春节',
    });
  });

  it('a deadline falls at the end of a window, never at the start of the next', async () => {
    const result = await preview(agent, std.id, '2026-03-09T08:30:00+08:00', 540);
    expect(result.body.dueLocal).toBe('2026-03-09 17:30');
  });

  it('runs around the clock in 7×24 and refuses bad input', async () => {
    const result = await preview(agent, premiumCalendarId, '2026-02-17T23:00:00+08:00', 120);
    expect(result.body.dueLocal).toBe('2026-02-18 01:00');
    expect(result.body.ledger).toHaveLength(1);
    const zero = await preview(agent, std.id, '2026-03-06T17:00:00+08:00', 0);
    expect(zero.status).toBe(400);
    expect(zero.body.error.fields[0].field).toBe('minutes');
    const noZone = await preview(agent, std.id, '2026-03-06 17:00', 60);
    expect(noZone.status).toBe(400);
    expect(noZone.body.error.fields[0].field).toBe('start');
    expect((await preview(agent, 999_999, '2026-03-06T17:00:00+08:00', 60)).status).toBe(404);
  });
});

const grid = () => [
  {
    level: 1,
    region: 'any',
    response: { minutes: 10, basis: 'calendar' },
    arrival: { minutes: 120, basis: 'calendar' },
    resolution: { minutes: 1440, basis: 'calendar' },
  },
  {
    level: 2,
    region: 'any',
    response: { minutes: 60, basis: 'business' },
    arrival: null,
    resolution: { minutes: 2880, basis: 'calendar' },
  },
  {
    level: 3,
    region: 'any',
    response: { minutes: 120, basis: 'business' },
    arrival: null,
    resolution: { minutes: 4320, basis: 'calendar' },
  },
  {
    level: 4,
    region: 'any',
    response: { minutes: 120, basis: 'business' },
    arrival: null,
    resolution: { minutes: 1440, basis: 'calendar' },
  },
];

describe('SLA policies (SLA-1)', () => {
  it('refuses a bad target grid naming the cell, writing nothing', async () => {
    const before = await count('sla_policies');
    const base = { code: 'BAD', name: '错误', calendarId: std.id };
    const zero = grid();
    zero[1].response = { minutes: 0, basis: 'business' };
    const zeroResponse = await admin.post('/api/sla/policies', { ...base, targets: zero });
    expect(zeroResponse.status).toBe(400);
    expect(zeroResponse.body.error.fields[0].field).toBe('targets.1.response.minutes');
    expect(zeroResponse.body.error.fields[0].message).toBe('应为正整数');

    const fraction = grid();
    fraction[0].arrival = { minutes: 90.5, basis: 'calendar' };
    expect((await admin.post('/api/sla/policies', { ...base, targets: fraction })).body.error.fields[0].field).toBe(
      'targets.0.arrival.minutes',
    );

    const missing = grid().filter((row) => row.level !== 3);
    const missingLevel = await admin.post('/api/sla/policies', { ...base, targets: missing });
    expect(missingLevel.status).toBe(400);
    expect(missingLevel.body.error.fields[0].field).toBe('targets');
    expect(missingLevel.body.error.message).toContain('3 级');

    const slow = grid();
    slow[3].response = { minutes: 2000, basis: 'calendar' };
    const slowResponse = await admin.post('/api/sla/policies', { ...base, targets: slow });
    expect(slowResponse.status).toBe(400);
    expect(slowResponse.body.error.fields[0].field).toBe('targets.3.resolution.minutes');

    const twice = [...grid(), grid()[0]];
    expect((await admin.post('/api/sla/policies', { ...base, targets: twice })).body.error.fields[0].field).toBe(
      'targets.4.region',
    );
    const badBasis = grid();
    (badBasis[0].response as { basis: string }).basis = 'working';
    expect((await admin.post('/api/sla/policies', { ...base, targets: badBasis })).body.error.fields[0].field).toBe(
      'targets.0.response.basis',
    );
    const noCalendar = await admin.post('/api/sla/policies', { ...base, calendarId: 999_999, targets: grid() });
    expect(noCalendar.status).toBe(400);
    expect(noCalendar.body.error.fields[0].field).toBe('calendarId');
    expect(await count('sla_policies')).toBe(before);
  });

  it('keeps exactly one default: a new default takes the flag in the same transaction', async () => {
    const created = await admin.post('/api/sla/policies', {
      code: 'GOLD',
      name: '金牌服务',
      calendarId: std.id,
      targets: grid(),
      pauseForParts: true,
      isDefault: true,
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ isDefault: true, pauseForParts: true, calendarCode: 'STD' });
    const defaults = await t.query<{ code: string }>(`select code from sla_policies where is_default`);
    expect(defaults).toEqual([{ code: 'GOLD' }]);
    const stdPolicy = (await admin.get('/api/sla/policies')).body.items.find((p: { code: string }) => p.code === 'STD');
    expect(stdPolicy.isDefault).toBe(false);
    const stdHistory = (await admin.get(`/api/sla/policies/${stdPolicy.id}/history`)).body.items;
    expect(stdHistory[0]).toMatchObject({ action: 'update', before: { isDefault: true }, after: { isDefault: false } });

    // The default cannot be unset or deactivated, only replaced.
    const unset = await admin.put(`/api/sla/policies/${created.body.id}`, { ...created.body, isDefault: false });
    expect(unset.status).toBe(400);
    expect(unset.body.error.fields[0].field).toBe('isDefault');
    expect((await admin.post(`/api/sla/policies/${created.body.id}/active`, { active: false })).status).toBe(409);

    const back = await admin.put(`/api/sla/policies/${stdPolicy.id}`, { ...stdPolicy, isDefault: true });
    expect(back.status).toBe(200);
    expect(back.body.isDefault).toBe(true);
    expect(await t.query(`select code from sla_policies where is_default`)).toEqual([{ code: 'STD' }]);
    const stale = await admin.put(`/api/sla/policies/${stdPolicy.id}`, { ...stdPolicy, name: '过期' });
    expect(stale.status).toBe(409);
    const gold = (await admin.get(`/api/sla/policies/${created.body.id}`)).body;
    expect((await admin.post(`/api/sla/policies/${gold.id}/active`, { active: false })).body.isActive).toBe(false);
  });

  it('lets everyone read calendars and policies and only administrators change them', async () => {
    for (const client of [agent, manager]) {
      expect((await client.get('/api/sla/policies')).status).toBe(200);
      expect((await client.get(`/api/sla/calendars/${std.id}`)).status).toBe(200);
      expect(
        (
          await client.post('/api/sla/calendars', {
            code: 'X',
            name: 'x',
            timeZone: 'Asia/Shanghai',
            weekly: officeWeek(),
          })
        ).status,
      ).toBe(403);
      expect(
        (await client.post(`/api/sla/calendars/${std.id}/days`, { date: '2026-06-01', kind: 'holiday', name: 'x' }))
          .status,
      ).toBe(403);
      expect(
        (await client.post('/api/sla/policies', { code: 'X', name: 'x', calendarId: std.id, targets: grid() })).status,
      ).toBe(403);
    }
  });
});

describe('a contract names its policy and calendar', () => {
  it('saves the choice, refuses an inactive or unknown one, and keeps it on later edits', async () => {
    const customer = await admin.post('/api/customers', {
      kind: 'organisation',
      name: '时限测试有限公司',
      stationId: t.stationId.get('BJ'),
    });
    const policies = (await admin.get('/api/sla/policies')).body.items;
    const premium = policies.find((p: { code: string }) => p.code === '24X7');
    const base = {
      contractNo: 'SLA-C1',
      customerId: customer.body.id,
      title: '7×24 合同',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
    };
    const created = await admin.post('/api/contracts', { ...base, slaPolicyId: premium.id, calendarId: std.id });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ slaPolicyId: premium.id, calendarId: std.id });
    expect((await admin.get(`/api/sla/policies/${premium.id}`)).body.contractCount).toBe(1);

    const before = await count('service_contracts');
    const unknown = await admin.post('/api/contracts', { ...base, contractNo: 'SLA-C2', calendarId: 999_999 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].field).toBe('calendarId');
    const gold = policies.find((p: { code: string }) => p.code === 'GOLD');
    const inactive = await admin.post('/api/contracts', { ...base, contractNo: 'SLA-C3', slaPolicyId: gold.id });
    expect(inactive.status).toBe(400);
    expect(inactive.body.error.fields[0].field).toBe('slaPolicyId');
    expect(await count('service_contracts')).toBe(before);

    // A policy in use by a live contract cannot be deactivated.
    expect((await admin.post(`/api/sla/policies/${premium.id}/active`, { active: false })).status).toBe(409);

    const cleared = await admin.put(`/api/contracts/${created.body.id}`, {
      ...base,
      slaPolicyId: null,
      calendarId: null,
      version: created.body.version,
    });
    expect(cleared.body).toMatchObject({ slaPolicyId: null, calendarId: null });
  });
});

describe('a calendar edit recomputes open tickets', () => {
  it('calls the deadline engine in the same transaction for windows, zone and day changes only', async () => {
    const recomputeCalendar = vi.fn(async () => undefined);
    const service = createSlaService({ db: t.db, clock: { now: () => new Date() }, recomputeCalendar });
    const [row] = await t.query<{ id: number }>(`select id from users where username = 'admin'`);
    const actor = (await t.app.services.auth.loadActor(row.id))!;
    const created = await service.createCalendar(actor, {
      code: 'RECALC',
      name: '重算',
      timeZone: 'Asia/Shanghai',
      alwaysOpen: false,
      weekly: officeWeek(),
    });
    expect(recomputeCalendar).not.toHaveBeenCalled();
    const renamed = await service.updateCalendar(actor, created.id, {
      code: 'RECALC',
      name: '只改名称',
      timeZone: 'Asia/Shanghai',
      alwaysOpen: false,
      weekly: officeWeek(),
      version: created.version,
    });
    expect(recomputeCalendar).not.toHaveBeenCalled();
    await service.updateCalendar(actor, created.id, {
      code: 'RECALC',
      name: '只改名称',
      timeZone: 'Asia/Urumqi',
      alwaysOpen: false,
      weekly: officeWeek(),
      version: renamed.version,
    });
    expect(recomputeCalendar).toHaveBeenCalledTimes(1);
    await service.addCalendarDay(actor, created.id, { date: '2026-07-01', kind: 'holiday', name: '司庆' });
    await service.applyOfficial(actor, created.id, 2026, false);
    expect(recomputeCalendar).toHaveBeenCalledTimes(3);
    expect(recomputeCalendar.mock.calls.every((call) => (call as unknown[])[1] === created.id)).toBe(true);

    // A failing recomputation rolls the change back.
    const failing = createSlaService({
      db: t.db,
      clock: { now: () => new Date() },
      recomputeCalendar: async (tx, calendarId) => {
        // The engine reads the calendar inside the transaction (filling the cache), then fails.
        expect((await loadCalendarDefinition(tx, calendarId)).holidays).toContain('2026-07-02');
        throw new Error('engine down');
      },
    });
    await expect(
      failing.addCalendarDay(actor, created.id, { date: '2026-07-02', kind: 'holiday', name: 'x' }),
    ).rejects.toThrow('engine down');
    expect(await count(`calendar_days where calendar_id = $1 and date = '2026-07-02'`, [created.id])).toBe(0);
    // The rolled-back content is not served from the cache.
    const definition = await loadCalendarDefinition(t.db, created.id);
    expect(definition.holidays).toContain('2026-07-01');
    expect(definition.holidays).not.toContain('2026-07-02');
    expect(definition.holidayNames?.['2026-07-01']).toBe('司庆');
    expect(definition.timeZone).toBe('Asia/Urumqi');
  });
});
