import type { Kpis, ManagerKpis } from '../kpi';
import { median } from '../kpi/stats';
import { KPI_COLUMNS, type Change, type KpiChange, type KpiColumn, type KpiFigure, type KpiFigures, type KpiSummary } from './model';

/**
 * The KPI card and the strongest changes, pure: each manager's figures this
 * week against the week before, which way is better for each figure, the
 * team's median, and the one improvement and the one slide worth naming.
 */

/** Which way a figure is better: more new deals, faster first dial. */
export const BETTER: Record<KpiColumn, 'higher' | 'lower'> = {
  newDeals: 'higher',
  reachedShare: 'higher',
  firstDial: 'lower',
  won: 'higher',
  tasksPerDay: 'higher',
  callsPerDay: 'higher',
};

/** Below this relative change a figure is about the same: 27,8 → 26 tasks a day is no news in a week. */
export const SAME_WITHIN = 0.1;
/** A card holds this many managers; the busiest are kept, the rest are in /export. */
export const MAX_CARD_ROWS = 15;
/** Shares and the first dial are compared only over this many new deals in each week: 1 of 2 is no share. */
export const MIN_NEW_DEALS = 5;
/** Deals won are compared from this many in either week. */
export const MIN_WON = 3;
/** Figures per working day are compared only over this many working days in each week. */
export const MIN_WORKING_DAYS = 3;
/** A change is named from a quarter up (the ratio's log: ln 1,25). */
export const MIN_SCORE = Math.log(1.25);

/**
 * How `now` moved against `before` for a figure that is better `higher` or
 * `lower`: about the same within SAME_WITHIN of `before`, both padded by
 * `pad` first (see padsOf) so that 1 → 2 minutes to the first dial is no news.
 */
export function compareFigure(now: number | null, before: number | null, better: 'higher' | 'lower', pad = 0): Change | null {
  if (now === null || before === null) return null;
  const base = Math.abs(before + pad);
  if (now === before || (base !== 0 && Math.abs(now - before) / base < SAME_WITHIN)) return 'same';
  return now > before === (better === 'higher') ? 'better' : 'worse';
}

/** A column's figure of a manager's week. */
export function figureOf(k: ManagerKpis, column: KpiColumn): number | null {
  switch (column) {
    case 'newDeals':
      return k.newDeals;
    case 'reachedShare':
      return k.reachedShare;
    case 'firstDial':
      return k.firstDialMedianMinutes;
    case 'won':
      return k.wonAmount;
    case 'tasksPerDay':
      return k.tasksCompletedPerDay;
    case 'callsPerDay':
      return k.callsPerDay;
  }
}

/** Whether the manager did anything in the week: a new, won or lost deal, a completed task, a call. */
const active = (k: ManagerKpis | undefined): boolean =>
  k !== undefined && (k.newDeals + k.wonCount + k.lostCount > 0 || (k.tasksCompletedPerDay ?? 0) > 0 || (k.callsPerDay ?? 0) > 0);
/** How much the manager's weeks hold, to keep the busiest when the card has no room for all. */
const volume = (k: ManagerKpis | undefined): number => (k ? k.newDeals + k.wonCount + k.lostCount : 0);

type Pads = Record<KpiColumn, number>;
type Pair = { managerId: string; name: string; now: ManagerKpis | undefined; before: ManagerKpis | undefined };

const figure = (now: number | null, before: number | null, better: 'higher' | 'lower', pad: number): KpiFigure => ({
  now,
  before,
  change: compareFigure(now, before, better, pad),
});

/**
 * A manager's figures; a change is given only where both weeks rest on
 * enough to compare (see comparable). Deals won change as their amount
 * does; their number beside it takes the same change.
 */
function figuresOf(now: ManagerKpis | undefined, before: ManagerKpis | undefined, pads: Pads): KpiFigures {
  const value = (k: ManagerKpis | undefined, column: KpiColumn) => (k ? figureOf(k, column) : null);
  const columns = Object.fromEntries(
    KPI_COLUMNS.map((c) => {
      const f = figure(value(now, c), value(before, c), BETTER[c], c === 'won' ? 0 : pads[c]);
      return [c, now && before && comparable(c, now, before) ? f : { ...f, change: null }];
    }),
  ) as Record<KpiColumn, KpiFigure>;
  return { ...columns, wonCount: { now: now?.wonCount ?? null, before: before?.wonCount ?? null, change: columns.won.change } };
}

/**
 * The card: every manager active in either week (by name, the busiest
 * MAX_CARD_ROWS when there are more), the team's median of each figure over
 * all of them, and the strongest improvement and slide.
 */
export function kpiSummary(week: Kpis, previous: Kpis, nameOf: (managerId: string) => string): KpiSummary {
  const before = new Map(previous.managers.map((k) => [k.managerId, k]));
  const ids = [...new Set([...week.managers, ...previous.managers].map((k) => k.managerId))];
  const now = new Map(week.managers.map((k) => [k.managerId, k]));
  const pairs = ids
    .filter((id) => active(now.get(id)) || active(before.get(id)))
    .map((id) => ({ managerId: id, name: nameOf(id), now: now.get(id), before: before.get(id) }));
  const pads = padsOf(pairs);
  const rows = pairs.map((p) => ({ managerId: p.managerId, name: p.name, figures: figuresOf(p.now, p.before, pads) }));
  const shown = [...pairs]
    .sort((a, b) => volume(b.now) + volume(b.before) - volume(a.now) - volume(a.before) || byName(a, b))
    .slice(0, MAX_CARD_ROWS)
    .map((p) => p.managerId);
  return {
    rows: rows.filter((r) => shown.includes(r.managerId)).sort(byName),
    left: Math.max(0, rows.length - MAX_CARD_ROWS),
    median: teamMedian(rows.map((r) => r.figures), pads),
    ...strongestChanges(pairs),
  };
}

