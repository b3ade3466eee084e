import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../lib/app-error.js';
import { idParam, okResponse } from '../../lib/contract.js';
import type { Role } from '../../lib/roles.js';
import {
  acceptInput,
  assignInput,
  assignmentList,
  checkInInput,
  checkOutInput,
  declineInput,
  leave,
  leaveInput,
  qualification,
  qualificationInput,
  remoteProgressInput,
  repairRecord,
  signatureInput,
  suggestionList,
  suggestionsQuery,
  taskDetail,
  taskList,
  userChildParam,
  userIdParam,
  visit,
  visitCancelInput,
  visitCreateInput,
  visitList,
  visitRecordInput,
  withdrawInput,
} from './dispatch.contract.js';
import type { DispatchService } from './dispatch.service.js';
import type { VisitsService } from './visits.service.js';

/** DSP-1: the station manager or the agent decides (admins too). */
export const dispatchers: readonly Role[] = ['admin', 'station_manager', 'agent'];
/** Who reads a ticket's assignments and visits. */
export const dispatchReaders: readonly Role[] = [
  'admin',
  'executive',
  'station_manager',
  'agent',
  'engineer',
  'quality',
  'finance',
];
/**
 * The printable repair record (DSP-5) also lists the consumed parts (PRT-3): the parts keeper reads
 * it too (read-only; phone numbers masked for a role without personal-data access).
 */
export const repairRecordReaders: readonly Role[] = [...dispatchReaders, 'parts_keeper'];
/** Field work: the engineer; dispatchers may plan visits and correct a record. */
export const fieldWorkers: readonly Role[] = ['admin', 'station_manager', 'agent', 'engineer'];
export const engineersOnly: readonly Role[] = ['engineer'];
/** Qualifications and leaves (DSP-1) are kept by the station manager. */
export const qualificationKeepers: readonly Role[] = ['admin', 'station_manager'];

const tags = { dispatch: ['dispatch'], visits: ['field work'], people: ['engineer qualifications'] };
const declineResult = z.object({ ok: z.literal(true), ticketReturned: z.boolean() });

