/** Query keys and hooks of stocktake (盘点, PRT-4). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type {
  CountInput,
  CountLine,
  StocktakeDetail,
  StocktakeSummary,
  VarianceView,
} from '../../../../server/modules/parts/stocktake.contract';
import { api, type QueryParams } from '../../lib/api';
import type { Page } from '../../lib/resource';

export type { CountLine, StocktakeDetail, StocktakeSummary, VarianceView };

export const stocktakeKeys = {
  all: ['stocktakes'] as const,
  list: (query: QueryParams) => ['stocktakes', 'list', query] as const,
  detail: (id: number) => ['stocktakes', 'detail', id] as const,
  variance: (id: number) => ['stocktakes', 'variance', id] as const,
};

export const useStocktakes = (query: QueryParams) =>
  useQuery({
    queryKey: stocktakeKeys.list(query),
    queryFn: ({ signal }) => api.get<Page<StocktakeSummary>>('/api/stocktakes', query, signal),
    placeholderData: keepPreviousData,
  });

export const useStocktake = (id: number) =>
  useQuery({
    queryKey: stocktakeKeys.detail(id),
    queryFn: ({ signal }) => api.get<StocktakeDetail>(`/api/stocktakes/${id}`, undefined, signal),
    enabled: Number.isInteger(id) && id > 0,
  });

export const useVariance = (id: number, enabled: boolean) =>
  useQuery({
    queryKey: stocktakeKeys.variance(id),
    queryFn: ({ signal }) => api.get<VarianceView>(`/api/stocktakes/${id}/variance`, undefined, signal),
    enabled: enabled && Number.isInteger(id) && id > 0,
  });

function useStocktakeMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  const invalidate = useCallback(() => queryClient.invalidateQueries({ queryKey: stocktakeKeys.all }), [queryClient]);
  return useMutation({ mutationFn, onSuccess: () => invalidate() });
}

export const useStartStocktake = () =>
  useStocktakeMutation((body: { warehouseId: number; note?: string | null }) =>
    api.post<StocktakeDetail>('/api/stocktakes', body),
  );
export const useCount = (id: number) =>
  useStocktakeMutation((body: CountInput) => api.post<CountLine>(`/api/stocktakes/${id}/counts`, body));
export const useSubmitStocktake = (id: number) =>
  useStocktakeMutation((version: number) => api.post<StocktakeDetail>(`/api/stocktakes/${id}/submit`, { version }));
export const useSaveReasons = (id: number) =>
  useStocktakeMutation((body: { version: number; reasons: { lineId: number; reason: string | null }[] }) =>
    api.post<VarianceView>(`/api/stocktakes/${id}/reasons`, body),
  );
export const useApproveStocktake = (id: number) =>
  useStocktakeMutation((body: { version: number; reasons: { lineId: number; reason: string | null }[] }) =>
    api.post<VarianceView>(`/api/stocktakes/${id}/approve`, body),
  );
export const useRejectStocktake = (id: number) =>
  useStocktakeMutation((body: { version: number; note: string }) =>
    api.post<StocktakeDetail>(`/api/stocktakes/${id}/reject`, body),
  );
export const useCancelStocktake = (id: number) =>
  useStocktakeMutation((body: { version: number; note?: string | null }) =>
    api.post<StocktakeDetail>(`/api/stocktakes/${id}/cancel`, body),
  );

/** Warehouses the user may count or order for (helper A's /api/warehouses). */
export type WarehouseOption = { id: number; code: string; name: string; kind: 'station' | 'van'; stationName: string };
export const useWarehouseOptions = () =>
  useQuery({
    queryKey: ['warehouses', 'options'],
    queryFn: ({ signal }) =>
      api.get<Page<WarehouseOption>>('/api/warehouses', { pageSize: 200, active: 'true' }, signal),
    staleTime: 60_000,
  });
