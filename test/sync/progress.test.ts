import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import type { ChangeChunk } from '../../src/crm/connector';
import { ENTITY_NAMES, type EntityName, type SnapshotChunk } from '../../src/crm/model';
import { createLogger } from '../../src/logger';
import { SyncProgressTracker, totalRowsOf, type SyncProgress } from '../../src/sync/progress';
import { runSync } from '../../src/sync/run-sync';
import { BOT_SNAPSHOT } from '../support/bot-fixture';
import { fixtureConnector } from '../support/fixture-connector';
import { tempDatabase } from '../support/temp-db';

const START = '2026-12-07T03:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(START) + seconds * 1000);

/** A page that arrives `atSecond` after the start, with the CRM requests made by then. */
interface Page {
  atSecond: number;
  entity: EntityName;
  rows: number;
  requestsByThen: number;
}

/** Feeds the pages at their instants; returns the snapshot after the last one. */
function progressAfter(mode: 'full' | 'incremental', expectedRows: number | null, pages: Page[], requestsBefore = 40): SyncProgress {
  const clock = new FixedClock(at(0));
  let requests = requestsBefore;
  const tracker = new SyncProgressTracker({ mode, clock, expectedRows, requestsMade: () => requests });
  let last = tracker.snapshot();
  for (const page of pages) {
    clock.set(at(page.atSecond));
    requests = requestsBefore + page.requestsByThen;
    last = tracker.page(page.entity, page.rows);
  }
  return last;
}

describe('SyncProgressTracker', () => {
  it.each<[string, 'full' | 'incremental', number | null, Page[], Partial<SyncProgress>]>([
    ['nothing read yet', 'full', 1000, [], { entity: null, totalRows: 0, requests: 0, rate: 0, etaMs: null, almostDone: false, elapsedMs: 0 }],
    [
      'a full sync with a previous full one: rows per entity, requests since its start, rate and ETA',
      'full',
      1000,
      [
        { atSecond: 1, entity: 'users', rows: 50, requestsByThen: 1 },
        { atSecond: 4, entity: 'deals', rows: 250, requestsByThen: 3 },
        { atSecond: 5, entity: 'deals', rows: 200, requestsByThen: 4 },
      ],
      // 500 rows in 5 s = 100 rows/s; 500 left → 5 s.
      { entity: 'deals', rows: { users: 50, deals: 450 }, totalRows: 500, requests: 4, elapsedMs: 5000, rate: 100, expectedRows: 1000, etaMs: 5000, almostDone: false },
    ],
    [
      'the ETA rounds to a millisecond',
      'full',
      1000,
      [{ atSecond: 3, entity: 'deals', rows: 100, requestsByThen: 1 }],
      // 33.3 rows/s, 900 left → 27 s.
      { totalRows: 100, etaMs: 27_000 },
    ],
    ['exactly at the expected total: almost done, no ETA', 'full', 300, [{ atSecond: 2, entity: 'deals', rows: 300, requestsByThen: 2 }], { etaMs: null, almostDone: true, rate: 150 }],
    ['past the expected total (the account grew): never a negative ETA', 'full', 300, [{ atSecond: 2, entity: 'deals', rows: 450, requestsByThen: 2 }], { etaMs: null, almostDone: true }],
    ['a first full sync (no previous full one): no ETA', 'full', null, [{ atSecond: 2, entity: 'deals', rows: 300, requestsByThen: 2 }], { expectedRows: null, etaMs: null, almostDone: false, rate: 150 }],
    ['an incremental sync: no ETA even with a previous full one', 'incremental', 1000, [{ atSecond: 2, entity: 'deals', rows: 30, requestsByThen: 2 }], { mode: 'incremental', expectedRows: null, etaMs: null, almostDone: false, rate: 15 }],
    ['a page at the very start: no rate yet, so no ETA', 'full', 1000, [{ atSecond: 0, entity: 'users', rows: 10, requestsByThen: 1 }], { rate: 0, etaMs: null, totalRows: 10 }],
    ['a previous full sync that wrote nothing gives no ETA', 'full', 0, [{ atSecond: 2, entity: 'deals', rows: 30, requestsByThen: 1 }], { expectedRows: null, etaMs: null, almostDone: false }],
  ])('%s', (_, mode, expected, pages, want) => {
    expect(progressAfter(mode, expected, pages)).toMatchObject(want);
  });

  it('a snapshot taken later has the same rows and a lower rate: time passes between pages too', () => {
    const clock = new FixedClock(at(0));
    const tracker = new SyncProgressTracker({ mode: 'full', clock, expectedRows: 1000, requestsMade: () => 7 });
    tracker.page('deals', 100);
    clock.set(at(10));
    expect(tracker.snapshot()).toMatchObject({ totalRows: 100, rate: 10, etaMs: 90_000, requests: 0 });
  });
});

