/**
 * Service records are quality records: every write the API acknowledged survives a kill -9 of the
 * app, the next start recovers by itself, and no database process is left behind.
 */
import fs from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../server/test/api-client.js';
import { type AppProcess, createDataDir, databasePid, postgresProcessesFor, startApp } from './app-process.js';

let dataDir: string;
const running: AppProcess[] = [];

afterAll(async () => {
  for (const app of running) if (app.child.exitCode === null) await app.stop();
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

describe('durability and recovery of the embedded database', () => {
  it('keeps every acknowledged write across kill -9 and leaves no orphaned database process', async () => {
    dataDir = await createDataDir();
    const first = await startApp({ dataDir });
    running.push(first);
    const client = new ApiClient(first.baseUrl);
    await client.signIn('agent.bj', 'Demo2026');
    const stations = await client.get('/api/stations');
    const bj = stations.body.items.find((s: { code: string }) => s.code === 'BJ').id;

    const created: number[] = [];
    for (let index = 0; index < 20; index++) {
      const response = await client.post('/api/customers', {
        kind: 'person',
        name: `持久客户${index}`,
        stationId: bj,
        phone: `1390000${String(index).padStart(4, '0')}`,
      });
      expect(response.status).toBe(200);
      created.push(response.body.id);
    }
    const updated = await client.put(`/api/customers/${created[0]}`, {
      kind: 'person',
      name: '持久客户改名',
      stationId: bj,
      version: 1,
      contacts: [],
    });
    expect(updated.status).toBe(200);

    const orphan = databasePid(dataDir);
    expect(orphan).toBeDefined();
    await first.kill();
    // The app is gone; its database server is still running (detached) until the next start takes it over.
    expect(databasePid(dataDir)).toBe(orphan);

    const second = await startApp({ dataDir });
    running.push(second);
    expect(second.output()).toMatch(/reusing it/);
    const again = new ApiClient(second.baseUrl);
    await again.signIn('agent.bj', 'Demo2026');
    for (const id of created.slice(1)) expect((await again.get(`/api/customers/${id}`)).status).toBe(200);
    const renamed = await again.get(`/api/customers/${created[0]}`);
    expect(renamed.body.name).toBe('持久客户改名');
    expect(renamed.body.version).toBe(2);
    // Demo data was loaded once, not again on the second start.
    const admin = new ApiClient(second.baseUrl);
    await admin.signIn('admin', 'Demo2026');
    const list = await admin.get('/api/customers?pageSize=1&active=all');
    expect(list.body.total).toBe(200 + 20);

    expect(await second.stop()).toBe(0);
    expect(await postgresProcessesFor(dataDir)).toEqual([]);
    expect(databasePid(dataDir)).toBeUndefined();
  });

  it('starts again after a clean stop with the data intact', async () => {
    const third = await startApp({ dataDir });
    running.push(third);
    const client = new ApiClient(third.baseUrl);
    await client.signIn('admin', 'Demo2026');
    expect((await client.get('/api/customers?q=%E6%8C%81%E4%B9%85&pageSize=50&active=all')).body.total).toBe(20);
    expect(await third.stop()).toBe(0);
    expect(await postgresProcessesFor(dataDir)).toEqual([]);
  });
});
