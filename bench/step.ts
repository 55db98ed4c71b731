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
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import type { FakesReady } from './protocol';
import { BENCH_LOSS_FIELD } from './wire-bitrix';

/**
 * One measured step of the benchmark, in a process of its own so that the
 * peak RSS it reports is the step's alone. Reads its input as JSON from
 * argv, prints its figures as one JSON line on stdout.
 */

export type StepInput =
  | { step: 'sync'; crm: 'amocrm' | 'bitrix24'; mode: 'full' | 'incremental'; db: string; at: EpochMs; fakes: FakesReady; amoRate: number; bitrixRate: number; bitrixBurst: number }
  | ReadStep
  | { step: 'overdue'; db: string; at: EpochMs; ticks: number; fakes: FakesReady; amoRate: number }
  | { step: 'outbox'; db: string; at: EpochMs; fakes: FakesReady; messages: number; chats: number };

/** A step that only reads the synced database at one instant. */
interface ReadStep {
  step: 'findings' | 'scan' | 'report';
  db: string;
  at: EpochMs;
}

export type StepOutput = Record<string, number> & { peakRssMb: number };

const logger = createLogger(process.env.BENCH_LOG ?? 'warn');

function context(db: string, at: EpochMs, crm: 'amocrm' | 'bitrix24' = 'amocrm'): JobContext & { dealUrl(id: string): string } {
  const config = parseConfig({ DATABASE_PATH: db });
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

async function sync(input: Extract<StepInput, { step: 'sync' }>): Promise<Record<string, number>> {
  const ctx = context(input.db, input.at, input.crm);
  const connector =
    input.crm === 'amocrm'
      ? createAmoConnector({ baseUrl: input.fakes.amo.baseUrl, tokens: { token: async () => input.fakes.amo.token }, ratePerSecond: input.amoRate, logger })
      : createBitrixConnector({
          endpoint: input.fakes.bitrix.webhookUrl,
          portalUrl: input.fakes.bitrix.portalUrl,
          ratePerSecond: input.bitrixRate,
          burst: input.bitrixBurst,
          lossReasonField: BENCH_LOSS_FIELD,
          logger,
        });
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

const STEPS = { sync, findings, scan, report, overdue, outbox } as const;

const input = JSON.parse(process.argv[2] ?? '{}') as StepInput;
const figures = await (STEPS[input.step] as (i: StepInput) => Promise<Record<string, number>>)(input);
const output: StepOutput = { ...figures, peakRssMb: process.resourceUsage().maxRSS / 1024 };
process.stdout.write(`${JSON.stringify(output)}\n`);
process.exit(0);
