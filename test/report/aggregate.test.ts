import { describe, expect, it } from 'vitest';
import { PUBLIC_WORK_TIME } from '../../src/schedules/work-time';
import { computeKpis } from '../../src/kpi';
import { buildWeeklyReport, countWeek, earlierWeekEnds, reportStart, TREND_WEEKS } from '../../src/report/aggregate';
import { onlyRule } from '../support/fixture';
import { REPORT_AT, reportSnapshot } from '../support/report-fixture';
import { WEEK } from '../../src/time';

const report = buildWeeklyReport(reportSnapshot(), onlyRule('task_overdue'), PUBLIC_WORK_TIME, REPORT_AT);

describe('weekly report aggregation', () => {
  it('counts the week, including findings resolved during it, against the week before', () => {
    expect(report.from).toBe(REPORT_AT - WEEK);
    expect(report.totals).toEqual({ violations: 8, remarks: 0 });
    expect(report.previous).toEqual({ violations: 1, remarks: 0 });
  });

  it('shows raw counts and counts per 100 open deals side by side', () => {
    expect(report.managers.map(({ name, total, openDeals, per100 }) => ({ name, total, openDeals, per100 }))).toEqual([
      { name: 'Ипполит', total: 5, openDeals: 10, per100: 50 },
      { name: 'Анна', total: 2, openDeals: 10, per100: 20 },
      { name: 'Сергей', total: 1, openDeals: 1, per100: null },
    ]);
  });

  it('sums money at stake once per deal with a violation still open', () => {
    expect(report.moneyAtStake).toBe(501_000);
    expect(report.stages).toEqual([
      expect.objectContaining({ stageName: 'Целевая сделка', total: 8, moneyAtStake: 501_000, openDeals: 21, byRule: { task_overdue: 8 } }),
    ]);
  });

  it('has a trend point per week, oldest first, ending with this week', () => {
    expect(report.trend).toHaveLength(TREND_WEEKS);
    expect(report.trend.at(-1)).toEqual({ weekEnd: REPORT_AT, violations: 8, remarks: 0 });
    expect(report.trend.at(-2)).toEqual({ weekEnd: REPORT_AT - WEEK, violations: 1, remarks: 0 });
    expect(report.trend[0]?.violations).toBe(0);
  });

  it('recommends what the numbers point at', () => {
    // Growth from 1 to 8 is not worth a hint yet: it takes at least 10 violations.
    expect(report.recommendations).toEqual([{ id: 'rec-money-stage', vars: { stage: 'Продажи › Целевая сделка', amount: 501_000 } }]);
  });

  it("sets the funnel's KPIs of the week against the week before: the card, the strongest change", () => {
    expect(report.kpis.rows.map((r) => [r.name, r.figures.newDeals, r.figures.wonCount, r.figures.won])).toEqual([
      ['Анна', { now: 6, before: 0, change: 'better' }, { now: 4, before: 0, change: 'better' }, { now: 40_000, before: 0, change: 'better' }],
      // Ипполит took no new deal either week and won nothing: too little to call a change.
      ['Ипполит', { now: 0, before: 0, change: null }, { now: 0, before: 0, change: null }, { now: 0, before: 0, change: null }],
    ]);
    expect(report.kpis.improvement).toMatchObject({ name: 'Анна', column: 'newDeals', before: 0, now: 6 });
    expect(report.kpis.slide).toBeNull();
  });

  it('shows the funnel: what entered each stage, what went on, where it loses most', () => {
    expect(report.funnels).toEqual([
      {
        pipelineId: 'p1',
        name: 'Продажи',
        stages: [
          { stageId: 's-new', name: 'Целевая сделка', entered: 6, movedForward: 5, conversion: 5 / 6, previousConversion: null, key: false },
          { stageId: 's-work', name: 'Контакт установлен', entered: 5, movedForward: 4, conversion: 0.8, previousConversion: null, key: false },
        ],
        leakStageId: 's-work',
      },
    ]);
  });

  it("draws each manager's rate per 100 open deals week by week, from the week their deals were open", () => {
    // The deals were made on 1 November: the four oldest weeks have no open deal, so no rate.
    expect(report.managerTrend.lines).toEqual([
      { managerId: 'm2', name: 'Анна', per100: [null, null, null, null, 0, 0, 0, 20], change: 'worse' },
      // The task late on 10.11 in the week to 16.11: 1 of 10 deals.
      { managerId: 'm1', name: 'Ипполит', per100: [null, null, null, null, 0, 0, 10, 50], change: 'worse' },
    ]);
    expect(report.managerTrend.teamMedian).toEqual([null, null, null, null, 0, 0, 5, 35]);
  });

  it('takes earlier weeks counted already as they are, and reads back only as far as it must count itself', () => {
    const earlier = new Map(earlierWeekEnds(REPORT_AT).map((end) => [end, countWeek(reportSnapshot(), onlyRule('task_overdue'), PUBLIC_WORK_TIME, end)]));
    expect(buildWeeklyReport(reportSnapshot(), onlyRule('task_overdue'), PUBLIC_WORK_TIME, REPORT_AT, { earlier })).toEqual(report);
    expect(reportStart(REPORT_AT)).toBe(REPORT_AT - TREND_WEEKS * WEEK);
    // Every earlier week given, but not the KPIs of the week before: that week is read.
    expect(reportStart(REPORT_AT, { earlier })).toBe(REPORT_AT - 2 * WEEK);
    const previousKpis = computeKpis(reportSnapshot(), onlyRule('task_overdue'), PUBLIC_WORK_TIME, { from: REPORT_AT - 2 * WEEK, to: REPORT_AT - WEEK });
    expect(reportStart(REPORT_AT, { earlier, previousKpis })).toBe(REPORT_AT - WEEK);
    expect(buildWeeklyReport(reportSnapshot(), onlyRule('task_overdue'), PUBLIC_WORK_TIME, REPORT_AT, { earlier, previousKpis })).toEqual(report);
  });
});
