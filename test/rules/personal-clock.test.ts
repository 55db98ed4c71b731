import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../src/calendar/local-date';
import { PUBLIC_CALENDAR } from '../../src/calendar/work-calendar';
import type { Snapshot } from '../../src/crm/model';
import type { Norms } from '../../src/norms/schema';
import type { Absence, AbsenceKind, PersonalSchedule, WorkPattern } from '../../src/schedules/model';
import { deal, move, onlyRule, openAt, task } from '../support/fixture';

/**
 * Rules on the `working` clock count the responsible manager's own working
 * time: m1 (Ипполит) works «3/3» 09:00–21:00 from Tuesday 1 December 2026
 * (on 1–3, off 4–6, on 7–9, off 10–12, on 13–15, off 16–18, on 19–21), m2
 * (Анна) has no schedule of her own and works the account's hours (Mon–Fri
 * 09:00–18:00 Moscow). Both are judged in the same evaluation.
 */

const msk = (local: string) => Date.parse(`${local}+03:00`);
const day = (iso: string) => parseIsoDate(iso)!;
const away = (kind: AbsenceKind, from: string, to: string): Absence => ({ kind, from: day(from), to: day(to) });
const THREE_THREE: WorkPattern = { kind: 'cycle', on: 3, off: 3, start: day('2026-12-01'), from: '09:00', to: '21:00' };

const SHIFTS: ReadonlyMap<string, PersonalSchedule> = new Map([['m1', { pattern: THREE_THREE, absences: [] }]]);

const created = msk('2026-11-20T10:00:00');
const deals = [deal({ id: 'd1', createdAt: created, responsibleId: 'm1' }), deal({ id: 'd2', createdAt: created, responsibleId: 'm2' })];

const working = <R extends 'task_overdue' | 'deal_without_task' | 'stage_time_exceeded'>(rule: R, adjust: (norms: Norms) => void = () => {}) =>
  onlyRule(rule, (n) => {
    n.rules[rule].clock = 'working';
    adjust(n);
  });

/** What is open at `instant`: the rule's subjects (task or deal ids), sorted. */
const openIds = (parts: Partial<Snapshot>, norms: Norms, instant: string, personal: ReadonlyMap<string, PersonalSchedule>) =>
  openAt(parts, norms, msk(instant), PUBLIC_CALENDAR, personal)
    .map((f) => f.taskId ?? f.dealId)
    .sort();

describe('task_overdue on the working clock, 120 min grace: each manager by their own time', () => {
  const norms = working('task_overdue', (n) => (n.rules.task_overdue.graceMinutes = 120));

  describe('due Thursday 3.12 at 20:00 (m1: the last hour of a block; m2: after hours)', () => {
    const due = msk('2026-12-03T20:00:00');
    // m1: 1 h on 3.12, 1 h from 7.12 09:00 → late after 7.12 10:00. m2: 2 h from Friday 4.12 09:00 → late after 4.12 11:00.
    const tasks = [task({ id: 't1', dealId: 'd1', responsibleId: 'm1', createdAt: created, dueAt: due }), task({ id: 't2', dealId: 'd2', responsibleId: 'm2', createdAt: created, dueAt: due })];

    it.each<[string, string[]]>([
      ['2026-12-03T21:30:00', []],
      ['2026-12-04T11:00:00', []],
      ['2026-12-04T11:01:00', ['t2']],
      ['2026-12-06T12:00:00', ['t2']],
      ['2026-12-07T10:00:00', ['t2']],
      ['2026-12-07T10:01:00', ['t1', 't2']],
    ])('at %s → %j', (instant, expected) => {
      expect(openIds({ deals, tasks }, norms, instant, SHIFTS)).toEqual(expected);
    });

    it('without m1’s schedule both are late at once, by the account’s hours', () => {
      expect(openIds({ deals, tasks }, norms, '2026-12-04T11:01:00', new Map())).toEqual(['t1', 't2']);
    });

    it('the finding’s since stays the due time; how late is counted in calendar time', () => {
      const [finding] = openAt({ deals, tasks: [tasks[0]!] }, norms, msk('2026-12-07T10:01:00'), PUBLIC_CALENDAR, SHIFTS);
      expect(finding).toMatchObject({ taskId: 't1', managerId: 'm1', since: due, facts: { dueAt: due, lateMs: msk('2026-12-07T10:01:00') - due } });
    });
  });

  describe('due Saturday 19.12 at 10:00 (m1: on shift; m2: the weekend)', () => {
    const due = msk('2026-12-19T10:00:00');
    const tasks = [task({ id: 't1', dealId: 'd1', responsibleId: 'm1', createdAt: created, dueAt: due }), task({ id: 't2', dealId: 'd2', responsibleId: 'm2', createdAt: created, dueAt: due })];

    it.each<[string, string[]]>([
      ['2026-12-19T12:00:00', []],
      // m1 is late on their Saturday shift; m2's grace has not begun.
      ['2026-12-19T12:01:00', ['t1']],
      ['2026-12-21T11:00:00', ['t1']],
      ['2026-12-21T11:01:00', ['t1', 't2']],
    ])('at %s → %j', (instant, expected) => {
      expect(openIds({ deals, tasks }, norms, instant, SHIFTS)).toEqual(expected);
    });
  });

  it('the calendar clock ignores personal schedules', () => {
    const calendarNorms = onlyRule('task_overdue', (n) => (n.rules.task_overdue.graceMinutes = 120));
    const tasks = [task({ id: 't1', dealId: 'd1', responsibleId: 'm1', createdAt: created, dueAt: msk('2026-12-03T20:00:00') })];
    expect(openIds({ deals, tasks }, calendarNorms, '2026-12-03T22:00:00', SHIFTS)).toEqual([]);
    expect(openIds({ deals, tasks }, calendarNorms, '2026-12-03T22:01:00', SHIFTS)).toEqual(['t1']);
  });
});

