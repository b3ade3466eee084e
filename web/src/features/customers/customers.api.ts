import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Customer,
  CustomerSummary,
  revealedCustomer,
} from '../../../../server/modules/customers/customers.contract';
import { api } from '../../lib/api';
import { defineResource, type Page } from '../../lib/resource';

export const customersApi = defineResource<Customer, Page<CustomerSummary>>('/api/customers', 'customers', {
  related: ['equipment', 'contracts'],
});

export type RevealedCustomer = z.infer<typeof revealedCustomer>;

/** PPL-4: fetches the unmasked personal data of one customer (the server logs each reveal). */
export function useRevealCustomer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<RevealedCustomer>(`/api/customers/${id}/reveal`),
    onSuccess: (revealed, id) => queryClient.setQueryData(['customers', 'revealed', id], revealed),
  });
}
