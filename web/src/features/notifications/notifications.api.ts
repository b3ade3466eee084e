import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Notification, OutboxMessage } from '../../../../server/modules/notify/notify.contract';
import { api, type QueryParams } from '../../lib/api';
import type { Page } from '../../lib/resource';

/** Dates arrive as ISO strings. */
export type NotificationItem = Omit<Notification, 'readAt' | 'createdAt'> & {
  readAt: string | null;
  createdAt: string;
};
export type OutboxItem = Omit<OutboxMessage, 'nextAttemptAt' | 'createdAt' | 'sentAt'> & {
  nextAttemptAt: string;
  createdAt: string;
  sentAt: string | null;
};

export const notificationKeys = {
  all: ['notifications'] as const,
  unreadCount: ['notifications', 'unread-count'] as const,
  list: (query: QueryParams) => ['notifications', 'list', query] as const,
  outbox: (query: QueryParams) => ['outbox', 'list', query] as const,
};

/** How often the bell asks for news. */
export const UNREAD_POLL_MS = 30_000;

export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unreadCount,
    queryFn: ({ signal }) => api.get<{ count: number }>('/api/notifications/unread-count', undefined, signal),
    refetchInterval: UNREAD_POLL_MS,
    select: (data) => data.count,
  });
}

export function useNotifications(query: QueryParams, enabled = true) {
  return useQuery({
    queryKey: notificationKeys.list(query),
    queryFn: ({ signal }) => api.get<Page<NotificationItem>>('/api/notifications', query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<NotificationItem>(`/api/notifications/${id}/read`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ updated: number }>('/api/notifications/read-all'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useOutbox(query: QueryParams) {
  return useQuery({
    queryKey: notificationKeys.outbox(query),
    queryFn: ({ signal }) => api.get<Page<OutboxItem>>('/api/outbox', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useRetryMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<OutboxItem>(`/api/outbox/${id}/retry`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['outbox'] }),
  });
}
