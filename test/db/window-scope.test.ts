import { afterEach, describe, expect, it } from 'vitest';
import { PUBLIC_WORK_TIME } from '../../src/schedules/work-time';
import { isoWeekStart } from '../../src/crm/demo/calendar';
import { generateDemoAccount } from '../../src/crm/demo/generator';
import { chunksAt } from '../../src/crm/demo/snapshot-at';
import { ENTITY_NAMES, type EpochMs, type Snapshot } from '../../src/crm/model';
import { loadSnapshot } from '../../src/db/snapshot-reader';
import { readWindowScope } from '../../src/db/window-scope';
import { defaultNorms } from '../../src/norms/defaults';
import type { Norms } from '../../src/norms/schema';
import { buildWeeklyReport, countWeek, reportStart } from '../../src/report/aggregate';
import { evaluateRules, lookbackMs } from '../../src/rules';
import { SnapshotIndex } from '../../src/rules/snapshot-index';
import { BASE, at, call, deal, move, task } from '../support/fixture';
import { tempDatabaseWith, type tempDatabase } from '../support/temp-db';
import { WEEK } from '../../src/time';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let db: ReturnType<typeof tempDatabase> | undefined;
afterEach(() => db?.dispose());

function stored(snapshot: Snapshot): NonNullable<typeof db> {
  db = tempDatabaseWith(snapshot);
  return db;
}

/** Norms that exercise other paths: working-time clocks with graces, longer lookbacks. */
function variedNorms(): Norms {
  const norms = defaultNorms('Europe/Moscow');
  norms.rules.task_overdue = { ...norms.rules.task_overdue, clock: 'working', graceMinutes: 60 };
  norms.rules.deal_without_task = { ...norms.rules.deal_without_task, clock: 'working', graceMinutes: 120 };
  norms.rules.stage_time_exceeded = { ...norms.rules.stage_time_exceeded, clock: 'working', hours: 24 };
  norms.rules.first_contact_slow = { ...norms.rules.first_contact_slow, lookbackDays: 30 };
  norms.rules.lost_without_reason = { ...norms.rules.lost_without_reason, lookbackDays: 14 };
  norms.rules.manager_overloaded = { ...norms.rules.manager_overloaded, maxOpenDeals: 3 };
  norms.rules.high_value_unattended = { ...norms.rules.high_value_unattended, minAmount: 50_000 };
  return norms;
}

/** Rules over the slice give what they give over the whole snapshot: findings at instants and over spans, and the report. */
function expectSameAsWhole(handle: NonNullable<typeof db>, norms: Norms, instants: EpochMs[]): void {
  const whole = new SnapshotIndex(loadSnapshot(handle, 'main'));
  for (const t of instants) {
    const atInstant = new SnapshotIndex(readWindowScope(handle, 'main', { from: t, lookbackMs: lookbackMs(norms) }));
    expect(evaluateRules(atInstant, norms, PUBLIC_WORK_TIME, { from: t, at: t })).toEqual(evaluateRules(whole, norms, PUBLIC_WORK_TIME, { from: t, at: t }));
    const overWeeks = new SnapshotIndex(readWindowScope(handle, 'main', { from: reportStart(t), lookbackMs: lookbackMs(norms) }));
    expect(evaluateRules(overWeeks, norms, PUBLIC_WORK_TIME, { from: t - 3 * DAY, at: t })).toEqual(evaluateRules(whole, norms, PUBLIC_WORK_TIME, { from: t - 3 * DAY, at: t }));
    expect(buildWeeklyReport(overWeeks, norms, PUBLIC_WORK_TIME, t)).toEqual(buildWeeklyReport(whole, norms, PUBLIC_WORK_TIME, t));
    // A slice ending at t too (a trend week counted on its own): the same over the week and inside it.
    const week = new SnapshotIndex(readWindowScope(handle, 'main', { from: t - WEEK, until: t, lookbackMs: lookbackMs(norms) }));
    expect(countWeek(week, norms, PUBLIC_WORK_TIME, t)).toEqual(countWeek(whole, norms, PUBLIC_WORK_TIME, t));
    expect(evaluateRules(week, norms, PUBLIC_WORK_TIME, { from: t - WEEK, at: t })).toEqual(evaluateRules(whole, norms, PUBLIC_WORK_TIME, { from: t - WEEK, at: t }));
    expect(evaluateRules(week, norms, PUBLIC_WORK_TIME, { from: t - 4 * DAY, at: t - 2 * DAY })).toEqual(evaluateRules(whole, norms, PUBLIC_WORK_TIME, { from: t - 4 * DAY, at: t - 2 * DAY }));
  }
}

