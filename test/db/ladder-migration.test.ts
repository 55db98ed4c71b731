import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/db/migrate';
import { openDatabase } from '../../src/db/client';
import { loadNorms } from '../../src/norms/store';
import { dueSteps } from '../../src/pings/plan';

/**
 * The escalation ladder's migrations over a database written before it:
 * pings whose messages were kept in manager_message, supervisor_message and
 * escalation_message get their steps recorded, so no open ping is told again
 * and a closed one edits every message; the escalation step is named by the
 * account's old escalateAfterMinutes, as the norms now read it.
 */

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));
const MINUTE = 60_000;
const T = Date.parse('2026-11-23T07:31:00Z');

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The migrations as they were before the ladder: the folder without them. */
function migrationsBeforeLadder(): string {
  const folder = join(dir, 'drizzle-before');
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const first = journal.entries.findIndex((e) => e.tag.includes('escalation_ladder'));
  expect(first).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, first);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

describe('the escalation ladder migration', () => {
  it('records the steps old pings had, with their messages and chats', () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-qc-ladder-'));
    const path = join(dir, 'old.sqlite');
    const sqlite = new Database(path);
    sqlite.pragma('foreign_keys = ON');
    applyMigrations(sqlite, migrationsBeforeLadder());

    sqlite.prepare("INSERT INTO accounts (id, name, crm, created_at) VALUES ('main', 'Test', 'demo', 0)").run();
    const norms = { timezone: 'Europe/Moscow', workingHours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }, rules: { task_overdue: { escalateAfterMinutes: 90 } } };
    sqlite.prepare("INSERT INTO norms (account_id, document, updated_at) VALUES ('main', ?, 0)").run(JSON.stringify(norms));
    const message = sqlite.prepare("INSERT INTO outbox (account_id, dedupe_key, chat_id, kind, payload, status, not_before, created_at) VALUES ('main', ?, ?, 'text', '{\"html\":\"x\"}', 'sent', 0, 0)");
    const id = (key: string, chat: string) => Number(message.run(key, chat).lastInsertRowid);
    const ping = sqlite.prepare(
      "INSERT INTO pings (account_id, task_id, due_at, detected_at, facts, manager_message, supervisor_message, escalated_at, escalation_message, outcome, closed_at) VALUES ('main', ?, ?, ?, '{\"task\":\"x\",\"manager\":\"m\"}', ?, ?, ?, ?, ?, ?)",
    );
    const add = (task: string, fields: { manager?: number | null; supervisor?: number | null; escalatedAt?: number | null; escalation?: number | null; closedAt?: number | null }) =>
      Number(ping.run(task, T - MINUTE, T, fields.manager ?? null, fields.supervisor ?? null, fields.escalatedAt ?? null, fields.escalation ?? null, fields.closedAt ? 'done' : null, fields.closedAt ?? null).lastInsertRowid);

    // Open, told both: the escalation still to come.
    const told = add('t1', { manager: id('ping:1:manager', '111'), supervisor: id('ping:1:supervisor', '222') });
    // Open, the manager unlinked, escalated: nothing left to do.
    const escalated = add('t2', { supervisor: id('ping:2:supervisor', '-100'), escalatedAt: T + 90 * MINUTE, escalation: id('ping:2:escalation', '-100') });
    // Closed, sharing a digest.
    const digest = id('digest:3', '-100');
    const closedA = add('t3', { supervisor: digest, closedAt: T + 10 * MINUTE });
    const closedB = add('t4', { supervisor: digest, closedAt: T + 10 * MINUTE });
    sqlite.close();

    // The bot starts on the new version: the pending migrations run as it opens the file.
    const handle = openDatabase(path);
    const rows = handle.sqlite.prepare('SELECT ping_id, after_minutes, recipient, fired_at, message_id, chat_id FROM ping_steps ORDER BY ping_id, after_minutes, recipient').all();
    expect(rows).toEqual([
      { ping_id: told, after_minutes: 0, recipient: 'manager', fired_at: T, message_id: 1, chat_id: '111' },
      { ping_id: told, after_minutes: 0, recipient: 'supervisor', fired_at: T, message_id: 2, chat_id: '222' },
      { ping_id: escalated, after_minutes: 0, recipient: 'manager', fired_at: T, message_id: null, chat_id: null },
      { ping_id: escalated, after_minutes: 0, recipient: 'supervisor', fired_at: T, message_id: 3, chat_id: '-100' },
      { ping_id: escalated, after_minutes: 90, recipient: 'supervisor', fired_at: T + 90 * MINUTE, message_id: 4, chat_id: '-100' },
      { ping_id: closedA, after_minutes: 0, recipient: 'manager', fired_at: T, message_id: null, chat_id: null },
      { ping_id: closedA, after_minutes: 0, recipient: 'supervisor', fired_at: T, message_id: digest, chat_id: '-100' },
      { ping_id: closedB, after_minutes: 0, recipient: 'manager', fired_at: T, message_id: null, chat_id: null },
      { ping_id: closedB, after_minutes: 0, recipient: 'supervisor', fired_at: T, message_id: digest, chat_id: '-100' },
    ]);

    // The norms read the old number as the ladder whose steps were recorded: the open ping escalates at 90 minutes, once.
    const ladder = loadNorms(handle.db, 'main', 'Europe/Moscow').rules.task_overdue.escalation;
    const fired = (pingId: number) => new Set((rows as { ping_id: number; after_minutes: number; recipient: string }[]).filter((r) => r.ping_id === pingId).map((r) => `${r.after_minutes}:${r.recipient}`));
    expect(dueSteps(ladder, { dueAt: T - MINUTE, detectedAt: T, fired: fired(told) }, T + 89 * MINUTE)).toEqual([]);
    expect(dueSteps(ladder, { dueAt: T - MINUTE, detectedAt: T, fired: fired(told) }, T + 90 * MINUTE)).toEqual([{ afterMinutes: 90, to: 'supervisor' }]);
    expect(dueSteps(ladder, { dueAt: T - MINUTE, detectedAt: T, fired: fired(escalated) }, T + 600 * MINUTE)).toEqual([]);

    // Erasing the account and pruning a closed ping take its steps with it.
    handle.sqlite.prepare('DELETE FROM pings WHERE id = ?').run(closedA);
    expect(handle.sqlite.prepare('SELECT count(*) FROM ping_steps WHERE ping_id = ?').pluck().get(closedA)).toBe(0);
    handle.close();
  });
});
