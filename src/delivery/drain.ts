import { eq } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { outbox } from '../db/schema';
import type { Logger } from '../logger';
import { pingsSent } from '../metrics';
import { albumFiles, outboxRow, pendingMessages, textPayloadOf, type OutboxRow } from './outbox';
import type { DeliveryOutcome, OutgoingMessage, Sender } from './sender';

const BATCH = 50;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 5 * 60_000;
/** After this many failed attempts (hours of outage at the capped backoff) a message is given up. */
export const MAX_ATTEMPTS = 60;

export interface DrainHooks {
  /** Telegram refused the chat for good (403): the caller decides who should know. */
  onRecipientGone?(chatId: string): void;
  /** Asked before each message: true once the process is stopping, so the message in flight is the last one. */
  stopping?(): boolean;
}

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Sends what the outbox holds, oldest first, keeping each chat's order: a
 * message waiting for a retry holds back the later ones to the same chat.
 * Each message is marked `sending` before the attempt and `sent` (with
 * Telegram's ids) after it, so a crash in between is detectable; see
 * recoverInterrupted for the guarantee that gives.
 */
export async function drainOutbox(db: Db, sender: Sender, clock: Clock, logger: Logger, hooks: DrainHooks = {}): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, retried: 0, failed: 0 };
  const heldChats = new Set<string>();
  const batch = () => pendingMessages(db, BATCH, clock.now().getTime(), [...heldChats]);
  for (let rows = batch(); rows.length > 0; rows = batch()) {
    const held = heldChats.size;
    for (const row of rows) {
      if (hooks.stopping?.()) return result;
      await drainRow(db, row, { sender, clock, logger, hooks, heldChats, result });
    }
    // A chat held back in this batch leaves its later messages out of the next one: read it, so one
    // chat's backlog behind a retry does not keep every other chat waiting for the next drain.
    if (heldChats.size === held || rows.length < BATCH) break;
  }
  return result;
}

interface DrainState {
  sender: Sender;
  clock: Clock;
  logger: Logger;
  hooks: DrainHooks;
  heldChats: Set<string>;
  result: DrainResult;
}

async function drainRow(db: Db, row: OutboxRow, { sender, clock, logger, hooks, heldChats, result }: DrainState): Promise<void> {
  if (heldChats.has(row.chatId)) return;
  const message = toMessage(db, row);
  if (message === 'wait') {
    heldChats.add(row.chatId);
    return;
  }
  if (typeof message === 'string') {
    settle(db, row, { status: 'failed', reason: message }, clock);
    result.failed++;
    return;
  }
  db.update(outbox)
    .set({ status: 'sending', attempts: row.attempts + 1, firstAttemptAt: row.firstAttemptAt ?? clock.now().getTime() })
    .where(eq(outbox.id, row.id))
    .run();
  const answer = await deliverSafely(sender, message);
  // After the last attempt a retry is given up: the outcome is what was recorded, not what the sender said.
  const outcome = settle(db, { ...row, attempts: row.attempts + 1 }, answer, clock);
  logOutcome(logger, row, outcome);
  if (outcome.status === 'sent') {
    result.sent++;
    if (isPingMessage(row)) pingsSent.inc();
  }
  else if (outcome.status === 'failed') {
    result.failed++;
    if (outcome.recipientGone) hooks.onRecipientGone?.(row.chatId);
  } else {
    result.retried++;
    heldChats.add(row.chatId);
  }
}

/**
 * Whether a message tells of a ping (an overdue task, a missed call): the
 * overdue check queues them under `ping:…` keys, several at once under a
 * `digest:…` key (src/jobs/ping-writer.ts). Their later edits («✅ Сделано») are not counted again.
 */
function isPingMessage(row: OutboxRow): boolean {
  return row.kind !== 'edit' && (row.dedupeKey.startsWith('ping:') || row.dedupeKey.startsWith('digest:'));
}

/**
 * After a crash, a message left `sending` may or may not have reached
 * Telegram, and Telegram cannot be asked. It is marked `unconfirmed` and not
 * re-sent: a lost message in that split second is better than a visible
 * duplicate. Everything still `pending` is sent as usual.
 */
export function recoverInterrupted(db: Db): number {
  return db.update(outbox).set({ status: 'unconfirmed', lastError: 'process stopped during the send' }).where(eq(outbox.status, 'sending')).run().changes;
}

/** The message to send, 'wait' if it depends on one not yet sent, or a reason it never can be sent. */
function toMessage(db: Db, row: OutboxRow): OutgoingMessage | 'wait' | string {
  if (row.kind === 'text') return { kind: 'text', chatId: row.chatId, ...textPayloadOf(row) };
  if (row.kind === 'album') {
    const captions = (row.payload as { captions?: string[] }).captions ?? [];
    const photos = albumFiles(db, row.id).map((file, i) => ({ ...file, caption: captions[i] ?? '' }));
    return { kind: 'album', chatId: row.chatId, photos };
  }
  const original = row.editOf === null ? undefined : outboxRow(db, row.editOf);
  if (original?.status === 'pending') return 'wait';
  const messageId = original?.messageIds?.[0];
  if (original?.status !== 'sent' || messageId === undefined) return `the message to edit (#${row.editOf}) was never delivered`;
  const { html, buttons } = textPayloadOf(row);
  return { kind: 'edit', chatId: row.chatId, messageId, html, buttons };
}

async function deliverSafely(sender: Sender, message: OutgoingMessage): Promise<DeliveryOutcome> {
  try {
    return await sender.deliver(message);
  } catch (error) {
    // A sender that throws is a bug or an unforeseen failure: retry rather than lose the message.
    return { status: 'retry', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Records an attempt's outcome; returns it as recorded (a retry after the last attempt is a failure). */
function settle(db: Db, row: OutboxRow, outcome: DeliveryOutcome, clock: Clock): DeliveryOutcome {
  const now = clock.now().getTime();
  if (outcome.status === 'sent') {
    db.update(outbox).set({ status: 'sent', messageIds: outcome.messageIds, sentAt: now, lastError: null }).where(eq(outbox.id, row.id)).run();
    return outcome;
  }
  const givesUp = outcome.status === 'failed' || row.attempts >= MAX_ATTEMPTS;
  const delay = outcome.status === 'retry' ? (outcome.retryAfterMs ?? backoff(row.attempts)) : 0;
  db.update(outbox)
    .set({ status: givesUp ? 'failed' : 'pending', lastError: outcome.reason, notBefore: now + delay })
    .where(eq(outbox.id, row.id))
    .run();
  return givesUp && outcome.status === 'retry' ? { status: 'failed', reason: `${outcome.reason} (gave up after ${row.attempts} attempts)` } : outcome;
}

/** 1 s, 2 s, 4 s … capped at 5 minutes. */
export function backoff(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

function logOutcome(logger: Logger, row: OutboxRow, outcome: DeliveryOutcome): void {
  const context = { outbox: row.id, kind: row.kind, chat: row.chatId, attempt: row.attempts + 1 };
  if (outcome.status === 'sent') logger.debug(context, 'message sent');
  else if (outcome.status === 'retry') logger.warn({ ...context, reason: outcome.reason, retryAfterMs: outcome.retryAfterMs }, 'message will be retried');
  else logger.error({ ...context, reason: outcome.reason, recipientGone: outcome.recipientGone ?? false }, 'message failed');
}
