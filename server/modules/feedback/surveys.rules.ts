/**
 * Satisfaction surveys (FBK-1). Invariants: every ticket closure has exactly one survey, due
 * `feedback.surveyDueHours` after the closure [001 4.5.1]; the customer's link works once and only
 * until it expires; a low score (overall at or below `feedback.lowScoreThreshold`, or — when
 * `feedback.lowScoreAnyItem` is on — any question at the lowest level) opens a complaint draft and
 * a return visit; the satisfaction rate is the share of answered surveys whose overall rating is
 * satisfied or better [000 四(五)]. Pure: time and settings are parameters.
 */
import { createHash, randomBytes } from 'node:crypto';
import { addDays } from '../customers/warranty.rules.js';
import type { satisfactionLevels } from './surveys.contract.js';

export type SatisfactionLevel = (typeof satisfactionLevels)[number];

/** Best first; a level's rank is its index (0 = very satisfied, 3 = dissatisfied). */
export const levelOrder: readonly SatisfactionLevel[] = ['very_satisfied', 'satisfied', 'fair', 'dissatisfied'];
export const lowestLevel: SatisfactionLevel = 'dissatisfied';

export const surveyQuestions = ['attitude', 'skill', 'arrival', 'promise'] as const;
export type SurveyQuestion = (typeof surveyQuestions)[number];

export type SurveyAnswers = Record<SurveyQuestion, SatisfactionLevel> & { overall: SatisfactionLevel };

export const levelLabels: Record<SatisfactionLevel, { zh: string; en: string }> = {
  very_satisfied: { zh: '非常满意', en: 'Very satisfied' },
  satisfied: { zh: '满意', en: 'Satisfied' },
  fair: { zh: '一般', en: 'Fair' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
};

const rank = (level: SatisfactionLevel) => levelOrder.indexOf(level);

/** Overall satisfied or better: what the satisfaction rate counts. */
export function isSatisfied(overall: SatisfactionLevel): boolean {
  return rank(overall) <= rank('satisfied');
}

export type LowScoreRule = { threshold: SatisfactionLevel; anyItem: boolean };

/** The low-score decision and which answers caused it (for the complaint draft's text). */
export function lowScore(answers: SurveyAnswers, rule: LowScoreRule): { low: boolean; reasons: string[] } {
  const reasons: string[] = [];
  if (rank(answers.overall) >= rank(rule.threshold)) reasons.push('overall');
  if (rule.anyItem) {
    for (const question of surveyQuestions) if (answers[question] === lowestLevel) reasons.push(question);
  }
  return { low: reasons.length > 0, reasons };
}

const hour = 3_600_000;

/** Due time and link expiry of the survey of a closure. */
export function surveyTimes(closedAt: Date, settings: { dueHours: number; linkDays: number }) {
  return {
    dueAt: new Date(closedAt.getTime() + settings.dueHours * hour),
    tokenExpiresAt: new Date(closedAt.getTime() + settings.linkDays * 24 * hour),
  };
}

export type LinkState = 'usable' | 'used' | 'expired' | 'superseded';

/** Whether a (found) survey link may still be answered. */
export function linkState(
  survey: { status: 'pending' | 'answered' | 'superseded'; tokenExpiresAt: Date },
  now: Date,
): LinkState {
  if (survey.status === 'answered') return 'used';
  if (survey.status === 'superseded') return 'superseded';
  if (survey.tokenExpiresAt.getTime() <= now.getTime()) return 'expired';
  return 'usable';
}

/** A new link token: 32 random bytes, base64url; only `hash` is stored. */
export function newSurveyToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSurveyToken(token) };
}

export function hashSurveyToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token as we issue it (43 base64url characters); anything else is not looked up at all. */
export const surveyTokenPattern = /^[A-Za-z0-9_-]{43}$/;

export function surveyUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/s/${token}`;
}

/** The call list filters: `due` still inside its window, `overdue` past it (both unanswered). */
export type SurveyListStatus = 'pending' | 'due' | 'overdue' | 'answered' | 'superseded';

export type RateRow = { answered: number; satisfied: number };

/** Satisfaction rate in percent with one decimal (null without answers) and whether it meets the target. */
export function satisfactionRate(
  row: RateRow,
  targetPercent: number,
): { rate: number | null; meetsTarget: boolean | null } {
  if (row.answered <= 0) return { rate: null, meetsTarget: null };
  const rate = Math.round((row.satisfied / row.answered) * 1000) / 10;
  return { rate, meetsTarget: (row.satisfied / row.answered) * 100 >= targetPercent };
}

/** Calendar months the satisfaction report splits `[from, to]` (dates, both included) into. */
export type MonthRange = { key: string; from: string; toExclusive: string };

/**
 * The months of `[from, to]` (yyyy-mm-dd, both included): key yyyy-mm and the part of the month
 * inside the period, `toExclusive` being the day after its last day. Empty when to < from.
 */
export function monthRanges(from: string, to: string): MonthRange[] {
  const ranges: MonthRange[] = [];
  const end = addDays(to, 1);
  for (let start = from; start < end; ) {
    const year = Number(start.slice(0, 4));
    const month = Number(start.slice(5, 7));
    const next = month === 12 ? `${pad(year + 1, 4)}-01-01` : `${pad(year, 4)}-${pad(month + 1, 2)}-01`;
    // The last month ends with the period (yyyy-mm-dd strings sort as dates).
    const [toExclusive] = [next, end].sort();
    ranges.push({ key: start.slice(0, 7), from: start, toExclusive });
    start = next;
  }
  return ranges;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');
