import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureAccount } from '../../src/db/accounts';
import { openDatabase } from '../../src/db/client';
import { HEARTBEAT_STALE_MS, startHeartbeat } from '../../src/db/heartbeat';
import { applyMigrations } from '../../src/db/migrate';
import { MIGRATIONS_DIR } from '../../src/paths';
import { DAY } from '../../src/time';
import { cliHarness } from '../support/cli-harness';
import { at } from '../support/fixture';

// 22:00:00 in Moscow (TIMEZONE's default): the kept copy's name.
const NOW = '2026-12-04T19:00:00Z';
const KEPT = 'db.sqlite.before-restore-2026-12-04T22-00-00';
const logger = pino({ level: 'silent' });
const NEXT = 'Next: start the bot (npm start, systemctl start crm-qc-bot, or docker compose start bot).\n';

let cli: ReturnType<typeof cliHarness> | undefined;
afterEach(() => {
  cli?.dispose();
  cli = undefined;
});

/** A crm-qc-bot database whose account's name tells which it is. */
function databaseNamed(path: string, name: string): string {
  const handle = openDatabase(path);
  ensureAccount(handle.db, { id: 'main', name, crm: 'demo' }, 0);
  handle.close();
  return path;
}

/** Which database a file is, by its account's name, read without migrating it (read-write: a read-only connection leaves a -wal and -shm behind). */
function nameIn(path: string): string {
  const sqlite = new Database(path, { fileMustExist: true });
  try {
    return sqlite.prepare("SELECT name FROM accounts WHERE id = 'main'").pluck().get() as string;
  } finally {
    sqlite.close();
  }
}

function setup() {
  cli = cliHarness(NOW);
  const database = databaseNamed(cli.env.DATABASE_PATH!, 'current');
  mkdirSync(join(cli.dir, 'backups'));
  const backup = databaseNamed(join(cli.dir, 'backups', 'backup.sqlite'), 'from the backup');
  return { cli, database, backup };
}

/** The database untouched: still "current", nothing kept or left beside it. */
function expectUntouched(harness: ReturnType<typeof cliHarness>, database: string) {
  expect(nameIn(database)).toBe('current');
  expect(readdirSync(harness.dir).sort()).toEqual(['backups', 'db.sqlite']);
}

/** The pid of a process that existed and ended. */
function deadPid(): number {
  const ended = spawnSync(process.execPath, ['-e', '']);
  return ended.pid!;
}

