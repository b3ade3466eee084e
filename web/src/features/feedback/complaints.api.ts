/** Query keys and hooks of complaints (FBK-2). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Complaint,
  complaintCreateInput,
  complaintTransitionInput,
} from '../../../../server/modules/feedback/complaints.contract';
import { api, type QueryParams } from '../../lib/api';

export type ComplaintPage = { items: Complaint[]; total: number; page: number; pageSize: number };
export type ComplaintEvent = {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
};

export const complaintKeys = {
  all: ['complaints'] as const,
  list: (query: QueryParams) => ['complaints', 'list', query] as const,
  detail: (id: number) => ['complaints', 'detail', id] as const,
  timeline: (id: number) => ['complaints', 'timeline', id] as const,
};

export function useComplaintList(query: QueryParams) {
  return useQuery({
    queryKey: complaintKeys.list(query),
    queryFn: ({ signal }) => api.get<ComplaintPage>('/api/complaints', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useComplaint(id: number) {
  return useQuery({
    queryKey: complaintKeys.detail(id),
    queryFn: ({ signal }) => api.get<Complaint>(`/api/complaints/${id}`, undefined, signal),
  });
}

export function useComplaintTimeline(id: number) {
  return useQuery({
    queryKey: complaintKeys.timeline(id),
    queryFn: ({ signal }) => api.get<{ items: ComplaintEvent[] }>(`/api/complaints/${id}/timeline`, undefined, signal),
  });
}

export function useCreateComplaint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof complaintCreateInput>) => api.post<Complaint>('/api/complaints', input),
    onSuccess: () => client.invalidateQueries({ queryKey: complaintKeys.all }),
  });
}

export function useComplaintStep(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof complaintTransitionInput>) =>
      api.post<Complaint>(`/api/complaints/${id}/transitions`, input),
    onSuccess: (complaint) => {
      client.setQueryData(complaintKeys.detail(id), complaint);
      void client.invalidateQueries({ queryKey: complaintKeys.all });
    },
  });
}
