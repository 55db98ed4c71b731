import { performance } from 'node:perf_hooks';
import { telegramApi } from '../src/bot/api';
import { FixedClock, type Clock } from '../src/clock';
import { parseConfig } from '../src/config';
import { createAmoConnector } from '../src/crm/amocrm/connector';
import { createBitrixConnector } from '../src/crm/bitrix24/connector';
import type { CrmConnector } from '../src/crm/connector';
import type { EpochMs, SnapshotChunk } from '../src/crm/model';
import { ensureAccount } from '../src/db/accounts';
import { openDatabase, type DatabaseHandle } from '../src/db/client';
import { SNAPSHOT_TABLES } from '../src/db/snapshot-tables';
import { drainOutbox } from '../src/delivery/drain';
import { enqueueText, pendingMessages } from '../src/delivery/outbox';
import { telegramSender } from '../src/delivery/telegram-sender';
import { createFormatter } from '../src/format';
import { translator } from '../src/i18n';
import { openFindingsAt } from '../src/jobs/account-snapshot';
import type { JobContext } from '../src/jobs/context';
import { weeklyReportData } from '../src/jobs/weekly-report';
import { createLogger } from '../src/logger';
import { runOverdueCheck } from '../src/jobs/overdue-check';
import { renderCharts } from '../src/report/charts';
import { renderReportText } from '../src/report/text';
import { runSync } from '../src/sync/run-sync';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { overdueScope } from '../src/db/overdue-scope';
import { pings } from '../src/db/schema';
import { pingFacts } from '../src/jobs/ping-writer';
import { loadRouting } from '../src/jobs/routing';
import { loadNorms } from '../src/norms/store';
import { evaluateRule } from '../src/rules';
import { calendarTime, nextWorkingInstant, workingTime } from '../src/rules/durations';
import { SnapshotIndex } from '../src/rules/snapshot-index';
import { accountCalendar } from '../src/settings/calendar-days';
import { loadSettings } from '../src/settings/store';
import { MINUTE } from '../src/time';
import type { FakesReady } from './protocol';
import { BENCH_LOSS_FIELD } from './wire-bitrix';
import { accountSchedule } from '../src/schedules/work-time';
import { accountWorkTime } from '../src/jobs/work-time';

/**
 * One measured step of the benchmark, in a process of its own so that the
 * peak RSS it reports is the step's alone. Reads its input as JSON from
 * argv, prints its figures as one JSON line on stdout.
 */

export type StepInput =
  | { step: 'sync'; crm: 'amocrm' | 'bitrix24'; mode: 'full' | 'incremental'; db: string; at: EpochMs; fakes: FakesReady; amoRate: number; bitrixRate: number; bitrixBurst: number }
  | ReadStep
  | { step: 'overdue'; db: string; at: EpochMs; ticks: number; fakes: FakesReady; amoRate: number }
  | PingsStep
  | { step: 'outbox'; db: string; at: EpochMs; fakes: FakesReady; messages: number; chats: number };

/** A step that only reads the synced database at one instant. */
interface ReadStep {
  step: 'findings' | 'scan' | 'report';
  db: string;
  at: EpochMs;
}

/**
 * The overdue check ticked every minute of the injected clock from `from`
 * until `openTarget` pings are open (at most `maxTicks` ticks), then
 * `measureTicks` more between two marks, at which bench/run.ts reads the
 * fakes' request counters: what one check a minute asks the CRM with that
 * many pings open.
 */
export interface PingsStep {
  step: 'pings';
  crm: 'amocrm' | 'bitrix24';
  db: string;
  from: EpochMs;
  openTarget: number;
  maxTicks: number;
  measureTicks: number;
  fakes: FakesReady;
  amoRate: number;
  bitrixRate: number;
  bitrixBurst: number;
}

export type StepOutput = Record<string, number> & { peakRssMb: number };

/** What a step sends bench/run.ts (when it runs with an IPC channel) to have the fakes' counters read at that point. */
export interface StepMark {
  mark: string;
}

const logger = createLogger(process.env.BENCH_LOG ?? 'warn');

