import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { parseConfig } from '../../src/config';
import { ensureAccount } from '../../src/db/accounts';
import { pruneOldRows } from '../../src/db/retention';
import { outbox, outboxFiles, pingSteps, pings, snoozes, syncRuns } from '../../src/db/schema';
import type { JobContext } from '../../src/jobs/context';
import { pruneAccount } from '../../src/jobs/prune';
import { createLogger } from '../../src/logger';
import { DAY, HOUR, MINUTE } from '../../src/time';
import { at } from '../support/fixture';
import { tempDatabase } from '../support/temp-db';

/**
 * Retention on a real SQLite file, at exact instants: what is one
 * millisecond on either side of the cutoff, and what must stay whatever its
 * age because something still reads it.
 */

const NOW = at('2026-11-23T09:00:00Z');
const CUTOFF = NOW - 90 * DAY;
const OLD = CUTOFF - 10 * DAY;

let db: ReturnType<typeof tempDatabase>;
beforeEach(() => {
  db = tempDatabase();
  ensureAccount(db.db, { id: 'other', name: 'Other', crm: 'demo' }, 0);
});
afterEach(() => db.dispose());

type OutboxFields = Partial<typeof outbox.$inferInsert>;
type PingFields = Partial<typeof pings.$inferInsert>;

let keys = 0;
/** An outbox row; by default a text sent long before the cutoff. */
function message(fields: OutboxFields = {}): number {
  const createdAt = fields.createdAt ?? OLD;
  return db.db
    .insert(outbox)
    .values({
      accountId: 'main',
      dedupeKey: `k${++keys}`,
      chatId: '100',
      kind: 'text',
      payload: { html: 'Задача «Позвонить Иванову» по сделке «ООО Ромашка»', buttons: [] },
      status: 'sent',
      notBefore: createdAt,
      createdAt,
      sentAt: fields.status === undefined || fields.status === 'sent' ? createdAt + MINUTE : null,
      messageIds: [1],
      ...fields,
    })
    .returning({ id: outbox.id })
    .get().id;
}

let tasks = 0;
/** A ping; by default closed long before the cutoff. */
function ping(fields: PingFields = {}): number {
  return db.db
    .insert(pings)
    .values({
      accountId: 'main',
      taskId: `t${++tasks}`,
      dueAt: OLD - HOUR,
      detectedAt: OLD,
      facts: { task: 'Позвонить Иванову', manager: 'Ипполит', dealName: 'ООО Ромашка', dealUrl: null, stage: null, pipeline: null, amount: null },
      outcome: 'done',
      closedAt: OLD + HOUR,
      ...fields,
    })
    .returning({ id: pings.id })
    .get().id;
}

const exists = {
  message: (id: number) => db.db.select().from(outbox).where(eq(outbox.id, id)).get() !== undefined,
  ping: (id: number) => db.db.select().from(pings).where(eq(pings.id, id)).get() !== undefined,
};

