import type { Formatter } from '../format';
import type { Translator } from '../i18n';
import { MAX_FUNNELS } from './funnel-view';
import { drawFunnels, drawKpiCard, drawManagerTrend } from './kpi-images';
import type { WeeklyReport } from './model';

/** An image drawn directly on a canvas (not a Chart.js chart): its name, caption and drawing. */
export interface DrawnSpec {
  name: string;
  caption: string;
  draw(): Promise<Buffer>;
}

type DrawnBuilder = (report: WeeklyReport, tr: Translator, fmt: Formatter) => DrawnSpec | null;

/** Each active manager's KPIs this week against the week before, and the team's median. */
export const kpiCardImage: DrawnBuilder = (report, tr, fmt) => {
  const { rows, left } = report.kpis;
  if (rows.length === 0) return null;
  const caption = [tr.t('kpi-card-caption'), ...(left > 0 ? [tr.t('kpi-card-left', { count: left })] : [])].join(' ');
  return { name: 'kpi-card', caption, draw: () => drawKpiCard(report, tr, fmt) };
};

/**
 * The funnels as small multiples in one image: the busiest MAX_FUNNELS
 * pipelines, so that the album keeps within Telegram's ten photos however
 * many pipelines an account has; the caption says how many are left to
 * /export, which has every pipeline.
 */
export const funnelsImage: DrawnBuilder = (report, tr, fmt) => {
  const shown = report.funnels.slice(0, MAX_FUNNELS);
  if (shown.length === 0) return null;
  const leaks = shown.flatMap((f) => {
    const stage = f.stages.find((s) => s.stageId === f.leakStageId);
    return stage ? [{ pipeline: f.name, stage: stage.name, share: Math.round((stage.conversion ?? 0) * 100) }] : [];
  });
  const parts = [tr.t('kpi-funnel-caption')];
  const busiest = leaks[0];
  if (busiest) parts.push(tr.t('kpi-funnel-caption-leak', busiest));
  if (!shown.some((f) => f.stages.some((s) => s.key))) parts.push(tr.t('kpi-funnel-caption-no-key'));
  const left = report.funnels.length - shown.length;
  if (left > 0) parts.push(tr.t('kpi-funnel-caption-left', { count: left }));
  return { name: 'funnels', caption: parts.join(' '), draw: () => drawFunnels(shown, report, tr, fmt) };
};

/** Each manager's findings per 100 open deals week by week: who improves. Skipped when every rate of every week is zero. */
export const managerTrendImage: DrawnBuilder = (report, tr, fmt) => {
  const { lines, left } = report.managerTrend;
  if (lines.every((l) => l.per100.every((v) => v === null || v === 0))) return null;
  const improved = lines.find((l) => l.change === 'better');
  const parts = [tr.t('kpi-trend-caption', { weeks: report.trend.length })];
  parts.push(improved ? tr.t('kpi-trend-caption-best', { name: improved.name }) : tr.t('kpi-trend-caption-none'));
  if (left > 0) parts.push(tr.t('kpi-trend-caption-left', { count: left }));
  return { name: 'manager-trend', caption: parts.join(' '), draw: () => drawManagerTrend(report, tr, fmt) };
};
