import { and, eq, gt, inArray, isNull, lte, ne, or } from 'drizzle-orm';
import type { Db } from '../db/client';
import { snoozes } from '../db/schema';
import type { EpochMs } from '../time';
import type { Snooze, SnoozeEnd, SnoozeScope, SnoozeStatus } from '../snooze/model';

/**
 * The snoozes table: reading and the row changes. The use case
 * (src/jobs/snooze.ts) calls these inside its transaction, with the audit
 * entry and the messages of the change.
 */

type Tx = Pick<Db, 'select' | 'insert' | 'update'>;
type Row = typeof snoozes.$inferSelect;

function toSnooze(row: Row): Snooze {
  const { id, scope, targetId, dealId, managerId, taskDueAt, reason, note, until, status, createdBy, createdAt } = row;
  return { id, scope, targetId, dealId, managerId, taskDueAt, reason, note, until, status, createdBy, createdAt };
}

/** The snoozes not ended (pending and active), oldest first. */
export function liveSnoozes(db: Pick<Db, 'select'>, accountId: string): Snooze[] {
  return db.select().from(snoozes).where(and(eq(snoozes.accountId, accountId), ne(snoozes.status, 'ended'))).orderBy(snoozes.id).all().map(toSnooze);
}

export function snoozeById(db: Pick<Db, 'select'>, accountId: string, id: number): (Snooze & { endReason: SnoozeEnd | null }) | undefined {
  const row = db.select().from(snoozes).where(and(eq(snoozes.accountId, accountId), eq(snoozes.id, id))).get();
  return row ? { ...toSnooze(row), endReason: row.endReason } : undefined;
}

/**
 * The snoozes that were in force at `at`, as the weekly report for that
 * instant needs them (a report caught up after downtime, or `cli report
 * --at`): set and confirmed by then, not ended by then, not yet expired —
 * also those ended since, and none set after. Returned as active: in force
 * is what `at` asks. A snooze set pending and cancelled before any decision
 * cannot be told from one that never needed it, and counts from its start.
 */
export function snoozesInForceAt(db: Pick<Db, 'select'>, accountId: string, at: EpochMs): Snooze[] {
  return db
    .select()
    .from(snoozes)
    .where(
      and(
        eq(snoozes.accountId, accountId),
        ne(snoozes.status, 'pending'),
        or(isNull(snoozes.endReason), ne(snoozes.endReason, 'declined')),
        lte(snoozes.createdAt, at),
        or(isNull(snoozes.decidedAt), lte(snoozes.decidedAt, at)),
        or(isNull(snoozes.endedAt), gt(snoozes.endedAt, at)),
        gt(snoozes.until, at),
      ),
    )
    .orderBy(snoozes.id)
    .all()
    .map((row) => ({ ...toSnooze(row), status: 'active' as const }));
}

/** The live snooze of a target, if any. */
export function liveSnoozeOf(db: Pick<Db, 'select'>, accountId: string, scope: SnoozeScope, targetId: string): Snooze | undefined {
  const row = db
    .select()
    .from(snoozes)
    .where(and(eq(snoozes.accountId, accountId), eq(snoozes.scope, scope), eq(snoozes.targetId, targetId), ne(snoozes.status, 'ended')))
    .get();
  return row ? toSnooze(row) : undefined;
}

/** Live snoozes whose time is up at `at`. */
export function snoozesDue(db: Pick<Db, 'select'>, accountId: string, at: EpochMs): Snooze[] {
  return db
    .select()
    .from(snoozes)
    .where(and(eq(snoozes.accountId, accountId), inArray(snoozes.status, ['pending', 'active']), lte(snoozes.until, at)))
    .all()
    .map(toSnooze);
}

export function insertSnooze(tx: Tx, accountId: string, snooze: Omit<Snooze, 'id'>): Snooze {
  return toSnooze(tx.insert(snoozes).values({ accountId, ...snooze }).returning().get());
}

/** Moves a snooze from `from` to `status`; false when it was not in `from` any more (someone else was first). */
export function decideSnooze(tx: Tx, id: number, from: SnoozeStatus, status: 'active', by: string, at: EpochMs): boolean {
  return tx.update(snoozes).set({ status, decidedBy: by, decidedAt: at }).where(and(eq(snoozes.id, id), eq(snoozes.status, from))).run().changes > 0;
}

/** Ends a live snooze; false when it had ended already. */
export function endSnooze(tx: Tx, id: number, end: { at: EpochMs; by: string; reason: SnoozeEnd }): boolean {
  const decided = end.reason === 'declined' ? { decidedBy: end.by, decidedAt: end.at } : {};
  return (
    tx
      .update(snoozes)
      .set({ status: 'ended', endedAt: end.at, endedBy: end.by, endReason: end.reason, ...decided })
      .where(and(eq(snoozes.id, id), ne(snoozes.status, 'ended')))
      .run().changes > 0
  );
}
