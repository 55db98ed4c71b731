import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, copyFileSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { TZDate } from '@date-fns/tz';
import Database from 'better-sqlite3';
import { format } from 'date-fns';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { MIGRATIONS_DIR } from '../paths';
import type { EpochMs } from '../time';
import { openDatabase } from './client';
import { HERE, runningProcesses, type Here, type ProcessHeartbeat } from './heartbeat';

/*
 * Backups and restores of the one database file. The files here are opened
 * with bare connections on purpose, not through openDatabase, which applies
 * migrations in an IMMEDIATE transaction: a backup must copy the file as it
 * is (one taken before an upgrade must not carry the new version's
 * migrations) and must not wait for the write lock a sync's swap holds; and
 * a restore must not migrate a file before it is known to be this bot's
 * database, of a version this code can read, and undamaged. The restored
 * database is opened through openDatabase once it is in place.
 */

export type BackupFailure = 'same-file' | 'no-directory' | 'not-writable' | 'is-directory' | 'copy-failed-check';

/** A backup that was not written; FILE is as it was. */
export class BackupError extends Error {
  override name = 'BackupError';

  constructor(
    message: string,
    readonly file: string,
    readonly failure: BackupFailure,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type RestoreRefusal =
  | 'not-found'
  | 'same-file'
  | 'not-a-database'
  | 'damaged'
  | 'not-crm-qc-bot'
  | 'newer'
  | 'bot-running'
  | 'sync-running'
  | 'in-use';

/** A restore refused; the database is as it was. */
export class RestoreError extends Error {
  override name = 'RestoreError';

  constructor(
    message: string,
    /** What it is about: the backup (missing, damaged, newer …) or the database (in use). */
    readonly file: string,
    readonly refusal: RestoreRefusal,
    /** The bot whose fresh heartbeat stopped it (`bot-running`). */
    readonly holder?: ProcessHeartbeat,
  ) {
    super(message);
  }
}

// ---- backup ----------------------------------------------------------------------

export interface BackupResult {
  /** The backup, as an absolute path. */
  file: string;
  bytes: number;
  /** How long the copy and its check took. */
  ms: number;
}

/**
 * Copies the database `source` is connected to (the bot's own connection,
 * or openForBackup's) to `target` with SQLite's online backup, safe while a
 * bot or a CLI sync writes to it. The copy is written to
 * a temp file beside `target`, checked (PRAGMA integrity_check, and that it is
 * a crm-qc-bot database) and made a single self-contained file (rollback
 * journal, no -wal beside it), then renamed over `target`: FILE is replaced
 * whole or not at all. Refuses `target` when it is the database itself (or
 * its -wal, -shm, -journal).
 */
export async function backupDatabase(source: Database.Database, target: string): Promise<BackupResult> {
  const file = resolve(target);
  const database = resolve(source.name);
  if (sameFile(file, database) || ['-wal', '-shm', '-journal'].some((suffix) => file === `${database}${suffix}`)) {
    throw new BackupError(`${file} is the database itself (DATABASE_PATH): write the backup to another file`, file, 'same-file');
  }
  writableTarget(file);

  const started = performance.now();
  const temp = `${file}.tmp-${randomBytes(4).toString('hex')}`;
  try {
    // All pages in one step: one read transaction, so the copy is one consistent state. In steps, a
    // write by another connection between two of them (the bot's sync, if this is the CLI) restarts
    // the copy, and a busy bot could keep it from ever ending. WAL lets writers go on meanwhile.
    await source.backup(temp, { progress: () => ALL_PAGES });
    const problem = checkCopy(temp);
    if (problem) throw new BackupError(`the copy of ${database} failed its check (${problem}); ${file} was not written`, file, 'copy-failed-check');
    syncFile(temp);
    renameSync(temp, file);
    syncDirectory(dirname(file));
  } finally {
    removeWithCompanions(temp);
  }
  return { file, bytes: statSync(file).size, ms: performance.now() - started };
}

/**
 * A connection to back the database up through, for a process that has none
 * (the CLI): no migrations applied, no write lock taken; the file must exist.
 */
export function openForBackup(path: string): Database.Database {
  const sqlite = new Database(path, { fileMustExist: true });
  // A reader waits only while another process recovers the -wal after a crash.
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

/** better-sqlite3 clamps a progress callback's page count to this; SQLite copies what remains. */
const ALL_PAGES = 0x7fffffff;

/** Where a backup may be written: an existing, writable folder, and not a folder itself. */
function writableTarget(file: string): void {
  const folder = dirname(file);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new BackupError(`the folder ${folder} does not exist: create it first (mkdir -p ${folder})`, file, 'no-directory');
  }
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new BackupError(`${file} is a folder: give the backup's file name, e.g. ${file}/crm-qc.sqlite`, file, 'is-directory');
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new BackupError(`cannot write into ${folder} (${(error as NodeJS.ErrnoException).code ?? 'not writable'}): choose a folder this user may write to`, file, 'not-writable', { cause: error });
  }
}

/** A problem with a fresh copy, or null once it is checked and self-contained. */
function checkCopy(path: string): string | null {
  const copy = new Database(path, { fileMustExist: true });
  try {
    const checked = inspectDatabase(copy);
    if (!checked.ok) return checked.detail;
    // The copy carries the source's WAL flag; a rollback journal makes it one file that any reader opens as it is.
    copy.pragma('journal_mode = DELETE');
    return null;
  } finally {
    copy.close();
  }
}

// ---- what a database file is ----------------------------------------------------

/** What a database file was found to be. */
type Inspection =
  | { ok: true; migrations: number; newestMigration: EpochMs }
  | { ok: false; problem: 'not-a-database' | 'damaged' | 'not-crm-qc-bot'; detail: string };

/** Tables every crm-qc-bot database has had since its first migration. */
const OWN_TABLES = ['__drizzle_migrations', 'accounts', 'sync_runs', 'findings'];

/** Whether the file is undamaged (PRAGMA integrity_check) and a crm-qc-bot database, and which migrations it has. */
function inspectDatabase(sqlite: Database.Database): Inspection {
  let report: string[];
  try {
    report = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).flatMap((row) => row.integrity_check.split('\n'));
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB') return { ok: false, problem: 'not-a-database', detail: 'not an SQLite database' };
    if (code.startsWith('SQLITE_CORRUPT')) return { ok: false, problem: 'damaged', detail: `damaged: ${(error as Error).message}` };
    throw error;
  }
  if (report.length !== 1 || report[0] !== 'ok') {
    const lines = report.filter((line) => line !== '' && !line.startsWith('***'));
    return { ok: false, problem: 'damaged', detail: `damaged: PRAGMA integrity_check found ${lines.slice(0, 3).join('; ')}${lines.length > 3 ? `; … (${lines.length} problems)` : ''}` };
  }
  const tables = new Set((sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]));
  const missing = OWN_TABLES.filter((table) => !tables.has(table));
  if (missing.length > 0) return { ok: false, problem: 'not-crm-qc-bot', detail: `an SQLite database, but not crm-qc-bot's: it has no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''}` };
  const applied = sqlite.prepare('SELECT count(*) AS n, max(created_at) AS newest FROM __drizzle_migrations').get() as { n: number; newest: number | string | null };
  if (applied.n === 0) return { ok: false, problem: 'not-crm-qc-bot', detail: 'an SQLite database, but not crm-qc-bot\'s: it records no migrations' };
  return { ok: true, migrations: applied.n, newestMigration: Number(applied.newest) };
}

