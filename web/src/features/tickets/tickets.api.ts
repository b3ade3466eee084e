/**
 * Query keys and hooks of the tickets feature (TKT-1…11): the list with keyset paging, one ticket
 * with its clocks, the timeline, commands on a ticket, attachments, saved views, the board and the
 * intake helpers. Every command answers the updated ticket, which replaces the cached one.
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { z } from 'zod';
import type {
  AttachmentMeta,
  classifyInput,
  IntakeContext,
  IntakeLookup,
  planInput,
  respondInput,
  SavedView,
  Ticket,
  TicketBoard,
  TicketCreated,
  TicketPage,
  TimelineEvent,
  ticketCreateInput,
  ticketUpdateInput,
  transitionInput,
} from '../../../../server/modules/tickets/tickets.contract';
import { api, type QueryParams, request, uploadFile } from '../../lib/api';

export const ticketKeys = {
  all: ['tickets'] as const,
  list: (query: QueryParams) => ['tickets', 'list', query] as const,
  summary: (query: QueryParams) => ['tickets', 'summary', query] as const,
  detail: (id: number) => ['tickets', 'detail', id] as const,
  timeline: (id: number) => ['tickets', 'timeline', id] as const,
  board: (stationId: number | undefined) => ['tickets', 'board', stationId ?? null] as const,
  views: ['tickets', 'views'] as const,
  intakeContext: (customerId: number, equipmentId: number | undefined) =>
    ['tickets', 'intake-context', customerId, equipmentId ?? null] as const,
  intakeLookup: (q: string) => ['tickets', 'intake-lookup', q] as const,
};

/** The next page after `last`: the keyset cursor when the API gives one, else the next page number. */
type PageParam = { cursor?: string; page?: number };
function nextPageParam(last: TicketPage): PageParam | undefined {
  if (last.nextCursor) return { cursor: last.nextCursor };
  // Orders without a keyset page by number; a cursor page without a next cursor is the last one.
  if (last.total !== null && last.page * last.pageSize < last.total) return { page: last.page + 1 };
  return undefined;
}

/** The ticket list as "load more" pages: keyset cursor pages in the default order, numbered pages otherwise. */
export function useTicketList(query: QueryParams) {
  return useInfiniteQuery({
    queryKey: ticketKeys.list(query),
    initialPageParam: {} as PageParam,
    queryFn: ({ pageParam, signal }) =>
      api.get<TicketPage>('/api/tickets', { ...query, cursor: pageParam.cursor, page: pageParam.page }, signal),
    getNextPageParam: (last) => nextPageParam(last),
    placeholderData: keepPreviousData,
  });
}

/** Only the count of a filter (home page summary). */
export function useTicketCount(query: QueryParams, enabled = true) {
  return useQuery({
    queryKey: ticketKeys.summary(query),
    queryFn: ({ signal }) => api.get<TicketPage>('/api/tickets', { ...query, pageSize: 1, page: 1 }, signal),
    select: (page) => page.total ?? page.items.length,
    enabled,
  });
}

export function useTicket(id: number) {
  return useQuery({
    queryKey: ticketKeys.detail(id),
    queryFn: ({ signal }) => api.get<Ticket>(`/api/tickets/${id}`, undefined, signal),
    enabled: Number.isInteger(id) && id > 0,
    // Time left changes by itself: keep the clocks fresh while the page is open.
    refetchInterval: 60_000,
  });
}

export function useTimeline(id: number) {
  return useQuery({
    queryKey: ticketKeys.timeline(id),
    queryFn: ({ signal }) => api.get<{ items: TimelineEvent[] }>(`/api/tickets/${id}/timeline`, undefined, signal),
    enabled: Number.isInteger(id) && id > 0,
  });
}

/** Refreshes a ticket, its timeline and the lists after a change (also for the dispatch panels). */
export function useRefreshTicket() {
  const queryClient = useQueryClient();
  return useCallback(
    (id: number, updated?: Ticket) => {
      if (updated) queryClient.setQueryData(ticketKeys.detail(id), updated);
      return Promise.all([
        updated ? Promise.resolve() : queryClient.invalidateQueries({ queryKey: ticketKeys.detail(id) }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.timeline(id) }),
        queryClient.invalidateQueries({ queryKey: ['tickets', 'list'] }),
        queryClient.invalidateQueries({ queryKey: ['tickets', 'summary'] }),
        queryClient.invalidateQueries({ queryKey: ['tickets', 'board'] }),
      ]);
    },
    [queryClient],
  );
}

