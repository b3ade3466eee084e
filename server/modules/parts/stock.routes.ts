import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../lib/contract.js';
import { stockKeepers, stockReaders } from './parts.access.js';
import {
  ledgerPage,
  ledgerQuery,
  mailInput,
  movementResult,
  partStock,
  receiptInput,
  receiptResult,
  scrapInput,
  warehouseStock,
  warehouseStockQuery,
} from './stock.contract.js';
import type { StockService } from './stock.service.js';

const tags = ['stock'];

export const stockRoutes =
  (deps: { stock: StockService }): FastifyPluginAsyncZod =>
  async (app) => {
    const { stock: service } = deps;
    app.get(
      '/api/parts/:id/stock',
      {
        config: { access: stockReaders },
        schema: {
          tags,
          summary: 'Stock of a part per warehouse: on hand, reserved, available, defective, in transit',
          params: idParam,
          response: { 200: partStock },
        },
      },
      async (request) => service.partStock(request.actor!, request.params.id),
    );
    app.get(
      '/api/warehouses/:id/stock',
      {
        config: { access: stockReaders },
        schema: {
          tags,
          summary: "A warehouse's stock by part code (keyset paging with `after`; search; below reorder point)",
          params: idParam,
          querystring: warehouseStockQuery,
          response: { 200: warehouseStock },
        },
      },
      async (request) => service.warehouseStock(request.actor!, request.params.id, request.query),
    );
    app.get(
      '/api/stock-ledger',
      {
        config: { access: stockReaders },
        schema: {
          tags,
          summary:
            'The stock ledger (台账), newest first, by warehouse, part, kind, ticket, transfer and date; keyset paging with `before`',
          querystring: ledgerQuery,
          response: { 200: ledgerPage },
        },
      },
      async (request) => service.ledger(request.actor!, request.query),
    );
    app.post(
      '/api/receipts',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary:
            'Receive goods with acceptance inspection (验收): only accepted units enter good stock; rejected units need a reason',
          body: receiptInput,
          response: { 200: receiptResult },
        },
      },
      async (request) => service.receive(request.actor!, request.body),
    );
    app.post(
      '/api/stock/scrap',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary: 'Scrap good or defective stock (报废) with a reason',
          body: scrapInput,
          response: { 200: movementResult },
        },
      },
      async (request) => service.scrap(request.actor!, request.body),
    );
    app.post(
      '/api/stock/mail',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary: 'Mail parts to the customer of a ticket (TKT-8 parts by mail)',
          body: mailInput,
          response: { 200: movementResult },
        },
      },
      async (request) => service.mail(request.actor!, request.body),
    );
  };
