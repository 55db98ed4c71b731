import { awayThroughout, type WorkTime } from '../schedules/work-time';
import type { EpochMs } from '../crm/model';
import type { Norms, RuleName } from '../norms/schema';
import { RULE_NAMES } from '../norms/schema';
import { computeKpis, type Kpis } from '../kpi';
import { evaluateRules } from '../rules';
import type { SnapshotIndex } from '../rules/snapshot-index';
import type { Finding } from '../rules/types';
import type { ManagerRow, SeverityCounts, StageRow, TrendPoint, WeeklyReport } from './model';
import { recommend } from './recommendations';
import { DAY, WEEK } from '../time';
import { inForce, SnoozeIndex, splitSnoozed, topReasons, type Snooze } from '../snooze/model';
import { funnelViews } from './funnel-view';
import { kpiSummary } from './kpi-card';
import { managerTrend } from './manager-trend';

export const TREND_WEEKS = 8;
/** Below this many open deals a rate per 100 is noise (3 deals, 1 finding = 33), so none is given. */
export const MIN_DEALS_FOR_RATE = 10;

/** Trend points already counted (by earlier reports), by week end. */
export type KnownTrend = ReadonlyMap<EpochMs, SeverityCounts>;

/** The ends of the report's trend weeks, oldest first; the last is `at`. */
export function trendWeekEnds(at: EpochMs): EpochMs[] {
  return Array.from({ length: TREND_WEEKS }, (_, i) => at - (TREND_WEEKS - 1 - i) * WEEK);
}

/** The trend weeks before the report's own, oldest first. */
export function earlierWeekEnds(at: EpochMs): EpochMs[] {
  return trendWeekEnds(at).slice(0, -1);
}

/**
 * The earliest instant the report for `at` reads, given what it is given:
 * the start of the first earlier week it must count itself, or of the week
 * before its own when it must work out that week's KPIs. With every earlier
 * week and those KPIs given, the start of its own week; with nothing given,
 * eight weeks back.
 */
export function reportStart(at: EpochMs, inputs: Pick<ReportInputs, 'earlier' | 'previousKpis'> = {}): EpochMs {
  const first = earlierWeekEnds(at).find((end) => !inputs.earlier?.has(end)) ?? at;
  return Math.min(first, inputs.previousKpis ? at : at - WEEK) - WEEK;
}

/** An earlier trend week, counted: its findings by severity, and each manager's (away set aside) with their open deals at its end. */
export interface CountedWeek {
  counts: SeverityCounts;
  managers: ManagerRow[];
}

/**
 * One earlier trend week counted on its own, for a week counted before the
 * report is built (from a slice of the snapshot for that week alone). What
 * is snoozed is left in: only the report's own week sets snoozes apart.
 */
export function countWeek(snapshot: SnapshotIndex, norms: Norms, work: WorkTime, weekEnd: EpochMs): CountedWeek {
  const findings = evaluateRules(snapshot, norms, work, { from: weekEnd - WEEK, at: weekEnd });
  return { counts: countSeverities(findings), managers: managerRows(snapshot, findings, weekEnd, work, norms.timezone) };
}

/** What the report is given besides the snapshot of its own week; what is not given it works out from the snapshot. */
export interface ReportInputs {
  /** Trend totals kept by earlier reports, taken as they are. */
  known?: KnownTrend;
  /** The earlier trend weeks counted already, each from a slice of its own; the rest are counted from the snapshot. */
  earlier?: ReadonlyMap<EpochMs, CountedWeek>;
  /** The KPIs of the week before the report's; computed from the snapshot when not given. */
  previousKpis?: Kpis;
  /** Snoozes; those in force at the report's instant set their findings apart. */
  snoozes?: readonly Snooze[];
}

/**
 * Builds the weekly report for the 7 days ending at `at`: every rule is
 * evaluated over the week, and over each of the TREND_WEEKS − 1 weeks
 * before it unless `earlier` has them counted (each manager's count per
 * week makes the per-manager trend; the totals of weeks in `known` are
 * taken as they are); the funnel's KPIs of the week are set against the
 * week before's. The snapshot must reach back as far as the weeks it
 * counts itself: with every earlier week and the KPIs of the week before
 * given, one week. Pure: snapshot, norms and who works when (the account's
 * calendar, people's own schedules) in, data out.
 */
