import type { Translator } from '../i18n';

/**
 * A cron schedule as a sales head reads it: «по понедельникам в 09:00».
 * Only the weekly "minute hour * * weekday" form has words; anything else is
 * shown as the cron expression itself.
 */
export function describeSchedule(cron: string, timezone: string, tr: Translator): string {
  const weekly = /^(\d{1,2}) (\d{1,2}) \* \* ([0-7])$/.exec(cron.trim());
  if (!weekly) return tr.t('schedule-cron', { cron, timezone });
  const [, minute, hour, day] = weekly;
  const time = `${hour!.padStart(2, '0')}:${minute!.padStart(2, '0')}`;
  // Cron's Sunday is 0 or 7; ISO's is 7.
  return tr.t('schedule-weekly', { day: Number(day) === 0 ? 7 : Number(day), time, timezone });
}
