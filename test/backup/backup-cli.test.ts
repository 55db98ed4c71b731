import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { cliHarness } from '../support/cli-harness';

const NOW = '2026-12-04T19:00:00Z';

let cli: ReturnType<typeof cliHarness> | undefined;
afterEach(() => {
  cli?.dispose();
  cli = undefined;
});

/** A crm-qc-bot database at the harness's DATABASE_PATH, as a first start leaves it. */
function existingDatabase(harness: ReturnType<typeof cliHarness>) {
  openDatabase(harness.env.DATABASE_PATH!).close();
  return harness.env.DATABASE_PATH!;
}

/** What a backup file holds, read without openDatabase (which would migrate it). */
function inspect(file: string) {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: copy.pragma('integrity_check', { simple: true }),
      journal: copy.pragma('journal_mode', { simple: true }),
      tables: copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('accounts', '__drizzle_migrations')").pluck().all(),
      copy,
    };
  } catch (error) {
    copy.close();
    throw error;
  }
}

const PRINTED = /^Backed up (\S+) to (\S+): [\d.]+ (?:KB|MB) in \d+\.\d s \(integrity check ok\)\.\n$/;

describe('cli backup FILE', () => {
  it('writes a checked, self-contained copy and prints the path, the size and the time it took; FILE is replaced whole', async () => {
    cli = cliHarness(NOW);
    const database = existingDatabase(cli);
    const file = join(cli.dir, 'backups', 'manual.sqlite');
    mkdirSync(join(cli.dir, 'backups'));
    writeFileSync(file, 'the previous backup');

    const { code, stdout, stderr } = await cli.run('backup', file);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(PRINTED);
    expect(stdout.match(PRINTED)!.slice(1, 3)).toEqual([database, file]);
    const copy = inspect(file);
    expect({ integrity: copy.integrity, journal: copy.journal, tables: copy.tables.sort() }).toEqual({ integrity: 'ok', journal: 'delete', tables: ['__drizzle_migrations', 'accounts'] });
    copy.copy.close();
    // Nothing else beside it: no temp file, no -wal or -shm.
    expect(readdirSync(join(cli.dir, 'backups'))).toEqual(['manual.sqlite']);
  });

  it('while another connection holds the database open and writes: the committed rows (still in the -wal) are in the copy, an open transaction’s are not', async () => {
    cli = cliHarness(NOW);
    const database = existingDatabase(cli);
    const other = openDatabase(database);
    try {
      other.sqlite.prepare("INSERT INTO accounts (id, name, crm, created_at) VALUES ('committed', 'In the WAL', 'demo', 1)").run();
      other.sqlite.exec('BEGIN IMMEDIATE');
      other.sqlite.prepare("INSERT INTO accounts (id, name, crm, created_at) VALUES ('uncommitted', 'Mid-write', 'demo', 2)").run();
      expect(readFileSync(`${database}-wal`).length).toBeGreaterThan(0);

      const file = join(cli.dir, 'during-write.sqlite');
      const { code, stderr } = await cli.run('backup', file);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      other.sqlite.exec('COMMIT');

      const copy = inspect(file);
      expect(copy.integrity).toBe('ok');
      expect(copy.copy.prepare('SELECT id FROM accounts ORDER BY id').pluck().all()).toEqual(['committed']);
      copy.copy.close();
    } finally {
      other.close();
    }
  });

  it('while a real second process writes continuously: each copy is one consistent state, passing integrity_check', async () => {
    cli = cliHarness(NOW);
    const database = existingDatabase(cli);
    // A few megabytes, so that the copy takes long enough for the writer to go on meanwhile.
    const setup = openDatabase(database);
    setup.sqlite.exec('CREATE TABLE probe_rows (n INTEGER PRIMARY KEY, filler BLOB NOT NULL); CREATE TABLE probe_total (total INTEGER NOT NULL); INSERT INTO probe_total VALUES (0)');
    const fill = setup.sqlite.prepare('INSERT INTO probe_rows (filler) VALUES (randomblob(4000))');
    setup.sqlite.transaction(() => {
      for (let i = 0; i < 2_000; i++) fill.run();
    })();
    setup.sqlite.exec('UPDATE probe_total SET total = (SELECT count(*) FROM probe_rows)');
    setup.close();

    // The writer: another process, better-sqlite3 in WAL mode as the bot opens it, each transaction
    // adding ten rows and the total with them, until its stdin closes.
    const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    const script = `
      const Database = require(${JSON.stringify(betterSqlite)});
      const db = new Database(${JSON.stringify(database)});
      db.pragma('busy_timeout = 5000');
      db.pragma('journal_mode = WAL');
      const add = db.prepare('INSERT INTO probe_rows (filler) VALUES (randomblob(100))');
      const total = db.prepare('UPDATE probe_total SET total = total + 10');
      const write = db.transaction(() => { for (let i = 0; i < 10; i++) add.run(); total.run(); });
      let stopping = false;
      process.stdin.on('end', () => { stopping = true; });
      process.stdin.resume();
      let first = true;
      (function loop() {
        if (stopping) { db.close(); return; }
        for (let i = 0; i < 20; i++) write();
        if (first) { process.stdout.write('writing\\n'); first = false; }
        setImmediate(loop);
      })();`;
    const writer = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => writer.once('exit', resolve));
    try {
      await new Promise<void>((resolve) => createInterface({ input: writer.stdout! }).once('line', () => resolve()));
      const live = new Database(database, { readonly: true });
      const totalNow = () => live.prepare('SELECT total FROM probe_total').pluck().get() as number;
      try {
        const copies: { before: number; inCopy: number; rows: number; after: number }[] = [];
        for (const name of ['one.sqlite', 'two.sqlite']) {
          const before = totalNow();
          const { code, stderr } = await cli.run('backup', join(cli.dir, name));
          expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
          const after = totalNow();
          const copy = inspect(join(cli.dir, name));
          expect(copy.integrity).toBe('ok');
          const inCopy = copy.copy.prepare('SELECT total FROM probe_total').pluck().get() as number;
          const rows = copy.copy.prepare('SELECT count(*) FROM probe_rows').pluck().get() as number;
          copy.copy.close();
          copies.push({ before, inCopy, rows, after });
        }
        for (const { before, inCopy, rows, after } of copies) {
          // One state: the total written in the same transaction as the rows matches them.
          expect(rows).toBe(inCopy);
          expect(inCopy).toBeGreaterThanOrEqual(before);
          expect(inCopy).toBeLessThanOrEqual(after);
          // The writer went on while the backup ran.
          expect(after).toBeGreaterThan(before);
        }
      } finally {
        live.close();
      }
    } finally {
      writer.stdin!.end();
      expect(await exited).toBe(0);
    }
  });

  it.each([
    ['no FILE', [], 2, /^backup needs the FILE to write, e\.g\. backup backups\/crm-qc\.sqlite\n\nUsage: npm run -s cli -- backup FILE\n/],
    ['two files', ['a.sqlite', 'b.sqlite'], 2, /^unexpected argument "b\.sqlite"\n\nUsage: npm run -s cli -- backup FILE\n/],
    ['an unknown option', ['--gzip', 'a.sqlite'], 2, /^Unknown option '--gzip'/],
  ])('bad arguments (%s) exit 2 with the usage', async (_, args, exit, message) => {
    cli = cliHarness(NOW);
    existingDatabase(cli);
    const { code, stdout, stderr } = await cli.run('backup', ...args);
    expect({ code, stdout }).toEqual({ code: exit, stdout: '' });
    expect(stderr).toMatch(message);
  });

  it('refuses the database itself (by its path, a relative one, a symlink to it, its -wal) and exits 1', async () => {
    cli = cliHarness(NOW);
    const database = existingDatabase(cli);
    symlinkSync(database, join(cli.dir, 'link.sqlite'));
    for (const target of [database, relative(process.cwd(), database), join(cli.dir, 'link.sqlite'), `${database}-wal`]) {
      const { code, stdout, stderr } = await cli.run('backup', target);
      expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
      expect(stderr).toMatch(/^backup: \/\S+ is the database itself \(DATABASE_PATH\): write the backup to another file\n$/);
    }
    expect(readdirSync(cli.dir).sort()).toEqual(['db.sqlite', 'link.sqlite']);
  });

  it('a missing folder, a folder as FILE, or no database to back up: exit 1 with what to do', async () => {
    cli = cliHarness(NOW);
    const missing = await cli.run('backup', join(cli.dir, 'backups', 'x.sqlite'));
    expect({ code: missing.code, stdout: missing.stdout }).toEqual({ code: 1, stdout: '' });
    expect(missing.stderr).toBe(`backup: there is no database at ${cli.env.DATABASE_PATH} (DATABASE_PATH) to back up\n`);
    // And it did not create one.
    expect(existsSync(cli.env.DATABASE_PATH!)).toBe(false);

    existingDatabase(cli);
    const noFolder = await cli.run('backup', join(cli.dir, 'backups', 'x.sqlite'));
    expect(noFolder).toEqual({ code: 1, stdout: '', stderr: `backup: the folder ${join(cli.dir, 'backups')} does not exist: create it first (mkdir -p ${join(cli.dir, 'backups')})\n` });
    mkdirSync(join(cli.dir, 'backups'));
    const folder = await cli.run('backup', join(cli.dir, 'backups'));
    expect(folder).toEqual({ code: 1, stdout: '', stderr: `backup: ${join(cli.dir, 'backups')} is a folder: give the backup's file name, e.g. ${join(cli.dir, 'backups')}/crm-qc.sqlite\n` });
  });

  // root may write anywhere: the permission cannot be taken away from it.
  it.skipIf(process.getuid?.() === 0)('a folder it may not write into: exit 1 saying so', async () => {
    cli = cliHarness(NOW);
    existingDatabase(cli);
    const locked = join(cli.dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      const { code, stderr } = await cli.run('backup', join(locked, 'x.sqlite'));
      expect(code).toBe(1);
      expect(stderr).toBe(`backup: cannot write into ${locked} (EACCES): choose a folder this user may write to\n`);
    } finally {
      chmodSync(locked, 0o700);
    }
  });

  it('--help prints the usage and exits 0', async () => {
    cli = cliHarness(NOW);
    const { code, stdout, stderr } = await cli.run('backup', '--help');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^Usage: npm run -s cli -- backup FILE\n\nCopies the database \(DATABASE_PATH\) to FILE with SQLite's online backup:/);
    expect(stdout).toContain('FILE is replaced\nwhole or not at all.');
    const main = await cli.run('--help');
    expect(main.stdout).toContain('  backup FILE                   copy the database to FILE, safe while the bot runs\n');
    expect(main.stdout).toContain('  restore FILE                  replace the database with a backup (stop the bot first)\n');
  });
});
