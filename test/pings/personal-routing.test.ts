import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../src/calendar/local-date';
import { PUBLIC_CALENDAR } from '../../src/calendar/work-calendar';
import type { Person } from '../../src/people/directory';
import { awayAt, routePing, routeStep, type RoutingPolicy } from '../../src/pings/route';
import type { Absence, AbsenceKind, PersonalSchedule, WorkPattern } from '../../src/schedules/model';
import { link, person } from '../support/people';

/**
 * Who is told when, by people's own schedules: a manager's copy waits for
 * their own next working time; a manager with an absence between today and
 * that time is away (their steps go to the supervisor); a supervisor away
 * is told nothing privately. The account works Mon–Fri 09:00–18:00 Moscow.
 */

const msk = (local: string) => Date.parse(`${local}+03:00`);
const day = (iso: string) => parseIsoDate(iso)!;
const away = (kind: AbsenceKind, from: string, to: string): Absence => ({ kind, from: day(from), to: day(to) });
const cycle = (on: number, off: number, start: string, from: string, to: string): WorkPattern => ({ kind: 'cycle', on, off, start: day(start), from, to });

// m1: «3/3» 09:00–21:00 from Tuesday 1.12.2026 (on 1–3, off 4–6, on 7–9, off 10–12, on 13–15 …).
// m2: night shifts «2/2» 21:00–09:00 from 1.12 (1.12 21:00 → 2.12 09:00, 2.12 21:00 → 3.12 09:00, off 3–4, 5.12 21:00 …).
// m3: the account's hours, on vacation 10–20.12.2026. m4: the account's hours, a day off on Wednesday 16.12.
// m5: the account's hours, sick 1–3.12 (it ended on Thursday 3.12).
const PERSONAL: ReadonlyMap<string, PersonalSchedule> = new Map<string, PersonalSchedule>([
  ['m1', { pattern: cycle(3, 3, '2026-12-01', '09:00', '21:00'), absences: [] }],
  ['m2', { pattern: cycle(2, 2, '2026-12-01', '21:00', '09:00'), absences: [] }],
  ['m3', { pattern: null, absences: [away('vacation', '2026-12-10', '2026-12-20')] }],
  ['m4', { pattern: null, absences: [away('day_off', '2026-12-16', '2026-12-16')] }],
  ['m5', { pattern: null, absences: [away('sick', '2026-12-01', '2026-12-03')] }],
]);

const policy: RoutingPolicy = {
  hours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00', timezone: 'Europe/Moscow' },
  work: { calendar: PUBLIC_CALENDAR, personal: PERSONAL },
  quiet: null,
  supervisorPings: 'always',
  supervisorsChat: { chatId: '-100500', locale: 'ru' },
  privacy: 'masked',
};