/** Bodies as the shared schemas parse them in the forms (dates become ISO strings in JSON). */
type Command =
  | { kind: 'classify'; body: z.output<typeof classifyInput> }
  | { kind: 'transition'; body: z.output<typeof transitionInput> }
  | { kind: 'respond'; body: z.output<typeof respondInput> }
  | { kind: 'plan'; body: z.output<typeof planInput> }
  | { kind: 'update'; body: z.output<typeof ticketUpdateInput> };

const commandPaths: Record<Exclude<Command['kind'], 'update'>, string> = {
  classify: 'classify',
  transition: 'transitions',
  respond: 'respond',
  plan: 'plan',
};

/** One command on a ticket; the answer (the updated ticket) replaces the cached one. */
export function useTicketCommand(id: number) {
  const refresh = useRefreshTicket();
  return useMutation({
    mutationFn: (command: Command) =>
      command.kind === 'update'
        ? request<Ticket>('PATCH', `/api/tickets/${id}`, { body: command.body })
        : api.post<Ticket>(`/api/tickets/${id}/${commandPaths[command.kind]}`, command.body),
    onSuccess: (ticket) => refresh(id, ticket),
  });
}

export function useAddComment(id: number) {
  const refresh = useRefreshTicket();
  return useMutation({
    mutationFn: (note: string) => api.post<unknown>(`/api/tickets/${id}/comments`, { note }),
    onSuccess: () => refresh(id),
  });
}

export function useCompleteTask(ticketId: number) {
  const refresh = useRefreshTicket();
  return useMutation({
    mutationFn: (input: { taskId: number; note: string }) =>
      api.post<Ticket>(`/api/tickets/${ticketId}/tasks/${input.taskId}/complete`, { note: input.note }),
    onSuccess: (ticket) => refresh(ticketId, ticket),
  });
}

export function uploadAttachment(ticketId: number, file: File, kind: 'photo' | 'file') {
  return uploadFile<AttachmentMeta>(`/api/tickets/${ticketId}/attachments`, file, { kind });
}

export const isPhoto = (file: { type?: string; contentType?: string }) =>
  (file.contentType ?? file.type ?? '').startsWith('image/');

export function useUploadAttachment(ticketId: number) {
  const refresh = useRefreshTicket();
  return useMutation({
    mutationFn: (file: File) => uploadAttachment(ticketId, file, isPhoto(file) ? 'photo' : 'file'),
    onSuccess: () => refresh(ticketId),
  });
}

export function useCreateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.output<typeof ticketCreateInput>) => api.post<TicketCreated>('/api/tickets', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
  });
}

export function useIntakeLookup(q: string) {
  return useQuery({
    queryKey: ticketKeys.intakeLookup(q),
    queryFn: ({ signal }) => api.get<IntakeLookup>('/api/tickets/intake-lookup', { q }, signal),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}

export function useIntakeContext(customerId: number | undefined, equipmentId: number | undefined) {
  return useQuery({
    queryKey: ticketKeys.intakeContext(customerId ?? 0, equipmentId),
    queryFn: ({ signal }) => api.get<IntakeContext>('/api/tickets/intake-context', { customerId, equipmentId }, signal),
    enabled: !!customerId,
    placeholderData: (previous) => (previous?.customer.id === customerId ? previous : undefined),
    // Equipment added in another tab ("add equipment") shows up when the agent comes back.
    staleTime: 0,
    refetchOnWindowFocus: true,
  });
}

export function useBoard(stationId: number | undefined) {
  return useQuery({
    queryKey: ticketKeys.board(stationId),
    queryFn: ({ signal }) => api.get<TicketBoard>('/api/tickets/board', { stationId }, signal),
    refetchInterval: 30_000,
    refetchIntervalInBackground: false,
  });
}

export function useSavedViews() {
  return useQuery({
    queryKey: ticketKeys.views,
    queryFn: ({ signal }) => api.get<{ items: SavedView[] }>('/api/tickets/views', undefined, signal),
  });
}

export function useSaveView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; query: string }) => api.post<SavedView>('/api/tickets/views', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.views }),
  });
}

export function useDeleteView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<unknown>(`/api/tickets/views/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.views }),
  });
}
