import { describe, expect, it } from 'vitest';
import { PUBLIC_WORK_TIME } from '../../src/schedules/work-time';
import { buildWeeklyReport, TREND_WEEKS } from '../../src/report/aggregate';
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
});
