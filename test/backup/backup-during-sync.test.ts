import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { parseConfig } from '../../src/config';
import type { CrmConnector } from '../../src/crm/connector';
import { ENTITY_NAMES, type EntityName, type Snapshot, type SnapshotChunk } from '../../src/crm/model';
import { openDatabase } from '../../src/db/client';
import { prepareAccount, type JobContext } from '../../src/jobs/context';
import { syncAndEvaluate } from '../../src/jobs/sync-and-evaluate';
import { cliHarness } from '../support/cli-harness';
import { BASE, at, deal, task } from '../support/fixture';
import { fixtureConnector } from '../support/fixture-connector';

/**
 * The acceptance test: a backup taken during a sync restores to a
 * database that passes PRAGMA integrity_check and answers findings — the
 * findings of the snapshot before that sync, the one the backup holds.
 */

// Friday 19:00 UTC, 22:00 in Moscow.
const NOW = '2026-12-04T19:00:00Z';
const created = at('2026-11-30T08:00:00Z');

/** Before: two deals whose tasks are overdue. */
const BEFORE: Snapshot = {
  ...BASE,
  deals: [deal({ id: 'd1', createdAt: created }), deal({ id: 'd2', createdAt: created, responsibleId: 'm2' })],
  tasks: [
    task({ id: 't1', dealId: 'd1', createdAt: created, dueAt: at('2026-12-01T09:00:00Z') }),
    task({ id: 't2', dealId: 'd2', responsibleId: 'm2', createdAt: created, dueAt: at('2026-12-02T09:00:00Z') }),
  ],
};

/**
 * After: both tasks done, and enough new deals (2 100) that the sync writes
 * its staging table before it pauses, not only at the end.
 */
const AFTER: Snapshot = {
  ...BEFORE,
  deals: [...BEFORE.deals, ...Array.from({ length: 2_100 }, (_, i) => deal({ id: `n${i}`, createdAt: at('2026-12-04T08:00:00Z'), stageId: 's-won', closedAt: at('2026-12-04T09:00:00Z') }))],
  tasks: BEFORE.tasks.map((t) => ({ ...t, completed: true, completedAt: at('2026-12-03T09:00:00Z') })),
};

/** The fixture CRM that stops before serving `entity` until the test lets it go on; `paused` resolves when it stopped. */
function pausingConnector(snapshot: Snapshot, entity: EntityName) {
  const inner = fixtureConnector(snapshot);
  let resume!: () => void;
  let stopped!: () => void;
  const gate = new Promise<void>((resolve) => (resume = resolve));
  const paused = new Promise<void>((resolve) => (stopped = resolve));
  const connector: CrmConnector = {
    ...inner,
    async *fetchFull() {
      for (const name of ENTITY_NAMES) {
        if (name === entity) {
          stopped();
          await gate;
        }
        yield { entity: name, rows: structuredClone(snapshot[name]) } as SnapshotChunk;
      }
    },
  };
  return { connector, paused, resume };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('a backup taken during a sync restores to a database that passes PRAGMA integrity_check and answers findings (the previous snapshot’s)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-qc-backup-sync-'));
  dirs.push(dir);
  // The bot's side: its own connection, syncing.
  const config = parseConfig({ DATABASE_PATH: join(dir, 'bot', 'crm-qc.sqlite'), OUT_DIR: join(dir, 'out'), LOG_LEVEL: 'silent' });
  const handle = openDatabase(config.DATABASE_PATH);
  const clock = new FixedClock(new Date(NOW));
  const ctx: JobContext = { config, handle, clock, logger: pino({ level: 'silent' }) };
  prepareAccount(ctx);
  // The operator's side: the CLI on the same file, as another process would be.
  const operator = cliHarness(NOW, { DATABASE_PATH: config.DATABASE_PATH });
  dirs.push(operator.dir);
  try {
    await syncAndEvaluate(ctx, fixtureConnector(BEFORE), 'full');
    const before = await operator.run('findings', '--json');
    expect(before.code).toBe(0);
    const beforeFindings = JSON.parse(before.stdout) as { rule: string; taskId: string | null }[];
    expect(beforeFindings.filter((f) => f.rule === 'task_overdue').map((f) => f.taskId).sort()).toEqual(['t1', 't2']);

    const pausing = pausingConnector(AFTER, 'stageChanges');
    const syncing = syncAndEvaluate(ctx, pausing.connector, 'full');
    await pausing.paused;
    // Mid-sync: the run is recorded as running, the lease held, the deals staged (2 100 rows: written, not only gathered).
    const runId = handle.sqlite.prepare("SELECT id FROM sync_runs WHERE status = 'running'").pluck().get() as number;
    expect(runId).toBeTypeOf('number');
    expect(handle.sqlite.prepare('SELECT count(*) FROM sync_leases').pluck().get()).toBe(1);
    expect(handle.sqlite.prepare(`SELECT count(*) FROM temp."sync_stage_${runId}_deals"`).pluck().get()).toBe(2_102);

    mkdirSync(join(dir, 'backups'));
    const file = join(dir, 'backups', 'during-sync.sqlite');
    const backup = await operator.run('backup', file);
    expect({ code: backup.code, stderr: backup.stderr }).toEqual({ code: 0, stderr: '' });

    pausing.resume();
    const finished = await syncing;
    expect(finished.run.status).toBe('ok');
    const live = await operator.run('findings', '--json');
    expect(JSON.parse(live.stdout)).not.toEqual(beforeFindings);

    // Restored on another server: the CLI with another DATABASE_PATH.
    const restored = cliHarness(NOW, { DATABASE_PATH: join(dir, 'restored', 'crm-qc.sqlite') });
    dirs.push(restored.dir);
    const restore = await restored.run('restore', file);
    expect({ code: restore.code, stderr: restore.stderr }).toEqual({ code: 0, stderr: '' });
    const check = new Database(restored.env.DATABASE_PATH!, { fileMustExist: true });
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      // The snapshot before the sync, whole: none of its 2 100 new deals, the sync's run still marked running.
      expect(check.prepare('SELECT count(*) FROM deals').pluck().get()).toBe(2);
      expect(check.prepare('SELECT status FROM sync_runs ORDER BY id').pluck().all()).toEqual(['ok', 'running']);
    } finally {
      check.close();
    }
    const answered = await restored.run('findings', '--json');
    expect({ code: answered.code, stderr: answered.stderr }).toEqual({ code: 0, stderr: '' });
    expect(answered.stdout).toBe(before.stdout);
  } finally {
    handle.close();
  }
});
