import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../../src/app';
import { FixedClock } from '../../src/clock';
import { parseConfig, type Config } from '../../src/config';
import type { LiveConnector } from '../../src/crm/connector';
import type { Db } from '../../src/db/client';
import type { Snapshot } from '../../src/crm/model';
import { openDatabase, type DatabaseHandle } from '../../src/db/client';
import { prepareAccount, type JobContext } from '../../src/jobs/context';
import { syncAndEvaluate } from '../../src/jobs/sync-and-evaluate';
import { lastSuccessfulSync } from '../../src/sync/run-sync';
import { createLogger } from '../../src/logger';
import { and, eq, inArray, like, lte } from 'drizzle-orm';
import { outbox } from '../../src/db/schema';
import { readSnapshotRows } from '../../src/db/snapshot-rows';
import { textPayloadOf } from '../../src/delivery/outbox';
import { loadSettings } from '../../src/settings/store';
import { startFakeBotApi, type FakeBotApi } from './fake-telegram/server';
import { personalDataIn } from './personal-data';
import { fixtureConnector } from './fixture-connector';

/** The people of the bot tests: an admin, two managers and their supervisor, and the sales heads' group. */
export const ADMIN = { id: 1001, first_name: 'Админ', language_code: 'ru' };
export const IPPOLIT = { id: 2001, first_name: 'Ипполит', language_code: 'ru' };
export const ANNA = { id: 2002, first_name: 'Анна', language_code: 'ru' };
export const SERGEY = { id: 3001, first_name: 'Сергей', language_code: 'ru' };
export const STRANGER = { id: 4001, first_name: 'Гость', language_code: 'ru' };
export interface User {
  id: number;
  first_name: string;
  language_code?: string;
  username?: string;
}

export const HEADS = { id: -1001234567890, type: 'supergroup' as const, title: 'Руководители продаж' };

/**
 * The real app (sync → findings → pings → outbox → Telegram) on a temp SQLite
 * file, speaking HTTP to a fake Bot API on 127.0.0.1, fed by a fixture CRM,
 * on a clock the test moves. `restart()` stops the app and starts a new one
 * on the same database, as a redeploy would.
 */
