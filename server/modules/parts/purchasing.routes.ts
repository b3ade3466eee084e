import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../lib/contract.js';
import { pageOf } from '../../lib/pagination.js';
import type { Role } from '../../lib/roles.js';
import { partsApprovers, stockKeepers } from './parts.access.js';
import {
  closeInput,
  decisionInput,
  purchaseCreateInput,
  purchaseDetail,
  purchaseListQuery,
  purchaseRejectInput,
  purchaseSummary,
  purchaseUpdateInput,
  purchaseVersionInput,
  receiptInput,
  suggestionList,
  suggestionsQuery,
} from './purchasing.contract.js';
import type { PurchasingService } from './purchasing.service.js';

/** Purchase requests are read by those who keep stock or approve, and by management and finance. */
export const purchaseReaders: readonly Role[] = [...stockKeepers, 'executive', 'finance'];

const tags = ['purchasing'];

export const purchasingRoutes =
  (purchasing: PurchasingService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/reorder-suggestions',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary:
            'Parts to reorder for a station warehouse: available (on hand − reserved + on order) at or below the reorder point, or cover shorter than the lead time; each explained',
          querystring: suggestionsQuery,
          response: { 200: suggestionList },
        },
      },
      async (request) => purchasing.suggestions(request.actor!, request.query.warehouseId),
    );
    app.get(
      '/api/purchase-requests',
      {
        config: { access: purchaseReaders },
        schema: {
          tags,
          summary: 'Purchase requests (采购计划) of my stations, newest first',
          querystring: purchaseListQuery,
          response: { 200: pageOf(purchaseSummary) },
        },
      },
      async (request) => purchasing.list(request.actor!, request.query),
    );
    app.post(
      '/api/purchase-requests',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary:
            'Create a draft purchase request to one supplier for a warehouse (unit cost defaults to the price list)',
          body: purchaseCreateInput,
          response: { 200: purchaseDetail },
        },
      },
      async (request) => purchasing.create(request.actor!, request.body),
    );
    app.get(
      '/api/purchase-requests/:id',
      {
        config: { access: purchaseReaders },
        schema: {
          tags,
          summary: 'A purchase request with its lines and receipts',
          params: idParam,
          response: { 200: purchaseDetail },
        },
      },
      async (request) => purchasing.get(request.actor!, request.params.id),
    );
    app.put(
      '/api/purchase-requests/:id',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary: 'Edit a draft (supplier, note, lines); stale version → 409',
          params: idParam,
          body: purchaseUpdateInput,
          response: { 200: purchaseDetail },
        },
      },
      async (request) => purchasing.update(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/purchase-requests/:id/submit',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary: 'Submit a draft for approval',
          params: idParam,
          body: purchaseVersionInput,
          response: { 200: purchaseDetail },
        },
      },
      async (request) => purchasing.submit(request.actor!, request.params.id, request.body.version),
    );
    app.post(
      '/api/purchase-requests/:id/approve',
      {
        config: { access: partsApprovers },
        schema: {
          tags,
          summary: 'Approve a submitted request',
          params: idParam,
          body: decisionInput,
          response: { 200: purchaseDetail },
        },
      },
      async (request) => purchasing.approve(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/purchase-requests/:id/reject',
      {
        config: { access: partsApprovers },
        schema: {
          tags,
          summary: 'Reject a submitted request, with the reason',
          params: idParam,
          body: purchaseRejectInput,
          response: { 200: purchaseDetail },
        },
      },
      async (request) => purchasing.reject(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/purchase-requests/:id/receipts',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary:
            'Receive a delivery with acceptance inspection (per line received = accepted + rejected). More than outstanding, or a request not approved → 409',
          params: idParam,
          body: receiptInput,
          response: { 200: purchaseDetail },
        },
      },
      async (request) => purchasing.receive(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/purchase-requests/:id/close',
      {
        config: { access: stockKeepers },
        schema: {
          tags,
          summary: 'Close a request; whatever is not yet received is cancelled',
          params: idParam,
          body: closeInput,
          response: { 200: purchaseDetail },
        },
      },
      async (request) => purchasing.close(request.actor!, request.params.id, request.body),
    );
  };
