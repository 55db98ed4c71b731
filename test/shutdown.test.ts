import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { builtArgs, NODE } from './support/built-app';
import { amoFixture } from './support/fake-amocrm/fixture';
import { startFakeAmo } from './support/fake-amocrm/server';
import { startFakeBotApi } from './support/fake-telegram/server';

// SIGTERM — `docker stop`, `systemctl stop` — while the built bot is in the middle of its work.
const root = mkdtempSync(join(tmpdir(), 'crm-qc-shutdown-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function envFor(name: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const dir = join(root, name);
  return { ...process.env, DATABASE_PATH: join(dir, 'db.sqlite'), OUT_DIR: join(dir, 'out'), LOG_LEVEL: 'info', TIMEZONE: 'UTC', ...extra };
}

/** `npm start` (the built app) with its JSON logs: `logged(text)` resolves once a log line holds `text`. */
function startBot(env: NodeJS.ProcessEnv) {
  const child: ChildProcess = spawn(NODE, builtArgs('main'), { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  const watchers: { text: string; resolve: () => void }[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    logs += chunk.toString();
    for (const w of watchers.filter((w) => logs.includes(w.text))) {
      watchers.splice(watchers.indexOf(w), 1);
      w.resolve();
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    logs: () => logs,
    logged(text: string): Promise<void> {
      if (logs.includes(text)) return Promise.resolve();
      return Promise.race([
        new Promise<void>((resolve) => watchers.push({ text, resolve })),
        exited.then((code) => Promise.reject(new Error(`the bot exited (${code}) before logging "${text}":\n${logs.slice(-3000)}`))),
      ]);
    },
    /** Sends SIGTERM; resolves with the exit code. */
    async terminate(): Promise<number | null> {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** `npm run cli -- …` (the built CLI), asynchronously. */
function runCli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(NODE, builtArgs('cli', ...args), { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })));
}

function query<T>(path: string, sql: string): T[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('SIGTERM leaves nothing half-done', () => {
  it('during a sync: the sync is abandoned at once, recorded as interrupted, its lease released, the previous snapshot kept', async () => {
    const fake = await startFakeAmo(amoFixture());
    try {
      const env = envFor('sync', { CRM: 'amocrm', AMOCRM_BASE_URL: fake.baseUrl, AMOCRM_TOKEN: fake.token });
      // Not spawnSync: the fake amoCRM answers from this very process.
      const first = await runCli(env, 'sync');
      expect(first.code, first.stderr).toBe(0);
      const dealsBefore = query(env.DATABASE_PATH!, 'SELECT * FROM deals ORDER BY id');
      expect(dealsBefore.length).toBeGreaterThan(0);

      // What a finished sync would change: a lead renamed and moved. The sync never gets that far.
      const lead = fake.fixture.leads[0]!;
      Object.assign(lead, { name: 'Переименована', updated_at: Math.floor(Date.now() / 1000) });
      fake.forget();
      fake.failNext('/api/v4/tasks', 'hang');
      const taskPageAsked = new Promise<void>((resolve) => {
        fake.hooks.beforeRequest = (path) => {
          if (path === '/api/v4/tasks') resolve();
        };
      });

      const bot = startBot(env);
      await bot.logged('"msg":"sync started"');
      await taskPageAsked;
      expect(await bot.terminate()).toBe(0);

      expect(query(env.DATABASE_PATH!, 'SELECT * FROM deals ORDER BY id')).toEqual(dealsBefore);
      const runs = query<{ status: string; error: string | null; finished_at: number | null }>(env.DATABASE_PATH!, 'SELECT status, error, finished_at FROM sync_runs ORDER BY id');
      expect(runs.map((r) => r.status)).toEqual(['ok', 'failed']);
      expect(runs[1]!.error).toMatch(/stopp/);
      expect(runs[1]!.finished_at).not.toBeNull();
      expect(query(env.DATABASE_PATH!, 'SELECT * FROM sync_leases')).toEqual([]);
      expect(bot.logs()).not.toMatch(/"level":50/);
    } finally {
      await fake.close();
    }
  }, 90_000);

  it('during a send: the message in flight is finished and marked sent, nothing else is started, the rest goes after a restart — once', async () => {
    const telegram = await startFakeBotApi();
    try {
      const env = envFor('send', { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot, ADMIN_TELEGRAM_IDS: '1001' });
      const admin = { id: 1001, first_name: 'Админ', language_code: 'ru' };
      const chat = { id: 1001, type: 'private' as const };
      let bot = startBot(env);
      await bot.logged('telegram bot started (long polling)');
      await bot.logged('"job":"sync"');

      // /report queues the album and then the text; the album's send is held while the bot is stopped.
      const album = telegram.holdNext('sendMediaGroup');
      telegram.userSends(admin, chat, '/report');
      await album.arrived;
      const exit = bot.terminate();
      await bot.logged('shutting down');
      album.release();
      expect(await exit).toBe(0);
      expect(telegram.messagesIn(1001).filter((m) => m.kind === 'photo').length).toBeGreaterThan(0);
      expect(telegram.messagesIn(1001).some((m) => m.text?.includes('Контроль качества продаж'))).toBe(false);
      const rows = query<{ kind: string; status: string }>(env.DATABASE_PATH!, "SELECT kind, status FROM outbox WHERE chat_id = '1001' ORDER BY id");
      expect(rows.filter((r) => r.kind === 'album').map((r) => r.status)).toEqual(['sent']);
      expect(rows.filter((r) => r.status === 'unconfirmed')).toEqual([]);

      const albumsBefore = telegram.callsOf('sendMediaGroup').length;
      bot = startBot(env);
      await telegram.waitFor(() => telegram.messagesIn(1001).some((m) => m.text?.includes('Контроль качества продаж')), 45_000);
      expect(telegram.callsOf('sendMediaGroup').length).toBe(albumsBefore);
      expect(await bot.terminate()).toBe(0);
    } finally {
      await telegram.close();
    }
  }, 120_000);

  it('during a report build: the report is finished before the bot stops — never half a folder', async () => {
    const env = envFor('report');
    const bot = startBot(env);
    // Without a token the start-up writes this week's report to files: the signal lands while it is being built.
    await bot.logged('building the weekly report');
    expect(await bot.terminate()).toBe(0);
    const out = join(env.OUT_DIR!);
    const reports = existsSync(out) ? readdirSync(out).filter((name) => name.startsWith('report-')) : [];
    expect(reports).toHaveLength(1);
    const files = readdirSync(join(out, reports[0]!));
    expect(files).toContain('index.html');
    expect(files).toContain('chart-1-kpi-card.png');
    expect(bot.logs().indexOf('weekly report written to files')).toBeLessThan(bot.logs().indexOf('"msg":"stopped"'));
  }, 90_000);
});