const managers = ['m1', 'm2', 'm3', 'm4', 'm5'].map((id, i) => person(id, { supervisorId: 'sup', link: link(String(111 + i)) }));
const PEOPLE: ReadonlyMap<string, Person> = new Map([...managers.map((p): [string, Person] => [p.crmUserId, p]), ['sup', person('sup', { isSupervisor: true, link: link('222') })]]);

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe("a manager's copy waits for their own next working time", () => {
  it.each<[string, string, string, string]>([
    // m1 on 3/3: the account would send at once on a weekday, or on Monday at 09:00 at the weekend.
    ['3/3, an off Wednesday (the account works): next shift on Sunday', 'm1', '2026-12-10T12:00:00', '2026-12-13T09:00:00'],
    ['3/3, an off Saturday: Sunday 09:00, not the account’s Monday 09:00', 'm1', '2026-12-12T12:00:00', '2026-12-13T09:00:00'],
    ['3/3, on shift on a Sunday: at once', 'm1', '2026-12-13T10:00:00', '2026-12-13T10:00:00'],
    ['3/3, on shift after the account’s 18:00: at once', 'm1', '2026-12-07T20:30:00', '2026-12-07T20:30:00'],
    ['3/3, after the last shift of a block: three days on', 'm1', '2026-12-09T21:00:00', '2026-12-13T09:00:00'],
    ['nights, 02:00 inside a shift begun the evening before: at once', 'm2', '2026-12-02T02:00:00', '2026-12-02T02:00:00'],
    ['nights, 02:00 on an off date inside the block’s last shift: at once', 'm2', '2026-12-03T02:00:00', '2026-12-03T02:00:00'],
    ['nights, noon between two shifts: the evening', 'm2', '2026-12-02T12:00:00', '2026-12-02T21:00:00'],
    ['nights, the morning the block ends: two days on', 'm2', '2026-12-03T10:00:00', '2026-12-05T21:00:00'],
  ])('%s', (_, managerId, at, expected) => {
    const route = routePing(managerId, PEOPLE, policy, msk(at));
    expect(route.managerAway).toBeNull();
    expect(route.managerUnreachable).toBe(false);
    expect(route.manager).toEqual({ chatId: PEOPLE.get(managerId)!.link!.telegramUserId, locale: 'ru', notBefore: msk(expected), form: 'as-typed' });
    // The supervisor (the account's hours, `always`) is told at once whatever the manager's shifts.
    expect(route.supervisor).toEqual({ chatId: '222', locale: 'ru', notBefore: msk(at), form: 'as-typed' });
    // The ladder's step to the manager is the manager's copy.
    expect(routeStep('manager', managerId, PEOPLE, policy, msk(at)).destination).toEqual(route.manager);
  });

  it("the supervisor's `working` setting waits for the supervisor's own hours, not the manager's shifts", () => {
    const route = routePing('m1', PEOPLE, { ...policy, supervisorPings: 'working' }, msk('2026-12-13T10:00:00'));
    expect(iso(route.manager?.notBefore)).toBe(iso(msk('2026-12-13T10:00:00')));
    expect(iso(route.supervisor?.notBefore)).toBe(iso(msk('2026-12-14T09:00:00')));
  });

  it('quiet hours do not hold the copy of a manager with a schedule of their own: their night shift is when they work', () => {
    const quiet = { ...policy, quiet: { from: '22:00', to: '08:00' } };
    expect(iso(routePing('m2', PEOPLE, quiet, msk('2026-12-02T02:00:00')).manager?.notBefore)).toBe(iso(msk('2026-12-02T02:00:00')));
    // Someone on the account's hours is still held by them (m3 before the vacation, at 07:00 on a working day).
    expect(iso(routePing('m3', PEOPLE, { ...quiet, hours: { ...quiet.hours, from: '06:00' } }, msk('2026-12-01T07:00:00')).manager?.notBefore)).toBe(iso(msk('2026-12-01T08:00:00')));
  });
});

