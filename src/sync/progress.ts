import type { Clock } from '../clock';
import type { EntityName } from '../crm/model';
import type { EpochMs } from '../time';

/**
 * How far a running sync has got, as whoever started it shows it (the CLI's
 * progress line, the /sync message, the start-up log). Pure numbers; each
 * reader words them itself.
 */
export interface SyncProgress {
  mode: 'full' | 'incremental';
  /** The entity of the latest page (connectors stream entity after entity); null before the first page. */
  entity: EntityName | null;
  /** Rows read so far, per entity seen. */
  rows: Partial<Record<EntityName, number>>;
  totalRows: number;
  /** HTTP requests made to the CRM since the sync began. */
  requests: number;
  elapsedMs: number;
  /** Rows per second over the sync so far; 0 until time has passed. */
  rate: number;
  /** The rows the previous full sync wrote, when this one is full and there was one: what the ETA is reckoned against. */
  expectedRows: number | null;
  /** Time left at the current rate; null when it cannot be said honestly (see `almostDone`). */
  etaMs: number | null;
  /** Past the previous full sync's total: no ETA any more, the end is near (or the account grew). */
  almostDone: boolean;
}

/** Told how far a sync has got, page by page; called on the sync's path, so it must be cheap (no I/O). */
export type ProgressListener = (progress: SyncProgress) => void;

export interface ProgressStart {
  mode: 'full' | 'incremental';
  clock: Clock;
  /** Rows the previous successful full sync recorded; only a full sync gets an ETA, and only with this. */
  expectedRows: number | null;
  /** A running count of the process's requests to this CRM (metrics' crmRequestsMade); the tracker takes the difference from its start. */
  requestsMade: () => number;
}

/**
 * Counts a sync's pages as they arrive. `page` records one and returns the
 * snapshot after it; `snapshot` reads it again at the clock's now.
 */
export class SyncProgressTracker {
  private readonly startedAt: EpochMs;
  private readonly requestsAtStart: number;
  private readonly rows: Partial<Record<EntityName, number>> = {};
  private entity: EntityName | null = null;
  private totalRows = 0;

  constructor(private readonly start: ProgressStart) {
    this.startedAt = start.clock.now().getTime();
    this.requestsAtStart = start.requestsMade();
  }

  page(entity: EntityName, rows: number): SyncProgress {
    this.entity = entity;
    this.rows[entity] = (this.rows[entity] ?? 0) + rows;
    this.totalRows += rows;
    return this.snapshot();
  }

  snapshot(): SyncProgress {
    const { mode, clock, expectedRows: previous } = this.start;
    const elapsedMs = Math.max(0, clock.now().getTime() - this.startedAt);
    const rate = elapsedMs > 0 ? (this.totalRows * 1000) / elapsedMs : 0;
    // An incremental sync reads only what changed: the last full sync's size says nothing of how much that is.
    const expectedRows = mode === 'full' && previous !== null && previous > 0 ? previous : null;
    const remaining = expectedRows === null ? null : expectedRows - this.totalRows;
    const almostDone = remaining !== null && remaining <= 0;
    const etaMs = remaining !== null && remaining > 0 && rate > 0 ? Math.round((remaining / rate) * 1000) : null;
    return {
      mode,
      entity: this.entity,
      rows: { ...this.rows },
      totalRows: this.totalRows,
      requests: Math.max(0, this.start.requestsMade() - this.requestsAtStart),
      elapsedMs,
      rate,
      expectedRows,
      etaMs,
      almostDone,
    };
  }
}

/** The rows a finished sync wrote, all entities together (sync_runs.counts). */
export function totalRowsOf(counts: Record<string, number> | null | undefined): number | null {
  if (!counts) return null;
  const total = Object.values(counts).reduce((sum, n) => sum + (Number.isFinite(n) ? n : 0), 0);
  return total > 0 ? total : null;
}
