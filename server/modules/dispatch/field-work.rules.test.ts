import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../lib/app-error.js';
import {
  assertVisitAction,
  compareTaskUrgency,
  nextTaskStep,
  partsTables,
  pathToWorkStatus,
  type TaskUrgencyFacts,
  ticketStatusAfterCheckOut,
  type VisitAction,
  type VisitStatus,
  visitStatuses,
} from './field-work.rules.js';

const statusOf = (run: () => void) => {
  try {
    run();
    return 200;
  } catch (error) {
    return (error as AppError).status;
  }
};

describe('visit steps', () => {
  const table: [VisitAction, VisitStatus[]][] = [
    ['start_travel', ['planned']],
    ['check_in', ['planned', 'travelling']],
    ['start_work', ['on_site']],
    ['edit_record', ['planned', 'travelling', 'on_site']],
    ['sign', ['on_site']],
    ['check_out', ['on_site']],
    ['cancel', ['planned', 'travelling']],
  ];
  for (const [action, allowed] of table) {
    for (const status of visitStatuses) {
      const expected = allowed.includes(status) ? 200 : 409;
      it(`${action} from ${status} → ${expected}`, () => {
        expect(statusOf(() => assertVisitAction(status, action))).toBe(expected);
      });
    }
  }

  it('a second check-in says so', () => {
    expect(() => assertVisitAction('on_site', 'check_in')).toThrow(/already checked in/);
  });
});

describe('check-out', () => {
  it.each([
    ['done', undefined, 'resolved'],
    ['done', 'waiting_parts', 'resolved'],
    ['not_done', 'waiting_parts', 'waiting_parts'],
    ['not_done', 'waiting_customer', 'waiting_customer'],
    ['not_done', 'in_progress', 'in_progress'],
  ] as const)('%s / %s → %s', (result, next, expected) => {
    expect(ticketStatusAfterCheckOut(result, next)).toBe(expected);
  });

  it('needs a result, and a next status when not done (400 naming the field)', () => {
    for (const [result, field] of [
      [null, 'result'],
      ['not_done', 'nextStatus'],
    ] as const) {
      try {
        ticketStatusAfterCheckOut(result, null);
        expect.fail('should throw');
      } catch (error) {
        expect((error as AppError).status).toBe(400);
        expect((error as AppError).fields?.[0].field).toBe(field);
      }
    }
  });

  it.each([
    ['on_site', 'resolved', ['in_progress', 'resolved']],
    ['in_progress', 'resolved', ['resolved']],
    ['in_progress', 'in_progress', []],
    ['on_site', 'in_progress', ['in_progress']],
    ['in_progress', 'waiting_parts', ['waiting_parts']],
  ])('from %s to %s passes %j', (from, to, path) => {
    expect(pathToWorkStatus(from, to)).toEqual(path);
  });
});

describe('next task step', () => {
  it.each([
    [
      { assignmentStatus: 'offered', ticketStatus: 'assigned', serviceMode: 'on_site', openVisitStatus: null },
      'accept',
    ],
    [
      { assignmentStatus: 'accepted', ticketStatus: 'accepted', serviceMode: 'on_site', openVisitStatus: null },
      'start_travel',
    ],
    [
      { assignmentStatus: 'accepted', ticketStatus: 'accepted', serviceMode: 'on_site', openVisitStatus: 'planned' },
      'start_travel',
    ],
    [
      { assignmentStatus: 'accepted', ticketStatus: 'en_route', serviceMode: 'on_site', openVisitStatus: 'travelling' },
      'check_in',
    ],
    [
      { assignmentStatus: 'accepted', ticketStatus: 'on_site', serviceMode: 'on_site', openVisitStatus: 'on_site' },
      'start_work',
    ],
    [
      { assignmentStatus: 'accepted', ticketStatus: 'in_progress', serviceMode: 'on_site', openVisitStatus: 'on_site' },
      'record',
    ],
    [
      { assignmentStatus: 'accepted', ticketStatus: 'waiting_parts', serviceMode: 'on_site', openVisitStatus: null },
      'waiting',
    ],
    [
      { assignmentStatus: 'accepted', ticketStatus: 'in_progress', serviceMode: 'on_site', openVisitStatus: null },
      'start_travel',
    ],
    [
      { assignmentStatus: 'accepted', ticketStatus: 'accepted', serviceMode: 'remote', openVisitStatus: null },
      'work_remotely',
    ],
    [
      { assignmentStatus: 'accepted', ticketStatus: 'in_progress', serviceMode: 'send_in', openVisitStatus: null },
      'work_remotely',
    ],
    [
      { assignmentStatus: 'accepted', ticketStatus: 'resolved', serviceMode: 'on_site', openVisitStatus: null },
      'finished',
    ],
    [
      { assignmentStatus: 'withdrawn', ticketStatus: 'assigned', serviceMode: 'on_site', openVisitStatus: null },
      'finished',
    ],
  ] as const)('%j → %s', (input, step) => {
    expect(nextTaskStep(input)).toBe(step);
  });
});

