import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { everyone } from '../../lib/access.js';
import { AppError } from '../../lib/app-error.js';
import { activeBody } from '../../lib/contract.js';
import { requestLanguage } from '../../lib/error-handler.js';
import { pageOf } from '../../lib/pagination.js';
import { personalDataLevel, type Role } from '../../lib/roles.js';
import { historyList } from '../audit/audit.contract.js';
import { listHistory, recordAccess } from '../audit/audit.service.js';
import {
  contract,
  contractInput,
  contractListQuery,
  contractUpdate,
  customer,
  customerInput,
  customerListQuery,
  customerSummary,
  customerUpdate,
  equipmentDetail,
  equipmentInput,
  equipmentItem,
  equipmentListQuery,
  equipmentUpdate,
  exportFormat,
  idParam,
  importReport,
  productModel,
  productModelInput,
  productModelListQuery,
  productModelUpdate,
  revealedCustomer,
  terminateBody,
} from './customers.contract.js';
import type { CustomersService } from './customers.service.js';
import type { ImportKind, Transfer } from './customers.transfer.js';
import { maskPersonalFields } from './masking.rules.js';

export const customerWriters: readonly Role[] = ['admin', 'station_manager', 'agent'];
export const modelWriters: readonly Role[] = ['admin', 'station_manager', 'quality'];
export const personalDataReaders: readonly Role[] = [
  'admin',
  'executive',
  'station_manager',
  'agent',
  'engineer',
  'quality',
  'finance',
];
export const exporters: readonly Role[] = ['admin', 'executive', 'station_manager', 'agent', 'quality', 'finance'];

const tags = {
  customers: ['customers'],
  equipment: ['equipment'],
  models: ['product models'],
  contracts: ['contracts'],
  transfer: ['import/export'],
};

