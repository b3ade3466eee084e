import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CandidateFacts,
  type DispatchTicketFacts,
  dayInZone,
  leaveAt,
  qualificationOn,
  rankCandidates,
  scoreCandidate,
  scoreWeights,
  specialtyFor,
} from './assignment.rules.js';

const expectedAt = new Date('2026-03-10T02:00:00Z'); // 10:00 in Shanghai
const ticket = (overrides: Partial<DispatchTicketFacts> = {}): DispatchTicketFacts => ({
  stationId: 1,
  stationRegion: '华北',
  productCategory: 'hardware',
  type: 'repair',
  expectedAt,
  expectedDay: '2026-03-10',
  ...overrides,
});
const engineer = (overrides: Partial<CandidateFacts> = {}): CandidateFacts => ({
  id: 10,
  displayName: '李工',
  isActive: true,
  isEngineer: true,
  stationId: 1,
  stationRegion: '华北',
  skills: ['hardware'],
  specialty: 'repair',
  qualifications: [{ productCategory: 'hardware', validFrom: '2025-01-01', validUntil: '2027-12-31' }],
  leaves: [],
  openWorkload: 0,
  ...overrides,
});
const codes = (candidate: CandidateFacts, facts = ticket()) =>
  scoreCandidate(facts, candidate).reasons.map((r) => r.code);

describe('eligibility (DSP-1: only trained engineers, available, of the dispatch area)', () => {
  it.each([
    ['qualified engineer of the station', {}, true, 'qualified'],
    [
      'qualification expired the day before',
      { qualifications: [q('2024-01-01', '2026-03-09')] },
      false,
      'qualification_expired',
    ],
    [
      'qualification ends on the day (still valid)',
      { qualifications: [q('2024-01-01', '2026-03-10')] },
      true,
      'qualified',
    ],
    ['qualification starts on the day', { qualifications: [q('2026-03-10', null)] }, true, 'qualified'],
    [
      'qualification starts the day after',
      { qualifications: [q('2026-03-11', null)] },
      false,
      'qualification_not_yet_valid',
    ],
    ['no qualification at all', { qualifications: [] }, false, 'qualification_missing'],
    [
      'qualified for another product line only',
      { qualifications: [q('2025-01-01', null, 'software')] },
      false,
      'qualification_missing',
    ],
    [
      'on leave at the expected time',
      { leaves: [leave('2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z')] },
      false,
      'on_leave',
    ],
    [
      'leave ended exactly at the expected time',
      { leaves: [leave('2026-03-09T00:00:00Z', '2026-03-10T02:00:00Z')] },
      true,
      'available',
    ],
    [
      'leave starts exactly at the expected time',
      { leaves: [leave('2026-03-10T02:00:00Z', '2026-03-10T08:00:00Z')] },
      false,
      'on_leave',
    ],
    ['deactivated account', { isActive: false }, false, 'inactive'],
    ['not an engineer', { isEngineer: false }, false, 'not_engineer'],
    ['another station of the same region', { stationId: 2 }, true, 'same_region'],
    ['another station of another region', { stationId: 3, stationRegion: '华东' }, false, 'other_area'],
  ] as const)('%s → eligible %s (%s)', (_name, overrides, eligible, code) => {
    const suggestion = scoreCandidate(ticket(), engineer(overrides as Partial<CandidateFacts>));
    expect(suggestion.isEligible).toBe(eligible);
    expect(suggestion.reasons.map((r) => r.code)).toContain(code);
  });

  it('a ticket without a product line needs a qualification for any line', () => {
    const facts = ticket({ productCategory: null });
    expect(scoreCandidate(facts, engineer({ qualifications: [q('2025-01-01', null, 'data')] })).isEligible).toBe(true);
    expect(codes(engineer({ qualifications: [] }), facts)).toContain('qualification_missing');
    // No skill factor without a product line.
    expect(codes(engineer(), facts)).not.toContain('skill_match');
  });

  it('an expired qualification is shown with its end date in both languages', () => {
    const reason = scoreCandidate(ticket(), engineer({ qualifications: [q('2024-01-01', '2025-12-31')] })).reasons.find(
      (r) => r.code === 'qualification_expired',
    )!;
    expect(reason.effect).toBe('blocking');
    expect(reason.zh).toContain('2025-12-31');
    expect(reason.en).toContain('2025-12-31');
  });

  it('a valid qualification wins over an expired one of the same line', () => {
    const status = qualificationOn([q('2020-01-01', '2021-01-01'), q('2025-01-01', null)], 'hardware', '2026-03-10');
    expect(status.status).toBe('valid');
  });

  it('leaves are half-open intervals', () => {
    const leaves = [leave('2026-03-10T00:00:00Z', '2026-03-10T04:00:00Z')];
    expect(leaveAt(leaves, new Date('2026-03-10T00:00:00Z'))).toBeDefined();
    expect(leaveAt(leaves, new Date('2026-03-10T03:59:59Z'))).toBeDefined();
    expect(leaveAt(leaves, new Date('2026-03-10T04:00:00Z'))).toBeUndefined();
  });
});

