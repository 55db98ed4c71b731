import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { createLogger } from '../../src/logger';
import { ensureAccount } from '../../src/db/accounts';
import { outbox } from '../../src/db/schema';
import { backoff, drainOutbox, MAX_ATTEMPTS, recoverInterrupted, type DrainHooks } from '../../src/delivery/drain';
import { albumFiles, cancelPending, enqueueAlbum, enqueueEdit, enqueueText, outboxRow, pendingMessages, type OutboxRow } from '../../src/delivery/outbox';
import type { DeliveryOutcome, OutgoingMessage, Sender } from '../../src/delivery/sender';
import { createOutboxWorker } from '../../src/delivery/worker';
import { HOUR, MINUTE, SECOND } from '../../src/time';
import { tempDatabase } from '../support/temp-db';

/**
 * The outbox on a real SQLite file: rows are queued with enqueue*, drained
 * with drainOutbox (or a worker's kick) against a scripted sender, and the
 * clock only moves when the test moves it.
 */

const T0 = new Date('2026-11-23T07:00:00Z').getTime();
const logger = pino({ level: 'silent' });

/** One answer of the scripted sender: an outcome, 'sent' (with the next free message id), or an error it throws. */
type Step = DeliveryOutcome | 'sent' | Error;

/**
 * A Sender that answers each call with the next step of its script (then with
 * `otherwise`, by default 'sent') and records every message it was handed.
 * Message ids it hands out for 'sent' count up from 1000.
 */
class ScriptedSender implements Sender {
  readonly received: OutgoingMessage[] = [];
  private nextId = 1000;

  constructor(
    private readonly script: Step[] = [],
    private readonly otherwise: (call: number) => Step = () => 'sent',
  ) {}

  async deliver(message: OutgoingMessage): Promise<DeliveryOutcome> {
    this.received.push(message);
    const step = this.script.length > 0 ? this.script.shift()! : this.otherwise(this.received.length);
    if (step instanceof Error) throw step;
    if (step === 'sent') return { status: 'sent', messageIds: [this.nextId++] };
    return step;
  }

  /** What was handed over, as "chat:html" (or "chat:edit #id:html", "chat:album[n]"), in order. */
  get log(): string[] {
    return this.received.map(show);
  }
}

function show(m: OutgoingMessage): string {
  if (m.kind === 'text') return `${m.chatId}:${m.html}`;
  if (m.kind === 'edit') return `${m.chatId}:edit #${m.messageId}:${m.html}`;
  return `${m.chatId}:album[${m.photos.map((p) => p.caption).join(',')}]`;
}

let db: ReturnType<typeof tempDatabase>;
let clock: FixedClock;
beforeEach(() => {
  db = tempDatabase();
  clock = new FixedClock(new Date(T0));
});
afterEach(() => db.dispose());

const now = () => clock.now().getTime();

/** Queues a text in chat `chatId` whose html is also its dedupe key. */
function text(chatId: string, html: string, extra: { notBefore?: number; dedupeKey?: string; accountId?: string } = {}): number {
  const id = enqueueText(db.db, { accountId: extra.accountId ?? 'main', dedupeKey: extra.dedupeKey ?? html, chatId, html, notBefore: extra.notBefore }, now());
  if (id === null) throw new Error(`${html} was deduplicated`);
  return id;
}

function row(id: number): OutboxRow {
  const found = outboxRow(db.db, id);
  if (!found) throw new Error(`outbox row ${id} is missing`);
  return found;
}

/** Simulates state the code under test only reaches through a crash or a long outage. */
function force(id: number, set: Partial<typeof outbox.$inferInsert>): void {
  db.db.update(outbox).set(set).where(eq(outbox.id, id)).run();
}

function drain(sender: Sender, hooks: DrainHooks = {}) {
  return drainOutbox(db.db, sender, clock, logger, hooks);
}

// ---- 1. a crash mid-send ------------------------------------------------------

