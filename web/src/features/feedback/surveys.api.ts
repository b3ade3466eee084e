/** Query keys and hooks of surveys and the satisfaction rate (FBK-1). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  phoneSurveyInput,
  SatisfactionReport,
  Survey,
  surveyAnswersInput,
} from '../../../../server/modules/feedback/surveys.contract';
import { api, type QueryParams } from '../../lib/api';

export type SurveyPage = { items: Survey[]; total: number; page: number; pageSize: number };
export type PublicSurvey = { ticketNumber: string; closedAt: string; engineerName: string | null; companyName: string };

export const surveyKeys = {
  all: ['surveys'] as const,
  list: (query: QueryParams) => ['surveys', 'list', query] as const,
  satisfaction: (query: QueryParams) => ['surveys', 'satisfaction', query] as const,
  link: (token: string) => ['survey-link', token] as const,
};

export function useSurveyList(query: QueryParams) {
  return useQuery({
    queryKey: surveyKeys.list(query),
    queryFn: ({ signal }) => api.get<SurveyPage>('/api/surveys', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useSatisfaction(query: QueryParams) {
  return useQuery({
    queryKey: surveyKeys.satisfaction(query),
    queryFn: ({ signal }) => api.get<SatisfactionReport>('/api/surveys/satisfaction', query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useRecordPhoneSurvey(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof phoneSurveyInput>) => api.post<Survey>(`/api/surveys/${id}/answers`, input),
    onSuccess: () => client.invalidateQueries({ queryKey: surveyKeys.all }),
  });
}

export function usePublicSurvey(token: string) {
  return useQuery({
    queryKey: surveyKeys.link(token),
    queryFn: ({ signal }) => api.get<PublicSurvey>(`/api/survey-links/${encodeURIComponent(token)}`, undefined, signal),
    retry: false,
  });
}

export function useAnswerPublicSurvey(token: string) {
  return useMutation({
    mutationFn: (input: z.input<typeof surveyAnswersInput>) =>
      api.post<{ ok: true; lowScore: boolean }>(`/api/survey-links/${encodeURIComponent(token)}`, input),
  });
}
