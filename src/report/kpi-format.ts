import type { Formatter } from '../format';
import type { Translator } from '../i18n';
import { MINUTE } from '../time';
import type { KpiColumn } from './model';

const tenths = new Map<string, Intl.NumberFormat>();

/** A figure with at most one decimal, grouped as the reader's locale does: «27,8», «1 234». */
export function oneDecimal(tr: Translator, value: number): string {
  const tag = tr.locale === 'ru' ? 'ru-RU' : 'en-GB';
  let format = tenths.get(tag);
  if (!format) tenths.set(tag, (format = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 })));
  return format.format(value);
}

/** A KPI as a sales head reads it: a count, a share in percent, minutes as a duration, money short, a figure a day with one decimal. */
export function formatFigure(column: KpiColumn | 'wonCount', value: number, tr: Translator, fmt: Formatter): string {
  switch (column) {
    case 'newDeals':
    case 'wonCount':
      return fmt.count(value);
    case 'reachedShare':
      return fmt.percent(value);
    case 'firstDial':
      return value < 1 ? tr.t('kpi-under-a-minute') : fmt.duration(value * MINUTE);
    case 'won':
      return fmt.moneyShort(value);
    case 'tasksPerDay':
    case 'callsPerDay':
      return oneDecimal(tr, value);
  }
}
