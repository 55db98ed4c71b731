import { afterEach, describe, expect, it } from 'vitest';
import { createConnector } from '../../src/crm/create-connector';
import { createLogger } from '../../src/logger';
import { BOT_SNAPSHOT } from '../support/bot-fixture';
import { bindHeads, IPPOLIT, linkUser, startBotHarness, type BotHarness } from '../support/bot-harness';
import { AMO_NOW, amoFixture } from '../support/fake-amocrm/fixture';
import { startFakeAmo, type FakeAmo } from '../support/fake-amocrm/server';
import { crmTokenStore } from '../../src/db/crm-tokens';

const SECRET = 'amo-hook-secret-0123456789';
const T = Date.parse(AMO_NOW) / 1000;
let fake: FakeAmo | undefined;
let h: BotHarness | undefined;
afterEach(async () => {
  await h?.stop();
  await fake?.close();
});

describe('amoCRM webhooks', () => {
  it('a task completed in amoCRM edits its ping within seconds; a repeated delivery starts nothing', async () => {
    const fixture = amoFixture();
    fixture.tasks.push({ ...fixture.tasks[0]!, id: 706, text: 'Отправить КП', complete_till: T + 10 * 60, is_completed: false, updated_at: T - 3600 });
    fake = await startFakeAmo(fixture);
    const amo = fake;
    h = await startBotHarness({
      snapshot: BOT_SNAPSHOT,
      now: AMO_NOW,
      env: { CRM: 'amocrm', AMOCRM_BASE_URL: amo.baseUrl, AMOCRM_TOKEN: amo.token, AMOCRM_RATE_LIMIT: '50', AMOCRM_WEBHOOK_SECRET: SECRET, AMOCRM_WEBHOOK_PORT: '0', AMOCRM_WEBHOOK_HOST: '127.0.0.1' },
      crm: (config, clock, db) => createConnector(config, clock, createLogger('silent'), crmTokenStore(db, config.ACCOUNT_ID)),
    });
    await bindHeads(h);
    await linkUser(h, 'Ипполит', IPPOLIT);
    await h.app.overdueCheck();
    h.clock.set(new Date((T + 11 * 60) * 1000));
    await h.app.overdueCheck();
    await h.settle();
    const ping = h.fake.messagesIn(IPPOLIT.id).find((m) => m.text?.includes('«Отправить КП»'));
    expect(ping).toBeDefined();

    Object.assign(amo.fixture.tasks.find((t) => t.id === 706)!, { is_completed: true, updated_at: T + 12 * 60 });
    const hook = `http://127.0.0.1:${h.app.crmWebhookPort}/amocrm/${SECRET}`;
    const delivery = 'task%5Bupdate%5D%5B0%5D%5Bid%5D=706&task%5Bupdate%5D%5B0%5D%5Bstatus%5D=1&task%5Bupdate%5D%5B0%5D%5Belement_type%5D=2&account%5Bsubdomain%5D=example&account%5Bid%5D=100';
    const post = (url: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: delivery });
    const started = Date.now();
    expect((await post(hook)).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000);
    await h.fake.waitFor(() => h!.fake.messagesIn(IPPOLIT.id).find((m) => m.messageId === ping!.messageId && m.text?.includes('✅ Выполнено')), 10_000);

    const accountCalls = amo.requestsTo('/api/v4/account').length;
    expect((await post(hook)).status).toBe(200);
    expect((await post(`http://127.0.0.1:${h.app.crmWebhookPort}/amocrm/wrong-secret-0123456789`)).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(amo.requestsTo('/api/v4/account').length).toBe(accountCalls);
  }, 30_000);
});
