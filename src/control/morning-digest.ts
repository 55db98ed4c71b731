import { addDays, isoWeekday, type LocalDate } from '../calendar/local-date';
import type { Task } from '../crm/model';
import { createFormatter } from '../format';
import { translator, type Locale } from '../i18n';
import type { TextForm } from '../privacy/policy';
import type { Finding } from '../rules/types';
import { packMessages, type InlineButtons } from '../telegram-html';
import type { EpochMs } from '../time';
import { clockTime, dayHeading, dealButtons, dealLink, section, taskName, type DealRef } from './labels';
import { localInstant } from './when';

/**
 * The morning digest, pure: what a manager is told at the start of their
 * working day, from the findings open now and the open tasks, and how it
 * reads. Four short lists, the most urgent first — overdue tasks, clients
 * whose missed call nobody returned, today's tasks, deals without a next
 * step — and nothing at all when all four are empty.
 */

/** What one manager's digest holds. */
export interface MorningContent {
  /** Their overdue tasks (task_overdue), overdue longest first. */
  overdue: Finding[];
  /** Missed calls nobody returned (missed_call_not_returned), the oldest first. */
  missedCalls: Finding[];
  /** Their open tasks due today and not overdue, by due time. */
  today: Task[];
  /** Their deals without a next step (deal_without_task), the longest first. */
  withoutTask: Finding[];
}

export interface MorningInput {
  personId: string;
  /** The working day the digest opens. */
  shift: { start: EpochMs; end: EpochMs; date: LocalDate };
  timezone: string;
  /** The findings open now, anyone's. */
  findings: readonly Finding[];
  /** The open tasks, anyone's. */
  openTasks: readonly Task[];
  /** Whether a snooze hides a deal's or task's findings: those are left out. */
  hidden(subject: { dealId: string | null; taskId: string | null }): boolean;
}

/**
 * The digest's lists, or null when there is nothing to say. «Today» is the
 * shift's date from 00:00 to the end of that date or of the shift, whichever
 * is later (a night shift's tasks until it ends next morning).
 */
export function morningContent(input: MorningInput): MorningContent | null {
  const mine = (rule: Finding['rule']) =>
    input.findings.filter((f) => f.rule === rule && f.managerId === input.personId && !input.hidden(f)).sort((a, b) => a.since - b.since);
  const overdue = mine('task_overdue');
  const overdueTasks = new Set(overdue.map((f) => f.taskId));
  const from = localInstant(input.shift.date, '00:00', input.timezone);
  const until = Math.max(input.shift.end, localInstant(addDays(input.shift.date, 1), '00:00', input.timezone));
  const today = input.openTasks
    .filter((t) => t.responsibleId === input.personId && !t.completed && t.dueAt !== null && t.dueAt >= from && t.dueAt < until)
    .filter((t) => !overdueTasks.has(t.id) && !input.hidden({ dealId: t.dealId, taskId: t.id }))
    .sort((a, b) => a.dueAt! - b.dueAt!);
  const content = { overdue, missedCalls: mine('missed_call_not_returned'), today, withoutTask: mine('deal_without_task') };
  return Object.values(content).some((list) => list.length > 0) ? content : null;
}

export interface MorningStyle {
  locale: Locale;
  timezone: string;
  /** How the chat may show deal names and task texts (the manager's own chat: as typed). */
  form: TextForm;
  /** The digest's instant: how late an overdue task is, how long a deal has gone without a task. */
  at: EpochMs;
  date: LocalDate;
  deal(id: string | null): DealRef | null;
  /** When the data was last read from the CRM, if that is too long ago to trust it: the digest says so. */
  staleSince: EpochMs | null;
}

/**
 * The digest's text — the lists, a stale-data line when due — in messages
 * under Telegram's limit (one, as a rule: lists are cut at five lines), and
 * the buttons to the most urgent deals, for the last message.
 */
export function morningMessage(content: MorningContent, style: MorningStyle): { messages: string[]; buttons: InlineButtons } {
  const tr = translator(style.locale);
  const fmt = createFormatter(tr, style.timezone);
  const { form } = style;
  const deal = (id: string | null) => style.deal(id);
  const onDeal = (ref: DealRef | null) => (ref ? dealLink(ref, form, tr) : 'none');
  const blocks = [
    tr.t('morning-title', dayHeading(style.date, isoWeekday(style.date), tr)),
    section(
      tr.t('morning-overdue'),
      content.overdue.map((f) =>
        tr.t('morning-overdue-item', { task: taskName({ text: String(f.facts.task ?? ''), type: typeof f.facts.taskType === 'string' ? f.facts.taskType : null }, form, tr), deal: onDeal(deal(f.dealId)), due: fmt.dateTime(f.since), late: fmt.duration(style.at - f.since) }),
      ),
      tr,
    ),
    section(
      tr.t('control-missed-calls'),
      content.missedCalls.map((f) => tr.t('morning-missed-call-item', { phone: typeof f.facts.phone === 'string' ? f.facts.phone : 'none', at: fmt.dateTime(f.since), deal: onDeal(deal(f.dealId)) })),
      tr,
    ),
    section(
      tr.t('morning-today'),
      content.today.map((t) => tr.t('morning-today-item', { time: clockTime(t.dueAt!, style.timezone), task: taskName(t, form, tr), deal: onDeal(deal(t.dealId)) })),
      tr,
    ),
    section(
      tr.t('control-without-task'),
      content.withoutTask.map((f) => tr.t('morning-without-task-item', { deal: onDeal(deal(f.dealId)), duration: fmt.duration(style.at - f.since) })),
      tr,
    ),
  ];
  const refs = [...content.overdue.map((f) => f.dealId), ...content.missedCalls.map((f) => f.dealId), ...content.today.map((t) => t.dealId), ...content.withoutTask.map((f) => f.dealId)]
    .map(deal)
    .filter((d): d is DealRef => d !== null);
  const { buttons, more } = dealButtons(refs, form, tr);
  if (more > 0) blocks.push(tr.t('morning-more-deals', { count: more }));
  if (style.staleSince !== null) blocks.push(tr.t('control-stale', { at: fmt.dateTime(style.staleSince) }));
  return { messages: packMessages(blocks), buttons };
}