function teamMedian(rows: readonly KpiFigures[], pads: Pads): KpiFigures {
  const of = (key: KpiColumn | 'wonCount', better: 'higher' | 'lower', pad: number) => {
    const pick = (side: 'now' | 'before') => median(rows.map((r) => r[key][side]).filter((v): v is number => v !== null));
    return figure(pick('now'), pick('before'), better, pad);
  };
  const columns = Object.fromEntries(KPI_COLUMNS.map((c) => [c, of(c, BETTER[c], c === 'won' ? 0 : pads[c])])) as Record<KpiColumn, KpiFigure>;
  return { ...columns, wonCount: { ...of('wonCount', 'higher', 0), change: columns.won.change } };
}

/**
 * The largest improvement and the largest slide over every manager and
 * figure. A change is measured as a ratio — ln(now / before), signed so
 * that better is positive — so doubling and halving weigh alike whatever the
 * unit. Both weeks are padded first (see padsOf): by a quarter of the team's
 * typical figure, so that 1 → 3 tasks a day of someone who mostly manages
 * is no news beside 30 → 40 of someone who sells, and 0 → 1 is no infinite
 * change. A figure resting on too little is not compared (see comparable),
 * and a change under MIN_SCORE is not named. Deals won are compared by their
 * number, not their amount: one large deal is not a trend.
 */
export function strongestChanges(pairs: readonly Pair[]): { improvement: KpiChange | null; slide: KpiChange | null } {
  const compared = comparedFigures(pairs);
  const pads = padsOf(pairs);
  const changes: KpiChange[] = [];
  for (const c of compared) {
    const pad = pads[c.column];
    const score = (BETTER[c.column] === 'higher' ? 1 : -1) * Math.log((c.now + pad) / (c.before + pad));
    if (Math.abs(score) >= MIN_SCORE) changes.push({ ...c, score });
  }
  // Ties go to the name, then to the column order: the same data always names the same change.
  const order = (a: KpiChange, b: KpiChange) => byName(a, b) || KPI_COLUMNS.indexOf(a.column) - KPI_COLUMNS.indexOf(b.column);
  const best = [...changes].sort((a, b) => b.score - a.score || order(a, b))[0];
  const worst = [...changes].sort((a, b) => a.score - b.score || order(a, b))[0];
  return { improvement: best && best.score > 0 ? best : null, slide: worst && worst.score < 0 ? worst : null };
}

/** The least a figure is padded by: one deal, task or call; five share points; a quarter of an hour for the first dial (the default first-contact norm). */
const MIN_PAD: Record<KpiColumn, number> = { newDeals: 1, reachedShare: 0.05, firstDial: 15, won: 1, tasksPerDay: 1, callsPerDay: 1 };

/** Every manager's figures that rest on enough to compare, both weeks' values (deals won by their number). */
function comparedFigures(pairs: readonly Pair[]): { managerId: string; name: string; column: KpiColumn; now: number; before: number }[] {
  return pairs.flatMap(({ managerId, name, now, before }) =>
    now && before
      ? KPI_COLUMNS.flatMap((column) => {
          const values = comparable(column, now, before);
          return values ? [{ managerId, name, column, ...values }] : [];
        })
      : [],
  );
}

/**
 * What each figure is padded by before two weeks are compared: a quarter of
 * the team's median of it (over both weeks' comparable figures), at least
 * MIN_PAD; shares by MIN_PAD alone.
 */
export function padsOf(pairs: readonly Pair[]): Pads {
  const compared = comparedFigures(pairs);
  const pad = (column: KpiColumn) => {
    if (column === 'reachedShare') return MIN_PAD.reachedShare;
    const values = compared.filter((c) => c.column === column).flatMap((c) => [c.now, c.before]);
    return Math.max(MIN_PAD[column], (median(values) ?? 0) / 4);
  };
  return Object.fromEntries(KPI_COLUMNS.map((c) => [c, pad(c)])) as Pads;
}

/** The two weeks' values of a figure when they rest on enough to compare; `won` gives the number of deals won. */
function comparable(column: KpiColumn, now: ManagerKpis, before: ManagerKpis): { now: number; before: number } | null {
  const both = (a: number | null, b: number | null) => (a === null || b === null ? null : { now: a, before: b });
  switch (column) {
    case 'newDeals':
      return Math.max(now.newDeals, before.newDeals) >= MIN_NEW_DEALS ? { now: now.newDeals, before: before.newDeals } : null;
    case 'reachedShare':
    case 'firstDial':
      return Math.min(now.newDeals, before.newDeals) >= MIN_NEW_DEALS ? both(figureOf(now, column), figureOf(before, column)) : null;
    case 'won':
      return Math.max(now.wonCount, before.wonCount) >= MIN_WON ? { now: now.wonCount, before: before.wonCount } : null;
    case 'tasksPerDay':
    case 'callsPerDay':
      return Math.min(now.workingDays, before.workingDays) >= MIN_WORKING_DAYS ? both(figureOf(now, column), figureOf(before, column)) : null;
  }
}

function byName(a: { name: string; managerId: string }, b: { name: string; managerId: string }): number {
  return a.name.localeCompare(b.name, 'ru') || (a.managerId < b.managerId ? -1 : a.managerId > b.managerId ? 1 : 0);
}
