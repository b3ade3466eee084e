/** Query keys and hooks of parts on tickets and faulty-part returns (PRT-3, PRT-6). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type {
  DirectIssueInput,
  DirectIssueResult,
  FaultyCloseInput,
  FaultyInspectInput,
  FaultyReceiveInput,
  FaultyReturn,
  FaultyReturnList,
  FaultyReturnListQuery,
  PartOptionList,
  PartRequest,
  PartRequestConsumeInput,
  PartRequestCreateInput,
  PartRequestList,
  PartRequestListQuery,
  PartRequestNoteInput,
  PartRequestStockInput,
} from '../../../../server/modules/parts/part-requests.contract';
import { api, type QueryParams } from '../../lib/api';

export const partRequestKeys = {
  all: ['part-requests'] as const,
  ticket: (ticketId: number) => ['part-requests', 'ticket', ticketId] as const,
  queue: (query: PartRequestListQuery) => ['part-requests', 'queue', query] as const,
  options: (ticketId: number, q: string) => ['part-requests', 'options', ticketId, q] as const,
  faulty: (query: FaultyReturnListQuery) => ['faulty-returns', 'list', query] as const,
  faultyOne: (id: number) => ['faulty-returns', 'one', id] as const,
};

/** After a change: the requests, faulty returns, stock figures and the ticket (timeline, records). */
function useInvalidate() {
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all(
        [['part-requests'], ['faulty-returns'], ['tickets'], ['field'], ['parts'], ['stock']].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      ),
    [queryClient],
  );
}

function useChange<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn, onSuccess: () => invalidate() });
}

export const useTicketPartRequests = (ticketId: number) =>
  useQuery({
    queryKey: partRequestKeys.ticket(ticketId),
    queryFn: ({ signal }) => api.get<PartRequestList>(`/api/tickets/${ticketId}/part-requests`, undefined, signal),
    enabled: Number.isInteger(ticketId) && ticketId > 0,
  });

export const usePartRequestQueue = (query: PartRequestListQuery) =>
  useQuery({
    queryKey: partRequestKeys.queue(query),
    queryFn: ({ signal }) => api.get<PartRequestList>('/api/part-requests', query as QueryParams, signal),
    refetchInterval: 60_000,
  });

export const usePartOptions = (ticketId: number, q: string, enabled: boolean) =>
  useQuery({
    queryKey: partRequestKeys.options(ticketId, q),
    queryFn: ({ signal }) => api.get<PartOptionList>(`/api/tickets/${ticketId}/part-options`, { q }, signal),
    enabled,
    staleTime: 30_000,
  });

export const useRequestPart = () =>
  useChange(({ ticketId, body }: { ticketId: number; body: PartRequestCreateInput }) =>
    api.post<PartRequest>(`/api/tickets/${ticketId}/part-requests`, body),
  );
export const useDirectIssue = () =>
  useChange(({ ticketId, body }: { ticketId: number; body: DirectIssueInput }) =>
    api.post<DirectIssueResult>(`/api/tickets/${ticketId}/parts/issue`, body),
  );

export type RequestStep = 'reserve' | 'issue' | 'consume' | 'return' | 'cancel';
export const useRequestStep = () =>
  useChange(
    ({
      id,
      step,
      body,
    }: {
      id: number;
      step: RequestStep;
      body: PartRequestStockInput | PartRequestConsumeInput | PartRequestNoteInput;
    }) => api.post<PartRequest>(`/api/part-requests/${id}/${step}`, body),
  );

export const useFaultyReturns = (query: FaultyReturnListQuery) =>
  useQuery({
    queryKey: partRequestKeys.faulty(query),
    queryFn: ({ signal }) => api.get<FaultyReturnList>('/api/faulty-returns', query as QueryParams, signal),
    refetchInterval: 60_000,
  });

export const useFaultyReturn = (id: number) =>
  useQuery({
    queryKey: partRequestKeys.faultyOne(id),
    queryFn: ({ signal }) => api.get<FaultyReturn>(`/api/faulty-returns/${id}`, undefined, signal),
    enabled: Number.isInteger(id) && id > 0,
  });

export const useFaultyStep = () =>
  useChange(
    ({
      id,
      step,
      body,
    }: {
      id: number;
      step: 'receive' | 'inspect' | 'close';
      body: FaultyReceiveInput | FaultyInspectInput | FaultyCloseInput;
    }) => api.post<FaultyReturn>(`/api/faulty-returns/${id}/${step}`, body),
  );

/** Warehouses the user may pick (helper A's /api/warehouses; only id, code, name and station are used). */
export type WarehouseOption = { id: number; code: string; name: string; stationId: number; kind?: string };
export const useWarehouseOptions = (enabled = true) =>
  useQuery({
    queryKey: ['parts', 'warehouse-options'],
    queryFn: ({ signal }) =>
      api.get<{ items: WarehouseOption[] }>('/api/warehouses', { pageSize: 100, active: true }, signal),
    enabled,
    staleTime: 60_000,
  });

/** Suppliers for the inspection's claim (helper A's /api/suppliers). */
export const useSupplierOptions = (q: string) =>
  useQuery({
    queryKey: ['parts', 'supplier-options', q],
    queryFn: ({ signal }) =>
      api.get<{ items: { id: number; code: string; name: string }[] }>('/api/suppliers', { q, pageSize: 50 }, signal),
    staleTime: 60_000,
  });
