import { TZDate } from '@date-fns/tz';
import type { EpochMs } from '../time';
import type { WorkingHours } from '../norms/schema';
import type { WorkCalendar } from '../calendar/work-calendar';

/**
 * How a rule counts time. Calendar time is plain arithmetic; working time
 * only advances inside the account's working hours on the account's working
 * days, so a task due on Friday evening with a 2-hour grace is late on Monday
 * at 11:00, not on Friday night — and one due on 30 December is late after
 * the New Year holidays. Which days work is the account's WorkCalendar
 * (public holidays, transfers, the account's own marks) over its working
 * weekdays (`hours.days`).
 */
export interface DurationClock {
  /** The instant that lies `ms` of counted time after `from`. */
  add(from: EpochMs, ms: number): EpochMs;
}

export const calendarTime: DurationClock = { add: (from, ms) => from + ms };

/** Working windows are searched at most this many days ahead (a ~10-year norm is absurd anyway). */
const MAX_DAYS_SCANNED = 3660;

/** A DurationClock that counts only the account's working hours on its working days. */
export function workingTime(hours: WorkingHours, calendar: WorkCalendar): DurationClock {
  return {
    add(from, ms) {
      // Zero grace means "at that instant", even when the instant lies off hours.
      if (ms <= 0) return from;
      let remaining = ms;
      for (const [start, end] of workingWindows(from, hours, calendar)) {
        const begin = Math.max(start, from);
        if (begin >= end) continue;
        if (begin + remaining <= end) return begin + remaining;
        remaining -= end - begin;
      }
      throw new Error(`working time: no working window within ${MAX_DAYS_SCANNED} days of ${new Date(from).toISOString()}`);
    },
  };
}

/** `at` itself when it lies inside working hours, else the start of the next working window. */
export function nextWorkingInstant(at: EpochMs, hours: WorkingHours, calendar: WorkCalendar): EpochMs {
  for (const [start, end] of workingWindows(at, hours, calendar)) {
    if (at < end) return Math.max(start, at);
  }
  throw new Error(`working time: no working window within ${MAX_DAYS_SCANNED} days of ${new Date(at).toISOString()}`);
}

/** The working windows [start, end) of each working day, starting with the local day that holds `from`. */
function* workingWindows(from: EpochMs, hours: WorkingHours, calendar: WorkCalendar): Generator<[EpochMs, EpochMs]> {
  const [fromH, fromM] = parseClockTime(hours.from);
  const [toH, toM] = parseClockTime(hours.to);
  const first = new TZDate(from, hours.timezone);
  const [firstYear, firstMonth, firstDay] = [first.getFullYear(), first.getMonth(), first.getDate()];
  for (let i = 0; i < MAX_DAYS_SCANNED; i++) {
    // The wall-calendar date i days on, by UTC arithmetic (a date has no DST): a TZDate, which is
    // costly in the rules' hot loop, is built only for the ends of a working day's window.
    const date = new Date(Date.UTC(firstYear, firstMonth, firstDay + i));
    const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
    // A holiday, a moved day or the account's own mark first; else the account's working weekdays.
    if (!(calendar.workingOn(year, month + 1, day) ?? hours.days.includes(date.getUTCDay() || 7))) continue;
    const start = new TZDate(year, month, day, fromH, fromM, hours.timezone);
    const end = new TZDate(year, month, day, toH, toM, hours.timezone);
    yield [start.getTime(), end.getTime()];
  }
}

function parseClockTime(value: string): [number, number] {
  const [h, m] = value.split(':').map(Number);
  return [h ?? 0, m ?? 0];
}