describe('a manager who is away', () => {
  it.each<[string, string, string, { kind: AbsenceKind; until: string } | null]>([
    ['inside the vacation', 'm3', '2026-12-15T11:00:00', { kind: 'vacation', until: '2026-12-20' }],
    ['on its first morning before working hours', 'm3', '2026-12-10T08:00:00', { kind: 'vacation', until: '2026-12-20' }],
    // The next working time (21.12 09:00) lies after the vacation's days: away already.
    ['the evening before it, after working hours', 'm3', '2026-12-09T18:30:00', { kind: 'vacation', until: '2026-12-20' }],
    ['on its last day, a Sunday', 'm3', '2026-12-20T12:00:00', { kind: 'vacation', until: '2026-12-20' }],
    ['at work the day before it', 'm3', '2026-12-09T12:00:00', null],
    ['the morning after it, before working hours', 'm3', '2026-12-21T08:00:00', null],
    ['the morning after it, at work', 'm3', '2026-12-21T10:00:00', null],
    ['a day off tomorrow while working now', 'm4', '2026-12-15T12:00:00', null],
    ['a day off tomorrow, the evening before (the next working time is after it)', 'm4', '2026-12-15T19:00:00', { kind: 'day_off', until: '2026-12-16' }],
    ['the day off itself', 'm4', '2026-12-16T12:00:00', { kind: 'day_off', until: '2026-12-16' }],
    ['sick leave that ended yesterday, at work', 'm5', '2026-12-04T10:00:00', null],
    ['sick leave that ended yesterday, before working hours', 'm5', '2026-12-04T07:00:00', null],
    ['sick leave that ended on Thursday, over the weekend', 'm5', '2026-12-05T12:00:00', null],
    ['off shift on a 3/3 is not away', 'm1', '2026-12-10T12:00:00', null],
    ['no schedule of their own', 'm9', '2026-12-15T11:00:00', null],
    ['nobody responsible', '', '2026-12-15T11:00:00', null],
  ])('%s → %j', (_, managerId, at, expected) => {
    const found = awayAt(managerId || null, policy, msk(at));
    expect(found).toEqual(expected && { kind: expected.kind, until: day(expected.until) });
  });

  it('gets no copy; the supervisor is told at once, privately, with why; the manager is not "unreachable"', () => {
    const at = msk('2026-12-15T11:00:00');
    const route = routePing('m3', PEOPLE, policy, at);
    expect(route).toEqual({
      manager: null,
      supervisor: { chatId: '222', locale: 'ru', notBefore: at, form: 'as-typed' },
      managerUnreachable: false,
      managerAway: { kind: 'vacation', until: { year: 2026, month: 12, day: 20 } },
    });
  });

  it.each<['manager' | 'supervisor']>([['manager'], ['supervisor']])("the ladder's step to %s goes to the supervisor's private chat", (to) => {
    const at = msk('2026-12-15T11:00:00');
    expect(routeStep(to, 'm3', PEOPLE, policy, at)).toEqual({
      destination: { chatId: '222', locale: 'ru', notBefore: at, form: 'as-typed' },
      managerUnreachable: false,
      managerAway: { kind: 'vacation', until: { year: 2026, month: 12, day: 20 } },
    });
  });

  it("a group step is unchanged: the supervisors' chat in the privacy mode", () => {
    const at = msk('2026-12-15T11:00:00');
    expect(routeStep('supervisors_chat', 'm3', PEOPLE, policy, at).destination).toEqual({ chatId: '-100500', locale: 'ru', notBefore: at, form: 'masked' });
  });

  it("an away manager who is not linked is reported away, not unreachable", () => {
    const unlinked = new Map(PEOPLE).set('m3', person('m3', { supervisorId: 'sup' }));
    expect(routePing('m3', unlinked, policy, msk('2026-12-15T11:00:00'))).toMatchObject({ manager: null, managerUnreachable: false, managerAway: { kind: 'vacation' }, supervisor: { chatId: '222' } });
  });

  it("the day after the vacation the manager's step is theirs again", () => {
    const at = msk('2026-12-21T10:00:00');
    expect(routeStep('manager', 'm3', PEOPLE, policy, at)).toEqual({
      destination: { chatId: '113', locale: 'ru', notBefore: at, form: 'as-typed' },
      managerUnreachable: false,
      managerAway: null,
    });
  });
});

