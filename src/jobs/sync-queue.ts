import type { ProgressListener } from '../sync/progress';
import type { SyncMode } from './sync-and-evaluate';

export type { ProgressListener };

/**
 * One sync at a time inside a process, and no more syncs than the changes
 * call for:
 * - `now(mode)` (a /sync, the schedule) joins the sync in progress and gets
 *   its result; a full sync asked during an incremental one runs right after
 *   it, since the incremental one may miss what only a full sync sees;
 * - `afterChange()` (a CRM webhook or event) asks for an incremental sync that
 *   starts after the change arrived: during a sync, every such call joins one
 *   follow-up sync, so a burst of webhooks costs at most one more sync.
 * `now(mode, onProgress)` is told the progress of the sync it gets the result
 * of, whether it started it or joined it: a second /sync sees the same
 * progress as the first.
 * Across processes the sync lease keeps the same promise (src/sync/lease.ts).
 */
export interface SyncQueue<T> {
  now(mode: SyncMode, onProgress?: ProgressListener): Promise<T>;
  afterChange(): Promise<T>;
}

interface Pending<T> {
  mode: SyncMode;
  result: Promise<T>;
  listeners: Set<ProgressListener>;
  start(): void;
}

export function createSyncQueue<T>(run: (mode: SyncMode, onProgress: ProgressListener) => Promise<T>): SyncQueue<T> {
  let running: { mode: SyncMode; result: Promise<T>; listeners: Set<ProgressListener> } | null = null;
  let followUp: Pending<T> | null = null;

  const launch = (mode: SyncMode, listeners: Set<ProgressListener>): Promise<T> => {
    // Every listener is told, whoever joined when; one that throws does not keep the others from hearing.
    const tell: ProgressListener = (progress) => {
      const failures: unknown[] = [];
      for (const listener of [...listeners]) {
        try {
          listener(progress);
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length > 0) throw new AggregateError(failures, 'a sync progress listener failed');
    };
    const result = run(mode, tell).finally(() => {
      running = null;
      const next = followUp;
      followUp = null;
      next?.start();
    });
    running = { mode, result, listeners };
    return result;
  };

  const listen = (listeners: Set<ProgressListener>, onProgress: ProgressListener | undefined) => {
    if (onProgress) listeners.add(onProgress);
  };

  /** The sync after the running one; asks made while it waits join it (a full ask makes it full). */
  const after = (mode: SyncMode, onProgress?: ProgressListener): Promise<T> => {
    if (followUp) {
      if (mode === 'full') followUp.mode = 'full';
      listen(followUp.listeners, onProgress);
      return followUp.result;
    }
    let start!: () => void;
    const result = new Promise<T>((resolve, reject) => {
      start = () => void launch(pending.mode, pending.listeners).then(resolve, reject);
    });
    const pending: Pending<T> = { mode, result, listeners: new Set(), start };
    listen(pending.listeners, onProgress);
    followUp = pending;
    return result;
  };

  return {
    now(mode, onProgress) {
      if (!running) {
        const listeners = new Set<ProgressListener>();
        listen(listeners, onProgress);
        return launch(mode, listeners);
      }
      if (mode === 'full' && running.mode !== 'full') return after('full', onProgress);
      listen(running.listeners, onProgress);
      return running.result;
    },
    afterChange() {
      return running ? after('incremental') : launch('incremental', new Set());
    },
  };
}