describe('a message left `sending` by a crash', () => {
  it.each([
    {
      how: 'a worker is created',
      recover: async (sender: Sender) => {
        const worker = createOutboxWorker(db.db, sender, clock, logger);
        return { recovered: undefined, kick: () => worker.kick() };
      },
    },
    {
      how: 'recoverInterrupted is called',
      recover: async (sender: Sender) => ({ recovered: recoverInterrupted(db.db), kick: () => drain(sender) }),
    },
  ])('becomes `unconfirmed` when $how, is never re-sent, and the pending message beside it is sent', async ({ recover }) => {
    const inFlight = text('chat-a', 'in flight');
    const pending = text('chat-a', 'pending');
    const delivered = text('chat-b', 'delivered earlier');
    const gaveUp = text('chat-b', 'given up earlier');
    force(inFlight, { status: 'sending', attempts: 1 });
    force(delivered, { status: 'sent', messageIds: [7], sentAt: T0 });
    force(gaveUp, { status: 'failed', attempts: MAX_ATTEMPTS, lastError: 'Bad Request' });
    const sender = new ScriptedSender();

    const { recovered, kick } = await recover(sender);
    if (recovered !== undefined) expect(recovered).toBe(1);
    // Recovery itself sends nothing and touches only the `sending` row.
    expect(sender.received).toEqual([]);
    expect(row(inFlight)).toMatchObject({ status: 'unconfirmed', attempts: 1, lastError: 'process stopped during the send', messageIds: null });
    expect(row(delivered)).toMatchObject({ status: 'sent', messageIds: [7] });
    expect(row(gaveUp)).toMatchObject({ status: 'failed', lastError: 'Bad Request' });

    expect(await kick()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(sender.log).toEqual(['chat-a:pending']);
    expect(row(pending)).toMatchObject({ status: 'sent', attempts: 1, messageIds: [1000], sentAt: T0 });

    clock.advance(HOUR);
    expect(await kick()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sender.log).toEqual(['chat-a:pending']);
    expect(row(inFlight).status).toBe('unconfirmed');
  });

  it('recoverInterrupted finds nothing to do when nothing was in flight', () => {
    text('chat-a', 'pending');
    expect(recoverInterrupted(db.db)).toBe(0);
  });
});

// ---- 2. retries, backoff and giving up ---------------------------------------

describe('backoff', () => {
  it.each([
    { attempts: 0, ms: 1 * SECOND },
    { attempts: 1, ms: 1 * SECOND },
    { attempts: 2, ms: 2 * SECOND },
    { attempts: 3, ms: 4 * SECOND },
    { attempts: 4, ms: 8 * SECOND },
    { attempts: 9, ms: 256 * SECOND },
    { attempts: 10, ms: 5 * MINUTE },
    { attempts: MAX_ATTEMPTS, ms: 5 * MINUTE },
  ])('after $attempts attempts waits $ms ms', ({ attempts, ms }) => {
    expect(backoff(attempts)).toBe(ms);
  });
});

describe('a message the sender keeps answering `retry`', () => {
  it(`is retried with backoff and given up after ${MAX_ATTEMPTS} attempts with the last reason`, async () => {
    const id = text('chat-a', 'hello');
    const sender = new ScriptedSender([], (call) => ({ status: 'retry', reason: `503 on call ${call}` }));
    const waits: number[] = [];

    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await drain(sender)).toEqual({ sent: 0, retried: 1, failed: 0 });
      const after = row(id);
      expect(after).toMatchObject({ status: 'pending', attempts: attempt, lastError: `503 on call ${attempt}` });
      expect(after.notBefore - now()).toBe(backoff(attempt));
      waits.push(after.notBefore - now());
      // Not a millisecond early…
      clock.advance(after.notBefore - now() - 1);
      await drain(sender);
      expect(sender.received).toHaveLength(attempt);
      // …and due at notBefore exactly.
      clock.advance(1);
    }
    expect(waits.slice(0, 6)).toEqual([1, 2, 4, 8, 16, 32].map((s) => s * SECOND));
    expect(waits.slice(-1)).toEqual([5 * MINUTE]);

    // The last attempt: given up (what the drain reports for it is tested below).
    await drain(sender);
    expect(row(id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastError: `503 on call ${MAX_ATTEMPTS}`, sentAt: null });
    expect(sender.received).toHaveLength(MAX_ATTEMPTS);

    clock.advance(24 * HOUR);
    expect(await drain(sender)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sender.received).toHaveLength(MAX_ATTEMPTS);
  });

  it.each([
    { attemptsBefore: MAX_ATTEMPTS - 2, status: 'pending', attemptsAfter: MAX_ATTEMPTS - 1 },
    { attemptsBefore: MAX_ATTEMPTS - 1, status: 'failed', attemptsAfter: MAX_ATTEMPTS },
  ])('with $attemptsBefore attempts behind it ends `$status` after one more', async ({ attemptsBefore, status, attemptsAfter }) => {
    const id = text('chat-a', 'hello');
    force(id, { attempts: attemptsBefore, lastError: 'older reason' });
    const sender = new ScriptedSender([{ status: 'retry', reason: 'Too Many Requests' }]);
    await drain(sender);
    expect(row(id)).toMatchObject({ status, attempts: attemptsAfter, lastError: 'Too Many Requests' });
    expect(sender.received).toHaveLength(1);
  });

  it.each([
    { attemptsBefore: 0, retryAfterMs: 30 * SECOND },
    { attemptsBefore: 10, retryAfterMs: 2 * SECOND }, // shorter than the 5-minute backoff it replaces
  ])("honours Telegram's retry_after ($retryAfterMs ms after $attemptsBefore attempts) as notBefore", async ({ attemptsBefore, retryAfterMs }) => {
    const id = text('chat-a', 'hello');
    force(id, { attempts: attemptsBefore });
    const sender = new ScriptedSender([{ status: 'retry', reason: 'Too Many Requests: retry after', retryAfterMs }]);
    await drain(sender);
    expect(row(id)).toMatchObject({ status: 'pending', attempts: attemptsBefore + 1, notBefore: T0 + retryAfterMs });

    clock.advance(retryAfterMs - 1);
    await drain(sender);
    expect(sender.received).toHaveLength(1);
    clock.advance(1);
    await drain(sender);
    expect(sender.received).toHaveLength(2);
    expect(row(id)).toMatchObject({ status: 'sent', attempts: attemptsBefore + 2, lastError: null, sentAt: T0 + retryAfterMs });
  });
});

