/**
 * Model-based property test of the stock core (PRT-3) against a real database: random sequences of
 * receipts, reservations and releases, issues (reserved and unreserved), returns, defective
 * bookings, scraps, stocktake-like adjustments and transfers (ship over HTTP, then receive or
 * cancel). After every step, for every warehouse, part and condition: on-hand equals the sum of the
 * ledger's quantities, reserved equals the sum of its reserved deltas, nothing is negative, and both
 * equal an in-memory model. A step the model refuses must be refused with 409 and change nothing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../lib/app-error.js';
import type { ApiClient } from '../../test/api-client.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createPart, userIdOf, warehouseOf } from './parts-fixtures.js';
import { type Movement, postMovement } from './stock-ledger.js';

let t: TestApp;
let admin: ApiClient;
let actorId: number;
let warehouseIds: number[];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.client('admin');
  actorId = await userIdOf(t.db, 'admin');
  warehouseIds = [(await warehouseOf(t.db, 'BJ')).id, (await warehouseOf(t.db, 'SH')).id];
});
afterAll(() => t.close());

type Condition = 'good' | 'defective';
type Balance = { onHand: number; reserved: number };

type Step =
  | {
      type: 'move';
      kind: Movement['kind'];
      w: number;
      p: number;
      condition: Condition;
      quantity: number;
      reservedDelta: number;
    }
  | { type: 'adjust'; w: number; p: number; counted: number }
  | { type: 'ship'; from: number; p: number; n: number }
  | { type: 'settle'; index: number; receive: boolean };

const w = fc.integer({ min: 0, max: 1 });
const p = fc.integer({ min: 0, max: 1 });
const n = fc.integer({ min: 1, max: 6 });
const move = (kind: Movement['kind'], sign: (n: number) => [number, number], condition: Condition = 'good') =>
  fc.record({ w, p, n }).map(
    ({ w, p, n }): Step => ({
      type: 'move',
      kind,
      w,
      p,
      condition,
      quantity: sign(n)[0],
      reservedDelta: sign(n)[1],
    }),
  );

const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: move('receipt', (n) => [n, 0]), weight: 7 },
  { arbitrary: move('reserve', (n) => [0, n]), weight: 3 },
  { arbitrary: move('unreserve', (n) => [0, -n]), weight: 2 },
  { arbitrary: move('issue', (n) => [-n, -n]), weight: 2 }, // issuing what was reserved
  { arbitrary: move('issue', (n) => [-n, 0]), weight: 2 }, // a direct issue from available stock
  { arbitrary: move('return', (n) => [n, 0]), weight: 1 },
  { arbitrary: move('defective_in', (n) => [n, 0], 'defective'), weight: 1 },
  { arbitrary: move('scrap', (n) => [-n, 0], 'defective'), weight: 1 },
  { arbitrary: move('scrap', (n) => [-n, 0]), weight: 1 },
  {
    arbitrary: fc
      .record({ w, p, counted: fc.integer({ min: 0, max: 12 }) })
      .map((s): Step => ({ type: 'adjust', ...s })),
    weight: 1,
  },
  { arbitrary: fc.record({ from: w, p, n }).map((s): Step => ({ type: 'ship', ...s })), weight: 3 },
  {
    arbitrary: fc.record({ index: fc.nat(5), receive: fc.boolean() }).map((s): Step => ({ type: 'settle', ...s })),
    weight: 3,
  },
);

/** The rules of the model, written independently of stock.rules.ts. */
function allowed(before: Balance, quantity: number, reservedDelta: number): Balance | null {
  const next = { onHand: before.onHand + quantity, reserved: before.reserved + reservedDelta };
  if (next.onHand < 0 || next.reserved < 0 || next.reserved > next.onHand) return null;
  return next;
}

