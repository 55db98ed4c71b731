import { afterEach, describe, expect, it } from 'vitest';
import { PUBLIC_WORK_TIME } from '../../src/schedules/work-time';
import { isoWeekStart } from '../../src/crm/demo/calendar';
import { generateDemoAccount } from '../../src/crm/demo/generator';
import { chunksAt } from '../../src/crm/demo/snapshot-at';
import { ENTITY_NAMES, type Snapshot } from '../../src/crm/model';
import { phoneFields } from '../../src/crm/phone';
import { missedCallScope } from '../../src/db/missed-call-scope';
import { loadSnapshot } from '../../src/db/snapshot-reader';
import { upsertSnapshotRows } from '../../src/db/snapshot-rows';
import { defaultNorms } from '../../src/norms/defaults';
import { evaluateRule, RULES } from '../../src/rules';
import { SnapshotIndex } from '../../src/rules/snapshot-index';
import { DAY, HOUR, MINUTE } from '../../src/time';
import { BASE, at, call, deal } from '../support/fixture';
import { tempDatabaseWith, type tempDatabase } from '../support/temp-db';

let db: ReturnType<typeof tempDatabase> | undefined;
afterEach(() => db?.dispose());

function stored(snapshot: Snapshot): NonNullable<typeof db> {
  db = tempDatabaseWith(snapshot);
  return db;
}

const norms = defaultNorms('Europe/Moscow');
const lookback = RULES.missed_call_not_returned.lookbackMs(norms.rules.missed_call_not_returned);

/** The rule over the every-minute check's slice finds exactly what it finds over the whole snapshot. */
function expectSameAsWhole(handle: NonNullable<typeof db>, instants: number[]) {
  const whole = new SnapshotIndex(loadSnapshot(handle, 'main'));
  for (const t of instants) {
    const slice = missedCallScope(handle, 'main', t, lookback);
    const window = { from: t, at: t };
    const expected = evaluateRule('missed_call_not_returned', whole, norms, PUBLIC_WORK_TIME, window);
    expect(slice === null ? [] : evaluateRule('missed_call_not_returned', new SnapshotIndex(slice), norms, PUBLIC_WORK_TIME, window)).toEqual(expected);
  }
}

describe('missedCallScope (the slice the every-minute check reads)', () => {
  const T = at('2026-11-16T08:00:00Z');
  const client = phoneFields('+7 916 123-45-67');

  it('holds the calls that return a missed call however they are filed, and nothing else', () => {
    const handle = stored({
      ...BASE,
      deals: [
        deal({ id: 'd1', createdAt: T - 30 * DAY, contactIds: ['c1'] }),
        // Another deal of the same contact, newer: a callback filed on it is the same client.
        deal({ id: 'd2', createdAt: T - 2 * DAY, contactIds: ['c1'], responsibleId: 'm2' }),
        deal({ id: 'd3', createdAt: T - 5 * DAY, contactIds: ['c3'] }),
      ],
      calls: [
        call({ id: 'miss-deal', dealId: 'd1', direction: 'in', missed: true, durationSec: 0, at: T }),
        call({ id: 'back-other-deal', dealId: 'd2', at: T + 40 * MINUTE }),
        call({ id: 'miss-card', dealId: null, contactId: 'c5', direction: 'in', missed: true, durationSec: 0, at: T + 2 * HOUR, ...client }),
        call({ id: 'back-number', dealId: null, at: T + 3 * HOUR, ...phoneFields('8 (916) 123 45 67') }),
        // Somebody else's calls: not read.
        call({ id: 'other', dealId: 'd3', at: T + HOUR }),
        call({ id: 'other-in', dealId: 'd3', direction: 'in', at: T + HOUR }),
      ],
    });
    const slice = missedCallScope(handle, 'main', T + 4 * HOUR, lookback)!;
    expect(slice.calls.map((c) => c.id).sort()).toEqual(['back-number', 'back-other-deal', 'miss-card', 'miss-deal']);
    expect(slice.deals.map((d) => d.id).sort()).toEqual(['d1', 'd2']);
    expectSameAsWhole(handle, [T + 10 * MINUTE, T + 30 * MINUTE, T + 2 * HOUR + 20 * MINUTE, T + 4 * HOUR]);
  });

  it('sees a deal given to the contact after its deals were last looked up', () => {
    const handle = stored({ ...BASE, deals: [deal({ id: 'd1', createdAt: T - DAY, contactIds: ['c1'] })], calls: [call({ id: 'miss', dealId: null, contactId: 'c1', direction: 'in', missed: true, durationSec: 0, at: T })] });
    expect(missedCallScope(handle, 'main', T + HOUR, lookback)!.deals.map((d) => d.id)).toEqual(['d1']);
    // A sync brings a new deal of the same contact.
    upsertSnapshotRows(handle.sqlite, 'deals', 'main', [deal({ id: 'd2', createdAt: T - HOUR, contactIds: ['c1'] })]);
    expect(missedCallScope(handle, 'main', T + HOUR, lookback)!.deals.map((d) => d.id).sort()).toEqual(['d1', 'd2']);
  });

  it('is null with no missed call in the lookback', () => {
    const handle = stored({ ...BASE, deals: [deal({ id: 'd1', createdAt: T })], calls: [call({ id: 'out', at: T })] });
    expect(missedCallScope(handle, 'main', T + HOUR, lookback)).toBeNull();
  });

  it('gives the rule what the whole snapshot gives it on the demo account, at several instants', () => {
    const now = Date.parse('2026-11-23T06:00:00Z');
    const snapshot = Object.fromEntries(ENTITY_NAMES.map((e) => [e, []])) as unknown as Snapshot;
    for (const chunk of chunksAt(generateDemoAccount({ seed: 3, anchor: isoWeekStart(now), scale: 0.3 }), now)) (snapshot[chunk.entity] as unknown[]).push(...chunk.rows);
    const handle = stored(snapshot);
    const instants = [now, now - 2 * DAY - 5 * HOUR, now - 9 * DAY + 7 * HOUR, now - 3 * DAY + 11 * HOUR];
    expectSameAsWhole(handle, instants);
    // The demo's calls hold missed ones: the comparison is not of two empty lists.
    expect(instants.some((t) => evaluateRule('missed_call_not_returned', new SnapshotIndex(loadSnapshot(handle, 'main')), norms, PUBLIC_WORK_TIME, { from: t, at: t }).length > 0)).toBe(true);
  });
});
