import qs from 'qs';
import type { Snapshot } from '../src/crm/model';
import { startFakeAmo } from '../test/support/fake-amocrm/server';
import { b24Date } from '../test/support/fake-bitrix24/fixture';
import { startFakeBitrix } from '../test/support/fake-bitrix24/server';
import { startFakeBotApi } from '../test/support/fake-telegram/server';
import { ACCOUNT_NOW, buildLargeAccount, type AccountSize } from './large-account';
import type { FakesReady, FakesRequest, FakesStats } from './protocol';
import { amoFixtureOf } from './wire-amo';
import { bitrixFixtureOf } from './wire-bitrix';

/**
 * The benchmark's fake amoCRM, Bitrix24 and Bot API, in a process of their
 * own so that their CPU and memory are not counted against the bot's. Driven
 * over IPC by bench/run.ts: start, report request counts, change 1 % of the
 * account, find tasks by id through an index (before the overdue checks), stop.
 */

export interface FakesOptions {
  size: AccountSize;
  amoRatePerSecond: number;
  bitrixDrainPerSecond: number;
  bitrixBurst: number;
  telegram: { perChatPerSecond: number; globalPerSecond: number; chats: number };
}

async function start(options: FakesOptions) {
  const account = buildLargeAccount(options.size);
  const amo = await startFakeAmo(amoFixtureOf(account), { ratePerSecond: options.amoRatePerSecond, memoize: true });
  const bitrix = await startFakeBitrix(bitrixFixtureOf(account), { drainPerSecond: options.bitrixDrainPerSecond, threshold: options.bitrixBurst, memoize: true });
  const telegram = await startFakeBotApi({ limits: { perChatPerSecond: options.telegram.perChatPerSecond, globalPerSecond: options.telegram.globalPerSecond } });
  for (let i = 1; i <= options.telegram.chats; i++) telegram.addChat({ id: 500_000 + i, type: 'private', first_name: `Менеджер ${i}` });

  const stats = (): FakesStats => ({
    amo: { requests: amo.log.length, refused: amo.log.filter((r) => r.status === 429).length },
    bitrix: {
      requests: bitrix.calls().length,
      refused: bitrix.calls().filter((c) => c.status === 503).length,
      commands: bitrix.calls().reduce((n, c) => n + (c.commands?.length ?? 1), 0),
    },
    telegram: { messages: telegram.messages.length, refused: telegram.calls.filter((c) => c.method === 'sendMessage' && c.errorCode === 429).length },
  });

  /** 1 % of deals get a new price and 1 % of tasks are completed, a minute after the full sync's instant. */
  const change = (share: number) => {
    const at = ACCOUNT_NOW + 60_000;
    const every = Math.max(1, Math.round(1 / share));
    const leads = amo.fixture.leads.filter((_, i) => i % every === 0);
    for (const lead of leads) Object.assign(lead, { price: Number(lead.price) + 1000, updated_at: Math.floor(at / 1000) });
    const tasks = amo.fixture.tasks.filter((_, i) => i % every === 0);
    for (const task of tasks) Object.assign(task, { is_completed: true, updated_at: Math.floor(at / 1000) });
    amo.forget();
    const b = bitrix.fixture;
    for (const deal of b.deals.filter((_, i) => i % every === 0)) Object.assign(deal, { OPPORTUNITY: `${Number.parseFloat(String(deal.OPPORTUNITY)) + 1000}.00`, DATE_MODIFY: b24Date(at) });
    for (const task of b.tasks.filter((_, i) => i % every === 0)) Object.assign(task, { status: '5', subStatus: '5', closedDate: b24Date(at), changedDate: b24Date(at) });
    bitrix.forget();
    return { deals: leads.length, tasks: tasks.length };
  };

  const ready: FakesReady = {
    counts: countsOf(account),
    amo: { baseUrl: amo.baseUrl, token: amo.token },
    bitrix: { webhookUrl: bitrix.webhookUrl, portalUrl: bitrix.baseUrl },
    telegram: { apiRoot: telegram.apiRoot, token: telegram.token, firstChat: 500_001 },
  };
  return { ready, stats, change, indexTasksById: () => indexTasksById(amo, bitrix), close: () => Promise.all([amo.close(), bitrix.close(), telegram.close()]) };
}

/**
 * From here on the fakes find tasks asked for by id through an index.
 * Asked for by run.ts before the overdue checks, which ask about tasks by
 * id every minute: the fakes filter a list row by row, and over 400 000
 * tasks that is about half a second per amoCRM request of 250 ids and more
 * than a second per Bitrix24 command of 50 (ten a check with 500 pings
 * open), which would stand in the checks' time and the bench's for what a
 * real CRM answers from an index. Just before a fake reads its task list
 * for a request whose every task query filters by a list of ids, the list
 * it reads is those ids' rows alone (in the list's order); its own filters
 * then run on them as on the whole list, and a row not among those ids
 * could never have passed them, so every answer is the same. Requests that
 * ask otherwise read the whole list.
 */
