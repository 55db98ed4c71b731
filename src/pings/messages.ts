import { dottedDate, localDateAt } from '../calendar/local-date';
import type { EpochMs } from '../crm/model';
import { createFormatter } from '../format';
import { translator, type Locale, type Translator } from '../i18n';
import { freeTextIn, type TextForm } from '../privacy/policy';
import type { ManagerAway } from '../schedules/model';
import { snoozeData } from '../snooze/callbacks';
import { escapeHtml, type InlineButtons } from '../telegram-html';
import type { PingOutcome } from './plan';

/**
 * The words of overdue pings, in the reader's language. Every CRM value is
 * escaped: task texts and deal names are typed by people and may hold "<".
 * Deal names and task texts are shown in the chat's text form (the deal's
 * own manager and supervisor in private see them as typed; group chats per
 * the privacy mode). Pure functions of the facts, so a message is written
 * the same way when it is first sent and when it is edited.
 */

/**
 * What a ping's messages are written from, fixed when the ping is detected
 * (kept with the ping, so an edit reads the same after the CRM changes).
 */
export interface PingFacts {
  task: string;
  /** The task's type («Звонок»): what a `strict` chat names it by. Absent in pings recorded before it was kept. */
  taskType?: string | null;
  dealId?: string | null;
  dealName: string | null;
  dealUrl: string | null;
  amount: number | null;
  stage: string | null;
  pipeline: string | null;
  manager: string;
  /** Absent for an overdue task; `missed_call` for a client's call nobody returned. */
  subject?: 'missed_call';
  /** A missed call's number, masked («•••45-67»); null when the CRM did not say. */
  phone?: string | null;
}

/**
 * Who a message is written for: the manager, a supervisor-side chat told for
 * the first time, or a repeat (🔺) — `escalation` to a supervisor-side chat,
 * `manager-escalation` to the manager (a ladder may tell the manager twice).
 */
export type PingAudience = 'manager' | 'supervisor' | 'escalation' | 'manager-escalation';

export interface PingView {
  facts: PingFacts;
  dueAt: EpochMs;
  /** The instant the lateness is measured at: when the message goes out. */
  lateAt: EpochMs;
  outcome?: PingOutcomeView | undefined;
  /** What «Отложить» under an open ping snoozes: its task (a missed call's ping: its deal); none without. */
  snooze?: { scope: 'task' | 'deal'; targetId: string };
  /** The manager is away: a digest item says until when (a single message says it through ManagerNotice). */
  managerAway?: ManagerAway | null;
}

/** How a ping ended, as its messages say it. */
export interface PingOutcomeView {
  kind: PingOutcome;
  at: EpochMs;
  newDueAt: EpochMs | null;
  until?: EpochMs | null;
  /** What the ping was about: a missed call's `gone` reads differently from a task's. */
  subject?: 'task' | 'missed_call';
}

interface Style {
  locale: Locale;
  timezone: string;
  /** How the chat may show deal names and task texts. */
  form: TextForm;
}

/** Why the supervisor-side copy is the one that counts: the manager cannot be told (not linked, blocked the bot) or is away. */
export interface ManagerNotice {
  managerUnreachable: boolean;
  /** The manager is away (vacation, sick leave, a day off): their pings go to the supervisor. */
  managerAway?: ManagerAway | null;
}

export function pingMessage(view: PingView, audience: PingAudience, options: Style & ManagerNotice): { html: string; buttons: InlineButtons } {
  const tr = translator(options.locale);
  const fmt = createFormatter(tr, options.timezone);
  const { facts } = view;
  const call = facts.subject === 'missed_call';
  const vars = { task: taskLabel(facts, options.form), manager: escapeHtml(facts.manager), late: fmt.duration(view.lateAt - view.dueAt), phone: phoneLabel(facts) };
  const lines = [tr.t(call ? `ping-call-${audience}` : `ping-${audience}`, vars)];
  lines.push(tr.t('ping-deal', { deal: dealLabel(facts, options.form, tr, 'deal-number-short') }) + (facts.amount ? ` · ${fmt.money(facts.amount)}` : ''));
  if (facts.stage) lines.push(tr.t('ping-stage', { stage: escapeHtml(facts.stage), pipeline: escapeHtml(facts.pipeline ?? '') }));
  lines.push(tr.t(call ? 'ping-call-when' : 'ping-due', { due: fmt.dateTime(view.dueAt), late: vars.late }));
  if (audience !== 'manager' && audience !== 'manager-escalation' && options.managerAway) {
    const { kind, until } = options.managerAway;
    lines.push(tr.t('ping-manager-away', { kind, until: dottedDate(until) }));
  } else if (audience === 'supervisor' && options.managerUnreachable) lines.push(tr.t('ping-manager-not-reached'));
  if (view.outcome) lines.push('', outcomeLine(view.outcome, options));
  const buttons: InlineButtons = facts.dealUrl ? [[{ text: tr.t('ping-open-deal'), url: facts.dealUrl }]] : [];
  // «Отложить» under an open ping: who presses it is checked by the bot, not by the button.
  const snooze = view.snooze && !view.outcome ? snoozeData({ kind: 'start', ...view.snooze }) : null;
  if (snooze) buttons.push([{ text: tr.t('ping-snooze-button'), data: snooze }]);
  return { html: lines.join('\n'), buttons };
}

