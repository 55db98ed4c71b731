import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../src/calendar/local-date';
import { PUBLIC_CALENDAR, workCalendar, type WorkCalendar } from '../../src/calendar/work-calendar';
import type { WorkingHours } from '../../src/norms/schema';
import { nextWorkingInstant, workingTime } from '../../src/rules/durations';
import { accountSchedule } from '../../src/schedules/work-time';
import { HOUR } from '../../src/time';
import { at, deal, onlyRule, openAt, task } from '../support/fixture';

const HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00', timezone: 'Europe/Moscow' };
const own = (marks: [string, boolean][]): WorkCalendar => workCalendar(marks.map(([day, working]) => ({ day: parseIsoDate(day)!, working })));

describe('the working clock on the production calendar (09:00–18:00 Mon–Fri, Moscow)', () => {
  it.each<[string, string, string, WorkCalendar?]>([
    ['an ordinary Friday evening', '2026-11-20T17:00:00+03:00', '2026-11-23T10:00:00+03:00'],
    // 1 h on 30 Dec; 31 Dec (moved from 5 Jan 2025), 1–8 Jan (holidays), 9 Jan (moved from 3 Jan), 10–11 Jan (weekend) off.
    ['30 December 2025, over the New Year holidays', '2025-12-30T17:00:00+03:00', '2026-01-12T10:00:00+03:00'],
    ['30 December 2026, over 31 December 2026 (moved) into uncovered 2027', '2026-12-30T17:00:00+03:00', '2027-01-11T10:00:00+03:00'],
    // 8 March 2026 is a Sunday: Monday 9 March is off (art. 112 part 2).
    ['Friday 6 March 2026, over 8 March', '2026-03-06T17:00:00+03:00', '2026-03-10T10:00:00+03:00'],
    // 8 March 2025 is a Saturday whose rest the decree moved to 13 June: Monday 10 March works.
    ['Friday 7 March 2025, over 8 March', '2025-03-07T17:00:00+03:00', '2025-03-10T10:00:00+03:00'],
    ['Thursday 12 June 2025 is a holiday, Friday 13 June moved off', '2025-06-11T17:00:00+03:00', '2025-06-16T10:00:00+03:00'],
    // Saturday 1 November 2025 was a working day (its rest moved to Monday 3 November).
    ['Friday 31 October 2025, into a working Saturday', '2025-10-31T17:00:00+03:00', '2025-11-01T10:00:00+03:00'],
    ['the working Saturday 1 November 2025, over 3–4 November', '2025-11-01T17:00:00+03:00', '2025-11-05T10:00:00+03:00'],
    ['Tuesday 3 November 2026, over 4 November', '2026-11-03T17:00:00+03:00', '2026-11-05T10:00:00+03:00'],
    // 9 May 2027 is a Sunday; 2027's transfers are not bundled, so Monday 10 May counts as working.
    ['Friday 7 May 2027, uncovered year', '2027-05-07T17:00:00+03:00', '2027-05-10T10:00:00+03:00'],
    ["an account's own day off on Friday 27 November 2026", '2026-11-26T17:00:00+03:00', '2026-11-30T10:00:00+03:00', own([['2026-11-27', false]])],
    ["an account's own working Saturday 28 November 2026", '2026-11-27T17:00:00+03:00', '2026-11-28T10:00:00+03:00', own([['2026-11-28', true]])],
    ["an account's own working day on the 4 November holiday", '2026-11-03T17:00:00+03:00', '2026-11-04T10:00:00+03:00', own([['2026-11-04', true]])],
    ["an account's own working day on the moved 9 January 2026", '2025-12-30T17:00:00+03:00', '2026-01-09T10:00:00+03:00', own([['2026-01-09', true]])],
  ])('due %s + 2 working hours: %s → late at %s', (_, due, late, calendar = PUBLIC_CALENDAR) => {
    expect(new Date(workingTime(accountSchedule(HOURS, calendar)).add(at(due), 2 * HOUR)).toISOString()).toBe(new Date(late).toISOString());
  });

  it.each<[string, string, string, WorkCalendar?]>([
    ['31 December 2025 at noon waits for 12 January', '2025-12-31T12:00:00+03:00', '2026-01-12T09:00:00+03:00'],
    ['a working Saturday at noon is itself', '2025-11-01T12:00:00+03:00', '2025-11-01T12:00:00+03:00'],
    ['the moved Monday 9 March 2026 waits for Tuesday', '2026-03-09T10:00:00+03:00', '2026-03-10T09:00:00+03:00'],
    ["an account's own day off waits for the next day", '2026-11-27T10:00:00+03:00', '2026-11-30T09:00:00+03:00', own([['2026-11-27', false]])],
    ["an account's own working Saturday is itself", '2026-11-28T10:00:00+03:00', '2026-11-28T10:00:00+03:00', own([['2026-11-28', true]])],
  ])('nextWorkingInstant: %s', (_, instant, expected, calendar = PUBLIC_CALENDAR) => {
    expect(new Date(nextWorkingInstant(at(instant), accountSchedule(HOURS, calendar))).toISOString()).toBe(new Date(expected).toISOString());
  });

  it("a working day keeps the account's usual hours", () => {
    expect(new Date(nextWorkingInstant(at('2025-11-01T18:30:00+03:00'), accountSchedule(HOURS, PUBLIC_CALENDAR))).toISOString()).toBe(new Date('2025-11-05T09:00:00+03:00').toISOString());
  });
});

describe('task_overdue on the working clock honours the calendar', () => {
  const norms = onlyRule('task_overdue', (n) => {
    n.rules.task_overdue.clock = 'working';
    n.rules.task_overdue.graceMinutes = 120;
  });
  const created = at('2025-12-01T08:00:00Z');
  const snapshot = { deals: [deal({ id: 'd1', createdAt: created })], tasks: [task({ id: 't1', createdAt: created, dueAt: at('2025-12-30T17:00:00+03:00') })] };

  it.each([
    ['31 December 2025, a moved day off', '2025-12-31T17:00:00+03:00', 0],
    ['9 January 2026, a moved day off', '2026-01-09T17:00:00+03:00', 0],
    ['12 January 2026 09:59, 119 working minutes', '2026-01-12T09:59:00+03:00', 0],
    ['12 January 2026 10:00, exactly 120 working minutes', '2026-01-12T10:00:00+03:00', 0],
    ['12 January 2026 10:01', '2026-01-12T10:01:00+03:00', 1],
  ])('a task due 30.12.2025 17:00 with 2 h grace, at %s → %i finding(s)', (_, instant, expected) => {
    expect(openAt(snapshot, norms, at(instant))).toHaveLength(expected);
  });

  it("and the account's own working day", () => {
    const calendar = own([['2026-01-09', true]]);
    expect(openAt(snapshot, norms, at('2026-01-09T10:01:00+03:00'), calendar)).toHaveLength(1);
    expect(openAt(snapshot, norms, at('2026-01-09T10:01:00+03:00'))).toHaveLength(0);
  });
});
