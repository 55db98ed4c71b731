import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../src/clock';
import { openDatabase, type DatabaseHandle } from '../src/db/client';
import { ensureAccount } from '../src/db/accounts';
import { acquireSyncLease } from '../src/sync/lease';
import { builtArgs, NODE } from './support/built-app';

// One sync at a time across real processes: `npm run -s cli -- sync` started twice, or while a lease is held.
const root = mkdtempSync(join(tmpdir(), 'crm-qc-sync-proc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
// Each start of the built CLI takes about 0.5 s and a demo sync 2–4 s on a slow machine.
const TIMEOUT_MS = 90_000;
const EXIT_DEADLINE_MS = 75_000;

function envFor(name: string, extra: Record<string, string> = {}) {
  const dir = join(root, name);
  return { dir, env: { ...process.env, DATABASE_PATH: join(dir, 'db.sqlite'), OUT_DIR: join(dir, 'out'), LOG_LEVEL: 'warn', TIMEZONE: 'UTC', ...extra } };
}

/** Starts `npm run cli -- sync` (the built CLI); resolves with its exit code and output once it exits, or kills it past the deadline. */
function cliSync(env: NodeJS.ProcessEnv) {
  const child = spawn(NODE, builtArgs('cli', 'sync'), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const deadline = setTimeout(() => child.kill('SIGKILL'), EXIT_DEADLINE_MS);
    child.once('close', (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });
}

function syncRuns(handle: DatabaseHandle) {
  return handle.sqlite.prepare('SELECT id, status, error, started_at AS startedAt, finished_at AS finishedAt FROM sync_runs ORDER BY id').all() as {
    id: number;
    status: string;
    error: string | null;
    startedAt: number;
    finishedAt: number | null;
  }[];
}

describe('syncs in separate processes', () => {
  it(
    'two CLI syncs started at the same moment on a fresh (migrated, never synced) database: one after the other, both succeed',
    async () => {
      const { env, dir } = envFor('twice');
      // The schema is in place first: two processes migrating a brand-new file at once is the case skipped below.
      openDatabase(join(dir, 'db.sqlite')).close();
      const [a, b] = await Promise.all([cliSync(env), cliSync(env)]);
      for (const run of [a, b]) {
        expect(run, JSON.stringify(run)).toMatchObject({ code: 0 });
        expect(run.stdout).toMatch(/^Synced demo/);
        expect(run.stderr).not.toContain('database is locked');
        expect(run.stderr).not.toContain('interrupted');
      }
      const handle = openDatabase(join(dir, 'db.sqlite'));
      try {
        const runs = syncRuns(handle);
        expect(runs.map((r) => [r.status, r.error])).toEqual([
          ['ok', null],
          ['ok', null],
        ]);
        // One at a time: the second run started only after the first had finished.
        expect(runs[1]!.startedAt).toBeGreaterThanOrEqual(runs[0]!.finishedAt!);
        expect(handle.sqlite.prepare('SELECT count(*) FROM sync_leases').pluck().get()).toBe(0);
      } finally {
        handle.close();
      }
    },
    TIMEOUT_MS,
  );

  // Opening a brand-new file at once: both processes migrate it, one after the other (src/db/migrate.ts).
  it(
    'two CLI syncs started at the same moment on a brand-new database file: both succeed',
    async () => {
      const { env } = envFor('brand-new');
      const [a, b] = await Promise.all([cliSync(env), cliSync(env)]);
      for (const run of [a, b]) expect(run, JSON.stringify(run)).toMatchObject({ code: 0 });
    },
    TIMEOUT_MS,
  );

  it(
    'a lease held by a live process: a CLI sync gives up after SYNC_LEASE_WAIT_SECONDS naming it; once released a sync runs',
    async () => {
      const { env, dir } = envFor('held', { SYNC_LEASE_WAIT_SECONDS: '1' });
      const handle = openDatabase(join(dir, 'db.sqlite'));
      try {
        // The CLI judges the lease on the system clock: the test's clock stands at the moment the lease is taken.
        const clock = new FixedClock(new Date());
        ensureAccount(handle.db, { id: 'main', name: 'Main', crm: 'demo' }, clock.now().getTime());
        const lease = await acquireSyncLease(handle, { accountId: 'main', clock, logger: pino({ level: 'silent' }), waitMs: 0, timezone: 'UTC' });
        const since = clock.now().toISOString().slice(0, 16).replace('T', ' ');

        const busy = await cliSync(env);
        expect(busy.code, JSON.stringify(busy)).toBe(1);
        expect(busy.stderr).toContain(`sync: a sync of this account is already running since ${since} (pid ${process.pid}); try again when it ends`);
        expect(busy.stdout).toBe('');
        expect(syncRuns(handle)).toEqual([]);
        // The refused sync left the lease to its holder.
        expect(handle.sqlite.prepare('SELECT owner FROM sync_leases').pluck().all()).toEqual([lease.owner]);

        lease.release();
        const after = await cliSync(env);
        expect(after, JSON.stringify(after)).toMatchObject({ code: 0 });
        expect(after.stdout).toMatch(/^Synced demo/);
        expect(syncRuns(handle).map((r) => [r.status, r.error])).toEqual([['ok', null]]);
      } finally {
        handle.close();
      }
    },
    TIMEOUT_MS,
  );
});
