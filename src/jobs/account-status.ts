import { queueSize } from '../delivery/outbox';
import { listPeople } from '../people/directory';
import { boundChat } from '../settings/bound-chats';
import { reportSchedule } from '../settings/store';
import { lastSuccessfulSync, lastSyncRun, type SyncRun } from '../sync/run-sync';
import { dataFreshness } from './account-snapshot';
import type { JobContext } from './context';
import type { Freshness } from '../sync/freshness';

/** How the bot is doing, for /status: the syncs, the queue, who is linked, the chats and the schedule. */
export interface AccountStatus {
  lastRun: SyncRun | undefined;
  lastSuccess: SyncRun | undefined;
  /** The data's age now, and whether it is too old to act on (new pings held). */
  freshness: Freshness;
  queued: number;
  people: { active: number; linked: number };
  reportChat: string | null;
  supervisorsChat: string | null;
  reportSchedule: string;
}

export function accountStatus(ctx: JobContext): AccountStatus {
  const { config, handle } = ctx;
  const accountId = config.ACCOUNT_ID;
  const active = listPeople(handle.db, accountId).filter((p) => p.active);
  return {
    lastRun: lastSyncRun(handle, accountId),
    lastSuccess: lastSuccessfulSync(handle, accountId),
    freshness: dataFreshness(ctx),
    queued: queueSize(handle.db, accountId),
    people: { active: active.length, linked: active.filter((p) => p.link).length },
    reportChat: boundChat(handle.db, accountId, 'report')?.title ?? null,
    supervisorsChat: boundChat(handle.db, accountId, 'supervisors')?.title ?? null,
    reportSchedule: reportSchedule(handle.db, accountId, config.REPORT_SCHEDULE),
  };
}
