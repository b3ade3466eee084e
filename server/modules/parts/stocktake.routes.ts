import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../lib/contract.js';
import { pageOf } from '../../lib/pagination.js';
import type { Role } from '../../lib/roles.js';
import { partsApprovers, stockKeepers } from './parts.access.js';
import {
  approveInput,
  cancelInput,
  countInput,
  countLine,
  reasonsInput,
  rejectInput,
  stocktakeCreateInput,
  stocktakeDetail,
  stocktakeListQuery,
  stocktakeSummary,
  varianceView,
  versionInput,
} from './stocktake.contract.js';
import type { StocktakeService } from './stocktake.service.js';

/** Count sheets are read by those who count or approve, and by management and finance (stock value). */
export const stocktakeReaders: readonly Role[] = [...stockKeepers, 'executive', 'finance'];

const tags = ['stocktake'];

export const stocktakeRoutes =
  (stocktakes: StocktakeService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/stocktakes',
      {
        config: { access: stocktakeReaders },
        schema: {
          tags,
          summary: 'Stocktakes (盘点单) of my stations, newest first',
          querystring: stocktakeListQuery,
          response: { 200: pageOf(stocktakeSummary) },
        },
      },
      async (request) => stocktakes.list(request.actor!, request.query),
    );
    app.post(
      '/api/stocktakes',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary:
            'Start a count of a warehouse: the sheet lists its stock rows (good and defective). One open count per warehouse → 409',
          body: stocktakeCreateInput,
          response: { 200: stocktakeDetail },
        },
      },
      async (request) => stocktakes.start(request.actor!, request.body),
    );
    app.get(
      '/api/stocktakes/:id',
      {
        config: { access: stocktakeReaders },
        schema: {
          tags,
          summary: 'The count sheet — never with book quantities (blind count)',
          params: idParam,
          response: { 200: stocktakeDetail },
        },
      },
      async (request) => stocktakes.get(request.actor!, request.params.id),
    );
    app.post(
      '/api/stocktakes/:id/counts',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary:
            'Enter, re-enter or skip a count (by line, part id or scanned part code; an unlisted part is added). The book on-hand is taken at this moment',
          params: idParam,
          body: countInput,
          response: { 200: countLine },
        },
      },
      async (request) => stocktakes.count(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/stocktakes/:id/submit',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary: 'Submit the count for approval; every line counted or skipped (400 naming the open ones)',
          params: idParam,
          body: versionInput,
          response: { 200: stocktakeDetail },
        },
      },
      async (request) => stocktakes.submit(request.actor!, request.params.id, request.body.version),
    );
    app.get(
      '/api/stocktakes/:id/variance',
      {
        config: { access: partsApprovers },
        schema: {
          tags,
          summary: 'Book vs counted per line, 盘盈/盘亏 with value at today’s cost (after submission)',
          params: idParam,
          response: { 200: varianceView },
        },
      },
      async (request) => stocktakes.variance(request.actor!, request.params.id),
    );
    app.post(
      '/api/stocktakes/:id/reasons',
      {
        config: { access: partsApprovers },
        schema: {
          tags,
          summary: 'Record the reasons of variances (盘盈/盘亏原因)',
          params: idParam,
          body: reasonsInput,
          response: { 200: varianceView },
        },
      },
      async (request) => stocktakes.reasons(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/stocktakes/:id/approve',
      {
        config: { access: partsApprovers },
        schema: {
          tags,
          summary:
            'Approve: a reason for every variance (400 naming the line), then one adjustment per variance on the current on-hand. Twice → 409',
          params: idParam,
          body: approveInput,
          response: { 200: varianceView },
        },
      },
      async (request) => stocktakes.approve(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/stocktakes/:id/reject',
      {
        config: { access: partsApprovers },
        schema: {
          tags,
          summary: 'Send a submitted count back for recounting, with a note',
          params: idParam,
          body: rejectInput,
          response: { 200: stocktakeDetail },
        },
      },
      async (request) => stocktakes.reject(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/stocktakes/:id/cancel',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary: 'Cancel an open count; nothing is adjusted',
          params: idParam,
          body: cancelInput,
          response: { 200: stocktakeDetail },
        },
      },
      async (request) => stocktakes.cancel(request.actor!, request.params.id, request.body),
    );
  };
