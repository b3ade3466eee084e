/**
 * Reads shared by the dispatch and visit services: the ticket under a lock, the facts the
 * suggestion rules need, and the rows the API answers with.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/database.js';
import type { Actor } from '../../lib/access.js';
import { departments, stations, users } from '../org/org.table.js';
import { attachments, tickets } from '../tickets/tickets.table.js';
import type { CandidateFacts } from './assignment.rules.js';
import { assignments, engineerLeaves, engineerQualifications, visits } from './dispatch.table.js';

/** Roles that dispatch (DSP-1: the manager or the agent decides). */
export const dispatcherRoles = ['admin', 'station_manager', 'agent'] as const;
export const isDispatcher = (actor: Actor) =>
  actor.roles.some((role) => (dispatcherRoles as readonly string[]).includes(role));

/** Statuses in which a live assignment counts as open work (resolved work waits only for the customer). */
export const workloadTicketStatuses = [
  'assigned',
  'accepted',
  'en_route',
  'on_site',
  'in_progress',
  'waiting_parts',
  'waiting_customer',
] as const;
export const liveAssignmentStatuses = ['offered', 'accepted'] as const;
export const openVisitStatuses = ['planned', 'travelling', 'on_site'] as const;

export const assignmentLabel = { zh: '派工', en: 'Assignment' };
export const visitLabel = { zh: '外出服务记录', en: 'Visit' };

/** The facts of the suggestion rules for the given users (with their station region and workload). */
export async function loadCandidateFacts(
  tx: DbOrTx,
  where: ReturnType<typeof and>,
  at: Date,
): Promise<(CandidateFacts & { phone: string | null; stationName: string; departmentName: string | null })[]> {
  const rows = await tx
    .select({
      id: users.id,
      displayName: users.displayName,
      phone: users.phone,
      isActive: users.isActive,
      roles: users.roles,
      stationId: users.stationId,
      stationName: stations.name,
      stationRegion: stations.region,
      departmentName: departments.name,
      skills: users.skills,
      specialty: users.specialty,
    })
    .from(users)
    .innerJoin(stations, eq(stations.id, users.stationId))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(where)
    .orderBy(asc(users.id));
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [qualificationRows, leaveRows, workloadRows] = await Promise.all([
    tx
      .select({
        userId: engineerQualifications.userId,
        productCategory: engineerQualifications.productCategory,
        validFrom: engineerQualifications.validFrom,
        validUntil: engineerQualifications.validUntil,
      })
      .from(engineerQualifications)
      .where(inArray(engineerQualifications.userId, ids)),
    tx
      .select({
        userId: engineerLeaves.userId,
        startsAt: engineerLeaves.startsAt,
        endsAt: engineerLeaves.endsAt,
        reason: engineerLeaves.reason,
      })
      .from(engineerLeaves)
      .where(
        and(
          inArray(engineerLeaves.userId, ids),
          sql`${engineerLeaves.startsAt} <= ${at.toISOString()}`,
          sql`${engineerLeaves.endsAt} > ${at.toISOString()}`,
        ),
      ),
    tx
      .select({ engineerId: assignments.engineerId, open: sql<number>`count(*)::int` })
      .from(assignments)
      .innerJoin(tickets, eq(tickets.id, assignments.ticketId))
      .where(
        and(
          inArray(assignments.engineerId, ids),
          inArray(assignments.status, [...liveAssignmentStatuses]),
          inArray(tickets.status, [...workloadTicketStatuses]),
        ),
      )
      .groupBy(assignments.engineerId),
  ]);
  const workload = new Map(workloadRows.map((row) => [row.engineerId, row.open]));
  return rows.map((row) => ({
    id: row.id,
    displayName: row.displayName,
    phone: row.phone,
    isActive: row.isActive,
    isEngineer: row.roles.includes('engineer'),
    stationId: row.stationId,
    stationName: row.stationName,
    stationRegion: row.stationRegion,
    departmentName: row.departmentName,
    skills: row.skills,
    specialty: row.specialty,
    qualifications: qualificationRows.filter((q) => q.userId === row.id),
    leaves: leaveRows.filter((l) => l.userId === row.id),
    openWorkload: workload.get(row.id) ?? 0,
  }));
}

const assignedByUser = alias(users, 'assigned_by_user');

export async function listTicketAssignments(tx: DbOrTx, ticketId: number) {
  return tx
    .select({
      id: assignments.id,
      ticketId: assignments.ticketId,
      engineerId: assignments.engineerId,
      engineerName: users.displayName,
      engineerPhone: users.phone,
      role: assignments.role,
      status: assignments.status,
      assignedBy: assignments.assignedBy,
      assignedByName: assignedByUser.displayName,
      assignedAt: assignments.assignedAt,
      expectedArrivalAt: assignments.expectedArrivalAt,
      respondedAt: assignments.respondedAt,
      declineReason: assignments.declineReason,
      note: assignments.note,
      version: assignments.version,
    })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.engineerId))
    .leftJoin(assignedByUser, eq(assignedByUser.id, assignments.assignedBy))
    .where(eq(assignments.ticketId, ticketId))
    .orderBy(
      sql`case when ${assignments.status} in ('offered', 'accepted') then 0 else 1 end`,
      sql`case when ${assignments.role} = 'lead' then 0 else 1 end`,
      asc(assignments.id),
    );
}

const visitColumns = {
  visit: visits,
  ticketNumber: tickets.number,
  engineerName: users.displayName,
  engineerPhone: users.phone,
  departmentCode: departments.code,
  departmentName: departments.name,
};

type VisitRow = { visit: typeof visits.$inferSelect } & {
  ticketNumber: string;
  engineerName: string;
  engineerPhone: string | null;
  departmentCode: string;
  departmentName: string;
};

export const attachmentUrl = (id: number) => `/api/attachments/${id}`;

/** Visits as the API shows them, with their photos. */
export async function loadVisits(tx: DbOrTx, where: ReturnType<typeof and>) {
  const rows: VisitRow[] = await tx
    .select(visitColumns)
    .from(visits)
    .innerJoin(tickets, eq(tickets.id, visits.ticketId))
    .innerJoin(users, eq(users.id, visits.engineerId))
    .innerJoin(departments, eq(departments.id, visits.departmentId))
    .where(where)
    .orderBy(asc(visits.id));
  if (rows.length === 0) return [];
  const files = await tx
    .select({
      id: attachments.id,
      visitId: attachments.visitId,
      kind: attachments.kind,
      fileName: attachments.fileName,
      contentType: attachments.contentType,
      byteSize: attachments.byteSize,
      createdAt: attachments.createdAt,
    })
    .from(attachments)
    .where(
      and(
        inArray(
          attachments.visitId,
          rows.map((row) => row.visit.id),
        ),
        eq(attachments.kind, 'photo'),
      ),
    )
    .orderBy(asc(attachments.id));
  return rows.map(({ visit, ...rest }) => ({
    ...visit,
    ...rest,
    partsUsed: visit.partsUsed ?? [],
    signatureUrl: visit.signatureAttachmentId ? attachmentUrl(visit.signatureAttachmentId) : null,
    photos: files
      .filter((file) => file.visitId === visit.id)
      .map(({ visitId: _visitId, ...file }) => ({ ...file, url: attachmentUrl(file.id) })),
  }));
}
