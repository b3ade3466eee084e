/** Routes of faulty-part returns and nonconformance reports (PRT-6). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../lib/contract.js';
import type { FaultyReturnsService } from './faulty-returns.service.js';
import {
  faultyCloseInput,
  faultyInspectInput,
  faultyReceiveInput,
  faultyReturn,
  faultyReturnList,
  faultyReturnListQuery,
} from './part-requests.contract.js';
import { faultyInspectors, stockKeepers, stockReaders } from './parts.access.js';

const tags = ['faulty-part returns'];

export const faultyReturnsRoutes =
  (service: FaultyReturnsService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/faulty-returns',
      {
        config: { access: stockReaders },
        schema: {
          tags,
          summary: 'Faulty parts to come back and their reports, due and overdue first, per station',
          querystring: faultyReturnListQuery,
          response: { 200: faultyReturnList },
        },
      },
      async (request) => service.list(request.actor!, request.query),
    );
    app.get(
      '/api/faulty-returns/:id',
      {
        config: { access: stockReaders },
        schema: {
          tags,
          summary: 'One faulty-part return with its nonconformance report (不合格品报告处理单)',
          params: idParam,
          response: { 200: faultyReturn },
        },
      },
      async (request) => service.get(request.actor!, request.params.id),
    );
    app.post(
      '/api/faulty-returns/:id/receive',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary: "Book the faulty part into a station warehouse's defective stock (defective_in)",
          params: idParam,
          body: faultyReceiveInput,
          response: { 200: faultyReturn },
        },
      },
      async (request) => service.receive(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/faulty-returns/:id/inspect',
      {
        config: { access: faultyInspectors },
        schema: {
          tags,
          summary:
            "Inspection with a nonconformance report (number BHG…): defect, cause, disposition, responsibility (customer's → amount; supplier's → supplier)",
          params: idParam,
          body: faultyInspectInput,
          response: { 200: faultyReturn },
        },
      },
      async (request) => service.inspect(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/faulty-returns/:id/close',
      {
        config: { access: faultyInspectors },
        schema: {
          tags,
          summary:
            'Close: carry out the disposition on the ledger (scrap/return to supplier: defective_out; repair: defective_out + receipt into good stock)',
          params: idParam,
          body: faultyCloseInput,
          response: { 200: faultyReturn },
        },
      },
      async (request) => service.close(request.actor!, request.params.id, request.body),
    );
  };
