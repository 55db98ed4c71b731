import { isoWeekday, type LocalDate } from '../calendar/local-date';
import { createFormatter } from '../format';
import { translator, type Locale } from '../i18n';
import type { TextForm } from '../privacy/policy';
import type { Finding } from '../rules/types';
import { escapeHtml, packMessages, type InlineButtons } from '../telegram-html';
import type { EpochMs } from '../time';
import type { ActivityQuestion } from './activity';
import { clockTime, dayHeading, dealButtons, dealLink, section, type DealRef } from './labels';
import { localInstant } from './when';

/**
 * The evening check, pure: what the report chat is told at the end of a
 * working day — the deals left without a next step today, the clients whose
 * missed call nobody returned, and the managers who closed far fewer tasks
 * than they usually do on this weekday (asked as a question: a quiet day
 * has many reasons) — and nothing at all when there is none of it.
 */

export interface EveningContent {
  /** Deals whose stretch without a task began today (deal_without_task), by manager, then oldest first. */
  withoutTaskToday: Finding[];
  /** Deals without a next step since an earlier day: counted, not listed (the morning digest and /findings list them). */
  withoutTaskEarlier: number;
  /** Missed calls nobody returned (missed_call_not_returned), by manager, then oldest first. */
  missedCalls: Finding[];
  questions: ActivityQuestion[];
}

export interface EveningInput {
  date: LocalDate;
  timezone: string;
  /** The findings open now. */
  findings: readonly Finding[];
  /** Whether a snooze hides a deal's or task's findings: those are left out. */
  hidden(subject: { dealId: string | null; taskId: string | null }): boolean;
  questions: readonly ActivityQuestion[];
  /** Orders findings by their manager. */
  managerName(id: string | null): string;
}

/** The check's content, or null when there is nothing to say. */
export function eveningContent(input: EveningInput): EveningContent | null {
  const dayStart = localInstant(input.date, '00:00', input.timezone);
  const byManager = (a: Finding, b: Finding) => input.managerName(a.managerId).localeCompare(input.managerName(b.managerId), 'ru') || a.since - b.since;
  const open = (rule: Finding['rule']) => input.findings.filter((f) => f.rule === rule && !input.hidden(f)).sort(byManager);
  const withoutTask = open('deal_without_task');
  const content: EveningContent = {
    withoutTaskToday: withoutTask.filter((f) => f.since >= dayStart),
    withoutTaskEarlier: withoutTask.filter((f) => f.since < dayStart).length,
    missedCalls: open('missed_call_not_returned'),
    questions: [...input.questions],
  };
  const anything = content.withoutTaskToday.length + content.missedCalls.length + content.questions.length > 0;
  return anything ? content : null;
}

export interface EveningStyle {
  locale: Locale;
  timezone: string;
  /** The report chat's text form: the account's privacy mode. */
  form: TextForm;
  date: LocalDate;
  /** The check's instant: «к 19:00». */
  at: EpochMs;
  deal(id: string | null): DealRef | null;
  managerName(id: string | null): string;
  staleSince: EpochMs | null;
}

/** The check's text in messages under Telegram's limit, and buttons to the first deals, for the last message. */
export function eveningMessage(content: EveningContent, style: EveningStyle): { messages: string[]; buttons: InlineButtons } {
  const tr = translator(style.locale);
  const fmt = createFormatter(tr, style.timezone);
  const manager = (id: string | null) => escapeHtml(style.managerName(id));
  const onDeal = (id: string | null) => {
    const ref = style.deal(id);
    return ref ? dealLink(ref, style.form, tr) : 'none';
  };
  const blocks = [
    tr.t('evening-title', dayHeading(style.date, isoWeekday(style.date), tr)),
    section(
      tr.t('evening-without-task'),
      content.withoutTaskToday.map((f) => tr.t('evening-without-task-item', { manager: manager(f.managerId), deal: onDeal(f.dealId), since: clockTime(f.since, style.timezone) })),
      tr,
    ),
    content.withoutTaskEarlier > 0 ? tr.t('evening-without-task-earlier', { count: content.withoutTaskEarlier }) : '',
    section(
      tr.t('control-missed-calls'),
      content.missedCalls.map((f) =>
        tr.t('evening-missed-call-item', { manager: manager(f.managerId), phone: typeof f.facts.phone === 'string' ? f.facts.phone : 'none', at: fmt.dateTime(f.since), deal: onDeal(f.dealId) }),
      ),
      tr,
    ),
    content.questions
      .map((q) => tr.t('evening-question', { manager: manager(q.personId), today: q.today, usual: Math.round(q.usual), weekday: q.weekday, time: clockTime(style.at, style.timezone) }))
      .join('\n'),
  ];
  const refs = [...content.withoutTaskToday, ...content.missedCalls].map((f) => style.deal(f.dealId)).filter((d): d is DealRef => d !== null);
  const { buttons, more } = dealButtons(refs, style.form, tr);
  if (more > 0) blocks.push(tr.t('evening-more-deals', { count: more }));
  if (style.staleSince !== null) blocks.push(tr.t('control-stale', { at: fmt.dateTime(style.staleSince) }));
  return { messages: packMessages(blocks), buttons };
}
