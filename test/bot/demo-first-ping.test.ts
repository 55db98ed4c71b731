import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnector } from '../../src/crm/create-connector';
import { crmTokenStore } from '../../src/db/crm-tokens';
import { syncRuns } from '../../src/db/schema';
import { createLogger } from '../../src/logger';
import { allLinks } from '../../src/people/links';
import { IPPOLIT, linkUser, startBotHarness, type BotHarness } from '../support/bot-harness';

const MINUTE = 60_000;
let h: BotHarness | undefined;
afterEach(() => h?.stop());

/** The bot on the embedded demo CRM, wired as `npm start` wires it (connectorFor): the demo sees who links. */
async function demoBot(now: string) {
  return startBotHarness({
    snapshot: { userGroups: [], users: [], pipelines: [], stages: [], deals: [], tasks: [], stageChanges: [], calls: [] },
    now,
    crm: (config, clock, db) =>
      createConnector(config, clock, createLogger('silent'), crmTokenStore(db, config.ACCOUNT_ID), {
        linkedAt: () => new Map(allLinks(db, config.ACCOUNT_ID).map((link) => [link.crmUserId, link.linkedAt])),
      }),
  });
}

describe('the demo CRM, tried by a newcomer', () => {
  it('answers a link during working hours with a task, pinged within three minutes and marked done when it is', async () => {
    h = await demoBot('2026-11-24T11:07:20+03:00');
    await h.app.overdueCheck();
    const linkedAt = h.clock.now().getTime();
    const syncs = () => h!.db.select().from(syncRuns).where(eq(syncRuns.status, 'ok')).all().length;
    const before = syncs();
    await linkUser(h, 'Ипполит', IPPOLIT);
    // The link starts a sync by itself, which brings the demo's new task in.
    await h.fake.waitFor(() => syncs() > before, 15_000);
    const welcome = (text?: string) => text?.includes('Перезвонить клиенту: обещали ответ сегодня') ?? false;
    let pingedAfter: number | null = null;
    for (let minute = 1; minute <= 3 && pingedAfter === null; minute++) {
      h.clock.set(new Date(linkedAt + minute * MINUTE));
      await h.app.overdueCheck();
      await h.settle();
      if (h.fake.messagesIn(IPPOLIT.id).some((m) => welcome(m.text))) pingedAfter = minute;
    }
    expect(pingedAfter).not.toBeNull();
    const ping = h.fake.messagesIn(IPPOLIT.id).find((m) => welcome(m.text))!;
    expect(ping.text).toContain('Задача ждёт выполнения');
    expect((ping.replyMarkup?.inline_keyboard[0]?.[0] as { url?: string } | undefined)?.url).toMatch(/^https:\/\/demo\.crm-qc\.example\/leads\/detail\//);
    // Twenty minutes after its due time the demo manager calls back: the ping says so.
    h.clock.set(new Date(linkedAt + 25 * MINUTE));
    await h.app.overdueCheck();
    await h.settle();
    expect(h.fake.messagesIn(IPPOLIT.id).find((m) => m.messageId === ping.messageId)?.text).toContain('✅ Выполнено');
  }, 60_000);

  it('gives no task to a link made outside working hours', async () => {
    h = await demoBot('2026-11-24T21:07:20+03:00');
    await linkUser(h, 'Ипполит', IPPOLIT);
    await h.app.syncNow();
    h.clock.set(new Date(Date.parse('2026-11-24T21:12:00+03:00')));
    await h.app.overdueCheck();
    await h.settle();
    expect(h.fake.messagesIn(IPPOLIT.id).some((m) => m.text?.includes('обещали ответ сегодня'))).toBe(false);
  }, 60_000);
});
