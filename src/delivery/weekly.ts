import { boundChat } from '../settings/bound-chats';
import type { EpochMs } from '../crm/model';
import { queueReport, type JobContext } from '../jobs';
import { previousRun } from '../scheduler';
import { loadSettings, reportSchedule, setLastReportFor } from '../settings/store';

/**
 * The weekly report for the bound report chat, for one scheduled instant. The
 * instant is the dedupe key, so the report for a given Monday 09:00 goes out
 * once, whether the schedule fires or a restart catches it up.
 */
export async function deliverScheduledReport(ctx: JobContext, scheduledFor: EpochMs): Promise<void> {
  const { config, handle, logger } = ctx;
  const chat = boundChat(handle.db, config.ACCOUNT_ID, 'report');
  if (!chat) logger.warn('no report chat is bound yet: an admin writes /bind in the sales heads\' group');
  // The week ends at the scheduled instant, not whenever the job got to run: each week's report then
  // ends where the next one's trend expects it, and a report caught up after a restart covers its own week.
  else await queueReport(ctx, { chatId: chat.chatId, dedupeKey: `weekly:${scheduledFor}` }, scheduledFor);
  setLastReportFor(handle.db, config.ACCOUNT_ID, scheduledFor);
}

/**
 * If the bot was down when the report was due, sends that report now (once).
 * On the very first start there is nothing to catch up: the schedule starts now.
 */
export async function catchUpMissedReport(ctx: JobContext): Promise<boolean> {
  const { config, handle } = ctx;
  const due = previousRun(reportSchedule(handle.db, config.ACCOUNT_ID, config.REPORT_SCHEDULE), config.TIMEZONE, ctx.clock.now());
  if (!due) return false;
  const last = loadSettings(handle.db, config.ACCOUNT_ID).lastReportFor;
  if (last === null) {
    setLastReportFor(handle.db, config.ACCOUNT_ID, due.getTime());
    return false;
  }
  if (last >= due.getTime()) return false;
  ctx.logger.info({ due: due.toISOString() }, 'the weekly report was missed while the bot was down; sending it now');
  await deliverScheduledReport(ctx, due.getTime());
  return true;
}