describe('outbox rows', () => {
  // Each case makes one row (and whatever refers to it) and says whether the prune keeps it.
  it.each<[string, 'kept' | 'pruned', () => number]>([
    ['sent, created and sent 1 ms before the cutoff', 'pruned', () => message({ createdAt: CUTOFF - 2, sentAt: CUTOFF - 1 })],
    ['sent exactly at the cutoff', 'kept', () => message({ createdAt: CUTOFF - HOUR, sentAt: CUTOFF })],
    ['created 1 ms before the cutoff, sent 1 ms after it (finished after)', 'kept', () => message({ createdAt: CUTOFF - 1, sentAt: CUTOFF + 1 })],
    ['sent 1 ms after the cutoff', 'kept', () => message({ createdAt: CUTOFF + 1, sentAt: CUTOFF + 1 })],
    ['cancelled, created 1 ms before the cutoff', 'pruned', () => message({ status: 'cancelled', createdAt: CUTOFF - 1 })],
    ['cancelled, created at the cutoff', 'kept', () => message({ status: 'cancelled', createdAt: CUTOFF })],
    ['failed (given up), old', 'pruned', () => message({ status: 'failed', lastError: 'Forbidden: bot was blocked by the user' })],
    ['unconfirmed (a crash mid-send), old', 'pruned', () => message({ status: 'unconfirmed' })],
    ['pending, old (still to send)', 'kept', () => message({ status: 'pending' })],
    ['sending, old (an attempt in flight)', 'kept', () => message({ status: 'sending' })],
    ['old, the manager message of an open ping', 'kept', () => ping({ closedAt: null, outcome: null, managerMessage: message() }) && lastMessage()],
    ['old, the supervisor digest of an open ping', 'kept', () => ping({ closedAt: null, outcome: null, supervisorMessage: message() }) && lastMessage()],
    ['old, the escalation of an open ping', 'kept', () => ping({ closedAt: null, outcome: null, escalationMessage: message() }) && lastMessage()],
    ['old, a later ladder step of an open ping', 'kept', () => step(ping({ closedAt: null, outcome: null }), message())],
    ['old, a later ladder step of a closed ping', 'pruned', () => step(ping({ closedAt: NOW - HOUR }), message())],
    ['old, the manager message of a closed ping', 'pruned', () => ping({ closedAt: NOW - HOUR, managerMessage: message() }) && lastMessage()],
    ['old, the original of a pending edit', 'kept', () => editOf(message(), 'pending')],
    ['old, the original of an edit being sent', 'kept', () => editOf(message(), 'sending')],
    ['old, the original of a sent edit', 'pruned', () => editOf(message(), 'sent')],
    ["old, another account's", 'kept', () => message({ accountId: 'other' })],
  ])('%s: %s', (_name, expected, make) => {
    const id = make();
    pruneOldRows(db, 'main', CUTOFF);
    expect(exists.message(id) ? 'kept' : 'pruned').toBe(expected);
  });

  /** Queues an edit of `original` in the given state; returns the original's id. */
  function editOf(original: number, status: 'pending' | 'sending' | 'sent'): number {
    message({ kind: 'edit', editOf: original, status, createdAt: status === 'sent' ? OLD : NOW - MINUTE });
    return original;
  }

  /** Records a fired step of `pingId`'s ladder that told `messageId`; returns the message. */
  function step(pingId: number, messageId: number): number {
    db.db.insert(pingSteps).values({ accountId: 'main', pingId, afterMinutes: 1440, recipient: 'report_chat', firedAt: OLD, messageId, chatId: '-100' }).run();
    return messageId;
  }

  function lastMessage(): number {
    return db.db.select({ id: outbox.id }).from(outbox).all().at(-1)!.id;
  }

  it('an old album goes with its images; a recent one keeps them', () => {
    const old = message({ kind: 'album', payload: { captions: ['a', 'b'] } });
    const recent = message({ kind: 'album', payload: { captions: ['c'] }, createdAt: NOW - DAY });
    db.db.insert(outboxFiles).values([
      { outboxId: old, position: 0, name: 'stages.png', bytes: Buffer.from('png-a') },
      { outboxId: old, position: 1, name: 'trend.png', bytes: Buffer.from('png-b') },
      { outboxId: recent, position: 0, name: 'stages.png', bytes: Buffer.from('png-c') },
    ]).run();
    expect(pruneOldRows(db, 'main', CUTOFF)).toEqual({ outbox: 1, outbox_files: 2, pings: 0, sync_runs: 0, snoozes: 0 });
    expect(db.db.select({ outboxId: outboxFiles.outboxId }).from(outboxFiles).all()).toEqual([{ outboxId: recent }]);
  });
});

