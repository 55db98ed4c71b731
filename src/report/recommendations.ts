import type { Norms } from '../norms/schema';
import type { Finding } from '../rules/types';
import type { ManagerRow, Recommendation, StageRow, WeeklyReport } from './model';

const MAX_RECOMMENDATIONS = 6;

/**
 * What a quality-control analyst would suggest after reading the numbers:
 * each check looks for one pattern the seed articles describe and names the
 * fix. Growth tool, not a fine: the wording lives in the locale files.
 */
export function recommend(
  report: Omit<WeeklyReport, 'recommendations'>,
  norms: Norms,
  week: readonly Finding[],
): Recommendation[] {
  const count = (rule: Finding['rule']) => week.filter((f) => f.rule === rule).length;
  const found = [
    stuckStage(report.stages, norms),
    moneyStage(report.stages),
    threshold('rec-no-task', count('deal_without_task'), 5),
    threshold('rec-first-contact', count('first_contact_slow'), 3, { minutes: norms.rules.first_contact_slow.minutes }),
    threshold('rec-missed-calls', count('missed_call_not_returned'), 3, { minutes: norms.rules.missed_call_not_returned.minutes }),
    threshold('rec-loss-reason', count('lost_without_reason'), 3),
    fairness(report.managers),
    overloaded(report.managers, week),
    growth(report),
  ];
  return found.filter((r): r is Recommendation => r !== null).slice(0, MAX_RECOMMENDATIONS);
}

const stageLabel = (row: StageRow) => `${row.pipelineName} › ${row.stageName}`;

/** A stage that keeps many deals past its norm usually packs several different actions (seed 000). */
function stuckStage(stages: readonly StageRow[], norms: Norms): Recommendation | null {
  const worst = maxBy(stages, (s) => s.byRule.stage_time_exceeded ?? 0);
  const stuck = worst?.byRule.stage_time_exceeded ?? 0;
  if (!worst || stuck < 5) return null;
  const hours = norms.rules.stage_time_exceeded.stages[worst.stageId] ?? norms.rules.stage_time_exceeded.hours;
  return { id: 'rec-stage-stuck', vars: { stage: stageLabel(worst), count: stuck, hours } };
}

function moneyStage(stages: readonly StageRow[]): Recommendation | null {
  const richest = maxBy(stages, (s) => s.moneyAtStake);
  if (!richest || richest.moneyAtStake <= 0) return null;
  return { id: 'rec-money-stage', vars: { stage: stageLabel(richest), amount: Math.round(richest.moneyAtStake) } };
}

function threshold(id: string, count: number, min: number, vars: Recommendation['vars'] = {}): Recommendation | null {
  return count >= min ? { id, vars: { ...vars, count } } : null;
}

/**
 * The manager with the most findings is often the one who sells most (seed
 * 000, "Ипполит"): when they collect far more findings than a typical
 * colleague but their rate per 100 deals is close to the team's, say so, so
 * the volume is not read as negligence.
 */
function fairness(managers: readonly ManagerRow[]): Recommendation | null {
  const rated = managers.filter((m) => m.managerId !== null && m.per100 !== null);
  const top = maxBy(rated, (m) => m.total);
  if (!top || top.per100 === null || rated.length < 3) return null;
  const medianTotal = medianOf(rated.map((m) => m.total));
  const medianRate = medianOf(rated.map((m) => m.per100 ?? 0));
  if (top.total < 1.5 * medianTotal || top.per100 > 1.2 * medianRate) return null;
  return { id: 'rec-fairness', vars: { name: top.name, total: top.total, per100: Math.round(top.per100), median: Math.round(medianRate) } };
}

function overloaded(managers: readonly ManagerRow[], week: readonly Finding[]): Recommendation | null {
  const finding = week.find((f) => f.rule === 'manager_overloaded' && f.resolvedAt === null);
  const manager = managers.find((m) => m.managerId === finding?.managerId);
  if (!finding || !manager) return null;
  return { id: 'rec-overloaded', vars: { name: manager.name, open: manager.openDeals, max: Number(finding.facts.maxOpenDeals) } };
}

function growth(report: Omit<WeeklyReport, 'recommendations'>): Recommendation | null {
  const { violations } = report.totals;
  const before = report.previous.violations;
  if (before === 0 || violations < 10 || violations < before * 1.2) return null;
  return { id: 'rec-growth', vars: { percent: Math.round((violations / before - 1) * 100) } };
}

function maxBy<T>(items: readonly T[], score: (item: T) => number): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || score(item) > score(best)) best = item;
  return best;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
