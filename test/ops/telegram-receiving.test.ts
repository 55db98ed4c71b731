import { afterEach, describe, expect, it } from 'vitest';
import type { HealthReport } from '../../src/jobs/health';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ADMIN, startBotHarness, type BotHarness } from '../support/bot-harness';

// /healthz in front of the real bot: Telegram's updates received through the grammY runner or the webhook server.
let harness: BotHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const OPS = { HTTP_PORT: '0', HTTP_HOST: '127.0.0.1' };

async function health(h: BotHarness): Promise<{ status: number; body: HealthReport }> {
  const res = await fetch(`http://127.0.0.1:${h.app.opsPort}/healthz`);
  return { status: res.status, body: (await res.json()) as HealthReport };
}

/** The app's log lines, and a promise of the first one holding `text`. */
function logWatch(text: string) {
  const lines: string[] = [];
  let seen!: (line: string) => void;
  const found = new Promise<string>((resolve) => (seen = resolve));
  return {
    lines,
    found,
    sink: {
      write(line: string) {
        lines.push(line);
        if (line.includes(text)) seen(line);
      },
    },
  };
}

describe('/healthz: Telegram updates', () => {
  it('polling: alive while the runner polls; 503, logged and the process still up once Telegram ends it (409: another process polls)', async () => {
    const logs = logWatch('Telegram long polling stopped');
    harness = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW, env: OPS, logs: logs.sink });
    const h = harness;
    expect(await health(h)).toMatchObject({ status: 200, body: { status: 'ok', telegram: { mode: 'polling', alive: true } } });

    h.fake.failNext('getUpdates', { code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' });
    // The poll in flight returns with this update; the next one meets the 409, which the runner does not retry.
    h.fake.userSends(ADMIN, { id: ADMIN.id, type: 'private' }, '/status');
    const line = JSON.parse(await logs.found) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 50, reason: expect.stringContaining('409: Conflict') as string });

    const after = await health(h);
    expect(after.status).toBe(503);
    expect(after.body).toMatchObject({ status: 'failing', problems: ['Telegram long polling has stopped'], telegram: { mode: 'polling', alive: false } });
    // Never the token, in that line or any other.
    expect(logs.lines.join('\n')).not.toContain(h.config.TELEGRAM_BOT_TOKEN!.split(':')[1]);
  });

  it('webhook: the webhook server is the receiver, alive while it listens', async () => {
    harness = await startBotHarness({
      snapshot: BOT_SNAPSHOT,
      now: NOW,
      env: { ...OPS, TELEGRAM_WEBHOOK_URL: 'https://bot.example/telegram/hook', TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-0123456789', TELEGRAM_WEBHOOK_HOST: '127.0.0.1', TELEGRAM_WEBHOOK_PORT: '0' },
    });
    expect(await health(harness)).toMatchObject({ status: 200, body: { telegram: { mode: 'webhook', alive: true } } });
  });
});