/** Several pings for one supervisor at once, as one message. */
export function digestMessage(views: readonly PingView[], options: Style): { html: string; buttons: InlineButtons } {
  const tr = translator(options.locale);
  const fmt = createFormatter(tr, options.timezone);
  const open = views.filter((v) => !v.outcome).length;
  const calls = views.filter((v) => v.facts.subject === 'missed_call').length;
  const kind = calls === 0 ? 'tasks' : calls === views.length ? 'calls' : 'both';
  const lines = [tr.t('ping-digest-title', { count: views.length, open, kind })];
  views.forEach((view, i) => {
    const item = tr.t(view.facts.subject === 'missed_call' ? 'ping-call-digest-item' : 'ping-digest-item', {
      n: i + 1,
      manager: escapeHtml(view.facts.manager),
      task: taskLabel(view.facts, options.form),
      phone: phoneLabel(view.facts),
      deal: dealLabel(view.facts, options.form, tr, 'deal-number'),
      due: fmt.dateTime(view.dueAt),
      late: fmt.duration(view.lateAt - view.dueAt),
    });
    const away = view.managerAway && !view.outcome ? tr.t('ping-digest-away', { kind: view.managerAway.kind, until: dottedDate(view.managerAway.until) }) : '';
    lines.push(view.outcome ? `<s>${item}</s> ${outcomeLine(view.outcome, options)}` : item + away);
  });
  return { html: lines.join('\n'), buttons: [] };
}

/** A message already sent, with how it ended appended: the edit a reader sees when the task is done. */
export function withOutcome(html: string, outcome: PingOutcomeView, options: Omit<Style, 'form'>): string {
  return `${html}\n\n${outcomeLine(outcome, options)}`;
}

function outcomeLine(outcome: PingOutcomeView, options: Omit<Style, 'form'>): string {
  const tr = translator(options.locale);
  const fmt = createFormatter(tr, options.timezone);
  if (outcome.kind === 'returned') return tr.t('ping-call-returned', { at: fmt.dateTime(outcome.at) });
  if (outcome.kind === 'gone' && outcome.subject === 'missed_call') return tr.t('ping-call-gone');
  if (outcome.kind === 'done') return tr.t('ping-done', { at: fmt.dateTime(outcome.at) });
  if (outcome.kind === 'moved' && outcome.newDueAt !== null) return tr.t('ping-moved', { due: fmt.dateTime(outcome.newDueAt) });
  if (outcome.kind === 'snoozed') return tr.t('ping-snoozed', { until: outcome.until ? dottedDate(localDateAt(outcome.until, options.timezone)) : 'none' });
  return tr.t('ping-gone');
}

/** A missed call's number as shown (masked already: its last four digits), or the message's select `none`. */
function phoneLabel(facts: PingFacts): string {
  return facts.phone ? escapeHtml(facts.phone) : 'none';
}

/** The task as the chat may name it, escaped; else the message's select: `none` (it has no text) or `hidden` (the chat may not see it). */
function taskLabel(facts: PingFacts, form: TextForm): string {
  if (facts.task.trim() === '') return facts.taskType ? escapeHtml(facts.taskType) : 'none';
  const text = freeTextIn(form, facts.task) || facts.taskType;
  // The task has a text the chat may not see, and no type to name it by.
  return text ? escapeHtml(text) : 'hidden';
}

/** The deal as the chat may name it: its name (as typed or masked), or «Сделка №…»; a link into the CRM when there is one. */
function dealLabel(facts: PingFacts, form: TextForm, tr: Translator, numberMessage: 'deal-number' | 'deal-number-short'): string {
  if (!facts.dealName && !facts.dealId) return tr.t('ping-no-deal');
  const shown = facts.dealName ? freeTextIn(form, facts.dealName) : null;
  const name = escapeHtml(shown || tr.t(numberMessage, { id: facts.dealId ?? '—' }));
  return facts.dealUrl ? `<a href="${escapeHtml(facts.dealUrl)}">${name}</a>` : name;
}
