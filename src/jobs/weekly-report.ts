import type { Clock } from './clock';
import type { Config } from './config';
import type { CrmConnector } from './crm/connector';
import type { EpochMs } from './crm/model';
import { ensureAccount } from './db/accounts';
import type { DatabaseHandle } from './db/client';
import { readWindowScope } from './db/window-scope';
import { writeReportFiles } from './delivery/file-sender';
import { reconcileFindings, type ReconcileResult } from './findings/store';
import { translator, type Locale } from './i18n';
import { enqueueReport } from './delivery/report-delivery';
import type { Logger } from './logger';
import { loadNorms } from './norms/store';
import type { Norms } from './norms/schema';
import { buildWeeklyReport, countWeek, reportStart, trendWeekEnds, uncountedWeeks } from './report/aggregate';
import { renderReport, type RenderedReport } from './report/build';
import type { WeeklyReport } from './report/model';
import { keepTrend, loadTrend } from './report/trend-store';
import { evaluateRules, lookbackMs } from './rules';
import { SnapshotIndex } from './rules/snapshot-index';
import type { Finding } from './rules/types';
import { lastSuccessfulSync, runSync, type SyncRun } from './sync/run-sync';
import { WEEK } from './time';

/**
 * The core's jobs, shared by the CLI and the long-running process:
 * sync → findings → report. Each takes its dependencies explicitly.
 */
export interface JobContext {
  config: Config;
  handle: DatabaseHandle;
  clock: Clock;
  logger: Logger;
}

/** Makes sure the configured account exists; call once after opening the database. */
export function prepareAccount({ config, handle, clock }: JobContext): void {
  ensureAccount(handle.db, { id: config.ACCOUNT_ID, name: config.ACCOUNT_NAME, crm: config.CRM }, clock.now().getTime());
}

/**
 * Pulls the CRM (only what changed, when `incremental` and the connector can),
 * then records which findings opened and which resolved.
 */
export async function syncAndEvaluate(
  ctx: JobContext,
  connector: CrmConnector,
  mode: 'full' | 'incremental' = 'full',
): Promise<{ run: SyncRun; findings: ReconcileResult }> {
  const run = await runSync({ ...ctx, accountId: ctx.config.ACCOUNT_ID, connector }, mode);
  const at = ctx.clock.now().getTime();
  const findings = reconcileFindings(ctx.handle, ctx.config.ACCOUNT_ID, openFindingsAt(ctx, at), at);
  ctx.logger.info({ opened: findings.opened.length, resolved: findings.resolved, open: findings.stillOpen + findings.opened.length }, 'findings recorded');
  return { run, findings };
}

/** The findings open at `at` over the latest snapshot. */
export function openFindingsAt(ctx: JobContext, at: EpochMs): Finding[] {
  const { snapshot, norms } = readAccount(ctx, at);
  return evaluateRules(snapshot, norms, { from: at, at });
}

/** Builds the weekly report for the week ending at `at`, in the configured locale unless another is asked for. */
export async function buildReport(ctx: JobContext, at: EpochMs, locale: Locale = ctx.config.LOCALE): Promise<RenderedReport> {
  const { data, norms } = weeklyReportData(ctx, at);
  return renderReport(data, norms.timezone, translator(locale));
}

/**
 * The weekly report's data for the week ending at `at`. Trend points kept by
 * earlier reports are taken as they are, so only the weeks not counted yet
 * are read and evaluated — on a weekly schedule, this week alone. An earlier
 * week not counted yet (an account's first report has seven) is counted from
 * a slice of its own, read and let go before the next: the slice for eight
 * weeks at once holds twice the rows. The points counted now (not those
 * taken as they were) are kept for the reports after it.
 */
export function weeklyReportData(ctx: JobContext, at: EpochMs): { data: WeeklyReport; snapshot: SnapshotIndex; norms: Norms } {
  const { config, handle } = ctx;
  const norms = loadNorms(handle.db, config.ACCOUNT_ID, config.TIMEZONE);
  const known = loadTrend(handle.db, config.ACCOUNT_ID, norms, trendWeekEnds(at));
  const earlier = new Map(known);
  for (const end of uncountedWeeks(at, known)) earlier.set(end, countWeek(readSnapshot(ctx, norms, end - WEEK, end), norms, end));
  const snapshot = readSnapshot(ctx, norms, reportStart(at, earlier));
  const data = buildWeeklyReport(snapshot, norms, at, earlier);
  const synced = lastSuccessfulSync(handle, config.ACCOUNT_ID);
  const counted = data.trend.filter((point) => !known.has(point.weekEnd));
  if (synced) keepTrend(handle.db, config.ACCOUNT_ID, norms, counted, synced.startedAt, at);
  return { data, snapshot, norms };
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
  for (const chart of report.charts) ctx.logger.info({ photo: chart.name, bytes: chart.png.length, caption: chart.caption }, 'would send photo');
  for (const html of report.messages) ctx.logger.info({ chars: html.length, preview: html.slice(0, 120) }, 'would send message');
  ctx.logger.info({ dir, files: paths.length }, 'weekly report written to files');
  return paths;
}

/**
 * The norms in force and the latest snapshot, indexed for rules, as far as
 * rules looking at instants from `from` on need it: on a large account that
 * is a small part of it (see readWindowScope).
 */
export function readAccount(ctx: JobContext, from: EpochMs) {
  const norms = loadNorms(ctx.handle.db, ctx.config.ACCOUNT_ID, ctx.config.TIMEZONE);
  return { snapshot: readSnapshot(ctx, norms, from), norms };
}

function readSnapshot({ config, handle }: JobContext, norms: Norms, from: EpochMs, until: EpochMs | null = null): SnapshotIndex {
  return new SnapshotIndex(readWindowScope(handle, config.ACCOUNT_ID, { from, until, lookbackMs: lookbackMs(norms) }));
}
