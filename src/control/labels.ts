import { TZDate } from '@date-fns/tz';
import type { Translator } from '../i18n';
import { freeTextIn, type TextForm } from '../privacy/policy';
import { escapeHtml, truncate, type InlineButtons } from '../telegram-html';
import type { EpochMs } from '../time';

/**
 * How the daily control names deals and tasks, in the chat's text form: a
 * deal by its name (as typed, masked) or «Сделка №…», linked into the CRM;
 * a task by its text, else its type. Escaped: people typed them.
 */

/** A deal as the daily control's messages need it. */
export interface DealRef {
  id: string;
  name: string;
  url: string;
}

/** How many deal buttons a message carries at most: a keyboard is not a list. */
export const DEAL_BUTTONS = 5;

/** A button's text is cut at this many characters: Telegram shows a few dozen anyway. */
const BUTTON_TEXT = 40;
/** Names in a list line are cut at this many: a digest is read at a glance, and stays one message. */
const NAME_IN_LINE = 60;
const TASK_IN_LINE = 80;

/** The deal as the chat may name it (plain text, not escaped). */
export function dealName(deal: DealRef, form: TextForm, tr: Translator): string {
  return freeTextIn(form, deal.name) || tr.t('findings-deal-number', { id: deal.id });
}

/** The deal as a link into the CRM (HTML). */
export function dealLink(deal: DealRef, form: TextForm, tr: Translator): string {
  return `<a href="${escapeHtml(deal.url)}">${escapeHtml(truncate(dealName(deal, form, tr), NAME_IN_LINE))}</a>`;
}

/** The task as the chat may name it (HTML): its text, else its type, else «задача». */
export function taskName(task: { text: string; type: string | null }, form: TextForm, tr: Translator): string {
  const text = task.text.trim() === '' ? null : freeTextIn(form, task.text);
  return escapeHtml(truncate(text || task.type || tr.t('control-task'), TASK_IN_LINE));
}

/**
 * URL buttons to the first DEAL_BUTTONS distinct deals, one per row, in the
 * order given (the most urgent first), and how many deals were left without one.
 */
export function dealButtons(deals: readonly DealRef[], form: TextForm, tr: Translator): { buttons: InlineButtons; more: number } {
  const distinct = [...new Map(deals.map((d) => [d.id, d])).values()];
  const buttons = distinct.slice(0, DEAL_BUTTONS).map((d) => [{ text: truncate(dealName(d, form, tr), BUTTON_TEXT), url: d.url }]);
  return { buttons, more: Math.max(0, distinct.length - DEAL_BUTTONS) };
}

/** Items listed per section at most; the rest are counted. */
export const ITEMS_PER_SECTION = 5;

/** A section: its bold title with the count, up to ITEMS_PER_SECTION lines, then «…и ещё N»; '' when it has none. */
export function section(title: string, lines: readonly string[], tr: Translator): string {
  if (lines.length === 0) return '';
  const shown = lines.slice(0, ITEMS_PER_SECTION);
  const rest = lines.length - shown.length;
  return [`<b>${escapeHtml(title)} — ${lines.length}</b>`, ...shown, ...(rest > 0 ? [tr.t('control-more', { count: rest })] : [])].join('\n');
}

/** «23.11» and «чт»: how a date heads a daily message. */
export function dayHeading(date: { month: number; day: number }, weekday: number, tr: Translator): { date: string; weekday: string } {
  return { date: `${String(date.day).padStart(2, '0')}.${String(date.month).padStart(2, '0')}`, weekday: tr.t('weekday-short', { day: weekday }) };
}

/** «09:30»: the wall-clock time of an instant. */
export function clockTime(at: EpochMs, timezone: string): string {
  const local = new TZDate(at, timezone);
  return `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`;
}
