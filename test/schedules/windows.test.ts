import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../src/calendar/local-date';
import { PUBLIC_CALENDAR } from '../../src/calendar/work-calendar';
import { nextWorkingInstant, workingTime } from '../../src/rules/durations';
import type { Absence, AbsenceKind, WorkPattern } from '../../src/schedules/model';
import { workingWindows, type Schedule } from '../../src/schedules/windows';
import { HOUR, MINUTE } from '../../src/time';

/**
 * The working clock over one person's own schedule (src/schedules/windows.ts
 * through src/rules/durations.ts), at exact instants. Every instant is
 * written with its UTC offset, so a case reads as wall time in its zone.
 */

const day = (iso: string) => parseIsoDate(iso)!;
const cycle = (on: number, off: number, start: string, from: string, to: string): WorkPattern => ({ kind: 'cycle', on, off, start: day(start), from, to });
const weekly = (days: number[], from: string, to: string): WorkPattern => ({ kind: 'weekly', days, from, to });
const away = (kind: AbsenceKind, from: string, to: string): Absence => ({ kind, from: day(from), to: day(to) });
const schedule = (pattern: WorkPattern, absences: Absence[] = [], timezone = 'Europe/Moscow'): Schedule => ({ timezone, pattern, calendar: PUBLIC_CALENDAR, absences });

const iso = (ms: number) => new Date(ms).toISOString();
const utc = (local: string) => iso(Date.parse(local));
const msk = (local: string) => `${local}+03:00`;

// «3/3» 09:00–21:00 from Tuesday 1 December 2026: on 1–3, off 4–6, on 7–9, off 10–12, on 13–15, off 16–18, on 19–21 …
// … on 25–27, off 28–30, on 31.12, 1.1, 2.1 (rotas run through holidays).
const THREE_THREE = cycle(3, 3, '2026-12-01', '09:00', '21:00');
// «2/2» 09:00–21:00 from 1 December 2026: on 1–2, off 3–4, on 5–6 (a weekend), off 7–8.
const TWO_TWO = cycle(2, 2, '2026-12-01', '09:00', '21:00');
// «сутки через трое»: 24-hour shifts 1.12 09:00 → 2.12 09:00, then 5.12 09:00 → 6.12 09:00, 9.12 …
const ONE_THREE = cycle(1, 3, '2026-12-01', '09:00', '09:00');
// Night shifts «2/2» 21:00–09:00 from 1 December: 1.12 21:00 → 2.12 09:00, 2.12 21:00 → 3.12 09:00, off 3–4, 5.12 21:00 → 6.12 09:00.
const NIGHTS = cycle(2, 2, '2026-12-01', '21:00', '09:00');
// A week of one's own, Mon–Fri 10:00–19:00, on the production calendar.
const OWN_WEEK = weekly([1, 2, 3, 4, 5], '10:00', '19:00');
// Overnight on weekdays: Mon–Fri 21:00 → 09:00 the next morning.
const OWN_NIGHTS = weekly([1, 2, 3, 4, 5], '21:00', '09:00');