describe('a supervisor who is away', () => {
  const supAway = new Map(PERSONAL).set('sup', { pattern: null, absences: [away('vacation', '2026-12-10', '2026-12-20')] });
  const withSupAway: RoutingPolicy = { ...policy, work: { calendar: PUBLIC_CALENDAR, personal: supAway } };

  it("gets nothing privately: their copy goes to the supervisors' chat, in the privacy mode", () => {
    const at = msk('2026-12-15T11:00:00');
    const route = routePing('m4', PEOPLE, withSupAway, at);
    expect(route.manager).toEqual({ chatId: '114', locale: 'ru', notBefore: at, form: 'as-typed' });
    expect(route.supervisor).toEqual({ chatId: '-100500', locale: 'ru', notBefore: at, form: 'masked' });
    expect(routeStep('supervisor', 'm4', PEOPLE, withSupAway, at).destination?.chatId).toBe('-100500');
  });

  it("with the manager away too, the manager's step reaches the supervisors' chat", () => {
    const at = msk('2026-12-15T11:00:00');
    const step = routeStep('manager', 'm3', PEOPLE, withSupAway, at);
    expect(step.destination).toEqual({ chatId: '-100500', locale: 'ru', notBefore: at, form: 'masked' });
    expect(step.managerAway).toEqual({ kind: 'vacation', until: day('2026-12-20') });
  });

  it('with no supervisors\' chat bound, nobody is told', () => {
    const at = msk('2026-12-15T11:00:00');
    expect(routePing('m4', PEOPLE, { ...withSupAway, supervisorsChat: null }, at).supervisor).toBeNull();
  });

  it('back from the vacation, privately again', () => {
    expect(routePing('m4', PEOPLE, withSupAway, msk('2026-12-21T10:00:00')).supervisor?.chatId).toBe('222');
  });
});

describe('a night shift that runs into an absence', () => {
  // Nights 21:00–09:00 from 1.12 with a day off on 2.12: the shift begun on the evening of 1.12 is kept (a shift
  // belongs to the date it starts on), so at 02:00 on 2.12 the manager is at work, and told; at noon they are away.
  const work = { calendar: PUBLIC_CALENDAR, personal: new Map([['m2', { pattern: cycle(2, 2, '2026-12-01', '21:00', '09:00'), absences: [away('day_off', '2026-12-02', '2026-12-02')] }]]) };
  const nights: RoutingPolicy = { ...policy, work };

  it.each<[string, string, { kind: AbsenceKind; until: string } | null]>([
    ['02:00 on the day off, inside the shift begun the evening before: at work', '2026-12-02T02:00:00', null],
    ['noon on the day off: away until that day', '2026-12-02T12:00:00', { kind: 'day_off', until: '2026-12-02' }],
  ])('%s', (_, at, expected) => {
    const got = awayAt('m2', nights, msk(at));
    expect(got === null ? null : { kind: got.kind, until: `${got.until.year}-${String(got.until.month).padStart(2, '0')}-${String(got.until.day).padStart(2, '0')}` }).toEqual(expected);
    expect(routePing('m2', PEOPLE, nights, msk(at)).manager !== null).toBe(expected === null);
  });
});

describe('absences one after another', () => {
  // Sick Tue 1.12 – Fri 4.12, then a vacation from Monday 7.12 to 18.12: the weekend between holds no working day.
  const chained = { calendar: PUBLIC_CALENDAR, personal: new Map([['m3', { pattern: null, absences: [away('sick', '2026-12-01', '2026-12-04'), away('vacation', '2026-12-07', '2026-12-18')] }]]) };
  // A day off on Monday 14.12 after a vacation ending Wednesday 9.12: Thursday and Friday are working days between.
  const apart = { calendar: PUBLIC_CALENDAR, personal: new Map([['m3', { pattern: null, absences: [away('vacation', '2026-12-01', '2026-12-09'), away('day_off', '2026-12-14', '2026-12-14')] }]]) };

  it.each<[string, RoutingPolicy['work'], string, string]>([
    ['sick leave, then a vacation after the weekend: back after the vacation', chained, '2026-12-03T12:00:00', '2026-12-18'],
    ['a vacation, then a day off after two working days: back after the vacation', apart, '2026-12-03T12:00:00', '2026-12-09'],
  ])('%s', (_, work, at, until) => {
    const got = awayAt('m3', { ...policy, work }, msk(at));
    expect(got && `${got.until.year}-${String(got.until.month).padStart(2, '0')}-${String(got.until.day).padStart(2, '0')}`).toBe(until);
    expect(got?.kind).toBe(work === chained ? 'sick' : 'vacation');
  });
});
