/**
 * The one way the web app talks to the server: JSON over fetch with the session cookie, the CSRF
 * token on writes, the UI language in Accept-Language, and every error body turned into ApiError.
 */

export type FieldError = { field: string; message: string };
export type ErrorBody = {
  error: { code: string; message: string; fields?: FieldError[]; details?: Record<string, unknown> };
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  readonly details: Record<string, unknown> | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    fields: FieldError[] = [],
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.details = details;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let acceptLanguage = 'zh-CN';
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function setApiLanguage(locale: string): void {
  acceptLanguage = locale;
}
/** Called on any 401 outside the auth endpoints: the session is gone, so the app returns to sign-in. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

/** `?a=1&b=x` from the defined, non-empty values. */
export function toQueryString(params: QueryParams | undefined): string {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function headersFor(method: string, extra?: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': acceptLanguage, ...extra };
  if (unsafeMethods.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  return headers;
}

async function errorFrom(response: Response, path: string): Promise<ApiError> {
  let body: Partial<ErrorBody> | null = null;
  try {
    body = (await response.json()) as Partial<ErrorBody>;
  } catch {
    body = null;
  }
  const error = body?.error;
  const apiError = new ApiError(
    response.status,
    error?.code ?? (response.status >= 500 ? 'INTERNAL' : 'HTTP_ERROR'),
    error?.message ?? `${response.status} ${response.statusText}`,
    error?.fields ?? [],
    error?.details,
  );
  if (response.status === 401 && !path.startsWith('/api/auth/')) onUnauthenticated?.();
  return apiError;
}

async function send(method: string, path: string, init: RequestInit & { headers?: Record<string, string> }) {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      method,
      credentials: 'same-origin',
      headers: headersFor(method, init.headers),
    });
  } catch (cause) {
    if ((cause as Error).name === 'AbortError') throw cause;
    throw new ApiError(
      0,
      'NETWORK',
      acceptLanguage === 'en-US' ? 'Cannot reach the server' : '无法连接服务器，请检查网络',
    );
  }
  if (!response.ok) throw await errorFrom(response, path);
  return response;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: { query?: QueryParams; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const url = `${path}${toQueryString(options.query)}`;
  const hasBody = options.body !== undefined;
  const response = await send(method, url, {
    signal: options.signal,
    headers: hasBody ? { 'Content-Type': 'application/json' } : undefined,
    body: hasBody ? JSON.stringify(options.body) : undefined,
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: QueryParams) => request<T>('POST', path, { body: body ?? {}, query }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** Multipart upload (one `file` field), e.g. spreadsheet imports. */
export async function uploadFile<T>(
  path: string,
  file: File | Blob,
  query?: QueryParams,
  fileName?: string,
): Promise<T> {
  const form = new FormData();
  form.append('file', file, fileName ?? (file instanceof File ? file.name : 'upload'));
  const response = await send('POST', `${path}${toQueryString(query)}`, { body: form });
  return (await response.json()) as T;
}

function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const encoded = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition);
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : fallback;
}

/** Downloads a file answered by GET `path` and saves it under the server's file name. */
export async function downloadFile(path: string, query: QueryParams | undefined, fallbackName: string): Promise<void> {
  const response = await send('GET', `${path}${toQueryString(query)}`, { headers: { Accept: '*/*' } });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameFrom(response.headers.get('content-disposition'), fallbackName);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
