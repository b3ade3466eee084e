/**
 * Query keys and hooks for a master-data resource with the house REST shape:
 * GET list, GET/PUT :id, POST, POST :id/active, GET :id/history.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { HistoryEntry } from '../../../server/modules/audit/audit.contract';
import { api, type QueryParams } from './api';

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
export type HistoryItem = Omit<HistoryEntry, 'at'> & { at: string };

/** A resource: where it lives, its cache key, and the types its endpoints answer with. */
export type Resource<Item, ListResponse, Detail> = {
  base: string;
  key: string;
  /** Other resources whose lists show data of this one (e.g. equipment lists show customer names). */
  related: readonly string[];
  /** Phantom field carrying the response types; never set. */
  types?: { item: Item; list: ListResponse; detail: Detail };
};

export function defineResource<Item, ListResponse = Page<Item>, Detail = Item>(
  base: string,
  key: string,
  options: { related?: string[] } = {},
): Resource<Item, ListResponse, Detail> {
  return { base, key, related: options.related ?? [] };
}

export type AnyResource = Resource<unknown, unknown, unknown>;
type ListOf<R> = R extends Resource<unknown, infer L, unknown> ? L : never;
export type DetailOf<R> = R extends Resource<unknown, unknown, infer D> ? D : never;

export const resourceKeys = {
  list: (resource: AnyResource, query: QueryParams) => [resource.key, 'list', query] as const,
  detail: (resource: AnyResource, id: number) => [resource.key, 'detail', id] as const,
  history: (resource: AnyResource, id: number) => [resource.key, 'history', id] as const,
};

export function useList<R extends AnyResource>(resource: R, query: QueryParams, enabled = true) {
  return useQuery({
    queryKey: resourceKeys.list(resource, query),
    queryFn: ({ signal }) => api.get<ListOf<R>>(resource.base, query, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useDetail<R extends AnyResource>(resource: R, id: number) {
  return useQuery({
    queryKey: resourceKeys.detail(resource, id),
    queryFn: ({ signal }) => api.get<DetailOf<R>>(`${resource.base}/${id}`, undefined, signal),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useHistory(resource: AnyResource, id: number, enabled = true) {
  return useQuery({
    queryKey: resourceKeys.history(resource, id),
    queryFn: ({ signal }) => api.get<{ items: HistoryItem[] }>(`${resource.base}/${id}/history`, undefined, signal),
    enabled: enabled && Number.isInteger(id) && id > 0,
  });
}

/** Refreshes every cached query of the resource and of the resources that show its data. */
export function useInvalidate(resource: AnyResource) {
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([resource.key, ...resource.related].map((key) => queryClient.invalidateQueries({ queryKey: [key] }))),
    [queryClient, resource],
  );
}

/** Creates (no id) or updates (id; the body carries the version) a record. */
export function useSave<R extends AnyResource>(resource: R) {
  const invalidate = useInvalidate(resource);
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: unknown }) =>
      id ? api.put<DetailOf<R>>(`${resource.base}/${id}`, body) : api.post<DetailOf<R>>(resource.base, body),
    onSuccess: () => invalidate(),
  });
}

export function useSetActive<R extends AnyResource>(resource: R) {
  const invalidate = useInvalidate(resource);
  return useMutation({
    mutationFn: ({ id, active }: { id: number; active: boolean }) =>
      api.post<DetailOf<R>>(`${resource.base}/${id}/active`, { active }),
    onSuccess: () => invalidate(),
  });
}
