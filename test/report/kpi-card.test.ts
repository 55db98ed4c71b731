import { describe, expect, it } from 'vitest';
import { computeKpis, type Kpis, type ManagerKpis } from '../../src/kpi';
import { defaultNorms } from '../../src/norms/defaults';
import { SnapshotIndex } from '../../src/rules/snapshot-index';
import { PUBLIC_WORK_TIME } from '../../src/schedules/work-time';
import { at, BASE } from '../support/fixture';
import { compareFigure, kpiSummary, MAX_CARD_ROWS, strongestChanges } from '../../src/report/kpi-card';
import type { Change } from '../../src/report/model';

/** A week with nothing done, as computeKpis gives it for a manager of the fixture: Monday to Sunday, five working days. */
const NOTHING = computeKpis(new SnapshotIndex(BASE), defaultNorms('Europe/Moscow'), PUBLIC_WORK_TIME, {
  from: at('2026-11-16T00:00:00+03:00'),
  to: at('2026-11-23T00:00:00+03:00'),
}).managers.find((k) => k.managerId === 'm1')!;

/** A manager's week: nothing done unless given. */
const week = (managerId: string, fields: Partial<ManagerKpis> = {}): ManagerKpis => ({ ...NOTHING, managerId, ...fields });

const kpis = (managers: ManagerKpis[]): Kpis => ({ from: 0, to: 1, managers, pipelines: [] });
const NAMES: Record<string, string> = { a: 'Анна', b: 'Борис', v: 'Вера', s: 'Сергей' };
const nameOf = (id: string) => NAMES[id] ?? id;
const pair = (id: string, now: Partial<ManagerKpis>, before: Partial<ManagerKpis>) => ({ managerId: id, name: nameOf(id), now: week(id, now), before: week(id, before) });
const named = (result: ReturnType<typeof strongestChanges>) => ({
  improvement: result.improvement && `${result.improvement.name}: ${result.improvement.column} ${result.improvement.before} → ${result.improvement.now}`,
  slide: result.slide && `${result.slide.name}: ${result.slide.column} ${result.slide.before} → ${result.slide.now}`,
});

describe('compareFigure: which way a figure moved, and whether for the better', () => {
  it.each<[number | null, number | null, 'higher' | 'lower', number, Change | null]>([
    [null, 5, 'higher', 0, null],
    [5, null, 'higher', 0, null],
    [5, 5, 'higher', 0, 'same'],
    [0, 0, 'higher', 0, 'same'],
    // Within a tenth of last week: about the same.
    [10.9, 10, 'higher', 0, 'same'],
    [9.1, 10, 'higher', 0, 'same'],
    [11, 10, 'higher', 0, 'better'],
    [11, 10, 'lower', 0, 'worse'],
    [8, 10, 'lower', 0, 'better'],
    [1, 0, 'higher', 0, 'better'],
    // Padded: 1 → 2 minutes to the first dial, against a quarter of an hour, is no news; 5 → 20 is.
    [2, 1, 'lower', 15, 'same'],
    [2, 1, 'lower', 0, 'worse'],
    [20, 5, 'lower', 15, 'worse'],
  ])('%s against %s (%s is better, padded by %s): %s', (now, before, better, pad, expected) => {
    expect(compareFigure(now, before, better, pad)).toBe(expected);
  });
});

