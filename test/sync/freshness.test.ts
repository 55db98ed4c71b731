import { describe, expect, it } from 'vitest';
import type { SyncRun } from '../../src/sync/run-sync';
import { freshness, staleAfterMs } from '../../src/sync/freshness';
import { HOUR, MINUTE } from '../../src/time';

const NOW = Date.parse('2026-12-04T10:05:00+03:00');

describe('staleAfterMs: three sync intervals, at least an hour', () => {
  it.each([
    ['*/15 * * * *', HOUR],
    ['*/30 * * * *', 90 * MINUTE],
    ['0 * * * *', 3 * HOUR],
    ['0 */6 * * *', 18 * HOUR],
    ['* * * * *', HOUR],
  ])('%s → %d ms', (schedule, expected) => {
    expect(staleAfterMs(schedule, 'Europe/Moscow', NOW)).toBe(expected);
  });
});

const run = (fields: Partial<SyncRun>): SyncRun => ({ id: 1, accountId: 'main', mode: 'incremental', status: 'ok', startedAt: 0, finishedAt: 0, counts: null, error: null, ...fields });

describe('freshness at an instant', () => {
  const ok = run({ startedAt: NOW - 70 * MINUTE, finishedAt: NOW - 69 * MINUTE });
  const failed = run({ id: 2, status: 'failed', startedAt: NOW - 5 * MINUTE, finishedAt: NOW - 4 * MINUTE, error: 'amoCRM answered 401: the token was revoked' });
  it.each([
    ['never synced', undefined, undefined, { syncedAt: null, stale: null }],
    ['synced within the hour', run({ finishedAt: NOW - 59 * MINUTE }), undefined, { syncedAt: NOW - 59 * MINUTE, stale: null }],
    ['exactly at the limit', run({ finishedAt: NOW - HOUR }), undefined, { syncedAt: NOW - HOUR, stale: null }],
    ['older, syncs failing', ok, failed, { syncedAt: NOW - 69 * MINUTE, stale: { reason: 'amoCRM answered 401: the token was revoked' } }],
    ['older, nothing tried since', ok, ok, { syncedAt: NOW - 69 * MINUTE, stale: { reason: null } }],
  ])('%s', (_case, lastOk, last, expected) => {
    expect(freshness({ lastOk, last }, NOW, HOUR)).toEqual(expected);
  });
});
