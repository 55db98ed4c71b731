import type { ChartConfiguration } from 'chart.js';
import type { Formatter } from '../format';
import type { Translator } from '../i18n';
import { RULE_NAMES } from '../norms/schema';
import { barEndLabels, PALETTE, REMARK_COLOUR, RULE_COLOURS, VIOLATION_COLOUR } from './chart-style';
import type { ManagerRow, StageRow, WeeklyReport } from './model';

/** A chart before rendering: a builder below gives one, or null when there is nothing to draw. */
export interface ChartSpec {
  name: string;
  config: ChartConfiguration;
  caption: string;
}

// One builder per chart: report data in, Chart.js configuration and caption out.

type ChartBuilder = (report: WeeklyReport, tr: Translator, fmt: Formatter) => ChartSpec | null;

const MAX_BARS = 12;
const stageLabel = (row: StageRow) => shorten(`${row.pipelineName} › ${row.stageName}`, 42);
const managerName = (row: ManagerRow, tr: Translator) => (row.managerId === null ? tr.t('report-unassigned') : row.name);

/** Axis numbers grouped as the reader's locale does: «2 500», not «2,500». */
const localeOf = (tr: Translator) => (tr.locale === 'ru' ? 'ru-RU' : 'en-GB');
const title = (text: string) => ({ display: true, text, font: { size: 24, weight: 'bold' as const }, padding: { bottom: 16 } });
const horizontalBarOptions = {
  indexAxis: 'y' as const,
  layout: { padding: { right: 70, left: 10, top: 10, bottom: 10 } },
};

/** Findings by stage, stacked by rule: where the process breaks, and how. */
export const stagesChart: ChartBuilder = (report, tr, fmt) => {
  const rows = [...report.stages].sort((a, b) => b.total - a.total).slice(0, MAX_BARS);
  const top = rows[0];
  if (!top) return null;
  const rules = RULE_NAMES.filter((rule) => rows.some((row) => row.byRule[rule]));
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: rows.map(stageLabel),
      datasets: rules.map((rule) => ({
        label: tr.t(`rule-${rule}`),
        data: rows.map((row) => row.byRule[rule] ?? 0),
        backgroundColor: RULE_COLOURS[rule],
      })),
    },
    options: {
      locale: localeOf(tr),
      ...horizontalBarOptions,
      plugins: { title: title(tr.t('chart-stages-title')), legend: { position: 'bottom' } },
      scales: { x: { stacked: true, ticks: { precision: 0 } }, y: { stacked: true } },
    },
    plugins: [barEndLabels(fmt.count)],
  };
  return { name: 'stages', config, caption: tr.t('chart-stages-caption', { stage: stageLabel(top), total: top.total }) };
};

/** Each manager's share of the week's findings. */
export const managersChart: ChartBuilder = (report, tr, fmt) => {
  const rows = report.managers.filter((m) => m.total > 0);
  const sum = rows.reduce((s, m) => s + m.total, 0);
  if (sum === 0) return null;
  const config: ChartConfiguration<'doughnut'> = {
    type: 'doughnut',
    data: {
      labels: rows.map((m) => `${managerName(m, tr)} — ${fmt.percent(m.total / sum)}`),
      datasets: [{ data: rows.map((m) => m.total), backgroundColor: rows.map((_, i) => PALETTE[i % PALETTE.length]!) }],
    },
    options: {
      locale: localeOf(tr),
      layout: { padding: 20 },
      plugins: { title: title(tr.t('chart-managers-title')), legend: { position: 'right', labels: { font: { size: 18 } } } },
    },
  };
  return { name: 'managers', config, caption: tr.t('chart-managers-caption') };
};

/** Findings per 100 open deals: the fair comparison between a high-volume seller and the rest. */
export const rateChart: ChartBuilder = (report, tr, fmt) => {
  const rows = report.managers
    .filter((m): m is ManagerRow & { per100: number } => m.per100 !== null && m.managerId !== null)
    .sort((a, b) => b.per100 - a.per100)
    .slice(0, MAX_BARS);
  const best = rows.at(-1);
  // On a clean week every rate is zero: a chart of empty bars says nothing.
  if (!best || rows.every((m) => m.total === 0)) return null;
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: rows.map((m) => m.name),
      datasets: [{ label: tr.t('chart-rate-axis'), data: rows.map((m) => Math.round(m.per100)), backgroundColor: REMARK_COLOUR }],
    },
    options: {
      locale: localeOf(tr),
      ...horizontalBarOptions,
      plugins: { title: title(tr.t('chart-rate-title')), legend: { display: false } },
      scales: { x: { ticks: { precision: 0 }, title: { display: true, text: tr.t('chart-rate-axis') } } },
    },
    plugins: [barEndLabels(fmt.count)],
  };
  return { name: 'rate', config, caption: tr.t('chart-rate-caption', { best: best.name }) };
};

/** Violations and remarks week by week. */
export const trendChart: ChartBuilder = (report, tr, fmt) => {
  const line = (label: string, data: number[], colour: string) => ({
    label,
    data,
    borderColor: colour,
    backgroundColor: colour,
    borderWidth: 3,
    pointRadius: 5,
    tension: 0.25,
  });
  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: {
      labels: report.trend.map((p) => fmt.day(p.weekEnd)),
      datasets: [
        line(tr.t('chart-trend-violations'), report.trend.map((p) => p.violations), VIOLATION_COLOUR),
        line(tr.t('chart-trend-remarks'), report.trend.map((p) => p.remarks), REMARK_COLOUR),
      ],
    },
    options: {
      locale: localeOf(tr),
      layout: { padding: 20 },
      plugins: { title: title(tr.t('chart-trend-title')), legend: { position: 'bottom' } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  };
  const caption = tr.t('chart-trend-caption', {
    weeks: report.trend.length,
    violations: fmt.count(report.totals.violations),
    remarks: fmt.count(report.totals.remarks),
  });
  return { name: 'trend', config, caption };
};

/** Money in deals with open violations, by stage: what to rescue first. */
export const moneyChart: ChartBuilder = (report, tr, fmt) => {
  const rows = report.stages.filter((s) => s.moneyAtStake > 0).sort((a, b) => b.moneyAtStake - a.moneyAtStake).slice(0, MAX_BARS);
  if (rows.length === 0) return null;
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: rows.map(stageLabel),
      datasets: [{ label: tr.t('chart-money-title'), data: rows.map((s) => s.moneyAtStake), backgroundColor: VIOLATION_COLOUR }],
    },
    options: {
      locale: localeOf(tr),
      ...horizontalBarOptions,
      layout: { padding: { ...horizontalBarOptions.layout.padding, right: 120 } },
      plugins: { title: title(tr.t('chart-money-title')), legend: { display: false } },
      scales: { x: { ticks: { callback: (value) => fmt.moneyShort(Number(value)) } } },
    },
    plugins: [barEndLabels(fmt.moneyShort)],
  };
  return { name: 'money', config, caption: tr.t('chart-money-caption', { amount: fmt.money(report.moneyAtStake) }) };
};

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
