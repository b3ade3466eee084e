import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/app-error.js';
import {
  allowedComplaintMoves,
  assertComplaintMove,
  assertMayApprove,
  type ComplaintStatus,
  escalationDue,
  isComplaintOverdue,
  reportDueAt,
  stepDueAt,
} from './complaints.rules.js';

const settings = {
  contactHours: 2,
  investigationReportDays: 3,
  approvalHours: 24,
  replyHours: 24,
  feedbackDays: 3,
  closeHours: 24,
};
const at = (iso: string) => new Date(iso);
const recordedAt = at('2026-03-10T02:00:00Z');

describe('complaint flow (FBK-2)', () => {
  it('walks record → contact → investigate → propose → approve → reply → feedback → close', () => {
    const path: ComplaintStatus[] = [
      'recorded',
      'contacted',
      'investigating',
      'solution_proposed',
      'approved',
      'replied',
      'feedback_recorded',
      'closed',
    ];
    for (let i = 1; i < path.length; i++) expect(() => assertComplaintMove(path[i - 1], path[i])).not.toThrow();
    expect(allowedComplaintMoves('closed')).toEqual([]);
    expect(allowedComplaintMoves('draft')).toEqual(['recorded', 'withdrawn']);
  });

  it('refuses a skipped step with 409 naming both states', () => {
    try {
      assertComplaintMove('recorded', 'approved');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(409);
      expect((error as AppError).text.zh).toContain('已登记');
      expect((error as AppError).text.zh).toContain('方案已批准');
      expect((error as AppError).text.en).toContain('Recorded');
      expect((error as AppError).text.en).toContain('Approved');
    }
    expect(() => assertComplaintMove('closed', 'investigating')).toThrow(AppError);
    expect(() => assertComplaintMove('solution_proposed', 'investigating')).not.toThrow();
  });

  it('lets the station manager approve a normal complaint, only the executive a major one', () => {
    expect(() => assertMayApprove(['station_manager'], 'normal')).not.toThrow();
    expect(() => assertMayApprove(['executive'], 'normal')).not.toThrow();
    expect(() => assertMayApprove(['agent'], 'normal')).toThrow(AppError);
    expect(() => assertMayApprove(['station_manager'], 'major')).toThrow(/executive/);
    expect(() => assertMayApprove(['admin'], 'major')).toThrow(AppError);
    expect(() => assertMayApprove(['executive'], 'major')).not.toThrow();
  });
});

describe('complaint step deadlines (FBK-2)', () => {
  it('contact within 2 h of recording; the report within 3 days; later steps from entering them', () => {
    const entered = at('2026-03-11T00:00:00Z');
    expect(stepDueAt('recorded', { recordedAt, enteredAt: recordedAt }, settings)).toEqual(at('2026-03-10T04:00:00Z'));
    expect(reportDueAt(recordedAt, settings)).toEqual(at('2026-03-13T02:00:00Z'));
    expect(stepDueAt('contacted', { recordedAt, enteredAt: entered }, settings)).toEqual(at('2026-03-13T02:00:00Z'));
    expect(stepDueAt('investigating', { recordedAt, enteredAt: entered }, settings)).toEqual(
      at('2026-03-13T02:00:00Z'),
    );
    expect(stepDueAt('solution_proposed', { recordedAt, enteredAt: entered }, settings)).toEqual(
      at('2026-03-12T00:00:00Z'),
    );
    expect(stepDueAt('replied', { recordedAt, enteredAt: entered }, settings)).toEqual(at('2026-03-14T00:00:00Z'));
    expect(stepDueAt('closed', { recordedAt, enteredAt: entered }, settings)).toBeNull();
  });

  it('gives an investigation sent back after the report date a fresh day', () => {
    const late = at('2026-03-20T00:00:00Z');
    expect(stepDueAt('investigating', { recordedAt, enteredAt: late }, settings)).toEqual(at('2026-03-21T00:00:00Z'));
  });

  it('escalates an overdue step to the station manager, then to the executive', () => {
    const due = at('2026-03-10T04:00:00Z');
    const open = { status: 'recorded' as const, stepDueAt: due, escalationLevel: 0 };
    expect(escalationDue(open, at('2026-03-10T03:59:00Z'), 24)).toBeNull();
    expect(isComplaintOverdue(open, at('2026-03-10T03:59:00Z'))).toBe(false);
    expect(escalationDue(open, at('2026-03-10T04:01:00Z'), 24)).toBe(1);
    expect(isComplaintOverdue(open, at('2026-03-10T04:01:00Z'))).toBe(true);
    expect(escalationDue({ ...open, escalationLevel: 1 }, at('2026-03-10T10:00:00Z'), 24)).toBeNull();
    expect(escalationDue({ ...open, escalationLevel: 1 }, at('2026-03-11T04:00:00Z'), 24)).toBe(2);
    expect(escalationDue({ ...open, escalationLevel: 2 }, at('2026-03-12T04:00:00Z'), 24)).toBeNull();
    expect(escalationDue({ ...open, status: 'closed' }, at('2026-03-12T04:00:00Z'), 24)).toBeNull();
  });
});
