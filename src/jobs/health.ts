import { oldestWaitingSince, queueSize } from '../delivery/outbox';
import { MINUTE, type EpochMs } from '../time';
import { lastSyncRun } from '../sync/run-sync';
import { dataFreshness } from './account-snapshot';
import type { JobContext } from './context';

/** How the bot receives Telegram's updates, and whether that is running now. */
export type Receiving = { mode: 'polling' | 'webhook'; alive: boolean } | { mode: 'off'; alive: null };

/** What /healthz judges from: the syncs, the outbox, Telegram, read at one instant. */
export interface HealthFacts {
  now: EpochMs;
  /** The latest sync run, whatever its outcome. */
  lastRun: { status: 'running' | 'ok' | 'failed'; startedAt: EpochMs; finishedAt: EpochMs | null; error: string | null } | null;
  /** When the data was last read from the CRM (the end of the last successful sync). */
  syncedAt: EpochMs | null;
  /** Whether the data is older than the bot acts on (three sync intervals, at least an hour: src/sync/freshness.ts). */
  stale: boolean;
  /** Messages not yet sent, and since when the longest-waiting one has waited (src/delivery/outbox.ts, oldestWaitingSince). */
  outbox: { backlog: number; waitingSince: EpochMs | null };
  receiving: Receiving;
}

/**
 * A message due this long and still not sent means the outbox is stuck:
 * Telegram down, a chat refusing for good without being marked, a worker
 * that stopped. A healthy queue sends within seconds; a retry backs off at
 * most 5 minutes between attempts.
 */
export const OUTBOX_STUCK_AFTER_MS = 10 * MINUTE;

export interface HealthReport {
  status: 'ok' | 'failing';
  /** Why it is failing, one short sentence each; empty when ok. */
  problems: string[];
  checkedAt: string;
  sync: {
    lastSuccessAt: string | null;
    lastSuccessAgeSeconds: number | null;
    running: boolean;
    /** The latest sync run, when it failed: when, and the error it recorded (never customers' data). */
    lastError: { at: string; error: string } | null;
    stale: boolean;
  };
  outbox: { backlog: number; oldestPendingAgeSeconds: number | null };
  telegram: Receiving;
}

const iso = (at: EpochMs | null) => (at === null ? null : new Date(at).toISOString());
const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

/**
 * Judges the bot's health, pure: failing when the latest sync failed, when
 * no sync has ever succeeded (and none is running), when the data is stale,
 * when a due message has waited past OUTBOX_STUCK_AFTER_MS, or when
 * Telegram's updates are no longer received. A sync in progress is not a
 * problem, however long it runs: a large account's first one takes half an hour.
 */
export function judgeHealth(facts: HealthFacts): HealthReport {
  const { now, lastRun, syncedAt, outbox, receiving } = facts;
  const failed = lastRun?.status === 'failed' ? lastRun : null;
  const problems: string[] = [];
  if (failed) problems.push(`the last sync failed: ${failed.error ?? 'no reason recorded'}`);
  if (syncedAt === null && lastRun?.status !== 'running') problems.push('no sync has succeeded yet');
  if (syncedAt !== null && facts.stale) problems.push(`the data is stale: the last successful sync ended ${Math.round((now - syncedAt) / MINUTE)} min ago`);
  const waited = outbox.waitingSince === null ? null : now - outbox.waitingSince;
  if (waited !== null && waited > OUTBOX_STUCK_AFTER_MS) problems.push(`the outbox is stuck: a message has waited ${Math.round(waited / MINUTE)} min to be sent`);
  if (receiving.mode !== 'off' && !receiving.alive) problems.push(receiving.mode === 'polling' ? 'Telegram long polling has stopped' : 'the Telegram webhook server is not listening');
  return {
    status: problems.length === 0 ? 'ok' : 'failing',
    problems,
    checkedAt: new Date(now).toISOString(),
    sync: {
      lastSuccessAt: iso(syncedAt),
      lastSuccessAgeSeconds: syncedAt === null ? null : seconds(now - syncedAt),
      running: lastRun?.status === 'running',
      lastError: failed ? { at: new Date(failed.finishedAt ?? failed.startedAt).toISOString(), error: failed.error ?? '' } : null,
      stale: facts.stale,
    },
    outbox: { backlog: outbox.backlog, oldestPendingAgeSeconds: waited === null ? null : seconds(waited) },
    telegram: receiving,
  };
}

/** The health facts of the account now, read from the database, and Telegram's state from the running bot. */
export function readHealthFacts(ctx: JobContext, receiving: Receiving): HealthFacts {
  const { config, handle, clock } = ctx;
  const now = clock.now().getTime();
  const last = lastSyncRun(handle, config.ACCOUNT_ID);
  const freshness = dataFreshness(ctx);
  return {
    now,
    lastRun: last ? { status: last.status, startedAt: last.startedAt, finishedAt: last.finishedAt, error: last.error } : null,
    syncedAt: freshness.syncedAt,
    stale: freshness.stale !== null,
    outbox: { backlog: queueSize(handle.db, config.ACCOUNT_ID), waitingSince: oldestWaitingSince(handle.db, config.ACCOUNT_ID, now) },
    receiving,
  };
}

/** /healthz's answer now. */
export function healthReport(ctx: JobContext, receiving: Receiving): HealthReport {
  return judgeHealth(readHealthFacts(ctx, receiving));
}
