import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { eq, lt } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { SECOND, type EpochMs } from '../time';
import type { DatabaseHandle } from './client';
import { processHeartbeats } from './schema';

/** How often a running bot says so. */
export const HEARTBEAT_INTERVAL_MS = 30 * SECOND;

/**
 * A beat older than this belongs to a process that is gone: three beats
 * missed. A bot never stalls that long (a large account's swap holds the
 * event loop for about ten seconds), and a killed one stops blocking a
 * restore within a minute and a half.
 */
export const HEARTBEAT_STALE_MS = 90 * SECOND;

export type ProcessHeartbeat = typeof processHeartbeats.$inferSelect;

/** A process's heartbeat, beating until stopped. */
export interface Heartbeat {
  /** Its row's id: `host:pid:random`. */
  readonly id: string;
  /** Stops beating and deletes the row: the process no longer uses the file. */
  stop(): void;
}

export interface HeartbeatOptions {
  role?: ProcessHeartbeat['role'];
  intervalMs?: number;
}

/**
 * Writes this process's row into `process_heartbeats` and renews `beat_at`
 * every HEARTBEAT_INTERVAL_MS from `clock`, until `stop()` deletes it. The
 * timer is unref'd: a heartbeat never keeps the process alive. The first row
 * is written at once, and the rows of processes long gone (a crash, a kill)
 * are cleared with it. A beat that fails (the disk full, the file locked past
 * busy_timeout) is logged and the next one tries again; a row deleted meanwhile
 * is written anew.
 */
export function startHeartbeat(handle: DatabaseHandle, clock: Clock, logger: Logger, options: HeartbeatOptions = {}): Heartbeat {
  const { db } = handle;
  const id = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const startedAt = clock.now().getTime();
  const row = { id, role: options.role ?? 'bot', host: hostname(), pid: process.pid, startedAt } as const;
  const beat = (now: EpochMs) =>
    db.insert(processHeartbeats).values({ ...row, beatAt: now }).onConflictDoUpdate({ target: processHeartbeats.id, set: { beatAt: now } }).run();

  handle.sqlite
    .transaction(() => {
      db.delete(processHeartbeats).where(lt(processHeartbeats.beatAt, startedAt - HEARTBEAT_STALE_MS)).run();
      beat(startedAt);
    })
    .immediate();
  const timer = setInterval(() => {
    try {
      beat(clock.now().getTime());
    } catch (error) {
      logger.error({ err: error, heartbeat: id }, 'could not write the process heartbeat; a restore may not see this bot running');
    }
  }, options.intervalMs ?? HEARTBEAT_INTERVAL_MS);
  timer.unref();
  logger.debug({ heartbeat: id, role: row.role }, 'process heartbeat started');
  return {
    id,
    stop() {
      clearInterval(timer);
      db.delete(processHeartbeats).where(eq(processHeartbeats.id, id)).run();
    },
  };
}

/** Where the reader runs, for telling whose pid can be checked. */
export interface Here {
  host: string;
  /** Whether a process with this pid exists on this host. */
  alive(pid: number): boolean;
}

export const HERE: Here = { host: hostname(), alive: processAlive };

/**
 * Whether a heartbeat says its process still runs at `now`: its beat is
 * fresher than HEARTBEAT_STALE_MS (a beat from the future — another
 * container's clock a little ahead — is fresh), and, on this host, its pid
 * exists. Another host's pid cannot be checked (a container's pids are its
 * own), so there the beat alone decides.
 */
export function isRunning(heartbeat: Pick<ProcessHeartbeat, 'host' | 'pid' | 'beatAt'>, now: EpochMs, here: Here = HERE): boolean {
  if (heartbeat.beatAt <= now - HEARTBEAT_STALE_MS) return false;
  return heartbeat.host !== here.host || here.alive(heartbeat.pid);
}

/**
 * The processes running on the database at `now`, by their heartbeats, read
 * through any connection (restore inspects a file it has not opened through
 * openDatabase). A file from before heartbeats has no table: nothing beats
 * into it, and none is returned.
 */
export function runningProcesses(sqlite: Database.Database, now: EpochMs, here: Here = HERE): ProcessHeartbeat[] {
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'process_heartbeats'").get();
  if (table === undefined) return [];
  const rows = sqlite
    .prepare('SELECT id, role, host, pid, started_at AS startedAt, beat_at AS beatAt FROM process_heartbeats ORDER BY beat_at DESC, id')
    .all() as ProcessHeartbeat[];
  return rows.filter((row) => isRunning(row, now, here));
}

/** Whether a process with this pid exists on this host. */
export function processAlive(pid: number): boolean {
  // kill(0) and negative pids signal process groups, not a process.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