export function buildWeeklyReport(snapshot: SnapshotIndex, norms: Norms, work: WorkTime, at: EpochMs, inputs: ReportInputs = {}): WeeklyReport {
  const { known = new Map(), earlier = new Map(), snoozes = [] } = inputs;
  const weeks = earlierWeekEnds(at).map((end) => ({ end, ...(earlier.get(end) ?? countWeek(snapshot, norms, work, end)) }));
  const evaluated = evaluateRules(snapshot, norms, work, { from: at - WEEK, at });
  // What is snoozed at the report's instant is parked on purpose: out of this week's counts, said apart.
  const parked = inForce(snoozes, at);
  const { shown: week, hidden } = splitSnoozed(evaluated, new SnoozeIndex(parked, at));
  const trend: TrendPoint[] = [
    ...weeks.map(({ end, counts }) => ({ weekEnd: end, ...(known.get(end) ?? counts) })),
    // The report's own week is always counted afresh: its findings are listed.
    { weekEnd: at, ...countSeverities(week) },
  ];
  const stages = stageRows(snapshot, week, at);
  const managers = managerRows(snapshot, week, at, work, norms.timezone);
  const kpis = computeKpis(snapshot, norms, work, { from: at - WEEK, to: at });
  const previousKpis = inputs.previousKpis ?? computeKpis(snapshot, norms, work, { from: at - 2 * WEEK, to: at - WEEK });
  const report: Omit<WeeklyReport, 'recommendations'> = {
    from: at - WEEK,
    at,
    totals: severities(trend.at(-1)!),
    previous: severities(trend.at(-2)!),
    byRule: RULE_NAMES.map((rule) => ({ rule, ...countSeverities(week.filter((f) => f.rule === rule)) }))
      .map((row) => ({ ...row, total: row.violations + row.remarks }))
      .filter((row) => row.total > 0),
    stages,
    managers,
    trend,
    moneyAtStake: moneyInOpenViolations(week).total,
    worstStages: [...stages].sort((a, b) => b.total - a.total).slice(0, 3),
    snoozed: { count: parked.length, findings: hidden.length, reasons: topReasons(parked) },
    kpis: kpiSummary(kpis, previousKpis, (id) => snapshot.users.get(id)?.name ?? id),
    funnels: funnelViews(kpis, previousKpis, {
      pipeline: (id) => snapshot.pipelines.get(id)?.name ?? id,
      stage: (id) => snapshot.stages.get(id)?.name ?? id,
    }),
    managerTrend: managerTrend([...weeks.map((w) => w.managers), managers]),
  };
  return { ...report, recommendations: recommend(report, norms, week) };
}

const severities = ({ violations, remarks }: SeverityCounts): SeverityCounts => ({ violations, remarks });

export function countSeverities(findings: readonly Finding[]): SeverityCounts {
  let violations = 0;
  for (const f of findings) if (f.severity === 'violation') violations++;
  return { violations, remarks: findings.length - violations };
}

function stageRows(snapshot: SnapshotIndex, week: readonly Finding[], at: EpochMs): StageRow[] {
  const rows = new Map<string, StageRow>();
  const money = moneyInOpenViolations(week).byStage;
  for (const f of week) {
    const stage = f.stageId ? snapshot.stages.get(f.stageId) : undefined;
    if (!stage) continue;
    let row = rows.get(stage.id);
    if (!row) {
      const pipeline = snapshot.pipelines.get(stage.pipelineId);
      row = {
        pipelineId: stage.pipelineId,
        pipelineName: pipeline?.name ?? stage.pipelineId,
        stageId: stage.id,
        stageName: stage.name,
        violations: 0,
        remarks: 0,
        total: 0,
        byRule: {},
        moneyAtStake: money.get(stage.id) ?? 0,
        openDeals: 0,
      };
      rows.set(stage.id, row);
    }
    addFinding(row, f);
  }
  for (const deal of snapshot.deals) {
    const row = rows.get(deal.stageId);
    if (row && snapshot.isOpenAt(deal, at)) row.openDeals++;
  }
  const order = (row: StageRow) => [snapshot.pipelines.get(row.pipelineId)?.sort ?? 0, snapshot.stages.get(row.stageId)?.sort ?? 0];
  return [...rows.values()].sort((a, b) => compareTuples(order(a), order(b)));
}

function managerRows(snapshot: SnapshotIndex, week: readonly Finding[], at: EpochMs, work: WorkTime, timezone: string): ManagerRow[] {
  const rows = new Map<string | null, ManagerRow>();
  const row = (managerId: string | null): ManagerRow => {
    let existing = rows.get(managerId);
    if (!existing) {
      const name = managerId === null ? '' : (snapshot.users.get(managerId)?.name ?? managerId);
      existing = { managerId, name, violations: 0, remarks: 0, total: 0, openDeals: 0, per100: null, setAside: 0 };
      rows.set(managerId, existing);
    }
    return existing;
  };
  for (const f of week) {
    // A finding that lived only while its manager was away is not theirs to answer for.
    if (awayThroughout(work, f.managerId, f.since, f.resolvedAt ?? at, timezone)) row(f.managerId).setAside++;
    else addFinding(row(f.managerId), f);
  }
  for (const deal of snapshot.deals) if (snapshot.isOpenAt(deal, at)) row(deal.responsibleId).openDeals++;
  for (const r of rows.values()) r.per100 = r.openDeals >= MIN_DEALS_FOR_RATE ? (r.total / r.openDeals) * 100 : null;
  return [...rows.values()].filter((r) => r.total > 0 || r.setAside > 0 || r.openDeals > 0).sort((a, b) => b.total - a.total || b.openDeals - a.openDeals);
}

function addFinding(row: SeverityCounts & { total: number; byRule?: Partial<Record<RuleName, number>> }, f: Finding): void {
  if (f.severity === 'violation') row.violations++;
  else row.remarks++;
  row.total++;
  if (row.byRule) row.byRule[f.rule] = (row.byRule[f.rule] ?? 0) + 1;
}

/** Money in distinct deals with a violation still open at the report instant, in total and by stage. */
function moneyInOpenViolations(week: readonly Finding[]): { total: number; byStage: Map<string, number> } {
  const seen = new Set<string>();
  const byStage = new Map<string, number>();
  let total = 0;
  for (const f of week) {
    if (f.severity !== 'violation' || f.resolvedAt !== null || f.dealId === null || f.amount === null) continue;
    if (seen.has(f.dealId)) continue;
    seen.add(f.dealId);
    total += f.amount;
    if (f.stageId) byStage.set(f.stageId, (byStage.get(f.stageId) ?? 0) + f.amount);
  }
  return { total, byStage };
}

function compareTuples(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}
