import { createFormatter } from '../format';
import { translator, type Locale } from '../i18n';
import type { MemberSummary } from '../jobs/member-findings';
import { escapeHtml, type UrlButtons } from '../telegram-html';
import { weekdays } from './norms-text';
import { patternText } from './schedule-words';

/**
 * The message a manager gets right after linking: what is open for them now
 * (by rule), the three tasks overdue longest with buttons to their deals,
 * when pings reach them, and where to look next.
 */
export function linkSummaryMessage(summary: MemberSummary, locale: Locale): { html: string; keyboard: { inline_keyboard: UrlButtons } | undefined } {
  const tr = translator(locale);
  const fmt = createFormatter(tr, summary.hours.timezone);
  const lines: string[] = [];
  if (summary.byRule.length === 0) lines.push(tr.t('link-summary-none'));
  else lines.push(tr.t('link-summary-open', { list: summary.byRule.map((r) => `${tr.t(`rule-${r.rule}`).toLocaleLowerCase(locale)} — ${r.count}`).join(', ') }));
  const buttons: UrlButtons = [];
  if (summary.oldestOverdue.length > 0) {
    lines.push('', tr.t('link-summary-oldest'));
    for (const task of summary.oldestOverdue) {
      lines.push(tr.t('link-summary-oldest-line', { task: escapeHtml(task.task), deal: task.deal ? escapeHtml(task.deal.name) : 'none', due: fmt.dateTime(task.dueAt) }));
      if (task.deal) buttons.push([{ text: task.deal.name, url: task.deal.url }]);
    }
  }
  const { days, from, to, timezone } = summary.hours;
  const hours = summary.ownPattern
    ? tr.t('link-summary-own-hours', { pattern: patternText(summary.ownPattern, tr), timezone })
    : tr.t('link-summary-hours', { days: weekdays(days, tr), from, to, timezone });
  lines.push('', hours, tr.t('link-summary-help'));
  return { html: lines.join('\n'), keyboard: buttons.length > 0 ? { inline_keyboard: buttons } : undefined };
}
