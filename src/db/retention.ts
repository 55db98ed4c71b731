import { and, desc, eq, inArray, isNotNull, isNull, lt, ne, notInArray, or } from 'drizzle-orm';
import { union } from 'drizzle-orm/sqlite-core';
import type { EpochMs } from '../time';
import type { DatabaseHandle } from './client';
import { outbox, outboxFiles, pingSteps, pings, snoozes, syncRuns } from './schema';

/** Rows deleted by one prune, per table (the tables' SQL names). */
export type PruneCounts = Record<'outbox' | 'outbox_files' | 'pings' | 'sync_runs' | 'snoozes', number>;

/**
 * Outbox states a message never leaves: delivered, given up, cancelled, or
 * lost in a crash mid-send (`unconfirmed` is never re-sent, see drain.ts).
 * `pending` and `sending` rows are work still to do and are never pruned.
 */
const FINISHED = ['sent', 'failed', 'unconfirmed', 'cancelled'] as const;
const UNSENT = ['pending', 'sending'] as const;

/**
 * Deletes what an account no longer needs from before `before`, in one
 * IMMEDIATE transaction (a prune never sees half of an overdue check's writes):
 *
 * - outbox rows finished before it — created before it and, when sent, sent
 *   before it — with their album images (outbox_files). Kept even so: a row
 *   a ping not closed yet refers to, or a step of its ladder (its message is edited when the ping
 *   closes, a digest is rewritten) and a row an unsent edit refers to (the
 *   edit needs the original's Telegram message id);
 * - pings closed before it: they hold copies of deal names and task texts.
 *   One that shares a supervisors' digest with a ping still open is kept, so
 *   the digest is rewritten with all of its pings when that one closes;
 * - snoozes ended before it: a typed reason may name a customer;
 * - sync runs started before it, except those still running, the newest
 *   successful run of each mode and the newest run of any outcome: they say
 *   how fresh the data is, what an incremental sync starts from, and why
 *   syncs fail (src/sync/run-sync.ts: lastSuccessfulSync, lastSyncRun).
 *
 * Everything else stays: the snapshot (replaced by syncs), findings, trend
 * points, norms, settings, links, the audit log.
 */
export function pruneOldRows(handle: DatabaseHandle, accountId: string, before: EpochMs): PruneCounts {
  const { db } = handle;
  return handle.sqlite
    .transaction((): PruneCounts => {
      const openPing = and(eq(pings.accountId, accountId), isNull(pings.closedAt));
      // Uncorrelated on purpose: SQLite builds this list once, instead of scanning pings and the outbox for each candidate row.
      const stillNeeded = union(
        db.select({ id: pings.managerMessage }).from(pings).where(and(openPing, isNotNull(pings.managerMessage))),
        db.select({ id: pings.supervisorMessage }).from(pings).where(and(openPing, isNotNull(pings.supervisorMessage))),
        db.select({ id: pings.escalationMessage }).from(pings).where(and(openPing, isNotNull(pings.escalationMessage))),
        // Every message of an open ping's escalation ladder is edited when it closes, not only the first of each kind.
        db.select({ id: pingSteps.messageId }).from(pingSteps).innerJoin(pings, eq(pingSteps.pingId, pings.id)).where(and(openPing, isNotNull(pingSteps.messageId))),
        db.select({ id: outbox.editOf }).from(outbox).where(and(eq(outbox.accountId, accountId), inArray(outbox.status, UNSENT), isNotNull(outbox.editOf))),
      );
      const prunable = db
        .select({ id: outbox.id })
        .from(outbox)
        .where(
          and(
            eq(outbox.accountId, accountId),
            inArray(outbox.status, FINISHED),
            lt(outbox.createdAt, before),
            or(isNull(outbox.sentAt), lt(outbox.sentAt, before)),
            notInArray(outbox.id, stillNeeded),
          ),
        );
      // Deleted by hand rather than left to the foreign key's cascade, so they are counted.
      const files = db.delete(outboxFiles).where(inArray(outboxFiles.outboxId, prunable)).run().changes;
      const messages = db.delete(outbox).where(inArray(outbox.id, prunable)).run().changes;

      const openDigests = db.select({ id: pings.supervisorMessage }).from(pings).where(and(openPing, isNotNull(pings.supervisorMessage)));
      const closedPings = db
        .delete(pings)
        .where(
          and(
            eq(pings.accountId, accountId),
            isNotNull(pings.closedAt),
            lt(pings.closedAt, before),
            or(isNull(pings.supervisorMessage), notInArray(pings.supervisorMessage, openDigests)),
          ),
        )
        .run().changes;

      const keep = newestRuns(handle, accountId);
      const runs = db
        .delete(syncRuns)
        .where(and(eq(syncRuns.accountId, accountId), lt(syncRuns.startedAt, before), ne(syncRuns.status, 'running'), notInArray(syncRuns.id, keep)))
        .run().changes;

      // A typed reason may name a customer: a snooze is kept while a report may still ask what was in force.
      const endedSnoozes = db.delete(snoozes).where(and(eq(snoozes.accountId, accountId), eq(snoozes.status, 'ended'), lt(snoozes.endedAt, before))).run().changes;

      return { outbox: messages, outbox_files: files, pings: closedPings, sync_runs: runs, snoozes: endedSnoozes };
    })
    .immediate();
}

/** The runs the app reads: the newest successful one of each mode and the newest of any outcome (same order as run-sync.ts). */
function newestRuns({ db }: DatabaseHandle, accountId: string): number[] {
  const newest = (where: ReturnType<typeof and>) =>
    db.select({ id: syncRuns.id }).from(syncRuns).where(where).orderBy(desc(syncRuns.startedAt), desc(syncRuns.id)).limit(1).get()?.id;
  const ofAccount = eq(syncRuns.accountId, accountId);
  const ids = [
    newest(and(ofAccount, eq(syncRuns.status, 'ok'), eq(syncRuns.mode, 'full'))),
    newest(and(ofAccount, eq(syncRuns.status, 'ok'), eq(syncRuns.mode, 'incremental'))),
    newest(ofAccount),
  ];
  return ids.filter((id): id is number => id !== undefined);
}
