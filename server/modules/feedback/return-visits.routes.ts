import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../lib/contract.js';
import type { Role } from '../../lib/roles.js';
import {
  generationResult,
  returnVisit,
  returnVisitList,
  returnVisitListQuery,
  returnVisitOutcomeInput,
  returnVisitReportInput,
} from './return-visits.contract.js';
import type { ReturnVisitsService } from './return-visits.service.js';

/** Who sees the return-visit queue. */
export const returnVisitReaders: readonly Role[] = [
  'admin',
  'executive',
  'station_manager',
  'agent',
  'engineer',
  'quality',
];
/** Who records outcomes and visit reports: the desk calls; engineers make the on-site visits. */
export const returnVisitWorkers: readonly Role[] = ['admin', 'station_manager', 'agent', 'engineer'];
/** Who runs the planning on demand. */
export const returnVisitPlanners: readonly Role[] = ['admin', 'station_manager'];

const tags = ['return visits'];

export const returnVisitsRoutes =
  (deps: { returnVisits: ReturnVisitsService }): FastifyPluginAsyncZod =>
  async (app) => {
    const service = deps.returnVisits;
    app.get(
      '/api/return-visits',
      {
        config: { access: returnVisitReaders },
        schema: {
          tags,
          summary: 'The return-visit queue: open visits by due time (filters: status, due window, rule, method)',
          querystring: returnVisitListQuery,
          response: { 200: returnVisitList },
        },
      },
      async (request) => service.list(request.actor!, request.query),
    );
    app.post(
      '/api/return-visits/generate',
      {
        config: { access: returnVisitPlanners },
        schema: {
          tags,
          summary:
            'Plan the periodic return visits of the coming horizon now (idempotent; answers how many each rule added)',
          response: { 200: generationResult },
        },
      },
      async (request) => service.generate(request.actor!),
    );
    app.get(
      '/api/return-visits/:id',
      {
        config: { access: returnVisitReaders },
        schema: { tags, summary: 'One return visit', params: idParam, response: { 200: returnVisit } },
      },
      async (request) => service.get(request.actor!, request.params.id),
    );
    app.post(
      '/api/return-visits/:id/outcome',
      {
        config: { access: returnVisitWorkers },
        schema: {
          tags,
          summary:
            'Record the outcome (satisfied, issue found, unhappy → opens a complaint, no answer → retry, wrong number) and notes',
          params: idParam,
          body: returnVisitOutcomeInput,
          response: { 200: returnVisit },
        },
      },
      async (request) => service.recordOutcome(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/return-visits/:id/report',
      {
        config: { access: returnVisitWorkers },
        schema: {
          tags,
          summary: 'Submit the visit report of a key-customer annual visit (due 10 days after the visit, a setting)',
          params: idParam,
          body: returnVisitReportInput,
          response: { 200: returnVisit },
        },
      },
      async (request) => service.submitReport(request.actor!, request.params.id, request.body),
    );
  };
