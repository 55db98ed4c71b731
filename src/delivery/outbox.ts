import { and, asc, count, eq, gt, lte, notInArray, or, sql } from 'drizzle-orm';
import type { EpochMs } from '../time';
import type { Db } from '../db/client';
import { outbox, outboxFiles } from '../db/schema';
import type { Locale } from '../i18n';
import type { TextForm } from '../privacy/policy';
import type { InlineButtons } from '../telegram-html';

export type OutboxRow = typeof outbox.$inferSelect;

interface Envelope {
  accountId: string;
  /** Same key, same message: a second enqueue with it is ignored (also across restarts). */
  dedupeKey: string;
  chatId: string;
  /** Not sent before this instant (working hours, quiet hours); default: as soon as possible. */
  notBefore?: EpochMs;
}

/**
 * What a text or edit row carries; `locale` and `form` let a later rewrite be
 * written in the reader's language and with what the chat may show of CRM
 * free text (the html itself is already in that form: stored as sent).
 */
export interface TextPayload {
  html: string;
  buttons: InlineButtons;
  locale?: Locale;
  form?: TextForm;
}

/**
 * Queues a text message. Call it inside the transaction that records the
 * change the message tells about, so both happen or neither does.
 * Returns the outbox id, or null when the dedupe key was queued before.
 */
export function enqueueText(db: Db, msg: Envelope & { html: string; buttons?: InlineButtons; locale?: Locale; form?: TextForm }, at: EpochMs): number | null {
  return insert(db, { ...envelope(msg, at), kind: 'text', payload: textPayload(msg) });
}

/** Queues an album of images (2–10 is a media group; one is sent as a single photo). */
export function enqueueAlbum(db: Db, msg: Envelope & { photos: { name: string; png: Buffer; caption: string }[] }, at: EpochMs): number | null {
  const id = insert(db, { ...envelope(msg, at), kind: 'album', payload: { captions: msg.photos.map((p) => p.caption) } });
  if (id !== null) {
    db.insert(outboxFiles)
      .values(msg.photos.map((p, position) => ({ outboxId: id, position, name: p.name, bytes: p.png })))
      .run();
  }
  return id;
}

/** Queues an edit of a message queued earlier (sent once the original has its Telegram id). */
export function enqueueEdit(db: Db, msg: Omit<Envelope, 'chatId'> & { editOf: number; html: string; buttons?: InlineButtons; locale?: Locale }, at: EpochMs): number | null {
  const original = db.select({ chatId: outbox.chatId }).from(outbox).where(eq(outbox.id, msg.editOf)).get();
  if (!original) throw new Error(`outbox: cannot edit message ${msg.editOf}: it was never queued`);
  return insert(db, {
    ...envelope({ ...msg, chatId: original.chatId }, at),
    kind: 'edit',
    editOf: msg.editOf,
    payload: textPayload(msg),
  });
}

/** A message that is no longer worth sending (the task was done before working hours began). Returns whether it was still unsent. */
export function cancelPending(db: Db, id: number): boolean {
  return db.update(outbox).set({ status: 'cancelled' }).where(and(eq(outbox.id, id), eq(outbox.status, 'pending'))).run().changes > 0;
}

/** Rewrites a message not sent yet, instead of editing it later. Returns whether it was still unsent. */
export function rewritePending(db: Db, id: number, payload: TextPayload): boolean {
  return db.update(outbox).set({ payload: { ...payload } }).where(and(eq(outbox.id, id), eq(outbox.status, 'pending'))).run().changes > 0;
}

/** The text a row carries (text and edit rows). */
export function textPayloadOf(row: OutboxRow): TextPayload {
  const payload = row.payload as Partial<TextPayload>;
  return { html: payload.html ?? '', buttons: payload.buttons ?? [], ...(payload.locale ? { locale: payload.locale } : {}), ...(payload.form ? { form: payload.form } : {}) };
}

function textPayload(msg: { html: string; buttons?: InlineButtons; locale?: Locale; form?: TextForm }): Record<string, unknown> {
  return { html: msg.html, buttons: msg.buttons ?? [], ...(msg.locale ? { locale: msg.locale } : {}), ...(msg.form ? { form: msg.form } : {}) };
}

/**
 * Messages to send now, oldest first: those due by `now`, except in a chat
 * whose earlier message waits for a retry (the chat keeps its order) and in
 * the chats in `skip` (held back by the caller). Messages scheduled for
 * later (working hours) are left out, so a night's worth of them cannot
 * starve the rest; so are held chats, so one chat's backlog cannot either.
 */
export function pendingMessages(db: Db, limit: number, now: EpochMs, skip: readonly string[] = []): OutboxRow[] {
  const waitingForRetry = db
    .select({ chatId: outbox.chatId })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), gt(outbox.attempts, 0), gt(outbox.notBefore, now)));
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.notBefore, now), notInArray(outbox.chatId, waitingForRetry), notInArray(outbox.chatId, [...skip])))
    .orderBy(asc(outbox.id))
    .limit(limit)
    .all();
}

/** How many messages wait to be sent, for /status. */
export function queueSize(db: Db, accountId: string): number {
  const row = db.select({ n: count() }).from(outbox).where(and(eq(outbox.accountId, accountId), eq(outbox.status, 'pending'))).get();
  return row?.n ?? 0;
}

/**
 * Since when the longest-waiting unsent message has waited, or null when
 * none does: a message not yet tried since it fell due (its not-before), or
 * one being retried since its first attempt — a retry's backoff moves its
 * not-before on, but not the wait. One held for later (quiet hours) and never
 * tried is not waiting yet.
 */
export function oldestWaitingSince(db: Db, accountId: string, now: EpochMs): EpochMs | null {
  const since = sql<number | null>`min(CASE WHEN ${outbox.attempts} > 0 THEN coalesce(${outbox.firstAttemptAt}, ${outbox.notBefore}) ELSE ${outbox.notBefore} END)`;
  const row = db
    .select({ since })
    .from(outbox)
    .where(and(eq(outbox.accountId, accountId), eq(outbox.status, 'pending'), or(gt(outbox.attempts, 0), lte(outbox.notBefore, now))))
    .get();
  return row?.since ?? null;
}

/** The images of an album, in order. */
export function albumFiles(db: Db, outboxId: number): { name: string; bytes: Buffer }[] {
  return db
    .select({ name: outboxFiles.name, bytes: outboxFiles.bytes })
    .from(outboxFiles)
    .where(eq(outboxFiles.outboxId, outboxId))
    .orderBy(asc(outboxFiles.position))
    .all();
}

export function outboxRow(db: Db, id: number): OutboxRow | undefined {
  return db.select().from(outbox).where(eq(outbox.id, id)).get();
}

function envelope(msg: Envelope, at: EpochMs) {
  return {
    accountId: msg.accountId,
    dedupeKey: msg.dedupeKey,
    chatId: msg.chatId,
    status: 'pending' as const,
    notBefore: Math.max(msg.notBefore ?? at, at),
    createdAt: at,
  };
}

function insert(db: Db, row: typeof outbox.$inferInsert): number | null {
  const inserted = db.insert(outbox).values(row).onConflictDoNothing().returning({ id: outbox.id }).get();
  return inserted?.id ?? null;
}
