import { MAX_DAYS_SCANNED, workingWindows, type Schedule } from '../schedules/windows';
import type { EpochMs } from '../time';

/**
 * How a rule counts time. Calendar time is plain arithmetic; working time
 * only advances inside the account's working hours on the account's working
 * days, so a task due on Friday evening with a 2-hour grace is late on Monday
 * at 11:00, not on Friday night — and one due on 30 December is late after
 * the New Year holidays. Whose working time: the responsible person's
 * schedule (src/schedules/) — their own pattern and absences, else the
 * account's hours on the account's working calendar (public holidays,
 * transfers, the account's own marks).
 */
export interface DurationClock {
  /** The instant that lies `ms` of counted time after `from`. */
  add(from: EpochMs, ms: number): EpochMs;
}

export const calendarTime: DurationClock = { add: (from, ms) => from + ms };

/** A DurationClock that counts only a schedule's working windows: the account's hours on its working days, or one person's own. */
export function workingTime(schedule: Schedule): DurationClock {
  return {
    add(from, ms) {
      // Zero grace means "at that instant", even when the instant lies off hours.
      if (ms <= 0) return from;
      let remaining = ms;
      for (const [start, end] of workingWindows(schedule, from)) {
        const begin = Math.max(start, from);
        if (begin >= end) continue;
        if (begin + remaining <= end) return begin + remaining;
        remaining -= end - begin;
      }
      throw new Error(`working time: no working window within ${MAX_DAYS_SCANNED} days of ${new Date(from).toISOString()}`);
    },
  };
}

/** `at` itself when it lies inside a working window of the schedule, else the start of the next one. */
export function nextWorkingInstant(at: EpochMs, schedule: Schedule): EpochMs {
  for (const [start, end] of workingWindows(schedule, at)) {
    if (at < end) return Math.max(start, at);
  }
  throw new Error(`working time: no working window within ${MAX_DAYS_SCANNED} days of ${new Date(at).toISOString()}`);
}
