/** Query keys and hooks of the return-visit queue (FBK-3). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  GenerationResult,
  ReturnVisitOutcomeInput,
  ReturnVisitReportInput,
} from '../../../../server/modules/feedback/return-visits.contract';
import { api, type QueryParams } from '../../lib/api';

/** A row as the JSON API answers it (timestamps are ISO strings). */
export type ReturnVisitRow = {
  id: number;
  rule: string;
  method: 'phone' | 'on_site';
  status: 'open' | 'done' | 'cancelled';
  periodStart: string;
  periodEnd: string;
  dueAt: string;
  isOverdue: boolean;
  stationName: string | null;
  customerId: number;
  customerName: string;
  customerLevel: 'key' | 'regular';
  contactName: string | null;
  contactPhone: string | null;
  equipmentId: number | null;
  serialNo: string | null;
  modelName: string | null;
  ticketId: number | null;
  ticketNumber: string | null;
  reason: string | null;
  attempts: number;
  outcome: string | null;
  notes: string | null;
  completedAt: string | null;
  completedByName: string | null;
  complaintId: number | null;
  followUpTicketId: number | null;
  needsReport: boolean;
  reportDueAt: string | null;
  report: string | null;
  reportSubmittedAt: string | null;
  version: number;
};
export type ReturnVisitPage = { items: ReturnVisitRow[]; total: number; page: number; pageSize: number };

export const returnVisitKeys = {
  all: ['return-visits'] as const,
  list: (query: QueryParams) => ['return-visits', 'list', query] as const,
};

export function useReturnVisits(query: QueryParams) {
  return useQuery({
    queryKey: returnVisitKeys.list(query),
    queryFn: ({ signal }) => api.get<ReturnVisitPage>('/api/return-visits', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useRecordOutcome(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ReturnVisitOutcomeInput) => api.post<ReturnVisitRow>(`/api/return-visits/${id}/outcome`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: returnVisitKeys.all }),
  });
}

export function useSubmitReport(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ReturnVisitReportInput) => api.post<ReturnVisitRow>(`/api/return-visits/${id}/report`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: returnVisitKeys.all }),
  });
}

export function useGenerateReturnVisits() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<GenerationResult>('/api/return-visits/generate'),
    onSuccess: () => client.invalidateQueries({ queryKey: returnVisitKeys.all }),
  });
}
