import { describe, expect, it } from 'vitest';
import { addDays, parseIsoDate, type LocalDate } from '../../src/calendar/local-date';
import { PUBLIC_CALENDAR } from '../../src/calendar/work-calendar';
import { activityQuestions, isDrop, usualCount } from '../../src/control/activity';
import { localInstant } from '../../src/control/when';
import type { Absence, WorkPattern } from '../../src/schedules/model';
import type { Schedule } from '../../src/schedules/windows';
import { accountSchedule } from '../../src/schedules/work-time';
import { MINUTE } from '../../src/time';

/**
 * The evening check's activity question (src/control/activity.ts): tasks
 * closed today by the check's time against the median of the same weekday
 * of the previous 4 weeks, by the same time; days without work left out.
 */

const TZ = 'Europe/Moscow';
const day = (iso: string) => parseIsoDate(iso)!;
const HOURS = { timezone: TZ, days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' };
const ACCOUNT = accountSchedule(HOURS, PUBLIC_CALENDAR);
const withAbsences = (absences: Absence[], pattern: WorkPattern = { kind: 'weekly', days: HOURS.days, from: HOURS.from, to: HOURS.to }): Schedule => ({ ...ACCOUNT, pattern, absences });

/** `n` tasks closed on a date from `from` (local time) on, a minute apart. */
const closed = (date: LocalDate, n: number, from = '10:00') => Array.from({ length: n }, (_, i) => ({ personId: 'm1', at: localInstant(date, from, TZ) + i * MINUTE }));

/** The check on `date` at 19:00, with `today` closed today and the given counts on the 4 previous same weekdays (the nearest first). */
function ask(date: string, today: number, previous: number[], schedule: Schedule = ACCOUNT) {
  const d = day(date);
  const completions = [...closed(d, today), ...previous.flatMap((n, i) => closed(addDays(d, -7 * (i + 1)), n))];
  return activityQuestions({ date: d, at: localInstant(d, '19:00', TZ), timezone: TZ, people: [{ personId: 'm1', schedule }], completions });
}

describe('a drop is below half of usual: exactly half is not', () => {
  const cases: [number, number, boolean][] = [
    [6, 14, true],
    [7, 14, false],
    [8, 14, false],
    [6, 13, true],
    [7, 13, false],
    [6, 13.5, true],
    [7, 13.5, false],
    [0, 1, true],
    [0, 0, false],
    [1, 2, false],
  ];
  it.each(cases)('today %d against usually %d: asked %s', (today, usual, asked) => {
    expect(isDrop(today, usual)).toBe(asked);
  });
});

describe('usually is the median of the days worked, and needs two of them', () => {
  const cases: [string, (number | null)[], number | null][] = [
    ['four days', [14, 10, 15, 14], 14],
    ['an even count: the mean of the middle two', [12, 15, null, null], 13.5],
    ['a day not worked is left out, not a zero', [10, 20, null, 30], 20],
    ['one day worked: no usual', [14, null, null, null], null],
    ['none worked', [null, null, null, null], null],
  ];
  it.each(cases)('%s', (_what, history, usual) => {
    expect(usualCount(history)).toBe(usual);
  });
});

describe('who is asked at the evening check', () => {
  // Thursday 26.11.2026; the Thursdays before: 19.11, 12.11, 05.11, 29.10.
  it('6 closed against a usual 14 on Thursdays is asked; 7 is not', () => {
    expect(ask('2026-11-26', 6, [14, 14, 14, 14])).toEqual([{ personId: 'm1', today: 6, usual: 14, weekday: 4 }]);
    expect(ask('2026-11-26', 7, [14, 14, 14, 14])).toEqual([]);
  });

  it('a usual of 13: 6 is asked, 7 is not', () => {
    expect(ask('2026-11-26', 6, [13, 12, 13, 15])).toHaveLength(1);
    expect(ask('2026-11-26', 7, [13, 12, 13, 15])).toEqual([]);
  });

  // Wednesday 25.11.2026; the Wednesdays before: 18.11, 11.11, 04.11 (Unity Day), 28.10.
  it('a public holiday in the history is left out: 10, 20, (holiday), 30 is usually 20, not 15', () => {
    expect(ask('2026-11-25', 9, [10, 20, 0, 30])).toEqual([{ personId: 'm1', today: 9, usual: 20, weekday: 3 }]);
  });

  it('a day of absence in the history is left out the same way', () => {
    const dayOff = withAbsences([{ kind: 'day_off', from: day('2026-11-19'), to: day('2026-11-19') }]);
    expect(ask('2026-11-26', 9, [0, 10, 20, 30], dayOff)).toEqual([{ personId: 'm1', today: 9, usual: 20, weekday: 4 }]);
  });

  it('with fewer than two of the four weekdays worked there is no usual: nothing is asked', () => {
    const vacation = withAbsences([{ kind: 'vacation', from: day('2026-10-26'), to: day('2026-11-15') }]);
    expect(ask('2026-11-26', 0, [20, 0, 0, 0], vacation)).toEqual([]);
  });

  it('nobody is asked about a day they are away', () => {
    const sick = withAbsences([{ kind: 'sick', from: day('2026-11-26'), to: day('2026-11-26') }]);
    expect(ask('2026-11-26', 0, [14, 14, 14, 14], sick)).toEqual([]);
  });

  it('nor about a shift that has not begun: a night shift starting at 21:00 is not judged at 19:00', () => {
    const nights = withAbsences([], { kind: 'weekly', days: [1, 2, 3, 4, 5], from: '21:00', to: '09:00' });
    expect(ask('2026-11-26', 0, [14, 14, 14, 14], nights)).toEqual([]);
  });

  it('a usual of zero is never a drop', () => {
    expect(ask('2026-11-26', 0, [0, 0, 0, 0])).toEqual([]);
  });

  it('history counts only what was closed by the check’s clock time: 14 by 19:00 (and 10 after) is usually 14', () => {
    const d = day('2026-11-26');
    const late = [1, 2, 3, 4].flatMap((week) => closed(addDays(d, -7 * week), 10, '19:00'));
    const base = [...closed(d, 7), ...[1, 2, 3, 4].flatMap((week) => closed(addDays(d, -7 * week), 14))];
    const question = activityQuestions({ date: d, at: localInstant(d, '19:00', TZ), timezone: TZ, people: [{ personId: 'm1', schedule: ACCOUNT }], completions: [...base, ...late] });
    expect(question).toEqual([]);
  });

  it('today counts up to the check: a task closed at 19:00 sharp is not in the 19:00 check', () => {
    const d = day('2026-11-26');
    const history = [1, 2, 3, 4].flatMap((week) => closed(addDays(d, -7 * week), 14));
    const today = [...closed(d, 6), ...closed(d, 1, '19:00')];
    const question = activityQuestions({ date: d, at: localInstant(d, '19:00', TZ), timezone: TZ, people: [{ personId: 'm1', schedule: ACCOUNT }], completions: [...history, ...today] });
    expect(question.map((q) => q.today)).toEqual([6]);
  });
});
