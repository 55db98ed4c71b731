import { enqueueText } from '../delivery/outbox';
import { createFormatter } from '../format';
import { translator } from '../i18n';
import { loadSettings, setPingHold, type PingHold } from '../settings/store';
import { escapeHtml } from '../telegram-html';
import type { EpochMs } from '../time';
import type { JobContext } from './context';
import { adminChats } from './routing';

/** What the admins read when a hold starts and when it ends. */
const MESSAGES: Record<PingHold, { started: string; ended: string }> = {
  crmUnreachableSince: { started: 'crm-unreachable', ended: 'crm-reachable' },
  snapshotStaleSince: { started: 'snapshot-stale', ended: 'snapshot-fresh' },
};

/**
 * Records whether new pings are held for a reason — the CRM cannot confirm
 * tasks, or the snapshot is too old — and tells the admins privately once
 * when the hold starts and once when it ends. `problem` holds the words for
 * the start (`reason`, and `at` for the data's time). Call inside the
 * overdue check's transaction, so the state and the messages go together.
 */
export function recordPingHold(ctx: JobContext, hold: PingHold, at: EpochMs, problem: { reason: string | null; since?: EpochMs } | null): void {
  const { config, handle } = ctx;
  const since = loadSettings(handle.db, config.ACCOUNT_ID)[hold];
  if ((problem === null) === (since === null)) return;
  const tr = translator(config.LOCALE);
  const fmt = createFormatter(tr, config.TIMEZONE);
  const html = problem
    ? tr.t(MESSAGES[hold].started, { at: fmt.dateTime(problem.since ?? at), reason: problem.reason ? escapeHtml(problem.reason) : 'none' })
    : tr.t(MESSAGES[hold].ended, { at: fmt.dateTime(at) });
  const occasion = problem ? `${hold}:${at}` : `${hold}:${since}:over`;
  for (const chatId of adminChats(ctx)) {
    enqueueText(handle.db, { accountId: config.ACCOUNT_ID, dedupeKey: `${occasion}:${chatId}`, chatId, html, locale: config.LOCALE }, at);
  }
  setPingHold(handle.db, config.ACCOUNT_ID, hold, problem ? at : null);
  if (problem) ctx.logger.warn({ hold, reason: problem.reason }, 'new overdue pings are held');
  else ctx.logger.info({ hold, since }, 'overdue pings go on');
}
