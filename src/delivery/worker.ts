import type { Clock } from '../clock';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import { drainOutbox, recoverInterrupted, type DrainHooks, type DrainResult } from './drain';
import type { Sender } from './sender';

/** Drains the outbox on a timer and on demand, one drain at a time. */
export interface OutboxWorker {
  /** Drain now (or right after the drain in progress); resolves when that drain is done. */
  kick(): Promise<DrainResult | undefined>;
  start(intervalMs: number): void;
  /** Stops draining: the message being sent is finished (and recorded), no other is started. */
  stop(): Promise<void>;
}

export function createOutboxWorker(db: Db, sender: Sender, clock: Clock, logger: Logger, hooks: DrainHooks = {}): OutboxWorker {
  let running: Promise<DrainResult | undefined> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const drainHooks: DrainHooks = { ...hooks, stopping: () => stopped };
  const recovered = recoverInterrupted(db);
  if (recovered > 0) logger.warn({ messages: recovered }, 'messages in flight at the last stop are marked unconfirmed, not re-sent');

  const drainOnce = async (): Promise<DrainResult | undefined> => {
    try {
      return await drainOutbox(db, sender, clock, logger, drainHooks);
    } catch (error) {
      logger.error({ err: error }, 'outbox drain failed');
      return undefined;
    }
  };
  const kick = (): Promise<DrainResult | undefined> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let result: DrainResult | undefined;
      do {
        again = false;
        result = await drainOnce();
      } while (again);
      running = null;
      return result;
    })();
    return running;
  };
  return {
    kick,
    start(intervalMs) {
      timer = setInterval(() => void kick(), intervalMs);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
