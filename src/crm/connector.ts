import type { Call, CrmKind, EntityName, EpochMs, SnapshotChunk, Task } from './model';

/**
 * What changed since the last sync, as a connector streams it: rows to insert
 * or update by id, ids to delete, and small reference lists (users, pipelines,
 * stages) given whole, which replace what the snapshot held.
 */
export type ChangeChunk =
  | ({ op: 'upsert' } & SnapshotChunk)
  | ({ op: 'replace' } & SnapshotChunk)
  | { op: 'delete'; entity: EntityName; ids: string[] };

/** Which rows of an entity: ids starting (or not starting) with a prefix, for CRMs that keep two kinds in one entity. */
export interface IdPrefix {
  prefix: string;
  not?: boolean;
}

/** What an incremental sync may ask about the snapshot it updates. */
export interface PreviousSnapshot {
  /** A deal's stage and since when it is there, to keep that when no stage change came in. */
  dealStage(dealId: string): { stageId: string; stageEnteredAt: EpochMs } | undefined;
  /** Whether the snapshot holds this row (a row seen again is not a new one). */
  has(entity: 'deals' | 'tasks' | 'stageChanges', id: string): boolean;
  /** How many rows the snapshot holds, to notice deletions when the CRM's total is lower. */
  count(entity: 'deals' | 'tasks', only?: IdPrefix): number;
  /** Every id the snapshot holds; read only when a deletion was noticed. */
  ids(entity: 'deals' | 'tasks', only?: IdPrefix): string[];
}

/**
 * What sync needs from a CRM. A connector streams the account page by page so
 * a large account never has to fit in memory; it knows nothing of rules.
 */
export interface CrmConnector {
  readonly kind: CrmKind;
  /** Streams a full snapshot of the account, entity pages in any order. */
  fetchFull(): AsyncIterable<SnapshotChunk>;
  /**
   * Streams what changed since `since` (the start of the last successful
   * sync); requests grow with the changes, not with the account. Connectors
   * without it are always synced in full.
   */
  fetchChanges?(since: EpochMs, previous: PreviousSnapshot): AsyncIterable<ChangeChunk>;
  /** The deal's page in the CRM, for buttons and report links. */
  dealUrl(dealId: string): string;
  /**
   * Reads these tasks again, now, in as few requests as the CRM allows: the
   * ones the CRM still has, as they are (done, due time moved); an id not
   * among them was deleted. Throws CrmError when the CRM cannot be reached,
   * so nobody is told anything from stale data. Every shipped connector has
   * it (LiveConnector); a test's connector for syncs alone need not.
   */
  readTasks?(ids: readonly string[], options?: { signal?: AbortSignal }): Promise<Task[]>;
  /**
   * Reads, now, every call the CRM has from `since` on (its time at or after
   * `since`): on deals, contacts and companies and on nothing, missed or
   * not, mapped as a full sync maps them. Before the bot tells anyone of a
   * missed call nobody returned, it asks this, so a callback made since the
   * last sync is seen. Throws CrmError when the CRM cannot be reached.
   */
  readCallsSince?(since: EpochMs, options?: { signal?: AbortSignal }): Promise<Call[]>;
  /** Set by the demo CRM, which answers a new Telegram link with a task for that user: a sync right after a link brings it in. */
  readonly reactsToLinks?: boolean;
}

/** A connector the running bot can verify tasks and calls with before it tells anyone about them. */
export type LiveConnector = CrmConnector & Required<Pick<CrmConnector, 'readTasks' | 'readCallsSince'>>;

/** A CRM call failed in a way the operator must act on. */
export class CrmError extends Error {
  constructor(
    message: string,
    readonly crm: CrmKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CrmError';
  }
}
