import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/app-error.js';
import {
  allowedNextStatuses,
  assertManualTransition,
  assertTransition,
  openStatuses,
  pauseReasonOf,
  type TicketStatus,
  type TransitionContext,
  transitionEffects,
} from './ticket-lifecycle.rules.js';
import { ticketStatuses } from './tickets.contract.js';

/**
 * The expected lifecycle, written out independently of the implementation (TKT-7). Every open
 * state may also be cancelled.
 */
const expected: Record<TicketStatus, TicketStatus[]> = {
  received: ['classified'],
  classified: ['assigned', 'in_progress'],
  assigned: ['accepted', 'classified', 'assigned'],
  accepted: ['en_route', 'in_progress', 'assigned', 'classified'],
  en_route: ['on_site', 'assigned', 'accepted'],
  on_site: ['in_progress'],
  in_progress: ['waiting_parts', 'waiting_customer', 'resolved', 'en_route', 'assigned'],
  waiting_parts: ['in_progress', 'en_route', 'assigned'],
  waiting_customer: ['in_progress', 'en_route', 'assigned'],
  resolved: ['customer_accepted', 'in_progress', 'closed'],
  customer_accepted: ['closed'],
  closed: ['reopened'],
  cancelled: [],
  reopened: ['assigned', 'in_progress', 'classified'],
};
const isOpen = (status: TicketStatus) => status !== 'closed' && status !== 'cancelled';

/** A context in which only the edge itself decides. */
const permissive: TransitionContext = { serviceMode: 'on_site', hasCustomerAcceptance: true, reason: 'reason' };

function outcome(from: TicketStatus, to: TicketStatus, context: TransitionContext = permissive): 'ok' | string {
  try {
    assertTransition(from, to, context);
    return 'ok';
  } catch (error) {
    return (error as AppError).code;
  }
}

describe('ticket state machine truth table', () => {
  const pairs = ticketStatuses.flatMap((from) => ticketStatuses.map((to) => [from, to] as const));
  it.each(pairs)('%s → %s', (from, to) => {
    const allowed = expected[from].includes(to) || (to === 'cancelled' && isOpen(from));
    expect(outcome(from, to)).toBe(allowed ? 'ok' : 'CONFLICT');
    expect(allowedNextStatuses(from).includes(to)).toBe(allowed);
  });

  it('names both states in the refusal', () => {
    try {
      assertTransition('received', 'resolved', permissive);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).text.zh).toContain('已受理');
      expect((error as AppError).text.zh).toContain('已解决');
      expect((error as AppError).text.en).toMatch(/received.*resolved/);
    }
  });

  it('closed and cancelled are the only closed states; cancelled is final', () => {
    expect(openStatuses).toEqual(ticketStatuses.filter(isOpen));
    expect(allowedNextStatuses('cancelled')).toEqual([]);
  });
});

describe('conditions on moves', () => {
  it('cancelling and reopening need a reason (400 on field reason)', () => {
    for (const [from, to] of [
      ['received', 'cancelled'],
      ['closed', 'reopened'],
    ] as const) {
      for (const reason of [null, undefined, '   ']) {
        try {
          assertTransition(from, to, { serviceMode: 'remote', reason });
          expect.unreachable();
        } catch (error) {
          expect((error as AppError).code).toBe('VALIDATION');
          expect((error as AppError).fields?.[0].field).toBe('reason');
        }
      }
    }
  });

  it('only on-site tickets travel and check in', () => {
    for (const mode of ['remote', 'send_in', 'parts_by_mail', null] as const) {
      expect(outcome('accepted', 'en_route', { ...permissive, serviceMode: mode as never })).toBe('CONFLICT');
      expect(outcome('en_route', 'on_site', { ...permissive, serviceMode: mode as never })).toBe('CONFLICT');
    }
  });

  it('closing straight after resolution needs the customer’s acceptance unless handled remotely or by mail', () => {
    const context = (serviceMode: 'remote' | 'on_site' | 'send_in' | 'parts_by_mail', accepted: boolean) => ({
      serviceMode,
      hasCustomerAcceptance: accepted,
    });
    expect(outcome('resolved', 'closed', context('remote', false))).toBe('ok');
    expect(outcome('resolved', 'closed', context('parts_by_mail', false))).toBe('ok');
    expect(outcome('resolved', 'closed', context('on_site', false))).toBe('CONFLICT');
    expect(outcome('resolved', 'closed', context('send_in', false))).toBe('CONFLICT');
    expect(outcome('resolved', 'closed', context('on_site', true))).toBe('ok');
    expect(outcome('customer_accepted', 'closed', context('send_in', false))).toBe('ok');
  });

  it('manual moves exclude classification and dispatch states', () => {
    for (const to of ['classified', 'assigned', 'accepted', 'en_route', 'on_site', 'received'] as const) {
      expect(() => assertManualTransition(to)).toThrow(AppError);
    }
    for (const to of ['in_progress', 'resolved', 'closed', 'cancelled', 'reopened', 'waiting_parts'] as const) {
      expect(() => assertManualTransition(to)).not.toThrow();
    }
  });
});

describe('transition effects on the deadlines', () => {
  const technical = { serviceMode: 'remote' as const, classification: 'technical' as const };
  it('waiting states pause and resume', () => {
    expect(pauseReasonOf('waiting_customer')).toBe('waiting_customer');
    expect(pauseReasonOf('waiting_parts')).toBe('waiting_parts');
    expect(transitionEffects('in_progress', 'waiting_customer', technical)).toMatchObject({
      pause: 'waiting_customer',
      resume: false,
    });
    expect(transitionEffects('waiting_customer', 'in_progress', technical)).toMatchObject({
      pause: null,
      resume: true,
    });
    expect(transitionEffects('waiting_parts', 'cancelled', technical)).toMatchObject({ resume: false, cancel: true });
  });
  it('stops the clocks at their events', () => {
    expect(transitionEffects('en_route', 'on_site', { ...technical, serviceMode: 'on_site' }).stop).toEqual([
      'arrival',
    ]);
    expect(transitionEffects('in_progress', 'resolved', technical)).toMatchObject({
      stop: ['resolution', 'response', 'loaner'],
      drop: ['arrival', 'technical_plan', 'intake', 'quality_assignment'],
    });
    expect(transitionEffects('classified', 'assigned', { ...technical, classification: 'quality' }).stop).toEqual([
      'quality_assignment',
    ]);
    expect(transitionEffects('classified', 'assigned', technical).stop).toEqual([]);
    expect(transitionEffects('resolved', 'customer_accepted', technical).stop).toEqual(['remote_verification']);
    expect(transitionEffects('resolved', 'closed', technical).stop).toEqual(['remote_verification']);
    expect(transitionEffects('resolved', 'closed', { ...technical, serviceMode: 'on_site' }).stop).toEqual([]);
    expect(transitionEffects('customer_accepted', 'closed', technical).drop).toContain('technical_plan');
  });
  it('cancel and reopen', () => {
    expect(transitionEffects('received', 'cancelled', technical).cancel).toBe(true);
    expect(transitionEffects('closed', 'reopened', technical).reopen).toBe(true);
  });
});
