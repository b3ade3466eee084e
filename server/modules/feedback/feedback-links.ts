/**
 * The joints of the feedback loop (FBK-1 → FBK-2 → FBK-3): a low survey score schedules a return
 * visit; an unhappy return visit opens a complaint draft. Both run in the caller's transaction.
 */
import { openComplaintDraft } from './complaints.service.js';
import { scheduleReturnVisit } from './return-visits.schedule.js';
import type { OpenComplaintForVisit } from './return-visits.service.js';
import { readSettings } from './survey-closure.js';
import type { LowScoreHook } from './surveys.service.js';

/** The return visit after a low score: due when the customer must be contacted about the complaint. */
export const scheduleLowScoreVisit: LowScoreHook = async (tx, request) => {
  const { 'feedback.complaintContactHours': hours } = await readSettings(tx, [
    'feedback.complaintContactHours',
  ] as const);
  await scheduleReturnVisit(tx, {
    customerId: request.customerId,
    ticketId: request.ticketId,
    equipmentId: request.equipmentId,
    reason: '满意度调查低分',
    dueAt: new Date(request.at.getTime() + hours * 3_600_000),
    rule: 'survey_follow_up',
    subjectId: request.surveyId,
    at: request.at,
  });
};

/** An unhappy return visit opens a complaint draft (channel return_visit). */
export const openComplaintForVisit: OpenComplaintForVisit = (tx, visit) =>
  openComplaintDraft(tx, {
    at: visit.at,
    stationId: visit.stationId,
    customerId: visit.customerId,
    ticketId: visit.ticketId,
    equipmentId: visit.equipmentId,
    engineerId: null,
    returnVisitId: visit.returnVisitId,
    channel: 'return_visit',
    contactName: visit.contactName,
    contactPhone: visit.contactPhone,
    description: visit.description,
    recordedBy: visit.recordedBy,
  });
