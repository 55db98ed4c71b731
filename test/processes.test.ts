import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtArgs, NODE } from './support/built-app';
import { startFakeBotApi } from './support/fake-telegram/server';
import { parsePrometheusText } from './support/prometheus-text';

// The real entry points as an operator starts them: `npm run -s cli` and `npm start`, the built app (dist/).
const dir = mkdtempSync(join(tmpdir(), 'crm-qc-proc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, DATABASE_PATH: join(dir, 'db.sqlite'), OUT_DIR: join(dir, 'out'), LOG_LEVEL: 'info' };

describe('processes', () => {
  it('the CLI exits 2 on bad arguments and 0 on a sync', () => {
    const bad = spawnSync(NODE, builtArgs('cli', 'findings', '--at', 'never'), { env, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('is not an ISO 8601 date or time');
    const sync = spawnSync(NODE, builtArgs('cli', 'sync'), { env, encoding: 'utf8' });
    expect(sync.status).toBe(0);
    expect(sync.stdout).toMatch(/^Synced demo/);
  });

  it('npm start on the demo writes a report at start-up, serves /healthz and /metrics, and stops cleanly on SIGTERM', async () => {
    const child = spawn(NODE, builtArgs('main'), { env: { ...env, HTTP_PORT: '0' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let logs = '';
    child.stderr.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    const deadline = Date.now() + 45_000;
    while (!logs.includes('weekly report written to files') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(logs).toContain('weekly report written to files');
    const reports = readdirSync(join(dir, 'out')).filter((name) => name.startsWith('report-'));
    expect(reports).toHaveLength(1);
    expect(existsSync(join(dir, 'out', reports[0]!, 'chart-1-kpi-card.png'))).toBe(true);
    expect(logs).not.toMatch(/"level":50/);
    // HTTP_PORT=0 picks a free port, which the start-up log names; loopback by default.
    const port = Number(/"host":"127\.0\.0\.1","port":(\d+),"msg":"health and metrics served/.exec(logs)?.[1]);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', telegram: { mode: 'off' } });
    const metrics = parsePrometheusText(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    expect(metrics.get('crmqc_report_duration_seconds')?.samples.find((s) => s.name.endsWith('_count'))?.value).toBe(1);
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('npm start with a bot token and the demo CRM is the Telegram bot; the token never reaches the logs', async () => {
    const fake = await startFakeBotApi();
    const botEnv = { ...env, DATABASE_PATH: join(dir, 'bot.sqlite'), TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, ADMIN_TELEGRAM_IDS: '1001' };
    const child = spawn(NODE, builtArgs('main'), { env: botEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let logs = '';
    child.stderr.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    try {
      await fake.waitFor(() => logs.includes('telegram bot started (long polling)') && logs.includes('"job":"sync"'), 45_000);
      expect(fake.callsOf('setMyCommands').length).toBeGreaterThan(0);
      fake.userSends({ id: 1001, first_name: 'Админ', language_code: 'ru' }, { id: 1001, type: 'private' }, '/report');
      // The album first, then the text: the outbox keeps a chat's order.
      await fake.waitFor(() => fake.messagesIn(1001).some((m) => m.text?.includes('Контроль качества продаж')), 30_000);
      const kinds = fake.messagesIn(1001).map((m) => m.kind);
      expect(kinds.indexOf('photo')).toBeLessThan(kinds.lastIndexOf('text'));
      expect(logs).not.toContain(fake.token.split(':')[1]!);
      expect(logs).not.toMatch(/"level":50/);
    } finally {
      const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      await fake.close();
    }
  }, 90_000);
});
