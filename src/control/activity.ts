import { TZDate } from '@date-fns/tz';
import { addDays, isoWeekday, localDateAt, type LocalDate } from '../calendar/local-date';
import { worksOn, type Schedule } from '../schedules/windows';
import type { EpochMs } from '../time';
import { localInstant } from './when';

/**
 * The evening check's activity question, pure: did a manager close far fewer
 * tasks today than they usually do on this weekday?
 *
 * - **Today** counts the tasks the manager completed from 00:00 to the
 *   check's instant, local time.
 * - **Usually** is the median of the same count — from 00:00 to the same
 *   clock time — on the same weekday of each of the previous 4 weeks.
 * - **Days without work are left out, not counted as zero**: a public
 *   holiday or the account's day off, a day off in the manager's own rota,
 *   and a day of absence (vacation, sick leave, a day off) — whatever their
 *   schedule says was no working day for them. With fewer than 2 of the 4
 *   weekdays worked there is no «usually», and nothing is asked.
 * - Nothing is asked of a manager who does not work today (away, off
 *   shift), nor of one whose shift began only after the check's instant (a
 *   night shift starting at 21:00 has not worked yet at 19:00).
 * - **Asked when today is below half of usually**: 6 against 14 is asked,
 *   7 against 14 is not (exactly half is not a drop), and a usual 0 never is.
 */
export const WEEKS_BACK = 4;
export const MIN_DAYS_WORKED = 2;

export interface ActivityQuestion {
  personId: string;
  /** Tasks completed today by the check's instant. */
  today: number;
  /** The median of the same weekday's counts, over the days worked. */
  usual: number;
  /** ISO weekday of today, 1 = Monday: what «по четвергам» names. */
  weekday: number;
}

export interface ActivityInput {
  /** The check's date and instant. */
  date: LocalDate;
  at: EpochMs;
  timezone: string;
  people: readonly { personId: string; schedule: Schedule }[];
  /** Completed tasks over the last WEEKS_BACK weeks and today: whose, and when completed. */
  completions: readonly { personId: string; at: EpochMs }[];
}

/** The managers whose completed tasks today fell below half their usual for this weekday, in the order given. */
export function activityQuestions(input: ActivityInput): ActivityQuestion[] {
  const counts = countByPersonAndDay(input.completions, input.timezone, minuteOfDay(input.at, input.timezone));
  const questions: ActivityQuestion[] = [];
  for (const { personId, schedule } of input.people) {
    if (!workedToday(schedule, input.date, input.at)) continue;
    const history = pastSameWeekdays(input.date).map((day) => (worksOn(schedule, day) ? (counts.get(key(personId, day)) ?? 0) : null));
    const usual = usualCount(history);
    const today = counts.get(key(personId, input.date)) ?? 0;
    if (usual !== null && isDrop(today, usual)) questions.push({ personId, today, usual, weekday: isoWeekday(input.date) });
  }
  return questions;
}

/** Whether `today` is below half of `usual`: strictly, so exactly half is not a drop. */
export function isDrop(today: number, usual: number): boolean {
  return today * 2 < usual;
}

/** The median of the days worked (null: not worked), or null with fewer than MIN_DAYS_WORKED of them. */
export function usualCount(history: readonly (number | null)[]): number | null {
  const worked = history.filter((n): n is number => n !== null).sort((a, b) => a - b);
  if (worked.length < MIN_DAYS_WORKED) return null;
  const middle = Math.floor(worked.length / 2);
  return worked.length % 2 === 1 ? worked[middle]! : (worked[middle - 1]! + worked[middle]!) / 2;
}

/** The same weekday of each of the previous WEEKS_BACK weeks, the nearest first. */
export function pastSameWeekdays(date: LocalDate): LocalDate[] {
  return Array.from({ length: WEEKS_BACK }, (_, i) => addDays(date, -7 * (i + 1)));
}

/** A shift of theirs starts today, and began before the check. */
function workedToday(schedule: Schedule, date: LocalDate, at: EpochMs): boolean {
  return worksOn(schedule, date) && localInstant(date, schedule.pattern.from, schedule.timezone) < at;
}

/** Completions per person and local date, counting only those before the check's clock time on their day. */
function countByPersonAndDay(completions: ActivityInput['completions'], timezone: string, cutoffMinute: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of completions) {
    if (minuteOfDay(c.at, timezone) >= cutoffMinute) continue;
    const k = key(c.personId, localDateAt(c.at, timezone));
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

function minuteOfDay(at: EpochMs, timezone: string): number {
  const local = new TZDate(at, timezone);
  return local.getHours() * 60 + local.getMinutes();
}

const key = (personId: string, d: LocalDate) => `${personId}|${d.year}-${d.month}-${d.day}`;
