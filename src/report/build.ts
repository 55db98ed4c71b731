import type { WorkTime } from '../schedules/work-time';
import type { EpochMs } from '../crm/model';
import { createFormatter } from '../format';
import type { Translator } from '../i18n';
import type { Norms } from '../norms/schema';
import type { SnapshotIndex } from '../rules/snapshot-index';
import { buildWeeklyReport } from './aggregate';
import { renderCharts, type RenderedChart } from './charts';
import type { DataAsOf, WeeklyReport } from './model';
import { renderReportText } from './text';

/** A report ready for delivery: HTML messages (≤ 4096 each) and charts with captions (≤ 1024). */
export interface RenderedReport {
  data: WeeklyReport;
  messages: string[];
  charts: RenderedChart[];
}

/** Aggregates the week ending at `at` and renders its text and charts in the translator's locale. */
export async function renderWeeklyReport(snapshot: SnapshotIndex, norms: Norms, work: WorkTime, at: EpochMs, tr: Translator): Promise<RenderedReport> {
  return renderReport(buildWeeklyReport(snapshot, norms, work, at), norms.timezone, tr);
}

/** Renders an aggregated report's text and charts in the translator's locale, saying when the CRM was read. */
export async function renderReport(data: WeeklyReport, timezone: string, tr: Translator, asOf?: DataAsOf): Promise<RenderedReport> {
  const fmt = createFormatter(tr, timezone);
  return { data, messages: renderReportText(data, tr, fmt, asOf), charts: await renderCharts(data, tr, fmt) };
}