function context(db: string, at: EpochMs, crm: 'amocrm' | 'bitrix24' = 'amocrm', env: Record<string, string> = {}): JobContext & { dealUrl(id: string): string } {
  const config = parseConfig({ DATABASE_PATH: db, ...env });
  const handle = openDatabase(db);
  ensureAccount(handle.db, { id: config.ACCOUNT_ID, name: 'Бенчмарк', crm }, at);
  return { config, handle, clock: new FixedClock(new Date(at)), logger, dealUrl: (id) => `https://bench.amocrm.ru/leads/detail/${id}` };
}

async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

/** The connector with the time the snapshot writer spends on each page (between two reads) measured. */
function measuringWrites(connector: CrmConnector, spent: { ms: number; lastPageAt: number }): CrmConnector {
  async function* timedPages<T extends SnapshotChunk>(pages: AsyncIterable<T>): AsyncGenerator<T> {
    for await (const page of pages) {
      const handedOver = performance.now();
      yield page;
      spent.ms += performance.now() - handedOver;
    }
    spent.lastPageAt = performance.now();
  }
  return {
    ...connector,
    fetchFull: () => timedPages(connector.fetchFull()),
    ...(connector.fetchChanges ? { fetchChanges: (since, previous) => timedPages(connector.fetchChanges!(since, previous) as AsyncIterable<never>) } : {}),
  };
}

/** The real connector of `crm`, against the fakes, paced at the fakes' rates. */
function fakeCrm(input: { crm: 'amocrm' | 'bitrix24'; fakes: FakesReady; amoRate: number; bitrixRate: number; bitrixBurst: number }) {
  return input.crm === 'amocrm'
    ? createAmoConnector({ baseUrl: input.fakes.amo.baseUrl, tokens: { token: async () => input.fakes.amo.token }, ratePerSecond: input.amoRate, logger })
    : createBitrixConnector({
        endpoint: input.fakes.bitrix.webhookUrl,
        portalUrl: input.fakes.bitrix.portalUrl,
        ratePerSecond: input.bitrixRate,
        burst: input.bitrixBurst,
        lossReasonField: BENCH_LOSS_FIELD,
        logger,
      });
}

async function sync(input: Extract<StepInput, { step: 'sync' }>): Promise<Record<string, number>> {
  const ctx = context(input.db, input.at, input.crm);
  const connector = fakeCrm(input);
  const spent = { ms: 0, lastPageAt: 0 };
  const { value: run, ms } = await timed(() =>
    runSync({ handle: ctx.handle, accountId: ctx.config.ACCOUNT_ID, connector: measuringWrites(connector, spent), clock: ctx.clock, logger }, input.mode),
  );
  // After the last page the writer swaps the staged pages in (full) or applies the changes (incremental).
  const finishing = performance.now() - spent.lastPageAt;
  const rows = Object.values(run.counts ?? {}).reduce((a, b) => a + b, 0);
  const writeMs = spent.ms + finishing;
  ctx.handle.close();
  return { wallMs: ms, lastPageMs: ms - finishing, finishMs: finishing, rows, writeMs, rowsPerSecond: rows / (writeMs / 1000) };
}

async function findings(input: ReadStep): Promise<Record<string, number>> {
  const ctx = context(input.db, input.at);
  const { value, ms } = await timed(() => openFindingsAt(ctx, input.at));
  return { ms, findings: value.length };
}

/** The baseline: SQLite reading once every row of every table the rules read, and nothing else. */
async function scan(input: ReadStep): Promise<Record<string, number>> {
  const ctx = context(input.db, input.at);
  let rows = 0;
  const { ms } = await timed(() => {
    for (const table of Object.values(SNAPSHOT_TABLES)) {
      const name = getTableConfig(table).name;
      const statement = ctx.handle.sqlite.prepare(`SELECT * FROM "${name}" WHERE account_id = ?`).raw(true);
      for (const _row of statement.iterate(ctx.config.ACCOUNT_ID)) rows++;
    }
  });
  return { ms, rows };
}

