import { and, count, desc, eq, like, notLike } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { CrmConnector, IdPrefix, PreviousSnapshot } from '../crm/connector';
import type { EntityName } from '../crm/model';
import { SNAPSHOT_TABLES } from '../db/snapshot-tables';
import type { DatabaseHandle } from '../db/client';
import { deals, syncRuns } from '../db/schema';
import { describeError } from '../errors';
import { crmRequestsMade } from '../metrics';
import { abortable } from './abortable';
import { writeChanges } from './change-writer';
import { acquireSyncLease } from './lease';
import { SyncProgressTracker, totalRowsOf, type SyncProgress } from './progress';
import { writeFullSnapshot, type SnapshotCounts } from './snapshot-writer';

export type SyncRun = typeof syncRuns.$inferSelect;

/** A sync failed; the previous snapshot is intact and the run is recorded as failed. */
export class SyncError extends Error {
  constructor(
    message: string,
    readonly runId: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SyncError';
  }
}

/** How long a sync waits for another sync of the account (another process) to end, unless told otherwise. */
export const DEFAULT_LEASE_WAIT_MS = 60_000;

interface SyncDeps {
  handle: DatabaseHandle;
  accountId: string;
  connector: CrmConnector;
  clock: Clock;
  logger: Logger;
  /** How long to wait for a sync of the account running elsewhere; then SyncBusyError. */
  leaseWaitMs?: number;
  /** The account's timezone, for the instant SyncBusyError names. */
  timezone?: string;
  /** Aborted when the process is stopping: the sync is given up at once and recorded as failed with the signal's reason. */
  signal?: AbortSignal;
  /** Told how far the sync has got, page by page as the pages reach the writers; must not throw (a throw is logged and ignored). */
  onProgress?: (progress: SyncProgress) => void;
}

/**
 * Pulls a full snapshot from the CRM into the database and records the run
 * (started, finished, counts or the error). Throws SyncError on failure.
 */
export function runFullSync(deps: SyncDeps): Promise<SyncRun> {
  return runSync(deps, 'full');
}

/**
 * Syncs the CRM and records the run. `incremental` fetches only what changed
 * since the start of the last successful sync, when the connector can and
 * there was one; otherwise the sync is full. Throws SyncError on failure;
 * either way a failed sync leaves the previous snapshot intact.
 */
export async function runSync(deps: SyncDeps, wanted: 'full' | 'incremental'): Promise<SyncRun> {
  const { handle, accountId, clock, logger } = deps;
  // One sync of an account at a time, whichever process starts it: the second waits, then gives up clearly.
  const lease = await acquireSyncLease(handle, { accountId, clock, logger, waitMs: deps.leaseWaitMs ?? DEFAULT_LEASE_WAIT_MS, timezone: deps.timezone ?? 'UTC' });
  try {
    // With the lease held no other sync runs: a run still marked running belongs to one that died.
    abandonInterruptedRuns(handle, accountId, clock);
    return await syncUnderLease(deps, wanted);
  } finally {
    lease.release();
  }
}

async function syncUnderLease({ handle, accountId, connector, clock, logger, signal, onProgress }: SyncDeps, wanted: 'full' | 'incremental'): Promise<SyncRun> {
  const { db } = handle;
  const previous = lastSuccessfulSync(handle, accountId);
  const mode = wanted === 'incremental' && connector.fetchChanges && previous ? 'incremental' : 'full';
  const started = db.insert(syncRuns).values({ accountId, mode, status: 'running', startedAt: clock.now().getTime() }).returning().get();
  const log = logger.child({ syncRun: started.id, crm: connector.kind, mode });
  log.info('sync started');
  const tracker = onProgress
    ? new SyncProgressTracker({ mode, clock, expectedRows: totalRowsOf(lastSuccessfulFullSync(handle, accountId)?.counts), requestsMade: () => crmRequestsMade(connector.kind) })
    : null;
  const report = (chunk: { entity: EntityName; rows?: unknown[]; ids?: unknown[] }) => {
    if (!tracker || !onProgress) return;
    try {
      onProgress(tracker.page(chunk.entity, (chunk.rows ?? chunk.ids ?? []).length));
    } catch (error) {
      log.warn({ err: error }, 'a sync progress listener failed; the sync goes on');
    }
  };
  try {
    const counts =
      mode === 'incremental'
        ? // Changes since the previous sync's start: whatever changed while it ran is read again, not lost.
          await writeChanges(handle, accountId, counted(abortable(connector.fetchChanges!(previous!.startedAt, previousSnapshot(handle, accountId)), signal), report))
        : await writeFullSnapshot(handle, accountId, counted(abortable(connector.fetchFull(), signal), report), `sync_stage_${started.id}`);
    const run = finishRun(handle, started.id, { status: 'ok', counts, error: null, finishedAt: clock.now().getTime() });
    log.info({ counts, ms: run.finishedAt! - run.startedAt }, 'sync finished');
    return run;
  } catch (error) {
    const reason = describeError(error);
    finishRun(handle, started.id, { status: 'failed', error: reason, finishedAt: clock.now().getTime() });
    if (signal?.aborted) log.warn({ reason }, 'sync given up: the process is stopping; previous snapshot kept');
    else log.error({ err: error }, 'sync failed; previous snapshot kept');
    throw new SyncError(`Sync from ${connector.kind} failed: ${reason}`, started.id, { cause: error });
  }
}

