import type { Formatter } from '../format';
import type { Translator } from '../i18n';
import { formatFigure } from './kpi-format';
import type { DataAsOf, KpiChange, ManagerRow, SeverityCounts, WeeklyReport } from './model';
import { escapeHtml, packMessages } from '../telegram-html';

/**
 * The weekly report as Telegram HTML messages (each ≤ 4096 characters): the
 * headline numbers, the worst stages, managers with raw counts and rates per
 * 100 deals side by side, the rules, and what to do about it. Given `data`,
 * the time the CRM was read closes the report, and data too old opens it.
 */
export function renderReportText(report: WeeklyReport, tr: Translator, fmt: Formatter, data?: DataAsOf): string[] {
  // Stale data is said first, before any number a head might act on.
  const stale = data?.stale ? [tr.t('report-stale', { at: fmt.dateTime(data.syncedAt), reason: data.stale.reason ? escapeHtml(data.stale.reason) : 'none' })] : [];
  const asOf = data ? [`<i>${tr.t('report-data-as-of', { at: fmt.dateTime(data.syncedAt) })}</i>`] : [];
  const blocks = [...stale, tr.t('report-title', { from: fmt.day(report.from), to: fmt.day(report.at) }), totalsBlock(report, tr, fmt)];
  // What goes right and where deals stop is news on a clean week too.
  const kpis = kpiBlock(report, tr, fmt);
  if (kpis) blocks.push(kpis);
  if (report.totals.violations + report.totals.remarks === 0) {
    blocks.push(tr.t('report-nothing'), ...asOf);
    return packMessages(blocks);
  }
  blocks.push(worstStagesBlock(report, tr), managersBlock(report.managers, tr, fmt), rulesBlock(report, tr));
  if (report.recommendations.length > 0) {
    const lines = report.recommendations.map((r) => tr.t(r.id, escapeVars(r.vars)));
    blocks.push([tr.t('report-recommendations-title'), ...lines].join('\n'));
  }
  blocks.push([`<i>${tr.t('report-footer')}</i>`, ...asOf].join('\n'));
  return packMessages(blocks);
}

function totalsBlock(report: WeeklyReport, tr: Translator, fmt: Formatter): string {
  const change = (key: keyof SeverityCounts) => describeChange(report.totals[key], report.previous[key], tr);
  const lines = [
    tr.t('report-totals', {
      violations: fmt.count(report.totals.violations),
      violationsChange: change('violations'),
      remarks: fmt.count(report.totals.remarks),
      remarksChange: change('remarks'),
    }),
  ];
  if (report.moneyAtStake > 0) lines.push(tr.t('report-money', { amount: fmt.money(report.moneyAtStake) }));
  // Only preset reasons by name: the report goes to a group chat, and typed reasons may name customers.
  const { snoozed } = report;
  if (snoozed.count > 0) {
    const reasons = snoozed.reasons.map((r) => tr.t('report-snoozed-reason', { reason: tr.t('snooze-reason', { reason: r.reason }), count: r.count })).join(', ');
    lines.push(tr.t('report-snoozed', { count: fmt.count(snoozed.count), findings: snoozed.findings, reasons }));
  }
  return lines.join('\n');
}

/**
 * Two or three lines on the funnel's KPIs: the largest improvement (what
 * worked, worth telling the team), the largest slide (asked about, not
 * judged), and where the busiest funnel loses most.
 */
function kpiBlock(report: WeeklyReport, tr: Translator, fmt: Formatter): string | null {
  const { improvement, slide } = report.kpis;
  const lines: string[] = [];
  const change = (id: string, c: KpiChange) => {
    const value = (v: number) => formatFigure(c.column === 'won' ? 'wonCount' : c.column, v, tr, fmt);
    return tr.t(id, { name: `<b>${escapeHtml(c.name)}</b>`, figure: tr.t(`kpi-figure-${c.column}`), before: value(c.before), now: value(c.now) });
  };
  if (improvement) lines.push(change('kpi-text-better', improvement));
  if (slide) lines.push(change('kpi-text-worse', slide));
  if (!improvement && !slide && report.kpis.rows.length > 0) lines.push(tr.t('kpi-text-steady'));
  const funnel = report.funnels.find((f) => f.leakStageId !== null);
  const leak = funnel?.stages.find((s) => s.stageId === funnel.leakStageId);
  if (funnel && leak) {
    const vars = {
      pipeline: escapeHtml(funnel.name),
      stage: escapeHtml(leak.name),
      share: fmt.percent(leak.conversion ?? 0),
      moved: leak.movedForward,
      entered: leak.entered,
    };
    lines.push(
      leak.previousConversion === null
        ? tr.t('kpi-text-leak', vars)
        : tr.t('kpi-text-leak-before', { ...vars, before: fmt.percent(leak.previousConversion) }),
    );
  }
  return lines.length > 0 ? [tr.t('kpi-text-title'), ...lines].join('\n') : null;
}

function describeChange(now: number, before: number, tr: Translator): string {
  if (before === 0) return now === 0 ? tr.t('report-change-same') : tr.t('report-change-new');
  const percent = Math.round(((now - before) / before) * 100);
  if (percent === 0) return tr.t('report-change-same');
  return tr.t(percent > 0 ? 'report-change-up' : 'report-change-down', { percent: Math.abs(percent) });
}

function worstStagesBlock(report: WeeklyReport, tr: Translator): string {
  const lines = report.worstStages.map((row, i) => {
    const [topRule] = Object.entries(row.byRule).sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))[0] ?? [];
    return tr.t('report-worst-line', {
      place: i + 1,
      stage: escapeHtml(`${row.pipelineName} › ${row.stageName}`),
      total: row.total,
      rule: topRule ? tr.t(`rule-${topRule}`) : '—',
    });
  });
  return [tr.t('report-worst-title'), ...lines].join('\n');
}

function managersBlock(managers: readonly ManagerRow[], tr: Translator, fmt: Formatter): string {
  const lines = managers
    .filter((m) => m.total > 0 || m.setAside > 0)
    .map((m) => {
      const name = `<b>${escapeHtml(m.managerId === null ? tr.t('report-unassigned') : m.name)}</b>`;
      const setAside = m.setAside > 0 ? tr.t('report-manager-set-aside', { count: m.setAside }) : '';
      if (m.per100 === null) {
        const id = m.openDeals === 0 ? 'report-manager-line-no-deals' : 'report-manager-line-few-deals';
        return tr.t(id, { name, total: fmt.count(m.total) }) + setAside;
      }
      return tr.t('report-manager-line', { name, total: fmt.count(m.total), per100: fmt.count(Math.round(m.per100)) }) + setAside;
    });
  return [tr.t('report-managers-title'), ...lines].join('\n');
}

function rulesBlock(report: WeeklyReport, tr: Translator): string {
  const rows = [...report.byRule].sort((a, b) => b.total - a.total);
  const lines = rows.map((row) => tr.t('report-rule-line', { rule: tr.t(`rule-${row.rule}`), total: row.total }));
  return [tr.t('report-rules-title'), ...lines].join('\n');
}

/** Names in recommendations come from the CRM: escape them before they meet HTML. */
function escapeVars(vars: WeeklyReport['recommendations'][number]['vars']) {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'string' ? escapeHtml(v) : v]));
}
