import { computeKpis, type Kpis } from '../kpi';
import { loadNorms } from '../norms/store';
import { WEEK, type EpochMs } from '../time';
import { readSnapshot } from './account-snapshot';
import type { JobContext } from './context';
import { accountWorkTime } from './work-time';

/**
 * The funnel's KPIs for the window (from, to] over the latest snapshot:
 * only the slice of it the window needs is read (deals alive in it, their
 * history from the window's start, its tasks and calls), as for findings.
 */
export function kpisFor(ctx: JobContext, window: { from: EpochMs; to: EpochMs }): Kpis {
  const norms = loadNorms(ctx.handle.db, ctx.config.ACCOUNT_ID, ctx.config.TIMEZONE);
  const snapshot = readSnapshot(ctx, norms, window.from, window.to);
  return computeKpis(snapshot, norms, accountWorkTime(ctx.handle.db, ctx.config.ACCOUNT_ID), window);
}

/** The default window: the 7 days ending at `to`. */
export const lastWeek = (to: EpochMs) => ({ from: to - WEEK, to });
