import { addDays, compareDates, localDateAt, type LocalDate } from '../calendar/local-date';
import { PUBLIC_CALENDAR, type WorkCalendar } from '../calendar/work-calendar';
import type { Absence, PersonalSchedule } from './model';
import type { EpochMs } from '../time';
import { worksOn, type Schedule } from './windows';

/** The account's working hours, as norms hold them: the pattern of everyone without one of their own. */
export interface AccountHours {
  timezone: string;
  days: readonly number[];
  from: string;
  to: string;
}

/**
 * Who works when across an account: its working calendar (holidays,
 * transfers, its own marks) and the personal schedules of those who have
 * one. Whoever has none works the account's hours on its working days.
 */
export interface WorkTime {
  calendar: WorkCalendar;
  /** By CRM user id. */
  personal: ReadonlyMap<string, PersonalSchedule>;
}

/** The production calendar alone, nobody with a schedule of their own: what tests and tools without an account use. */
export const PUBLIC_WORK_TIME: WorkTime = { calendar: PUBLIC_CALENDAR, personal: new Map() };

/** The account's own schedule: its hours on its working days. */
export function accountSchedule(hours: AccountHours, calendar: WorkCalendar): Schedule {
  return { timezone: hours.timezone, pattern: { kind: 'weekly', days: hours.days, from: hours.from, to: hours.to }, calendar, absences: [] };
}

/** One person's schedule: their pattern and absences, else the account's hours (null: the account's own). */
export function scheduleOf(work: WorkTime, hours: AccountHours, personId: string | null): Schedule {
  const own = personId === null ? undefined : work.personal.get(personId);
  const account = accountSchedule(hours, work.calendar);
  if (!own) return account;
  return { ...account, pattern: own.pattern ?? account.pattern, absences: own.absences };
}

/**
 * The person's absence that overlaps the dates `from`–`to` (both included),
 * the earliest first; null when none does. A ping asks it for the dates
 * between now and the manager's next working time: an absence in between
 * means the manager is away, not merely off shift.
 */
export function absenceWithin(work: WorkTime, personId: string | null, from: LocalDate, to: LocalDate): Absence | null {
  const own = personId === null ? undefined : work.personal.get(personId);
  if (!own) return null;
  const overlapping = own.absences.filter((a) => compareDates(a.from, to) <= 0 && compareDates(a.to, from) >= 0);
  return overlapping.sort((a, b) => compareDates(a.from, b.from))[0] ?? null;
}

/** A string that changes whenever the work time would count differently: what kept report points are keyed by. */
export function workTimeFingerprint(work: WorkTime): string {
  // Only what the clock reads: the stores' rows also carry ids, who set them and when.
  const personal = [...work.personal.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, { pattern, absences }]) => [id, pattern, absences.map(({ kind, from, to }) => [kind, from, to])]);
  return `${work.calendar.fingerprint}|${JSON.stringify(personal)}`;
}

/**
 * The last day of `absence` and of the absences that follow it with no
 * working day between (sick leave 1–4.12, then a vacation from Monday
 * 7.12): when the person is back. A gap that holds a working day of the
 * person's schedule ends the chain.
 */
export function absenceChainEnd(work: WorkTime, hours: AccountHours, personId: string, absence: Absence): LocalDate {
  const absences = [...(work.personal.get(personId)?.absences ?? [])].sort((a, b) => compareDates(a.from, b.from));
  let end = absence.to;
  for (const next of absences) {
    if (compareDates(next.to, end) <= 0) continue;
    if (compareDates(next.from, addDays(end, 1)) > 0 && worksBetween(work, hours, personId, addDays(end, 1), addDays(next.from, -1))) break;
    end = next.to;
  }
  return end;
}

/** Whether the person's schedule has a shift starting on some date from `from` to `to`. */
function worksBetween(work: WorkTime, hours: AccountHours, personId: string, from: LocalDate, to: LocalDate): boolean {
  const schedule = scheduleOf(work, hours, personId);
  for (let day = from; compareDates(day, to) <= 0; day = addDays(day, 1)) {
    if (worksOn(schedule, day)) return true;
  }
  return false;
}

/**
 * Whether a person was away (an absence: vacation, sick leave, a day off)
 * on every local date from the one holding `from` to the one holding the
 * last instant before `to`. The weekly report asks it of a finding's life
 * (from its start to its end or the report's end): one that lived only
 * while its manager was away is not counted against them.
 */
export function awayThroughout(work: WorkTime, personId: string | null, from: EpochMs, to: EpochMs, timezone: string): boolean {
  const absences = personId === null ? undefined : work.personal.get(personId)?.absences;
  if (!absences || absences.length === 0) return false;
  const last = localDateAt(Math.max(from, to - 1), timezone);
  let day = localDateAt(from, timezone);
  while (compareDates(day, last) <= 0) {
    const covering = absences.find((a) => compareDates(a.from, day) <= 0 && compareDates(a.to, day) >= 0);
    if (!covering) return false;
    // Absences back to back (a vacation, then a day off) cover on together.
    day = addDays(covering.to, 1);
  }
  return true;
}
