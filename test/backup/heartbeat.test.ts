import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FixedClock } from '../../src/clock';
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_STALE_MS, isRunning, runningProcesses, startHeartbeat, type ProcessHeartbeat } from '../../src/db/heartbeat';
import { at } from '../support/fixture';
import { tempDatabase } from '../support/temp-db';

const NOW = '2026-12-04T19:00:00Z';
const logger = pino({ level: 'silent' });

let db: ReturnType<typeof tempDatabase> | undefined;
afterEach(() => {
  vi.useRealTimers();
  db?.dispose();
  db = undefined;
});

function rows(): ProcessHeartbeat[] {
  return db!.sqlite.prepare('SELECT id, role, host, pid, started_at AS startedAt, beat_at AS beatAt FROM process_heartbeats ORDER BY id').all() as ProcessHeartbeat[];
}

function insert(row: Omit<ProcessHeartbeat, 'role'>): void {
  db!.sqlite.prepare("INSERT INTO process_heartbeats (id, role, host, pid, started_at, beat_at) VALUES (?, 'bot', ?, ?, ?, ?)").run(row.id, row.host, row.pid, row.startedAt, row.beatAt);
}

describe('startHeartbeat', () => {
  it('writes its row at once, beats every 30 s at the injected clock’s time, and stop() deletes the row', () => {
    db = tempDatabase();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = new FixedClock(new Date(NOW));
    const heartbeat = startHeartbeat(db, clock, logger);
    const first = { id: heartbeat.id, role: 'bot', host: hostname(), pid: process.pid, startedAt: at(NOW), beatAt: at(NOW) };
    expect(heartbeat.id).toMatch(new RegExp(`^${hostname()}:${process.pid}:[0-9a-f]{8}$`));
    expect(rows()).toEqual([first]);

    // Not before the interval: the clock moved, the timer did not fire.
    clock.advance(HEARTBEAT_INTERVAL_MS);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS - 1);
    expect(rows()).toEqual([first]);
    vi.advanceTimersByTime(1);
    expect(rows()).toEqual([{ ...first, beatAt: at(NOW) + 30_000 }]);
    clock.advance(HEARTBEAT_INTERVAL_MS);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    expect(rows()).toEqual([{ ...first, beatAt: at(NOW) + 60_000 }]);

    heartbeat.stop();
    expect(rows()).toEqual([]);
    // Stopped: no more beats bring the row back.
    clock.advance(HEARTBEAT_INTERVAL_MS);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    expect(rows()).toEqual([]);
  });

  it('at start clears the rows of processes gone (stale), keeps those still beating, and writes a deleted row of its own anew', () => {
    db = tempDatabase();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const clock = new FixedClock(new Date(NOW));
    const gone = { id: 'old-host:7:aaaaaaaa', host: 'old-host', pid: 7, startedAt: at(NOW) - 3_600_000, beatAt: at(NOW) - HEARTBEAT_STALE_MS - 1 };
    const beating = { id: 'other-host:8:bbbbbbbb', host: 'other-host', pid: 8, startedAt: at(NOW) - 3_600_000, beatAt: at(NOW) - 10_000 };
    insert(gone);
    insert(beating);
    const heartbeat = startHeartbeat(db, clock, logger);
    expect(rows().map((r) => r.id).sort()).toEqual([heartbeat.id, beating.id].sort());

    db.sqlite.prepare('DELETE FROM process_heartbeats WHERE id = ?').run(heartbeat.id);
    clock.advance(HEARTBEAT_INTERVAL_MS);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    expect(rows().find((r) => r.id === heartbeat.id)).toMatchObject({ startedAt: at(NOW), beatAt: at(NOW) + 30_000 });
    heartbeat.stop();
    expect(rows().map((r) => r.id)).toEqual([beating.id]);
  });

  it('a beat that fails is logged as an error with the error object, and the next one tries again', () => {
    db = tempDatabase();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const lines: string[] = [];
    const loud = pino({ level: 'error' }, new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) }));
    const clock = new FixedClock(new Date(NOW));
    const heartbeat = startHeartbeat(db, clock, loud);
    const ddl = db.sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'process_heartbeats'").pluck().get() as string;
    db.sqlite.exec('DROP TABLE process_heartbeats');
    clock.advance(HEARTBEAT_INTERVAL_MS);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    expect(lines).toHaveLength(1);
    const logged = JSON.parse(lines[0]!) as { level: number; msg: string; heartbeat: string; err: { message: string } };
    expect(logged).toMatchObject({ level: 50, heartbeat: heartbeat.id, msg: 'could not write the process heartbeat; a restore may not see this bot running' });
    expect(logged.err.message).toContain('no such table: process_heartbeats');

    db.sqlite.exec(ddl);
    clock.advance(HEARTBEAT_INTERVAL_MS);
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    expect(lines).toHaveLength(1);
    expect(rows()).toMatchObject([{ id: heartbeat.id, beatAt: at(NOW) + 60_000 }]);
    heartbeat.stop();
  });
});

describe('isRunning: a fresh beat, and on this host a live pid', () => {
  const now = at(NOW);
  const here = { host: 'this-host', alive: (pid: number) => pid === 100 };
  it.each([
    ['this host, live pid, beat just now', 'this-host', 100, now, true],
    ['this host, live pid, beat 89.999 s ago', 'this-host', 100, now - HEARTBEAT_STALE_MS + 1, true],
    ['this host, live pid, beat exactly 90 s ago', 'this-host', 100, now - HEARTBEAT_STALE_MS, false],
    ['this host, dead pid, beat just now (killed, its row left)', 'this-host', 200, now, false],
    ['another host (a container): its pid cannot be checked, the fresh beat decides', 'other-host', 200, now - 60_000, true],
    ['another host, beat 90 s ago', 'other-host', 200, now - HEARTBEAT_STALE_MS, false],
    ['another host whose clock runs ahead: a beat from the future is fresh', 'other-host', 200, now + 5_000, true],
  ])('%s', (_, host, pid, beatAt, running) => {
    expect(isRunning({ host, pid, beatAt }, now, here)).toBe(running);
  });

  it('runningProcesses reads the table through any connection, newest beat first, and finds none in a file without it', () => {
    db = tempDatabase();
    insert({ id: 'a', host: 'this-host', pid: 100, startedAt: now - 1000, beatAt: now - 20_000 });
    insert({ id: 'b', host: 'other-host', pid: 1, startedAt: now - 1000, beatAt: now - 5_000 });
    insert({ id: 'c', host: 'this-host', pid: 200, startedAt: now - 1000, beatAt: now });
    insert({ id: 'd', host: 'other-host', pid: 1, startedAt: now - 1000, beatAt: now - HEARTBEAT_STALE_MS });
    expect(runningProcesses(db.sqlite, now, here).map((r) => r.id)).toEqual(['b', 'a']);
    db.sqlite.exec('DROP TABLE process_heartbeats');
    expect(runningProcesses(db.sqlite, now, here)).toEqual([]);
  });
});
