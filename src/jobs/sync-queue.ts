import type { SyncMode } from './sync-and-evaluate';

/**
 * One sync at a time inside a process, and no more syncs than the changes
 * call for:
 * - `now(mode)` (a /sync, the schedule) joins the sync in progress and gets
 *   its result; a full sync asked during an incremental one runs right after
 *   it, since the incremental one may miss what only a full sync sees;
 * - `afterChange()` (a CRM webhook or event) asks for an incremental sync that
 *   starts after the change arrived: during a sync, every such call joins one
 *   follow-up sync, so a burst of webhooks costs at most one more sync.
 * Across processes the sync lease keeps the same promise (src/sync/lease.ts).
 */
export interface SyncQueue<T> {
  now(mode: SyncMode): Promise<T>;
  afterChange(): Promise<T>;
}

interface Pending<T> {
  mode: SyncMode;
  result: Promise<T>;
  start(): void;
}

export function createSyncQueue<T>(run: (mode: SyncMode) => Promise<T>): SyncQueue<T> {
  let running: { mode: SyncMode; result: Promise<T> } | null = null;
  let followUp: Pending<T> | null = null;

  const launch = (mode: SyncMode): Promise<T> => {
    const result = run(mode).finally(() => {
      running = null;
      const next = followUp;
      followUp = null;
      next?.start();
    });
    running = { mode, result };
    return result;
  };

  /** The sync after the running one; asks made while it waits join it (a full ask makes it full). */
  const after = (mode: SyncMode): Promise<T> => {
    if (followUp) {
      if (mode === 'full') followUp.mode = 'full';
      return followUp.result;
    }
    let start!: () => void;
    const result = new Promise<T>((resolve, reject) => {
      start = () => void launch(pending.mode).then(resolve, reject);
    });
    const pending: Pending<T> = { mode, result, start };
    followUp = pending;
    return result;
  };

  return {
    now(mode) {
      if (!running) return launch(mode);
      return mode === 'full' && running.mode !== 'full' ? after('full') : running.result;
    },
    afterChange() {
      return running ? after('incremental') : launch('incremental');
    },
  };
}