/** [what, schedule, instant, expected], wall times in Moscow. */
const NEXT: [string, Schedule, string, string][] = [
  // 3/3
  ['3/3, the first day before its shift', schedule(THREE_THREE), '2026-12-01T08:00:00', '2026-12-01T09:00:00'],
  ['3/3, the first shift starts', schedule(THREE_THREE), '2026-12-01T09:00:00', '2026-12-01T09:00:00'],
  ['3/3, inside the third shift', schedule(THREE_THREE), '2026-12-03T20:59:00', '2026-12-03T20:59:00'],
  ['3/3, the end of the third shift (exclusive) waits over three days off', schedule(THREE_THREE), '2026-12-03T21:00:00', '2026-12-07T09:00:00'],
  ['3/3, noon on an off day (Friday)', schedule(THREE_THREE), '2026-12-04T12:00:00', '2026-12-07T09:00:00'],
  ['3/3, the last minute of the last off day', schedule(THREE_THREE), '2026-12-06T23:59:00', '2026-12-07T09:00:00'],
  ['3/3, an off Wednesday waits for a Sunday shift', schedule(THREE_THREE), '2026-12-10T12:00:00', '2026-12-13T09:00:00'],
  ['3/3, a Sunday shift is working time', schedule(THREE_THREE), '2026-12-13T10:00:00', '2026-12-13T10:00:00'],
  // Before the start date the rota runs backwards in phase: 28–30 Nov are off, 25–27 Nov on.
  ['3/3, the day before its start date (off by the rota)', schedule(THREE_THREE), '2026-11-30T12:00:00', '2026-12-01T09:00:00'],
  ['3/3, a week before its start date (on by the rota)', schedule(THREE_THREE), '2026-11-27T12:00:00', '2026-11-27T12:00:00'],
  // 2/2
  ['2/2, an off Thursday waits for a Saturday shift', schedule(TWO_TWO), '2026-12-03T10:00:00', '2026-12-05T09:00:00'],
  ['2/2, after the second shift', schedule(TWO_TWO), '2026-12-02T21:00:00', '2026-12-05T09:00:00'],
  // 1/3, 24-hour shifts
  ['1/3 24 h, the morning after the shift began is still inside it', schedule(ONE_THREE), '2026-12-02T08:59:00', '2026-12-02T08:59:00'],
  ['1/3 24 h, the shift ends at 09:00 and the next starts three days on', schedule(ONE_THREE), '2026-12-02T09:00:00', '2026-12-05T09:00:00'],
  ['1/3 24 h, midnight inside the shift', schedule(ONE_THREE), '2026-12-02T00:00:00', '2026-12-02T00:00:00'],
  // overnight 21:00–09:00
  ['nights, 02:00 inside a shift that began the evening before', schedule(NIGHTS), '2026-12-02T02:00:00', '2026-12-02T02:00:00'],
  ['nights, 02:00 on an off date, inside the shift begun on the last on day', schedule(NIGHTS), '2026-12-03T02:00:00', '2026-12-03T02:00:00'],
  ['nights, the shift has ended at 09:00: two days off', schedule(NIGHTS), '2026-12-03T09:00:00', '2026-12-05T21:00:00'],
  ['nights, between two shifts of one block', schedule(NIGHTS), '2026-12-02T12:00:00', '2026-12-02T21:00:00'],
  ['nights, 02:00 on the start date (the day before was off)', schedule(NIGHTS), '2026-12-01T02:00:00', '2026-12-01T21:00:00'],
  // a week of one's own on the production calendar
  ['own week, 30.12.2025 after hours: 31.12 and 1–11 January off', schedule(OWN_WEEK), '2025-12-30T19:00:00', '2026-01-12T10:00:00'],
  ['own week, 31.12.2025 (moved off) at noon', schedule(OWN_WEEK), '2025-12-31T12:00:00', '2026-01-12T10:00:00'],
  ['own week, 9.01.2026 (moved off, a Friday)', schedule(OWN_WEEK), '2026-01-09T12:00:00', '2026-01-12T10:00:00'],
  ['own week, Friday 31.10.2025 evening: Saturday 1.11.2025 is a moved working day', schedule(OWN_WEEK), '2025-10-31T19:30:00', '2025-11-01T10:00:00'],
  ['own week, the working Saturday 1.11.2025 itself', schedule(OWN_WEEK), '2025-11-01T12:00:00', '2025-11-01T12:00:00'],
  ['own week, after the working Saturday: 3.11 (moved off) and 4.11 (holiday)', schedule(OWN_WEEK), '2025-11-01T19:00:00', '2025-11-05T10:00:00'],
  ['own week, before its own 10:00 start on a working day', schedule(OWN_WEEK), '2026-01-12T09:30:00', '2026-01-12T10:00:00'],
  ['own nights, 08:00 on 31.12.2025 inside the shift begun on working 30.12', schedule(OWN_NIGHTS), '2025-12-31T08:00:00', '2025-12-31T08:00:00'],
  ['own nights, that shift over: no night shift begins on 31.12–11.01', schedule(OWN_NIGHTS), '2025-12-31T09:00:00', '2026-01-12T21:00:00'],
  // a rota through the New Year
  ['3/3, 1 January 2027 is a working day of the rota', schedule(THREE_THREE), '2027-01-01T10:00:00', '2027-01-01T10:00:00'],
  ['3/3, 30.12.2026 (off by the rota) waits for 31.12 (a day off by the calendar, worked by the rota)', schedule(THREE_THREE), '2026-12-30T12:00:00', '2026-12-31T09:00:00'],
  ['3/3, after the shift of 2 January 2027', schedule(THREE_THREE), '2027-01-02T21:00:00', '2027-01-06T09:00:00'],
  // absences
  ['3/3 with a vacation 10–20.12: the evening before it', schedule(THREE_THREE, [away('vacation', '2026-12-10', '2026-12-20')]), '2026-12-09T22:00:00', '2026-12-21T09:00:00'],
  ['3/3 with a vacation 10–20.12: inside it', schedule(THREE_THREE, [away('vacation', '2026-12-10', '2026-12-20')]), '2026-12-15T10:00:00', '2026-12-21T09:00:00'],
  ['3/3 without the vacation, for comparison', schedule(THREE_THREE), '2026-12-09T22:00:00', '2026-12-13T09:00:00'],
  ['3/3 with a day off on the middle shift of a block', schedule(THREE_THREE, [away('day_off', '2026-12-08', '2026-12-08')]), '2026-12-07T21:00:00', '2026-12-09T09:00:00'],
  ['3/3 on sick leave for its first two shifts: the third', schedule(THREE_THREE, [away('sick', '2026-12-01', '2026-12-02')]), '2026-12-01T10:00:00', '2026-12-03T09:00:00'],
  // An absence drops the shift that starts on its date, not the one that began the evening before.
  ['nights with a day off 2.12: the shift begun on 1.12 runs into it', schedule(NIGHTS, [away('day_off', '2026-12-02', '2026-12-02')]), '2026-12-02T02:00:00', '2026-12-02T02:00:00'],
  ['nights with a day off 2.12: its own night shift is dropped', schedule(NIGHTS, [away('day_off', '2026-12-02', '2026-12-02')]), '2026-12-02T09:00:00', '2026-12-05T21:00:00'],
  ['own week with a vacation 12–16.01.2026 after the holidays', schedule(OWN_WEEK, [away('vacation', '2026-01-12', '2026-01-16')]), '2025-12-30T19:00:00', '2026-01-19T10:00:00'],
];

