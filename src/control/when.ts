import { TZDate } from '@date-fns/tz';
import { addDays, compareDates, localDateAt, type LocalDate } from '../calendar/local-date';
import { parseClockTime, workingWindows, worksOn, type Schedule } from '../schedules/windows';
import type { EpochMs } from '../time';

/**
 * When the daily control speaks, pure: which managers' working day began in
 * a stretch of time (the minute since the last tick, or a few after a
 * restart), and whether the evening check's time fell in it on a working
 * day. A tick asks about (after, until]: an instant exactly at `until` is
 * due now and never again at the next tick.
 */
export interface Span {
  /** Exclusive: decided by an earlier tick. */
  after: EpochMs;
  /** Inclusive: now. */
  until: EpochMs;
}

/** A manager's working day that began in the span: its shift's start and end, and the date it belongs to. */
export interface MorningOccasion {
  personId: string;
  start: EpochMs;
  end: EpochMs;
  /** The local date the shift starts on (an overnight shift belongs to the evening it starts). */
  date: LocalDate;
}

/**
 * The working days that began in the span, one per person whose shift
 * started in it: their own pattern (or the account's hours), on the days the
 * calendar and their rota give, absences left out — a manager on vacation,
 * on a holiday or off shift has no working start, so no digest.
 */
export function morningOccasions(people: readonly { personId: string; schedule: Schedule }[], span: Span): MorningOccasion[] {
  const due: MorningOccasion[] = [];
  for (const { personId, schedule } of people) {
    for (const [start, end] of workingWindows(schedule, span.after)) {
      // The first window may have begun before the span (it holds `after`); windows come in order.
      if (start > span.until) break;
      if (start > span.after) due.push({ personId, start, end, date: localDateAt(start, schedule.timezone) });
    }
  }
  return due;
}

/** The evening check of one date: its instant. */
export interface EveningOccasion {
  at: EpochMs;
  date: LocalDate;
}

/**
 * The evening checks due in the span: `time` (HH:MM, local) on each date
 * whose instant falls in it and that is a working day of the account (its
 * working weekdays, public holidays and moved days, its own marks).
 */
export function eveningOccasions(account: Schedule, time: string, span: Span): EveningOccasion[] {
  const due: EveningOccasion[] = [];
  const last = localDateAt(span.until, account.timezone);
  for (let date = localDateAt(span.after, account.timezone); compareDates(date, last) <= 0; date = addDays(date, 1)) {
    const at = localInstant(date, time, account.timezone);
    if (at > span.after && at <= span.until && worksOn(account, date)) due.push({ at, date });
  }
  return due;
}

/** The instant a local date's wall clock shows `time` (HH:MM). */
export function localInstant(date: LocalDate, time: string, timezone: string): EpochMs {
  const [hours, minutes] = parseClockTime(time);
  return new TZDate(date.year, date.month - 1, date.day, hours, minutes, timezone).getTime();
}