/**
 * The weekly report for the week ending at `at`: its data (trend points kept
 * by an earlier report are taken as they are), its text and every chart.
 * run.ts runs it twice, each in its own process: first for the week before,
 * as on an account's first report (eight weeks counted), then for this week,
 * as the schedule builds it once the earlier report kept its points.
 */
async function report(input: ReadStep): Promise<Record<string, number>> {
  const ctx = context(input.db, input.at);
  const tr = translator('ru');
  const data = await timed(() => weeklyReportData(ctx, input.at));
  const fmt = createFormatter(tr, data.value.norms.timezone);
  const text = await timed(() => renderReportText(data.value.data, tr, fmt));
  const charts = await timed(() => renderCharts(data.value.data, tr, fmt));
  return { ms: data.ms + text.ms + charts.ms, dataMs: data.ms, textMs: text.ms, chartsMs: charts.ms, charts: charts.value.length };
}

async function overdue(input: Extract<StepInput, { step: 'overdue' }>): Promise<Record<string, number>> {
  const ctx = context(input.db, input.at);
  // Each tick asks the CRM to confirm the tasks it is about to ping and those of open pings.
  const crm = createAmoConnector({ baseUrl: input.fakes.amo.baseUrl, tokens: { token: async () => input.fakes.amo.token }, ratePerSecond: input.amoRate, logger });
  const times: number[] = [];
  let pinged = 0;
  for (let tick = 0; tick < input.ticks; tick++) {
    const at = input.at + tick * 60_000;
    const { value, ms } = await timed(() => runOverdueCheck({ ...ctx, crm, clock: new FixedClock(new Date(at)) }, at));
    times.push(ms);
    pinged += value.pinged;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { firstTickMs: times[0]!, medianTickMs: sorted[Math.floor(sorted.length / 2)]!, maxTickMs: sorted.at(-1)!, ticks: times.length, pinged };
}

/**
 * The bench syncs once (at 10:10) and then ticks for over an hour of the
 * injected clock; a real account syncs every 15 minutes meanwhile. With the
 * default schedule the check would hold its pings as on stale data an hour
 * after the bench's one sync (src/sync/freshness.ts); an hourly schedule
 * (stale after three hours) keeps the bench's snapshot as fresh as the
 * quarter-hourly syncs would. Nothing else in the check reads the schedule.
 */
const PING_TICKS_ENV = { SYNC_SCHEDULE: '0 * * * *' };

/** Has bench/run.ts read the fakes' counters now (no-op without an IPC channel). */
async function mark(name: string): Promise<void> {
  if (!process.send) return;
  const acked = new Promise<void>((done) => process.once('message', () => done()));
  process.send({ mark: name } satisfies StepMark);
  await acked;
}

/**
 * Ping latency and verification cost. Ticks the overdue check every minute
 * from `from` with the real connector against the fakes until `openTarget`
 * pings are open; the latency of each ping the check made is its tick's
 * instant (detected_at) − the instant its task went overdue (due_at + the
 * norm's grace, on the norm's clock). Then, between two marks, `measureTicks`
 * more checks, whose requests run.ts counts at the fakes.
 *
 * Should the ticks not reach `openTarget` (a small account), rows are
 * inserted for open overdue tasks not pinged yet, with the columns the ping
 * writer fills (no messages: the check verifies pings by their rows), and
 * reported as `insertedPings`; the latency is taken before, from the check's
 * own pings only.
 */
async function pingTicks(input: PingsStep): Promise<Record<string, number>> {
  const ctx = context(input.db, input.from, input.crm, PING_TICKS_ENV);
  const accountId = ctx.config.ACCOUNT_ID;
  const connector = fakeCrm(input);
  let asked = 0;
  let reads = 0;
  /** Time the checks waited for the CRM's answers, of their whole time. */
  let crmMs = 0;
  const crm = {
    readTasks: async (ids: readonly string[], options?: { signal?: AbortSignal }) => {
      asked += ids.length;
      reads++;
      const { value, ms } = await timed(() => connector.readTasks(ids, options));
      crmMs += ms;
      return value;
    },
    readCallsSince: async (since: number, options?: { signal?: AbortSignal }) => {
      reads++;
      const { value, ms } = await timed(() => connector.readCallsSince(since, options));
      crmMs += ms;
      return value;
    },
  };
  const openPings = () =>
    ctx.handle.db.select({ n: sql<number>`count(*)` }).from(pings).where(and(eq(pings.accountId, accountId), isNull(pings.closedAt))).get()!.n;
  const norms = loadNorms(ctx.handle.db, accountId, ctx.config.TIMEZONE);
  const hours = { ...norms.workingHours, timezone: norms.timezone };
  const calendar = accountCalendar(ctx.handle.db, accountId);
  let at = input.from;
  let offHours = 0;
  const tick = async () => {
    if (nextWorkingInstant(at, accountSchedule(hours, calendar)) !== at) offHours++;
    const { value, ms } = await timed(() => runOverdueCheck({ ...ctx, crm, clock: new FixedClock(new Date(at)) }, at));
    at += MINUTE;
    return { ...value, ms };
  };

  const times: number[] = [];
  let pinged = 0;
  let held = 0;
  let closed = 0;
  while (times.length < input.maxTicks && (times.length === 0 || openPings() < input.openTarget)) {
    const result = await tick();
    times.push(result.ms);
    pinged += result.pinged;
    held += result.held;
    closed += result.closed;
  }
  const lastTick = at - MINUTE;
  const buildCrmMs = crmMs;

  // Latency over every ping the check made on this database (an earlier step's ticks included: they are contiguous with these).
  const rule = norms.rules.task_overdue;
  const clock = rule.clock === 'working' ? workingTime(accountSchedule(hours, calendar)) : calendarTime;
  const overdueAt = (dueAt: EpochMs) => clock.add(dueAt, rule.graceMinutes * MINUTE);
  const pingsSince = loadSettings(ctx.handle.db, accountId).pingsSince!;
  const rows = ctx.handle.db.select({ dueAt: pings.dueAt, detectedAt: pings.detectedAt }).from(pings).where(eq(pings.accountId, accountId)).all();
  const latencies = rows.map((r) => r.detectedAt - overdueAt(r.dueAt)).sort((a, b) => a - b);
  const firstDetected = rows.length > 0 ? Math.min(...rows.map((r) => r.detectedAt)) : Number.NaN;
  // Tasks that went overdue within the ticked span and are open in the snapshot, with no ping: should be none.
  const pingedTasks = new Set(ctx.handle.db.select({ taskId: pings.taskId, dueAt: pings.dueAt }).from(pings).where(eq(pings.accountId, accountId)).all().map((r) => `${r.taskId}:${r.dueAt}`));
  const fellDue = ctx.handle.sqlite
    .prepare('SELECT id, due_at AS dueAt FROM tasks WHERE account_id = ? AND completed = 0 AND due_at >= ? AND due_at < ?')
    .all(accountId, pingsSince, lastTick) as { id: string; dueAt: number }[];
  const missed = fellDue.filter((t) => overdueAt(t.dueAt) < lastTick && !pingedTasks.has(`${t.id}:${t.dueAt}`)).length;

  const inserted = topUp(ctx, input.openTarget - openPings(), lastTick);
  const open = openPings();

  await mark('verify-start');
  const asked0 = asked;
  const reads0 = reads;
  const crmMs0 = crmMs;
  const measured: number[] = [];
  for (let i = 0; i < input.measureTicks; i++) {
    const result = await tick();
    measured.push(result.ms);
    held += result.held;
    closed += result.closed;
  }
  await mark('verify-end');
  const sortedMeasured = [...measured].sort((a, b) => a - b);
  const median = (xs: number[]) => xs[Math.floor(xs.length / 2)] ?? Number.NaN;
  const openAfter = openPings();
  ctx.handle.close();
  return {
    ticks: times.length,
    pingsSince,
    spanFrom: input.from,
    spanTo: lastTick,
    offHoursTicks: offHours,
    tickMedianMs: median([...times].sort((a, b) => a - b)),
    tickTotalMs: times.reduce((a, b) => a + b, 0),
    tickCrmMs: buildCrmMs,
    pinged,
    held,
    closed,
    fellDue: fellDue.length,
    missed,
    latencyPings: latencies.length,
    firstDetected,
    latencyP50Ms: median(latencies),
    latencyP90Ms: latencies[Math.floor(latencies.length * 0.9)] ?? Number.NaN,
    latencyMaxMs: latencies.at(-1) ?? Number.NaN,
    insertedPings: inserted,
    openPings: open,
    openPingsAfter: openAfter,
    verifyTicks: measured.length,
    verifyReads: reads - reads0,
    askedPerCheck: (asked - asked0) / Math.max(1, measured.length),
    verifyMedianTickMs: median(sortedMeasured),
    verifyMaxTickMs: sortedMeasured.at(-1) ?? Number.NaN,
    verifyCrmMsPerCheck: (crmMs - crmMs0) / Math.max(1, measured.length),
  };
}

/** Up to `wanted` ping rows for open tasks overdue at `at` and never pinged, written as the ping writer writes them. */
function topUp(ctx: ReturnType<typeof context>, wanted: number, at: EpochMs): number {
  if (wanted <= 0) return 0;
  const accountId = ctx.config.ACCOUNT_ID;
  const norms = loadNorms(ctx.handle.db, accountId, ctx.config.TIMEZONE);
  const snapshot = new SnapshotIndex(overdueScope(ctx.handle, accountId, at));
  const { people } = loadRouting(ctx, norms);
  const overdue = evaluateRule('task_overdue', snapshot, norms, accountWorkTime(ctx.handle.db, accountId), { from: at, at })
    .filter((f) => f.taskId !== null)
    .sort((a, b) => b.since - a.since);
  let inserted = 0;
  ctx.handle.sqlite.transaction(() => {
    for (const finding of overdue) {
      if (inserted >= wanted) break;
      const row = ctx.handle.db
        .insert(pings)
        .values({ accountId, taskId: finding.taskId!, dueAt: finding.since, managerId: finding.managerId, dealId: finding.dealId, detectedAt: at, facts: pingFacts(finding, snapshot, people, ctx.dealUrl) })
        .onConflictDoNothing()
        .returning({ id: pings.id })
        .get();
      if (row) inserted++;
    }
  })();
  return inserted;
}

/** Queues messages to many chats and drains the outbox against the fake Bot API with Telegram's limits. */
async function outbox(input: Extract<StepInput, { step: 'outbox' }>): Promise<Record<string, number>> {
  const ctx = context(input.db, input.at);
  const clock: Clock = { now: () => new Date() };
  const start = Date.now();
  for (let i = 0; i < input.messages; i++) {
    const chatId = String(input.fakes.telegram.firstChat + (i % input.chats));
    enqueueText(ctx.handle.db, { accountId: ctx.config.ACCOUNT_ID, dedupeKey: `bench:${i}`, chatId, html: `Просрочена задача №${i}: <b>перезвонить клиенту</b>` }, start);
  }
  const sender = telegramSender(telegramApi(input.fakes.telegram.token, input.fakes.telegram.apiRoot));
  const { ms } = await timed(async () => {
    while (pendingMessages(ctx.handle.db, 1, Number.MAX_SAFE_INTEGER).length > 0) {
      const result = await drainOutbox(ctx.handle.db, sender, clock, logger);
      if (result.sent + result.retried + result.failed === 0) await new Promise((r) => setTimeout(r, 50));
    }
  });
  return { ms, messages: input.messages, chats: input.chats, perSecond: input.messages / (ms / 1000) };
}

const STEPS = { sync, findings, scan, report, overdue, pings: pingTicks, outbox } as const;

const input = JSON.parse(process.argv[2] ?? '{}') as StepInput;
const figures = await (STEPS[input.step] as (i: StepInput) => Promise<Record<string, number>>)(input);
const output: StepOutput = { ...figures, peakRssMb: process.resourceUsage().maxRSS / 1024 };
process.stdout.write(`${JSON.stringify(output)}\n`);
process.exit(0);