describe('pings', () => {
  it.each<[string, 'kept' | 'pruned', () => number]>([
    ['closed 1 ms before the cutoff', 'pruned', () => ping({ closedAt: CUTOFF - 1 })],
    ['closed exactly at the cutoff', 'kept', () => ping({ closedAt: CUTOFF })],
    ['closed 1 ms after the cutoff', 'kept', () => ping({ closedAt: CUTOFF + 1 })],
    ['open, detected long before the cutoff', 'kept', () => ping({ closedAt: null, outcome: null })],
    ['closed long ago, in one digest with a ping still open', 'kept', () => sharingDigest(null)],
    ['closed long ago, in one digest with pings closed long ago too', 'pruned', () => sharingDigest(OLD)],
    ["closed long ago, another account's", 'kept', () => ping({ accountId: 'other' })],
  ])('%s: %s', (_name, expected, make) => {
    const id = make();
    pruneOldRows(db, 'main', CUTOFF);
    expect(exists.ping(id) ? 'kept' : 'pruned').toBe(expected);
  });

  /** Three pings told to supervisors in one digest; returns the first, closed long ago. The others are closed at `othersClosedAt`. */
  function sharingDigest(othersClosedAt: number | null): number {
    const digest = message({ status: 'sent' });
    const first = ping({ supervisorMessage: digest });
    for (let i = 0; i < 2; i++) ping({ supervisorMessage: digest, closedAt: othersClosedAt, outcome: othersClosedAt === null ? null : 'moved' });
    return first;
  }

  it('the digest an open ping shares with closed ones stays, and so do they, until it closes', () => {
    const digest = message();
    const closed = ping({ supervisorMessage: digest });
    const open = ping({ supervisorMessage: digest, closedAt: null, outcome: null });
    expect(pruneOldRows(db, 'main', CUTOFF)).toEqual({ outbox: 0, outbox_files: 0, pings: 0, sync_runs: 0, snoozes: 0 });
    db.db.update(pings).set({ closedAt: OLD + DAY, outcome: 'gone' }).where(eq(pings.id, open)).run();
    expect(pruneOldRows(db, 'main', CUTOFF)).toEqual({ outbox: 1, outbox_files: 0, pings: 2, sync_runs: 0, snoozes: 0 });
    expect([exists.message(digest), exists.ping(closed), exists.ping(open)]).toEqual([false, false, false]);
  });
});

describe('sync runs', () => {
  type Run = [label: string, fields: Partial<typeof syncRuns.$inferInsert>, expected: 'kept' | 'pruned'];
  const run = (label: string, mode: 'full' | 'incremental', status: 'ok' | 'failed' | 'running', startedAt: number, expected: 'kept' | 'pruned', accountId = 'main'): Run => [
    label,
    { accountId, mode, status, startedAt, finishedAt: status === 'running' ? null : startedAt + MINUTE, error: status === 'failed' ? 'HTTP 503' : null },
    expected,
  ];

  it.each<[string, Run[]]>([
    [
      'no sync got through for months (the bot was stopped): what freshness and /status read survives',
      [
        run('an older full ok', 'full', 'ok', OLD - 10 * DAY, 'pruned'),
        run('the newest full ok, before the cutoff', 'full', 'ok', OLD - 5 * DAY, 'kept'),
        run('an older incremental ok', 'incremental', 'ok', OLD - 3 * DAY, 'pruned'),
        run('a failure between', 'incremental', 'failed', OLD - 2 * DAY, 'pruned'),
        run('the newest incremental ok, before the cutoff', 'incremental', 'ok', OLD - DAY, 'kept'),
        run('the newest run, a failure 1 ms before the cutoff', 'incremental', 'failed', CUTOFF - 1, 'kept'),
      ],
    ],
    [
      'syncing every 15 minutes: only recent runs and the newest of each mode stay',
      [
        run('a full ok 1 ms before the cutoff', 'full', 'ok', CUTOFF - 1, 'pruned'),
        run('an interrupted run still marked running', 'full', 'running', OLD, 'kept'),
        run('a failure 1 ms before the cutoff', 'incremental', 'failed', CUTOFF - 1, 'pruned'),
        run('a failure at the cutoff', 'incremental', 'failed', CUTOFF, 'kept'),
        run('a full ok last night', 'full', 'ok', NOW - 6 * HOUR, 'kept'),
        run('an incremental ok 15 minutes ago', 'incremental', 'ok', NOW - 15 * MINUTE, 'kept'),
        run("another account's old failure", 'incremental', 'failed', OLD, 'kept', 'other'),
      ],
    ],
  ])('%s', (_name, runs) => {
    const ids = runs.map(([, fields]) => db.db.insert(syncRuns).values({ accountId: 'main', mode: 'full', status: 'ok', startedAt: 0, ...fields }).returning().get().id);
    const pruned = pruneOldRows(db, 'main', CUTOFF);
    const left = new Set(db.db.select({ id: syncRuns.id }).from(syncRuns).all().map((r) => r.id));
    expect(Object.fromEntries(runs.map(([label], i) => [label, left.has(ids[i]!) ? 'kept' : 'pruned']))).toEqual(Object.fromEntries(runs.map(([label, , expected]) => [label, expected])));
    expect(pruned.sync_runs).toBe(runs.filter(([, , expected]) => expected === 'pruned').length);
  });
});