/** The migrations this code ships: how many, and the newest one's instant (drizzle's folderMillis). */
function codeMigrations(): { count: number; newest: EpochMs } {
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR });
  return { count: migrations.length, newest: Math.max(...migrations.map((m) => m.folderMillis)) };
}

// ---- restore ---------------------------------------------------------------------

export interface RestoreOptions {
  /** The backup to bring in. */
  source: string;
  /** DATABASE_PATH: the database it replaces (or becomes). */
  databasePath: string;
  /** Now, from the injected clock: heartbeats' freshness and the kept copy's name. */
  now: EpochMs;
  /** TIMEZONE: the kept copy's name is in local time. */
  timezone: string;
  here?: Here;
}

export interface RestoreResult {
  source: string;
  databasePath: string;
  bytes: number;
  /** Where the database it replaced is kept, or null when there was none. */
  keptAs: string | null;
  /** The replaced database could not be read (damaged): kept as it was. */
  replacedUnreadable: boolean;
  /** Migrations the backup lacked, applied when it was opened. */
  migrationsApplied: number;
  ms: number;
}

/**
 * Replaces the database with a backup. Refuses — the database untouched —
 * while a bot runs on it (a heartbeat fresher than HEARTBEAT_STALE_MS; on this
 * host, of a live pid), while a sync holds the lease, or while any other
 * connection has it open (a CLI command, an sqlite3 shell, a bot too old to
 * beat); and refuses a source that is missing, not an SQLite database,
 * damaged, not crm-qc-bot's, or from a newer version of it.
 *
 * The source is copied (with its -wal, if one lies beside it) to a temp file
 * beside the database and checked there; the heartbeats and sync leases in
 * it are cleared (they were processes of the file it was copied from). The
 * current database is switched to a rollback journal — which SQLite allows
 * only with no other connection open, and which folds the -wal into it and
 * deletes the -wal and -shm itself — kept as
 * `<database>.before-restore-<local time>` (a hard link: no second copy),
 * and the checked copy renamed into its place. Opening it once through
 * openDatabase applies the migrations an older backup lacks.
 */