describe('strongestChanges: the largest improvement and the largest slide', () => {
  it('names the share of leads reached in time and the calls a day that moved most, as ratios', () => {
    const result = strongestChanges([
      // 62% → 85%: (0,85 + 0,05) / (0,62 + 0,05) = 1,34.
      pair('a', { newDeals: 20, reachedShare: 0.85, callsPerDay: 14 }, { newDeals: 18, reachedShare: 0.62, callsPerDay: 13 }),
      // 14 → 8 calls a day, padded by a quarter of the team's median (13,5 / 4): (8 + 3,4) / (14 + 3,4) = 0,65.
      pair('b', { newDeals: 20, reachedShare: 0.8, callsPerDay: 8 }, { newDeals: 20, reachedShare: 0.8, callsPerDay: 14 }),
    ]);
    expect(named(result)).toEqual({ improvement: 'Анна: reachedShare 0.62 → 0.85', slide: 'Борис: callsPerDay 14 → 8' });
    expect(result.improvement!.score).toBeCloseTo(Math.log(0.9 / 0.67), 10);
  });

  it('a faster first dial is the improvement, a slower one the slide', () => {
    const result = strongestChanges([
      pair('a', { newDeals: 10, firstDialMedianMinutes: 5 }, { newDeals: 10, firstDialMedianMinutes: 60 }),
      pair('b', { newDeals: 10, firstDialMedianMinutes: 90 }, { newDeals: 10, firstDialMedianMinutes: 10 }),
    ]);
    expect(named(result)).toEqual({ improvement: 'Анна: firstDial 60 → 5', slide: 'Борис: firstDial 10 → 90' });
  });

  it.each<[string, Parameters<typeof strongestChanges>[0]]>([
    // 1 of 2 is no share: fewer than 5 new deals in either week.
    ['a share over 4 new deals', [pair('a', { newDeals: 4, reachedShare: 1 }, { newDeals: 4, reachedShare: 0.25 })]],
    // A week of two working days says little of a day's work.
    ['figures a day over 2 working days', [pair('a', { workingDays: 2, tasksCompletedPerDay: 40 }, { tasksCompletedPerDay: 10 })]],
    // Two deals won against none: too few to call a trend.
    ['deals won, 2 at most', [pair('a', { wonCount: 2, wonAmount: 900_000 }, {})]],
    // Under a quarter: 30 → 36 tasks a day.
    ['a change under a quarter', [pair('a', { tasksCompletedPerDay: 36 }, { tasksCompletedPerDay: 30 })]],
    // Someone who mostly manages: 1 → 3 tasks a day, padded by a quarter of the team's 30 or so.
    ['a small figure far below the team', [pair('s', { tasksCompletedPerDay: 3 }, { tasksCompletedPerDay: 1 }), pair('a', { tasksCompletedPerDay: 31 }, { tasksCompletedPerDay: 30 }), pair('b', { tasksCompletedPerDay: 29 }, { tasksCompletedPerDay: 30 })]],
    // A manager with no week before (new in the team) has nothing to compare.
    ['a manager without a week before', [{ managerId: 'a', name: 'Анна', now: week('a', { newDeals: 30 }), before: undefined }]],
  ])('names nothing for %s', (_, pairs) => {
    expect(strongestChanges(pairs)).toEqual({ improvement: null, slide: null });
  });

  it('deals won are compared by their number, not their amount', () => {
    const result = strongestChanges([pair('a', { wonCount: 3, wonAmount: 100_000 }, { wonCount: 9, wonAmount: 90_000 })]);
    expect(named(result)).toEqual({ improvement: null, slide: 'Анна: won 9 → 3' });
  });

  it('on a tie the name decides, then the column order', () => {
    const same = { newDeals: 20 } as const;
    const result = strongestChanges([pair('v', same, { newDeals: 10 }), pair('b', same, { newDeals: 10 })]);
    expect(named(result).improvement).toBe('Борис: newDeals 10 → 20');
  });
});

describe('kpiSummary: the card', () => {
  it('has a row per manager active in either week, by name, and the team median of each figure', () => {
    const summary = kpiSummary(
      kpis([week('v', { newDeals: 12, wonCount: 3, wonAmount: 300_000 }), week('a', { newDeals: 8, tasksCompletedPerDay: 20 }), week('idle', { tasksCompletedPerDay: 0 })]),
      kpis([week('v', { newDeals: 6, wonCount: 1, wonAmount: 50_000 }), week('b', { callsPerDay: 3 })]),
      nameOf,
    );
    expect(summary.rows.map((r) => r.name)).toEqual(['Анна', 'Борис', 'Вера']);
    const vera = summary.rows[2]!.figures;
    expect(vera.newDeals).toEqual({ now: 12, before: 6, change: 'better' });
    // The amount moves the arrow; the number of deals won stands beside it with the same change.
    expect(vera.won).toEqual({ now: 300_000, before: 50_000, change: 'better' });
    expect(vera.wonCount).toEqual({ now: 3, before: 1, change: 'better' });
    // Борис did nothing this week but calls last week: his figures are there, the week missing is null.
    expect(summary.rows[1]!.figures.callsPerDay).toEqual({ now: null, before: 3, change: null });
    // Over the managers with a figure that week: 8 and 12 now, 0 and 6 before.
    expect(summary.median.newDeals).toEqual({ now: 10, before: 3, change: 'better' });
    expect(summary.left).toBe(0);
  });

  it(`keeps the ${MAX_CARD_ROWS} busiest managers, by name, and counts those left for /export`, () => {
    const many = Array.from({ length: MAX_CARD_ROWS + 3 }, (_, i) => week(`m${String(i).padStart(2, '0')}`, { newDeals: i + 1 }));
    const summary = kpiSummary(kpis(many), kpis([]), (id) => `Менеджер ${id}`);
    expect(summary.rows).toHaveLength(MAX_CARD_ROWS);
    expect(summary.rows[0]!.managerId).toBe('m03');
    expect(summary.left).toBe(3);
    // The median is the whole team's: 1…18 new deals.
    expect(summary.median.newDeals.now).toBe(9.5);
  });
});