describe('totalRowsOf', () => {
  it.each<[Record<string, number> | null | undefined, number | null]>([
    [null, null],
    [undefined, null],
    [{}, null],
    [{ deals: 0, tasks: 0 }, null],
    [{ deals: 100, tasks: 250, users: 5 }, 355],
  ])('%j → %s', (counts, total) => expect(totalRowsOf(counts)).toBe(total));
});

describe('runSync tells onProgress of each page as it reaches the writer', () => {
  it('a first full sync: one event per page, no ETA; the next full sync: an ETA from the first one’s counts; an incremental one: none', async () => {
    const db = tempDatabase();
    try {
      const clock = new FixedClock(at(0));
      const crm = fixtureConnector(BOT_SNAPSHOT);
      const paced = { ...crm, fetchFull: () => advancing(crm.fetchFull(), clock) };
      const seen: SyncProgress[] = [];
      const deps = { handle: db, accountId: 'main', connector: paced, clock, logger: createLogger('silent'), onProgress: (p: SyncProgress) => seen.push(p) };
      const first = await runSync(deps, 'full');
      expect(seen.map((p) => p.entity)).toEqual(ENTITY_NAMES);
      expect(seen.every((p) => p.etaMs === null && p.expectedRows === null)).toBe(true);
      expect(seen.at(-1)).toMatchObject({ mode: 'full', totalRows: ENTITY_NAMES.reduce((n, e) => n + BOT_SNAPSHOT[e].length, 0) });

      seen.length = 0;
      await runSync(deps, 'full');
      const expected = Object.values(first.counts!).reduce((a, b) => a + b, 0);
      expect(seen[0]).toMatchObject({ expectedRows: expected, elapsedMs: 1000 });
      const midway = seen.find((p) => p.totalRows > 0 && p.totalRows < expected)!;
      expect(midway.etaMs).toBe(Math.round(((expected - midway.totalRows) / midway.rate) * 1000));

      seen.length = 0;
      await runSync({ ...deps, connector: { ...paced, fetchChanges: () => advancing(upserts(crm.fetchFull()), clock) } }, 'incremental');
      expect(seen.length).toBe(ENTITY_NAMES.length);
      expect(seen.every((p) => p.mode === 'incremental' && p.etaMs === null && p.expectedRows === null)).toBe(true);

      // An incremental run since then changed a few rows: the next full sync still reckons with the last FULL one's total.
      const onlyUsers = async function* (): AsyncGenerator<ChangeChunk> {
        yield { op: 'upsert', entity: 'users', rows: BOT_SNAPSHOT.users.slice(0, 1) };
      };
      const small = await runSync({ ...deps, connector: { ...paced, fetchChanges: onlyUsers } }, 'incremental');
      expect(Object.values(small.counts!).reduce((a, b) => a + b, 0)).toBeLessThan(expected);
      seen.length = 0;
      await runSync(deps, 'full');
      expect(seen[0]).toMatchObject({ mode: 'full', expectedRows: expected });
    } finally {
      db.dispose();
    }
  });

  it('a listener that throws does not fail the sync', async () => {
    const db = tempDatabase();
    try {
      const run = await runSync(
        { handle: db, accountId: 'main', connector: fixtureConnector(BOT_SNAPSHOT), clock: new FixedClock(at(0)), logger: createLogger('silent'), onProgress: () => { throw new Error('a broken listener'); } },
        'full',
      );
      expect(run.status).toBe('ok');
    } finally {
      db.dispose();
    }
  });
});

/** The pages as they come, each a second later on the test's clock. */
async function* advancing<T>(pages: AsyncIterable<T>, clock: FixedClock): AsyncGenerator<T> {
  for await (const page of pages) {
    clock.advance(1000);
    yield page;
  }
}

/** The whole snapshot again, as changes: every row an upsert. */
async function* upserts(pages: AsyncIterable<SnapshotChunk>): AsyncGenerator<ChangeChunk> {
  for await (const page of pages) yield { op: 'upsert', ...page };
}
