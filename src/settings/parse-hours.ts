import { parseDays } from '../schedules/days';

/**
 * Working hours as an admin types them: `09:00-18:00 пн-пт Europe/Moscow`.
 * Days: ranges and lists of Russian or English short names or ISO numbers
 * («пн-пт», «пн,ср,пт», «mon-fri», «1-5»). Pure; the schema checks the rest.
 */

export interface WorkingHoursInput {
  from: string;
  to: string;
  days: number[] | null;
  timezone: string | null;
}

export function parseWorkingHours(text: string): WorkingHoursInput | null {
  let from: string | null = null;
  let to: string | null = null;
  let days: number[] | null = null;
  let timezone: string | null = null;
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    const time = /^(\d{1,2}):(\d{2})\s*[-–—]\s*(\d{1,2}):(\d{2})$/.exec(word);
    if (time) {
      from = `${time[1]!.padStart(2, '0')}:${time[2]}`;
      to = `${time[3]!.padStart(2, '0')}:${time[4]}`;
      continue;
    }
    if (word.includes('/')) {
      timezone = word;
      continue;
    }
    const parsed = parseDays(word);
    if (!parsed) return null;
    days = parsed;
  }
  return from && to ? { from, to, days, timezone } : null;
}
