import { enqueueReport } from '../delivery/report-delivery';
import { writeReportFiles } from '../delivery/report-files';
import { translator, type Locale } from '../i18n';
import { loadNorms } from '../norms/store';
import type { Norms } from '../norms/schema';
import { computeKpis, type Kpis } from '../kpi';
import { reportDuration } from '../metrics';
import { buildWeeklyReport, countWeek, earlierWeekEnds, reportStart, trendWeekEnds, type CountedWeek } from '../report/aggregate';
import { renderReport, type RenderedReport } from '../report/build';
import type { WeeklyReport } from '../report/model';
import { keepTrend, loadCountedWeeks, loadTrend } from '../report/trend-store';
import type { SnapshotIndex } from '../rules/snapshot-index';
import { previousRun } from '../scheduler';
import { boundChat } from '../settings/bound-chats';
import { loadSettings, reportSchedule, setLastReportFor } from '../settings/store';
import { lastSuccessfulSync } from '../sync/run-sync';
import { WEEK, type EpochMs } from '../time';
import { dataFreshness, readSnapshot } from './account-snapshot';
import { accountWorkTime } from './work-time';
import type { JobContext } from './context';
import { snoozesAt } from './snooze';

/**
 * The weekly quality report: its data, its rendering, and its delivery —
 * queued for a chat (a scheduled instant, a /report), caught up after
 * downtime, or written to files when there is no bot.
 */

/**
 * The weekly report's data for the week ending at `at`. Trend weeks kept by
 * earlier reports with their managers' rows (the per-manager trend) are
 * taken as they are; only the weeks not kept so — on a weekly schedule, last
 * week, counted before without its rows — are counted, each from a slice of
 * its own read and let go before the next (the slice for eight weeks at
 * once holds twice the rows). Totals already kept stay as they were
 * reported. What is counted now is kept for the reports after it. The week
 * before gives its KPIs too, which this week's are set against.
 */
export function weeklyReportData(ctx: JobContext, at: EpochMs): { data: WeeklyReport; snapshot: SnapshotIndex; norms: Norms } {
  const { config, handle } = ctx;
  const norms = loadNorms(handle.db, config.ACCOUNT_ID, config.TIMEZONE);
  const work = accountWorkTime(handle.db, config.ACCOUNT_ID);
  const known = loadTrend(handle.db, config.ACCOUNT_ID, norms, work, trendWeekEnds(at));
  const kept = loadCountedWeeks(handle.db, config.ACCOUNT_ID, norms, work, earlierWeekEnds(at));
  const earlier = new Map<EpochMs, CountedWeek>(kept);
  let previousKpis: Kpis | undefined;
  for (const end of earlierWeekEnds(at)) {
    // A week kept with its managers' rows is taken as it is; the week before this one is then read with the report's own slice, for its KPIs.
    if (kept.has(end)) continue;
    const week = readSnapshot(ctx, norms, end - WEEK, end);
    earlier.set(end, countWeek(week, norms, work, end));
    if (end === at - WEEK) previousKpis = computeKpis(week, norms, work, { from: end - WEEK, to: end });
  }
  const inputs = { known, earlier, previousKpis, snoozes: snoozesAt(ctx, at) };
  const snapshot = readSnapshot(ctx, norms, reportStart(at, inputs));
  const data = buildWeeklyReport(snapshot, norms, work, at, inputs);
  const synced = lastSuccessfulSync(handle, config.ACCOUNT_ID);
  // Points counted now, and earlier weeks counted now for their managers: kept with their rows for the next reports.
  const counted = data.trend.filter((point) => !known.has(point.weekEnd) || (earlier.has(point.weekEnd) && !kept.has(point.weekEnd)));
  if (synced) keepTrend(handle.db, config.ACCOUNT_ID, norms, work, counted.map((point) => ({ ...point, managers: earlier.get(point.weekEnd)?.managers })), synced.startedAt, at);
  return { data, snapshot, norms };
}

/**
 * Builds the weekly report for the week ending at `at`, in the configured
 * locale unless another is asked for. It says when the CRM was read, and
 * opens with a warning when that is too long ago (syncs failing).
 */
export async function buildReport(ctx: JobContext, at: EpochMs, locale: Locale = ctx.config.LOCALE): Promise<RenderedReport> {
  // Measured for /metrics (crmqc_report_duration_seconds): how long the process's own clock says it took.
  const measured = reportDuration.startTimer();
  try {
    const { data, norms } = weeklyReportData(ctx, at);
    const { syncedAt, stale } = dataFreshness(ctx);
    return await renderReport(data, norms.timezone, translator(locale), syncedAt === null ? undefined : { syncedAt, stale });
  } finally {
    measured();
  }
}

/**
 * Builds the report and queues it for a chat in the outbox. The dedupe key
 * names the occasion (a scheduled instant, a command's update): the same
 * occasion never sends the report twice. Returns the report, or null when
 * it was queued before.
 */
export async function queueReport(
  ctx: JobContext,
  target: { chatId: string; dedupeKey: string; locale?: Locale },
  at: EpochMs,
): Promise<RenderedReport | null> {
  const report = await buildReport(ctx, at, target.locale);
  const queued = enqueueReport(ctx.handle, { accountId: ctx.config.ACCOUNT_ID, chatId: target.chatId, dedupeKey: target.dedupeKey }, report, at);
  ctx.logger.info({ chat: target.chatId, occasion: target.dedupeKey, queued }, 'weekly report queued');
  return queued ? report : null;
}

/**
 * Builds the report and writes it to `dir` (delivery without Telegram),
 * logging each message a bot would send. Returns the files written.
 */
export async function writeReport(ctx: JobContext, at: EpochMs, dir: string): Promise<string[]> {
  const report = await buildReport(ctx, at);
  const paths = writeReportFiles(report, dir);
  for (const chart of report.charts) ctx.logger.info({ photo: chart.name, bytes: chart.png.length }, 'would send photo');
  ctx.logger.info({ messages: report.messages.length, chars: report.messages.reduce((n, html) => n + html.length, 0) }, 'would send messages');
  ctx.logger.info({ dir, files: paths.length }, 'weekly report written to files');
  return paths;
}

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