describe('stage_time_exceeded on the working clock: 24 working hours on «Целевая сделка»', () => {
  const norms = working('stage_time_exceeded', (n) => (n.rules.stage_time_exceeded.stages = { 's-new': 24 }));
  // Both deals enter the stage on Tuesday 1.12 at 09:00. m1: 12 h on 1.12 and 2.12 → exceeded at 2.12 21:00.
  // m2: 9 h on 1.12 and 2.12, 6 h on 3.12 → exceeded at 3.12 15:00.
  const entered = msk('2026-12-01T09:00:00');
  const inStage = [deal({ id: 'd1', createdAt: entered, responsibleId: 'm1' }), deal({ id: 'd2', createdAt: entered, responsibleId: 'm2' })];

  it.each<[string, string[]]>([
    ['2026-12-02T21:00:00', []],
    ['2026-12-02T21:01:00', ['d1']],
    ['2026-12-03T15:00:00', ['d1']],
    ['2026-12-03T15:01:00', ['d1', 'd2']],
  ])('at %s → %j', (instant, expected) => {
    expect(openIds({ deals: inStage }, norms, instant, SHIFTS)).toEqual(expected);
  });

  it('since = the instant each manager’s own norm ran out', () => {
    const found = openAt({ deals: inStage }, norms, msk('2026-12-04T12:00:00'), PUBLIC_CALENDAR, SHIFTS);
    expect(found.map((f) => [f.dealId, new Date(f.since).toISOString()]).sort()).toEqual([
      ['d1', new Date(msk('2026-12-02T21:00:00')).toISOString()],
      ['d2', new Date(msk('2026-12-03T15:00:00')).toISOString()],
    ]);
  });

  it('a later visit counts from its own entry: moved to «Контакт установлен» (72 h) on an off day', () => {
    const moved = msk('2026-12-04T12:00:00');
    const norms72 = working('stage_time_exceeded');
    const visited = [deal({ id: 'd1', createdAt: entered, responsibleId: 'm1', stageId: 's-work', stageEnteredAt: moved })];
    const stageChanges = [move('d1', 's-new', 's-work', moved)];
    // 72 h = six 12-hour shifts: 7, 8, 9, 13, 14, 15 December → exceeded at 15.12 21:00.
    expect(openIds({ deals: visited, stageChanges }, norms72, '2026-12-15T21:00:00', SHIFTS)).toEqual([]);
    expect(openIds({ deals: visited, stageChanges }, norms72, '2026-12-15T21:01:00', SHIFTS)).toEqual(['d1']);
  });
});

describe('deal_without_task on the working clock, 60 min grace', () => {
  const norms = working('deal_without_task');
  // Both created on Friday 4.12 at 10:00: an off day for m1 (grace from 7.12 09:00), a working day for m2.
  const fresh = [deal({ id: 'd1', createdAt: msk('2026-12-04T10:00:00'), responsibleId: 'm1' }), deal({ id: 'd2', createdAt: msk('2026-12-04T10:00:00'), responsibleId: 'm2' })];

  it.each<[string, string[]]>([
    ['2026-12-04T11:00:00', []],
    ['2026-12-04T11:01:00', ['d2']],
    ['2026-12-07T10:00:00', ['d2']],
    ['2026-12-07T10:01:00', ['d1', 'd2']],
  ])('at %s → %j', (instant, expected) => {
    expect(openIds({ deals: fresh }, norms, instant, SHIFTS)).toEqual(expected);
  });
});

