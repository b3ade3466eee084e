import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Calendar,
  CalendarDay,
  DayChangeReport,
  Policy,
  PreviewResult,
} from '../../../../server/modules/sla/sla.contract';
import { api, uploadFile } from '../../lib/api';
import { defineResource, useList } from '../../lib/resource';

export const calendarsApi = defineResource<Calendar, { items: Calendar[] }>('/api/sla/calendars', 'sla-calendars', {
  related: ['sla-policies', 'sla-days'],
});
export const policiesApi = defineResource<Policy, { items: Policy[] }>('/api/sla/policies', 'sla-policies', {
  related: ['sla-calendars'],
});

const daysKey = (calendarId: number, year: number) => ['sla-days', calendarId, year] as const;

export function useCalendarDays(calendarId: number, year: number) {
  return useQuery({
    queryKey: daysKey(calendarId, year),
    queryFn: ({ signal }) =>
      api.get<{ items: CalendarDay[] }>(`/api/sla/calendars/${calendarId}/days`, { year }, signal),
  });
}

export type OfficialSchedule = {
  year: number;
  notice: string;
  holidays: { date: string; name: string }[];
  makeUpDays: { date: string; name: string }[];
};

export function useOfficialSchedules() {
  return useQuery({
    queryKey: ['sla-official-schedules'],
    queryFn: ({ signal }) => api.get<{ items: OfficialSchedule[] }>('/api/sla/official-schedules', undefined, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Refreshes the calendar (its version and counts), its days and the policies showing it. */
function useRefreshCalendar() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      ['sla-days', 'sla-calendars', 'sla-policies'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })),
    );
}

export function useSaveDay(calendarId: number) {
  const refresh = useRefreshCalendar();
  return useMutation({
    mutationFn: ({ existing, day }: { existing: boolean; day: CalendarDay }) =>
      existing
        ? api.put<CalendarDay>(`/api/sla/calendars/${calendarId}/days/${day.date}`, { kind: day.kind, name: day.name })
        : api.post<CalendarDay>(`/api/sla/calendars/${calendarId}/days`, day),
    onSuccess: () => refresh(),
  });
}

export function useRemoveDay(calendarId: number) {
  const refresh = useRefreshCalendar();
  return useMutation({
    mutationFn: (date: string) => api.delete<{ ok: true }>(`/api/sla/calendars/${calendarId}/days/${date}`),
    onSuccess: () => refresh(),
  });
}

export function useImportIcs(calendarId: number) {
  const refresh = useRefreshCalendar();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) =>
      uploadFile<DayChangeReport>(`/api/sla/calendars/${calendarId}/import-ics`, file, { dryRun }),
    onSuccess: (report) => (report.committed ? refresh() : undefined),
  });
}

export function useApplyOfficial(calendarId: number) {
  const refresh = useRefreshCalendar();
  return useMutation({
    mutationFn: ({ year, dryRun }: { year: number; dryRun: boolean }) =>
      api.post<DayChangeReport>(`/api/sla/calendars/${calendarId}/apply-official/${year}`, {}, { dryRun }),
    onSuccess: (report) => (report.committed ? refresh() : undefined),
  });
}

export function usePreview(calendarId: number) {
  return useMutation({
    mutationFn: (body: { start: string; minutes: number }) =>
      api.post<PreviewResult>(`/api/sla/calendars/${calendarId}/preview`, body),
  });
}

/** Active calendars for pickers (the current value is kept even when it was deactivated). */
export function useCalendarOptions(current?: number | null) {
  const query = useList(calendarsApi, { active: 'all' });
  const options = (query.data?.items ?? [])
    .filter((calendar) => calendar.isActive || calendar.id === current)
    .map((calendar) => ({ value: calendar.id, label: `${calendar.name} (${calendar.code})` }));
  return { ...query, options };
}

export function usePolicyOptions(current?: number | null) {
  const query = useList(policiesApi, { active: 'all' });
  const options = (query.data?.items ?? [])
    .filter((policy) => policy.isActive || policy.id === current)
    .map((policy) => ({ value: policy.id, label: `${policy.name} (${policy.code})` }));
  const defaultPolicy = query.data?.items.find((policy) => policy.isDefault);
  return { ...query, options, defaultPolicy };
}