describe('stock model', () => {
  it('keeps stock equal to the ledger and to the model, never negative, through random movements', async () => {
    const tally = { accepted: 0, refused: 0, shipped: 0, settled: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 30, size: 'max' }), async (steps) => {
        const parts = await Promise.all([0, 1].map(() => createPart(t.db)));
        const partIds = parts.map((part) => part.id);
        const model = new Map<string, Balance>();
        const key = (wi: number, pi: number, c: Condition) => `${warehouseIds[wi]}:${partIds[pi]}:${c}`;
        const get = (k: string) => model.get(k) ?? { onHand: 0, reserved: 0 };
        const open: { id: number; from: number; to: number; p: number; n: number }[] = [];

        async function snapshot() {
          return t.query<{ k: string; on_hand: number; reserved: number; q: number; r: number }>(
            `select s.warehouse_id || ':' || s.part_id || ':' || s.condition as k, s.on_hand, s.reserved,
                    coalesce(l.q, 0)::int as q, coalesce(l.r, 0)::int as r
               from stock s left join (select warehouse_id, part_id, condition, sum(quantity) q, sum(reserved_delta) r
                                         from stock_ledger where part_id = any($1) group by 1, 2, 3) l
                 using (warehouse_id, part_id, condition)
              where s.part_id = any($1) order by 1`,
            [partIds],
          );
        }

        async function check() {
          const rows = await snapshot();
          for (const row of rows) {
            expect(row.on_hand, row.k).toBe(row.q);
            expect(row.reserved, row.k).toBe(row.r);
            expect(row.on_hand).toBeGreaterThanOrEqual(0);
            expect(row.reserved).toBeGreaterThanOrEqual(0);
            expect(row.reserved).toBeLessThanOrEqual(row.on_hand);
            expect({ onHand: row.on_hand, reserved: row.reserved }, row.k).toEqual(get(row.k));
          }
          for (const [k, balance] of model) {
            if (balance.onHand !== 0 || balance.reserved !== 0) expect(rows.map((r) => r.k)).toContain(k);
          }
          return rows;
        }

        /** Runs a movement the model decided on: it must succeed, or be refused with 409 and change nothing. */
        async function attempt(expected: Balance | null, run: () => Promise<unknown>) {
          const before = await snapshot();
          let refused: unknown = null;
          try {
            await run();
          } catch (error) {
            refused = error;
          }
          if (expected === null) {
            tally.refused++;
            expect(refused, 'the model refuses this step').toBeInstanceOf(AppError);
            expect((refused as AppError).status).toBe(409);
            expect(await snapshot()).toEqual(before);
          } else if (refused) {
            throw refused;
          } else tally.accepted++;
        }

        for (const s of steps) {
          if (s.type === 'move' || s.type === 'adjust') {
            const condition = s.type === 'move' ? s.condition : 'good';
            const k = key(s.w, s.p, condition);
            const before = get(k);
            const quantity = s.type === 'move' ? s.quantity : s.counted - before.onHand;
            const reservedDelta = s.type === 'move' ? s.reservedDelta : 0;
            if (quantity === 0 && reservedDelta === 0) continue;
            const expected = allowed(before, quantity, reservedDelta);
            await attempt(expected, () =>
              t.db.transaction((tx) =>
                postMovement(tx, {
                  kind: s.type === 'move' ? s.kind : 'adjustment',
                  warehouseId: warehouseIds[s.w],
                  partId: partIds[s.p],
                  condition,
                  quantity,
                  reservedDelta,
                  at: new Date(),
                  actorId,
                }),
              ),
            );
            if (expected) model.set(k, expected);
          } else if (s.type === 'ship') {
            const k = key(s.from, s.p, 'good');
            const expected = allowed(get(k), -s.n, 0);
            const before = await snapshot();
            const response = await admin.post('/api/transfers', {
              fromWarehouseId: warehouseIds[s.from],
              toWarehouseId: warehouseIds[1 - s.from],
              lines: [{ partId: partIds[s.p], quantity: s.n }],
            });
            if (expected === null) {
              expect(response.status).toBe(409);
              expect(await snapshot()).toEqual(before);
            } else {
              expect(response.status, JSON.stringify(response.body)).toBe(200);
              tally.shipped++;
              model.set(k, expected);
              open.push({ id: response.body.id, from: s.from, to: 1 - s.from, p: s.p, n: s.n });
            }
          } else if (open.length > 0) {
            const [transfer] = open.splice(s.index % open.length, 1);
            const response = await admin.post(`/api/transfers/${transfer.id}/${s.receive ? 'receive' : 'cancel'}`, {
              version: 1,
            });
            expect(response.status, JSON.stringify(response.body)).toBe(200);
            tally.settled++;
            const k = key(s.receive ? transfer.to : transfer.from, transfer.p, 'good');
            model.set(k, allowed(get(k), transfer.n, 0)!);
          }
          await check();
        }
        // Stock still in transit is on no shelf: the ledger of the open transfers explains the gap.
        const shippedOut = open.reduce((sum, transfer) => sum + transfer.n, 0);
        const [{ net }] = await t.query<{ net: number }>(
          `select coalesce(sum(quantity), 0)::int as net from stock_ledger where part_id = any($1) and kind like 'transfer%'`,
          [partIds],
        );
        expect(net + shippedOut).toBe(0);
      }),
      { numRuns: 25 },
    );
    // The random sequences exercised both sides: movements that went through and ones refused.
    expect(tally.accepted).toBeGreaterThan(50);
    expect(tally.refused).toBeGreaterThan(10);
    expect(tally.shipped).toBeGreaterThan(5);
    expect(tally.settled).toBeGreaterThan(1);
  }, 240_000);
});