describe('a manager on vacation: the working clock does not run during the absence', () => {
  const norms = working('task_overdue', (n) => (n.rules.task_overdue.graceMinutes = 120));

  it.each<[string, string[]]>([
    ['2026-12-07T10:01:00', ['t2']],
    ['2026-12-11T17:00:00', ['t2']],
    ['2026-12-14T10:00:00', ['t2']],
    ['2026-12-14T10:01:00', ['t1', 't2']],
  ])('on the account’s hours with a vacation 7–11.12: due Friday 4.12 17:00, at %s → %j', (instant, expected) => {
    // m1 has no pattern of their own, only the vacation: 1 h on 4.12, then 1 h from Monday 14.12 09:00.
    const personal = new Map([['m1', { pattern: null, absences: [away('vacation', '2026-12-07', '2026-12-11')] }]]);
    const due = msk('2026-12-04T17:00:00');
    const tasks = [task({ id: 't1', dealId: 'd1', responsibleId: 'm1', createdAt: created, dueAt: due }), task({ id: 't2', dealId: 'd2', responsibleId: 'm2', createdAt: created, dueAt: due })];
    expect(openIds({ deals, tasks }, norms, instant, personal)).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['2026-12-13T10:01:00', []],
    ['2026-12-20T12:00:00', []],
    ['2026-12-21T10:00:00', []],
    ['2026-12-21T10:01:00', ['t1']],
  ])('on a 3/3 with a vacation 10–20.12: due 9.12 at 20:00, at %s → %j', (instant, expected) => {
    // 1 h on 9.12; the shifts of 13–15 and 19–20 December are dropped; 1 h from 21.12 09:00.
    const personal = new Map([['m1', { pattern: THREE_THREE, absences: [away('vacation', '2026-12-10', '2026-12-20')] }]]);
    const tasks = [task({ id: 't1', dealId: 'd1', responsibleId: 'm1', createdAt: created, dueAt: msk('2026-12-09T20:00:00') })];
    expect(openIds({ deals, tasks }, norms, instant, personal)).toEqual(expected);
  });

  it('stage_time_exceeded stops for the vacation too; another manager’s deal is unaffected', () => {
    const stageNorms = working('stage_time_exceeded', (n) => (n.rules.stage_time_exceeded.stages = { 's-new': 9 }));
    // Both enter on Friday 4.12 at 09:00; m1 is away 4.12 itself and 7–8.12: 9 working hours from Wednesday 9.12 09:00.
    const entered = msk('2026-12-04T09:00:00');
    const both = [deal({ id: 'd1', createdAt: entered, responsibleId: 'm1' }), deal({ id: 'd2', createdAt: entered, responsibleId: 'm2' })];
    const personal = new Map([['m1', { pattern: null, absences: [away('sick', '2026-12-04', '2026-12-04'), away('day_off', '2026-12-07', '2026-12-08')] }]]);
    expect(openIds({ deals: both }, stageNorms, '2026-12-04T18:01:00', personal)).toEqual(['d2']);
    expect(openIds({ deals: both }, stageNorms, '2026-12-09T18:00:00', personal)).toEqual(['d2']);
    expect(openIds({ deals: both }, stageNorms, '2026-12-09T18:01:00', personal)).toEqual(['d1', 'd2']);
  });

  it('an absence after the grace ran out changes nothing', () => {
    const personal = new Map([['m1', { pattern: THREE_THREE, absences: [away('vacation', '2026-12-10', '2026-12-20')] }]]);
    const tasks = [task({ id: 't1', dealId: 'd1', responsibleId: 'm1', createdAt: created, dueAt: msk('2026-12-07T10:00:00') })];
    expect(openIds({ deals, tasks }, norms, '2026-12-07T12:00:00', personal)).toEqual([]);
    expect(openIds({ deals, tasks }, norms, '2026-12-07T12:01:00', personal)).toEqual(['t1']);
    expect(openIds({ deals, tasks }, norms, '2026-12-15T12:00:00', personal)).toEqual(['t1']);
  });
});
