/** Catalogue, warehouses, stock, ledger, receipts and transfers (PRT-1…3): resources and hooks. */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Part, PartSummary, Price, Supplier } from '../../../../server/modules/parts/catalogue.contract';
import type {
  LedgerEntry,
  PartStock,
  ReceiptInput,
  Transfer,
  TransferInput,
  TransferSummary,
  Warehouse,
  WarehouseStock,
} from '../../../../server/modules/parts/stock.contract';
import { api, type QueryParams } from '../../lib/api';
import { defineResource, type Page, useList } from '../../lib/resource';

export const partsApi = defineResource<PartSummary, Page<PartSummary>, Part>('/api/parts', 'parts');
export const suppliersApi = defineResource<Supplier>('/api/suppliers', 'suppliers', { related: ['parts'] });
export const warehousesApi = defineResource<Warehouse>('/api/warehouses', 'warehouses', { related: ['stock'] });
export const transfersApi = defineResource<TransferSummary, Page<TransferSummary>, Transfer>(
  '/api/transfers',
  'transfers',
  { related: ['stock', 'parts'] },
);

/** Stock changes every figure shown by these keys. */
const stockKeys = ['stock', 'parts', 'ledger', 'transfers', 'prices'];
function useInvalidateStock() {
  const queryClient = useQueryClient();
  return () => Promise.all(stockKeys.map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
}

export function usePartStock(partId: number) {
  return useQuery({
    queryKey: ['stock', 'part', partId],
    queryFn: ({ signal }) => api.get<PartStock>(`/api/parts/${partId}/stock`, undefined, signal),
  });
}

export type PriceList = { on: string; current: Price | null; items: Price[] };
export function usePrices(partId: number, on?: string) {
  return useQuery({
    queryKey: ['prices', partId, on ?? null],
    queryFn: ({ signal }) => api.get<PriceList>(`/api/parts/${partId}/prices`, on ? { on } : undefined, signal),
    placeholderData: keepPreviousData,
  });
}
export function useAddPrice(partId: number) {
  const invalidate = useInvalidateStock();
  return useMutation({
    mutationFn: (body: { effectiveFrom: string; priceFen: number; costFen: number }) =>
      api.post<PriceList>(`/api/parts/${partId}/prices`, body),
    onSuccess: () => invalidate(),
  });
}

export function useSetFits(partId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (modelIds: number[]) => api.put(`/api/parts/${partId}/fits`, { modelIds }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['parts'] }),
  });
}

export type SupplierLinkInput = { supplierId: number; supplierPartNo?: string | null; leadTimeDays?: number | null };
export function useSetPartSuppliers(partId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (items: SupplierLinkInput[]) => api.put(`/api/parts/${partId}/suppliers`, { items }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['parts'] }),
  });
}

/** Active warehouses the user sees, for pickers. */
export function useWarehouseOptions() {
  const query = useList(warehousesApi, { active: 'true', pageSize: 200 });
  const options = (query.data?.items ?? []).map((w) => ({ value: w.id, label: `${w.code} · ${w.name}`, warehouse: w }));
  return { ...query, options };
}

/** Active warehouses of every station: where a transfer may go. */
export function useTransferTargets() {
  const query = useList(warehousesApi, { targets: 'true', pageSize: 200 });
  const options = (query.data?.items ?? []).map((w) => ({
    value: w.id,
    label: `${w.code} · ${w.name}（${w.stationName}）`,
  }));
  return { ...query, options };
}

export function useSupplierOptions() {
  const query = useList(suppliersApi, { active: 'true', pageSize: 200 });
  return { ...query, options: (query.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.code} · ${s.name}` })) };
}

/** Parts matching a typed fragment, for pickers. */
export function usePartSearch(q: string) {
  const query = useList(partsApi, { q: q || undefined, active: 'true', pageSize: 20, sort: 'code', order: 'asc' });
  return {
    ...query,
    options: (query.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.code} · ${p.name}`, part: p })),
  };
}

export function useWarehouseStock(warehouseId: number | undefined, filters: QueryParams) {
  return useInfiniteQuery({
    queryKey: ['stock', 'warehouse', warehouseId, filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<WarehouseStock>(
        `/api/warehouses/${warehouseId}/stock`,
        { ...filters, after: pageParam || undefined },
        signal,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !!warehouseId,
  });
}

export function useLedger(filters: QueryParams) {
  return useInfiniteQuery({
    queryKey: ['ledger', filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: LedgerEntry[]; nextCursor: number | null }>(
        '/api/stock-ledger',
        { ...filters, before: pageParam || undefined },
        signal,
      ),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useReceipt() {
  const invalidate = useInvalidateStock();
  return useMutation({
    mutationFn: (body: ReceiptInput) => api.post<{ number: string }>('/api/receipts', body),
    onSuccess: () => invalidate(),
  });
}

export function useShipTransfer() {
  const invalidate = useInvalidateStock();
  return useMutation({
    mutationFn: (body: TransferInput) => api.post<Transfer>('/api/transfers', body),
    onSuccess: () => invalidate(),
  });
}

export function useTransferAction() {
  const invalidate = useInvalidateStock();
  return useMutation({
    mutationFn: ({ id, action, version }: { id: number; action: 'receive' | 'cancel'; version: number }) =>
      api.post<Transfer>(`/api/transfers/${id}/${action}`, { version }),
    onSuccess: () => invalidate(),
  });
}

export function useScrap() {
  const invalidate = useInvalidateStock();
  return useMutation({
    mutationFn: (body: { warehouseId: number; partId: number; condition: string; quantity: number; reason: string }) =>
      api.post('/api/stock/scrap', body),
    onSuccess: () => invalidate(),
  });
}