export function restoreDatabase(options: RestoreOptions): RestoreResult {
  const started = performance.now();
  const here = options.here ?? HERE;
  const source = resolve(options.source);
  const database = resolve(options.databasePath);
  if (!existsSync(source)) throw new RestoreError(`${source} does not exist: give the path of a backup file (written by "backup" or a nightly backup)`, source, 'not-found');
  if (statSync(source).isDirectory()) throw new RestoreError(`${source} is a folder: give the path of a backup file in it`, source, 'not-found');
  if (sameFile(source, database)) throw new RestoreError(`${source} is the database itself (DATABASE_PATH): give the path of a backup`, source, 'same-file');
  if (existsSync(database)) refuseWhileUsed(database, options.now, options.timezone, here);

  const temp = `${database}.restore-tmp-${randomBytes(4).toString('hex')}`;
  let swapped = false;
  try {
    // The folder of a database not there yet (a new server).
    mkdirSync(dirname(database), { recursive: true });
    copyFileSync(source, temp);
    // A copy of a database taken without stopping its bot may still have part of its data in the -wal.
    if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${temp}-wal`);
    const applied = checkIncoming(temp, source);
    syncFile(temp);
    const kept = swapIn(temp, database, options);
    swapped = true;
    const after = migrateRestored(database, source, kept.path);
    return { source, databasePath: database, bytes: statSync(database).size, keptAs: kept.path, replacedUnreadable: kept.unreadable, migrationsApplied: after - applied, ms: performance.now() - started };
  } finally {
    if (!swapped) removeWithCompanions(temp);
  }
}

/** Opens the restored database once, as the bot will: migrations it lacks are applied. Returns how many it has then. */
function migrateRestored(database: string, source: string, kept: string | null): number {
  try {
    const handle = openDatabase(database);
    try {
      return handle.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').pluck().get() as number;
    } finally {
      handle.close();
    }
  } catch (error) {
    const undo = kept ? `; the database it replaced is kept as ${kept}` : '';
    throw new Error(`${database} was restored from ${source}, but opening it (and applying the migrations it lacks) failed${undo}`, { cause: error });
  }
}

/** Refuses while a bot beats on the database or a sync holds its lease. */
function refuseWhileUsed(database: string, now: EpochMs, timezone: string, here: Here): void {
  const current = new Database(database, { fileMustExist: true });
  try {
    current.pragma('busy_timeout = 5000');
    let bots: ProcessHeartbeat[];
    let syncs: { accountId: string; host: string; pid: number; startedAt: number; expiresAt: number }[];
    try {
      bots = runningProcesses(current, now, here);
      syncs = hasTable(current, 'sync_leases')
        ? (current.prepare('SELECT account_id AS accountId, host, pid, started_at AS startedAt, expires_at AS expiresAt FROM sync_leases').all() as typeof syncs)
        : [];
    } catch (error) {
      // A damaged database cannot say who uses it; the switch to a rollback journal before the swap still refuses an open one.
      if (unreadable(error)) return;
      throw error;
    }
    const bot = bots[0];
    if (bot) {
      const seconds = Math.max(0, Math.round((now - bot.beatAt) / 1000));
      throw new RestoreError(
        `a bot is running on ${database}: pid ${bot.pid} on host ${bot.host}, started ${localTime(bot.startedAt, timezone)}, its last heartbeat ${seconds} s ago. ` +
          'Stop the bot first (systemctl stop crm-qc-bot, docker compose stop bot, or Ctrl+C where it runs), then run restore again.',
        database,
        'bot-running',
        bot,
      );
    }
    // The lease's own rule (src/sync/lease.ts): unexpired, and on this host of a live pid.
    const sync = syncs.find((lease) => lease.expiresAt > now && (lease.host !== here.host || here.alive(lease.pid)));
    if (sync) {
      throw new RestoreError(
        `a sync of account "${sync.accountId}" is running on ${database}: pid ${sync.pid} on host ${sync.host}, since ${localTime(sync.startedAt, timezone)}. Wait for it to end (or stop it), then run restore again.`,
        database,
        'sync-running',
      );
    }
  } finally {
    current.close();
  }
}

/** Checks the incoming copy and readies it; returns how many migrations it has. */
function checkIncoming(temp: string, source: string): number {
  const copy = new Database(temp, { fileMustExist: true });
  try {
    const checked = inspectDatabase(copy);
    if (!checked.ok) throw new RestoreError(`${source} cannot be restored: it is ${checked.detail}`, source, checked.problem);
    const code = codeMigrations();
    if (checked.newestMigration > code.newest) {
      throw new RestoreError(
        `${source} comes from a newer version of crm-qc-bot (its newest migration is of ${new Date(checked.newestMigration).toISOString().slice(0, 10)}, ` +
          `this code's newest of ${new Date(code.newest).toISOString().slice(0, 10)}): update the bot to that version or later first, or restore an older backup`,
        source,
        'newer',
      );
    }
    // Rows of the processes that used the file it was copied from: none of them runs on this one.
    copy.transaction(() => {
      for (const table of ['process_heartbeats', 'sync_leases']) if (hasTable(copy, table)) copy.exec(`DELETE FROM "${table}"`);
    })();
    copy.pragma('journal_mode = DELETE');
    return checked.migrations;
  } finally {
    copy.close();
  }
}

