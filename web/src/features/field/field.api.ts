/** Query keys and hooks of dispatch and field work (DSP-1, 2, 4, 5). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type {
  AssignInput,
  AssignmentList,
  CheckInInput,
  CheckOutInput,
  Leave,
  LeaveInput,
  Qualification,
  QualificationInput,
  RemoteProgressInput,
  RepairRecord,
  SignatureInput,
  SuggestionList,
  TaskDetail,
  TaskList,
  Visit,
  VisitCreateInput,
  VisitList,
  VisitRecordInput,
} from '../../../../server/modules/dispatch/dispatch.contract';
import { api, request, uploadFile } from '../../lib/api';

export const fieldKeys = {
  all: ['field'] as const,
  myTasks: ['field', 'my-tasks'] as const,
  task: (assignmentId: number) => ['field', 'task', assignmentId] as const,
  suggestions: (ticketId: number, at: string | undefined) => ['field', 'suggestions', ticketId, at ?? null] as const,
  assignments: (ticketId: number) => ['field', 'assignments', ticketId] as const,
  visits: (ticketId: number) => ['field', 'visits', ticketId] as const,
  visit: (visitId: number) => ['field', 'visit', visitId] as const,
  repairRecord: (ticketId: number) => ['field', 'repair-record', ticketId] as const,
  qualifications: (userId: number) => ['field', 'qualifications', userId] as const,
  leaves: (userId: number) => ['field', 'leaves', userId] as const,
};

/** After a field-work change: this feature's data and the tickets' (status, timeline, clocks). */
export function useFieldInvalidate() {
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: fieldKeys.all }),
        queryClient.invalidateQueries({ queryKey: ['tickets'] }),
      ]),
    [queryClient],
  );
}

// ---------- the engineer ----------

export const useMyTasks = () =>
  useQuery({
    queryKey: fieldKeys.myTasks,
    queryFn: ({ signal }) => api.get<TaskList>('/api/my/tasks', undefined, signal),
    refetchInterval: 60_000,
  });

export const useTask = (assignmentId: number) =>
  useQuery({
    queryKey: fieldKeys.task(assignmentId),
    queryFn: ({ signal }) => api.get<TaskDetail>(`/api/assignments/${assignmentId}`, undefined, signal),
    enabled: Number.isInteger(assignmentId) && assignmentId > 0,
  });

function useFieldMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const invalidate = useFieldInvalidate();
  return useMutation({ mutationFn, onSuccess: () => invalidate() });
}

export const useAcceptAssignment = () =>
  useFieldMutation((assignmentId: number) => api.post<TaskDetail>(`/api/assignments/${assignmentId}/accept`, {}));
export const useDeclineAssignment = () =>
  useFieldMutation(({ assignmentId, reason }: { assignmentId: number; reason: string }) =>
    api.post<{ ok: true; ticketReturned: boolean }>(`/api/assignments/${assignmentId}/decline`, { reason }),
  );
export const useRemoteProgress = () =>
  useFieldMutation(({ assignmentId, body }: { assignmentId: number; body: RemoteProgressInput }) =>
    api.post<TaskDetail>(`/api/assignments/${assignmentId}/progress`, body),
  );
export const useCreateVisit = () =>
  useFieldMutation(({ ticketId, body }: { ticketId: number; body: VisitCreateInput }) =>
    api.post<Visit>(`/api/tickets/${ticketId}/visits`, body),
  );
export const useVisitStep = () =>
  useFieldMutation(({ visitId, step }: { visitId: number; step: 'start-travel' | 'start-work' }) =>
    api.post<Visit>(`/api/visits/${visitId}/${step}`, {}),
  );
export const useCheckIn = () =>
  useFieldMutation(({ visitId, body }: { visitId: number; body: CheckInInput }) =>
    api.post<Visit>(`/api/visits/${visitId}/check-in`, body),
  );
export const useSaveRecord = () =>
  useFieldMutation(({ visitId, body }: { visitId: number; body: VisitRecordInput }) =>
    request<Visit>('PATCH', `/api/visits/${visitId}`, { body }),
  );
