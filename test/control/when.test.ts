import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../src/calendar/local-date';
import { PUBLIC_CALENDAR, workCalendar, type WorkCalendar } from '../../src/calendar/work-calendar';
import { eveningOccasions, morningOccasions, type Span } from '../../src/control/when';
import type { Absence, WorkPattern } from '../../src/schedules/model';
import type { Schedule } from '../../src/schedules/windows';
import { accountSchedule } from '../../src/schedules/work-time';

/**
 * When the daily control speaks (src/control/when.ts), at exact instants in
 * Europe/Moscow: a manager's morning digest at the start of their own
 * working day — none on a weekend, a holiday, the account's day off or a
 * day of absence; a night shift at its start — and the evening check at its
 * time on the account's working days only. The fixture week: Monday 23 –
 * Sunday 29 November 2026; 4 November 2026 (a Wednesday) is Unity Day.
 */

const day = (iso: string) => parseIsoDate(iso)!;
const HOURS = { timezone: 'Europe/Moscow', days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' };
const account = (calendar: WorkCalendar = PUBLIC_CALENDAR): Schedule => accountSchedule(HOURS, calendar);
const own = (pattern: WorkPattern, absences: Absence[] = []): Schedule => ({ ...account(), pattern, absences });
/** The account's hours as a pattern of one's own: what a person with only absences works. */
const ACCOUNT_WEEK: WorkPattern = { kind: 'weekly', days: HOURS.days, from: HOURS.from, to: HOURS.to };
// 2/2 nights from Sunday 22.11: 22.11 21:00 → 23.11 09:00, 23.11 21:00 → 24.11 09:00; off 24–25.
const NIGHTS: WorkPattern = { kind: 'cycle', on: 2, off: 2, start: day('2026-11-22'), from: '21:00', to: '09:00' };
const span = (after: string, until: string): Span => ({ after: Date.parse(after), until: Date.parse(until) });
const iso = (ms: number) => new Date(ms).toISOString();

describe('the morning digest is due at the start of the manager’s own working day', () => {
  const cases: [string, Schedule, Span, string[]][] = [
    ['the account’s hours: at 09:00 on a Monday', account(), span('2026-11-23T08:59:00+03:00', '2026-11-23T09:00:00+03:00'), ['2026-11-23T06:00:00.000Z']],
    ['…not a minute later (decided by the tick before)', account(), span('2026-11-23T09:00:00+03:00', '2026-11-23T09:01:00+03:00'), []],
    ['…not a minute early', account(), span('2026-11-23T08:58:00+03:00', '2026-11-23T08:59:00+03:00'), []],
    ['a Saturday: no working day, no digest', account(), span('2026-11-28T08:59:00+03:00', '2026-11-28T09:00:00+03:00'), []],
    ['a public holiday (4.11, Unity Day): none', account(), span('2026-11-04T08:59:00+03:00', '2026-11-04T09:00:00+03:00'), []],
    ['the account’s own day off (/holidays add 25.11): none', account(workCalendar([{ day: day('2026-11-25'), working: false }])), span('2026-11-25T08:59:00+03:00', '2026-11-25T09:00:00+03:00'), []],
    ['the account’s own working Saturday (/holidays work 28.11): due', account(workCalendar([{ day: day('2026-11-28'), working: true }])), span('2026-11-28T08:59:00+03:00', '2026-11-28T09:00:00+03:00'), ['2026-11-28T06:00:00.000Z']],
    ['on vacation 23.11–27.11: none', own(ACCOUNT_WEEK, [{ kind: 'vacation', from: day('2026-11-23'), to: day('2026-11-27') }]), span('2026-11-23T08:59:00+03:00', '2026-11-23T09:00:00+03:00'), []],
    ['a day off (отгул) on 24.11 only: none that day…', own(ACCOUNT_WEEK, [{ kind: 'day_off', from: day('2026-11-24'), to: day('2026-11-24') }]), span('2026-11-24T08:59:00+03:00', '2026-11-24T09:00:00+03:00'), []],
    ['…and due the next', own(ACCOUNT_WEEK, [{ kind: 'day_off', from: day('2026-11-24'), to: day('2026-11-24') }]), span('2026-11-25T08:59:00+03:00', '2026-11-25T09:00:00+03:00'), ['2026-11-25T06:00:00.000Z']],
    ['a week of their own from 10:00: not at 09:00…', own({ kind: 'weekly', days: [1, 2, 3, 4, 5], from: '10:00', to: '19:00' }), span('2026-11-23T08:59:00+03:00', '2026-11-23T09:00:00+03:00'), []],
    ['…but at 10:00', own({ kind: 'weekly', days: [1, 2, 3, 4, 5], from: '10:00', to: '19:00' }), span('2026-11-23T09:59:00+03:00', '2026-11-23T10:00:00+03:00'), ['2026-11-23T07:00:00.000Z']],
    ['a night shift: at its start, 21:00', own(NIGHTS), span('2026-11-23T20:59:00+03:00', '2026-11-23T21:00:00+03:00'), ['2026-11-23T18:00:00.000Z']],
    ['…not at 09:00, when the account’s day starts', own(NIGHTS), span('2026-11-23T08:59:00+03:00', '2026-11-23T09:00:00+03:00'), []],
    ['…not on a night off', own(NIGHTS), span('2026-11-24T20:59:00+03:00', '2026-11-24T21:00:00+03:00'), []],
    ['a «3/3» rota works a Saturday (rotas run through weekends)', own({ kind: 'cycle', on: 3, off: 3, start: day('2026-11-26'), from: '09:00', to: '21:00' }), span('2026-11-28T08:59:00+03:00', '2026-11-28T09:00:00+03:00'), ['2026-11-28T06:00:00.000Z']],
    ['after downtime, a span of hours holds the start it missed', account(), span('2026-11-23T07:30:00+03:00', '2026-11-23T10:45:00+03:00'), ['2026-11-23T06:00:00.000Z']],
  ];
  it.each(cases)('%s', (_what, schedule, window, expected) => {
    expect(morningOccasions([{ personId: 'm1', schedule }], window).map((o) => iso(o.start))).toEqual(expected);
  });

  it('a night shift belongs to the evening it starts: its date, and its end the next morning', () => {
    const [occasion] = morningOccasions([{ personId: 'm2', schedule: own(NIGHTS) }], span('2026-11-23T20:59:00+03:00', '2026-11-23T21:00:00+03:00'));
    expect(occasion).toEqual({ personId: 'm2', start: Date.parse('2026-11-23T21:00:00+03:00'), end: Date.parse('2026-11-24T09:00:00+03:00'), date: day('2026-11-23') });
  });

  it('a working start in another timezone is its own wall clock: 09:00 in Vladivostok is 02:00 in Moscow', () => {
    const vladivostok = { ...account(), timezone: 'Asia/Vladivostok' };
    expect(morningOccasions([{ personId: 'm1', schedule: vladivostok }], span('2026-11-23T01:59:00+03:00', '2026-11-23T02:00:00+03:00')).map((o) => iso(o.start))).toEqual([
      '2026-11-22T23:00:00.000Z',
    ]);
  });
});

describe('the evening check is due at its time on the account’s working days', () => {
  const cases: [string, WorkCalendar, string, Span, string[]][] = [
    ['19:00 on a Monday', PUBLIC_CALENDAR, '19:00', span('2026-11-23T18:59:00+03:00', '2026-11-23T19:00:00+03:00'), ['2026-11-23T16:00:00.000Z']],
    ['…once: not in the next minute', PUBLIC_CALENDAR, '19:00', span('2026-11-23T19:00:00+03:00', '2026-11-23T19:01:00+03:00'), []],
    ['a Saturday: none', PUBLIC_CALENDAR, '19:00', span('2026-11-28T18:59:00+03:00', '2026-11-28T19:00:00+03:00'), []],
    ['a Sunday: none', PUBLIC_CALENDAR, '19:00', span('2026-11-29T18:59:00+03:00', '2026-11-29T19:00:00+03:00'), []],
    ['a public holiday (4.11): none', PUBLIC_CALENDAR, '19:00', span('2026-11-04T18:59:00+03:00', '2026-11-04T19:00:00+03:00'), []],
    ['the account’s own day off: none', workCalendar([{ day: day('2026-11-25'), working: false }]), '19:00', span('2026-11-25T18:59:00+03:00', '2026-11-25T19:00:00+03:00'), []],
    ['the account’s own working Saturday: due', workCalendar([{ day: day('2026-11-28'), working: true }]), '19:00', span('2026-11-28T18:59:00+03:00', '2026-11-28T19:00:00+03:00'), ['2026-11-28T16:00:00.000Z']],
    ['moved to 19:30: not at 19:00…', PUBLIC_CALENDAR, '19:30', span('2026-11-23T18:59:00+03:00', '2026-11-23T19:00:00+03:00'), []],
    ['…at 19:30', PUBLIC_CALENDAR, '19:30', span('2026-11-23T19:29:00+03:00', '2026-11-23T19:30:00+03:00'), ['2026-11-23T16:30:00.000Z']],
    ['a span across midnight holds each date’s check once', PUBLIC_CALENDAR, '00:30', span('2026-11-23T23:00:00+03:00', '2026-11-24T01:00:00+03:00'), ['2026-11-23T21:30:00.000Z']],
  ];
  it.each(cases)('%s', (_what, calendar, time, window, expected) => {
    expect(eveningOccasions(account(calendar), time, window).map((o) => iso(o.at))).toEqual(expected);
  });
});
