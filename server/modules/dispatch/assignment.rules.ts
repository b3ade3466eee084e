/**
 * Dispatch suggestions (DSP-1). Invariant: an engineer is dispatchable only when active, an
 * engineer, within the ticket's dispatch area (same station, or a station of the same region), holds
 * a qualification valid on the day of the expected arrival for the ticket's product line ("only
 * engineers who passed training may be dispatched" [003 第二条 3]) and is not on leave at that
 * time. Everything else (skills, specialty, open workload, distance) only orders the candidates.
 * Every decision carries a reason in both languages, so the dispatcher sees why.
 */
import type { LocalizedText } from '../../lib/app-error.js';
import type { ticketTypes } from '../tickets/tickets.contract.js';

export type TicketType = (typeof ticketTypes)[number];
export type Specialty = 'technical_support' | 'repair' | 'installation';

export type ReasonEffect = 'positive' | 'negative' | 'blocking' | 'neutral';
export const reasonCodes = [
  'inactive',
  'not_engineer',
  'same_station',
  'same_region',
  'other_area',
  'qualified',
  'qualification_missing',
  'qualification_expired',
  'qualification_not_yet_valid',
  'on_leave',
  'available',
  'skill_match',
  'skill_mismatch',
  'specialty_fit',
  'specialty_other',
  'workload',
] as const;
export type ReasonCode = (typeof reasonCodes)[number];
export type Reason = { code: ReasonCode; effect: ReasonEffect } & LocalizedText;

export type QualificationFact = { productCategory: string; validFrom: string; validUntil: string | null };
export type LeaveFact = { startsAt: Date; endsAt: Date; reason?: string | null };

export type CandidateFacts = {
  id: number;
  displayName: string;
  isActive: boolean;
  isEngineer: boolean;
  stationId: number;
  stationRegion: string | null;
  skills: readonly string[];
  specialty: Specialty | null;
  qualifications: readonly QualificationFact[];
  leaves: readonly LeaveFact[];
  /** Live assignments (offered/accepted) of the engineer on open tickets. */
  openWorkload: number;
};

export type DispatchTicketFacts = {
  stationId: number;
  stationRegion: string | null;
  productCategory: string | null;
  type: TicketType;
  /** When the engineer is expected on site (or now, when not given). */
  expectedAt: Date;
  /** The calendar day of `expectedAt` in the organisation's time zone (yyyy-mm-dd). */
  expectedDay: string;
};

export type Suggestion = {
  engineerId: number;
  score: number;
  isEligible: boolean;
  isAvailable: boolean;
  openWorkload: number;
  reasons: Reason[];
};

/** Weights of the soft factors; a blocking reason makes the candidate ineligible whatever its score. */
export const scoreWeights = {
  sameStation: 30,
  sameRegion: 10,
  skillMatch: 20,
  skillMismatch: -20,
  specialtyFit: 10,
  perOpenTask: -8,
} as const;

const categoryLabels: Record<string, LocalizedText> = {
  hardware: { zh: '硬件', en: 'hardware' },
  software: { zh: '软件', en: 'software' },
  data: { zh: '数据', en: 'data' },
  integration: { zh: '系统集成', en: 'system integration' },
};
const categoryLabel = (category: string) => categoryLabels[category] ?? { zh: category, en: category };

const specialtyLabels: Record<Specialty, LocalizedText> = {
  technical_support: { zh: '技术支持', en: 'technical support' },
  repair: { zh: '维修', en: 'repair' },
  installation: { zh: '安装', en: 'installation' },
};

/** The specialty a ticket type calls for [002 二: 技术支持/维修/安装工程师]. */
export function specialtyFor(type: TicketType): Specialty {
  switch (type) {
    case 'installation':
    case 'training':
      return 'installation';
    case 'consultation':
    case 'complaint':
    case 'information':
      return 'technical_support';
    default:
      return 'repair';
  }
}

