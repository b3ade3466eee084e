import { describe, expect, it } from 'vitest';
import { canSetStatus, isLoanOverdue, lendRefusal, statusAfterReturn } from './loans.rules.js';

const now = new Date('2026-03-02T08:00:00Z');
const ok = {
  unit: { stationId: 1, status: 'available' as const, isActive: true },
  ticket: { stationId: 1, status: 'in_progress' },
  dueBackAt: new Date('2026-03-09T08:00:00Z'),
  now,
};

describe('lendRefusal', () => {
  it('lends an active, available unit of the ticket station', () => {
    expect(lendRefusal(ok)).toBeNull();
    expect(lendRefusal({ ...ok, dueBackAt: null })).toBeNull();
  });
  it('refuses a unit of another station, a lent/repair/retired or inactive unit', () => {
    expect(lendRefusal({ ...ok, unit: { ...ok.unit, stationId: 2 } })).toBe('unit_other_station');
    for (const status of ['lent', 'repair', 'retired'] as const) {
      expect(lendRefusal({ ...ok, unit: { ...ok.unit, status } })).toBe('unit_not_available');
    }
    expect(lendRefusal({ ...ok, unit: { ...ok.unit, isActive: false } })).toBe('unit_inactive');
  });
  it('refuses closed and cancelled tickets and a due-back time not after now', () => {
    expect(lendRefusal({ ...ok, ticket: { stationId: 1, status: 'closed' } })).toBe('ticket_finished');
    expect(lendRefusal({ ...ok, ticket: { stationId: 1, status: 'cancelled' } })).toBe('ticket_finished');
    expect(lendRefusal({ ...ok, dueBackAt: now })).toBe('due_in_past');
  });
});

describe('returning and status changes', () => {
  it('sends damaged units to repair and the others back to the pool', () => {
    expect(statusAfterReturn('damaged')).toBe('repair');
    expect(statusAfterReturn('worn')).toBe('available');
    expect(statusAfterReturn('good')).toBe('available');
  });
  it('never sets or clears lent by hand', () => {
    expect(canSetStatus('available', 'repair')).toBe(true);
    expect(canSetStatus('repair', 'retired')).toBe(true);
    expect(canSetStatus('retired', 'available')).toBe(true);
    expect(canSetStatus('lent', 'available')).toBe(false);
    expect(canSetStatus('available', 'lent')).toBe(false);
    expect(canSetStatus('lent', 'lent')).toBe(true);
  });
  it('a loan is overdue only while out past its due-back time', () => {
    const due = new Date('2026-03-01T00:00:00Z');
    expect(isLoanOverdue({ status: 'lent', dueBackAt: due }, now)).toBe(true);
    expect(isLoanOverdue({ status: 'returned', dueBackAt: due }, now)).toBe(false);
    expect(isLoanOverdue({ status: 'lent', dueBackAt: null }, now)).toBe(false);
    expect(isLoanOverdue({ status: 'lent', dueBackAt: new Date('2026-03-03T00:00:00Z') }, now)).toBe(false);
  });
});
