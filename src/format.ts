import { TZDate } from '@date-fns/tz';
import type { EpochMs } from './time';
import type { Translator } from './i18n';

/**
 * Numbers, money, durations and instants as a sales head reads them, in the
 * translator's locale and the account's timezone.
 */
export interface Formatter {
  count(n: number): string;
  money(amount: number): string;
  /** Short money for chart axes: «1,2 млн ₽». */
  moneyShort(amount: number): string;
  duration(ms: number): string;
  /** Day and time: «23.11, 14:30». */
  dateTime(at: EpochMs): string;
  /** Day and month: «23 нояб.». */
  day(at: EpochMs): string;
  percent(ratio: number): string;
}

export function createFormatter(tr: Translator, timezone: string): Formatter {
  const tag = tr.locale === 'ru' ? 'ru-RU' : 'en-GB';
  const integer = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const oneDecimal = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
  const dateTime = new Intl.DateTimeFormat(tag, { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', timeZone: timezone });
  const day = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', timeZone: timezone });
  return {
    count: (n) => integer.format(n),
    money: (amount) => tr.t('money', { amount: integer.format(amount) }),
    moneyShort: (amount) => moneyShort(tr, oneDecimal, amount),
    duration: (ms) => formatDuration(tr, ms),
    dateTime: (at) => dateTime.format(new TZDate(at, timezone)),
    day: (at) => day.format(new TZDate(at, timezone)),
    // A small share rounded to «0%» reads as «none»; it is not.
    percent: (ratio) => (ratio > 0 && ratio < 0.005 ? '<1%' : `${integer.format(Math.round(ratio * 100))}%`),
  };
}

function moneyShort(tr: Translator, fmt: Intl.NumberFormat, amount: number): string {
  // Thousands are shown with one decimal, so from 999 950 on they would read «1 000 тыс.»: that is «1 млн».
  if (Math.abs(amount) >= 999_950) return tr.t('money-millions', { amount: fmt.format(amount / 1e6) });
  if (Math.abs(amount) >= 1000) return tr.t('money-thousands', { amount: fmt.format(amount / 1e3) });
  return tr.t('money', { amount: fmt.format(amount) });
}

/** «3 дн 4 ч», «2 ч 15 мин», «5 мин»: the two largest units, which is all a reader needs. */
function formatDuration(tr: Translator, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const parts: [number, string][] = [
    [Math.floor(minutes / 1440), 'unit-days'],
    [Math.floor((minutes % 1440) / 60), 'unit-hours'],
    [minutes % 60, 'unit-minutes'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return tr.t('unit-minutes', { n: 0 });
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => tr.t(unit, { n }))
    .join(' ');
}
