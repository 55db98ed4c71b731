import { TZDate } from '@date-fns/tz';
import type { EpochMs } from '../crm/model';

/** Quiet hours as "HH:MM-HH:MM", local time; may wrap midnight ("22:00-08:00"). */
export interface QuietHours {
  from: string;
  to: string;
}

const PATTERN = /^([01]\d|2[0-3]):([0-5]\d)\s*[-–—]\s*([01]\d|2[0-3]):([0-5]\d)$/;

/** Parses "22:00-08:00"; null when it is not that shape or the two times are equal. */
export function parseQuietHours(text: string): QuietHours | null {
  const m = PATTERN.exec(text.trim());
  if (!m) return null;
  const from = `${m[1]}:${m[2]}`;
  const to = `${m[3]}:${m[4]}`;
  return from === to ? null : { from, to };
}

export function formatQuietHours(quiet: QuietHours): string {
  return `${quiet.from}-${quiet.to}`;
}

/** `at` itself outside quiet hours, else the instant they end. */
export function afterQuietHours(at: EpochMs, quiet: QuietHours | null, timezone: string): EpochMs {
  if (!quiet) return at;
  const local = new TZDate(at, timezone);
  const minuteOfDay = local.getHours() * 60 + local.getMinutes();
  const from = minutes(quiet.from);
  const to = minutes(quiet.to);
  const wraps = from > to;
  const inside = wraps ? minuteOfDay >= from || minuteOfDay < to : minuteOfDay >= from && minuteOfDay < to;
  if (!inside) return at;
  // The end is today, or tomorrow when quiet hours wrap midnight and started today.
  const endsTomorrow = wraps && minuteOfDay >= from;
  const [h, m] = quiet.to.split(':').map(Number);
  return new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + (endsTomorrow ? 1 : 0), h ?? 0, m ?? 0, timezone).getTime();
}

function minutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
