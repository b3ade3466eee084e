import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../lib/contract.js';
import { pageOf } from '../../lib/pagination.js';
import { stockKeepers, stockReaders } from './parts.access.js';
import { transfer, transferAction, transferInput, transferListQuery, transferSummary } from './stock.contract.js';
import type { TransfersService } from './transfers.service.js';

const tags = ['transfers'];

export const transfersRoutes =
  (deps: { transfers: TransfersService }): FastifyPluginAsyncZod =>
  async (app) => {
    const { transfers: service } = deps;
    app.get(
      '/api/transfers',
      {
        config: { access: stockReaders },
        schema: {
          tags,
          summary: "Transfers from or to the caller's station's warehouses",
          querystring: transferListQuery,
          response: { 200: pageOf(transferSummary) },
        },
      },
      async (request) => service.listTransfers(request.actor!, request.query),
    );
    app.get(
      '/api/transfers/:id',
      {
        config: { access: stockReaders },
        schema: { tags, summary: 'A transfer with its lines', params: idParam, response: { 200: transfer } },
      },
      async (request) => service.getTransfer(request.actor!, request.params.id),
    );
    app.post(
      '/api/transfers',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary: 'Ship a transfer: the stock leaves the source now and is in transit until received',
          body: transferInput,
          response: { 200: transfer },
        },
      },
      async (request) => service.ship(request.actor!, request.body),
    );
    app.post(
      '/api/transfers/:id/receive',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary: 'Receive an in-transit transfer into the target warehouse',
          params: idParam,
          body: transferAction,
          response: { 200: transfer },
        },
      },
      async (request) => service.receive(request.actor!, request.params.id, request.body.version),
    );
    app.post(
      '/api/transfers/:id/cancel',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary: 'Cancel an in-transit transfer: the stock returns to the source warehouse',
          params: idParam,
          body: transferAction,
          response: { 200: transfer },
        },
      },
      async (request) => service.cancel(request.actor!, request.params.id, request.body.version),
    );
  };
