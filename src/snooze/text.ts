import { dottedDate, localDateAt } from '../calendar/local-date';
import type { Translator } from '../i18n';
import { freeTextIn, type TextForm } from '../privacy/policy';
import { escapeHtml } from '../telegram-html';
import type { EpochMs } from '../time';
import type { Snooze } from './model';

/**
 * How a snooze reads in a chat, pure. A typed reason is free text a person
 * wrote and may name a customer: it is shown in the reader's text form
 * (as typed to the manager and their supervisor in private; in a group chat
 * per the privacy mode, so in `strict` it reads «другое»). Deal names and
 * task texts likewise.
 */

/** The day the finding is back, «30.11.2026» (the snooze runs until its start). */
export function untilLabel(until: EpochMs, timezone: string): string {
  return dottedDate(localDateAt(until, timezone));
}

/** The reason as the reader may see it, escaped. */
export function reasonLabel(tr: Translator, snooze: Pick<Snooze, 'reason' | 'note'>, form: TextForm): string {
  if (snooze.reason !== 'other' || !snooze.note) return tr.t('snooze-reason', { reason: snooze.reason });
  const shown = freeTextIn(form, snooze.note);
  return shown ? escapeHtml(shown) : tr.t('snooze-reason', { reason: 'other' });
}

/** What is snoozed: «сделка №d1 «ООО Ромашка»», «задача №t1 «Перезвонить»», the name only where the reader may see it; escaped. */
export function targetLabel(tr: Translator, target: Pick<Snooze, 'scope' | 'targetId'> & { name?: string | null }, form: TextForm): string {
  const label = tr.t(target.scope === 'deal' ? 'snooze-target-deal' : 'snooze-target-task', { id: target.targetId });
  const name = target.name ? freeTextIn(form, target.name) : null;
  return name ? `${escapeHtml(label)} «${escapeHtml(name)}»` : escapeHtml(label);
}