describe('a `failed` outcome', () => {
  it.each([
    { what: 'a bad request', outcome: { status: 'failed' as const, reason: "Bad Request: can't parse entities" }, gone: [] },
    { what: 'a blocked bot', outcome: { status: 'failed' as const, reason: 'Forbidden: bot was blocked by the user', recipientGone: true }, gone: ['chat-a'] },
  ])('($what) gives up at once; the recipient-gone hook hears of it only when the recipient is gone', async ({ outcome, gone }) => {
    const id = text('chat-a', 'hello');
    const other = text('chat-b', 'other chat');
    const sender = new ScriptedSender([outcome]);
    const heard: string[] = [];

    expect(await drain(sender, { onRecipientGone: (chatId) => heard.push(chatId) })).toEqual({ sent: 1, retried: 0, failed: 1 });
    expect(row(id)).toMatchObject({ status: 'failed', attempts: 1, lastError: outcome.reason, messageIds: null });
    expect(heard).toEqual(gone);
    expect(sender.log).toEqual(['chat-a:hello', 'chat-b:other chat']);
    expect(row(other).status).toBe('sent');

    clock.advance(HOUR);
    await drain(sender, { onRecipientGone: (chatId) => heard.push(chatId) });
    expect(sender.received).toHaveLength(2);
    expect(heard).toEqual(gone);
  });

  it("reaches the worker's recipient-gone hook too", async () => {
    text('chat-a', 'hello');
    const heard: string[] = [];
    const worker = createOutboxWorker(db.db, new ScriptedSender([{ status: 'failed', reason: 'Forbidden', recipientGone: true }]), clock, logger, {
      onRecipientGone: (chatId) => heard.push(chatId),
    });
    expect(await worker.kick()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(heard).toEqual(['chat-a']);
  });
});

// ---- 3 and 6. per-chat order, and a sender that throws -------------------------

describe("a chat's order during a retry", () => {
  it.each([
    { first: { status: 'retry', reason: 'ETIMEDOUT' } as Step, wait: 1 * SECOND, reason: 'ETIMEDOUT' },
    { first: { status: 'retry', reason: 'Too Many Requests', retryAfterMs: 7 * SECOND } as Step, wait: 7 * SECOND, reason: 'Too Many Requests' },
    // 6: a sender that throws is a retry, not a lost message.
    { first: new Error('sender bug: undefined is not a function') as Step, wait: 1 * SECOND, reason: 'sender bug: undefined is not a function' },
  ])('a1 answering $reason holds back a2 but not b1; then a1 and a2 go in order', async ({ first, wait, reason }) => {
    const a1 = text('chat-a', 'a1');
    const a2 = text('chat-a', 'a2');
    const b1 = text('chat-b', 'b1');
    const sender = new ScriptedSender([first]);

    expect(await drain(sender)).toEqual({ sent: 1, retried: 1, failed: 0 });
    expect(sender.log).toEqual(['chat-a:a1', 'chat-b:b1']);
    expect(row(a1)).toMatchObject({ status: 'pending', attempts: 1, notBefore: T0 + wait, lastError: reason });
    expect(row(a2)).toMatchObject({ status: 'pending', attempts: 0, notBefore: T0 });
    expect(row(b1)).toMatchObject({ status: 'sent', attempts: 1, messageIds: [1000] });

    // The waiting a1 still holds a2 back, up to the last millisecond.
    clock.advance(wait - 1);
    expect(await drain(sender)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sender.received).toHaveLength(2);

    clock.advance(1);
    expect(await drain(sender)).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(sender.log).toEqual(['chat-a:a1', 'chat-b:b1', 'chat-a:a1', 'chat-a:a2']);
    expect(row(a1)).toMatchObject({ status: 'sent', attempts: 2, messageIds: [1001], lastError: null });
    expect(row(a2)).toMatchObject({ status: 'sent', attempts: 1, messageIds: [1002] });
    expect(row(a2).sentAt).toBe(row(a1).sentAt);
  });

  it('a message scheduled for later (working hours) does not hold back the later messages of its chat', async () => {
    const morning = text('chat-a', 'at nine', { notBefore: T0 + 2 * HOUR });
    const a2 = text('chat-a', 'a2');
    const sender = new ScriptedSender();

    expect(await drain(sender)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(sender.log).toEqual(['chat-a:a2']);
    expect(row(morning)).toMatchObject({ status: 'pending', attempts: 0, notBefore: T0 + 2 * HOUR });
    expect(row(a2).status).toBe('sent');

    clock.advance(2 * HOUR);
    await drain(sender);
    expect(sender.log).toEqual(['chat-a:a2', 'chat-a:at nine']);
  });
});

describe('pendingMessages', () => {
  it('lists, oldest first, what is due, but not what is scheduled for later, settled, in a chat waiting for a retry, or skipped', () => {
    const due = text('chat-a', 'due');
    const scheduled = text('chat-a', 'scheduled', { notBefore: T0 + HOUR });
    const retrying = text('chat-b', 'retrying');
    force(retrying, { attempts: 2, notBefore: T0 + MINUTE });
    const behindRetry = text('chat-b', 'behind the retry');
    const scheduledEarlier = text('chat-c', 'due already', { notBefore: T0 - HOUR });
    for (const [html, status] of [['sent', 'sent'], ['failed', 'failed'], ['unconfirmed', 'unconfirmed'], ['cancelled', 'cancelled'], ['sending', 'sending']] as const) {
      force(text('chat-d', html), { status });
    }

    expect(pendingMessages(db.db, 50, now()).map((r) => r.id)).toEqual([due, scheduledEarlier]);
    expect(pendingMessages(db.db, 1, now()).map((r) => r.id)).toEqual([due]);
    expect(pendingMessages(db.db, 50, now(), ['chat-a']).map((r) => r.id)).toEqual([scheduledEarlier]);
    // Once the retry is due, its chat is listed again, in order.
    expect(pendingMessages(db.db, 50, T0 + HOUR).map((r) => r.id)).toEqual([due, scheduled, retrying, behindRetry, scheduledEarlier]);
    // A notBefore in the past is queued as "now".
    expect(row(scheduledEarlier).notBefore).toBe(T0);
  });
});

// ---- 4. edits -------------------------------------------------------------------

describe('an edit', () => {
  it('waits for its original and then edits the Telegram message the original became', async () => {
    const original = text('chat-a', 'original', { notBefore: T0 + HOUR });
    const edit = enqueueEdit(db.db, { accountId: 'main', dedupeKey: 'edit-1', editOf: original, html: 'edited', buttons: [[{ text: 'Open', url: 'https://crm.example/d1' }]] }, now());
    expect(edit).not.toBeNull();
    expect(row(edit!)).toMatchObject({ kind: 'edit', chatId: 'chat-a', editOf: original, status: 'pending', notBefore: T0 });
    const sender = new ScriptedSender([{ status: 'sent', messageIds: [4242] }]);

    expect(await drain(sender)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(sender.received).toEqual([]);
    expect(row(edit!)).toMatchObject({ status: 'pending', attempts: 0 });

    clock.advance(HOUR);
    expect(await drain(sender)).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(sender.received).toEqual([
      { kind: 'text', chatId: 'chat-a', html: 'original', buttons: [] },
      { kind: 'edit', chatId: 'chat-a', messageId: 4242, html: 'edited', buttons: [[{ text: 'Open', url: 'https://crm.example/d1' }]] },
    ]);
    expect(row(edit!)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('of an original waiting for a retry waits too', async () => {
    const original = text('chat-a', 'original');
    const edit = enqueueEdit(db.db, { accountId: 'main', dedupeKey: 'edit-1', editOf: original, html: 'edited' }, now())!;
    const sender = new ScriptedSender([{ status: 'retry', reason: '502' }, { status: 'sent', messageIds: [55] }]);

    await drain(sender);
    expect(sender.log).toEqual(['chat-a:original']);
    expect(row(edit)).toMatchObject({ status: 'pending', attempts: 0 });

    clock.advance(backoff(1));
    await drain(sender);
    expect(sender.log).toEqual(['chat-a:original', 'chat-a:original', 'chat-a:edit #55:edited']);
  });

  it.each([
    { fate: 'failed for good', settle: async (_id: number) => void (await drain(new ScriptedSender([{ status: 'failed', reason: 'Bad Request' }]))) },
    { fate: 'cancelled', settle: async (id: number) => void expect(cancelPending(db.db, id)).toBe(true) },
    { fate: 'unconfirmed after a crash', settle: async (id: number) => {
      force(id, { status: 'sending', attempts: 1 });
      recoverInterrupted(db.db);
    } },
  ])('of an original that was $fate ends `failed` with a reason naming the original', async ({ settle }) => {
    const original = text('chat-a', 'original');
    const edit = enqueueEdit(db.db, { accountId: 'main', dedupeKey: 'edit-1', editOf: original, html: 'edited' }, now())!;
    await settle(original);
    expect(row(original).status).not.toBe('sent');

    const sender = new ScriptedSender();
    await drain(sender);
    expect(sender.received.filter((m) => m.kind === 'edit')).toEqual([]);
    expect(row(edit)).toMatchObject({ status: 'failed', attempts: 0, lastError: `the message to edit (#${original}) was never delivered` });
  });

  it('of a message never queued is refused', () => {
    expect(() => enqueueEdit(db.db, { accountId: 'main', dedupeKey: 'edit-x', editOf: 999, html: 'edited' }, now())).toThrow(/999/);
  });
});

// ---- 5. dedupe, and albums --------------------------------------------------------

describe('dedupe', () => {
  it.each([
    { when: 'while the first is pending', between: async () => {} },
    { when: 'after the first was sent', between: async (sender: Sender) => void (await drain(sender)) },
  ])('a second enqueue with the same key $when returns null and only one message is sent', async ({ between }) => {
    const sender = new ScriptedSender();
    const first = text('chat-a', 'first', { dedupeKey: 'finding-17' });
    await between(sender);
    expect(enqueueText(db.db, { accountId: 'main', dedupeKey: 'finding-17', chatId: 'chat-a', html: 'second' }, now())).toBeNull();

    clock.advance(MINUTE);
    await drain(sender);
    expect(sender.log).toEqual(['chat-a:first']);
    expect(row(first).status).toBe('sent');
  });

  it('is per account', async () => {
    ensureAccount(db.db, { id: 'other', name: 'Other', crm: 'demo' }, 0);
    text('chat-a', 'main account', { dedupeKey: 'k' });
    expect(enqueueText(db.db, { accountId: 'other', dedupeKey: 'k', chatId: 'chat-b', html: 'other account' }, now())).not.toBeNull();
    const sender = new ScriptedSender();
    await drain(sender);
    expect(sender.log).toEqual(['chat-a:main account', 'chat-b:other account']);
  });

  it('an album queued twice keeps one set of images, sent in order', async () => {
    const photos = [
      { name: 'a.png', png: Buffer.from('png-a'), caption: 'first' },
      { name: 'b.png', png: Buffer.from('png-b'), caption: 'second' },
    ];
    const id = enqueueAlbum(db.db, { accountId: 'main', dedupeKey: 'album-1', chatId: 'chat-a', photos }, now());
    expect(id).not.toBeNull();
    expect(enqueueAlbum(db.db, { accountId: 'main', dedupeKey: 'album-1', chatId: 'chat-a', photos }, now())).toBeNull();
    expect(albumFiles(db.db, id!).map((f) => f.name)).toEqual(['a.png', 'b.png']);

    const sender = new ScriptedSender([{ status: 'sent', messageIds: [10, 11] }]);
    await drain(sender);
    expect(sender.received).toEqual([
      {
        kind: 'album',
        chatId: 'chat-a',
        photos: [
          { name: 'a.png', bytes: Buffer.from('png-a'), caption: 'first' },
          { name: 'b.png', bytes: Buffer.from('png-b'), caption: 'second' },
        ],
      },
    ]);
    expect(row(id!)).toMatchObject({ status: 'sent', messageIds: [10, 11] });
  });
});


// ---- bugs these tests found, fixed ---------------------------------------------------
// 1. The drain read the 50 oldest pending rows, due or waiting for a retry: when one
//    chat had 50+ messages behind a retrying head (a group answering 429 with
//    retry_after, Monday-morning pings all due at nine), the whole batch was that
//    chat and no other chat was served until its head went through.
// 2. When the last attempt answered `retry`, the row was marked `failed` but the
//    drain counted it as retried, logged "will be retried" and held its chat.

describe('fixed: a backlog behind a retry, giving up after the last attempt', () => {
  it('a chat with more than a batch (50) of due messages behind a retry starves every other chat', async () => {
    for (let i = 1; i <= 50; i++) text('chat-a', `a${i}`);
    text('chat-b', 'b1');
    const sender = new ScriptedSender([{ status: 'retry', reason: 'Too Many Requests', retryAfterMs: 40 * SECOND }]);
    await drain(sender);
    expect(sender.log).toEqual(['chat-a:a1', 'chat-b:b1']);
  });

  it('giving up after the last attempt is counted as a retry, not a failure', async () => {
    const id = text('chat-a', 'a1');
    force(id, { attempts: MAX_ATTEMPTS - 1 });
    const result = await drain(new ScriptedSender([{ status: 'retry', reason: '503' }]));
    expect(row(id).status).toBe('failed');
    expect(result).toEqual({ sent: 0, retried: 0, failed: 1 });
  });

  it('giving up after the last attempt is logged as "will be retried", never as a failure', async () => {
    const id = text('chat-a', 'a1');
    force(id, { attempts: MAX_ATTEMPTS - 1 });
    const lines: string[] = [];
    const capture = createLogger('debug', { write: (line: string) => void lines.push(line) });
    await drainOutbox(db.db, new ScriptedSender([{ status: 'retry', reason: '503' }]), clock, capture);
    expect(row(id).status).toBe('failed');
    expect(lines.map((line) => JSON.parse(line) as { level: number; msg: string })).toContainEqual(expect.objectContaining({ level: 50, msg: 'message failed' }));
  });

  it('giving up after the last attempt still holds back the rest of its chat for that drain', async () => {
    const id = text('chat-a', 'a1');
    force(id, { attempts: MAX_ATTEMPTS - 1 });
    text('chat-a', 'a2');
    const sender = new ScriptedSender([{ status: 'retry', reason: '503' }]);
    await drain(sender);
    expect(row(id).status).toBe('failed');
    // Given up, a1 no longer holds its chat: a2 goes in the same drain, as after a `failed` answer.
    expect(sender.log).toEqual(['chat-a:a1', 'chat-a:a2']);
  });
});