export function indexTasksById(amo: FakeAmo, bitrix: FakeBitrix): { amoTasks: number; bitrixTasks: number } {
  const amoTasks = amo.fixture.tasks;
  const amoById = new Map(amoTasks.map((t, i) => [idKey(t.id), { row: t, at: i }]));
  let amoAsked: string[] | null = null;
  Object.defineProperty(amo.fixture, 'tasks', { configurable: true, enumerable: true, get: () => (amoAsked ? rowsOf(amoById, amoAsked) : amoTasks) });
  // The amoCRM fake calls this before it reads the list for a request.
  amo.hooks.beforeRequest = (path, query) => {
    const ids = [...query.getAll('filter[id]'), ...query.getAll('filter[id][]')];
    amoAsked = path === '/api/v4/tasks' && ids.length > 0 ? ids : null;
    // It answers synchronously: once it has, the list is whole again for anything else that reads it.
    queueMicrotask(() => (amoAsked = null));
  };
  amo.forget();

  const bitrixTasks = bitrix.fixture.tasks;
  const bitrixById = new Map(bitrixTasks.map((t, i) => [idKey(t.id), { row: t, at: i }]));
  let bitrixAsked: string[] | null = null;
  Object.defineProperty(bitrix.fixture, 'tasks', { configurable: true, enumerable: true, get: () => (bitrixAsked ? rowsOf(bitrixById, bitrixAsked) : bitrixTasks) });
  // The Bitrix24 fake logs each call, its parameters parsed, before it answers it (synchronously after that).
  const log = bitrix.log;
  const push = log.push.bind(log);
  log.push = (...entries) => {
    for (const entry of entries) bitrixAsked = entry.method === 'batch' ? idsOfTaskBatch(entry.params.cmd) : null;
    queueMicrotask(() => (bitrixAsked = null));
    return push(...entries);
  };
  bitrix.forget();
  return { amoTasks: amoById.size, bitrixTasks: bitrixById.size };
}

type FakeAmo = Awaited<ReturnType<typeof startFakeAmo>>;
type FakeBitrix = Awaited<ReturnType<typeof startFakeBitrix>>;

/** An id as both fakes compare ids: numbers by value (`07` is `7`), anything else as written. */
function idKey(id: unknown): string {
  const text = String(id);
  return /^\d+$/.test(text) ? String(Number(text)) : text;
}

/** The rows of these ids, in the list's order. */
function rowsOf<T>(byId: ReadonlyMap<string, { row: T; at: number }>, ids: readonly string[]): T[] {
  const found = [...new Set(ids.map(idKey))].flatMap((id) => byId.get(id) ?? []);
  return found.sort((a, b) => a.at - b.at).map((f) => f.row);
}

/** The ids a batch asks tasks.task.list for, if each of its commands filters tasks by a list of ids (`ID: [...]`); else null. */
function idsOfTaskBatch(cmd: unknown): string[] | null {
  if (!cmd || typeof cmd !== 'object') return null;
  const ids: string[] = [];
  for (const command of Object.values(cmd as Record<string, unknown>)) {
    if (typeof command !== 'string') return null;
    const [method, query = ''] = command.split(/\?(.*)/s);
    if (method !== 'tasks.task.list') return null;
    const filter = (qs.parse(query, { depth: 10, arrayLimit: 1000 }) as { filter?: Record<string, unknown> }).filter;
    const asked = filter?.ID;
    if (!Array.isArray(asked)) return null;
    ids.push(...asked.map(String));
  }
  return ids.length > 0 ? ids : null;
}

function countsOf(account: Snapshot): Record<keyof Snapshot, number> {
  return Object.fromEntries(Object.entries(account).map(([k, rows]) => [k, (rows as unknown[]).length])) as Record<keyof Snapshot, number>;
}

let running: Awaited<ReturnType<typeof start>> | undefined;
const reply = (message: unknown) => process.send!(message);

process.on('message', (message: FakesRequest) => {
  void (async () => {
    try {
      if (message.kind === 'start') {
        running = await start(message.options);
        reply({ kind: 'ready', ...running.ready });
      } else if (message.kind === 'stats') reply({ kind: 'stats', ...running!.stats() });
      else if (message.kind === 'change') reply({ kind: 'changed', ...running!.change(message.share) });
      else if (message.kind === 'indexTasksById') reply({ kind: 'indexed', ...running!.indexTasksById() });
      else {
        await running?.close();
        process.exit(0);
      }
    } catch (error) {
      reply({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();
});