describe('scoring (the soft factors only order)', () => {
  it('adds the weights of station, skill, specialty and workload', () => {
    expect(scoreCandidate(ticket(), engineer()).score).toBe(
      scoreWeights.sameStation + scoreWeights.skillMatch + scoreWeights.specialtyFit,
    );
    expect(scoreCandidate(ticket(), engineer({ skills: [], specialty: 'installation', openWorkload: 2 })).score).toBe(
      scoreWeights.sameStation + scoreWeights.skillMismatch + 2 * scoreWeights.perOpenTask,
    );
  });

  it.each([
    ['repair', 'repair'],
    ['maintenance', 'repair'],
    ['parts_by_mail', 'repair'],
    ['return_exchange', 'repair'],
    ['installation', 'installation'],
    ['training', 'installation'],
    ['consultation', 'technical_support'],
    ['complaint', 'technical_support'],
    ['information', 'technical_support'],
  ] as const)('a %s ticket calls for %s', (type, specialty) => {
    expect(specialtyFor(type)).toBe(specialty);
    expect(codes(engineer({ specialty }), ticket({ type }))).toContain('specialty_fit');
  });

  it('a skill mismatch is a negative reason, not a block', () => {
    const suggestion = scoreCandidate(ticket(), engineer({ skills: ['software'] }));
    expect(suggestion.isEligible).toBe(true);
    expect(suggestion.reasons.find((r) => r.code === 'skill_mismatch')?.effect).toBe('negative');
  });

  it('orders eligible first, then score, then lighter workload', () => {
    const ranked = rankCandidates(ticket(), [
      engineer({ id: 1, qualifications: [] }), // ineligible, best otherwise
      engineer({ id: 2, openWorkload: 3 }),
      engineer({ id: 3, openWorkload: 1 }),
      engineer({ id: 4, stationId: 2, openWorkload: 0 }), // same region, idle: 40 beats 36
      engineer({ id: 5, openWorkload: 1 }),
    ]);
    expect(ranked.map((s) => s.engineerId)).toEqual([3, 5, 4, 2, 1]);
  });
});

describe('properties', () => {
  const candidate = fc.record({
    id: fc.integer({ min: 1, max: 10_000 }),
    displayName: fc.constant('x'),
    isActive: fc.boolean(),
    isEngineer: fc.boolean(),
    stationId: fc.integer({ min: 1, max: 3 }),
    stationRegion: fc.constantFrom('华北', '华东', null),
    skills: fc.subarray(['hardware', 'software', 'data', 'integration']),
    specialty: fc.constantFrom('technical_support', 'repair', 'installation', null),
    qualifications: fc.array(
      fc.record({
        productCategory: fc.constantFrom('hardware', 'software'),
        validFrom: fc.constantFrom('2025-01-01', '2026-03-10', '2026-04-01'),
        validUntil: fc.constantFrom(null, '2026-03-09', '2026-03-10', '2027-01-01'),
      }),
      { maxLength: 3 },
    ),
    leaves: fc.constant([]),
    openWorkload: fc.integer({ min: 0, max: 20 }),
  }) as fc.Arbitrary<CandidateFacts>;

  it('eligible candidates always come before ineligible ones, and ranking keeps every candidate', () => {
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 12 }), (candidates) => {
        const ranked = rankCandidates(ticket(), candidates);
        expect(ranked).toHaveLength(candidates.length);
        const firstIneligible = ranked.findIndex((s) => !s.isEligible);
        if (firstIneligible >= 0) expect(ranked.slice(firstIneligible).every((s) => !s.isEligible)).toBe(true);
      }),
    );
  });

  it('eligible ⇔ no blocking reason; one more open task never raises the score', () => {
    fc.assert(
      fc.property(candidate, (facts) => {
        const suggestion = scoreCandidate(ticket(), facts);
        expect(suggestion.isEligible).toBe(!suggestion.reasons.some((r) => r.effect === 'blocking'));
        const busier = scoreCandidate(ticket(), { ...facts, openWorkload: facts.openWorkload + 1 });
        expect(busier.score).toBeLessThan(suggestion.score);
        expect(busier.isEligible).toBe(suggestion.isEligible);
      }),
    );
  });
});

describe('dayInZone', () => {
  it('takes the calendar day in the organisation time zone', () => {
    expect(dayInZone(new Date('2026-03-09T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-03-10');
    expect(dayInZone(new Date('2026-03-09T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-03-09');
  });
});

function q(validFrom: string, validUntil: string | null, productCategory = 'hardware') {
  return { productCategory, validFrom, validUntil };
}
function leave(startsAt: string, endsAt: string) {
  return { startsAt: new Date(startsAt), endsAt: new Date(endsAt), reason: '年假' };
}