export const customersRoutes =
  (deps: { db: Db; customers: CustomersService; transfer: Transfer }): FastifyPluginAsyncZod =>
  async (app) => {
    const { db, customers: service, transfer } = deps;

    // ---------- customers (ORG-4) ----------
    app.get(
      '/api/customers',
      {
        config: { access: everyone },
        schema: {
          tags: tags.customers,
          summary: 'Search and list customers (fragment search over name, code, phones, contacts)',
          querystring: customerListQuery,
          response: { 200: pageOf(customerSummary) },
        },
      },
      async (request) => service.listCustomers(request.actor!, request.query),
    );
    app.get(
      '/api/customers/:id',
      {
        config: { access: everyone },
        schema: {
          tags: tags.customers,
          summary: 'A customer with contacts (personal data masked by role)',
          params: idParam,
          response: { 200: customer },
        },
      },
      async (request) => service.getCustomer(request.actor!, request.params.id),
    );
    app.post(
      '/api/customers',
      {
        config: { access: customerWriters },
        schema: {
          tags: tags.customers,
          summary: 'Create a customer',
          body: customerInput,
          response: { 200: customer },
        },
      },
      async (request) => service.createCustomer(request.actor!, request.body),
    );
    app.put(
      '/api/customers/:id',
      {
        config: { access: customerWriters },
        schema: {
          tags: tags.customers,
          summary: 'Update a customer (optimistic version check)',
          params: idParam,
          body: customerUpdate,
          response: { 200: customer },
        },
      },
      async (request) => service.updateCustomer(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/customers/:id/active',
      {
        config: { access: customerWriters },
        schema: {
          tags: tags.customers,
          summary: 'Deactivate or reactivate a customer',
          params: idParam,
          body: activeBody,
          response: { 200: customer },
        },
      },
      async (request) => service.setCustomerActive(request.actor!, request.params.id, request.body.active),
    );
    app.post(
      '/api/customers/:id/reveal',
      {
        config: { access: personalDataReaders },
        schema: {
          tags: tags.customers,
          summary: 'Reveal full phone, email and address (logged)',
          params: idParam,
          response: { 200: revealedCustomer },
        },
      },
      async (request) => service.revealCustomer(request.actor!, request.params.id, request.ip),
    );
    app.get(
      '/api/customers/:id/history',
      {
        config: { access: everyone },
        schema: {
          tags: tags.customers,
          summary: 'Audit history of a customer',
          params: idParam,
          response: { 200: historyList },
        },
      },
      async (request) => {
        await service.getCustomer(request.actor!, request.params.id);
        const items = await listHistory(db, 'customer', request.params.id);
        // PPL-4: the history shows personal data only to roles that see it in full.
        if (personalDataLevel(request.actor!.roles) === 'full') return { items };
        return {
          items: items.map((entry) => ({
            ...entry,
            before: maskPersonalFields(entry.before),
            after: maskPersonalFields(entry.after),
          })),
        };
      },
    );

    // ---------- product models (ORG-5) ----------
    app.get(
      '/api/product-models',
      {
        config: { access: everyone },
        schema: {
          tags: tags.models,
          summary: 'List product models',
          querystring: productModelListQuery,
          response: { 200: pageOf(productModel) },
        },
      },
      async (request) => service.listProductModels(request.query),
    );
    app.get(
      '/api/product-models/:id',
      {
        config: { access: everyone },
        schema: { tags: tags.models, summary: 'A product model', params: idParam, response: { 200: productModel } },
      },
      async (request) => service.getProductModel(request.params.id),
    );
    app.post(
      '/api/product-models',
      {
        config: { access: modelWriters },
        schema: {
          tags: tags.models,
          summary: 'Create a product model (warranty defaults to the setting)',
          body: productModelInput,
          response: { 200: productModel },
        },
      },
      async (request) => service.createProductModel(request.actor!, request.body),
    );
    app.put(
      '/api/product-models/:id',
      {
        config: { access: modelWriters },
        schema: {
          tags: tags.models,
          summary: 'Update a product model; a new warranty length recomputes its equipment',
          params: idParam,
          body: productModelUpdate,
          response: { 200: productModel },
        },
      },
      async (request) => service.updateProductModel(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/product-models/:id/active',
      {
        config: { access: modelWriters },
        schema: {
          tags: tags.models,
          summary: 'Deactivate or reactivate a product model',
          params: idParam,
          body: activeBody,
          response: { 200: productModel },
        },
      },
      async (request) => service.setProductModelActive(request.actor!, request.params.id, request.body.active),
    );
    app.get(
      '/api/product-models/:id/history',
      {
        config: { access: everyone },
        schema: {
          tags: tags.models,
          summary: 'Audit history of a product model',
          params: idParam,
          response: { 200: historyList },
        },
      },
      async (request) => {
        await service.getProductModel(request.params.id);
        return { items: await listHistory(db, 'product_model', request.params.id) };
      },
    );

    // ---------- equipment (ORG-6) ----------
    app.get(
      '/api/equipment',
      {
        config: { access: everyone },
        schema: {
          tags: tags.equipment,
          summary: 'Search and list installed equipment',
          querystring: equipmentListQuery,
          response: { 200: pageOf(equipmentItem) },
        },
      },
      async (request) => service.listEquipment(request.actor!, request.query),
    );
    app.get(
      '/api/equipment/by-serial/:serialNo',
      {
        config: { access: everyone },
        schema: {
          tags: tags.equipment,
          summary: 'Equipment by exact serial number',
          params: z.object({ serialNo: z.string().trim().min(1).max(64) }),
          response: { 200: equipmentDetail },
        },
      },
      async (request) => service.getEquipmentBySerial(request.actor!, request.params.serialNo),
    );
    app.get(
      '/api/equipment/:id',
      {
        config: { access: everyone },
        schema: {
          tags: tags.equipment,
          summary: 'A piece of equipment with warranty and contracts',
          params: idParam,
          response: { 200: equipmentDetail },
        },
      },
      async (request) => service.getEquipment(request.actor!, request.params.id),
    );
    app.post(
      '/api/equipment',
      {
        config: { access: customerWriters },
        schema: {
          tags: tags.equipment,
          summary: 'Register equipment',
          body: equipmentInput,
          response: { 200: equipmentDetail },
        },
      },
      async (request) => service.createEquipment(request.actor!, request.body),
    );
    app.put(
      '/api/equipment/:id',
      {
        config: { access: customerWriters },
        schema: {
          tags: tags.equipment,
          summary: 'Update equipment (optimistic version check)',
          params: idParam,
          body: equipmentUpdate,
          response: { 200: equipmentDetail },
        },
      },
      async (request) => service.updateEquipment(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/equipment/:id/active',
      {
        config: { access: customerWriters },
        schema: {
          tags: tags.equipment,
          summary: 'Deactivate or reactivate equipment',
          params: idParam,
          body: activeBody,
          response: { 200: equipmentDetail },
        },
      },
      async (request) => service.setEquipmentActive(request.actor!, request.params.id, request.body.active),
    );
    app.get(
      '/api/equipment/:id/history',
      {
        config: { access: everyone },
        schema: {
          tags: tags.equipment,
          summary: 'Audit history of equipment',
          params: idParam,
          response: { 200: historyList },
        },
      },
      async (request) => {
        await service.getEquipment(request.actor!, request.params.id);
        return { items: await listHistory(db, 'equipment', request.params.id) };
      },
    );

    // ---------- service contracts (ORG-7) ----------
    app.get(
      '/api/contracts',
      {
        config: { access: everyone },
        schema: {
          tags: tags.contracts,
          summary: 'List service contracts',
          querystring: contractListQuery,
          response: { 200: pageOf(contract) },
        },
      },
      async (request) => service.listContracts(request.actor!, request.query),
    );
    app.get(
      '/api/contracts/:id',
      {
        config: { access: everyone },
        schema: { tags: tags.contracts, summary: 'A service contract', params: idParam, response: { 200: contract } },
      },
      async (request) => service.getContract(request.actor!, request.params.id),
    );
    app.post(
      '/api/contracts',
      {
        config: { access: customerWriters },
        schema: {
          tags: tags.contracts,
          summary: 'Create a service contract',
          body: contractInput,
          response: { 200: contract },
        },
      },
      async (request) => service.createContract(request.actor!, request.body),
    );
    app.put(
      '/api/contracts/:id',
      {
        config: { access: customerWriters },
        schema: {
          tags: tags.contracts,
          summary: 'Update a service contract',
          params: idParam,
          body: contractUpdate,
          response: { 200: contract },
        },
      },
      async (request) => service.updateContract(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/contracts/:id/terminate',
      {
        config: { access: customerWriters },
        schema: {
          tags: tags.contracts,
          summary: 'Terminate a service contract',
          params: idParam,
          body: terminateBody,
          response: { 200: contract },
        },
      },
      async (request) =>
        service.terminateContract(request.actor!, request.params.id, request.body.version, request.body.reason),
    );
    app.get(
      '/api/contracts/:id/history',
      {
        config: { access: everyone },
        schema: {
          tags: tags.contracts,
          summary: 'Audit history of a contract',
          params: idParam,
          response: { 200: historyList },
        },
      },
      async (request) => {
        await service.getContract(request.actor!, request.params.id);
        return { items: await listHistory(db, 'contract', request.params.id) };
      },
    );

    // ---------- import and export (ORG-8) ----------
    const filters: Record<ImportKind, z.ZodObject> = {
      customers: customerListQuery.partial(),
      equipment: equipmentListQuery.partial(),
      'product-models': productModelListQuery.partial(),
    };
    const importers: Record<ImportKind, readonly Role[]> = {
      customers: customerWriters,
      equipment: customerWriters,
      'product-models': modelWriters,
    };
    const contentTypes = {
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      csv: 'text/csv; charset=utf-8',
    };
    for (const kind of ['customers', 'equipment', 'product-models'] as const) {
      app.get(
        `/api/export/${kind}`,
        {
          config: { access: exporters },
          schema: {
            tags: tags.transfer,
            summary: `Export the filtered ${kind} list (logged)`,
            querystring: filters[kind].extend({ format: exportFormat }),
          },
        },
        async (request, reply) => {
          const { format, ...query } = request.query as { format: 'xlsx' | 'csv' } & Record<string, unknown>;
          const file = await transfer.exportFile(request.actor!, kind, query, format, requestLanguage(request));
          await recordAccess(db, {
            actor: request.actor!,
            action: 'export',
            entityType: kind,
            detail: { filters: query, format, rows: file.rowCount },
            ip: request.ip,
          });
          const stamp = new Date().toISOString().slice(0, 10);
          return reply
            .header('content-type', contentTypes[format])
            .header('content-disposition', `attachment; filename="${kind}-${stamp}.${format}"`)
            .send(file.buffer);
        },
      );
      app.get(
        `/api/import/${kind}/template`,
        {
          config: { access: importers[kind] },
          schema: {
            tags: tags.transfer,
            summary: `Blank ${kind} import template`,
            querystring: z.object({ format: exportFormat }),
          },
        },
        async (request, reply) => {
          const format = request.query.format;
          return reply
            .header('content-type', contentTypes[format])
            .header('content-disposition', `attachment; filename="${kind}-template.${format}"`)
            .send(await transfer.template(kind, format));
        },
      );
      app.post(
        `/api/import/${kind}`,
        {
          config: { access: importers[kind] },
          schema: {
            tags: tags.transfer,
            summary: `Import ${kind} from .xlsx or .csv (multipart field "file"). dryRun=true previews; otherwise all rows or none`,
            consumes: ['multipart/form-data'],
            querystring: z.object({ dryRun: z.enum(['true', 'false']).default('true') }),
            response: { 200: importReport },
          },
        },
        async (request) => {
          const upload = request.isMultipart() ? await request.file() : undefined;
          if (!upload) {
            throw new AppError(
              'VALIDATION',
              { zh: '请选择要导入的文件', en: 'Choose a file to import' },
              { fields: [{ field: 'file', message: 'required' }] },
            );
          }
          const buffer = await upload.toBuffer();
          return transfer.importFile(
            request.actor!,
            kind,
            { buffer, filename: upload.filename },
            request.query.dryRun === 'true',
            requestLanguage(request),
          );
        },
      );
    }
  };