describe('what retention keeps', () => {
  it('findings, trend points, norms, settings, links, admins, bound chats and the audit log stay, however old', () => {
    const s = db.sqlite;
    s.prepare(`INSERT INTO findings (account_id, key, rule, severity, since, facts, first_seen_at, last_seen_at, resolved_at) VALUES ('main', 'k', 'task_overdue', 'violation', 0, '{}', 0, 0, 1)`).run();
    s.prepare(`INSERT INTO trend_points (account_id, week_end, norms_key, violations, remarks, counted_at) VALUES ('main', 0, 'n', 1, 2, 0)`).run();
    s.prepare(`INSERT INTO norms (account_id, document, updated_at) VALUES ('main', '{}', 0)`).run();
    s.prepare(`INSERT INTO account_settings (account_id) VALUES ('main')`).run();
    s.prepare(`INSERT INTO telegram_links (account_id, crm_user_id, telegram_user_id, telegram_name, locale, linked_at) VALUES ('main', 'm1', '501', 'Ипполит', 'ru', 0)`).run();
    s.prepare(`INSERT INTO admins (account_id, telegram_user_id, granted_by, granted_at) VALUES ('main', '501', '1', 0)`).run();
    s.prepare(`INSERT INTO bound_chats (account_id, chat_id, role, title, bound_by, bound_at) VALUES ('main', '-100', 'report', 'Heads', '1', 0)`).run();
    s.prepare(`INSERT INTO audit_log (account_id, actor, action, at) VALUES ('main', '1', 'chat.bound', 0)`).run();
    const tables = ['findings', 'trend_points', 'norms', 'account_settings', 'telegram_links', 'admins', 'bound_chats', 'audit_log'];
    const counts = () => Object.fromEntries(tables.map((t) => [t, (s.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
    const before = counts();
    expect(Object.values(before).every((n) => n === 1)).toBe(true);
    pruneOldRows(db, 'main', NOW);
    expect(counts()).toEqual(before);
  });
});

describe('pruneAccount (the use case)', () => {
  it('prunes at now less RETENTION_DAYS and logs the counts, not what the rows said', () => {
    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    const ctx: JobContext = { config: parseConfig({ RETENTION_DAYS: '30' }), handle: db, clock: new FixedClock(new Date(NOW)), logger };
    const cutoff = NOW - 30 * DAY;
    const before = message({ createdAt: cutoff - 2, sentAt: cutoff - 1 });
    const at = message({ createdAt: cutoff - 1, sentAt: cutoff });
    const closed = ping({ closedAt: cutoff - 1 });

    expect(pruneAccount(ctx)).toEqual({ before: cutoff, pruned: { outbox: 1, outbox_files: 0, pings: 1, sync_runs: 0, snoozes: 0 } });
    expect([exists.message(before), exists.message(at), exists.ping(closed)]).toEqual([false, true, false]);
    const log = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log).toEqual([expect.objectContaining({ msg: 'old rows pruned', account: 'main', retentionDays: 30, before: new Date(cutoff).toISOString(), pruned: { outbox: 1, outbox_files: 0, pings: 1, sync_runs: 0, snoozes: 0 } })]);
    expect(lines.join('')).not.toMatch(/Ромашка|Иванов/);
  });
});

describe('snoozes', () => {
  const snooze = (fields: Partial<typeof snoozes.$inferInsert> & { targetId: string }) =>
    db.db
      .insert(snoozes)
      .values({ accountId: 'main', scope: 'deal', reason: 'other', note: 'клиент Иванов +7 916 123-45-67', until: NOW + DAY, status: 'active', createdBy: '1001', createdAt: OLD, ...fields })
      .run();

  it('an ended snooze goes after the retention period (a typed reason may name a customer); a live one and a recent one stay', () => {
    snooze({ targetId: 'd1', status: 'ended', endedAt: OLD, endReason: 'expired', until: OLD });
    snooze({ targetId: 'd2', status: 'ended', endedAt: NOW - DAY, endReason: 'cancelled' });
    snooze({ targetId: 'd3' });
    expect(pruneOldRows(db, 'main', CUTOFF)).toEqual({ outbox: 0, outbox_files: 0, pings: 0, sync_runs: 0, snoozes: 1 });
    expect(db.db.select({ targetId: snoozes.targetId }).from(snoozes).all().map((s) => s.targetId)).toEqual(['d2', 'd3']);
  });
});
