import { TZDate } from '@date-fns/tz';
import type { EpochMs } from '../time';

/**
 * A date on the account's wall calendar (no time, no timezone): what a
 * holiday or an admin's day off is about. Stored and written as YYYY-MM-DD.
 * Arithmetic is done on the UTC calendar, which has no DST to trip on.
 */
export interface LocalDate {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
}

/** «2026-12-31» → the date, or null when it is not a real date in that form. */
export function parseIsoDate(text: string): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  return validDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** The date when year, month and day name a real one (no 31.04, no 29.02 outside leap years), else null. */
export function validDate(year: number, month: number, day: number): LocalDate | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not, so check the fields.
  probe.setUTCFullYear(year);
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day ? { year, month, day } : null;
}

export function isoDate({ year, month, day }: LocalDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A number that orders dates and keys maps: 20261231. */
export function dateKey(year: number, month: number, day: number): number {
  return year * 10_000 + month * 100 + day;
}

/** 1 = Monday … 7 = Sunday, as norms' working days count them. */
export function isoWeekday({ year, month, day }: LocalDate): number {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

export function addDays({ year, month, day }: LocalDate, days: number): LocalDate {
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return dateKey(a.year, a.month, a.day) - dateKey(b.year, b.month, b.day);
}

/** The date it is at `at` on the wall calendar of `timezone`. */
export function localDateAt(at: EpochMs, timezone: string): LocalDate {
  const local = new TZDate(at, timezone);
  return { year: local.getFullYear(), month: local.getMonth() + 1, day: local.getDate() };
}

/** «31.12.2026». */
export function dottedDate({ year, month, day }: LocalDate): string {
  return `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year}`;
}

/** Years an admin may name: wide enough for any real plan, narrow enough to catch a typo like 20266. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

/**
 * A date as an admin writes it: «31.12.2026», «2026-12-31», or «31.12» — the
 * nearest 31 December on or after `today` (for «29.02», the next leap year's).
 * Null when it is no real date.
 */
export function parseDayArgument(text: string, today: LocalDate): LocalDate | null {
  const iso = parseIsoDate(text);
  if (iso) return iso.year >= FIRST_YEAR && iso.year <= LAST_YEAR ? iso : null;
  const match = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?$/.exec(text);
  if (!match) return null;
  const [day, month] = [Number(match[1]), Number(match[2])];
  if (match[3] !== undefined) {
    const year = Number(match[3]);
    return year >= FIRST_YEAR && year <= LAST_YEAR ? validDate(year, month, day) : null;
  }
  // Within four years every day-and-month that exists at all comes round.
  for (let year = today.year; year <= today.year + 4; year++) {
    const date = validDate(year, month, day);
    if (date && compareDates(date, today) >= 0) return date;
  }
  return null;
}
