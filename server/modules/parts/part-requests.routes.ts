/** Routes of parts on tickets (PRT-3, DSP-4): thin — parse, one service call, the resource out. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../lib/contract.js';
import type { Role } from '../../lib/roles.js';
import {
  directIssueInput,
  directIssueResult,
  partOptionList,
  partOptionsQuery,
  partRequest,
  partRequestConsumeInput,
  partRequestCreateInput,
  partRequestList,
  partRequestListQuery,
  partRequestNoteInput,
  partRequestStockInput,
} from './part-requests.contract.js';
import type { PartRequestsService } from './part-requests.service.js';
import { partRequesters, stockKeepers, stockReaders } from './parts.access.js';

const tags = ['parts on tickets'];
/** Consumption and returns are recorded by the engineer, or by the parts keeper who takes the part back. */
const consumers: readonly Role[] = [...new Set([...partRequesters, ...stockKeepers])];

export const partRequestsRoutes =
  (service: PartRequestsService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/tickets/:id/part-requests',
      {
        config: { access: stockReaders },
        schema: {
          tags,
          summary: 'Parts requested, issued, consumed and returned on a ticket',
          params: idParam,
          response: { 200: partRequestList },
        },
      },
      async (request) => service.listForTicket(request.actor!, request.params.id),
    );
    app.get(
      '/api/tickets/:id/part-options',
      {
        config: { access: stockReaders },
        schema: {
          tags,
          summary:
            "Catalogue parts for a ticket's part picker (code/name search), those fitting its product model first, with the station's available stock",
          params: idParam,
          querystring: partOptionsQuery,
          response: { 200: partOptionList },
        },
      },
      async (request) => service.partOptions(request.actor!, request.params.id, request.query.q, request.query.limit),
    );
    app.post(
      '/api/tickets/:id/part-requests',
      {
        config: { access: consumers },
        schema: {
          tags,
          summary:
            'Request a part on a ticket (default charge kind: 三包件 in warranty, else 客户购买件). Closed or cancelled ticket → 409',
          params: idParam,
          body: partRequestCreateInput,
          response: { 201: partRequest },
        },
      },
      async (request, reply) => {
        reply.code(201);
        return service.create(request.actor!, request.params.id, request.body);
      },
    );
    app.post(
      '/api/tickets/:id/parts/issue',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary:
            "Issue a part against a ticket without a prior request (one transaction). Not enough available → 409; another station's warehouse → 404",
          params: idParam,
          body: directIssueInput,
          response: { 201: directIssueResult },
        },
      },
      async (request, reply) => {
        reply.code(201);
        return service.directIssue(request.actor!, request.params.id, request.body);
      },
    );
    app.get(
      '/api/part-requests',
      {
        config: { access: stockReaders },
        schema: {
          tags,
          summary: "The parts keeper's queue: part requests of the station (open = requested, reserved or issued)",
          querystring: partRequestListQuery,
          response: { 200: partRequestList },
        },
      },
      async (request) => service.list(request.actor!, request.query),
    );
    app.get(
      '/api/part-requests/:id',
      {
        config: { access: stockReaders },
        schema: { tags, summary: 'One part request', params: idParam, response: { 200: partRequest } },
      },
      async (request) => service.get(request.actor!, request.params.id),
    );
    app.post(
      '/api/part-requests/:id/reserve',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary: 'Set the part aside in a warehouse of the station (reserved ≤ available, else 409)',
          params: idParam,
          body: partRequestStockInput,
          response: { 200: partRequest },
        },
      },
      async (request) => service.reserve(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/part-requests/:id/issue',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary: 'Hand the part out (from its reservation, or from available stock); price and cost of the day',
          params: idParam,
          body: partRequestStockInput,
          response: { 200: partRequest },
        },
      },
      async (request) => service.issue(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/part-requests/:id/consume',
      {
        config: { access: consumers },
        schema: {
          tags,
          summary:
            'Record what was used on site and what comes back (consumed + returned = issued); serial swap for serialised parts; a warranty part makes the faulty one due back',
          params: idParam,
          body: partRequestConsumeInput,
          response: { 200: partRequest },
        },
      },
      async (request) => service.consume(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/part-requests/:id/return',
      {
        config: { access: consumers },
        schema: {
          tags,
          summary: 'Nothing was used: the whole issued quantity goes back into the warehouse',
          params: idParam,
          body: partRequestNoteInput,
          response: { 200: partRequest },
        },
      },
      async (request) => service.returnAll(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/part-requests/:id/cancel',
      {
        config: { access: consumers },
        schema: {
          tags,
          summary: 'Cancel a request before it is issued (a reservation is released)',
          params: idParam,
          body: partRequestNoteInput,
          response: { 200: partRequest },
        },
      },
      async (request) => service.cancel(request.actor!, request.params.id, request.body),
    );
  };