describe('nextWorkingInstant over a personal schedule (Moscow)', () => {
  it.each(NEXT.map(([label, sched, instant, expected]) => [label, instant, expected, sched] as const))('%s: %s → %s', (_, instant, expected, sched) => {
    expect(iso(nextWorkingInstant(Date.parse(msk(instant)), sched))).toBe(utc(msk(expected)));
  });
});

/** [what, schedule, from, counted ms, expected], wall times in Moscow. */
const ADD: [string, Schedule, string, number, string][] = [
  ['3/3, 2 h from the last hour of a block: 1 h, then 1 h into the next block', schedule(THREE_THREE), '2026-12-03T20:00:00', 2 * HOUR, '2026-12-07T10:00:00'],
  ['3/3, 1 h from an off day', schedule(THREE_THREE), '2026-12-04T10:00:00', HOUR, '2026-12-07T10:00:00'],
  ['3/3, three whole shifts end exactly at the last one’s end', schedule(THREE_THREE), '2026-12-01T09:00:00', 36 * HOUR, '2026-12-03T21:00:00'],
  ['3/3, three shifts and a minute', schedule(THREE_THREE), '2026-12-01T09:00:00', 36 * HOUR + MINUTE, '2026-12-07T09:01:00'],
  ['3/3, from before the start date, counting the rota’s phase', schedule(THREE_THREE), '2026-11-30T12:00:00', 2 * HOUR, '2026-12-01T11:00:00'],
  ['2/2, 2 h from the last hour of a block', schedule(TWO_TWO), '2026-12-02T20:00:00', 2 * HOUR, '2026-12-05T10:00:00'],
  ['1/3 24 h, a whole shift', schedule(ONE_THREE), '2026-12-01T09:00:00', 24 * HOUR, '2026-12-02T09:00:00'],
  ['1/3 24 h, a shift and an hour', schedule(ONE_THREE), '2026-12-01T09:00:00', 25 * HOUR, '2026-12-05T10:00:00'],
  ['1/3 24 h, 14 h from 20:00: 13 h to the morning, 1 h three days on', schedule(ONE_THREE), '2026-12-01T20:00:00', 14 * HOUR, '2026-12-05T10:00:00'],
  ['nights, 2 h from 23:00 cross midnight', schedule(NIGHTS), '2026-12-01T23:00:00', 2 * HOUR, '2026-12-02T01:00:00'],
  ['nights, from 02:00 inside yesterday’s shift', schedule(NIGHTS), '2026-12-02T02:00:00', 3 * HOUR, '2026-12-02T05:00:00'],
  ['nights, 2 h from 08:00: 1 h, then 1 h into the same evening’s shift', schedule(NIGHTS), '2026-12-02T08:00:00', 2 * HOUR, '2026-12-02T22:00:00'],
  ['nights, 2 h from 08:00 of the block’s last morning: over two days off', schedule(NIGHTS), '2026-12-03T08:00:00', 2 * HOUR, '2026-12-05T22:00:00'],
  ['nights, from an off afternoon', schedule(NIGHTS), '2026-12-04T15:00:00', 12 * HOUR, '2026-12-06T09:00:00'],
  ['own week, 2 h from 30.12.2025 18:00: 1 h, then 1 h on 12 January', schedule(OWN_WEEK), '2025-12-30T18:00:00', 2 * HOUR, '2026-01-12T11:00:00'],
  ['own week, from 31.12.2025 (off) at noon', schedule(OWN_WEEK), '2025-12-31T12:00:00', 9 * HOUR, '2026-01-12T19:00:00'],
  ['own week, into the working Saturday 1.11.2025', schedule(OWN_WEEK), '2025-10-31T18:00:00', 2 * HOUR, '2025-11-01T11:00:00'],
  ['own week, from the working Saturday over 3–4.11.2025', schedule(OWN_WEEK), '2025-11-01T18:00:00', 2 * HOUR, '2025-11-05T11:00:00'],
  ['own nights, 2 h from 30.12.2025 08:00 (Tuesday) run into the 30.12 night shift', schedule(OWN_NIGHTS), '2025-12-30T08:00:00', 2 * HOUR, '2025-12-30T22:00:00'],
  ['own nights, 2 h from 31.12.2025 08:00: over the holidays', schedule(OWN_NIGHTS), '2025-12-31T08:00:00', 2 * HOUR, '2026-01-12T22:00:00'],
  ['3/3, through 1 January 2027', schedule(THREE_THREE), '2026-12-31T20:00:00', 2 * HOUR, '2027-01-01T10:00:00'],
  ['3/3, 31.12.2026 to 2.01.2027: three shifts through the holidays', schedule(THREE_THREE), '2026-12-31T09:00:00', 36 * HOUR, '2027-01-02T21:00:00'],
  ['3/3 with a vacation 10–20.12: the clock does not run through it', schedule(THREE_THREE, [away('vacation', '2026-12-10', '2026-12-20')]), '2026-12-09T20:00:00', 2 * HOUR, '2026-12-21T10:00:00'],
  ['3/3 with a vacation 10–20.12: from inside it', schedule(THREE_THREE, [away('vacation', '2026-12-10', '2026-12-20')]), '2026-12-14T12:00:00', HOUR, '2026-12-21T10:00:00'],
  ['3/3 with two absences back to back', schedule(THREE_THREE, [away('vacation', '2026-12-10', '2026-12-20'), away('sick', '2026-12-21', '2026-12-21')]), '2026-12-09T20:00:00', 2 * HOUR, '2026-12-25T10:00:00'],
  ['zero counted time is the instant itself, even off shift', schedule(THREE_THREE), '2026-12-05T03:00:00', 0, '2026-12-05T03:00:00'],
];

