import type { EpochMs } from '../crm/model';
import { createFormatter } from '../format';
import { translator, type Locale } from '../i18n';
import { escapeHtml, type UrlButtons } from '../telegram-html';
import type { PingOutcome } from './plan';

/**
 * The words of overdue pings, in the reader's language. Every CRM value is
 * escaped: task texts and deal names are typed by people and may hold "<".
 * Pure functions of the facts, so a message is written the same way when it
 * is first sent and when it is edited.
 */

/**
 * What a ping's messages are written from, fixed when the ping is detected
 * (kept with the ping, so an edit reads the same after the CRM changes).
 */
export interface PingFacts {
  task: string;
  dealName: string | null;
  dealUrl: string | null;
  amount: number | null;
  stage: string | null;
  pipeline: string | null;
  manager: string;
}

export type PingAudience = 'manager' | 'supervisor' | 'escalation';

export interface PingView {
  facts: PingFacts;
  dueAt: EpochMs;
  /** The instant the lateness is measured at: when the message goes out. */
  lateAt: EpochMs;
  outcome?: { kind: PingOutcome; at: EpochMs; newDueAt: EpochMs | null } | undefined;
}

interface Style {
  locale: Locale;
  timezone: string;
}

export function pingMessage(view: PingView, audience: PingAudience, options: Style & { managerUnreachable: boolean }): { html: string; buttons: UrlButtons } {
  const tr = translator(options.locale);
  const fmt = createFormatter(tr, options.timezone);
  const { facts } = view;
  const vars = { task: escapeHtml(facts.task), manager: escapeHtml(facts.manager), late: fmt.duration(view.lateAt - view.dueAt) };
  const lines = [tr.t(`ping-${audience}`, vars)];
  lines.push(tr.t('ping-deal', { deal: dealLabel(facts, tr.t('ping-no-deal')) }) + (facts.amount ? ` · ${fmt.money(facts.amount)}` : ''));
  if (facts.stage) lines.push(tr.t('ping-stage', { stage: escapeHtml(facts.stage), pipeline: escapeHtml(facts.pipeline ?? '') }));
  lines.push(tr.t('ping-due', { due: fmt.dateTime(view.dueAt), late: vars.late }));
  if (audience !== 'manager' && options.managerUnreachable) lines.push(tr.t('ping-manager-not-reached'));
  if (view.outcome) lines.push('', outcomeLine(view.outcome, options));
  const buttons: UrlButtons = facts.dealUrl ? [[{ text: tr.t('ping-open-deal'), url: facts.dealUrl }]] : [];
  return { html: lines.join('\n'), buttons };
}

/** Several pings for one supervisor at once, as one message. */
export function digestMessage(views: readonly PingView[], options: Style): { html: string; buttons: UrlButtons } {
  const tr = translator(options.locale);
  const fmt = createFormatter(tr, options.timezone);
  const open = views.filter((v) => !v.outcome).length;
  const lines = [tr.t('ping-digest-title', { count: views.length, open })];
  views.forEach((view, i) => {
    const item = tr.t('ping-digest-item', {
      n: i + 1,
      manager: escapeHtml(view.facts.manager),
      task: escapeHtml(view.facts.task),
      deal: dealLabel(view.facts, tr.t('ping-no-deal')),
      due: fmt.dateTime(view.dueAt),
      late: fmt.duration(view.lateAt - view.dueAt),
    });
    lines.push(view.outcome ? `<s>${item}</s> ${outcomeLine(view.outcome, options)}` : item);
  });
  return { html: lines.join('\n'), buttons: [] };
}

/** A message already sent, with how it ended appended: the edit a reader sees when the task is done. */
export function withOutcome(html: string, outcome: NonNullable<PingView['outcome']>, options: Style): string {
  return `${html}\n\n${outcomeLine(outcome, options)}`;
}

function outcomeLine(outcome: NonNullable<PingView['outcome']>, options: Style): string {
  const tr = translator(options.locale);
  const fmt = createFormatter(tr, options.timezone);
  if (outcome.kind === 'done') return tr.t('ping-done', { at: fmt.dateTime(outcome.at) });
  if (outcome.kind === 'moved' && outcome.newDueAt !== null) return tr.t('ping-moved', { due: fmt.dateTime(outcome.newDueAt) });
  return tr.t('ping-gone');
}

function dealLabel(facts: PingFacts, none: string): string {
  if (!facts.dealName) return none;
  const name = escapeHtml(facts.dealName);
  return facts.dealUrl ? `<a href="${escapeHtml(facts.dealUrl)}">${name}</a>` : name;
}
