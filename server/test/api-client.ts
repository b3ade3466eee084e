/** A small HTTP client for tests: keeps the session cookie and sends the CSRF token on writes. */
export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

export class ApiClient {
  private cookie = '';
  csrfToken = '';
  language = 'zh-CN';
  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { 'accept-language': this.language, ...extraHeaders };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(this.baseUrl + path, { method, headers, body: payload, redirect: 'manual' });
    const setCookie = response.headers.getSetCookie();
    for (const cookie of setCookie) {
      const [pair] = cookie.split(';');
      if (pair.startsWith('aftercare.sid=')) this.cookie = pair;
    }
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('application/json')
      ? await response.json()
      : Buffer.from(await response.arrayBuffer());
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get = <T = any>(path: string) => this.request<T>('GET', path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>('POST', path, body ?? {});
  put = <T = any>(path: string, body?: unknown) => this.request<T>('PUT', path, body ?? {});
  patch = <T = any>(path: string, body?: unknown) => this.request<T>('PATCH', path, body ?? {});
  delete = <T = any>(path: string) => this.request<T>('DELETE', path);

  async signIn(login: string, password: string) {
    const response = await this.post('/api/auth/sign-in', { login, password });
    if (response.status !== 200)
      throw new Error(`sign-in as ${login} failed: ${response.status} ${JSON.stringify(response.body)}`);
    this.csrfToken = response.body.csrfToken;
    return response;
  }

  /** Upload a file as multipart field `file`. */
  upload<T = any>(path: string, filename: string, content: Buffer | string, type = 'application/octet-stream') {
    const form = new FormData();
    form.append(
      'file',
      new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type }),
      filename,
    );
    return this.request<T>('POST', path, form);
  }
}