describe('cli restore FILE', () => {
  it('puts the backup in place, keeps the replaced database as before-restore, and says what to do next; that copy undoes it', async () => {
    const { cli, database, backup } = setup();
    const first = await cli.run('restore', backup);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(new RegExp(`^Restored ${backup} into ${database}: \\d+ KB, integrity check ok\\.\\n`));
    expect(first.stdout).toContain(`The database it replaced is kept as ${join(cli.dir, KEPT)}: to undo, stop the bot and restore that file.\n${NEXT}`);
    expect(nameIn(database)).toBe('from the backup');
    expect(nameIn(join(cli.dir, KEPT))).toBe('current');
    // No temp file, no -wal or -shm of the old file left to be read into the new one.
    expect(readdirSync(cli.dir).sort()).toEqual(['backups', 'db.sqlite', KEPT]);
    // The backup itself is left as it was.
    expect(readdirSync(join(cli.dir, 'backups'))).toEqual(['backup.sqlite']);

    // Undo, within the same second: the second kept copy gets its own name.
    const undo = await cli.run('restore', join(cli.dir, KEPT));
    expect({ code: undo.code, stderr: undo.stderr }).toEqual({ code: 0, stderr: '' });
    expect(undo.stdout).toContain(`kept as ${join(cli.dir, `${KEPT}-2`)}`);
    expect(nameIn(database)).toBe('current');
    expect(nameIn(join(cli.dir, `${KEPT}-2`))).toBe('from the backup');
    // The restored database answers the CLI.
    const findings = await cli.run('findings', '--json');
    expect(findings.stderr).toContain('There is no CRM snapshot');
  });

  it('into a DATABASE_PATH with nothing there yet (a new server): creates its folder, nothing to keep', async () => {
    const { cli, backup } = setup();
    const fresh = join(cli.dir, 'new', 'data', 'crm-qc.sqlite');
    cli.env.DATABASE_PATH = fresh;
    const { code, stdout, stderr } = await cli.run('restore', backup);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain(`\nThere was no database at ${fresh} before.\n${NEXT}`);
    expect(nameIn(fresh)).toBe('from the backup');
    expect(readdirSync(join(cli.dir, 'new', 'data'))).toEqual(['crm-qc.sqlite']);
  });

  it('refuses while a bot’s heartbeat is fresh, naming its host and pid and saying to stop it; succeeds once it stopped', async () => {
    const { cli, database, backup } = setup();
    const bot = openDatabase(database);
    const heartbeat = startHeartbeat(bot, cli.clock, logger);
    try {
      cli.clock.advance(20_000);
      const { code, stdout, stderr } = await cli.run('restore', backup);
      expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
      expect(stderr).toBe(
        `restore: a bot is running on ${database}: pid ${process.pid} on host ${hostname()}, started 2026-12-04 22:00, its last heartbeat 20 s ago. ` +
          'Stop the bot first (systemctl stop crm-qc-bot, docker compose stop bot, or Ctrl+C where it runs), then run restore again.\n',
      );
    } finally {
      heartbeat.stop();
      bot.close();
    }
    cli.clock.set(new Date(NOW));
    expectUntouched(cli, database);
    const after = await cli.run('restore', backup);
    expect({ code: after.code, stderr: after.stderr }).toEqual({ code: 0, stderr: '' });
    expect(nameIn(database)).toBe('from the backup');
  });

  it('a bot killed in another container (its row left, its pid meaningless here) blocks until its beat is 90 s old', async () => {
    const { cli, database, backup } = setup();
    const handle = openDatabase(database);
    handle.sqlite
      .prepare("INSERT INTO process_heartbeats (id, role, host, pid, started_at, beat_at) VALUES ('c0ffee:1:abcd', 'bot', 'c0ffee', 1, ?, ?)")
      .run(at(NOW) - DAY, at(NOW) - 30_000);
    handle.close();
    const refused = await cli.run('restore', backup);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^restore: a bot is running on \S+: pid 1 on host c0ffee, started 2026-12-03 22:00, its last heartbeat 30 s ago\. Stop the bot first/);
    expectUntouched(cli, database);

    cli.clock.set(new Date(at(NOW) - 30_000 + HEARTBEAT_STALE_MS - 1));
    expect((await cli.run('restore', backup)).code).toBe(1);
    cli.clock.set(new Date(at(NOW) - 30_000 + HEARTBEAT_STALE_MS));
    const restored = await cli.run('restore', backup);
    expect({ code: restored.code, stderr: restored.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('a fresh beat of a pid that no longer exists on this host does not block', async () => {
    const { cli, database, backup } = setup();
    const handle = openDatabase(database);
    handle.sqlite
      .prepare("INSERT INTO process_heartbeats (id, role, host, pid, started_at, beat_at) VALUES ('x', 'bot', ?, ?, ?, ?)")
      .run(hostname(), deadPid(), at(NOW) - 60_000, at(NOW) - 1_000);
    handle.close();
    const { code, stderr } = await cli.run('restore', backup);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('refuses while a sync holds the lease, and while any other connection has the database open', async () => {
    const { cli, database, backup } = setup();
    const other = openDatabase(database);
    try {
      other.sqlite
        .prepare("INSERT INTO sync_leases (account_id, owner, host, pid, started_at, heartbeat_at, expires_at) VALUES ('main', 'x', ?, ?, ?, ?, ?)")
        .run(hostname(), process.pid, at(NOW) - 60_000, at(NOW) - 10_000, at(NOW) + 110_000);
      const sync = await cli.run('restore', backup);
      expect(sync).toEqual({
        code: 1,
        stdout: '',
        stderr: `restore: a sync of account "main" is running on ${database}: pid ${process.pid} on host ${hostname()}, since 2026-12-04 21:59. Wait for it to end (or stop it), then run restore again.\n`,
      });
      other.sqlite.exec('DELETE FROM sync_leases');
      // Open, beating nothing: a CLI command, an sqlite3 shell.
      const open = await cli.run('restore', backup);
      expect(open).toEqual({
        code: 1,
        stdout: '',
        stderr: `restore: another process has ${database} open (a CLI command, an sqlite3 shell, or a bot of a version without heartbeats): stop it, then run restore again\n`,
      });
      expect(nameIn(database)).toBe('current');
    } finally {
      other.close();
    }
    expectUntouched(cli, database);
  });

  it('while a real second process holds the database open (no heartbeat: a CLI command, a bot of an older version), and once it exited', async () => {
    const { cli, database, backup } = setup();
    const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    const script = `
      const Database = require(${JSON.stringify(betterSqlite)});
      const db = new Database(${JSON.stringify(database)});
      db.pragma('journal_mode = WAL');
      db.prepare('SELECT count(*) FROM accounts').get();
      process.stdout.write('open\\n');
      process.stdin.on('end', () => db.close());
      process.stdin.resume();`;
    const holder = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => holder.once('exit', resolve));
    try {
      await new Promise<void>((resolve) => createInterface({ input: holder.stdout! }).once('line', () => resolve()));
      const refused = await cli.run('restore', backup);
      expect(refused).toEqual({
        code: 1,
        stdout: '',
        stderr: `restore: another process has ${database} open (a CLI command, an sqlite3 shell, or a bot of a version without heartbeats): stop it, then run restore again\n`,
      });
    } finally {
      holder.stdin!.end();
      expect(await exited).toBe(0);
    }
    expectUntouched(cli, database);
    expect((await cli.run('restore', backup)).code).toBe(0);
    expect(nameIn(database)).toBe('from the backup');
  });

  it('a backup taken while a bot ran brings neither its heartbeat nor a sync lease: restoring it is not refused afterwards', async () => {
    const { cli, database } = setup();
    const botPath = databaseNamed(join(cli.dir, 'backups', 'bot.sqlite'), 'from the backup');
    const bot = openDatabase(botPath);
    const heartbeat = startHeartbeat(bot, cli.clock, logger);
    bot.sqlite
      .prepare("INSERT INTO sync_leases (account_id, owner, host, pid, started_at, heartbeat_at, expires_at) VALUES ('main', 'x', ?, ?, ?, ?, ?)")
      .run(hostname(), process.pid, at(NOW), at(NOW), at(NOW) + 120_000);
    try {
      const backupOfBot = join(cli.dir, 'backups', 'of-bot.sqlite');
      cli.env.DATABASE_PATH = botPath;
      expect((await cli.run('backup', backupOfBot)).code).toBe(0);
      cli.env.DATABASE_PATH = database;
      expect((await cli.run('restore', backupOfBot)).code).toBe(0);
      const restored = new Database(database, { readonly: true });
      expect(restored.prepare('SELECT (SELECT count(*) FROM process_heartbeats) + (SELECT count(*) FROM sync_leases)').pluck().get()).toBe(0);
      restored.close();
      // Restored once more at once (say, the wrong file): no heartbeat of the backed-up bot stands in the way.
      expect((await cli.run('restore', join(cli.dir, KEPT))).code).toBe(0);
    } finally {
      heartbeat.stop();
      bot.close();
    }
  });

  it('after a crash (a -wal with the last changes left beside the database): they go into the kept copy, not into the restored one', async () => {
    const { cli, database, backup } = setup();
    // A bot's last change, still only in its -wal when it was killed: the files copied as they lay.
    const crashed = join(cli.dir, 'crashed');
    mkdirSync(crashed);
    const bot = openDatabase(database);
    bot.sqlite.prepare("UPDATE accounts SET name = 'current, last change in the wal' WHERE id = 'main'").run();
    expect(readFileSync(`${database}-wal`).length).toBeGreaterThan(0);
    for (const suffix of ['', '-wal', '-shm']) copyFileSync(`${database}${suffix}`, join(crashed, `db.sqlite${suffix}`));
    bot.close();

    cli.env.DATABASE_PATH = join(crashed, 'db.sqlite');
    const { code, stderr } = await cli.run('restore', backup);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(readdirSync(crashed).sort()).toEqual(['db.sqlite', KEPT]);
    expect(nameIn(join(crashed, 'db.sqlite'))).toBe('from the backup');
    expect(nameIn(join(crashed, KEPT))).toBe('current, last change in the wal');
    const restored = new Database(join(crashed, 'db.sqlite'), { fileMustExist: true });
    expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
    restored.close();
  });

  it('a damaged database is replaced too, and kept as it was', async () => {
    const { cli, database, backup } = setup();
    // Its first page overwritten, header and all: SQLite cannot tell it is a database.
    const bytes = readFileSync(database);
    bytes.fill(0x41, 0, 4096);
    writeFileSync(database, bytes);
    const { code, stdout, stderr } = await cli.run('restore', backup);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain(`The database it replaced could not be read (damaged); it is kept as it was, as ${join(cli.dir, KEPT)}.\n`);
    expect(nameIn(database)).toBe('from the backup');
    expect(readFileSync(join(cli.dir, KEPT)).equals(bytes)).toBe(true);
    expect(readdirSync(cli.dir).sort()).toEqual(['backups', 'db.sqlite', KEPT]);
  });

  it('a backup from an older version gets the migrations it lacks', async () => {
    const { cli, database } = setup();
    // The migrations before the newest, as an older version shipped them.
    const older = join(cli.dir, 'older-migrations');
    mkdirSync(join(older, 'meta'), { recursive: true });
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
    const newest = journal.entries.pop()!;
    writeFileSync(join(older, 'meta', '_journal.json'), JSON.stringify(journal));
    for (const { tag } of journal.entries) copyFileSync(join(MIGRATIONS_DIR, `${tag}.sql`), join(older, `${tag}.sql`));
    const file = join(cli.dir, 'backups', 'older.sqlite');
    const sqlite = new Database(file);
    applyMigrations(sqlite, older);
    sqlite.prepare("INSERT INTO accounts (id, name, crm, created_at) VALUES ('main', 'from an older version', 'demo', 0)").run();
    sqlite.close();

    const { code, stdout, stderr } = await cli.run('restore', file);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/: \d+ KB, integrity check ok; 1 newer migration applied\.\n/);
    expect(nameIn(database)).toBe('from an older version');
    const restored = new Database(database, { readonly: true });
    expect(restored.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(journal.entries.length + 1);
    // The migration the older version lacked is the one applied last (drizzle records each by its journal time).
    expect(restored.prepare('SELECT max(created_at) FROM __drizzle_migrations').pluck().get()).toBe(newest.when);
    restored.close();
  });

  describe('refuses a FILE it cannot restore, exit 1, the database untouched', () => {
    it('a missing FILE, or a folder', async () => {
      const { cli, database } = setup();
      const missing = join(cli.dir, 'backups', 'nope.sqlite');
      expect(await cli.run('restore', missing)).toEqual({
        code: 1,
        stdout: '',
        stderr: `restore: ${missing} does not exist: give the path of a backup file (written by "backup" or a nightly backup)\n`,
      });
      expect(await cli.run('restore', join(cli.dir, 'backups'))).toEqual({ code: 1, stdout: '', stderr: `restore: ${join(cli.dir, 'backups')} is a folder: give the path of a backup file in it\n` });
      expectUntouched(cli, database);
    });

    it('the database itself', async () => {
      const { cli, database } = setup();
      expect(await cli.run('restore', database)).toEqual({ code: 1, stdout: '', stderr: `restore: ${database} is the database itself (DATABASE_PATH): give the path of a backup\n` });
      expectUntouched(cli, database);
    });

    it('a file that is not an SQLite database', async () => {
      const { cli, database } = setup();
      const file = join(cli.dir, 'backups', 'notes.sqlite');
      writeFileSync(file, 'Backups are kept on the NAS, folder crm.\n'.repeat(200));
      expect(await cli.run('restore', file)).toEqual({ code: 1, stdout: '', stderr: `restore: ${file} cannot be restored: it is not an SQLite database\n` });
      expectUntouched(cli, database);
    });

    it('an SQLite database that is not crm-qc-bot’s, or an empty file', async () => {
      const { cli, database } = setup();
      const file = join(cli.dir, 'backups', 'other-app.sqlite');
      const other = new Database(file);
      other.exec('CREATE TABLE accounts (id TEXT); CREATE TABLE invoices (id INTEGER)');
      other.close();
      expect(await cli.run('restore', file)).toEqual({
        code: 1,
        stdout: '',
        stderr: `restore: ${file} cannot be restored: it is an SQLite database, but not crm-qc-bot's: it has no __drizzle_migrations, sync_runs, findings tables\n`,
      });
      const empty = join(cli.dir, 'backups', 'empty.sqlite');
      writeFileSync(empty, '');
      const refused = await cli.run('restore', empty);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/is an SQLite database, but not crm-qc-bot's: it has no __drizzle_migrations, accounts, sync_runs, findings tables\n$/);
      expectUntouched(cli, database);
    });

    it('a damaged file: its pages garbled, or its schema page', async () => {
      const { cli, database, backup } = setup();
      const handle = openDatabase(backup);
      const insert = handle.sqlite.prepare("INSERT INTO audit_log (account_id, at, actor, action, after) VALUES ('main', ?, 'test', 'norms.update', ?)");
      handle.sqlite.transaction(() => {
        for (let i = 0; i < 30; i++) insert.run(i, `{"n":${i}}`);
      })();
      const root = handle.sqlite.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'").pluck().get() as number;
      handle.close();
      const bytes = readFileSync(backup);

      // The cell pointers of the audit log's page point outside it.
      const garbled = Buffer.from(bytes);
      garbled.fill(0x41, (root - 1) * 4096 + 8, (root - 1) * 4096 + 40);
      const cells = join(cli.dir, 'backups', 'garbled.sqlite');
      writeFileSync(cells, garbled);
      const refused = await cli.run('restore', cells);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(new RegExp(`^restore: ${cells} cannot be restored: it is damaged: PRAGMA integrity_check found Tree ${root} page ${root} cell \\d+: Offset 16705 out of range`));

      // The schema page overwritten: SQLite cannot even read which tables there are.
      const schema = Buffer.from(bytes);
      schema.fill(0x41, 100, 4096);
      const broken = join(cli.dir, 'backups', 'schema.sqlite');
      writeFileSync(broken, schema);
      expect(await cli.run('restore', broken)).toEqual({ code: 1, stdout: '', stderr: `restore: ${broken} cannot be restored: it is damaged: database disk image is malformed\n` });
      expect(nameIn(database)).toBe('current');
      expect(readdirSync(cli.dir).sort()).toEqual(['backups', 'db.sqlite']);
    });

    it('a database from a newer version of crm-qc-bot', async () => {
      const { cli, database, backup } = setup();
      const handle = openDatabase(backup);
      const newest = handle.sqlite.prepare('SELECT max(created_at) FROM __drizzle_migrations').pluck().get() as number;
      handle.sqlite.prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('a-future-migration', ?)").run(newest + DAY);
      handle.close();
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      expect(await cli.run('restore', backup)).toEqual({
        code: 1,
        stdout: '',
        stderr:
          `restore: ${backup} comes from a newer version of crm-qc-bot (its newest migration is of ${day(newest + DAY)}, this code's newest of ${day(newest)}): ` +
          'update the bot to that version or later first, or restore an older backup\n',
      });
      expectUntouched(cli, database);
    });
  });

  it.each([
    ['no FILE', [], /^restore needs the backup FILE to restore, e\.g\. restore backups\/crm-qc\.sqlite\n\nUsage: npm run -s cli -- restore FILE\n/],
    ['two files', ['a.sqlite', 'b.sqlite'], /^unexpected argument "b\.sqlite"\n\nUsage: npm run -s cli -- restore FILE\n/],
    // No override of a running bot: stop it.
    ['--force', ['--force', 'a.sqlite'], /^Unknown option '--force'/],
  ])('bad arguments (%s) exit 2 with the usage, the database untouched', async (_, args, message) => {
    const { cli, database } = setup();
    const { code, stdout, stderr } = await cli.run('restore', ...args);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(message);
    expectUntouched(cli, database);
  });

  it('--help prints the usage and exits 0, without opening the database', async () => {
    cli = cliHarness(NOW);
    const { code, stdout, stderr } = await cli.run('restore', '--help');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^Usage: npm run -s cli -- restore FILE\n\nReplaces the database \(DATABASE_PATH\) with the backup FILE/);
    expect(stdout).toContain('DATABASE_PATH.before-restore-<local time>');
    expect(existsSync(cli.env.DATABASE_PATH!)).toBe(false);
  });
});
