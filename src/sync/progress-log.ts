import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { ProgressListener } from './progress';

/** How often a full sync's progress is logged: a first full sync of a large account runs for half an hour. */
export const SYNC_PROGRESS_LOG_EVERY_MS = 30_000;

/**
 * A progress listener that logs a FULL sync's progress at info every 30 s of
 * the clock, so an operator watching the logs of a first start sees it move.
 * An incremental sync takes seconds and is not logged. Decided on each page
 * (pages come every second or so), with no timer of its own.
 */
export function logSyncProgress(logger: Logger, clock: Clock): ProgressListener {
  let lastAt = clock.now().getTime();
  return (p) => {
    if (p.mode !== 'full') return;
    const now = clock.now().getTime();
    if (now - lastAt < SYNC_PROGRESS_LOG_EVERY_MS) return;
    lastAt = now;
    const etaSeconds = p.etaMs === null ? null : Math.round(p.etaMs / 1000);
    logger.info({ entity: p.entity, rows: p.totalRows, requests: p.requests, rate: Math.round(p.rate * 10) / 10, etaSeconds }, 'sync progress');
  };
}
