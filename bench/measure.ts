/** The latency cases: each is a list of URLs, requested in turn over HTTP as one signed-in user. */
import type { Samples } from './data.js';
import type { Client } from './http.js';

export type Stats = { samples: number; p50: number; p95: number; max: number; mean: number };
export type CaseResult = Stats & {
  name: string;
  user: string;
  /** p95 target in ms; none for reference figures. */
  targetMs?: number;
  /** For searches: each query's median time and how many records it matched. */
  queries?: Record<string, { p50: number; total: number }>;
};

const round = (ms: number) => Math.round(ms * 10) / 10;

export function stats(times: number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  const mean = sorted.reduce((sum, t) => sum + t, 0) / sorted.length;
  return {
    samples: sorted.length,
    p50: round(rank(0.5)),
    p95: round(rank(0.95)),
    max: round(rank(1)),
    mean: round(mean),
  };
}

// Fragments people type: common surnames and given names, company name parts, cities.
const oneChar = ['王', '张', '李', '陈', '刘', '周', '龚', '覃', '娜', '磊'];
const twoChars = ['张伟', '李娜', '王芳', '陈静', '华能', '机械', '科技', '深圳', '国信', '志强'];
const threePlus = ['王建国', '李晓东', '电子科技', '精密仪器', '苏州恒泰', '广州远大物流', '股份有限'];

/** URLs requested in turn; `search`: also report each query's median and match count (`total`). */
export type Case = { name: string; paths: string[]; targetMs?: number; search?: boolean };

function cases(samples: Samples): Case[] {
  const search = (q: string) => `/api/customers?q=${encodeURIComponent(q)}&pageSize=20`;
  // The last 4, 5 and 6 digits of real phone numbers, in turn.
  const digits = samples.phones.map((phone, i) => phone.replace(/\D/g, '').slice(-(4 + (i % 3))));
  return [
    { name: 'customer search, 1 character', paths: oneChar.map(search), targetMs: 50, search: true },
    { name: 'customer search, 2 characters', paths: twoChars.map(search), targetMs: 50, search: true },
    { name: 'customer search, 3+ characters', paths: threePlus.map(search), targetMs: 50, search: true },
    { name: 'customer search, phone 4–6 digits', paths: digits.map(search), targetMs: 50, search: true },
    {
      name: 'equipment by serial (/by-serial/:serialNo)',
      paths: samples.serials.map((s) => `/api/equipment/by-serial/${encodeURIComponent(s)}`),
      targetMs: 10,
    },
    {
      name: 'equipment by serial (?serialNo=)',
      paths: samples.serials.map((s) => `/api/equipment?serialNo=${encodeURIComponent(s)}&pageSize=20`),
      targetMs: 10,
    },
    { name: 'customers, first page (no filter)', paths: ['/api/customers?pageSize=20'] },
    { name: 'equipment, first page (no filter)', paths: ['/api/equipment?pageSize=20'] },
  ];
}

export type Timing = { warmup: number; samples: number };

export function measureAll(client: Client, user: string, samples: Samples, options: Timing): Promise<CaseResult[]> {
  return runCases(client, user, cases(samples), options);
}

/** Each case: `warmup` untimed requests, then `samples` timed ones, cycling through its paths. */
export async function runCases(client: Client, user: string, list: Case[], options: Timing): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const item of list) {
    const byPath = new Map<string, number[]>(item.paths.map((path) => [path, []]));
    for (let i = 0; i < options.warmup; i++) await client.time(item.paths[i % item.paths.length]);
    const times: number[] = [];
    for (let i = 0; i < options.samples; i++) {
      const path = item.paths[i % item.paths.length];
      const ms = await client.time(path);
      times.push(ms);
      byPath.get(path)!.push(ms);
    }
    const result: CaseResult = { name: item.name, user, targetMs: item.targetMs, ...stats(times) };
    if (item.search) {
      result.queries = {};
      for (const [path, pathTimes] of byPath) {
        if (pathTimes.length === 0) continue;
        const q = new URL(path, 'http://x').searchParams.get('q')!;
        const total = (JSON.parse((await client.get(path)).body) as { total: number | null }).total ?? -1;
        result.queries[q] = { p50: stats(pathTimes).p50, total };
      }
    }
    results.push(result);
    const verdict = item.targetMs === undefined ? '' : result.p95 <= item.targetMs ? ' ok' : ' MISSED';
    console.log(`  ${user.padEnd(8)} ${item.name}: p50 ${result.p50} p95 ${result.p95} max ${result.max} ms${verdict}`);
  }
  return results;
}
