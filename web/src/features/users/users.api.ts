import { useMutation } from '@tanstack/react-query';
import type { User } from '../../../../server/modules/org/org.contract';
import { api } from '../../lib/api';
import { defineResource, useInvalidate } from '../../lib/resource';

export const usersApi = defineResource<User>('/api/users', 'users');

/** An admin sets a temporary password; the user must change it at the next sign-in. */
export function useResetPassword() {
  const invalidate = useInvalidate(usersApi);
  return useMutation({
    mutationFn: ({ id, password }: { id: number; password: string }) =>
      api.post<{ ok: true }>(`/api/users/${id}/password`, { password }),
    onSuccess: () => invalidate(),
  });
}