describe('task urgency', () => {
  const task = (overrides: Partial<TaskUrgencyFacts>): TaskUrgencyFacts => ({
    isBreached: false,
    nextDueAt: null,
    faultLevel: 3,
    assignedAt: new Date('2026-03-01T00:00:00Z'),
    id: 1,
    ...overrides,
  });

  it('breached first, then nearest due, then level, then oldest', () => {
    const tasks = [
      task({ id: 1, faultLevel: 1 }),
      task({ id: 2, nextDueAt: new Date('2026-03-02T00:00:00Z') }),
      task({ id: 3, isBreached: true, nextDueAt: new Date('2026-03-01T00:00:00Z') }),
      task({ id: 4, nextDueAt: new Date('2026-03-01T12:00:00Z'), faultLevel: 4 }),
      task({ id: 5, faultLevel: 2 }),
      task({ id: 6, faultLevel: 2, assignedAt: new Date('2026-02-28T00:00:00Z') }),
    ];
    expect(tasks.sort(compareTaskUrgency).map((t) => t.id)).toEqual([3, 4, 2, 1, 6, 5]);
  });

  it('is a total order (antisymmetric, transitive on samples)', () => {
    const arbitrary = fc.record({
      isBreached: fc.boolean(),
      nextDueAt: fc.option(fc.date({ min: new Date('2026-01-01'), max: new Date('2026-12-31'), noInvalidDate: true })),
      faultLevel: fc.integer({ min: 1, max: 4 }),
      assignedAt: fc.date({ min: new Date('2026-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }),
      id: fc.integer({ min: 1, max: 1000 }),
    });
    fc.assert(
      fc.property(arbitrary, arbitrary, arbitrary, (a, b, c) => {
        expect(Math.sign(compareTaskUrgency(a, b))).toBe(-Math.sign(compareTaskUrgency(b, a)));
        if (compareTaskUrgency(a, b) <= 0 && compareTaskUrgency(b, c) <= 0) {
          expect(compareTaskUrgency(a, c)).toBeLessThanOrEqual(0);
        }
      }),
    );
  });
});

describe('parts tables of the repair record', () => {
  it('splits warranty parts from customer-bought parts and totals the latter in fen', () => {
    const tables = partsTables([
      { name: '主板', quantity: 1, kind: 'warranty' },
      { name: '电源模块', quantity: 2, kind: 'customer_bought', unitPriceFen: 12_050 },
      { name: '网线', quantity: 1.5, kind: 'customer_bought', unitPriceFen: 300 },
    ]);
    expect(tables.warranty).toEqual([{ name: '主板', quantity: 1 }]);
    expect(tables.bought.map((p) => p.totalFen)).toEqual([24_100, 450]);
    expect(tables.boughtTotalFen).toBe(24_550);
    expect(partsTables([{ name: 'x', quantity: 1, kind: 'customer_bought' }]).boughtTotalFen).toBeNull();
  });
});
