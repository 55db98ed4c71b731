import { previousRun } from '../scheduler';
import { HOUR, MINUTE, type EpochMs } from '../time';
import type { SyncRun } from './run-sync';

/** How old the data is, and whether it is too old to act on. */
export interface Freshness {
  /** When the data was read from the CRM: the end of the last successful sync; null before the first. */
  syncedAt: EpochMs | null;
  /** Set when the data is older than staleAfterMs: why syncs do not get through (the last failure), if known. */
  stale: { reason: string | null } | null;
}

/**
 * Data is stale once the last successful sync is older than three sync
 * intervals, and never sooner than an hour: one failed sync is a blip, three
 * in a row (or an hour) is a CRM that cannot be read.
 */
export function staleAfterMs(syncSchedule: string, timezone: string, now: EpochMs): number {
  const last = previousRun(syncSchedule, timezone, new Date(now));
  const before = last ? previousRun(syncSchedule, timezone, new Date(last.getTime() - MINUTE)) : null;
  const interval = last && before ? last.getTime() - before.getTime() : HOUR;
  return Math.max(3 * interval, HOUR);
}

/** The data's age at `now`, from the last successful sync and the last sync of any outcome. */
export function freshness(runs: { lastOk: SyncRun | undefined; last: SyncRun | undefined }, now: EpochMs, staleAfter: number): Freshness {
  const syncedAt = runs.lastOk ? (runs.lastOk.finishedAt ?? runs.lastOk.startedAt) : null;
  if (syncedAt === null || now - syncedAt <= staleAfter) return { syncedAt, stale: null };
  return { syncedAt, stale: { reason: runs.last?.status === 'failed' ? runs.last.error : null } };
}
