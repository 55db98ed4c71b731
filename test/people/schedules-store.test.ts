import { afterEach, describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../src/calendar/local-date';
import { ensureAccount } from '../../src/db/accounts';
import { absences, auditLog, workPatterns } from '../../src/db/schema';
import { accountWorkTime } from '../../src/jobs/work-time';
import { addAbsence, clearWorkPattern, listAbsences, listSchedules, removeAbsence, replaceSchedules, setWorkPattern } from '../../src/people/schedules';
import type { Absence, PersonalSchedule, WorkPattern } from '../../src/schedules/model';
import { tempDatabase } from '../support/temp-db';

let db: ReturnType<typeof tempDatabase> | undefined;
afterEach(() => db?.dispose());

const day = (iso: string) => parseIsoDate(iso)!;
const THREE_THREE: WorkPattern = { kind: 'cycle', on: 3, off: 3, start: day('2026-12-01'), from: '09:00', to: '21:00' };
const NIGHTS: WorkPattern = { kind: 'cycle', on: 2, off: 2, start: day('2026-12-05'), from: '21:00', to: '09:00' };
const OWN_WEEK: WorkPattern = { kind: 'weekly', days: [1, 2, 3, 4, 5], from: '10:00', to: '19:00' };
const VACATION: Absence = { kind: 'vacation', from: day('2026-12-10'), to: day('2026-12-20') };
const SICK: Absence = { kind: 'sick', from: day('2026-12-01'), to: day('2026-12-03') };
const DAY_OFF: Absence = { kind: 'day_off', from: day('2026-12-31'), to: day('2026-12-31') };

const STORED_3_3 = { kind: 'cycle', on: 3, off: 3, start: '2026-12-01', from: '09:00', to: '21:00' };
const STORED_NIGHTS = { kind: 'cycle', on: 2, off: 2, start: '2026-12-05', from: '21:00', to: '09:00' };
const STORED_WEEK = { kind: 'weekly', days: [1, 2, 3, 4, 5], from: '10:00', to: '19:00' };

/** The audit log as its rows say: action, subject, before, after, actor, at, account. */
const audit = () =>
  db!.db
    .select()
    .from(auditLog)
    .all()
    .map(({ accountId, action, subject, before, after, actor, at }) => ({ accountId, action, subject, before, after, actor, at }));

/** listSchedules, with each absence reduced to what the model holds (the store adds its id, who and when). */
const schedules = (accountId = 'main') =>
  new Map(
    [...listSchedules(db!.db, accountId)].map(([id, s]): [string, PersonalSchedule] => [id, { pattern: s.pattern, absences: s.absences.map(({ kind, from, to }) => ({ kind, from, to })) }]),
  );

describe('personal schedules, stored', () => {
  it('a pattern is set, replaced and cleared; each change audited with before and after', () => {
    db = tempDatabase();
    expect(listSchedules(db.db, 'main')).toEqual(new Map());

    setWorkPattern(db.db, 'main', 'm1', THREE_THREE, '1001', 10);
    expect(schedules()).toEqual(new Map([['m1', { pattern: THREE_THREE, absences: [] }]]));

    setWorkPattern(db.db, 'main', 'm1', OWN_WEEK, '1002', 11);
    setWorkPattern(db.db, 'main', 'm2', NIGHTS, 'cli', 12);
    expect(schedules()).toEqual(
      new Map([
        ['m1', { pattern: OWN_WEEK, absences: [] }],
        ['m2', { pattern: NIGHTS, absences: [] }],
      ]),
    );
    expect(db.db.select().from(workPatterns).all().map((r) => [r.crmUserId, r.actor, r.at])).toEqual([
      ['m1', '1002', 11],
      ['m2', 'cli', 12],
    ]);

    expect(clearWorkPattern(db.db, 'main', 'm1', '1001', 13)).toBe(true);
    expect(clearWorkPattern(db.db, 'main', 'm1', '1001', 14)).toBe(false);
    expect(clearWorkPattern(db.db, 'main', 'm9', '1001', 15)).toBe(false);
    expect(schedules()).toEqual(new Map([['m2', { pattern: NIGHTS, absences: [] }]]));

    expect(audit()).toEqual([
      { accountId: 'main', action: 'schedule.set', subject: 'm1', before: null, after: STORED_3_3, actor: '1001', at: 10 },
      { accountId: 'main', action: 'schedule.set', subject: 'm1', before: STORED_3_3, after: STORED_WEEK, actor: '1002', at: 11 },
      { accountId: 'main', action: 'schedule.set', subject: 'm2', before: null, after: STORED_NIGHTS, actor: 'cli', at: 12 },
      { accountId: 'main', action: 'schedule.cleared', subject: 'm1', before: STORED_WEEK, after: null, actor: '1001', at: 13 },
    ]);
  });

  it('absences are added and removed by id; listed earliest first; each change audited', () => {
    db = tempDatabase();
    const vacation = addAbsence(db.db, 'main', 'm1', VACATION, '1001', 20);
    const sick = addAbsence(db.db, 'main', 'm2', SICK, '1001', 21);
    const dayOff = addAbsence(db.db, 'main', 'm1', DAY_OFF, '1002', 22);
    expect(new Set([vacation, sick, dayOff]).size).toBe(3);

    expect(listAbsences(db.db, 'main')).toEqual([
      { id: sick, crmUserId: 'm2', ...SICK, actor: '1001', at: 21 },
      { id: vacation, crmUserId: 'm1', ...VACATION, actor: '1001', at: 20 },
      { id: dayOff, crmUserId: 'm1', ...DAY_OFF, actor: '1002', at: 22 },
    ]);
    // Someone with absences and no pattern of their own works the account's hours (pattern null).
    expect(schedules()).toEqual(
      new Map([
        ['m2', { pattern: null, absences: [SICK] }],
        ['m1', { pattern: null, absences: [VACATION, DAY_OFF] }],
      ]),
    );
    setWorkPattern(db.db, 'main', 'm1', THREE_THREE, '1001', 23);
    expect(schedules().get('m1')).toEqual({ pattern: THREE_THREE, absences: [VACATION, DAY_OFF] });

    expect(removeAbsence(db.db, 'main', 'm1', vacation, '1003', 24)).toBe(true);
    expect(removeAbsence(db.db, 'main', 'm1', vacation, '1003', 25)).toBe(false);
    expect(schedules()).toEqual(
      new Map([
        ['m1', { pattern: THREE_THREE, absences: [DAY_OFF] }],
        ['m2', { pattern: null, absences: [SICK] }],
      ]),
    );

    expect(audit().filter((a) => a.action.startsWith('absence.'))).toEqual([
      { accountId: 'main', action: 'absence.added', subject: 'm1', before: null, after: { id: vacation, kind: 'vacation', fromDay: '2026-12-10', toDay: '2026-12-20' }, actor: '1001', at: 20 },
      { accountId: 'main', action: 'absence.added', subject: 'm2', before: null, after: { id: sick, kind: 'sick', fromDay: '2026-12-01', toDay: '2026-12-03' }, actor: '1001', at: 21 },
      { accountId: 'main', action: 'absence.added', subject: 'm1', before: null, after: { id: dayOff, kind: 'day_off', fromDay: '2026-12-31', toDay: '2026-12-31' }, actor: '1002', at: 22 },
      { accountId: 'main', action: 'absence.removed', subject: 'm1', before: { id: vacation, kind: 'vacation', fromDay: '2026-12-10', toDay: '2026-12-20' }, after: null, actor: '1003', at: 24 },
    ]);
  });

  it("removing another person's absence by its id is refused and changes nothing", () => {
    db = tempDatabase();
    const sick = addAbsence(db.db, 'main', 'm2', SICK, '1001', 30);
    const rowsBefore = db.db.select().from(absences).all();
    const auditBefore = audit();
    expect(removeAbsence(db.db, 'main', 'm1', sick, '1001', 31)).toBe(false);
    expect(removeAbsence(db.db, 'main', 'm2', sick + 1000, '1001', 32)).toBe(false);
    expect(db.db.select().from(absences).all()).toEqual(rowsBefore);
    expect(audit()).toEqual(auditBefore);
    expect(schedules()).toEqual(new Map([['m2', { pattern: null, absences: [SICK] }]]));
  });

  it("one account's schedules are not another's", () => {
    db = tempDatabase();
    ensureAccount(db.db, { id: 'other', name: 'Other', crm: 'demo' }, 0);
    setWorkPattern(db.db, 'main', 'm1', THREE_THREE, '1001', 40);
    const id = addAbsence(db.db, 'main', 'm1', VACATION, '1001', 41);
    expect(listSchedules(db.db, 'other')).toEqual(new Map());
    expect(listAbsences(db.db, 'other')).toEqual([]);
    expect(clearWorkPattern(db.db, 'other', 'm1', '1001', 42)).toBe(false);
    expect(removeAbsence(db.db, 'other', 'm1', id, '1001', 43)).toBe(false);
    expect(schedules('main')).toEqual(new Map([['m1', { pattern: THREE_THREE, absences: [VACATION] }]]));
  });

  it('replaceSchedules swaps everything in one go, with one audit entry per change', () => {
    db = tempDatabase();
    setWorkPattern(db.db, 'main', 'm1', THREE_THREE, '1001', 50);
    setWorkPattern(db.db, 'main', 'm2', NIGHTS, '1001', 51);
    const oldVacation = addAbsence(db.db, 'main', 'm1', VACATION, '1001', 52);
    const before = audit().length;

    const next = new Map<string, PersonalSchedule>([
      ['m1', { pattern: OWN_WEEK, absences: [] }],
      ['m3', { pattern: null, absences: [SICK, DAY_OFF] }],
    ]);
    expect(replaceSchedules(db.db, 'main', next, 'cli', 60)).toEqual({ patterns: 1, absences: 2 });
    expect(schedules()).toEqual(
      new Map([
        ['m1', { pattern: OWN_WEEK, absences: [] }],
        ['m3', { pattern: null, absences: [SICK, DAY_OFF] }],
      ]),
    );
    const [sick, dayOff] = listAbsences(db.db, 'main').map((a) => a.id);
    expect(audit().slice(before)).toEqual([
      { accountId: 'main', action: 'schedule.cleared', subject: 'm2', before: STORED_NIGHTS, after: null, actor: 'cli', at: 60 },
      { accountId: 'main', action: 'absence.removed', subject: 'm1', before: { id: oldVacation, kind: 'vacation', fromDay: '2026-12-10', toDay: '2026-12-20' }, after: null, actor: 'cli', at: 60 },
      { accountId: 'main', action: 'schedule.set', subject: 'm1', before: STORED_3_3, after: STORED_WEEK, actor: 'cli', at: 60 },
      { accountId: 'main', action: 'absence.added', subject: 'm3', before: null, after: { id: sick, kind: 'sick', fromDay: '2026-12-01', toDay: '2026-12-03' }, actor: 'cli', at: 60 },
      { accountId: 'main', action: 'absence.added', subject: 'm3', before: null, after: { id: dayOff, kind: 'day_off', fromDay: '2026-12-31', toDay: '2026-12-31' }, actor: 'cli', at: 60 },
    ]);

    // Replaced with nothing: everything goes, each audited.
    expect(replaceSchedules(db.db, 'main', new Map(), 'cli', 70)).toEqual({ patterns: 0, absences: 0 });
    expect(listSchedules(db.db, 'main')).toEqual(new Map());
    expect(audit().filter((a) => a.at === 70).map((a) => [a.action, a.subject])).toEqual([
      ['schedule.cleared', 'm1'],
      ['absence.removed', 'm3'],
      ['absence.removed', 'm3'],
    ]);
  });

  it("accountWorkTime reads the account's calendar and everyone's stored schedule", () => {
    db = tempDatabase();
    setWorkPattern(db.db, 'main', 'm1', THREE_THREE, '1001', 80);
    addAbsence(db.db, 'main', 'm2', VACATION, '1001', 81);
    const work = accountWorkTime(db.db, 'main');
    expect([...work.personal.keys()].sort()).toEqual(['m1', 'm2']);
    expect(work.personal.get('m1')?.pattern).toEqual(THREE_THREE);
    expect(work.personal.get('m2')?.absences).toMatchObject([VACATION]);
    // 31.12.2026 is a day off by the production calendar (moved from 4 January).
    expect(work.calendar.isWorkingDay(day('2026-12-31'), [1, 2, 3, 4, 5])).toBe(false);
  });
});
