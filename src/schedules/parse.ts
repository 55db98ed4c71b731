import { addDays, compareDates, validDate, type LocalDate } from '../calendar/local-date';
import { parseDays } from './days';
import type { AbsenceKind, WorkPattern } from './model';

/**
 * What admins and supervisors type after /shift and /away, pure. The
 * person's name comes first and may have several words («Ипполит
 * Матвеевич»); the first word that reads as part of a schedule ends it.
 *
 *   /shift Ипполит 3/3 с 01.12 09:00-21:00   a cycle: 3 days on, 3 off, from 1 December
 *   /shift Ипполит 1/3 09:00-09:00            24-hour shifts, one in four days, from today
 *   /shift Ипполит пн-пт 10:00-19:00          a week of their own
 *   /shift Ипполит сброс                      back to the account's hours
 *   /away Ипполит 10.12-20.12 отпуск          an absence (отпуск, больничный, отгул)
 *   /away Ипполит до 20.12 больничный         from today to 20 December
 *   /away Ипполит убрать 10.12                takes back the absence that holds 10 December
 */

/** Why a /shift or /away line could not be read: each has its own message with an example. */
export type ScheduleInputError =
  | 'no-name'
  | 'no-schedule'
  | 'bad-cycle'
  | 'no-hours'
  | 'bad-hours'
  | 'bad-days'
  | 'bad-date'
  | 'no-dates'
  | 'dates-reversed'
  | 'too-long'
  | 'unknown-word';

export type ShiftInput = { name: string; pattern: WorkPattern } | { name: string; reset: true };
export type AwayInput = { name: string; add: { kind: AbsenceKind; from: LocalDate; to: LocalDate } } | { name: string; remove: LocalDate } | { name: string; list: true };

export type Parsed<T> = { ok: T } | { error: ScheduleInputError; word?: string };

/** The longest cycle part and absence accepted: beyond them it is a typo, not a schedule. */
const MAX_CYCLE_DAYS = 14;
const MAX_ABSENCE_DAYS = 366;

const RESET_WORDS = new Set(['сброс', 'сбросить', 'обычный', 'reset', 'default']);
const FROM_WORDS = new Set(['с', 'со', 'from', 'since']);
const REMOVE_WORDS = new Set(['убрать', 'удалить', 'снять', 'remove', 'delete']);
/** «с 10.12 по 20.12», «до 20.12» (from today), «from … to …». */
const UNTIL_WORDS = new Set(['по', 'до', 'to', 'till', 'until']);
const KINDS: Record<string, AbsenceKind> = {
  отпуск: 'vacation',
  vacation: 'vacation',
  holiday: 'vacation',
  больничный: 'sick',
  болеет: 'sick',
  sick: 'sick',
  отгул: 'day_off',
  выходной: 'day_off',
  'day-off': 'day_off',
  dayoff: 'day_off',
  off: 'day_off',
};

const CYCLE = /^(\d{1,2})\/(\d{1,2})$/;
const HOURS = /^(\d{1,2}):(\d{2})[-–—](\d{1,2}):(\d{2})$/;
const DATE = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?$/;
const DATE_RANGE = /^(\d{1,2}\.\d{1,2}(?:\.\d{4})?)[-–—](\d{1,2}\.\d{1,2}(?:\.\d{4})?)$/;

/** `/shift NAME PATTERN`; `today` is the account's date, for «с 01.12» without a year and for a cycle without a start. */
export function parseShift(text: string, today: LocalDate): Parsed<ShiftInput> {
  const words = joinRanges(splitWords(text));
  const at = words.findIndex((w) => RESET_WORDS.has(w.toLowerCase()) || CYCLE.test(w) || HOURS.test(w) || parseDays(w) !== null);
  const name = (at === -1 ? words : words.slice(0, at)).join(' ');
  if (name === '') return { error: 'no-name' };
  if (at === -1) return { error: 'no-schedule' };
  const rest = words.slice(at);
  if (RESET_WORDS.has(rest[0]!.toLowerCase())) return rest.length === 1 ? { ok: { name, reset: true } } : { error: 'unknown-word', word: rest[1]! };

  let cycle: { on: number; off: number } | null = null;
  let days: number[] | null = null;
  let hours: { from: string; to: string } | null = null;
  let start: LocalDate | null = null;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    const cycleMatch = CYCLE.exec(word);
    const hoursMatch = HOURS.exec(word);
    if (cycleMatch) {
      const [on, off] = [Number(cycleMatch[1]), Number(cycleMatch[2])];
      if (on < 1 || off < 0 || on > MAX_CYCLE_DAYS || off > MAX_CYCLE_DAYS) return { error: 'bad-cycle', word };
      cycle = { on, off };
    } else if (hoursMatch) {
      const parsed = clockRange(hoursMatch);
      if (!parsed) return { error: 'bad-hours', word };
      hours = parsed;
    } else if (FROM_WORDS.has(word.toLowerCase()) || DATE.test(word)) {
      const dateWord = DATE.test(word) ? word : rest[++i];
      const date = dateWord === undefined ? null : nearestDate(dateWord, today);
      if (!date) return { error: 'bad-date', word: dateWord ?? word };
      start = date;
    } else if (parseDays(word) !== null) {
      days = parseDays(word);
    } else {
      return { error: 'unknown-word', word };
    }
  }
  if (!hours) return { error: 'no-hours' };
  if (cycle && days) return { error: 'bad-days' };
  if (cycle) return { ok: { name, pattern: { kind: 'cycle', ...cycle, start: start ?? today, ...hours } } };
  if (!days) return { error: 'no-schedule' };
  return { ok: { name, pattern: { kind: 'weekly', days, ...hours } } };
}

