import { afterEach, describe, expect, it } from 'vitest';
import { createConnector } from '../../src/crm/create-connector';
import { createLogger } from '../../src/logger';
import { BOT_SNAPSHOT } from '../support/bot-fixture';
import { bindHeads, IPPOLIT, linkUser, startBotHarness, type BotHarness } from '../support/bot-harness';
import { b24Date, BITRIX_NOW, bitrixFixture } from '../support/fake-bitrix24/fixture';
import { startFakeBitrix, type FakeBitrix } from '../support/fake-bitrix24/server';
import { crmTokenStore } from '../../src/db/crm-tokens';

const APP_TOKEN = 'b24-application-token-42';
const T = Date.parse(BITRIX_NOW);
const M = 60_000;
let fake: FakeBitrix | undefined;
let h: BotHarness | undefined;
afterEach(async () => {
  await h?.stop();
  await fake?.close();
});

describe('Bitrix24 events', () => {
  it('a task completed in Bitrix24 edits its ping within seconds; a post without the application token is refused', async () => {
    const fixture = bitrixFixture();
    fixture.tasks.push({ ...fixture.tasks[0]!, id: '707', title: 'Отправить КП', deadline: b24Date(T + 10 * M), status: '2', changedDate: b24Date(T - M) });
    fake = await startFakeBitrix(fixture);
    const b24 = fake;
    h = await startBotHarness({
      snapshot: BOT_SNAPSHOT,
      now: BITRIX_NOW,
      env: { CRM: 'bitrix24', BITRIX24_WEBHOOK_URL: b24.webhookUrl, BITRIX24_RATE_LIMIT: '50', BITRIX24_APP_TOKEN: APP_TOKEN, BITRIX24_EVENTS_PORT: '0', BITRIX24_EVENTS_HOST: '127.0.0.1' },
      crm: (config, clock, db) => createConnector(config, clock, createLogger('silent'), crmTokenStore(db, config.ACCOUNT_ID)),
    });
    await bindHeads(h);
    await linkUser(h, 'Ипполит', IPPOLIT);
    await h.app.overdueCheck();
    h.clock.set(new Date(T + 11 * M));
    await h.app.overdueCheck();
    await h.settle();
    const ping = h.fake.messagesIn(IPPOLIT.id).find((m) => m.text?.includes('«Отправить КП»'));
    expect(ping).toBeDefined();
    expect(JSON.stringify(ping?.replyMarkup)).toContain('/crm/deal/details/101/');

    Object.assign(b24.fixture.tasks.find((t) => t.id === '707')!, { status: '5', closedDate: b24Date(T + 12 * M), changedDate: b24Date(T + 12 * M) });
    const url = `http://127.0.0.1:${h.app.crmWebhookPort}/bitrix24/events`;
    const post = (token: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ event: 'ONTASKUPDATE', 'data[FIELDS_BEFORE][ID]': '707', 'data[FIELDS_AFTER][ID]': '707', ts: String(Math.floor(T / 1000)), 'auth[domain]': 'example.bitrix24.ru', 'auth[application_token]': token }),
      });
    const calls = b24.calls().length;
    expect((await post('forged-token-000000')).status).toBe(401);
    const started = Date.now();
    expect((await post(APP_TOKEN)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000);
    await h.fake.waitFor(() => h!.fake.messagesIn(IPPOLIT.id).find((m) => m.messageId === ping!.messageId && m.text?.includes('✅ Выполнено')), 10_000);
    // One incremental sync for the genuine post (reference lists, changes, totals) and the overdue check
    // after it asking the portal about the pinged task (one batch); nothing for the forged one.
    expect(b24.calls().length - calls).toBe(5);
  }, 30_000);
});