export const useUploadPhoto = () =>
  useFieldMutation(({ visitId, file }: { visitId: number; file: File }) =>
    uploadFile<Visit>(`/api/visits/${visitId}/photos`, file),
  );
export const useSign = () =>
  useFieldMutation(({ visitId, body }: { visitId: number; body: SignatureInput }) =>
    api.post<Visit>(`/api/visits/${visitId}/signature`, body),
  );
export const useCheckOut = () =>
  useFieldMutation(({ visitId, body }: { visitId: number; body: CheckOutInput }) =>
    api.post<Visit>(`/api/visits/${visitId}/check-out`, body),
  );
export const useCancelVisit = () =>
  useFieldMutation(({ visitId, reason }: { visitId: number; reason: string }) =>
    api.post<Visit>(`/api/visits/${visitId}/cancel`, { reason }),
  );

// ---------- the dispatcher ----------

export const useSuggestions = (ticketId: number, at: string | undefined, enabled = true) =>
  useQuery({
    queryKey: fieldKeys.suggestions(ticketId, at),
    queryFn: ({ signal }) => api.get<SuggestionList>(`/api/tickets/${ticketId}/assignment-suggestions`, { at }, signal),
    enabled,
  });

export const useAssignments = (ticketId: number) =>
  useQuery({
    queryKey: fieldKeys.assignments(ticketId),
    queryFn: ({ signal }) => api.get<AssignmentList>(`/api/tickets/${ticketId}/assignments`, undefined, signal),
  });

export const useAssign = () =>
  useFieldMutation(({ ticketId, body }: { ticketId: number; body: AssignInput }) =>
    api.post<AssignmentList>(`/api/tickets/${ticketId}/assignments`, body),
  );
export const useWithdraw = () =>
  useFieldMutation(({ assignmentId, reason }: { assignmentId: number; reason?: string }) =>
    api.post<AssignmentList>(`/api/assignments/${assignmentId}/withdraw`, { reason }),
  );

export const useTicketVisits = (ticketId: number) =>
  useQuery({
    queryKey: fieldKeys.visits(ticketId),
    queryFn: ({ signal }) => api.get<VisitList>(`/api/tickets/${ticketId}/visits`, undefined, signal),
  });

export const useVisit = (visitId: number) =>
  useQuery({
    queryKey: fieldKeys.visit(visitId),
    queryFn: ({ signal }) => api.get<Visit>(`/api/visits/${visitId}`, undefined, signal),
    enabled: Number.isInteger(visitId) && visitId > 0,
  });

export const useRepairRecord = (ticketId: number) =>
  useQuery({
    queryKey: fieldKeys.repairRecord(ticketId),
    queryFn: ({ signal }) => api.get<RepairRecord>(`/api/tickets/${ticketId}/repair-record`, undefined, signal),
    enabled: Number.isInteger(ticketId) && ticketId > 0,
  });

// ---------- qualifications and leaves ----------

export const useQualifications = (userId: number) =>
  useQuery({
    queryKey: fieldKeys.qualifications(userId),
    queryFn: ({ signal }) =>
      api.get<{ items: Qualification[] }>(`/api/users/${userId}/qualifications`, undefined, signal),
  });
export const useLeaves = (userId: number) =>
  useQuery({
    queryKey: fieldKeys.leaves(userId),
    queryFn: ({ signal }) => api.get<{ items: Leave[] }>(`/api/users/${userId}/leaves`, undefined, signal),
  });
export const useAddQualification = () =>
  useFieldMutation(({ userId, body }: { userId: number; body: QualificationInput }) =>
    api.post<Qualification>(`/api/users/${userId}/qualifications`, body),
  );
export const useDeleteQualification = () =>
  useFieldMutation(({ userId, id }: { userId: number; id: number }) =>
    api.delete<{ ok: true }>(`/api/users/${userId}/qualifications/${id}`),
  );
export const useAddLeave = () =>
  useFieldMutation(({ userId, body }: { userId: number; body: LeaveInput }) =>
    api.post<Leave>(`/api/users/${userId}/leaves`, body),
  );
export const useDeleteLeave = () =>
  useFieldMutation(({ userId, id }: { userId: number; id: number }) =>
    api.delete<{ ok: true }>(`/api/users/${userId}/leaves/${id}`),
  );
