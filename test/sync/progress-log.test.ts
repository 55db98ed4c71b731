import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { createLogger } from '../../src/logger';
import { logSyncProgress } from '../../src/sync/progress-log';
import type { SyncProgress } from '../../src/sync/progress';

const START = Date.parse('2026-12-07T03:00:00.000Z');

function progress(over: Partial<SyncProgress>): SyncProgress {
  return { mode: 'full', entity: 'deals', rows: {}, totalRows: 0, requests: 0, elapsedMs: 0, rate: 0, expectedRows: null, etaMs: null, almostDone: false, ...over };
}

/** The listener fed a page at each second given; the log lines it wrote, parsed. */
function logged(pages: { atSecond: number; p: Partial<SyncProgress> }[]) {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  const clock = new FixedClock(new Date(START));
  const listener = logSyncProgress(logger, clock);
  for (const page of pages) {
    clock.set(new Date(START + page.atSecond * 1000));
    listener(progress(page.p));
  }
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('logSyncProgress', () => {
  it('a full sync: one info line per 30 s of the clock, decided on each page, with entity, rows, requests, rate and etaSeconds', () => {
    const lines = logged([
      { atSecond: 10, p: { totalRows: 100 } },
      { atSecond: 29.999, p: { totalRows: 290 } },
      { atSecond: 30, p: { entity: 'deals', totalRows: 300, requests: 12, rate: 10, etaMs: 61_400 } },
      { atSecond: 45, p: { totalRows: 450 } },
      { atSecond: 59, p: { totalRows: 590 } },
      { atSecond: 61, p: { entity: 'tasks', totalRows: 610, requests: 25, rate: 610 / 61, etaMs: null, almostDone: true } },
    ]);
    expect(lines.map((l) => l.msg)).toEqual(['sync progress', 'sync progress']);
    expect(lines[0]).toMatchObject({ level: 30, entity: 'deals', rows: 300, requests: 12, rate: 10, etaSeconds: 61 });
    expect(lines[1]).toMatchObject({ entity: 'tasks', rows: 610, requests: 25, rate: 10, etaSeconds: null });
  });

  it('an incremental sync is not logged: it takes seconds', () => {
    expect(logged([{ atSecond: 40, p: { mode: 'incremental', totalRows: 5 } }, { atSecond: 80, p: { mode: 'incremental', totalRows: 9 } }])).toEqual([]);
  });
});
