import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app';
import { FixedClock } from '../../src/clock';
import { parseConfig } from '../../src/config';
import type { LiveConnector } from '../../src/crm/connector';
import { openDatabase, type DatabaseHandle } from '../../src/db/client';
import { enqueueText } from '../../src/delivery/outbox';
import { connectorFor, prepareAccount, type JobContext } from '../../src/jobs/context';
import { judgeHealth, type HealthReport } from '../../src/jobs/health';
import { createLogger } from '../../src/logger';
import { startOpsServer } from '../../src/ops/server';
import { staleAfterMs } from '../../src/sync/freshness';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { AMO_NOW, amoFixture } from '../support/fake-amocrm/fixture';
import { startFakeAmo } from '../support/fake-amocrm/server';
import { fixtureConnector } from '../support/fixture-connector';
import { parsePrometheusText } from '../support/prometheus-text';

const MIN = 60_000;
const running: { app: App; handle: DatabaseHandle; dir: string }[] = [];
afterEach(async () => {
  for (const { app, handle, dir } of running.splice(0)) {
    await app.stop();
    handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The bot (no Telegram, no schedules) serving /healthz and /metrics on a free port of 127.0.0.1. */
async function startOps(connector: (ctx: JobContext) => LiveConnector, env: Record<string, string> = {}, now = NOW) {
  const dir = mkdtempSync(join(tmpdir(), 'crm-qc-ops-'));
  const config = parseConfig({ DATABASE_PATH: join(dir, 'db.sqlite'), OUT_DIR: join(dir, 'out'), LOG_LEVEL: 'silent', HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', ...env });
  const handle = openDatabase(config.DATABASE_PATH);
  const clock = new FixedClock(new Date(now));
  const ctx: JobContext = { config, handle, clock, logger: createLogger('silent') };
  prepareAccount(ctx);
  const app = await startApp(ctx, connector(ctx), { schedule: false });
  running.push({ app, handle, dir });
  const base = `http://127.0.0.1:${app.opsPort}`;
  return {
    app,
    ctx,
    clock,
    async health(): Promise<{ status: number; body: HealthReport }> {
      const res = await fetch(`${base}/healthz`);
      return { status: res.status, body: (await res.json()) as HealthReport };
    },
    async metrics() {
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      return parsePrometheusText(await res.text());
    },
    fetch: (path: string, init?: RequestInit) => fetch(`${base}${path}`, init),
  };
}

/** The fixture CRM, which can be taken down and brought back. */
function switchableCrm() {
  const crm = fixtureConnector(BOT_SNAPSHOT);
  const state = { down: false };
  const connector: LiveConnector = {
    ...crm,
    fetchFull: async function* () {
      if (state.down) throw new Error('the CRM answered 503 Service Unavailable');
      yield* crm.fetchFull();
    },
  };
  return { connector, state };
}

describe('GET /healthz', () => {
  it('is 503 before any sync, 200 after one, 503 with the reason when syncs fail, 200 again after recovery', async () => {
    const crm = switchableCrm();
    const ops = await startOps(() => crm.connector);
    let health = await ops.health();
    expect(health.status).toBe(503);
    expect(health.body.problems).toEqual(['no sync has succeeded yet']);

    await ops.app.syncNow('full');
    health = await ops.health();
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', problems: [], sync: { lastSuccessAgeSeconds: 0, lastError: null } } });

    crm.state.down = true;
    ops.clock.advance(15 * MIN);
    await expect(ops.app.syncNow('full')).rejects.toThrow('503 Service Unavailable');
    health = await ops.health();
    expect(health.status).toBe(503);
    expect(health.body.problems).toEqual([expect.stringContaining('the last sync failed: ') as string]);
    expect(health.body.problems[0]).toContain('the CRM answered 503 Service Unavailable');
    expect(health.body.sync).toMatchObject({ lastSuccessAgeSeconds: 15 * 60, lastError: { error: expect.stringContaining('503') as string } });

    crm.state.down = false;
    ops.clock.advance(15 * MIN);
    await ops.app.syncNow('full');
    health = await ops.health();
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', problems: [], sync: { lastError: null } } });
  });

  it('reports the outbox backlog, and 503 once a due message has waited more than 10 minutes', async () => {
    const crm = switchableCrm();
    const ops = await startOps(() => crm.connector);
    await ops.app.syncNow('full');
    const at = ops.clock.now().getTime();
    const { db } = ops.ctx.handle;
    enqueueText(db, { accountId: 'main', dedupeKey: 'test:due', chatId: '42', html: 'ждёт' }, at);
    // Held for quiet hours until tomorrow: pending, but not waiting yet.
    enqueueText(db, { accountId: 'main', dedupeKey: 'test:later', chatId: '43', html: 'утром', notBefore: at + 20 * 60 * MIN }, at);

    ops.clock.advance(10 * MIN);
    let health = await ops.health();
    expect(health).toMatchObject({ status: 200, body: { outbox: { backlog: 2, oldestPendingAgeSeconds: 600 } } });

    ops.clock.advance(1000);
    health = await ops.health();
    expect(health.status).toBe(503);
    expect(health.body.problems).toEqual(['the outbox is stuck: a message has waited 10 min to be sent']);
    const metrics = await ops.metrics();
    expect(metrics.get('crmqc_outbox_backlog')?.samples[0]?.value).toBe(2);
    expect(metrics.get('crmqc_outbox_oldest_pending_seconds')?.samples[0]?.value).toBe(601);
  });

  it('is 503 once the data is stale, at the instant src/sync/freshness.ts says so (an hour at SYNC_SCHEDULE every 15 min)', async () => {
    const ops = await startOps(() => switchableCrm().connector);
    await ops.app.syncNow('full');
    const syncedAt = ops.clock.now().getTime();
    const staleAfter = staleAfterMs(ops.ctx.config.SYNC_SCHEDULE, ops.ctx.config.TIMEZONE, syncedAt + 60 * MIN);
    expect(staleAfter).toBe(60 * MIN);

    ops.clock.set(new Date(syncedAt + staleAfter));
    expect(await ops.health()).toMatchObject({ status: 200, body: { sync: { stale: false, lastSuccessAgeSeconds: 3600 } } });
    ops.clock.advance(1);
    const health = await ops.health();
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ problems: ['the data is stale: the last successful sync ended 60 min ago'], sync: { stale: true, lastError: null } });
  });

  it('a lone message retried with backoff has waited since its first attempt, not since its latest not-before', async () => {
    const crm = switchableCrm();
    const ops = await startOps(() => crm.connector);
    await ops.app.syncNow('full');
    const at = ops.clock.now().getTime();
    const id = enqueueText(ops.ctx.handle.db, { accountId: 'main', dedupeKey: 'test:retried', chatId: '42', html: 'ждёт' }, at)!;
    // Telegram has refused it 9 times since its first attempt 11 minutes ago; the next try is in a minute.
    ops.ctx.handle.sqlite.prepare('UPDATE outbox SET attempts = 9, first_attempt_at = ?, not_before = ? WHERE id = ?').run(at, at + 11 * MIN + MIN, id);
    ops.clock.advance(11 * MIN);
    const health = await ops.health();
    expect(health.status).toBe(503);
    expect(health.body.problems).toEqual(['the outbox is stuck: a message has waited 11 min to be sent']);
  });

  it('answers only GET on its two paths', async () => {
    const ops = await startOps(() => switchableCrm().connector);
    expect((await ops.fetch('/')).status).toBe(404);
    expect((await ops.fetch('/healthz/x')).status).toBe(404);
    const post = await ops.fetch('/healthz', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await ops.fetch('/healthz', { method: 'HEAD' })).status).toBe(503);
  });
});

describe('GET /metrics', () => {
  it('counts ping messages delivered, not their later edits', async () => {
    const crm = switchableCrm();
    const ops = await startOps(() => crm.connector);
    const pingsSent = async () => (await ops.metrics()).get('crmqc_pings_sent_total')!.samples[0]!.value;
    const before = await pingsSent();
    await ops.app.syncNow('full');
    // The fixture's task fell due at 10:30: the check pings its manager's supervisor (no one is linked), here into files.
    ops.clock.set(new Date('2026-11-23T10:31:00+03:00'));
    const check = await ops.app.overdueCheck();
    expect(check.pinged).toBeGreaterThan(0);
    const sent = (await pingsSent()) - before;
    expect(sent).toBeGreaterThan(0);
    const rows = ops.ctx.handle.sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'sent' AND kind <> 'edit' AND (dedupe_key LIKE 'ping:%' OR dedupe_key LIKE 'digest:%')").get() as { n: number };
    expect(sent).toBe(rows.n);
  });

  it('parses as Prometheus text: CRM requests by answer, outbox gauges, report duration, event-loop lag', async () => {
    const fake = await startFakeAmo(amoFixture());
    try {
      const ops = await startOps(connectorFor, { CRM: 'amocrm', AMOCRM_BASE_URL: fake.baseUrl, AMOCRM_TOKEN: fake.token }, AMO_NOW);
      const before = (await ops.metrics()).get('crmqc_crm_requests_total')?.samples.find((s) => s.labels.crm === 'amocrm' && s.labels.status === '200')?.value ?? 0;
      await ops.app.syncNow('full');
      await ops.app.weeklyReport(ops.clock.now());
      const metrics = await ops.metrics();
      const ok = metrics.get('crmqc_crm_requests_total')!.samples.find((s) => s.labels.crm === 'amocrm' && s.labels.status === '200')!.value;
      // Every page the fake served (204 = past the end) counted, under its status.
      const served = fake.log.filter((r) => r.status === 200).length;
      expect(ok - before).toBe(served);
      expect(metrics.get('crmqc_crm_requests_total')!.type).toBe('counter');
      expect(metrics.get('crmqc_outbox_backlog')!.type).toBe('gauge');
      expect(metrics.get('crmqc_report_duration_seconds')!.samples.find((s) => s.name === 'crmqc_report_duration_seconds_count')!.value).toBeGreaterThanOrEqual(1);
      expect(metrics.get('crmqc_nodejs_eventloop_lag_seconds')?.type).toBe('gauge');
    } finally {
      await fake.close();
    }
  });
});

describe('the ops server itself', () => {
  it('answers 500 when the health cannot be read, logs the error as an object, and keeps serving', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    let broken = true;
    const healthy = judgeHealth({ now: Date.parse(NOW), lastRun: null, syncedAt: Date.parse(NOW), stale: false, outbox: { backlog: 0, waitingSince: null }, receiving: { mode: 'off', alive: null } });
    const server = await startOpsServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      health: () => {
        if (broken) throw new Error('database is locked');
        return healthy;
      },
    });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      for (const path of ['/healthz', '/metrics']) {
        const res = await fetch(`${base}${path}`);
        expect(res.status).toBe(500);
        expect(await res.text()).not.toContain('database is locked');
      }
      const logged = lines.map((l) => JSON.parse(l) as { msg: string; path?: string; err?: { message: string; stack: string } }).filter((l) => l.msg === 'ops endpoint failed');
      expect(logged.map((l) => [l.path, l.err?.message])).toEqual([
        ['/healthz', 'database is locked'],
        ['/metrics', 'database is locked'],
      ]);
      expect(logged[0]!.err!.stack).toContain('Error: database is locked');
      broken = false;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