describe('workingTime(schedule).add over a personal schedule (Moscow)', () => {
  it.each(ADD.map(([label, sched, from, ms, expected]) => [label, from, ms / MINUTE, expected, sched] as const))('%s: %s + %i min → %s', (_, from, minutes, expected, sched) => {
    const ms = minutes * MINUTE;
    expect(iso(workingTime(sched).add(Date.parse(msk(from)), ms))).toBe(utc(msk(expected)));
  });
});

describe('shifts in other timezones', () => {
  // Novosibirsk: UTC+7 all year, no DST.
  const NSK = 'Asia/Novosibirsk';
  // Berlin: CET (UTC+1) until 29.03.2026 02:00 → CEST (UTC+2); back to CET on 25.10.2026 03:00 → 02:00.
  const BERLIN = 'Europe/Berlin';

  it.each<[string, Schedule, string, string]>([
    ['Novosibirsk 3/3, an off day waits for 09:00 local', schedule(THREE_THREE, [], NSK), '2026-12-04T12:00:00+07:00', '2026-12-07T09:00:00+07:00'],
    ['Novosibirsk nights, 02:00 local inside yesterday’s shift', schedule(NIGHTS, [], NSK), '2026-12-02T02:00:00+07:00', '2026-12-02T02:00:00+07:00'],
    ['Novosibirsk nights, 09:00 local the shift is over', schedule(NIGHTS, [], NSK), '2026-12-03T09:00:00+07:00', '2026-12-05T21:00:00+07:00'],
    ['Berlin nights over spring-forward: 03:30 CEST inside the shift begun 21:00 CET', schedule(cycle(2, 2, '2026-03-28', '21:00', '09:00'), [], BERLIN), '2026-03-29T03:30:00+02:00', '2026-03-29T03:30:00+02:00'],
    ['Berlin nights, that shift over at 09:00 CEST', schedule(cycle(2, 2, '2026-03-28', '21:00', '09:00'), [], BERLIN), '2026-03-29T09:00:00+02:00', '2026-03-29T21:00:00+02:00'],
    ['Berlin day shifts, the first day after spring-forward starts at 09:00 CEST', schedule(cycle(3, 3, '2026-03-27', '09:00', '21:00'), [], BERLIN), '2026-03-28T21:00:00+01:00', '2026-03-29T09:00:00+02:00'],
  ])('%s', (_, sched, instant, expected) => {
    expect(iso(nextWorkingInstant(Date.parse(instant), sched))).toBe(utc(expected));
  });

  it.each<[string, Schedule, string, number, string]>([
    ['Novosibirsk nights: 12 h from 21:00 local end at 09:00 local', schedule(NIGHTS, [], NSK), '2026-12-01T21:00:00+07:00', 12 * HOUR, '2026-12-02T09:00:00+07:00'],
    ['Novosibirsk nights: 13 h run into the next evening', schedule(NIGHTS, [], NSK), '2026-12-01T21:00:00+07:00', 13 * HOUR, '2026-12-02T22:00:00+07:00'],
    // The night of 28→29 March 2026 in Berlin is 11 hours long: 21:00 CET (20:00Z) to 09:00 CEST (07:00Z).
    ['Berlin, the spring-forward night holds 11 h', schedule(cycle(2, 2, '2026-03-28', '21:00', '09:00'), [], BERLIN), '2026-03-28T21:00:00+01:00', 11 * HOUR, '2026-03-29T09:00:00+02:00'],
    ['Berlin, 12 h from the spring-forward night: 1 h into the next night', schedule(cycle(2, 2, '2026-03-28', '21:00', '09:00'), [], BERLIN), '2026-03-28T21:00:00+01:00', 12 * HOUR, '2026-03-29T22:00:00+02:00'],
    ['Berlin, 3 h from 01:00 CET cross the skipped hour', schedule(cycle(2, 2, '2026-03-28', '21:00', '09:00'), [], BERLIN), '2026-03-29T01:00:00+01:00', 3 * HOUR, '2026-03-29T05:00:00+02:00'],
    // The night of 24→25 October 2026 is 13 hours long: 21:00 CEST (19:00Z) to 09:00 CET (08:00Z).
    ['Berlin, the fall-back night holds 13 h', schedule(cycle(2, 2, '2026-10-24', '21:00', '09:00'), [], BERLIN), '2026-10-24T21:00:00+02:00', 13 * HOUR, '2026-10-25T09:00:00+01:00'],
    ['Berlin, 12 h into the fall-back night is 08:00 CET', schedule(cycle(2, 2, '2026-10-24', '21:00', '09:00'), [], BERLIN), '2026-10-24T21:00:00+02:00', 12 * HOUR, '2026-10-25T08:00:00+01:00'],
    ['Berlin, a 24-hour shift over spring-forward holds 23 h', schedule(cycle(1, 3, '2026-03-28', '09:00', '09:00'), [], BERLIN), '2026-03-28T09:00:00+01:00', 23 * HOUR, '2026-03-29T09:00:00+02:00'],
    ['Berlin, 24 counted hours from that shift run into the next one', schedule(cycle(1, 3, '2026-03-28', '09:00', '09:00'), [], BERLIN), '2026-03-28T09:00:00+01:00', 24 * HOUR, '2026-04-01T10:00:00+02:00'],
  ])('%s', (_, sched, from, ms, expected) => {
    expect(iso(workingTime(sched).add(Date.parse(from), ms))).toBe(utc(expected));
  });
});

