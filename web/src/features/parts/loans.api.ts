/** Query keys and hooks of the loaner pool and loans (DSP-7, SLA-4). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type {
  LendInput,
  Loan,
  LoanerUnit,
  LoanerUnitInput,
  LoanerUnitList,
  LoanerUnitUpdate,
  LoanList,
  ReturnInput,
} from '../../../../server/modules/parts/loans.contract';
import { api, type QueryParams } from '../../lib/api';

export const loanKeys = {
  all: ['loans'] as const,
  units: (query: QueryParams) => ['loans', 'units', query] as const,
  list: (query: QueryParams) => ['loans', 'list', query] as const,
  ticket: (ticketId: number) => ['loans', 'ticket', ticketId] as const,
};

/** After a change: loans, units and the ticket (its task and timeline). */
function useInvalidate() {
  const queryClient = useQueryClient();
  return useCallback(
    () =>
      Promise.all(
        [loanKeys.all, ['tickets']].map((queryKey) => queryClient.invalidateQueries({ queryKey: [...queryKey] })),
      ),
    [queryClient],
  );
}

function useChange<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn, onSuccess: () => invalidate() });
}

export const useLoanerUnits = (query: QueryParams, enabled = true) =>
  useQuery({
    queryKey: loanKeys.units(query),
    queryFn: ({ signal }) => api.get<LoanerUnitList>('/api/loaner-units', query, signal),
    enabled,
  });

export const useLoans = (query: QueryParams) =>
  useQuery({
    queryKey: loanKeys.list(query),
    queryFn: ({ signal }) => api.get<LoanList>('/api/loans', query, signal),
  });

export const useTicketLoans = (ticketId: number) =>
  useQuery({
    queryKey: loanKeys.ticket(ticketId),
    queryFn: ({ signal }) => api.get<LoanList>('/api/loans', { ticketId, pageSize: 50 }, signal),
  });

export const useCreateLoanerUnit = () =>
  useChange((input: LoanerUnitInput) => api.post<LoanerUnit>('/api/loaner-units', input));
export const useUpdateLoanerUnit = () =>
  useChange(({ id, input }: { id: number; input: LoanerUnitUpdate }) =>
    api.put<LoanerUnit>(`/api/loaner-units/${id}`, input),
  );
export const useSetLoanerUnitActive = () =>
  useChange(({ id, active }: { id: number; active: boolean }) =>
    api.post<LoanerUnit>(`/api/loaner-units/${id}/active`, { active }),
  );
export const useLend = () => useChange((input: LendInput) => api.post<Loan>('/api/loans', input));
export const useReturnLoan = () =>
  useChange(({ id, input }: { id: number; input: ReturnInput }) => api.post<Loan>(`/api/loans/${id}/return`, input));
