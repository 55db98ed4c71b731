import type { EpochMs } from '../model';
import type { Random } from './random';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The demo company works in Moscow: UTC+3 all year since 2014, so a fixed offset is exact and needs no tz data. */
const MOSCOW_OFFSET = 3 * HOUR;

/** Managers' working hours, Moscow time, Monday to Friday. */
const WORK_FROM_HOUR = 9;
const WORK_TO_HOUR = 20;
/**
 * The account's working day as the bot counts it by default (its norms'
 * working clock), shorter than the managers' day: a norm "in working
 * minutes" is met or missed on this clock, so the demo times what it means
 * to be on time or late on it too.
 */
const OFFICE_FROM_HOUR = 9;
const OFFICE_TO_HOUR = 18;

/** Monday 00:00 UTC of the ISO week that contains `at`. */
export function isoWeekStart(at: EpochMs): EpochMs {
  const day = Math.floor(at / DAY);
  return (day - weekdayOf(day)) * DAY;
}

/** The number of the Moscow calendar day that contains `at`, counted from the epoch. */
export function moscowDay(at: EpochMs): number {
  return Math.floor((at + MOSCOW_OFFSET) / DAY);
}

/** 0 = Monday … 6 = Sunday, for a day number counted from the epoch (a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Whether managers work on that Moscow day. */
export function isWorkday(day: number): boolean {
  return weekdayOf(day) < 5;
}

/** The instant at `hours` o'clock Moscow time on Moscow day `day`. */
export function moscowTime(day: number, hours: number): EpochMs {
  return day * DAY + Math.round((hours * HOUR) / 1000) * 1000 - MOSCOW_OFFSET;
}

/** Whether `at` falls inside managers' working hours. */
export function isWorkingTime(at: EpochMs): boolean {
  const day = moscowDay(at);
  const hour = (at - moscowTime(day, 0)) / HOUR;
  return isWorkday(day) && hour >= WORK_FROM_HOUR && hour < WORK_TO_HOUR;
}

/**
 * The instant `duration` of the account's working time (Monday to Friday,
 * 09:00–18:00 Moscow) after `at`: what a norm of that many working minutes
 * allows. Time off the clock does not count; starting off it, the count
 * starts at the next working morning.
 */
export function addOfficeTime(at: EpochMs, duration: number): EpochMs {
  let from = at;
  let left = duration;
  for (;;) {
    const day = moscowDay(from);
    if (isWorkday(day)) {
      const start = Math.max(from, moscowTime(day, OFFICE_FROM_HOUR));
      const end = moscowTime(day, OFFICE_TO_HOUR);
      if (start + left <= end) return start + left;
      left -= Math.max(0, end - start);
    }
    from = moscowTime(nextWorkday(day), OFFICE_FROM_HOUR);
  }
}

/**
 * Moves `at` into working hours: people complete tasks and move deals at work,
 * so something that would happen at night happens the next working morning.
 */
export function atWork(at: EpochMs, rng: Random): EpochMs {
  if (isWorkingTime(at)) return at;
  const day = moscowDay(at);
  const beforeWork = at < moscowTime(day, WORK_FROM_HOUR);
  return morningOf(beforeWork && isWorkday(day) ? day : nextWorkday(day), rng);
}

/** The first workday after `day`. */
export function nextWorkday(day: number): number {
  let next = day + 1;
  while (!isWorkday(next)) next += 1;
  return next;
}

/** A moment early in the working day `day`; the jitter keeps 09:00 from becoming one spike of events. */
export function morningOf(day: number, rng: Random): EpochMs {
  return moscowTime(day, WORK_FROM_HOUR) + Math.min(rng.duration(40 * MINUTE, 0.8), 3 * HOUR);
}
