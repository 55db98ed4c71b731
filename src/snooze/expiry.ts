import { TZDate } from '@date-fns/tz';
import { addDays, compareDates, parseDayArgument, validDate, type LocalDate } from '../calendar/local-date';
import type { EpochMs } from '../time';

/**
 * When a snooze ends, as people say it: «1 неделя», «2 недели», «3 дня»,
 * «1 месяц», «до конца месяца», «до 15.01», «15.01.2027» (and «1 week»,
 * «3 days», «end of month», «until 15.01»). Pure: the instant and the
 * account's timezone come in, so tests run at exact instants.
 *
 * A snooze names the day its finding is back: «1 неделя» on Monday 23.11 is
 * back on Monday 30.11, «до 15.01» on 15.01, «до конца месяца» on the first
 * of the next month. It ends at that day's start (00:00) in the account's
 * timezone; pings then wait for working hours as always.
 */

/** The longest snooze anyone may set, in days: a year is a plan, more is a typo. */
export const MAX_SNOOZE_DAYS = 365;

export interface Expiry {
  /** The day the finding is back (the snooze runs until its start). */
  backOn: LocalDate;
  /** The instant it ends: 00:00 of `backOn` in the account's timezone. */
  until: EpochMs;
  /** Whole days from today to `backOn`: what the norm `snoozeMaxDays` is compared with. */
  days: number;
}

export type ExpiryProblem = 'empty' | 'unrecognized' | 'past' | 'too-far';

export type ExpiryResult = { ok: true; expiry: Expiry } | { ok: false; problem: ExpiryProblem };

const DAY_WORDS = /^(?:д|дн|день|дня|дней|d|day|days)$/;
const WEEK_WORDS = /^(?:нед|неделя|недели|неделю|недель|w|wk|week|weeks)$/;
const MONTH_WORDS = /^(?:мес|месяц|месяца|месяцев|m|mo|month|months)$/;
const MONTH_END = /^(?:(?:до|по)\s+)?конца\s+месяца$|^(?:(?:until|till|to)\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?month$/;
const UNTIL = /^(?:до|по|until|till|to)\s+/;

/** Reads an expiry typed or picked at `at` in `timezone`. */
export function parseExpiry(text: string, at: EpochMs, timezone: string): ExpiryResult {
  const cleaned = text.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');
  if (cleaned === '') return { ok: false, problem: 'empty' };
  const today = localDay(at, timezone);
  const backOn = backOnDay(cleaned, today);
  if (!backOn) return { ok: false, problem: 'unrecognized' };
  const days = daysBetween(today, backOn);
  if (days <= 0) return { ok: false, problem: 'past' };
  if (days > MAX_SNOOZE_DAYS) return { ok: false, problem: 'too-far' };
  return { ok: true, expiry: { backOn, until: startOfDay(backOn, timezone), days } };
}

function backOnDay(text: string, today: LocalDate): LocalDate | null {
  if (MONTH_END.test(text)) return today.month === 12 ? { year: today.year + 1, month: 1, day: 1 } : { year: today.year, month: today.month + 1, day: 1 };
  const amount = /^(\d{1,3})?\s*([a-zа-я]+)\.?$/.exec(text);
  if (amount) {
    const n = amount[1] === undefined ? 1 : Number(amount[1]);
    const unit = amount[2]!;
    if (DAY_WORDS.test(unit)) return addDays(today, n);
    if (WEEK_WORDS.test(unit)) return addDays(today, 7 * n);
    if (MONTH_WORDS.test(unit)) return addMonths(today, n);
    return null;
  }
  return parseDayArgument(text.replace(UNTIL, ''), today);
}

/** The same day `n` months on; the month's last day when it is shorter (31.01 + 1 month = 28.02). */
function addMonths(day: LocalDate, n: number): LocalDate {
  const index = day.year * 12 + (day.month - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  for (let d = day.day; d >= 28; d--) {
    const date = validDate(year, month, d);
    if (date) return date;
  }
  return validDate(year, month, Math.min(day.day, 28))!;
}

function localDay(at: EpochMs, timezone: string): LocalDate {
  const local = new TZDate(at, timezone);
  return { year: local.getFullYear(), month: local.getMonth() + 1, day: local.getDate() };
}

/** 00:00 of a local date in the timezone. */
export function startOfDay(day: LocalDate, timezone: string): EpochMs {
  return new TZDate(day.year, day.month - 1, day.day, 0, 0, timezone).getTime();
}

function daysBetween(a: LocalDate, b: LocalDate): number {
  if (compareDates(a, b) === 0) return 0;
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}