describe('workingWindows', () => {
  it('yields the windows in order, each a shift on the date it starts, from the one holding `from`', () => {
    const windows: [string, string][] = [];
    for (const [start, end] of workingWindows(schedule(NIGHTS), Date.parse(msk('2026-12-02T02:00:00')))) {
      windows.push([iso(start), iso(end)]);
      if (windows.length === 4) break;
    }
    // The first window is the shift of 1.12 (it holds 2.12 02:00); none starts on the off dates 3–4.12.
    expect(windows).toEqual(
      [
        ['2026-12-01T21:00:00', '2026-12-02T09:00:00'],
        ['2026-12-02T21:00:00', '2026-12-03T09:00:00'],
        ['2026-12-05T21:00:00', '2026-12-06T09:00:00'],
        ['2026-12-06T21:00:00', '2026-12-07T09:00:00'],
      ].map(([s, e]) => [utc(msk(s!)), utc(msk(e!))]),
    );
  });

  it('a schedule that never works makes the clock throw rather than loop', () => {
    const never = schedule(weekly([], '09:00', '18:00'));
    expect(() => nextWorkingInstant(Date.parse(msk('2026-12-01T10:00:00')), never)).toThrow(/no working window/);
    expect(() => workingTime(never).add(Date.parse(msk('2026-12-01T10:00:00')), HOUR)).toThrow(/no working window/);
  });
});
