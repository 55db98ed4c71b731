import { describe, expect, it } from 'vitest';
import { judgeHealth, OUTBOX_STUCK_AFTER_MS, type HealthFacts } from '../../src/jobs/health';

const NOW = Date.parse('2026-12-04T10:00:00Z');
const MIN = 60_000;

/** A healthy bot: synced 5 minutes ago, nothing waiting, polling. */
const healthy: HealthFacts = {
  now: NOW,
  lastRun: { status: 'ok', startedAt: NOW - 6 * MIN, finishedAt: NOW - 5 * MIN, error: null },
  syncedAt: NOW - 5 * MIN,
  stale: false,
  outbox: { backlog: 0, waitingSince: null },
  receiving: { mode: 'polling', alive: true },
};

describe('judgeHealth', () => {
  it.each<[string, Partial<HealthFacts>, string[]]>([
    ['healthy', {}, []],
    ['a sync running after good ones', { lastRun: { status: 'running', startedAt: NOW - MIN, finishedAt: null, error: null } }, []],
    ['the first sync still running, for half an hour', { lastRun: { status: 'running', startedAt: NOW - 30 * MIN, finishedAt: null, error: null }, syncedAt: null }, []],
    ['the last sync failed', { lastRun: { status: 'failed', startedAt: NOW - 2 * MIN, finishedAt: NOW - MIN, error: 'amoCRM answered 401' } }, ['the last sync failed: amoCRM answered 401']],
    ['never synced, nothing running', { lastRun: null, syncedAt: null }, ['no sync has succeeded yet']],
    ['never synced, the only sync failed', { lastRun: { status: 'failed', startedAt: NOW - 2 * MIN, finishedAt: NOW - MIN, error: 'no answer' }, syncedAt: null }, ['the last sync failed: no answer', 'no sync has succeeded yet']],
    ['stale data', { syncedAt: NOW - 90 * MIN, stale: true }, ['the data is stale: the last successful sync ended 90 min ago']],
    ['a message due exactly at the limit', { outbox: { backlog: 3, waitingSince: NOW - OUTBOX_STUCK_AFTER_MS } }, []],
    ['a message due a second past the limit', { outbox: { backlog: 3, waitingSince: NOW - OUTBOX_STUCK_AFTER_MS - 1000 } }, ['the outbox is stuck: a message has waited 10 min to be sent']],
    ['polling stopped', { receiving: { mode: 'polling', alive: false } }, ['Telegram long polling has stopped']],
    ['the webhook server down', { receiving: { mode: 'webhook', alive: false } }, ['the Telegram webhook server is not listening']],
    ['no Telegram (files)', { receiving: { mode: 'off', alive: null } }, []],
  ])('%s', (_, change, problems) => {
    const report = judgeHealth({ ...healthy, ...change });
    expect(report.problems).toEqual(problems);
    expect(report.status).toBe(problems.length === 0 ? 'ok' : 'failing');
  });

  it('reports the figures an operator reads: ages in seconds, instants in ISO', () => {
    const report = judgeHealth({
      ...healthy,
      lastRun: { status: 'failed', startedAt: NOW - 2 * MIN, finishedAt: NOW - MIN, error: 'no answer' },
      outbox: { backlog: 4, waitingSince: NOW - 90_000 },
    });
    expect(report).toEqual({
      status: 'failing',
      problems: ['the last sync failed: no answer'],
      checkedAt: '2026-12-04T10:00:00.000Z',
      sync: { lastSuccessAt: '2026-12-04T09:55:00.000Z', lastSuccessAgeSeconds: 300, running: false, lastError: { at: '2026-12-04T09:59:00.000Z', error: 'no answer' }, stale: false },
      outbox: { backlog: 4, oldestPendingAgeSeconds: 90 },
      telegram: { mode: 'polling', alive: true },
    });
  });
});
