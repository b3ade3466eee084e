import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('health and API description', () => {
  it('reports the database status', async () => {
    const client = await t.client();
    const response = await client.get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(response.body.database.ok).toBe(true);
  });

  it('serves the OpenAPI description with every route', async () => {
    const client = await t.client();
    const response = await client.get('/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(Object.keys(response.body.paths)).toContain('/api/customers/{id}');
    const docs = await client.get('/api/docs');
    expect([200, 302]).toContain(docs.status);
  });
});
