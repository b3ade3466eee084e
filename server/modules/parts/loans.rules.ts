/**
 * Loaner rules (DSP-7, SLA-4 [003 第三条 4]), pure. A unit is lent only when it is active, available
 * and belongs to the ticket's station; a unit out on loan keeps the status `lent` until it comes
 * back (nobody can set or clear it by hand); a unit that comes back damaged goes to repair; a loan
 * is overdue while it is out past its due-back time.
 */
import type { LoanerCondition, LoanerStatus } from './loans.contract.js';

export type LendRefusal =
  | 'unit_inactive'
  | 'unit_other_station'
  | 'unit_not_available'
  | 'ticket_finished'
  | 'due_in_past';

/** Why the unit cannot be lent on this ticket now, or null when it can. */
export function lendRefusal(input: {
  unit: { stationId: number; status: LoanerStatus; isActive: boolean };
  ticket: { stationId: number; status: string };
  dueBackAt: Date | null;
  now: Date;
}): LendRefusal | null {
  if (input.dueBackAt && input.dueBackAt.getTime() <= input.now.getTime()) return 'due_in_past';
  if (input.ticket.status === 'closed' || input.ticket.status === 'cancelled') return 'ticket_finished';
  if (!input.unit.isActive) return 'unit_inactive';
  if (input.unit.stationId !== input.ticket.stationId) return 'unit_other_station';
  if (input.unit.status !== 'available') return 'unit_not_available';
  return null;
}

/** The unit's status once it is back: damaged units go to repair, the others are available again. */
export function statusAfterReturn(conditionBack: LoanerCondition): LoanerStatus {
  return conditionBack === 'damaged' ? 'repair' : 'available';
}

/** Whether a hand-made status change is allowed: never into or out of `lent`. */
export function canSetStatus(from: LoanerStatus, to: LoanerStatus): boolean {
  if (from === to) return true;
  return from !== 'lent' && to !== 'lent';
}

export function isLoanOverdue(loan: { status: string; dueBackAt: Date | null }, now: Date): boolean {
  return loan.status === 'lent' && loan.dueBackAt !== null && loan.dueBackAt.getTime() < now.getTime();
}
