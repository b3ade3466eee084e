import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Contract } from '../../../../server/modules/customers/customers.contract';
import { api } from '../../lib/api';
import { defineResource } from '../../lib/resource';

export const contractsApi = defineResource<Contract>('/api/contracts', 'contracts', {
  related: ['equipment', 'customers'],
});

export function useTerminateContract() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, reason }: { id: number; version: number; reason: string }) =>
      api.post<Contract>(`/api/contracts/${id}/terminate`, { version, reason }),
    onSuccess: () =>
      Promise.all(['contracts', 'equipment'].map((key) => queryClient.invalidateQueries({ queryKey: [key] }))),
  });
}
