import { describe, expect, it } from 'vitest';
import { PUBLIC_WORK_TIME } from '../../src/schedules/work-time';
import { phoneFields } from '../../src/crm/phone';
import type { Call } from '../../src/crm/model';
import { evaluateRules } from '../../src/rules';
import { SnapshotIndex } from '../../src/rules/snapshot-index';
import { at, BASE, call, deal, openAt, onlyRule } from '../support/fixture';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** Monday 16 November 2026, 11:00 in Moscow: working time. */
const T = at('2026-11-16T08:00:00Z');
const client = phoneFields('+7 (916) 123-45-67');
const otherNumber = phoneFields('+7 903 555-12-12');

/** The client's missed incoming call on deal d1, at T. */
const missed = (fields: Partial<Call> = {}): Call => call({ id: 'miss', direction: 'in', missed: true, durationSec: 0, at: T, ...client, ...fields });
const deals = [deal({ id: 'd1', createdAt: T - 30 * DAY, contactIds: ['c1'], stageId: 's-work', price: 85_000 }), deal({ id: 'd2', createdAt: T - 2 * DAY, contactIds: ['c2'] })];

describe('missed_call_not_returned (15 min on the working clock)', () => {
  const norms = onlyRule('missed_call_not_returned');
  const open = (calls: Call[], minutesLater: number) => openAt({ deals, calls }, norms, T + minutesLater * MIN);

  it.each([
    ['not returned, 14 min later', 0, 14, []],
    ['not returned, 16 min later', 1, 16, []],
    ['returned by an outgoing call after 10 min', 0, 60, [call({ id: 'back', at: T + 10 * MIN, ...client })]],
    ['returned by an outgoing attempt nobody picked up, after 10 min', 0, 60, [call({ id: 'back', at: T + 10 * MIN, missed: true, durationSec: 0, ...client })]],
    ['the client called again and was answered after 12 min', 0, 60, [call({ id: 'again', direction: 'in', at: T + 12 * MIN, ...client, dealId: null })]],
    ['the client called again after 5 min, missed again: still nobody talked', 1, 60, [missed({ id: 'again', at: T + 5 * MIN })]],
    ['returned after 20 min: late, resolved by then', 0, 60, [call({ id: 'back', at: T + 20 * MIN, ...client })]],
    ['the number written otherwise: 8 916 123 45 67, after 10 min', 0, 60, [call({ id: 'back', at: T + 10 * MIN, dealId: null, ...phoneFields('8 916 123 45 67') })]],
    ['returned from another number of the same contact, on the contact card, after 10 min', 0, 60, [call({ id: 'back', at: T + 10 * MIN, dealId: null, contactId: 'c1', ...otherNumber })]],
    ['returned by a call on the deal from another number, after 10 min', 0, 60, [call({ id: 'back', at: T + 10 * MIN, ...otherNumber })]],
    ['a call to another client after 10 min does not count', 1, 60, [call({ id: 'other', at: T + 10 * MIN, dealId: 'd2', contactId: null, ...otherNumber })]],
    ['an outgoing call before the missed one does not count', 1, 60, [call({ id: 'before', at: T - 5 * MIN, ...client })]],
  ])('%s → %i', (_, expected, minutesLater, calls) => {
    expect(open([missed(), ...calls], minutesLater)).toHaveLength(expected);
  });

  it('names the deal, its manager and stage, and the number masked', () => {
    const [finding] = open([missed()], 40);
    expect(finding).toMatchObject({
      key: 'missed_call_not_returned:miss',
      rule: 'missed_call_not_returned',
      severity: 'violation',
      dealId: 'd1',
      taskId: null,
      managerId: 'm1',
      stageId: 's-work',
      amount: 85_000,
      since: T,
      resolvedAt: null,
      facts: { calledAt: T, phone: '•••45-67', returnedAt: null, waitedMs: 40 * MIN, normMs: 15 * MIN },
    });
    expect(JSON.stringify(finding)).not.toContain('916');
  });

  it('a late return resolves the finding when the call came, and says after how long', () => {
    const calls = [missed(), call({ id: 'back', at: T + 20 * MIN, ...client })];
    const [finding] = evaluateRules(new SnapshotIndex({ ...BASE, deals, calls }), norms, PUBLIC_WORK_TIME, { from: T, at: T + 60 * MIN });
    expect(finding).toMatchObject({ since: T, resolvedAt: T + 20 * MIN, facts: { returnedAt: T + 20 * MIN, waitedMs: 20 * MIN } });
  });

  it('a call filed on a contact card is about the contact\'s newest open deal, and its manager', () => {
    const d3 = deal({ id: 'd3', createdAt: T - DAY, contactIds: ['c1'], responsibleId: 'm2' });
    const [finding] = openAt({ deals: [...deals, d3], calls: [missed({ dealId: null, contactId: 'c1' })] }, norms, T + 20 * MIN);
    expect(finding).toMatchObject({ dealId: 'd3', managerId: 'm2' });
  });

  it('a call from a number the CRM does not know names the line\'s manager and no deal', () => {
    const [finding] = openAt({ deals, calls: [missed({ dealId: null, userId: 'm2' })] }, norms, T + 20 * MIN);
    expect(finding).toMatchObject({ dealId: null, managerId: 'm2', stageId: null, amount: null });
  });

  it('a client who called three times before anyone called back is one finding, the first call\'s', () => {
    const calls = [missed(), missed({ id: 'miss2', at: T + 30 * MIN }), missed({ id: 'miss3', at: T + 50 * MIN, dealId: null })];
    expect(open(calls, 90).map((f) => f.key)).toEqual(['missed_call_not_returned:miss']);
    // Returned between the second and the third: the third is a new missed call.
    const returned = [...calls, call({ id: 'back', at: T + 40 * MIN, ...client })];
    expect(open(returned, 90).map((f) => f.key)).toEqual(['missed_call_not_returned:miss3']);
  });

  it.each([
    // Friday 17:55 in Moscow: the 15 minutes run 5 on Friday and 10 on Monday morning.
    ['Friday 17:55, Monday 09:09', '2026-11-20T14:55:00Z', '2026-11-23T06:09:00Z', 0],
    ['Friday 17:55, Monday 09:11', '2026-11-20T14:55:00Z', '2026-11-23T06:11:00Z', 1],
    // At night: the working clock starts at 09:00.
    ['Tuesday 02:00, 09:14', '2026-11-16T23:00:00Z', '2026-11-17T06:14:00Z', 0],
    ['Tuesday 02:00, 09:16', '2026-11-16T23:00:00Z', '2026-11-17T06:16:00Z', 1],
  ])('on the working clock: missed %s → %i', (_, calledAt, instant, expected) => {
    expect(openAt({ deals, calls: [missed({ at: at(calledAt) })] }, norms, at(instant))).toHaveLength(expected);
  });

  it('on the calendar clock the night counts', () => {
    const calendar = onlyRule('missed_call_not_returned', (n) => (n.rules.missed_call_not_returned.clock = 'calendar'));
    expect(openAt({ deals, calls: [missed({ at: at('2026-11-16T23:00:00Z') })] }, calendar, at('2026-11-16T23:16:00Z'))).toHaveLength(1);
  });

  it('forgets a call never returned after the lookback', () => {
    expect(open([missed()], 7 * 24 * 60 - 1)).toHaveLength(1);
    expect(open([missed()], 7 * 24 * 60 + 1)).toHaveLength(0);
  });

  it('a missed outgoing call is not a missed call of the client', () => {
    expect(open([missed({ direction: 'out' })], 60)).toHaveLength(0);
  });
});

describe('first contact by a call on the contact card', () => {
  const norms = onlyRule('first_contact_slow');
  const created = T;

  it.each([
    ['an outgoing call on the contact card after 10 min counts for the contact\'s new deal', 0, [call({ id: 'c', dealId: null, contactId: 'c2', at: created + 10 * MIN })]],
    ['an answered incoming call of the lead after 3 min: contact made', 0, [call({ id: 'c', direction: 'in', dealId: 'd2', at: created + 3 * MIN })]],
    ['a call on another contact\'s card does not count', 1, [call({ id: 'c', dealId: null, contactId: 'c9', at: created + 10 * MIN })]],
  ])('%s → %i', (_, expected, calls) => {
    const fresh = [deal({ id: 'd2', createdAt: created, contactIds: ['c2'] })];
    expect(openAt({ deals: fresh, calls }, norms, created + 30 * MIN)).toHaveLength(expected);
  });
});
