/** Loaner pool and loans over HTTP (DSP-7, SLA-4): thin routes over the loans service. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { activeBody } from '../../lib/contract.js';
import { historyList } from '../audit/audit.contract.js';
import { listHistory } from '../audit/audit.service.js';
import {
  idParam,
  lendInput,
  loan,
  loanerUnit,
  loanerUnitInput,
  loanerUnitList,
  loanerUnitListQuery,
  loanerUnitUpdate,
  loanList,
  loanListQuery,
  returnInput,
} from './loans.contract.js';
import { type LoansService, loanerUnitKind } from './loans.service.js';
import { catalogueWriters, stockKeepers, stockReaders } from './parts.access.js';

const tags = { units: ['loaner units'], loans: ['loans'] };

export const loansRoutes =
  (deps: { db: Db; loans: LoansService }): FastifyPluginAsyncZod =>
  async (app) => {
    const { loans, db } = deps;

    app.get(
      '/api/loaner-units',
      {
        config: { access: stockReaders },
        schema: {
          tags: tags.units,
          summary: 'Loaner units (备用机) of the stations in scope, by asset number; each with its open loan',
          querystring: loanerUnitListQuery,
          response: { 200: loanerUnitList },
        },
      },
      async (request) => loans.listUnits(request.actor!, request.query),
    );
    app.post(
      '/api/loaner-units',
      {
        config: { access: catalogueWriters },
        schema: {
          tags: tags.units,
          summary: 'Add a unit to a station’s loaner pool (station roles: their own station)',
          body: loanerUnitInput,
          response: { 200: loanerUnit },
        },
      },
      async (request) => loans.createUnit(request.actor!, request.body),
    );
    app.get(
      '/api/loaner-units/:id',
      {
        config: { access: stockReaders },
        schema: {
          tags: tags.units,
          summary: 'One loaner unit with its open loan',
          params: idParam,
          response: { 200: loanerUnit },
        },
      },
      async (request) => loans.getUnit(request.actor!, request.params.id),
    );
    app.put(
      '/api/loaner-units/:id',
      {
        config: { access: catalogueWriters },
        schema: {
          tags: tags.units,
          summary:
            'Update a loaner unit (optimistic version check); status available/repair/retired — a lent unit changes status only when returned (409)',
          params: idParam,
          body: loanerUnitUpdate,
          response: { 200: loanerUnit },
        },
      },
      async (request) => loans.updateUnit(request.actor!, request.params.id, request.body),
    );
    app.post(
      '/api/loaner-units/:id/active',
      {
        config: { access: catalogueWriters },
        schema: {
          tags: tags.units,
          summary: 'Deactivate or reactivate a loaner unit (not while lent)',
          params: idParam,
          body: activeBody,
          response: { 200: loanerUnit },
        },
      },
      async (request) => loans.setUnitActive(request.actor!, request.params.id, request.body.active),
    );
    app.get(
      '/api/loaner-units/:id/history',
      {
        config: { access: stockReaders },
        schema: {
          tags: tags.units,
          summary: 'Audit history of a loaner unit (changes, lends and returns)',
          params: idParam,
          response: { 200: historyList },
        },
      },
      async (request) => {
        await loans.getUnit(request.actor!, request.params.id);
        return { items: await listHistory(db, loanerUnitKind.entityType, request.params.id) };
      },
    );

    app.get(
      '/api/loans',
      {
        config: { access: stockReaders },
        schema: {
          tags: tags.loans,
          summary:
            'Loans of the stations in scope (open first); overdue=true: out past their due-back time, most overdue first',
          querystring: loanListQuery,
          response: { 200: loanList },
        },
      },
      async (request) => loans.listLoans(request.actor!, request.query),
    );
    app.post(
      '/api/loans',
      {
        config: { access: stockKeepers },
        schema: {
          tags: tags.loans,
          summary:
            'Lend an available unit of the ticket’s station to its customer; completes the ticket’s open loaner task (SLA-4) and writes the timeline. Unit lent/in repair/other station → 409',
          body: lendInput,
          response: { 200: loan },
        },
      },
      async (request) => loans.lend(request.actor!, request.body),
    );
    app.get(
      '/api/loans/:id',
      {
        config: { access: stockReaders },
        schema: { tags: tags.loans, summary: 'One loan', params: idParam, response: { 200: loan } },
      },
      async (request) => loans.getLoan(request.actor!, request.params.id),
    );
    app.post(
      '/api/loans/:id/return',
      {
        config: { access: stockKeepers },
        schema: {
          tags: tags.loans,
          summary: 'Take a loaner unit back with its condition (damaged → the unit goes to repair). Twice → 409',
          params: idParam,
          body: returnInput,
          response: { 200: loan },
        },
      },
      async (request) => loans.returnLoan(request.actor!, request.params.id, request.body),
    );
  };
