import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { parseConfig } from '../../src/config';
import { openDatabase } from '../../src/db/client';
import { backupNightly, backupsToDelete, isNightlyBackupOf, nightlyBackupName } from '../../src/jobs/backup';
import { prepareAccount, type JobContext } from '../../src/jobs/context';
import { DAY } from '../../src/time';
import { at } from '../support/fixture';

describe('nightlyBackupName: the local time in TIMEZONE, to the minute', () => {
  it.each([
    ['Europe/Moscow', '2026-12-04T01:00:00Z', 'main', 'crm-qc-main-2026-12-04T04-00.sqlite'],
    ['Asia/Novosibirsk', '2026-12-04T01:00:00Z', 'main', 'crm-qc-main-2026-12-04T08-00.sqlite'],
    ['UTC', '2026-12-04T01:00:59Z', 'main', 'crm-qc-main-2026-12-04T01-00.sqlite'],
    // Vladivostok's 04:00 is the evening before in UTC: the name carries the local date.
    ['Asia/Vladivostok', '2026-12-03T18:00:00Z', 'sales-2', 'crm-qc-sales-2-2026-12-04T04-00.sqlite'],
    // Summer time: Berlin is UTC+2 in July.
    ['Europe/Berlin', '2026-07-01T02:00:00Z', 'main', 'crm-qc-main-2026-07-01T04-00.sqlite'],
  ])('%s at %s → %s', (timezone, iso, account, name) => {
    expect(nightlyBackupName(account, at(iso), timezone)).toBe(name);
  });
});

describe('which files retention deletes', () => {
  it.each([
    ['crm-qc-main-2026-12-04T04-00.sqlite', 'main', true],
    ['crm-qc-main-2026-12-04T04-00.sqlite', 'other', false],
    // Another account whose id starts like this one's: never this account's.
    ['crm-qc-main-2-2026-12-04T04-00.sqlite', 'main', false],
    ['crm-qc-main-2026-2026-12-04T04-00.sqlite', 'main', false],
    ['crm-qc-main-2026-12-04T04-00.sqlite.tmp-1a2b3c4d', 'main', false],
    ['crm-qc-main-2026-12-04T04-00.sqlite-wal', 'main', false],
    ['crm-qc-main-2026-12-04.sqlite', 'main', false],
    ['manual-crm-qc-main-2026-12-04T04-00.sqlite', 'main', false],
    ['crm-qc-main-latest.sqlite', 'main', false],
  ])('%s is a nightly backup of "%s": %s', (name, account, own) => {
    expect(isNightlyBackupOf(account, name)).toBe(own);
  });

  const own = (day: number) => `crm-qc-main-2026-12-${String(day).padStart(2, '0')}T04-00.sqlite`;
  it.each([
    ['keep 3 of 5: the two oldest go', [1, 2, 3, 4], 5, 3, [2, 1]],
    ['keep 7 of 5: none', [1, 2, 3, 4], 5, 7, []],
    ['keep 1: all but the one just written', [1, 2, 3], 4, 1, [3, 2, 1]],
    // A clock set back: the one just written sorts first, yet it stays; the newest others fill the rest.
    ['the one just written is kept whatever its name says', [5, 6, 7], 2, 2, [6, 5]],
  ])('%s', (_, days, written, keep, deleted) => {
    const names = [...days.map(own), own(written), 'notes.txt', 'crm-qc-other-2026-12-01T04-00.sqlite'];
    expect(backupsToDelete(names, 'main', keep, own(written))).toEqual(deleted.map(own));
  });
});

