import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { and, eq } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { DatabaseHandle } from '../db/client';
import { processAlive } from '../db/heartbeat';
import { syncLeases } from '../db/schema';
import type { Logger } from '../logger';
import { MINUTE, SECOND, type EpochMs } from '../time';

/**
 * How long a lease holds without renewal. Longer than the longest stretch a
 * sync keeps the process busy without a turn for the heartbeat (the swap of
 * a large account's snapshot takes about ten seconds).
 */
export const LEASE_TTL_MS = 2 * MINUTE;
const HEARTBEAT_MS = 20 * SECOND;
const POLL_MS = 250;

export type LeaseHolder = typeof syncLeases.$inferSelect;

/** Another sync of the account holds the lease and did not end within the wait. */
export class SyncBusyError extends Error {
  override name = 'SyncBusyError';

  constructor(
    readonly accountId: string,
    readonly holder: LeaseHolder,
    timezone: string,
  ) {
    super(`a sync of this account is already running since ${holderStart(holder.startedAt, timezone)} (${holderProcess(holder)}); try again when it ends`);
  }
}

/** The lease a running sync holds: renewed on a timer until released. */
export interface SyncLease {
  readonly owner: string;
  release(): void;
}

export interface LeaseOptions {
  accountId: string;
  clock: Clock;
  logger: Logger;
  /** How long to wait for another sync of the account to end before giving up with SyncBusyError. */
  waitMs: number;
  /** For the instant in SyncBusyError's message. */
  timezone: string;
}

/**
 * Takes the account's sync lease, waiting up to `waitMs` for a running sync
 * to end. A lease whose holder stopped renewing it (expired) or whose process
 * on this host is gone is taken over: that sync died. The lease is read and
 * written in one IMMEDIATE transaction, so two processes cannot both take it.
 */
export async function acquireSyncLease(handle: DatabaseHandle, options: LeaseOptions): Promise<SyncLease> {
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const waitUntil = performance.now() + options.waitMs;
  for (;;) {
    const holder = tryTake(handle, options, owner);
    if (holder === null) return holdLease(handle, options, owner);
    if (performance.now() >= waitUntil) throw new SyncBusyError(options.accountId, holder, options.timezone);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Takes the lease when it is free or its holder is dead; else returns the live holder. */
function tryTake(handle: DatabaseHandle, { accountId, clock }: LeaseOptions, owner: string): LeaseHolder | null {
  return handle.sqlite
    .transaction((): LeaseHolder | null => {
      const now = clock.now().getTime();
      const current = handle.db.select().from(syncLeases).where(eq(syncLeases.accountId, accountId)).get();
      if (current && !isDead(current, now)) return current;
      const row = { accountId, owner, host: hostname(), pid: process.pid, startedAt: now, heartbeatAt: now, expiresAt: now + LEASE_TTL_MS };
      handle.db.insert(syncLeases).values(row).onConflictDoUpdate({ target: syncLeases.accountId, set: row }).run();
      return null;
    })
    .immediate();
}

function holdLease(handle: DatabaseHandle, { accountId, clock, logger }: LeaseOptions, owner: string): SyncLease {
  const mine = and(eq(syncLeases.accountId, accountId), eq(syncLeases.owner, owner));
  const heartbeat = setInterval(() => {
    const now = clock.now().getTime();
    const renewed = handle.db.update(syncLeases).set({ heartbeatAt: now, expiresAt: now + LEASE_TTL_MS }).where(mine).run().changes;
    // Only after the lease expired unrenewed (the process stalled for minutes) can another sync have taken it.
    if (renewed === 0) logger.error({ account: accountId }, 'the sync lease was taken over by another sync while this one ran');
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    owner,
    release() {
      clearInterval(heartbeat);
      handle.db.delete(syncLeases).where(mine).run();
    },
  };
}

/** A holder that stopped renewing, or whose process on this host no longer exists. */
function isDead(holder: LeaseHolder, now: EpochMs): boolean {
  return holder.expiresAt <= now || (holder.host === hostname() && !processAlive(holder.pid));
}

function holderStart(startedAt: EpochMs, timezone: string): string {
  return format(new TZDate(startedAt, timezone), 'yyyy-MM-dd HH:mm');
}

function holderProcess(holder: LeaseHolder): string {
  return holder.host === hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`;
}
