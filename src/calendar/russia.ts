import { z } from 'zod';
import data from '../../assets/calendar/ru-transfers.json' with { type: 'json' };
import { isoWeekday, parseIsoDate, type LocalDate } from './local-date';

/**
 * The Russian production calendar for a five-day week: the non-working
 * public holidays of the Labour Code (art. 112 part 1), fixed by law and the
 * same every year, and the transfers of days off for the years the bundled
 * data file (assets/calendar/ru-transfers.json) covers.
 *
 * Why not the `date-holidays` package: its RU data does list these holidays,
 * but mixed with a few one-off transfers (2022 only, and 8 March moved to a
 * Monday but no other holiday), which disagree with the transfers bundled
 * here; using it would mean filtering its answers against this very list.
 * It also brings 15 packages (45 MB) and parses its data at start-up, for
 * fourteen dates that change only when the Labour Code does.
 */

/** The public holidays, by what a person calls them. */
export const HOLIDAY_IDS = ['new-year', 'christmas', 'defender-day', 'womens-day', 'spring-labour-day', 'victory-day', 'russia-day', 'unity-day'] as const;
export type HolidayId = (typeof HOLIDAY_IDS)[number];

/** Art. 112 part 1: 1–6 and 8 January (New Year holidays), 7 January, 23 February, 8 March, 1 May, 9 May, 12 June, 4 November — by month × 100 + day. */
const HOLIDAYS: ReadonlyMap<number, HolidayId> = new Map([
  [101, 'new-year'],
  [102, 'new-year'],
  [103, 'new-year'],
  [104, 'new-year'],
  [105, 'new-year'],
  [106, 'new-year'],
  [107, 'christmas'],
  [108, 'new-year'],
  [223, 'defender-day'],
  [308, 'womens-day'],
  [501, 'spring-labour-day'],
  [509, 'victory-day'],
  [612, 'russia-day'],
  [1104, 'unity-day'],
]);

/** The public holiday on that month and day (1-based month), if any. */
export function publicHoliday(month: number, day: number): HolidayId | undefined {
  return HOLIDAYS.get(month * 100 + day);
}

/** A day off moved from a Saturday or Sunday (`from`) to a weekday (`to`). */
export interface Transfer {
  from: LocalDate;
  to: LocalDate;
  /** `decree`: the Government's decree for the year; `labour-code`: art. 112 part 2 (a holiday on a weekend). */
  basis: 'decree' | 'labour-code';
}

export interface TransfersData {
  /** The years whose transfers are known, ascending. */
  years: number[];
  /** When the data file was last checked against the decrees (YYYY-MM-DD). */
  updated: string;
  transfers: Transfer[];
}

/** The bundled data file is broken: which file and what is wrong, so whoever edited it can mend it. */
export class CalendarDataError extends Error {
  constructor(file: string, problems: string[]) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'CalendarDataError';
  }
}

const isoDateText = z.string().refine((text) => parseIsoDate(text) !== null, { message: 'not a YYYY-MM-DD date' });
const fileSchema = z.object({
  source: z.string().min(1),
  updated: isoDateText,
  years: z.record(
    z.string().regex(/^\d{4}$/),
    z.object({
      decree: z.string().min(1),
      sources: z.array(z.string().min(1)).min(1),
      transfers: z.array(z.strictObject({ from: isoDateText, to: isoDateText, basis: z.enum(['decree', 'labour-code']) })),
    }),
  ),
});

/**
 * Reads and checks a transfers file: every date real, each `from` a
 * Saturday or Sunday, each `to` a weekday that is no holiday, dates in their
 * year (a decree may move a January day off to the next 31 December only
 * within the year), and no day moved to twice.
 */
export function parseTransfers(raw: unknown, file: string): TransfersData {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw new CalendarDataError(file, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const problems: string[] = [];
  const transfers: Transfer[] = [];
  const seen = new Set<string>();
  for (const [yearText, entry] of Object.entries(parsed.data.years)) {
    const year = Number(yearText);
    for (const t of entry.transfers) {
      const from = parseIsoDate(t.from)!;
      const to = parseIsoDate(t.to)!;
      const where = `years.${yearText}: ${t.from} → ${t.to}`;
      if (from.year !== year || to.year !== year) problems.push(`${where}: both dates must be in ${year}`);
      if (isoWeekday(from) < 6) problems.push(`${where}: ${t.from} is not a Saturday or Sunday`);
      if (isoWeekday(to) > 5) problems.push(`${where}: ${t.to} is not a weekday`);
      if (publicHoliday(to.month, to.day)) problems.push(`${where}: ${t.to} is a public holiday already`);
      if (seen.has(t.to)) problems.push(`${where}: ${t.to} is moved to twice`);
      seen.add(t.to);
      transfers.push({ from, to, basis: t.basis });
    }
  }
  if (problems.length > 0) throw new CalendarDataError(file, problems);
  const years = Object.keys(parsed.data.years).map(Number).sort((a, b) => a - b);
  return { years, updated: parsed.data.updated, transfers };
}

/** The bundled transfers, checked once when the module loads: a broken file stops the bot at start, not in a ping. */
export const RU_TRANSFERS: TransfersData = parseTransfers(data, 'assets/calendar/ru-transfers.json');