export const dispatchRoutes =
  (deps: { dispatch: DispatchService; visits: VisitsService }): FastifyPluginAsyncZod =>
  async (app) => {
    const { dispatch, visits } = deps;

    // ---------- suggestions and assignments (DSP-1, DSP-2) ----------
    app.get(
      '/api/tickets/:id/assignment-suggestions',
      {
        config: { access: dispatchers },
        schema: {
          tags: tags.dispatch,
          summary:
            'Engineers who could take the ticket, best first, each with the reasons (station/region, qualification on the day, leave, skills, specialty, open workload)',
          params: idParam,
          querystring: suggestionsQuery,
          response: { 200: suggestionList },
        },
      },
      async (request) => dispatch.suggestEngineers(request.actor!, request.params.id, request.query),
    );
    app.get(
      '/api/tickets/:id/assignments',
      {
        config: { access: dispatchReaders },
        schema: {
          tags: tags.dispatch,
          summary: 'Assignments of a ticket (live ones first) and the ticket version',
          params: idParam,
          response: { 200: assignmentList },
        },
      },
      async (request) => dispatch.listAssignments(request.actor!, request.params.id),
    );
    app.post(
      '/api/tickets/:id/assignments',
      {
        config: { access: dispatchers },
        schema: {
          tags: tags.dispatch,
          summary:
            'Assign or reassign engineers (lead first). Ineligible engineers → 400 naming them; a stale expectedVersion → 409',
          params: idParam,
          body: assignInput,
          response: { 200: assignmentList },
        },
      },
      async (request) => dispatch.assignEngineers(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/assignments/:id/withdraw',
      {
        config: { access: dispatchers },
        schema: {
          tags: tags.dispatch,
          summary: 'Take one engineer off the ticket (the last one out returns the ticket to dispatch)',
          params: idParam,
          body: withdrawInput,
          response: { 200: assignmentList },
        },
      },
      async (request) => dispatch.withdrawAssignment(request.actor!, request.params.id, request.body.reason ?? null),
    );
    app.get(
      '/api/assignments/:id',
      {
        config: { access: engineersOnly },
        schema: {
          tags: tags.dispatch,
          summary: 'One of my tasks with its current visit (the phone task page)',
          params: idParam,
          response: { 200: taskDetail },
        },
      },
      async (request) => dispatch.getTask(request.actor!, request.params.id),
    );
    app.post(
      '/api/assignments/:id/accept',
      {
        config: { access: engineersOnly },
        schema: {
          tags: tags.dispatch,
          summary: 'Accept my assignment; the customer is told who comes and when (DSP-2). Twice → 409',
          params: idParam,
          body: acceptInput,
          response: { 200: taskDetail },
        },
      },
      async (request) => dispatch.acceptAssignment(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/assignments/:id/decline',
      {
        config: { access: engineersOnly },
        schema: {
          tags: tags.dispatch,
          summary: 'Decline my assignment with a reason; the dispatcher is told in-app',
          params: idParam,
          body: declineInput,
          response: { 200: declineResult },
        },
      },
      async (request) => dispatch.declineAssignment(request.actor!, request.params.id, request.body.reason),
    );
    app.post(
      '/api/assignments/:id/progress',
      {
        config: { access: engineersOnly },
        schema: {
          tags: tags.dispatch,
          summary:
            'Work my remote / send-in / parts-by-mail ticket: in progress, waiting for parts or the customer, resolved',
          params: idParam,
          body: remoteProgressInput,
          response: { 200: taskDetail },
        },
      },
      async (request) => dispatch.progressWithoutVisit(request.actor!, request.params.id, request.body),
    );
    app.get(
      '/api/my/tasks',
      {
        config: { access: engineersOnly },
        schema: {
          tags: tags.dispatch,
          summary: 'My live tasks, most urgent first (breached, then nearest deadline, then fault level)',
          response: { 200: taskList },
        },
      },
      async (request) => dispatch.listMyTasks(request.actor!),
    );

    // ---------- visits and the field service record (DSP-4, DSP-5) ----------
    app.get(
      '/api/tickets/:id/visits',
      {
        config: { access: dispatchReaders },
        schema: {
          tags: tags.visits,
          summary: 'Visits of a ticket with their records',
          params: idParam,
          response: { 200: visitList },
        },
      },
      async (request) => visits.listVisits(request.actor!, request.params.id),
    );
    app.post(
      '/api/tickets/:id/visits',
      {
        config: { access: fieldWorkers },
        schema: {
          tags: tags.visits,
          summary: 'Plan a visit, or start one on leaving (startTravel); numbered with the serving department code',
          params: idParam,
          body: visitCreateInput,
          response: { 200: visit },
        },
      },
      async (request) => visits.createVisit(request.actor!, request.params.id, request.body),
    );
    app.get(
      '/api/tickets/:id/repair-record',
      {
        config: { access: repairRecordReaders },
        schema: {
          tags: tags.visits,
          summary: 'The repair record (售后服务维修记录单) of a ticket, for printing',
          params: idParam,
          response: { 200: repairRecord },
        },
      },
      async (request) => visits.repairRecord(request.actor!, request.params.id),
    );
    app.get(
      '/api/visits/:id',
      {
        config: { access: dispatchReaders },
        schema: {
          tags: tags.visits,
          summary: 'A visit and its field service record',
          params: idParam,
          response: { 200: visit },
        },
      },
      async (request) => visits.getVisit(request.actor!, request.params.id),
    );
    app.patch(
      '/api/visits/:id',
      {
        config: { access: fieldWorkers },
        schema: {
          tags: tags.visits,
          summary:
            'Record diagnosis, work done, parts, labour, result and on-site rating (expectedVersion → 409 when stale)',
          params: idParam,
          body: visitRecordInput,
          response: { 200: visit },
        },
      },
      async (request) => visits.updateRecord(request.actor!, request.params.id, request.body),
    );
    const emptyBody = z.object({}).optional();
    for (const [path, summary, action] of [
      ['start-travel', 'I set off (ticket en route)', visits.startTravel],
      ['start-work', 'I start working (ticket in progress)', visits.startWork],
    ] as const) {
      app.post(
        `/api/visits/:id/${path}`,
        {
          config: { access: engineersOnly },
          schema: { tags: tags.visits, summary, params: idParam, body: emptyBody, response: { 200: visit } },
        },
        async (request) => action(request.actor!, request.params.id),
      );
    }
    app.post(
      '/api/visits/:id/check-in',
      {
        config: { access: engineersOnly },
        schema: {
          tags: tags.visits,
          summary: 'I am on site (ticket on site; the arrival clock stops now). A second check-in → 409',
          params: idParam,
          body: checkInInput,
          response: { 200: visit },
        },
      },
      async (request) => visits.checkIn(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/visits/:id/photos',
      {
        config: { access: fieldWorkers },
        schema: {
          tags: tags.visits,
          summary: 'Add a photo (multipart field "file"; type and size checked, location metadata removed)',
          consumes: ['multipart/form-data'],
          params: idParam,
          response: { 200: visit },
        },
      },
      async (request) => {
        const upload = request.isMultipart() ? await request.file() : undefined;
        if (!upload) {
          throw new AppError(
            'VALIDATION',
            { zh: '请选择照片', en: 'Choose a photo' },
            { fields: [{ field: 'file', message: 'required' }] },
          );
        }
        const buffer = await upload.toBuffer();
        return visits.addPhoto(request.actor!, request.params.id, {
          buffer,
          filename: upload.filename,
        });
      },
    );
    app.post(
      '/api/visits/:id/signature',
      {
        config: { access: engineersOnly },
        schema: {
          tags: tags.visits,
          summary: "The customer's drawn signature (PNG data URL) and name; the time is recorded by the server",
          params: idParam,
          body: signatureInput,
          response: { 200: visit },
        },
      },
      async (request) => visits.sign(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/visits/:id/check-out',
      {
        config: { access: engineersOnly },
        schema: {
          tags: tags.visits,
          summary:
            'I leave: needs the result; done → ticket resolved, not done → waiting for parts/customer or in progress',
          params: idParam,
          body: checkOutInput,
          response: { 200: visit },
        },
      },
      async (request) => visits.checkOut(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/visits/:id/cancel',
      {
        config: { access: fieldWorkers },
        schema: {
          tags: tags.visits,
          summary: 'Call off a planned or travelling visit',
          params: idParam,
          body: visitCancelInput,
          response: { 200: visit },
        },
      },
      async (request) => visits.cancel(request.actor!, request.params.id, request.body.reason),
    );

    // ---------- qualifications and leaves (DSP-1) ----------
    app.get(
      '/api/users/:id/qualifications',
      {
        config: { access: qualificationKeepers },
        schema: {
          tags: tags.people,
          summary: 'Training qualifications of a user per product line',
          params: userIdParam,
          response: { 200: z.object({ items: z.array(qualification) }) },
        },
      },
      async (request) => dispatch.listQualifications(request.actor!, request.params.id),
    );
    app.post(
      '/api/users/:id/qualifications',
      {
        config: { access: qualificationKeepers },
        schema: {
          tags: tags.people,
          summary: 'Record a passed training (product line, certificate, validity)',
          params: userIdParam,
          body: qualificationInput,
          response: { 200: qualification },
        },
      },
      async (request) => dispatch.addQualification(request.actor!, request.params.id, request.body),
    );
    app.delete(
      '/api/users/:id/qualifications/:itemId',
      {
        config: { access: qualificationKeepers },
        schema: {
          tags: tags.people,
          summary: 'Remove a qualification',
          params: userChildParam,
          response: { 200: okResponse },
        },
      },
      async (request) => dispatch.deleteQualification(request.actor!, request.params.id, request.params.itemId),
    );
    app.get(
      '/api/users/:id/leaves',
      {
        config: { access: qualificationKeepers },
        schema: {
          tags: tags.people,
          summary: 'Leaves of a user',
          params: userIdParam,
          response: { 200: z.object({ items: z.array(leave) }) },
        },
      },
      async (request) => dispatch.listLeaves(request.actor!, request.params.id),
    );
    app.post(
      '/api/users/:id/leaves',
      {
        config: { access: qualificationKeepers },
        schema: {
          tags: tags.people,
          summary: 'Record a leave',
          params: userIdParam,
          body: leaveInput,
          response: { 200: leave },
        },
      },
      async (request) => dispatch.addLeave(request.actor!, request.params.id, request.body),
    );
    app.delete(
      '/api/users/:id/leaves/:itemId',
      {
        config: { access: qualificationKeepers },
        schema: { tags: tags.people, summary: 'Remove a leave', params: userChildParam, response: { 200: okResponse } },
      },
      async (request) => dispatch.deleteLeave(request.actor!, request.params.id, request.params.itemId),
    );
  };
