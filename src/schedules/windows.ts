import { TZDate } from '@date-fns/tz';
import { dateKey, isoWeekday, type LocalDate } from '../calendar/local-date';
import type { WorkCalendar } from '../calendar/work-calendar';
import type { EpochMs } from '../time';
import type { Absence, WorkPattern } from './model';

/**
 * Everything that says when one person works: their pattern (the account's
 * hours as a weekly pattern when they have none of their own), the
 * account's working calendar (for weekly patterns) and their absences, in
 * the account's timezone.
 */
export interface Schedule {
  timezone: string;
  pattern: WorkPattern;
  calendar: WorkCalendar;
  absences: readonly Absence[];
}

/** Working windows are searched at most this many days ahead (a ~10-year norm is absurd anyway). */
export const MAX_DAYS_SCANNED = 3660;

/**
 * The working windows [start, end) of a schedule, in order, from the one
 * that holds or follows `from` (callers skip a window that ends before it).
 * A shift belongs to the date it starts on: an overnight shift (`to` at or
 * before `from`, «21:00-09:00»; «09:00-09:00» is 24 hours) ends the next
 * day, and a day of absence drops the shift that starts on it.
 */
export function* workingWindows(schedule: Schedule, from: EpochMs): Generator<[EpochMs, EpochMs]> {
  const { pattern, timezone } = schedule;
  const [fromH, fromM] = parseClockTime(pattern.from);
  const [toH, toM] = parseClockTime(pattern.to);
  const overnight = toH * 60 + toM <= fromH * 60 + fromM;
  const works = dayTest(schedule);
  const first = new TZDate(from, timezone);
  // An overnight shift that began the day before may still be running at `from`.
  const [firstYear, firstMonth, firstDay] = [first.getFullYear(), first.getMonth(), first.getDate() - (overnight ? 1 : 0)];
  for (let i = 0; i < MAX_DAYS_SCANNED; i++) {
    // The wall-calendar date i days on, by UTC arithmetic (a date has no DST): a TZDate, which is
    // costly in the rules' hot loop, is built only for the ends of a working day's window.
    const date = new Date(Date.UTC(firstYear, firstMonth, firstDay + i));
    const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
    if (!works(year, month + 1, day, date.getUTCDay() || 7)) continue;
    const start = new TZDate(year, month, day, fromH, fromM, timezone);
    const end = new TZDate(year, month, day + (overnight ? 1 : 0), toH, toM, timezone);
    yield [start.getTime(), end.getTime()];
  }
}

/** Whether a shift of the schedule starts on a date (and it is no day of absence). */
export function worksOn(schedule: Schedule, date: LocalDate): boolean {
  return dayTest(schedule)(date.year, date.month, date.day, isoWeekday(date));
}

/** Whether a shift starts on a date (month 1–12, weekday 1 = Monday): the pattern's day, not a day of absence. */
function dayTest(schedule: Schedule): (year: number, month: number, day: number, weekday: number) => boolean {
  const { pattern, calendar } = schedule;
  const away = schedule.absences.map((a): [number, number] => [keyOf(a.from), keyOf(a.to)]);
  const absent = away.length === 0 ? () => false : (key: number) => away.some(([first, last]) => key >= first && key <= last);
  if (pattern.kind === 'weekly') {
    const { days } = pattern;
    // A holiday, a moved day or the account's own mark first; else the pattern's weekdays.
    return (year, month, day, weekday) => (calendar.workingOn(year, month, day) ?? days.includes(weekday)) && !absent(dateKey(year, month, day));
  }
  const { on, off, start } = pattern;
  const startDay = Date.UTC(start.year, start.month - 1, start.day) / DAY_MS;
  const length = on + off;
  return (year, month, day) => {
    const offset = Date.UTC(year, month - 1, day) / DAY_MS - startDay;
    return ((offset % length) + length) % length < on && !absent(dateKey(year, month, day));
  };
}

const DAY_MS = 86_400_000;

function keyOf(date: LocalDate): number {
  return dateKey(date.year, date.month, date.day);
}

/** «09:30» → [9, 30]; the stores and the schema only let HH:MM through. */
export function parseClockTime(value: string): [number, number] {
  const [h, m] = value.split(':').map(Number);
  return [h ?? 0, m ?? 0];
}
