import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { activeBody, idParam } from '../../lib/contract.js';
import { pageOf } from '../../lib/pagination.js';
import { historyList } from '../audit/audit.contract.js';
import { listHistory } from '../audit/audit.service.js';
import { catalogueWriters, stockReaders } from './parts.access.js';
import {
  vanEngineerList,
  vanEngineerQuery,
  warehouse,
  warehouseInput,
  warehouseListQuery,
  warehouseUpdate,
} from './stock.contract.js';
import type { WarehousesService } from './warehouses.service.js';

const tags = ['warehouses'];

export const warehousesRoutes =
  (deps: { db: Db; warehouses: WarehousesService }): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, warehouses: service } = deps;
    app.get(
      '/api/warehouses',
      {
        config: { access: stockReaders },
        schema: {
          tags,
          summary: "List warehouses and van stocks (the caller's station unless they see all stations)",
          querystring: warehouseListQuery,
          response: { 200: pageOf(warehouse) },
        },
      },
      async (request) => service.listWarehouses(request.actor!, request.query),
    );
    app.get(
      '/api/warehouses/van-engineers',
      {
        config: { access: catalogueWriters },
        schema: {
          tags,
          summary:
            "Active engineers of a station (id and name only) who may keep a van stock: the warehouse form's choice",
          querystring: vanEngineerQuery,
          response: { 200: vanEngineerList },
        },
      },
      async (request) => service.vanEngineers(request.actor!, request.query.stationId),
    );
    app.get(
      '/api/warehouses/:id',
      {
        config: { access: stockReaders },
        schema: { tags, summary: 'A warehouse', params: idParam, response: { 200: warehouse } },
      },
      async (request) => service.getWarehouse(request.actor!, request.params.id),
    );
    app.post(
      '/api/warehouses',
      {
        config: { access: catalogueWriters },
        schema: {
          tags,
          summary: "Create a station warehouse or an engineer's van stock",
          body: warehouseInput,
          response: { 200: warehouse },
        },
      },
      async (request) => service.createWarehouse(request.actor!, request.body),
    );
    app.put(
      '/api/warehouses/:id',
      {
        config: { access: catalogueWriters },
        schema: {
          tags,
          summary: 'Update a warehouse (optimistic version check; code, station and kind do not change)',
          params: idParam,
          body: warehouseUpdate,
          response: { 200: warehouse },
        },
      },
      async (request) => service.updateWarehouse(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/warehouses/:id/active',
      {
        config: { access: catalogueWriters },
        schema: {
          tags,
          summary: 'Deactivate (only when empty and nothing is in transit to it) or reactivate a warehouse',
          params: idParam,
          body: activeBody,
          response: { 200: warehouse },
        },
      },
      async (request) => service.setWarehouseActive(request.actor!, request.params.id, request.body.active),
    );
    app.get(
      '/api/warehouses/:id/history',
      {
        config: { access: stockReaders },
        schema: { tags, summary: 'Audit history of a warehouse', params: idParam, response: { 200: historyList } },
      },
      async (request) => {
        await service.getWarehouse(request.actor!, request.params.id);
        return { items: await listHistory(db, 'warehouse', request.params.id) };
      },
    );
  };
