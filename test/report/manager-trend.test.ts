import { describe, expect, it } from 'vitest';
import { managerTrend, MAX_TREND_LINES } from '../../src/report/manager-trend';
import type { ManagerRow } from '../../src/report/model';

/** A manager's row in one week: a rate per 100 open deals (null: too few deals), and open deals. */
const row = (managerId: string | null, per100: number | null, openDeals = 20): ManagerRow => ({
  managerId,
  name: managerId === null ? '' : `Менеджер ${managerId}`,
  violations: 0,
  remarks: 0,
  total: per100 === null ? 0 : Math.round((per100 * openDeals) / 100),
  openDeals,
  per100,
  setAside: 0,
});

describe('managerTrend: each manager\'s findings per 100 open deals, week by week', () => {
  it('draws a line per manager with a rate in two weeks or more, most improved first, and the team median', () => {
    const trend = managerTrend([
      [row('a', 40), row('b', 10), row('c', 30), row(null, 500)],
      [row('a', 50), row('b', null, 5), row('c', null, 4)],
      [row('a', 20), row('b', 30), row('d', 10)],
    ]);
    expect(trend.lines).toEqual([
      // 20 against the median of 40 and 50: the largest drop.
      { managerId: 'a', name: 'Менеджер a', per100: [40, 50, 20], change: 'better' },
      // 30 against 10: more findings per deal.
      { managerId: 'b', name: 'Менеджер b', per100: [10, null, 30], change: 'worse' },
    ]);
    // c had a rate in one week only, d is new this week: no line for either, nobody left out for room.
    expect(trend.left).toBe(0);
    // Deals nobody is responsible for are no manager's line, nor in the team's median.
    expect(trend.teamMedian).toEqual([30, 50, 20]);
  });

  it('about the same within a tenth of the earlier weeks\' median', () => {
    const [line] = managerTrend([[row('a', 40)], [row('a', 50)], [row('a', 47)]]).lines;
    expect(line?.change).toBe('same');
  });

  it(`keeps the ${MAX_TREND_LINES} managers with the most open deals now`, () => {
    const ids = Array.from({ length: MAX_TREND_LINES + 2 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    const weekRows = (rate: number) => ids.map((id, i) => row(id, rate, 10 + i));
    const trend = managerTrend([weekRows(20), weekRows(10)]);
    expect(trend.lines).toHaveLength(MAX_TREND_LINES);
    expect(trend.lines.map((l) => l.managerId)).not.toContain('m00');
    expect(trend.lines.map((l) => l.managerId)).not.toContain('m01');
    expect(trend.left).toBe(2);
  });
});
