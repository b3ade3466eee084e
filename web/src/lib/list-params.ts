/**
 * List state (search, filters, page, sort) lives in the URL so a list can be bookmarked, shared and
 * restored with the back button.
 */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export type SortOrder = 'asc' | 'desc';
export type ListDefaults = { sort: string; order: SortOrder; pageSize?: number; filters?: Record<string, string> };
export type ListPatch = Record<string, string | number | null | undefined>;

export const pageSizeOptions = [10, 20, 50, 100];

export function useListParams(defaults: ListDefaults) {
  const [search, setSearch] = useSearchParams();

  const page = Math.max(1, Number(search.get('page')) || 1);
  const requestedSize = Number(search.get('pageSize'));
  const pageSize = pageSizeOptions.includes(requestedSize) ? requestedSize : (defaults.pageSize ?? 20);
  const sort = search.get('sort') ?? defaults.sort;
  const order: SortOrder =
    search.get('order') === 'asc' || search.get('order') === 'desc'
      ? (search.get('order') as SortOrder)
      : defaults.order;

  const get = useCallback(
    (key: string): string | undefined => search.get(key) ?? defaults.filters?.[key] ?? undefined,
    [search, defaults.filters],
  );

  /** Applies a patch; any change other than page/pageSize returns to page 1. */
  const update = useCallback(
    (patch: ListPatch) => {
      setSearch(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(patch)) {
            if (value === undefined || value === null || value === '') next.delete(key);
            else next.set(key, String(value));
          }
          if (!('page' in patch)) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setSearch],
  );

  const reset = useCallback(() => setSearch(new URLSearchParams(), { replace: true }), [setSearch]);

  /** Filters the user set (not paging or sorting), e.g. to tell "no results" from "no records". */
  const hasFilters = useMemo(
    () => [...search.keys()].some((key) => !['page', 'pageSize', 'sort', 'order'].includes(key)),
    [search],
  );

  /** The filter values from the URL plus defaults, for the API query. */
  const filters = useCallback(
    (keys: readonly string[]) =>
      Object.fromEntries(keys.map((key) => [key, get(key)])) as Record<string, string | undefined>,
    [get],
  );

  /** The API query of a server-paged list: the given filters plus sort and page. */
  const pageQuery = (filterValues: Record<string, string | undefined>) => ({
    ...filterValues,
    sort,
    order,
    page,
    pageSize,
  });

  return { page, pageSize, sort, order, get, update, reset, hasFilters, filters, pageQuery, search };
}
export type ListParams = ReturnType<typeof useListParams>;

/**
 * For the short lists the server returns whole (stations, departments): search, sort and page in
 * the browser with the same URL-bound state as the server-paged lists.
 */
export function pageLocally<T>(
  items: readonly T[],
  params: ListParams,
  options: { matches: (item: T, q: string) => boolean; sortValue: (item: T, sort: string) => string | number },
): { rows: T[]; total: number } {
  const q = params.get('q')?.trim().toLowerCase();
  const filtered = q ? items.filter((item) => options.matches(item, q)) : [...items];
  filtered.sort((a, b) => {
    const left = options.sortValue(a, params.sort);
    const right = options.sortValue(b, params.sort);
    const result =
      typeof left === 'number' && typeof right === 'number'
        ? left - right
        : String(left).localeCompare(String(right), 'zh-CN');
    return params.order === 'asc' ? result : -result;
  });
  const start = (params.page - 1) * params.pageSize;
  return { rows: filtered.slice(start, start + params.pageSize), total: filtered.length };
}
