import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../lib/contract.js';
import type { Role } from '../../lib/roles.js';
import {
  complaint,
  complaintCreateInput,
  complaintList,
  complaintListQuery,
  complaintTimeline,
  complaintTransitionInput,
} from './complaints.contract.js';
import type { ComplaintsService } from './complaints.service.js';

/** Who reads complaints. */
export const complaintReaders: readonly Role[] = ['admin', 'executive', 'station_manager', 'agent', 'quality'];
/** Who records a complaint (from any channel). */
export const complaintRecorders: readonly Role[] = ['admin', 'station_manager', 'agent', 'quality'];
/** Who moves a complaint along (approval is further limited by complaints.rules.ts). */
export const complaintHandlers: readonly Role[] = ['admin', 'executive', 'station_manager', 'agent', 'quality'];

const tags = ['complaints'];

export const complaintsRoutes =
  (deps: { complaints: ComplaintsService }): FastifyPluginAsyncZod =>
  async (app) => {
    const { complaints } = deps;
    app.get(
      '/api/complaints',
      {
        config: { access: complaintReaders },
        schema: {
          tags,
          summary: 'Complaints, newest first (filters: status or open, category, station, overdue, ticket)',
          querystring: complaintListQuery,
          response: { 200: complaintList },
        },
      },
      async (request) => complaints.list(request.actor!, request.query),
    );
    app.post(
      '/api/complaints',
      {
        config: { access: complaintRecorders },
        schema: {
          tags,
          summary:
            'Record a complaint (any channel), linked to the ticket/equipment/engineer/customer; product quality is handed to the quality department',
          body: complaintCreateInput,
          response: { 200: complaint },
        },
      },
      async (request) => complaints.create(request.actor!, request.body),
    );
    app.get(
      '/api/complaints/:id',
      {
        config: { access: complaintReaders },
        schema: {
          tags,
          summary: 'One complaint with its step, due time and allowed moves',
          params: idParam,
          response: { 200: complaint },
        },
      },
      async (request) => complaints.get(request.actor!, request.params.id),
    );
    app.get(
      '/api/complaints/:id/timeline',
      {
        config: { access: complaintReaders },
        schema: {
          tags,
          summary: 'Every step of the complaint: who, when, note',
          params: idParam,
          response: { 200: complaintTimeline },
        },
      },
      async (request) => complaints.timeline(request.actor!, request.params.id),
    );
    app.post(
      '/api/complaints/:id/transitions',
      {
        config: { access: complaintHandlers },
        schema: {
          tags,
          summary:
            'Move the complaint one step (contact, investigate, propose, approve, reply, record feedback, close). Illegal step or stale version → 409; approval of a major complaint needs the executive (403)',
          params: idParam,
          body: complaintTransitionInput,
          response: { 200: complaint },
        },
      },
      async (request) => complaints.transition(request.actor!, request.params.id, request.body),
    );
  };