describe('readWindowScope (the slice of the snapshot rules need)', () => {
  const F = at('2026-11-20T12:00:00Z');

  /** One case per way a row can matter to a window only through what came before it. */
  function edgeCases(): Snapshot {
    return {
      ...BASE,
      stages: [...BASE.stages],
      deals: [
        // Open a month; its history has two moves at one instant and tasks settled long before the window.
        deal({ id: 'd1', createdAt: F - 30 * DAY, stageId: 's-work', stageEnteredAt: F - 20 * DAY }),
        // Lost three months ago, but one of its tasks is still open and overdue.
        deal({ id: 'd2', createdAt: F - 100 * DAY, stageId: 's-lost', closedAt: F - 90 * DAY, lossReason: 'Дорого' }),
        // In a stage the CRM no longer lists: counts as open.
        deal({ id: 'd3', createdAt: F - 100 * DAY, stageId: 's-ghost', stageEnteredAt: F - 100 * DAY }),
        // New three days ago, first reached by a call half an hour in (a call before it was created does not count).
        deal({ id: 'd4', createdAt: F - 3 * DAY, responsibleId: 'm2' }),
        // Lost five days ago with no reason.
        deal({ id: 'd5', createdAt: F - 20 * DAY, stageId: 's-lost', closedAt: F - 5 * DAY }),
        // Won two days ago after forty days.
        deal({ id: 'd6', createdAt: F - 40 * DAY, stageId: 's-won', closedAt: F - 2 * DAY, stageEnteredAt: F - 2 * DAY }),
        // Big money, open, with an overdue task.
        deal({ id: 'd7', createdAt: F - 15 * DAY, price: 500_000, responsibleId: 'm2' }),
        // Won a year ago, nothing open: not part of any window.
        deal({ id: 'd8', createdAt: F - 400 * DAY, stageId: 's-won', closedAt: F - 380 * DAY }),
        // Two more open deals: the first manager has more than three.
        deal({ id: 'd9', createdAt: F - 8 * DAY, contactIds: ['c9'] }),
        deal({ id: 'e1', createdAt: F - 9 * DAY }),
        // Lost half a year ago; its client called again two days before F and nobody called back.
        deal({ id: 'e2', createdAt: F - 200 * DAY, stageId: 's-lost', closedAt: F - 190 * DAY, lossReason: 'Дорого', price: 70_000 }),
      ],
      tasks: [
        task({ id: 't1', dealId: 'd1', createdAt: F - 29 * DAY, completed: true, completedAt: F - 25 * DAY }),
        task({ id: 't2', dealId: 'd1', createdAt: F - 28 * DAY, completed: true, completedAt: F - 22 * DAY }),
        task({ id: 't3', dealId: 'd1', createdAt: F - 10 * DAY, completed: true, completedAt: null }),
        task({ id: 't4', dealId: 'd2', createdAt: F - 95 * DAY, dueAt: F - 60 * DAY }),
        task({ id: 't5', dealId: 'd4', createdAt: F - 3 * DAY, completed: true, completedAt: F - 3 * DAY + 40 * 60_000 }),
        task({ id: 't6', dealId: null, createdAt: F - 6 * DAY }),
        task({ id: 't7', dealId: 'd1', createdAt: F - 4 * DAY, dueAt: F - 3 * DAY, completed: true, completedAt: F - DAY }),
        task({ id: 't8', dealId: 'd7', createdAt: F - 14 * DAY, dueAt: F - 2 * DAY, responsibleId: 'm2' }),
        task({ id: 't9', dealId: 'd8', createdAt: F - 399 * DAY, dueAt: F - 398 * DAY, completed: true, completedAt: F - 397 * DAY }),
      ],
      stageChanges: [
        move('d1', 's-new', 's-work', F - 30 * DAY + HOUR),
        { ...move('d1', 's-work', 's-new', F - 20 * DAY), id: 'c-tie-a' },
        { ...move('d1', 's-new', 's-work', F - 20 * DAY), id: 'c-tie-b' },
        move('d6', 's-new', 's-work', F - 39 * DAY),
        move('d6', 's-work', 's-won', F - 2 * DAY),
        move('d8', 's-new', 's-won', F - 380 * DAY),
      ],
      calls: [
        call({ id: 'k1', dealId: 'd4', at: F - 4 * DAY }),
        call({ id: 'k2', dealId: 'd4', at: F - 3 * DAY + 30 * 60_000 }),
        call({ id: 'k3', dealId: 'd4', at: F - 2 * DAY }),
        // A missed incoming call is no contact; an answered one is (k5, after k2, is not the first).
        call({ id: 'k4', dealId: 'd4', at: F - 3 * DAY + 10 * 60_000, direction: 'in', missed: true, durationSec: 0 }),
        call({ id: 'k5', dealId: 'd4', at: F - 3 * DAY + 40 * 60_000, direction: 'in' }),
        // A client's missed call filed on their contact card (d9's contact), returned two days later from another number of theirs.
        call({ id: 'm1', dealId: null, contactId: 'c9', phoneKey: 'p1', phoneTail: '4567', at: F - 6 * DAY, direction: 'in', missed: true, durationSec: 0 }),
        call({ id: 'm2', dealId: null, contactId: 'c9', phoneKey: 'p2', at: F - 4 * DAY, direction: 'out' }),
        // Called twice more from one number, never returned: one finding, the first call's. The window looks back at
        // the second call's start; the first was made a week before it.
        call({ id: 'm3', dealId: null, phoneKey: 'p3', at: F - 10 * DAY, direction: 'in', missed: true, durationSec: 0 }),
        call({ id: 'm4', dealId: null, phoneKey: 'p3', at: F - 4 * DAY, direction: 'in', missed: true, durationSec: 0 }),
        call({ id: 'm6', dealId: 'e2', phoneKey: 'p6', at: F - 2 * DAY, direction: 'in', missed: true, durationSec: 0 }),
        // A year old: no window from F on sees it.
        call({ id: 'm5', dealId: null, phoneKey: 'p3', at: F - 400 * DAY, direction: 'in', missed: true, durationSec: 0 }),
      ],
    };
  }

  it('gives the rules what the whole snapshot gives them, in edge cases', () => {
    const handle = stored(edgeCases());
    const instants = [F, F - 2 * DAY, F - 5 * DAY, F + 5 * DAY];
    expectSameAsWhole(handle, defaultNorms('Europe/Moscow'), instants);
    expectSameAsWhole(handle, variedNorms(), instants);
    // The cases are live: each rule finds something at F over the week before it.
    const found = new Set(evaluateRules(new SnapshotIndex(readWindowScope(handle, 'main', { from: F - 7 * DAY, lookbackMs: lookbackMs(variedNorms()) })), variedNorms(), PUBLIC_WORK_TIME, { from: F - 7 * DAY, at: F }).map((f) => f.rule));
    expect([...found].sort()).toEqual(
      ['deal_lifetime_exceeded', 'deal_without_task', 'first_contact_slow', 'high_value_unattended', 'lost_without_reason', 'manager_overloaded', 'missed_call_not_returned', 'stage_time_exceeded', 'task_overdue', 'task_without_deadline'].sort(),
    );
  });

  it('leaves out what no window from its start on can see', () => {
    const handle = stored(edgeCases());
    const slice = readWindowScope(handle, 'main', { from: F, lookbackMs: lookbackMs(defaultNorms('Europe/Moscow')) });
    // e2 closed long ago, but a call the slice keeps is about it.
    expect(slice.deals.map((d) => d.id)).toEqual(['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd9', 'e1', 'e2']);
    // Of d1's tasks settled by F only the last done (t7) is kept; t9 (a year-old deal's) is gone.
    expect(slice.tasks.map((t) => t.id)).toEqual(['t4', 't5', 't6', 't7', 't8']);
    // d1's history from its last moves before F (both of the tie) on; d8's is gone.
    expect(slice.stageChanges.map((c) => c.id)).toEqual(['c-tie-a', 'c-tie-b', 'd6-' + String(F - 2 * DAY)]);
    // The calls of the last two lookbacks of the missed-call rule: m3 is the earlier call m4 joins.
    expect(slice.calls.map((c) => c.id)).toEqual(['k1', 'k2', 'k3', 'k4', 'k5', 'm1', 'm2', 'm3', 'm4', 'm6']);
  });

  it('with an end, also leaves out what was made after it, but not the move that ended a visit going on then', () => {
    const handle = stored(edgeCases());
    const slice = readWindowScope(handle, 'main', { from: F - 12 * DAY, until: F - 5 * DAY, lookbackMs: lookbackMs(defaultNorms('Europe/Moscow')) });
    // d4 was created three days before F, after the end.
    expect(slice.deals.map((d) => d.id)).toEqual(['d1', 'd2', 'd3', 'd5', 'd6', 'd7', 'd9', 'e1']);
    // t5 and t7 were made after the end; t6 (no deal, open) and t3 (done, no date) were made before it.
    expect(slice.tasks.map((t) => t.id)).toEqual(['t2', 't3', 't4', 't6', 't8']);
    // d6 was at work at the end: its move to won two days before F ends that visit and is kept.
    expect(slice.stageChanges.map((c) => c.id)).toEqual(['c-tie-a', 'c-tie-b', 'd6-' + String(F - 39 * DAY), 'd6-' + String(F - 2 * DAY)]);
  });

  it('gives the rules what the whole snapshot gives them on the demo account, at several instants', () => {
    const now = Date.parse('2026-11-23T06:00:00Z');
    const snapshot = Object.fromEntries(ENTITY_NAMES.map((e) => [e, []])) as unknown as Snapshot;
    const timeline = generateDemoAccount({ seed: 11, anchor: isoWeekStart(now), scale: 0.3 });
    for (const chunk of chunksAt(timeline, now)) (snapshot[chunk.entity] as unknown[]).push(...chunk.rows);
    const handle = stored(snapshot);
    const instants = [now, now - 9 * DAY - 5 * HOUR];
    expectSameAsWhole(handle, defaultNorms('Europe/Moscow'), instants);
    expectSameAsWhole(handle, variedNorms(), instants);
    const slice = readWindowScope(handle, 'main', { from: now, lookbackMs: lookbackMs(defaultNorms('Europe/Moscow')) });
    expect(slice.stageChanges.length).toBeLessThan(snapshot.stageChanges.length / 2);
  });
});
