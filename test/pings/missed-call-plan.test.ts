import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER } from '../../src/norms/ladder';
import { pingKey, planMissedCallPings, type OpenPing } from '../../src/pings/plan';
import { overlayCrmCalls } from '../../src/pings/verify';
import type { Finding } from '../../src/rules/types';
import { at, call } from '../support/fixture';

const CALLED = at('2026-11-23T10:40:00+03:00');
const NOW = at('2026-11-23T11:00:00+03:00');
const MIN = 60_000;

const unreturned = (callId: string): Finding => ({
  key: `missed_call_not_returned:${callId}`,
  rule: 'missed_call_not_returned',
  severity: 'violation',
  dealId: 'd1',
  taskId: null,
  managerId: 'm1',
  pipelineId: 'p1',
  stageId: 's1',
  amount: 1000,
  since: CALLED,
  resolvedAt: null,
  facts: { calledAt: CALLED, phone: '•••45-67', returnedAt: null, waitedMs: 20 * MIN, normMs: 15 * MIN },
});
const openPing = (fields: Partial<OpenPing> = {}): OpenPing => ({ id: 1, subject: 'missed_call', taskId: 'k1', dealId: 'd1', dueAt: CALLED, detectedAt: CALLED + 16 * MIN, fired: new Set(['0:manager', '0:supervisor']), ...fields });
const plan = (input: Partial<Parameters<typeof planMissedCallPings>[0]>) =>
  planMissedCallPings({ unreturned: [], open: [], pinged: new Set(), callState: () => ({ returnedAt: null, holds: true }), at: NOW, ladder: DEFAULT_LADDER, ...input });

describe('planning missed-call pings', () => {
  it('pings a missed call once: never again once recorded', () => {
    expect(plan({ unreturned: [unreturned('k1')] }).fresh).toHaveLength(1);
    expect(plan({ unreturned: [unreturned('k1')], pinged: new Set([pingKey('k1', CALLED)]) }).fresh).toHaveLength(0);
  });

  it.each([
    ['returned at 10:58', { returnedAt: NOW - 2 * MIN, holds: false }, null, [{ pingId: 1, outcome: 'returned', at: NOW - 2 * MIN, newDueAt: null }]],
    ['no longer counted, never returned (the rule was turned off)', { returnedAt: null, holds: false }, null, [{ pingId: 1, outcome: 'gone', at: NOW, newDueAt: null }]],
    ['its deal snoozed', { returnedAt: null, holds: true }, NOW + 86_400_000, [{ pingId: 1, outcome: 'snoozed', at: NOW, newDueAt: null, until: NOW + 86_400_000 }]],
    ['returned while its deal is snoozed: returned wins', { returnedAt: NOW - MIN, holds: false }, NOW + 86_400_000, [{ pingId: 1, outcome: 'returned', at: NOW - MIN, newDueAt: null }]],
    ['still waiting', { returnedAt: null, holds: true }, null, []],
  ])('an open ping whose call is %s', (_case, state, snoozedUntil, closures) => {
    expect(plan({ open: [openPing()], callState: () => state, snoozedUntil: () => snoozedUntil }).closures).toEqual(closures);
  });

  it('fires the ladder\'s later step two hours after detection while nobody calls back', () => {
    const ping = openPing();
    expect(plan({ open: [ping], at: ping.detectedAt + 119 * MIN }).steps).toEqual([]);
    expect(plan({ open: [ping], at: ping.detectedAt + 120 * MIN }).steps).toEqual([{ pingId: 1, steps: [{ afterMinutes: 120, to: 'supervisor' }] }]);
  });
});

describe('overlayCrmCalls: the CRM\'s calls from an instant on win over the snapshot', () => {
  const missed = call({ id: 'k1', direction: 'in', missed: true, durationSec: 0, at: CALLED });
  const older = call({ id: 'k0', at: CALLED - 60 * MIN });

  it('adds a callback the snapshot does not have yet, and keeps what came before the instant', () => {
    const back = call({ id: 'k2', at: CALLED + 10 * MIN });
    expect(overlayCrmCalls([older, missed], CALLED, [missed, back])).toEqual({ calls: [older, missed, back], confirmed: [missed, back] });
  });

  it('a call the CRM now reports differently is taken as the CRM has it; one it did not list stays', () => {
    const answered = { ...missed, missed: false, durationSec: 30 };
    expect(overlayCrmCalls([older, missed], CALLED, [answered]).calls).toEqual([older, answered]);
    expect(overlayCrmCalls([older, missed], CALLED, []).calls).toEqual([older, missed]);
  });

  it('ignores calls the CRM sent from before the instant', () => {
    expect(overlayCrmCalls([missed], CALLED, [{ ...older, durationSec: 1 }, missed]).confirmed).toEqual([missed]);
  });
});