/** Passes the chunks on unchanged, telling `seen` of each first: no I/O, so it costs nothing beside a page's fetch. */
async function* counted<T extends { entity: EntityName }>(source: AsyncIterable<T>, seen: (chunk: T) => void): AsyncGenerator<T> {
  for await (const chunk of source) {
    seen(chunk);
    yield chunk;
  }
}

function previousSnapshot(handle: DatabaseHandle, accountId: string): PreviousSnapshot {
  const { db } = handle;
  const rowsOf = (entity: 'deals' | 'tasks' | 'stageChanges', only?: IdPrefix) => {
    const table = SNAPSHOT_TABLES[entity];
    const byPrefix = only ? (only.not ? notLike(table.id, `${only.prefix}%`) : like(table.id, `${only.prefix}%`)) : undefined;
    return { table, where: and(eq(table.accountId, accountId), byPrefix) };
  };
  return {
    dealStage: (dealId) =>
      db
        .select({ stageId: deals.stageId, stageEnteredAt: deals.stageEnteredAt })
        .from(deals)
        .where(and(eq(deals.accountId, accountId), eq(deals.id, dealId)))
        .get(),
    has(entity, id) {
      const { table, where } = rowsOf(entity);
      return db.select({ id: table.id }).from(table).where(and(where, eq(table.id, id))).get() !== undefined;
    },
    count(entity, only) {
      const { table, where } = rowsOf(entity, only);
      return db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;
    },
    ids(entity, only) {
      const { table, where } = rowsOf(entity, only);
      return db.select({ id: table.id }).from(table).where(where).all().map((r) => r.id);
    },
  };
}

/** The most recent sync run that succeeded, if any. */
export function lastSuccessfulSync(handle: DatabaseHandle, accountId: string): SyncRun | undefined {
  return handle.db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.accountId, accountId), eq(syncRuns.status, 'ok')))
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
    .get();
}

/** The most recent full sync that succeeded, if any: its counts are what the next full sync's ETA is reckoned against. */
export function lastSuccessfulFullSync(handle: DatabaseHandle, accountId: string): SyncRun | undefined {
  return handle.db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.accountId, accountId), eq(syncRuns.status, 'ok'), eq(syncRuns.mode, 'full')))
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
    .get();
}

/** The most recent sync run, whatever its outcome, for /status. */
export function lastSyncRun(handle: DatabaseHandle, accountId: string): SyncRun | undefined {
  return handle.db.select().from(syncRuns).where(eq(syncRuns.accountId, accountId)).orderBy(desc(syncRuns.startedAt), desc(syncRuns.id)).get();
}

function finishRun(
  handle: DatabaseHandle,
  id: number,
  outcome: { status: 'ok' | 'failed'; finishedAt: number; counts?: SnapshotCounts; error: string | null },
): SyncRun {
  return handle.db.update(syncRuns).set(outcome).where(eq(syncRuns.id, id)).returning().get()!;
}

/** A run still "running" when the lease is taken was cut short by a crash or a kill: its lease expired. */
function abandonInterruptedRuns(handle: DatabaseHandle, accountId: string, clock: Clock): void {
  handle.db
    .update(syncRuns)
    .set({ status: 'failed', error: 'interrupted (the process stopped during the sync)', finishedAt: clock.now().getTime() })
    .where(and(eq(syncRuns.accountId, accountId), eq(syncRuns.status, 'running')))
    .run();
}
