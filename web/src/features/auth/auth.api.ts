import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { MeResponse, SessionUser } from '../../../../server/modules/auth/auth.contract';
import { type Capability, can } from '../../lib/access';
import { api, setCsrfToken } from '../../lib/api';
import { type Locale, useLocale } from '../../lib/i18n';

export const meKey = ['auth', 'me'] as const;
export const signedOut: MeResponse = { user: null, csrfToken: null };

async function fetchMe(): Promise<MeResponse> {
  const me = await api.get<MeResponse>('/api/auth/me');
  setCsrfToken(me.csrfToken);
  return me;
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: Number.POSITIVE_INFINITY, retry: 1 });
}

/** The signed-in user; only for components under the signed-in layout. */
export function useCurrentUser(): SessionUser {
  const { data } = useMe();
  if (!data?.user) throw new Error('useCurrentUser outside a signed-in page');
  return data.user;
}

export function useCan() {
  const { data } = useMe();
  const user = data?.user;
  return useCallback((capability: Capability) => can(user, capability), [user]);
}

export function useSignIn() {
  const queryClient = useQueryClient();
  const { setLocale } = useLocale();
  return useMutation({
    mutationFn: (body: { login: string; password: string }) => api.post<MeResponse>('/api/auth/sign-in', body),
    onSuccess: (me) => {
      queryClient.clear();
      setCsrfToken(me.csrfToken);
      queryClient.setQueryData(meKey, me);
      if (me.user) setLocale(me.user.locale);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/api/auth/sign-out'),
    onSettled: () => {
      setCsrfToken(null);
      // Signed out first, so the signed-in pages unmount; then drop their data (no refetch as 401).
      queryClient.setQueryData(meKey, signedOut);
      setTimeout(() => queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] }), 0);
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api.post<{ ok: true }>('/api/auth/password', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKey }),
  });
}

/** Switches the UI language and, when signed in, remembers it on the server too. */
export function useSwitchLocale() {
  const { setLocale } = useLocale();
  const queryClient = useQueryClient();
  return useCallback(
    (locale: Locale) => {
      setLocale(locale);
      const me = queryClient.getQueryData<MeResponse>(meKey);
      if (me?.user) {
        queryClient.setQueryData<MeResponse>(meKey, { ...me, user: { ...me.user, locale } });
        api.put('/api/auth/locale', { locale }).catch(() => {
          // the local choice still applies; the server copy is refreshed on the next switch
        });
      }
    },
    [setLocale, queryClient],
  );
}
