/**
 * The complaint flow (FBK-2) as an explicit state machine [003 第五条 5–7, 第六条; 000 三(二); 004]:
 *
 *   draft (opened by a low survey score) → recorded | withdrawn
 *   recorded → contacted (customer contacted within `feedback.complaintContactHours`)
 *   contacted → investigating (responsible department named)
 *   investigating → solution_proposed (root cause, responsibility = the investigation report,
 *                   due `feedback.investigationReportDays` after recording, and the solution)
 *   solution_proposed → approved (station manager; a major complaint only by the executive)
 *                     | investigating (sent back)
 *   approved → replied (the reply to the customer)
 *   replied → feedback_recorded (the customer's satisfaction with the handling)
 *   feedback_recorded → closed | investigating (the customer is still unhappy: investigate again)
 *
 * Invariants: a complaint moves only along these edges (anything else → 409 naming both states);
 * each open step has a due time computed from the settings; an overdue step escalates to the
 * station manager, then — `feedback.complaintExecutiveAfterHours` later — to the executive.
 * Pure: time and settings are parameters.
 */
import { AppError } from '../../lib/app-error.js';
import type { Role } from '../../lib/roles.js';
import type { complaintSeverities, complaintStatuses } from './complaints.contract.js';

export type ComplaintStatus = (typeof complaintStatuses)[number];
export type ComplaintSeverity = (typeof complaintSeverities)[number];

export const complaintStatusLabels: Record<ComplaintStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  recorded: { zh: '已登记', en: 'Recorded' },
  contacted: { zh: '已联系客户', en: 'Customer contacted' },
  investigating: { zh: '调查中', en: 'Investigating' },
  solution_proposed: { zh: '方案待审批', en: 'Solution proposed' },
  approved: { zh: '方案已批准', en: 'Approved' },
  replied: { zh: '已答复客户', en: 'Replied to customer' },
  feedback_recorded: { zh: '已回访客户意见', en: "Customer's feedback recorded" },
  closed: { zh: '已结案', en: 'Closed' },
  withdrawn: { zh: '已撤销', en: 'Withdrawn' },
};

const edges: Record<ComplaintStatus, readonly ComplaintStatus[]> = {
  draft: ['recorded', 'withdrawn'],
  recorded: ['contacted'],
  contacted: ['investigating'],
  investigating: ['solution_proposed'],
  solution_proposed: ['approved', 'investigating'],
  approved: ['replied'],
  replied: ['feedback_recorded'],
  feedback_recorded: ['closed', 'investigating'],
  closed: [],
  withdrawn: [],
};

export const isComplaintOpen = (status: ComplaintStatus) => status !== 'closed' && status !== 'withdrawn';

export function allowedComplaintMoves(from: ComplaintStatus): ComplaintStatus[] {
  return [...edges[from]];
}

/** 409 naming both states when the move is not an edge. */
export function assertComplaintMove(from: ComplaintStatus, to: ComplaintStatus): void {
  if (!edges[from].includes(to)) {
    throw new AppError('CONFLICT', {
      zh: `投诉状态为“${complaintStatusLabels[from].zh}”，不能变更为“${complaintStatusLabels[to].zh}”`,
      en: `A complaint that is "${complaintStatusLabels[from].en}" cannot become "${complaintStatusLabels[to].en}"`,
    });
  }
}

/** Who may approve the solution: the station manager (or the executive); a major complaint only the executive [003 第五条 5]. */
export function approverRoles(severity: ComplaintSeverity): readonly Role[] {
  return severity === 'major' ? ['executive'] : ['station_manager', 'executive'];
}

export function assertMayApprove(roles: readonly Role[], severity: ComplaintSeverity): void {
  const allowed = approverRoles(severity);
  if (!roles.some((role) => allowed.includes(role))) {
    throw new AppError(
      'FORBIDDEN',
      severity === 'major'
        ? {
            zh: '重大投诉的处理方案须由总经理（高管）审批',
            en: 'The solution of a major complaint must be approved by the executive',
          }
        : { zh: '投诉处理方案须由站长审批', en: 'The solution must be approved by the station manager' },
    );
  }
}

export type ComplaintDeadlineSettings = {
  contactHours: number;
  investigationReportDays: number;
  approvalHours: number;
  replyHours: number;
  feedbackDays: number;
  closeHours: number;
};

const hour = 3_600_000;
const plusHours = (at: Date, hours: number) => new Date(at.getTime() + hours * hour);

/** The investigation report is due this long after recording [003 第六条 2(3): 三天内提出报告]. */
export function reportDueAt(
  recordedAt: Date,
  settings: Pick<ComplaintDeadlineSettings, 'investigationReportDays'>,
): Date {
  return plusHours(recordedAt, settings.investigationReportDays * 24);
}

/**
 * Due time of the step a complaint is in after entering `status` at `enteredAt`; null when closed.
 * Contact counts from recording; the investigation (contacted, investigating) is due with the
 * report; the later steps count from entering them.
 */
export function stepDueAt(
  status: ComplaintStatus,
  times: { recordedAt: Date; enteredAt: Date },
  settings: ComplaintDeadlineSettings,
): Date | null {
  switch (status) {
    case 'draft':
    case 'recorded':
      return plusHours(times.recordedAt, settings.contactHours);
    case 'contacted':
    case 'investigating': {
      const report = reportDueAt(times.recordedAt, settings);
      // Sent back after the report was due: a fresh day to rework it rather than an instant overdue.
      return report.getTime() > times.enteredAt.getTime() ? report : plusHours(times.enteredAt, 24);
    }
    case 'solution_proposed':
      return plusHours(times.enteredAt, settings.approvalHours);
    case 'approved':
      return plusHours(times.enteredAt, settings.replyHours);
    case 'replied':
      return plusHours(times.enteredAt, settings.feedbackDays * 24);
    case 'feedback_recorded':
      return plusHours(times.enteredAt, settings.closeHours);
    case 'closed':
    case 'withdrawn':
      return null;
  }
}

/**
 * The escalation a sweep should raise now: 1 (tell the station manager) once the step is overdue,
 * 2 (tell the executive) `executiveAfterHours` after that; null when nothing new is due.
 */
export function escalationDue(
  complaint: { status: ComplaintStatus; stepDueAt: Date | null; escalationLevel: number },
  now: Date,
  executiveAfterHours: number,
): 1 | 2 | null {
  if (!isComplaintOpen(complaint.status) || !complaint.stepDueAt) return null;
  const late = now.getTime() - complaint.stepDueAt.getTime();
  if (late <= 0) return null;
  if (late >= executiveAfterHours * hour && complaint.escalationLevel < 2) return 2;
  if (complaint.escalationLevel < 1) return 1;
  return null;
}

/** Overdue: an open step past its due time. */
export function isComplaintOverdue(complaint: { status: ComplaintStatus; stepDueAt: Date | null }, now: Date): boolean {
  return isComplaintOpen(complaint.status) && !!complaint.stepDueAt && complaint.stepDueAt.getTime() < now.getTime();
}
