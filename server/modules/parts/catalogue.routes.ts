import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { AppError } from '../../lib/app-error.js';
import { activeBody } from '../../lib/contract.js';
import { requestLanguage } from '../../lib/error-handler.js';
import { pageOf } from '../../lib/pagination.js';
import { historyList } from '../audit/audit.contract.js';
import { listHistory, recordAccess } from '../audit/audit.service.js';
import {
  fitsInput,
  fitsList,
  idParam,
  part,
  partInput,
  partListQuery,
  partSummary,
  partSuppliersInput,
  partSuppliersList,
  partsImportReport,
  partUpdate,
  priceInput,
  priceList,
  priceQuery,
  supplier,
  supplierInput,
  supplierListQuery,
  supplierUpdate,
} from './catalogue.contract.js';
import type { CatalogueService } from './catalogue.service.js';
import type { PartsTransfer } from './catalogue.transfer.js';
import { catalogueWriters, stockReaders } from './parts.access.js';

const tags = { parts: ['parts'], suppliers: ['suppliers'] };
const exportFormat = z.enum(['xlsx', 'csv']).default('xlsx');
const contentTypes = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export const catalogueRoutes =
  (deps: { db: Db; catalogue: CatalogueService; transfer: PartsTransfer }): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, catalogue: service, transfer } = deps;

    // ---------- parts ----------
    app.get(
      '/api/parts',
      {
        config: { access: stockReaders },
        schema: {
          tags: tags.parts,
          summary: 'Search the parts catalogue (code/name/spec fragment, category, fitting model, supplier, active)',
          querystring: partListQuery,
          response: { 200: pageOf(partSummary) },
        },
      },
      async (request) => service.listParts(request.actor!, request.query),
    );
    app.get(
      '/api/parts/export',
      {
        config: { access: stockReaders },
        schema: {
          tags: tags.parts,
          summary: 'Export the filtered parts list as .xlsx or .csv (logged)',
          querystring: partListQuery.omit({ page: true, pageSize: true }).extend({ format: exportFormat }),
        },
      },
      async (request, reply) => {
        const { format, ...query } = request.query;
        const file = await transfer.exportFile(request.actor!, query, format, requestLanguage(request));
        await recordAccess(db, {
          actor: request.actor!,
          action: 'export',
          entityType: 'parts',
          detail: { filters: query, format, rows: file.rowCount },
          ip: request.ip,
        });
        const stamp = new Date().toISOString().slice(0, 10);
        return reply
          .header('content-type', contentTypes[format])
          .header('content-disposition', `attachment; filename="parts-${stamp}.${format}"`)
          .send(file.buffer);
      },
    );
    app.get(
      '/api/parts/import/template',
      {
        config: { access: catalogueWriters },
        schema: {
          tags: tags.parts,
          summary: 'Blank parts import template',
          querystring: z.object({ format: exportFormat }),
        },
      },
      async (request, reply) =>
        reply
          .header('content-type', contentTypes[request.query.format])
          .header('content-disposition', `attachment; filename="parts-template.${request.query.format}"`)
          .send(await transfer.template(request.query.format)),
    );
    app.post(
      '/api/parts/import',
      {
        config: { access: catalogueWriters },
        schema: {
          tags: tags.parts,
          summary:
            'Import parts from .xlsx or .csv (multipart field "file"). dryRun=true previews; otherwise all rows or none',
          consumes: ['multipart/form-data'],
          querystring: z.object({ dryRun: z.enum(['true', 'false']).default('true') }),
          response: { 200: partsImportReport },
        },
      },
      async (request) => {
        const upload = request.isMultipart() ? await request.file() : undefined;
        if (!upload)
          throw new AppError(
            'VALIDATION',
            { zh: '请选择要导入的文件', en: 'Choose a file to import' },
            { fields: [{ field: 'file', message: 'required' }] },
          );
        return transfer.importFile(
          request.actor!,
          { buffer: await upload.toBuffer(), filename: upload.filename },
          request.query.dryRun === 'true',
          requestLanguage(request),
        );
      },
    );
    app.get(
      '/api/parts/:id',
      {
        config: { access: stockReaders },
        schema: {
          tags: tags.parts,
          summary: 'A part with its suppliers, fitting models, price today and stock',
          params: idParam,
          response: { 200: part },
        },
      },
      async (request) => service.getPart(request.actor!, request.params.id),
    );
    app.post(
      '/api/parts',
      {
        config: { access: catalogueWriters },
        schema: { tags: tags.parts, summary: 'Create a part', body: partInput, response: { 200: part } },
      },
      async (request) => service.createPart(request.actor!, request.body),
    );
    app.put(
      '/api/parts/:id',
      {
        config: { access: catalogueWriters },
        schema: {
          tags: tags.parts,
          summary: 'Update a part (optimistic version check; the code does not change)',
          params: idParam,
          body: partUpdate,
          response: { 200: part },
        },
      },
      async (request) => service.updatePart(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/parts/:id/active',
      {
        config: { access: catalogueWriters },
        schema: {
          tags: tags.parts,
          summary: 'Deactivate or reactivate a part (parts are never deleted)',
          params: idParam,
          body: activeBody,
          response: { 200: part },
        },
      },
      async (request) => service.setPartActive(request.actor!, request.params.id, request.body.active),
    );
    app.get(
      '/api/parts/:id/history',
      {
        config: { access: stockReaders },
        schema: {
          tags: tags.parts,
          summary: 'Audit history of a part',
          params: idParam,
          response: { 200: historyList },
        },
      },
      async (request) => {
        await service.getPart(request.actor!, request.params.id);
        return { items: await listHistory(db, 'part', request.params.id) };
      },
    );

    // ---------- price list ----------
    app.get(
      '/api/parts/:id/prices',
      {
        config: { access: stockReaders },
        schema: {
          tags: tags.parts,
          summary: 'Price history of a part and the price in force on a day (?on=YYYY-MM-DD, default today)',
          params: idParam,
          querystring: priceQuery,
          response: { 200: priceList },
        },
      },
      async (request) => service.listPrices(request.params.id, request.query.on),
    );
    app.post(
      '/api/parts/:id/prices',
      {
        config: { access: catalogueWriters },
        schema: {
          tags: tags.parts,
          summary: 'Add a price effective from today or a later day (price rows are never changed)',
          params: idParam,
          body: priceInput,
          response: { 200: priceList },
        },
      },
      async (request) => service.addPrice(request.actor!, request.params.id, request.body),
    );

    // ---------- fits and suppliers of a part ----------
    app.get(
      '/api/parts/:id/fits',
      {
        config: { access: stockReaders },
        schema: {
          tags: tags.parts,
          summary: 'Product models the part fits',
          params: idParam,
          response: { 200: fitsList },
        },
      },
      async (request) => service.listFits(request.params.id),
    );
    app.put(
      '/api/parts/:id/fits',
      {
        config: { access: catalogueWriters },
        schema: {
          tags: tags.parts,
          summary: 'Set the product models the part fits (replaces the list)',
          params: idParam,
          body: fitsInput,
          response: { 200: fitsList },
        },
      },
      async (request) => service.setFits(request.actor!, request.params.id, request.body),
    );
    app.get(
      '/api/parts/:id/suppliers',
      {
        config: { access: stockReaders },
        schema: {
          tags: tags.parts,
          summary: 'Suppliers of a part with their part numbers and lead times',
          params: idParam,
          response: { 200: partSuppliersList },
        },
      },
      async (request) => service.listPartSuppliers(request.params.id),
    );
    app.put(
      '/api/parts/:id/suppliers',
      {
        config: { access: catalogueWriters },
        schema: {
          tags: tags.parts,
          summary: 'Set the suppliers of a part (replaces the list; the default supplier must stay)',
          params: idParam,
          body: partSuppliersInput,
          response: { 200: partSuppliersList },
        },
      },
      async (request) => service.setPartSuppliers(request.actor!, request.params.id, request.body),
    );

    // ---------- suppliers ----------
    app.get(
      '/api/suppliers',
      {
        config: { access: stockReaders },
        schema: {
          tags: tags.suppliers,
          summary: 'List suppliers',
          querystring: supplierListQuery,
          response: { 200: pageOf(supplier) },
        },
      },
      async (request) => service.listSuppliers(request.query),
    );
    app.get(
      '/api/suppliers/:id',
      {
        config: { access: stockReaders },
        schema: { tags: tags.suppliers, summary: 'A supplier', params: idParam, response: { 200: supplier } },
      },
      async (request) => service.getSupplier(request.params.id),
    );
    app.post(
      '/api/suppliers',
      {
        config: { access: catalogueWriters },
        schema: {
          tags: tags.suppliers,
          summary: 'Create a supplier',
          body: supplierInput,
          response: { 200: supplier },
        },
      },
      async (request) => service.createSupplier(request.actor!, request.body),
    );
    app.put(
      '/api/suppliers/:id',
      {
        config: { access: catalogueWriters },
        schema: {
          tags: tags.suppliers,
          summary: 'Update a supplier (optimistic version check)',
          params: idParam,
          body: supplierUpdate,
          response: { 200: supplier },
        },
      },
      async (request) => service.updateSupplier(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/suppliers/:id/active',
      {
        config: { access: catalogueWriters },
        schema: {
          tags: tags.suppliers,
          summary: 'Deactivate or reactivate a supplier',
          params: idParam,
          body: activeBody,
          response: { 200: supplier },
        },
      },
      async (request) => service.setSupplierActive(request.actor!, request.params.id, request.body.active),
    );
    app.get(
      '/api/suppliers/:id/history',
      {
        config: { access: stockReaders },
        schema: {
          tags: tags.suppliers,
          summary: 'Audit history of a supplier',
          params: idParam,
          response: { 200: historyList },
        },
      },
      async (request) => {
        await service.getSupplier(request.params.id);
        return { items: await listHistory(db, 'supplier', request.params.id) };
      },
    );
  };