/**
 * Puts the checked copy in the database's place, keeping the database it
 * replaces; returns where. No -wal or -shm of the old file may outlive it:
 * SQLite would read an old -wal's pages into the new file.
 */
function swapIn(temp: string, database: string, options: RestoreOptions): { path: string | null; unreadable: boolean } {
  const companions = ['-wal', '-shm', '-journal'];
  if (!existsSync(database)) {
    // Without their database these are leftovers with nothing to belong to.
    for (const suffix of companions) rmSync(`${database}${suffix}`, { force: true });
    renameSync(temp, database);
    syncDirectory(dirname(database));
    return { path: null, unreadable: false };
  }

  let unreadableNow = false;
  const current = new Database(database, { fileMustExist: true });
  try {
    // Leaving WAL needs the only connection to the file: any other open one (a CLI command, an
    // sqlite3 shell, a bot too old to beat) makes this fail at once with SQLITE_BUSY.
    const mode = current.pragma('journal_mode = DELETE', { simple: true }) as string;
    if (mode !== 'delete') throw inUse(database);
  } catch (error) {
    if (error instanceof RestoreError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw inUse(database);
    if (!unreadable(error)) throw error;
    unreadableNow = true;
  } finally {
    current.close();
  }

  const kept = freeName(`${database}.before-restore-${format(new TZDate(options.now, options.timezone), "yyyy-MM-dd'T'HH-mm-ss")}`);
  try {
    linkSync(database, kept);
  } catch {
    // A file system without hard links (some network and container mounts): a copy then.
    copyFileSync(database, kept);
  }
  for (const suffix of companions) {
    if (!existsSync(`${database}${suffix}`)) continue;
    // Whatever SQLite left beside a damaged database goes with it (the pair is what a recovery tool
    // reads); after the switch to a rollback journal, what is left of them holds nothing.
    if (unreadableNow) renameSync(`${database}${suffix}`, `${kept}${suffix}`);
    else rmSync(`${database}${suffix}`, { force: true });
  }
  renameSync(temp, database);
  syncDirectory(dirname(database));
  return { path: kept, unreadable: unreadableNow };
}

function inUse(database: string): RestoreError {
  return new RestoreError(
    `another process has ${database} open (a CLI command, an sqlite3 shell, or a bot of a version without heartbeats): stop it, then run restore again`,
    database,
    'in-use',
  );
}

// ---- files -----------------------------------------------------------------------

/** The same file: the same path, or (existing both) the same inode — a symlink or a hard link. */
function sameFile(a: string, b: string): boolean {
  if (a === b) return true;
  if (!existsSync(a) || !existsSync(b)) return false;
  const [x, y] = [statSync(a), statSync(b)];
  return x.dev === y.dev && x.ino === y.ino;
}

function hasTable(sqlite: Database.Database, name: string): boolean {
  return sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function unreadable(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT');
}

function localTime(at: EpochMs, timezone: string): string {
  return format(new TZDate(at, timezone), 'yyyy-MM-dd HH:mm');
}

/** `path`, or `path-2`, `path-3` … when taken (two restores within a second). */
function freeName(path: string): string {
  let candidate = path;
  for (let n = 2; existsSync(candidate); n++) candidate = `${path}-${n}`;
  return candidate;
}

/** A temp file and what SQLite may have left beside it. */
function removeWithCompanions(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

/** The file's bytes on disk before it is renamed into place. */
function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The rename itself on disk. Not every platform can fsync a folder; there the rename stands as the OS keeps it. */
function syncDirectory(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // EISDIR/EPERM on platforms that cannot open or sync a folder.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
