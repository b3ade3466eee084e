/** The public portal's calls (FBK-4): no staff session; the portal cookie only for "my equipment". */
import { useMutation, useQuery } from '@tanstack/react-query';
import { solveChallenge } from 'altcha-lib/v1';
import { ApiError } from '../../lib/api';

/**
 * The portal's own fetch: the staff client's 401 handler would send a customer to the staff sign-in,
 * and the portal needs no CSRF token (it has no staff session).
 */
async function portalRequest<T>(method: 'GET' | 'POST', path: string, body?: unknown | FormData): Promise<T> {
  const language = document.documentElement.lang === 'en-US' ? 'en-US' : 'zh-CN';
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, body: payload, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', language === 'en-US' ? 'Cannot reach the server' : '无法连接服务器，请检查网络');
  }
  const parsed = await response.json().catch(() => null);
  if (!response.ok) {
    const error = parsed?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'HTTP_ERROR',
      error?.message ?? String(response.status),
      error?.fields ?? [],
    );
  }
  return parsed as T;
}
const api = {
  get: <T>(path: string) => portalRequest<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => portalRequest<T>('POST', path, body),
};

export type PortalTracking = {
  number: string;
  title: string;
  milestones: { key: string; at: string | null; done: boolean }[];
  engineerName: string | null;
  expectedArrivalAt: string | null;
  surveyPending: boolean;
};
export type PortalUnit = {
  id: number;
  serialNo: string;
  modelName: string;
  customerName: string;
  acceptanceDate: string | null;
  warrantyEnd: string | null;
  warrantyStatus: 'in_warranty' | 'expiring' | 'expired' | 'unknown';
};
type Challenge = { algorithm: string; challenge: string; maxnumber?: number; salt: string; signature: string };

/** Fetches a challenge and solves it (proof of work in the browser, no third party); the ALTCHA payload. */
export async function solvePortalChallenge(): Promise<string> {
  const challenge = await api.get<Challenge>('/api/portal/challenge');
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber)
    .promise;
  if (!solution) throw new ApiError(0, 'CHALLENGE', 'challenge not solved');
  return btoa(
    JSON.stringify({
      algorithm: challenge.algorithm,
      challenge: challenge.challenge,
      number: solution.number,
      salt: challenge.salt,
      signature: challenge.signature,
    }),
  );
}

export type PortalRequestValues = {
  name: string;
  phone: string;
  serialNo?: string;
  product?: string;
  description: string;
  photos: File[];
};

/** Multipart: the fields, the solved challenge and up to 3 photos. */
async function submitRequest(values: PortalRequestValues): Promise<{ ticketNumber: string }> {
  const form = new FormData();
  for (const key of ['name', 'phone', 'serialNo', 'product', 'description'] as const) {
    const value = values[key];
    if (value) form.append(key, value);
  }
  form.append('altcha', await solvePortalChallenge());
  for (const photo of values.photos) form.append('photos', photo, photo.name);
  return portalRequest<{ ticketNumber: string }>('POST', '/api/portal/requests', form);
}

export function useSubmitPortalRequest() {
  return useMutation({ mutationFn: (values: PortalRequestValues) => submitRequest(values) });
}

export function useTrackRequest() {
  return useMutation({
    mutationFn: (input: { number: string; phone: string }) => api.post<PortalTracking>('/api/portal/track', input),
  });
}

export function useSendCode() {
  return useMutation({ mutationFn: (phone: string) => api.post<{ ok: true }>('/api/portal/codes', { phone }) });
}

export function useVerifyCode() {
  return useMutation({
    mutationFn: (input: { phone: string; code: string }) =>
      api.post<{ ok: true; expiresAt: string }>('/api/portal/session', input),
  });
}

export function usePortalEquipment(enabled: boolean) {
  return useQuery({
    queryKey: ['portal', 'equipment'],
    queryFn: () => api.get<{ verified: boolean; items: PortalUnit[] }>('/api/portal/equipment'),
    enabled,
    retry: false,
  });
}

export function useEndPortalSession() {
  return useMutation({ mutationFn: () => api.post<{ ok: true }>('/api/portal/session/end') });
}
