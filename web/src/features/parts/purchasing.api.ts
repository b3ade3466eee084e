/** Query keys and hooks of replenishment (PRT-5): reorder suggestions and purchase requests. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type {
  PurchaseCreateInput,
  PurchaseDetail,
  PurchaseSummary,
  PurchaseUpdateInput,
  ReceiptInput,
  ReorderSuggestion,
} from '../../../../server/modules/parts/purchasing.contract';
import { api, type QueryParams } from '../../lib/api';
import type { Page } from '../../lib/resource';

export type { PurchaseDetail, PurchaseSummary, ReorderSuggestion };
export type SuggestionList = { warehouseId: number; lookbackDays: number; items: ReorderSuggestion[] };

export const purchasingKeys = {
  all: ['purchasing'] as const,
  suggestions: (warehouseId: number) => ['purchasing', 'suggestions', warehouseId] as const,
  list: (query: QueryParams) => ['purchasing', 'list', query] as const,
  detail: (id: number) => ['purchasing', 'detail', id] as const,
};

export const useReorderSuggestions = (warehouseId: number | undefined) =>
  useQuery({
    queryKey: purchasingKeys.suggestions(warehouseId ?? 0),
    queryFn: ({ signal }) => api.get<SuggestionList>('/api/reorder-suggestions', { warehouseId }, signal),
    enabled: !!warehouseId,
  });

export const usePurchaseRequests = (query: QueryParams) =>
  useQuery({
    queryKey: purchasingKeys.list(query),
    queryFn: ({ signal }) => api.get<Page<PurchaseSummary>>('/api/purchase-requests', query, signal),
    placeholderData: keepPreviousData,
  });

export const usePurchaseRequest = (id: number) =>
  useQuery({
    queryKey: purchasingKeys.detail(id),
    queryFn: ({ signal }) => api.get<PurchaseDetail>(`/api/purchase-requests/${id}`, undefined, signal),
    enabled: Number.isInteger(id) && id > 0,
  });

function usePurchasingMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  const invalidate = useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: purchasingKeys.all }),
        // Receipts change stock levels shown elsewhere in the parts module.
        queryClient.invalidateQueries({ queryKey: ['stock'] }),
      ]),
    [queryClient],
  );
  // Also after a refusal: the page then shows what the request has become (e.g. closed meanwhile).
  return useMutation({ mutationFn, onSettled: () => invalidate() });
}

export const useCreatePurchaseRequest = () =>
  usePurchasingMutation((body: PurchaseCreateInput) => api.post<PurchaseDetail>('/api/purchase-requests', body));
export const useUpdatePurchaseRequest = (id: number) =>
  usePurchasingMutation((body: PurchaseUpdateInput) => api.put<PurchaseDetail>(`/api/purchase-requests/${id}`, body));
export const usePurchaseAction = (id: number) =>
  usePurchasingMutation(
    ({
      action,
      body,
    }: {
      action: 'submit' | 'approve' | 'reject' | 'close';
      body: { version: number; note?: string | null };
    }) => api.post<PurchaseDetail>(`/api/purchase-requests/${id}/${action}`, body),
  );
export const useReceive = (id: number) =>
  usePurchasingMutation((body: ReceiptInput) =>
    api.post<PurchaseDetail>(`/api/purchase-requests/${id}/receipts`, body),
  );

export type SupplierOption = { id: number; code: string; name: string };
export const useSupplierOptions = () =>
  useQuery({
    queryKey: ['suppliers', 'options'],
    queryFn: ({ signal }) => api.get<Page<SupplierOption>>('/api/suppliers', { pageSize: 200 }, signal),
    staleTime: 60_000,
  });

export type PartOption = { id: number; code: string; name: string; unit: string; costFen: number | null };
export const searchParts = (q: string) => api.get<Page<PartOption>>('/api/parts', { q, pageSize: 20 });
