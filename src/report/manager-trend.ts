import { median } from '../kpi/stats';
import { compareFigure } from './kpi-card';
import type { ManagerRow, ManagerTrend, ManagerTrendLine } from './model';

/** The image holds this many managers' lines; those with the most open deals now are kept. */
export const MAX_TREND_LINES = 12;

/**
 * Each manager's findings per 100 open deals week by week, from the
 * manager rows of each trend week (oldest first; the last is the report's
 * own week, as its text shows it). A manager gets a line with a rate in at
 * least two weeks. Who improves: this week's rate against the median of
 * their earlier weeks' rates — fewer findings per 100 deals is better. The
 * lines drawn are those of the managers with the most open deals now (at
 * most MAX_TREND_LINES), most improved first; the team's median is over
 * every manager with a rate that week. Pure.
 */
export function managerTrend(weeks: readonly (readonly ManagerRow[])[]): ManagerTrend {
  const rates = weeks.map((rows) => new Map(rows.filter((r) => r.managerId !== null).map((r) => [r.managerId!, r.per100])));
  const current = weeks.at(-1) ?? [];
  const names = new Map<string, string>();
  for (const rows of weeks) for (const r of rows) if (r.managerId !== null) names.set(r.managerId, r.name);
  const openNow = new Map(current.map((r) => [r.managerId, r.openDeals]));
  const lines: (ManagerTrendLine & { delta: number | null; open: number })[] = [];
  for (const [managerId, name] of names) {
    const per100 = rates.map((week) => week.get(managerId) ?? null);
    if (per100.filter((v) => v !== null).length < 2) continue;
    const last = per100.at(-1) ?? null;
    const baseline = median(per100.slice(0, -1).filter((v): v is number => v !== null));
    lines.push({
      managerId,
      name,
      per100,
      change: compareFigure(last, baseline, 'lower'),
      delta: last === null || baseline === null ? null : last - baseline,
      open: openNow.get(managerId) ?? 0,
    });
  }
  const kept = [...lines].sort((a, b) => b.open - a.open || a.name.localeCompare(b.name, 'ru')).slice(0, MAX_TREND_LINES);
  const byImprovement = (a: (typeof lines)[number], b: (typeof lines)[number]) =>
    (a.delta ?? Infinity) - (b.delta ?? Infinity) || a.name.localeCompare(b.name, 'ru');
  return {
    lines: kept.sort(byImprovement).map(({ managerId, name, per100, change }) => ({ managerId, name, per100, change })),
    left: lines.length - kept.length,
    teamMedian: rates.map((week) => median([...week.values()].filter((v): v is number => v !== null))),
  };
}
