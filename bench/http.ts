/** A minimal HTTP client over one keep-alive connection, signed in with the session cookie (and its CSRF token for writes). */
import http from 'node:http';

export type HttpResponse = { status: number; body: string };

export type Client = {
  get(path: string): Promise<HttpResponse>;
  /** A JSON POST with the session's CSRF token. */
  post(path: string, body: unknown): Promise<HttpResponse>;
  /** Time of one GET in ms, from sending the request to the end of the body; throws unless 200. */
  time(path: string): Promise<number>;
};

function send(
  agent: http.Agent,
  url: URL,
  method: string,
  headers: http.OutgoingHttpHeaders,
  body?: string,
): Promise<HttpResponse & { headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

export async function signIn(baseUrl: string, login: string, password: string): Promise<Client> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const body = JSON.stringify({ login, password });
  const response = await send(
    agent,
    new URL('/api/auth/sign-in', baseUrl),
    'POST',
    {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    },
    body,
  );
  const cookie = response.headers['set-cookie']?.find((c) => c.startsWith('aftercare.sid='))?.split(';')[0];
  if (response.status !== 200 || !cookie)
    throw new Error(`sign-in as ${login} failed: ${response.status} ${response.body}`);
  const { csrfToken } = JSON.parse(response.body) as { csrfToken: string };
  const get = (path: string) => send(agent, new URL(path, baseUrl), 'GET', { cookie });
  return {
    get,
    post(path, payload) {
      const text = JSON.stringify(payload);
      return send(
        agent,
        new URL(path, baseUrl),
        'POST',
        {
          cookie,
          'x-csrf-token': csrfToken,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        },
        text,
      );
    },
    async time(path) {
      const started = performance.now();
      const result = await get(path);
      const elapsed = performance.now() - started;
      if (result.status !== 200) throw new Error(`GET ${path} answered ${result.status}: ${result.body.slice(0, 300)}`);
      return elapsed;
    },
  };
}
