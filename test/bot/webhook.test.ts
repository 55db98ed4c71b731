import { afterEach, describe, expect, it } from 'vitest';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ADMIN, startBotHarness, type BotHarness } from '../support/bot-harness';

const SECRET = 'webhook-secret-0123456789';
let h: BotHarness | undefined;
afterEach(() => h?.stop());

describe('webhook mode', () => {
  it('registers the webhook with its secret and handles only posts that carry it', async () => {
    h = await startBotHarness({
      snapshot: BOT_SNAPSHOT,
      now: NOW,
      env: { TELEGRAM_WEBHOOK_URL: 'https://bot.example/tg/hook', TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_WEBHOOK_PORT: '0', TELEGRAM_WEBHOOK_HOST: '127.0.0.1' },
    });
    const [setWebhook] = h.fake.callsOf('setWebhook');
    expect(setWebhook?.params).toMatchObject({ url: 'https://bot.example/tg/hook', secret_token: SECRET });
    const port = h.app.telegram!.webhookPort!;
    const update = {
      update_id: 1,
      message: { message_id: 1, date: 1, chat: { id: ADMIN.id, type: 'private', first_name: 'Админ' }, from: { ...ADMIN, is_bot: false }, text: '/help', entities: [{ type: 'bot_command', offset: 0, length: 5 }] },
    };
    const post = (headers: Record<string, string>, path = '/tg/hook') =>
      fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(update) });
    expect((await post({})).status).toBe(401);
    expect((await post({ 'x-telegram-bot-api-secret-token': 'wrong-secret-0123456789' })).status).toBe(401);
    expect((await post({ 'x-telegram-bot-api-secret-token': SECRET }, '/elsewhere')).status).toBe(404);
    h.fake.addChat({ id: ADMIN.id, type: 'private' });
    expect((await post({ 'x-telegram-bot-api-secret-token': SECRET })).status).toBe(200);
    await h.settle();
    expect(h.fake.messagesIn(ADMIN.id).at(-1)?.text).toContain('Что я умею');
    expect(h.fake.callsOf('getUpdates')).toEqual([]);
  });
});