/** The calendar day (yyyy-mm-dd) of an instant in a time zone. */
export function dayInZone(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

type QualificationStatus =
  | { status: 'valid'; qualification: QualificationFact }
  | { status: 'expired'; qualification: QualificationFact }
  | { status: 'not_yet_valid'; qualification: QualificationFact }
  | { status: 'missing' };

/** The best qualification for the category on the day; `category` null means any product line. */
export function qualificationOn(
  qualifications: readonly QualificationFact[],
  category: string | null,
  day: string,
): QualificationStatus {
  const relevant = qualifications.filter((q) => category === null || q.productCategory === category);
  const valid = relevant.find((q) => q.validFrom <= day && (q.validUntil === null || q.validUntil >= day));
  if (valid) return { status: 'valid', qualification: valid };
  const future = relevant.filter((q) => q.validFrom > day).sort((a, b) => a.validFrom.localeCompare(b.validFrom))[0];
  if (future) return { status: 'not_yet_valid', qualification: future };
  const expired = relevant
    .filter((q) => q.validUntil !== null && q.validUntil < day)
    .sort((a, b) => (b.validUntil ?? '').localeCompare(a.validUntil ?? ''))[0];
  if (expired) return { status: 'expired', qualification: expired };
  return { status: 'missing' };
}

/** The leave covering `at`, if any (half-open: a leave ending at `at` no longer covers it). */
export function leaveAt(leaves: readonly LeaveFact[], at: Date): LeaveFact | undefined {
  const time = at.getTime();
  return leaves.find((leave) => leave.startsAt.getTime() <= time && time < leave.endsAt.getTime());
}

const reason = (code: ReasonCode, effect: ReasonEffect, zh: string, en: string): Reason => ({ code, effect, zh, en });

/** Scores one candidate and explains every factor. */
export function scoreCandidate(ticket: DispatchTicketFacts, candidate: CandidateFacts): Suggestion {
  const reasons: Reason[] = [];
  let score = 0;

  if (!candidate.isActive) reasons.push(reason('inactive', 'blocking', '账号已停用', 'The account is deactivated'));
  if (!candidate.isEngineer) {
    reasons.push(reason('not_engineer', 'blocking', '不是售后技术人员', 'Not an engineer'));
  }

  if (candidate.stationId === ticket.stationId) {
    score += scoreWeights.sameStation;
    reasons.push(reason('same_station', 'positive', '本服务站人员', 'Same station'));
  } else if (candidate.stationRegion && candidate.stationRegion === ticket.stationRegion) {
    score += scoreWeights.sameRegion;
    reasons.push(
      reason(
        'same_region',
        'positive',
        `同一区域（${candidate.stationRegion}）的其他服务站`,
        `Another station of the same region (${candidate.stationRegion})`,
      ),
    );
  } else {
    reasons.push(
      reason('other_area', 'blocking', '不属于本服务站或本区域', 'Neither of this station nor of its region'),
    );
  }

  const category = ticket.productCategory;
  const qualification = qualificationOn(candidate.qualifications, category, ticket.expectedDay);
  const line = category ? categoryLabel(category) : { zh: '任何产品线', en: 'any product line' };
  switch (qualification.status) {
    case 'valid': {
      const until = qualification.qualification.validUntil;
      reasons.push(
        reason(
          'qualified',
          'positive',
          until ? `持有${line.zh}培训合格资质（有效至 ${until}）` : `持有${line.zh}培训合格资质`,
          until ? `Qualified for ${line.en} (valid until ${until})` : `Qualified for ${line.en}`,
        ),
      );
      break;
    }
    case 'expired':
      reasons.push(
        reason(
          'qualification_expired',
          'blocking',
          `${line.zh}资质已于 ${qualification.qualification.validUntil} 过期，不能派工`,
          `The ${line.en} qualification expired on ${qualification.qualification.validUntil}; not dispatchable`,
        ),
      );
      break;
    case 'not_yet_valid':
      reasons.push(
        reason(
          'qualification_not_yet_valid',
          'blocking',
          `${line.zh}资质自 ${qualification.qualification.validFrom} 起才生效，不能派工`,
          `The ${line.en} qualification is valid only from ${qualification.qualification.validFrom}; not dispatchable`,
        ),
      );
      break;
    case 'missing':
      reasons.push(
        reason(
          'qualification_missing',
          'blocking',
          `未取得${line.zh}培训合格资质，不能派工`,
          `Not trained and qualified for ${line.en}; not dispatchable`,
        ),
      );
      break;
  }

  const leave = leaveAt(candidate.leaves, ticket.expectedAt);
  if (leave) {
    reasons.push(
      reason(
        'on_leave',
        'blocking',
        `预计到场时间在休假中（${leave.reason ?? '请假'}）`,
        `On leave at the expected time${leave.reason ? ` (${leave.reason})` : ''}`,
      ),
    );
  } else {
    reasons.push(reason('available', 'neutral', '预计到场时间有空', 'Available at the expected time'));
  }

  if (category) {
    if (candidate.skills.includes(category)) {
      score += scoreWeights.skillMatch;
      reasons.push(
        reason(
          'skill_match',
          'positive',
          `技能包含${categoryLabel(category).zh}`,
          `Skilled in ${categoryLabel(category).en}`,
        ),
      );
    } else {
      score += scoreWeights.skillMismatch;
      reasons.push(
        reason(
          'skill_mismatch',
          'negative',
          `技能不含${categoryLabel(category).zh}`,
          `Not skilled in ${categoryLabel(category).en}`,
        ),
      );
    }
  }

  const needed = specialtyFor(ticket.type);
  if (candidate.specialty === needed) {
    score += scoreWeights.specialtyFit;
    reasons.push(
      reason(
        'specialty_fit',
        'positive',
        `专长为${specialtyLabels[needed].zh}，适合此类工单`,
        `Specialises in ${specialtyLabels[needed].en}, as this ticket needs`,
      ),
    );
  } else {
    reasons.push(
      reason(
        'specialty_other',
        'neutral',
        candidate.specialty
          ? `专长为${specialtyLabels[candidate.specialty].zh}（此工单需${specialtyLabels[needed].zh}）`
          : `未设专长（此工单需${specialtyLabels[needed].zh}）`,
        candidate.specialty
          ? `Specialises in ${specialtyLabels[candidate.specialty].en} (this ticket needs ${specialtyLabels[needed].en})`
          : `No specialty set (this ticket needs ${specialtyLabels[needed].en})`,
      ),
    );
  }

  score += scoreWeights.perOpenTask * candidate.openWorkload;
  reasons.push(
    reason(
      'workload',
      candidate.openWorkload === 0 ? 'positive' : 'negative',
      candidate.openWorkload === 0 ? '当前没有未完成任务' : `当前有 ${candidate.openWorkload} 个未完成任务`,
      candidate.openWorkload === 0
        ? 'No open tasks'
        : `${candidate.openWorkload} open task${candidate.openWorkload === 1 ? '' : 's'}`,
    ),
  );

  return {
    engineerId: candidate.id,
    score,
    isEligible: !reasons.some((r) => r.effect === 'blocking'),
    isAvailable: !leave,
    openWorkload: candidate.openWorkload,
    reasons,
  };
}

/** Candidates best first: eligible before ineligible, then score, then lighter workload, then id. */
export function rankCandidates(ticket: DispatchTicketFacts, candidates: readonly CandidateFacts[]): Suggestion[] {
  return candidates
    .map((candidate) => scoreCandidate(ticket, candidate))
    .sort(
      (a, b) =>
        Number(b.isEligible) - Number(a.isEligible) ||
        b.score - a.score ||
        a.openWorkload - b.openWorkload ||
        a.engineerId - b.engineerId,
    );
}

/** The blocking reasons of a suggestion, for the 400 naming an ineligible engineer. */
export const blockingReasons = (suggestion: Suggestion) => suggestion.reasons.filter((r) => r.effect === 'blocking');
