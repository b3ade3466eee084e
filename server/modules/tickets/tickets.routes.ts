import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { everyone } from '../../lib/access.js';
import { AppError } from '../../lib/app-error.js';
import { okResponse } from '../../lib/contract.js';
import type { Role } from '../../lib/roles.js';
import { tooLarge } from './attachments.js';
import {
  attachmentMeta,
  attachmentUploadQuery,
  boardQuery,
  classifyInput,
  commentInput,
  idParam,
  intakeContext,
  intakeContextQuery,
  intakeLookup,
  intakeLookupQuery,
  planInput,
  reasonInput,
  respondInput,
  routingPreview,
  routingPreviewQuery,
  savedView,
  savedViewInput,
  savedViewList,
  ticket,
  ticketBoard,
  ticketCreated,
  ticketCreateInput,
  ticketListQuery,
  ticketPage,
  ticketUpdateInput,
  timeline,
  timelineEvent,
  transitionInput,
} from './tickets.contract.js';
import { type TicketsService, ticketWriters } from './tickets.service.js';

const taskParams = z.object({ id: z.coerce.number().int().positive(), taskId: z.coerce.number().int().positive() });

/** Classification: the desk, and the quality department for quality information (TKT-3). */
export const ticketClassifiers: readonly Role[] = [...ticketWriters, 'quality'];
/** The first response and the technical plan may come from the desk, the engineers or quality. */
export const ticketHandlers: readonly Role[] = [...ticketWriters, 'engineer', 'quality'];
/** Comments and attachments: everyone who works on tickets. */
export const ticketContributors: readonly Role[] = ticketHandlers;

const tags = ['tickets'];

