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
 * account, stop.
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
    bitrix: { requests: bitrix.calls().length, refused: bitrix.calls().filter((c) => c.status === 503).length },
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
  return { ready, stats, change, close: () => Promise.all([amo.close(), bitrix.close(), telegram.close()]) };
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
      else {
        await running?.close();
        process.exit(0);
      }
    } catch (error) {
      reply({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();
});