/** `/away NAME DATES [KIND]`, `/away NAME убрать DATE`, `/away NAME`. */
export function parseAway(text: string, today: LocalDate): Parsed<AwayInput> {
  const words = joinRanges(splitWords(text));
  const at = words.findIndex((w, i) => REMOVE_WORDS.has(w.toLowerCase()) || DATE.test(w) || DATE_RANGE.test(w) || ((FROM_WORDS.has(w.toLowerCase()) || UNTIL_WORDS.has(w.toLowerCase())) && DATE.test(words[i + 1] ?? '')));
  const name = (at === -1 ? words : words.slice(0, at)).join(' ');
  if (name === '') return { error: 'no-name' };
  if (at === -1) return { ok: { name, list: true } };
  const rest = words.slice(at);
  if (REMOVE_WORDS.has(rest[0]!.toLowerCase())) {
    const date = rest.length === 2 ? nearestDate(rest[1]!, today) : null;
    return date ? { ok: { name, remove: date } } : { error: rest.length < 2 ? 'no-dates' : 'bad-date', word: rest.slice(1).join(' ') };
  }
  let kind: AbsenceKind | null = null;
  const dates: string[] = [];
  // «до 20.12» before any other date: from today.
  const fromToday = UNTIL_WORDS.has(rest[0]!.toLowerCase());
  for (const word of rest) {
    const lower = word.toLowerCase();
    const range = DATE_RANGE.exec(word);
    if (range) dates.push(range[1]!, range[2]!);
    else if (DATE.test(word)) dates.push(word);
    else if (KINDS[lower]) kind = KINDS[lower]!;
    else if (!FROM_WORDS.has(lower) && !UNTIL_WORDS.has(lower)) return { error: 'unknown-word', word };
  }
  if (fromToday) dates.unshift(dottedToday(today));
  if (dates.length === 0) return { error: 'no-dates' };
  if (dates.length > 2) return { error: 'unknown-word', word: dates[2]! };
  const from = nearestDate(dates[0]!, today);
  if (!from) return { error: 'bad-date', word: dates[0]! };
  const to = dates[1] === undefined ? from : onOrAfter(dates[1], from);
  if (!to) return { error: 'bad-date', word: dates[1]! };
  if (compareDates(to, from) < 0) return { error: 'dates-reversed' };
  if (compareDates(to, addDays(from, MAX_ABSENCE_DAYS - 1)) > 0) return { error: 'too-long' };
  // One date is a day off unless said otherwise; a span, a vacation.
  return { ok: { name, add: { kind: kind ?? (dates.length === 1 ? 'day_off' : 'vacation'), from, to } } };
}

function dottedToday({ year, month, day }: LocalDate): string {
  return `${day}.${month}.${year}`;
}

function splitWords(text: string): string[] {
  return text.trim().split(/\s+/).filter(Boolean);
}

/** «09:00 - 21:00» and «10.12 – 20.12» typed with spaces become one word. */
function joinRanges(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    const after = words[i + 2];
    if (next !== undefined && /^[-–—]$/.test(next) && after !== undefined) {
      out.push(`${word}-${after}`);
      i += 2;
    } else out.push(word);
  }
  return out;
}

function clockRange(match: RegExpExecArray): { from: string; to: string } | null {
  const [fh, fm, th, tm] = [match[1], match[2], match[3], match[4]].map(Number) as [number, number, number, number];
  if (fh > 23 || th > 24 || fm > 59 || tm > 59 || (th === 24 && tm !== 0)) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  // «24:00» is midnight, the end of the day the shift started on.
  return { from: `${pad(fh)}:${pad(fm)}`, to: th === 24 ? '00:00' : `${pad(th)}:${pad(tm)}` };
}

/**
 * «10.12» → the 10 December nearest to today, a few months back or ahead
 * (an absence is often written after it began: sick since yesterday);
 * «10.12.2026» as written. Null when it is no real date.
 */
export function nearestDate(text: string, today: LocalDate): LocalDate | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const [day, month] = [Number(match[1]), Number(match[2])];
  if (match[3] !== undefined) return validDate(Number(match[3]), month, day);
  const candidates = [today.year - 1, today.year, today.year + 1].flatMap((year) => validDate(year, month, day) ?? []);
  const distance = (d: LocalDate) => Math.abs(Date.UTC(d.year, d.month - 1, d.day) - Date.UTC(today.year, today.month - 1, today.day));
  return candidates.sort((a, b) => distance(a) - distance(b))[0] ?? null;
}

/** The end of a span: as written with a year, else the first such day on or after its start («28.12-05.01» crosses the year). */
function onOrAfter(text: string, from: LocalDate): LocalDate | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const [day, month] = [Number(match[1]), Number(match[2])];
  if (match[3] !== undefined) return validDate(Number(match[3]), month, day);
  for (let year = from.year; year <= from.year + 1; year++) {
    const date = validDate(year, month, day);
    if (date && compareDates(date, from) >= 0) return date;
  }
  return null;
}