describe('backupNightly', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function context(env: Record<string, string>, now: string, logs?: string[]) {
    const dir = mkdtempSync(join(tmpdir(), 'crm-qc-nightly-'));
    dirs.push(dir);
    const config = parseConfig({ DATABASE_PATH: join(dir, 'data', 'bot.sqlite'), OUT_DIR: join(dir, 'out'), BACKUP_DIR: join(dir, 'backups'), ...env });
    const handle = openDatabase(config.DATABASE_PATH);
    const logger = logs ? pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _encoding, done) => (logs.push(chunk.toString()), done()) })) : pino({ level: 'silent' });
    const clock = new FixedClock(new Date(now));
    const ctx: JobContext = { config, handle, clock, logger };
    prepareAccount(ctx);
    return { ctx, clock, dir, backups: config.BACKUP_DIR!, close: () => handle.close() };
  }

  it('writes into BACKUP_DIR (created if missing) under the local time in TIMEZONE, a checked self-contained database, and logs what it did', async () => {
    const logs: string[] = [];
    const { ctx, backups, close } = context({ TIMEZONE: 'Asia/Novosibirsk' }, '2026-12-04T21:00:00Z', logs);
    try {
      expect(existsSync(backups)).toBe(false);
      const result = await backupNightly(ctx);
      // 21:00 UTC is 04:00 the next day in Novosibirsk.
      expect(result.file).toBe(join(backups, 'crm-qc-main-2026-12-05T04-00.sqlite'));
      expect(readdirSync(backups)).toEqual(['crm-qc-main-2026-12-05T04-00.sqlite']);
      const copy = new Database(result.file, { readonly: true, fileMustExist: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
        expect(copy.prepare('SELECT id FROM accounts').pluck().all()).toEqual(['main']);
      } finally {
        copy.close();
      }
      expect(logs.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
        expect.objectContaining({ level: 30, msg: 'nightly backup written', file: result.file, bytes: result.bytes, keep: 7, deleted: [] }),
      ]);
    } finally {
      close();
    }
  });

  it('night after night keeps exactly BACKUP_KEEP of its own files, the newest, and never touches another file in the folder', async () => {
    const { ctx, clock, backups, close } = context({ BACKUP_KEEP: '3', TIMEZONE: 'Europe/Moscow' }, '2026-12-01T01:00:00Z');
    try {
      mkdirSync(join(backups, 'a-folder'), { recursive: true });
      const foreign = [
        'notes.txt',
        'crm-qc-other-2026-11-01T04-00.sqlite',
        'crm-qc-main-2-2026-11-01T04-00.sqlite',
        'crm-qc-main-2026-11-01T04-00.sqlite.tmp-1a2b3c4d',
        'crm-qc-main-before-upgrade.sqlite',
        'manual.sqlite',
      ];
      for (const name of foreign) writeFileSync(join(backups, name), 'not ours to delete');
      // Older nightly backups already there (another bot run wrote them).
      const older = ['crm-qc-main-2026-11-28T04-00.sqlite', 'crm-qc-main-2026-11-29T04-00.sqlite', 'crm-qc-main-2026-11-30T04-00.sqlite'];
      for (const name of older) writeFileSync(join(backups, name), 'an old backup');

      const own = () => readdirSync(backups).filter((name) => isNightlyBackupOf('main', name)).sort();
      const first = await backupNightly(ctx);
      expect(first.deleted).toEqual(['crm-qc-main-2026-11-28T04-00.sqlite']);
      expect(own()).toEqual(['crm-qc-main-2026-11-29T04-00.sqlite', 'crm-qc-main-2026-11-30T04-00.sqlite', 'crm-qc-main-2026-12-01T04-00.sqlite']);

      for (let night = 2; night <= 5; night++) {
        clock.advance(DAY);
        const result = await backupNightly(ctx);
        expect(result.deleted).toHaveLength(1);
        expect(own()).toHaveLength(3);
      }
      expect(own()).toEqual(['crm-qc-main-2026-12-03T04-00.sqlite', 'crm-qc-main-2026-12-04T04-00.sqlite', 'crm-qc-main-2026-12-05T04-00.sqlite']);
      expect(readdirSync(backups).filter((name) => !isNightlyBackupOf('main', name)).sort()).toEqual([...foreign, 'a-folder'].sort());
    } finally {
      close();
    }
  });

  it('a backup that fails deletes nothing', async () => {
    const { ctx, backups, close } = context({ BACKUP_KEEP: '1' }, '2026-12-04T01:00:00Z');
    try {
      mkdirSync(backups);
      writeFileSync(join(backups, 'crm-qc-main-2026-12-03T04-00.sqlite'), 'yesterday');
      // Tonight's name taken by a folder: the backup cannot be written.
      mkdirSync(join(backups, 'crm-qc-main-2026-12-04T04-00.sqlite'));
      await expect(backupNightly(ctx)).rejects.toThrow(/is a folder/);
      expect(readdirSync(backups).sort()).toEqual(['crm-qc-main-2026-12-03T04-00.sqlite', 'crm-qc-main-2026-12-04T04-00.sqlite']);
    } finally {
      close();
    }
  });
});
