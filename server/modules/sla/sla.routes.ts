import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { adminOnly, everyone } from '../../lib/access.js';
import { AppError } from '../../lib/app-error.js';
import { activeBody, okResponse } from '../../lib/contract.js';
import type { Role } from '../../lib/roles.js';
import { historyList } from '../audit/audit.contract.js';
import { listHistory } from '../audit/audit.service.js';
import {
  applyOfficialParams,
  applyOfficialQuery,
  calendar,
  calendarDay,
  calendarDayInput,
  calendarDayParams,
  calendarDaysQuery,
  calendarDayUpdate,
  calendarInput,
  calendarUpdate,
  dayChangeReport,
  idParam,
  importQuery,
  listQuery,
  officialSchedule,
  policy,
  policyInput,
  policyUpdate,
  previewInput,
  previewResult,
} from './sla.contract.js';
import { calendarKind, policyKind, type SlaService } from './sla.service.js';

/** Calendars and policies are organisation-wide (SLA-1, SLA-2): administrators change them, everyone reads. */
export const slaEditors: readonly Role[] = adminOnly;

const tags = { calendars: ['sla calendars'], policies: ['sla policies'] };

export const slaRoutes =
  (deps: { db: Db; sla: SlaService }): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, sla } = deps;

    // ---------- business calendars (SLA-2) ----------
    app.get(
      '/api/sla/calendars',
      {
        config: { access: everyone },
        schema: {
          tags: tags.calendars,
          summary: 'List business calendars',
          querystring: listQuery,
          response: { 200: z.object({ items: z.array(calendar) }) },
        },
      },
      async (request) => ({ items: await sla.listCalendars(request.query.active) }),
    );
    app.get(
      '/api/sla/calendars/:id',
      {
        config: { access: everyone },
        schema: { tags: tags.calendars, summary: 'A business calendar', params: idParam, response: { 200: calendar } },
      },
      async (request) => sla.getCalendar(request.params.id),
    );
    app.post(
      '/api/sla/calendars',
      {
        config: { access: slaEditors },
        schema: {
          tags: tags.calendars,
          summary: 'Create a business calendar (weekly windows Monday first, minutes after local midnight)',
          body: calendarInput,
          response: { 200: calendar },
        },
      },
      async (request) => sla.createCalendar(request.actor!, request.body),
    );
    app.put(
      '/api/sla/calendars/:id',
      {
        config: { access: slaEditors },
        schema: {
          tags: tags.calendars,
          summary: 'Update a business calendar (version check); open tickets counted in it are recomputed',
          params: idParam,
          body: calendarUpdate,
          response: { 200: calendar },
        },
      },
      async (request) => sla.updateCalendar(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/sla/calendars/:id/active',
      {
        config: { access: slaEditors },
        schema: {
          tags: tags.calendars,
          summary: 'Deactivate or reactivate a calendar (refused while an active policy or contract uses it)',
          params: idParam,
          body: activeBody,
          response: { 200: calendar },
        },
      },
      async (request) => sla.setCalendarActive(request.actor!, request.params.id, request.body.active),
    );
    app.get(
      '/api/sla/calendars/:id/history',
      {
        config: { access: everyone },
        schema: {
          tags: tags.calendars,
          summary: 'Audit history of a calendar, its holidays and make-up days',
          params: idParam,
          response: { 200: historyList },
        },
      },
      async (request) => {
        await sla.getCalendar(request.params.id);
        return { items: await listHistory(db, calendarKind.entityType, request.params.id) };
      },
    );

    // ---------- holidays and make-up working days ----------
    app.get(
      '/api/sla/calendars/:id/days',
      {
        config: { access: everyone },
        schema: {
          tags: tags.calendars,
          summary: 'Holidays and make-up working days of a calendar (one year, or all)',
          params: idParam,
          querystring: calendarDaysQuery,
          response: { 200: z.object({ items: z.array(calendarDay) }) },
        },
      },
      async (request) => sla.listCalendarDays(request.params.id, request.query.year),
    );
    app.post(
      '/api/sla/calendars/:id/days',
      {
        config: { access: slaEditors },
        schema: {
          tags: tags.calendars,
          summary: 'Add a holiday or make-up working day',
          params: idParam,
          body: calendarDayInput,
          response: { 200: calendarDay },
        },
      },
      async (request) => sla.addCalendarDay(request.actor!, request.params.id, request.body),
    );
    app.put(
      '/api/sla/calendars/:id/days/:date',
      {
        config: { access: slaEditors },
        schema: {
          tags: tags.calendars,
          summary: 'Change the kind or name of a holiday or make-up day',
          params: calendarDayParams,
          body: calendarDayUpdate,
          response: { 200: calendarDay },
        },
      },
      async (request) => sla.updateCalendarDay(request.actor!, request.params.id, request.params.date, request.body),
    );
    app.delete(
      '/api/sla/calendars/:id/days/:date',
      {
        config: { access: slaEditors },
        schema: {
          tags: tags.calendars,
          summary: 'Remove a holiday or make-up day (the date becomes an ordinary day again)',
          params: calendarDayParams,
          response: { 200: okResponse },
        },
      },
      async (request) => sla.removeCalendarDay(request.actor!, request.params.id, request.params.date),
    );
    app.post(
      '/api/sla/calendars/:id/import-ics',
      {
        config: { access: slaEditors },
        schema: {
          tags: tags.calendars,
          summary:
            'Import holidays and make-up days from an iCalendar file (multipart field "file"). dryRun=true previews what would be added or replaced; dryRun=false writes it',
          consumes: ['multipart/form-data'],
          params: idParam,
          querystring: importQuery,
          response: { 200: dayChangeReport },
        },
      },
      async (request) => {
        const upload = request.isMultipart() ? await request.file() : undefined;
        if (!upload) {
          throw new AppError(
            'VALIDATION',
            { zh: '请选择要导入的 .ics 文件', en: 'Choose an .ics file to import' },
            { fields: [{ field: 'file', message: 'required' }] },
          );
        }
        const buffer = await upload.toBuffer();
        return sla.importIcs(
          request.actor!,
          request.params.id,
          { buffer, filename: upload.filename },
          request.query.dryRun === 'true',
        );
      },
    );
    app.get(
      '/api/sla/official-schedules',
      {
        config: { access: everyone },
        schema: {
          tags: tags.calendars,
          summary: "The State Council's public-holiday schedules shipped with the product",
          response: { 200: z.object({ items: z.array(officialSchedule) }) },
        },
      },
      async () => ({ items: sla.officialSchedules() }),
    );
    app.post(
      '/api/sla/calendars/:id/apply-official/:year',
      {
        config: { access: slaEditors },
        schema: {
          tags: tags.calendars,
          summary:
            "Copy a year's official holidays and make-up days into the calendar (dryRun=true previews); other days are kept",
          params: applyOfficialParams,
          querystring: applyOfficialQuery,
          response: { 200: dayChangeReport },
        },
      },
      async (request) =>
        sla.applyOfficial(request.actor!, request.params.id, request.params.year, request.query.dryRun === 'true'),
    );
    app.post(
      '/api/sla/calendars/:id/preview',
      {
        config: { access: everyone },
        schema: {
          tags: tags.calendars,
          summary:
            'Try the calendar: the deadline of `minutes` of working time from `start`, and the ledger explaining it',
          params: idParam,
          body: previewInput,
          response: { 200: previewResult },
        },
      },
      async (request) => sla.previewDeadline(request.params.id, request.body.start, request.body.minutes),
    );

    // ---------- SLA policies (SLA-1) ----------
    app.get(
      '/api/sla/policies',
      {
        config: { access: everyone },
        schema: {
          tags: tags.policies,
          summary: 'List SLA policies (the default first)',
          querystring: listQuery,
          response: { 200: z.object({ items: z.array(policy) }) },
        },
      },
      async (request) => ({ items: await sla.listPolicies(request.query.active) }),
    );
    app.get(
      '/api/sla/policies/:id',
      {
        config: { access: everyone },
        schema: { tags: tags.policies, summary: 'An SLA policy', params: idParam, response: { 200: policy } },
      },
      async (request) => sla.getPolicy(request.params.id),
    );
    app.post(
      '/api/sla/policies',
      {
        config: { access: slaEditors },
        schema: {
          tags: tags.policies,
          summary: 'Create an SLA policy; isDefault=true takes the default flag from the previous default',
          body: policyInput,
          response: { 200: policy },
        },
      },
      async (request) => sla.createPolicy(request.actor!, request.body),
    );
    app.put(
      '/api/sla/policies/:id',
      {
        config: { access: slaEditors },
        schema: {
          tags: tags.policies,
          summary: 'Update an SLA policy (version check)',
          params: idParam,
          body: policyUpdate,
          response: { 200: policy },
        },
      },
      async (request) => sla.updatePolicy(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/sla/policies/:id/active',
      {
        config: { access: slaEditors },
        schema: {
          tags: tags.policies,
          summary: 'Deactivate or reactivate a policy (never the default)',
          params: idParam,
          body: activeBody,
          response: { 200: policy },
        },
      },
      async (request) => sla.setPolicyActive(request.actor!, request.params.id, request.body.active),
    );
    app.get(
      '/api/sla/policies/:id/history',
      {
        config: { access: everyone },
        schema: {
          tags: tags.policies,
          summary: 'Audit history of a policy',
          params: idParam,
          response: { 200: historyList },
        },
      },
      async (request) => {
        await sla.getPolicy(request.params.id);
        return { items: await listHistory(db, policyKind.entityType, request.params.id) };
      },
    );
  };