export const ticketsRoutes =
  (deps: { tickets: TicketsService }): FastifyPluginAsyncZod =>
  async (app) => {
    const service = deps.tickets;

    // ---------- intake ----------
    app.post(
      '/api/tickets',
      {
        config: { access: ticketWriters },
        schema: {
          tags,
          summary: 'Record a request (numbered, routed, SLA clocks started, customer notified)',
          body: ticketCreateInput,
          response: { 200: ticketCreated },
        },
      },
      async (request) => service.createTicket(request.actor!, request.body),
    );
    app.get(
      '/api/tickets/intake-context',
      {
        config: { access: everyone },
        schema: {
          tags,
          summary:
            "The intake form's context: the customer's contacts, equipment with warranty, open and repeat-candidate tickets",
          querystring: intakeContextQuery,
          response: { 200: intakeContext },
        },
      },
      async (request) => service.intakeContext(request.actor!, request.query),
    );
    app.get(
      '/api/tickets/intake-lookup',
      {
        config: { access: everyone },
        schema: {
          tags,
          summary: 'Find a customer by name/phone fragment or equipment by serial number',
          querystring: intakeLookupQuery,
          response: { 200: intakeLookup },
        },
      },
      async (request) => service.intakeLookup(request.actor!, request.query.q),
    );
    app.get(
      '/api/tickets/routing-preview',
      {
        config: { access: everyone },
        schema: {
          tags,
          summary: 'The department the routing rules pick for a classification, type and product category',
          querystring: routingPreviewQuery,
          response: { 200: routingPreview },
        },
      },
      async (request) => service.routingPreview(request.query),
    );

    // ---------- lists, board, views ----------
    app.get(
      '/api/tickets',
      {
        config: { access: everyone },
        schema: {
          tags,
          summary: 'Search and filter tickets (keyset cursor for the default order, page numbers otherwise)',
          querystring: ticketListQuery,
          response: { 200: ticketPage },
        },
      },
      async (request) => service.listTickets(request.actor!, request.query),
    );
    app.get(
      '/api/tickets/board',
      {
        config: { access: everyone },
        schema: {
          tags,
          summary: 'Deadlines breached or at risk now, and open loaner tasks',
          querystring: boardQuery,
          response: { 200: ticketBoard },
        },
      },
      async (request) => service.board(request.actor!, request.query),
    );
    app.get(
      '/api/tickets/views',
      {
        config: { access: everyone },
        schema: { tags, summary: 'My saved ticket views', response: { 200: savedViewList } },
      },
      async (request) => service.listViews(request.actor!),
    );
    app.post(
      '/api/tickets/views',
      {
        config: { access: everyone },
        schema: {
          tags,
          summary: 'Save a ticket view (name + list query string)',
          body: savedViewInput,
          response: { 200: savedView },
        },
      },
      async (request) => service.createView(request.actor!, request.body),
    );
    app.delete(
      '/api/tickets/views/:id',
      {
        config: { access: everyone },
        schema: { tags, summary: 'Delete one of my saved views', params: idParam, response: { 200: okResponse } },
      },
      async (request) => service.deleteView(request.actor!, request.params.id),
    );

    // ---------- one ticket ----------
    app.get(
      '/api/tickets/:id',
      {
        config: { access: everyone },
        schema: {
          tags,
          summary: 'A ticket with clocks, allowed next statuses, assignments, visits and attachments',
          params: idParam,
          response: { 200: ticket },
        },
      },
      async (request) => service.getTicket(request.actor!, request.params.id),
    );
    app.get(
      '/api/tickets/:id/timeline',
      {
        config: { access: everyone },
        schema: { tags, summary: "The ticket's timeline", params: idParam, response: { 200: timeline } },
      },
      async (request) => service.timeline(request.actor!, request.params.id),
    );
    app.patch(
      '/api/tickets/:id',
      {
        config: { access: ticketWriters },
        schema: {
          tags,
          summary: 'Edit a ticket (a level, region or mode change recomputes the deadlines)',
          params: idParam,
          body: ticketUpdateInput,
          response: { 200: ticket },
        },
      },
      async (request) => service.updateTicket(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/tickets/:id/transitions',
      {
        config: { access: ticketWriters },
        schema: {
          tags,
          summary: 'Move a ticket (in progress, waiting, resolved, accepted, closed, cancelled, reopened)',
          params: idParam,
          body: transitionInput,
          response: { 200: ticket },
        },
      },
      async (request) => service.transition(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/tickets/:id/classify',
      {
        config: { access: ticketClassifiers },
        schema: {
          tags,
          summary: 'Classify and route a ticket (completes intake)',
          params: idParam,
          body: classifyInput,
          response: { 200: ticket },
        },
      },
      async (request) => service.classify(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/tickets/:id/respond',
      {
        config: { access: ticketHandlers },
        schema: {
          tags,
          summary: 'Record the first response to the customer',
          params: idParam,
          body: respondInput,
          response: { 200: ticket },
        },
      },
      async (request) => service.respond(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/tickets/:id/plan',
      {
        config: { access: ticketHandlers },
        schema: {
          tags,
          summary: 'Record (or revise) the technical plan',
          params: idParam,
          body: planInput,
          response: { 200: ticket },
        },
      },
      async (request) => service.plan(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/tickets/:id/cancel',
      {
        config: { access: ticketWriters },
        schema: {
          tags,
          summary: 'Cancel a ticket (reason required)',
          params: idParam,
          body: reasonInput,
          response: { 200: ticket },
        },
      },
      async (request) => service.cancel(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/tickets/:id/reopen',
      {
        config: { access: ticketWriters },
        schema: {
          tags,
          summary: 'Reopen a closed ticket (reason required)',
          params: idParam,
          body: reasonInput,
          response: { 200: ticket },
        },
      },
      async (request) => service.reopen(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/tickets/:id/tasks/:taskId/complete',
      {
        config: { access: ticketHandlers },
        schema: {
          tags,
          summary: 'Complete a due task of the ticket (e.g. the loaner unit is in place)',
          params: taskParams,
          body: commentInput,
          response: { 200: ticket },
        },
      },
      async (request) => service.completeTask(request.actor!, request.params.id, request.params.taskId, request.body),
    );
    app.post(
      '/api/tickets/:id/comments',
      {
        config: { access: ticketContributors },
        schema: {
          tags,
          summary: 'Comment on a ticket',
          params: idParam,
          body: commentInput,
          response: { 200: timelineEvent },
        },
      },
      async (request) => service.comment(request.actor!, request.params.id, request.body),
    );

    // ---------- attachments ----------
    app.get(
      '/api/tickets/:id/attachments',
      {
        config: { access: everyone },
        schema: {
          tags,
          summary: "The ticket's photos and files",
          params: idParam,
          response: { 200: z.object({ items: z.array(attachmentMeta) }) },
        },
      },
      async (request) => service.listAttachments(request.actor!, request.params.id),
    );
    app.post(
      '/api/tickets/:id/attachments',
      {
        config: { access: ticketContributors },
        schema: {
          tags,
          summary:
            'Attach a photo or file (multipart field "file"; real type checked; photo metadata incl. location removed)',
          consumes: ['multipart/form-data'],
          params: idParam,
          querystring: attachmentUploadQuery,
          response: { 200: attachmentMeta },
        },
      },
      async (request) => {
        const maxBytes = await service.attachmentLimit();
        const upload = request.isMultipart() ? await request.file({ limits: { fileSize: maxBytes } }) : undefined;
        if (!upload) {
          throw new AppError(
            'VALIDATION',
            { zh: '请选择要上传的文件', en: 'Choose a file to upload' },
            { fields: [{ field: 'file', message: 'Choose a file to upload' }] },
          );
        }
        let content: Buffer;
        try {
          content = await upload.toBuffer();
        } catch (error) {
          // The stream stops at the limit (setting attachments.maxMegabytes): answer 400 naming the field.
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
            throw tooLarge(Math.round(maxBytes / 1024 / 1024));
          }
          throw error;
        }
        return service.uploadAttachment(request.actor!, request.params.id, {
          fileName: upload.filename,
          content,
          kind: request.query.kind,
        });
      },
    );
    app.get(
      '/api/attachments/:id',
      {
        config: { access: everyone },
        schema: { tags, summary: 'Download an attachment', params: idParam },
      },
      async (request, reply) => {
        const file = await service.getAttachment(request.actor!, request.params.id);
        const inline = file.contentType.startsWith('image/') || file.contentType === 'application/pdf';
        const asciiName = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
        return reply
          .header('content-type', file.contentType)
          .header('cache-control', 'private, max-age=3600')
          .header('etag', `"${file.sha256}"`)
          .header(
            'content-disposition',
            `${inline ? 'inline' : 'attachment'}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
          )
          .send(file.content);
      },
    );
  };