export async function startBotHarness(options: {
  snapshot: Snapshot;
  now: string;
  env?: Record<string, string>;
  crm?: (config: Config, clock: FixedClock, db: Db) => LiveConnector;
  /** Where the app's logs go (a test that reads them); else nowhere unless TEST_LOG_LEVEL is set. */
  logs?: { write(line: string): void };
}) {
  const fake = await startFakeBotApi();
  const dir = mkdtempSync(join(tmpdir(), 'crm-qc-bot-'));
  const clock = new FixedClock(new Date(options.now));
  const crm = fixtureConnector(options.snapshot);
  const config = parseConfig({
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ADMIN_TELEGRAM_IDS: String(ADMIN.id),
    DATABASE_PATH: join(dir, 'bot.sqlite'),
    OUT_DIR: join(dir, 'out'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const logger = options.logs ? createLogger('debug', options.logs) : createLogger(config.LOG_LEVEL);
  let handle: DatabaseHandle = openDatabase(config.DATABASE_PATH);
  let ctx: JobContext = { config, handle, clock, logger };
  prepareAccount(ctx);
  // A real connector (amoCRM against its fake) when the test gives one; else the fixture CRM.
  const connector = options.crm ? options.crm(config, clock, handle.db) : crm;
  let app: App = await startApp(ctx, connector, { token: config.TELEGRAM_BOT_TOKEN, schedule: false });
  await app.syncNow();

  const harness = {
    fake,
    clock,
    crm,
    config,
    get app() {
      return app;
    },
    get ctx() {
      return ctx;
    },
    get db() {
      return handle.db;
    },
    /**
     * A user writes in a chat (their private chat unless one is given); resolves
     * when the bot has gone quiet, with the bot's new messages in that chat.
     */
    async say(from: User, text: string, chat?: typeof HEADS) {
      const chatId = chat?.id ?? from.id;
      const before = fake.messagesIn(chatId).length;
      fake.userSends(from, chat ?? { id: from.id, type: 'private' }, text);
      await harness.settle();
      return fake.messagesIn(chatId).slice(before);
    },
    /** A user presses an inline button under a bot message; resolves when the bot has gone quiet. */
    async press(from: User, chatId: number, messageId: number, data: string) {
      const before = fake.messagesIn(chatId).length;
      fake.userPresses(from, { id: chatId, type: chatId > 0 ? 'private' : 'supergroup' }, messageId, data);
      await harness.settle();
      return fake.messagesIn(chatId).slice(before);
    },
    /**
     * Waits until every update was fetched and handled, no message is due in
     * the outbox (one held for later, e.g. quiet hours, is not), and no Bot
     * API call (but long polling) happened for `quietMs` — the short window
     * covers a drain that starts just after a handler ends.
     */
    async settle(quietMs = 100, timeoutMs = 15_000) {
      const busy = () => fake.calls.filter((c) => c.method !== 'getUpdates').length;
      // Messages due by the clock and not yet sent; one held for later (quiet hours, a retry's backoff) does not count.
      const dueMessages = () =>
        handle.db
          .select({ id: outbox.id })
          .from(outbox)
          .where(and(eq(outbox.accountId, config.ACCOUNT_ID), eq(outbox.status, 'pending'), lte(outbox.notBefore, clock.now().getTime())))
          .all().length;
      const deadline = Date.now() + timeoutMs;
      let seen = busy();
      let quietSince = Date.now();
      while (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (busy() !== seen || fake.pendingUpdates() > 0 || (app.telegram?.inFlight() ?? 0) > 0 || dueMessages() > 0) {
          seen = busy();
          quietSince = Date.now();
        } else if (Date.now() - quietSince >= quietMs) return;
      }
      throw new Error('the bot did not go quiet within 15 s');
    },
    /**
     * The syncs SYNC_SCHEDULE (every 15 minutes) would have run by the clock's
     * now, as one sync without the overdue check after it: a test that moves
     * the clock by hours keeps its snapshot as fresh as the bot would.
     */
    async catchUpSyncs() {
      const last = lastSuccessfulSync(handle, config.ACCOUNT_ID);
      if (last && clock.now().getTime() - (last.finishedAt ?? last.startedAt) >= 15 * 60_000) await syncAndEvaluate(ctx, connector, 'incremental');
    },
    /** Moves the clock (syncing as the schedule would have), runs the every-minute overdue check and waits for the outbox to be drained. */
    async tickAt(iso: string) {
      clock.set(new Date(iso));
      await harness.catchUpSyncs();
      const result = await app.overdueCheck();
      await harness.settle();
      return result;
    },
    /** The newest bot message in a chat. */
    last(chatId: number) {
      const messages = fake.messagesIn(chatId);
      return messages[messages.length - 1];
    },
    async restart() {
      await app.stop();
      handle.close();
      handle = openDatabase(config.DATABASE_PATH);
      ctx = { config, handle, clock, logger };
      app = await startApp(ctx, connector, { token: config.TELEGRAM_BOT_TOKEN, schedule: false });
    },
    /**
     * What group chats were shown, or are queued to be shown, that they must
     * not be: contact details and the personal-data fixture's customers'
     * names in any mode, and in strict mode (as the account is when the test
     * ends) any deal name or task text as typed. Every bot test runs it as it
     * stops.
     */
    personalDataInGroups(): string[] {
      const strict = loadSettings(handle.db, config.ACCOUNT_ID).privacy === 'strict';
      const tasks = readSnapshotRows(handle.sqlite, 'tasks', config.ACCOUNT_ID);
      // A task named by its type in strict mode may have that type as its whole text («Встреча»).
      const types = new Set(tasks.map((t) => t.type.toLocaleLowerCase('ru')));
      const freeTexts = strict
        ? [...readSnapshotRows(handle.sqlite, 'deals', config.ACCOUNT_ID).map((d) => d.name), ...tasks.map((t) => t.text)].filter((t) => t.trim() !== '' && !types.has(t.toLocaleLowerCase('ru')))
        : [];
      const queued = handle.db
        .select()
        .from(outbox)
        .where(and(like(outbox.chatId, '-%'), inArray(outbox.status, ['pending', 'sending'])))
        .all()
        .map((row) => textPayloadOf(row).html);
      return [...fake.readInGroups(), ...queued].flatMap((text) => [...personalDataIn(text), ...freeTexts.filter((t) => text.includes(t))]);
    },
    async stop() {
      const leaked = harness.personalDataInGroups();
      await app.stop();
      handle.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
      if (leaked.length > 0) throw new Error(`group chats were shown customers' data: ${leaked.join(' | ')}`);
    },
  };
  return harness;
}

export type BotHarness = Awaited<ReturnType<typeof startBotHarness>>;

/** An admin asks for a user's deep link and the user opens it: the way people get linked. */
export async function linkUser(h: BotHarness, crmName: string, user: User): Promise<void> {
  const [invite] = await h.say(ADMIN, `/link ${crmName}`);
  const code = /\?start=([\w-]+)/.exec(invite?.text ?? '')?.[1];
  if (!code) throw new Error(`no deep link in the answer to /link ${crmName}: ${invite?.text}`);
  const [welcome] = await h.say(user, `/start ${code}`);
  if (!welcome?.text?.includes('Готово')) throw new Error(`linking ${crmName} failed: ${welcome?.text}`);
}

/** Binds the heads' group as the report chat. */
export async function bindHeads(h: BotHarness): Promise<void> {
  await h.say(ADMIN, '/bind', HEADS);
}
