/**
 * npm run bench:business-time [-- --count N --rounds N]
 *
 * Deadline computations per second of the business-time engine (SLA-3; target ≥ 200,000/s in one
 * process): random receipt instants over 2025–2026 in Beijing time, 2 h / 24 h / 72 h of business
 * time, 0–2 pauses, on the default calendars with the official 2025–2026 holidays. Each scenario
 * reports the first pass on a freshly compiled calendar (day cache empty) and the median and best of
 * the following passes. Prints JSON and writes bench/out/business-time.json.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  addBusinessTime,
  businessTimeBetween,
  type CalendarDefinition,
  type CompiledCalendar,
  clockLedger,
  compileCalendar,
  type PauseInterval,
  type WorkingWindow,
} from '../server/modules/sla/business-time.rules.js';
import { chinaStatutoryDates } from '../server/modules/sla/holidays-cn.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: process.env.BENCH_COUNT ?? '200000' },
    rounds: { type: 'string', default: process.env.BENCH_ROUNDS ?? '7' },
    seed: { type: 'string', default: '20260215' },
  },
});
const count = Number(args.count);
const rounds = Number(args.rounds);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Deterministic inputs (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const window = (start: string, end: string): WorkingWindow => {
  const minutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));
  return { start: minutes(start), end: minutes(end) };
};
const definition = (timeZone: string, windows: WorkingWindow[], alwaysOpen = false): CalendarDefinition => ({
  timeZone,
  alwaysOpen,
  weekly: [windows, windows, windows, windows, windows, [], []],
  ...(timeZone === 'Asia/Shanghai' ? chinaStatutoryDates() : { holidays: [], makeUpDays: [] }),
});
const twoWindows = definition('Asia/Shanghai', [window('08:30', '12:00'), window('13:30', '17:30')]);
const oneWindow = definition('Asia/Shanghai', [window('08:30', '17:30')]);
const alwaysOpen = definition('Asia/Shanghai', [window('00:00', '24:00')], true);
const newYork = definition('America/New_York', [window('09:00', '17:00')]);

type Input = { start: number; duration: number; end: number; pauses: PauseInterval[] | undefined };

function makeInputs(seed: number, durations: readonly number[], maxPauses: number): Input[] {
  const next = random(seed);
  const from = Date.UTC(2025, 0, 1) - 8 * HOUR;
  const span = Date.UTC(2027, 0, 1) - 8 * HOUR - from - 30 * DAY;
  return Array.from({ length: count }, (_, index) => {
    const start = from + Math.floor(next() * span);
    const pauseCount = Math.floor(next() * (maxPauses + 1));
    const pauses: PauseInterval[] = [];
    for (let p = 0; p < pauseCount; p++) {
      const pauseStart = start + Math.floor(next() * 5 * DAY);
      pauses.push({
        start: pauseStart,
        end: pauseStart + 10 * MINUTE + Math.floor(next() * 2 * DAY),
        reason: 'customer',
      });
    }
    return {
      start,
      duration: durations[index % durations.length],
      end: start + Math.floor(next() * 10 * DAY),
      pauses: pauses.length > 0 ? pauses : undefined,
    };
  });
}

type Operation = (calendar: CompiledCalendar, input: Input) => number;
const add: Operation = (calendar, input) => addBusinessTime(calendar, input.start, input.duration, input.pauses);
const between: Operation = (calendar, input) => businessTimeBetween(calendar, input.start, input.end, input.pauses);
const ledger: Operation = (calendar, input) =>
  clockLedger(calendar, input.start, input.start + 3 * DAY, input.pauses).length;

let sink = 0;
function pass(calendar: CompiledCalendar, inputs: readonly Input[], operation: Operation): number {
  const started = process.hrtime.bigint();
  for (const input of inputs) {
    const result = operation(calendar, input);
    if (Number.isFinite(result)) sink += result % 7;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return Math.round(inputs.length / seconds);
}

function scenario(name: string, source: CalendarDefinition, inputs: readonly Input[], operation: Operation) {
  const calendar = compileCalendar(source);
  const coldPerSecond = pass(calendar, inputs, operation);
  const perSecond = Array.from({ length: rounds }, () => pass(calendar, inputs, operation)).sort((a, b) => a - b);
  const result = {
    name,
    computations: inputs.length,
    coldPerSecond,
    medianPerSecond: perSecond[Math.floor(perSecond.length / 2)],
    bestPerSecond: perSecond[perSecond.length - 1],
  };
  console.error(
    `${name}: median ${result.medianPerSecond.toLocaleString('en')}/s (cold ${coldPerSecond.toLocaleString('en')}/s)`,
  );
  return result;
}

const seed = Number(args.seed);
const mixed = [2 * HOUR, 24 * HOUR, 72 * HOUR];
const withPauses = makeInputs(seed, mixed, 2);
const scenarios = [
  scenario('add 2/24/72 h, 08:30–12:00 + 13:30–17:30, CN holidays, 0–2 pauses', twoWindows, withPauses, add),
  scenario('add 2/24/72 h, 08:30–17:30, CN holidays, 0–2 pauses', oneWindow, withPauses, add),
  scenario('add 2 h, 08:30–12:00 + 13:30–17:30, no pauses', twoWindows, makeInputs(seed + 1, [2 * HOUR], 0), add),
  scenario('add 24 h, 08:30–12:00 + 13:30–17:30, no pauses', twoWindows, makeInputs(seed + 2, [24 * HOUR], 0), add),
  scenario('add 72 h, 08:30–12:00 + 13:30–17:30, no pauses', twoWindows, makeInputs(seed + 3, [72 * HOUR], 0), add),
  scenario('add 2/24/72 h, 7×24, 0–2 pauses', alwaysOpen, withPauses, add),
  scenario('add 2/24/72 h, America/New_York 09:00–17:00 (DST), 0–2 pauses', newYork, withPauses, add),
  scenario(
    'businessTimeBetween over 0–10 days, 08:30–12:00 + 13:30–17:30, 0–2 pauses',
    twoWindows,
    withPauses,
    between,
  ),
  scenario(
    'clockLedger over 3 days, 08:30–12:00 + 13:30–17:30, 0–2 pauses',
    twoWindows,
    withPauses.slice(0, Math.min(count, 50_000)),
    ledger,
  ),
];

const output = {
  benchmark: 'business-time',
  target: '≥ 200,000 deadline computations per second in one process',
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    node: process.version,
  },
  scenarios,
  checksum: sink,
};
const outDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');
await fs.mkdir(outDirectory, { recursive: true });
await fs.writeFile(path.join(outDirectory, 'business-time.json'), `${JSON.stringify(output, null, 2)}\n`);
console.log(JSON.stringify(output, null, 2));
