import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { parseConfig } from '../../src/config';
import type { CrmConnector } from '../../src/crm/connector';
import { ENTITY_NAMES, type SnapshotChunk } from '../../src/crm/model';
import { openDatabase, type DatabaseHandle } from '../../src/db/client';
import { prepareAccount, type JobContext } from '../../src/jobs/context';
import { syncAndEvaluate } from '../../src/jobs/sync-and-evaluate';
import { createLogger } from '../../src/logger';
import { syncDuration, syncs } from '../../src/metrics';
import { acquireSyncLease, SyncBusyError } from '../../src/sync/lease';
import { SyncError } from '../../src/sync/run-sync';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { fixtureConnector } from '../support/fixture-connector';

/** crmqc_syncs_total for a mode and result, as /metrics would show it. */
async function syncsCounted(mode: string, result: string): Promise<number> {
  return (await syncs.get()).values.find((v) => v.labels.mode === mode && v.labels.result === result)?.value ?? 0;
}

/** crmqc_sync_duration_seconds' count and sum for a mode and result. */
async function durations(mode: string, result: string): Promise<{ count: number; sum: number }> {
  const values = (await syncDuration.get()).values.filter((v) => v.labels.mode === mode && v.labels.result === result);
  const of = (name: string) => values.find((v) => v.metricName === `crmqc_sync_duration_seconds_${name}`)?.value ?? 0;
  return { count: of('count'), sum: of('sum') };
}

let dir = '';
const handles: DatabaseHandle[] = [];
afterEach(() => {
  for (const h of handles.splice(0)) h.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function context(): JobContext {
  dir = mkdtempSync(join(tmpdir(), 'crm-qc-sync-metrics-'));
  const config = parseConfig({ DATABASE_PATH: join(dir, 'db.sqlite'), OUT_DIR: join(dir, 'out'), LOG_LEVEL: 'silent', SYNC_LEASE_WAIT_SECONDS: '0' });
  const handle = openDatabase(config.DATABASE_PATH);
  handles.push(handle);
  const ctx: JobContext = { config, handle, clock: new FixedClock(new Date(NOW)), logger: createLogger('silent') };
  prepareAccount(ctx);
  return ctx;
}

/** The fixture CRM, whose pages take `secondsPerPage` of the test's clock each. */
function slowCrm(ctx: JobContext, secondsPerPage: number, failAt?: number): CrmConnector {
  const crm = fixtureConnector(BOT_SNAPSHOT);
  const clock = ctx.clock as FixedClock;
  return {
    ...crm,
    async *fetchFull() {
      let page = 0;
      for (const entity of ENTITY_NAMES) {
        clock.advance(secondsPerPage * 1000);
        if (page++ === failAt) throw new Error('the CRM went away');
        yield { entity, rows: structuredClone(crm.snapshot[entity]) } as SnapshotChunk;
      }
    },
  };
}

describe('syncAndEvaluate counts each sync in the metrics', () => {
  it('ok: crmqc_syncs_total{mode="full",result="ok"} goes up by one, the duration by the sync’s seconds on the clock', async () => {
    const ctx = context();
    const [before, time] = [await syncsCounted('full', 'ok'), await durations('full', 'ok')];
    await syncAndEvaluate(ctx, slowCrm(ctx, 2), 'full');
    expect(await syncsCounted('full', 'ok')).toBe(before + 1);
    expect(await durations('full', 'ok')).toEqual({ count: time.count + 1, sum: time.sum + 2 * ENTITY_NAMES.length });
  });

  it('an incremental ask with no sync before runs full, and is counted as the full sync it was', async () => {
    const ctx = context();
    const [full, incremental] = [await syncsCounted('full', 'ok'), await syncsCounted('incremental', 'ok')];
    await syncAndEvaluate(ctx, slowCrm(ctx, 1), 'incremental');
    expect(await syncsCounted('full', 'ok')).toBe(full + 1);
    expect(await syncsCounted('incremental', 'ok')).toBe(incremental);
  });

  it('failed: a CRM that breaks half-way counts as failed, under the run’s mode', async () => {
    const ctx = context();
    const [failed, ok, time] = [await syncsCounted('full', 'failed'), await syncsCounted('full', 'ok'), await durations('full', 'failed')];
    await expect(syncAndEvaluate(ctx, slowCrm(ctx, 3, 2), 'incremental')).rejects.toBeInstanceOf(SyncError);
    expect(await syncsCounted('full', 'failed')).toBe(failed + 1);
    expect(await syncsCounted('full', 'ok')).toBe(ok);
    expect(await durations('full', 'failed')).toEqual({ count: time.count + 1, sum: time.sum + 9 });
  });

  it('failed: a sync given up because the process stops counts as failed', async () => {
    const ctx = context();
    const before = await syncsCounted('full', 'failed');
    const stop = new AbortController();
    stop.abort(new Error('stopping'));
    await expect(syncAndEvaluate(ctx, slowCrm(ctx, 1), 'full', { signal: stop.signal })).rejects.toBeInstanceOf(SyncError);
    expect(await syncsCounted('full', 'failed')).toBe(before + 1);
  });

  it('busy: another process holds the lease — counted as busy (the mode asked), not as failed', async () => {
    const ctx = context();
    const other = openDatabase(ctx.config.DATABASE_PATH);
    handles.push(other);
    const held = await acquireSyncLease(other, { accountId: ctx.config.ACCOUNT_ID, clock: ctx.clock, logger: ctx.logger, waitMs: 0, timezone: 'UTC' });
    const [busy, failed] = [await syncsCounted('incremental', 'busy'), await syncsCounted('incremental', 'failed')];
    await expect(syncAndEvaluate(ctx, slowCrm(ctx, 1), 'incremental')).rejects.toBeInstanceOf(SyncBusyError);
    held.release();
    expect(await syncsCounted('incremental', 'busy')).toBe(busy + 1);
    expect(await syncsCounted('incremental', 'failed')).toBe(failed);
  });
});
