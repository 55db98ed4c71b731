import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox, telegramLinks } from '../../src/db/schema';
import { at } from '../support/fixture';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ANNA, bindHeads, HEADS, IPPOLIT, linkUser, SERGEY, startBotHarness, type BotHarness } from '../support/bot-harness';

const MINUTE = 60_000;

let h: BotHarness;
beforeEach(async () => {
  h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
  await bindHeads(h);
  // The first check starts pinging: tasks overdue before it are the report's business.
  await h.app.overdueCheck();
});
afterEach(() => h.stop());


describe('overdue pings', () => {
  it('pings the manager and the supervisor once, with the deal button; edits both when the task is done', async () => {
    await linkUser(h, 'Ипполит', IPPOLIT);
    await linkUser(h, 'Сергей', SERGEY);
    expect(await h.tickAt('2026-11-23T10:29:00+03:00')).toMatchObject({ pinged: 0 });
    expect(await h.tickAt('2026-11-23T10:31:00+03:00')).toMatchObject({ pinged: 1 });

    const [toManager] = h.fake.messagesIn(IPPOLIT.id).slice(-1);
    expect(toManager?.text).toContain('Задача ждёт выполнения: «Перезвонить по КП»');
    expect(toManager?.text).toContain('Сделка: ООО «Ромашка» <опт> · 480\u00a0000 ₽');
    expect(toManager?.text).toContain('Этап: Контакт установлен (Продажи)');
    expect(toManager?.text).toContain('Срок был 23.11, 10:30, просрочено на 1 мин');
    expect(toManager?.replyMarkup).toEqual({ inline_keyboard: [[{ text: 'Открыть сделку', url: 'https://crm.example/leads/detail/d1' }], [{ text: '⏸ Отложить', callback_data: 'zz:t:t1' }]] });
    const [toSupervisor] = h.fake.messagesIn(SERGEY.id).slice(-1);
    expect(toSupervisor?.text).toContain('Ипполит: просрочена задача «Перезвонить по КП»');

    // Every minute after: nothing new, also after a restart.
    await h.tickAt('2026-11-23T10:32:00+03:00');
    await h.restart();
    await h.tickAt('2026-11-23T10:33:00+03:00');
    expect(h.fake.messagesIn(IPPOLIT.id).filter((m) => m.text?.includes('Перезвонить'))).toHaveLength(1);

    // Done in the CRM at 10:40; the next sync edits both messages.
    h.crm.snapshot.tasks[0] = { ...h.crm.snapshot.tasks[0]!, completed: true, completedAt: at('2026-11-23T10:40:00+03:00') };
    h.clock.set(new Date('2026-11-23T10:45:00+03:00'));
    await h.app.syncNow();
    await h.settle();
    const edited = h.fake.messagesIn(IPPOLIT.id).find((m) => m.messageId === toManager!.messageId);
    expect(edited?.text).toContain('✅ Выполнено 23.11, 10:40');
    expect(h.fake.messagesIn(SERGEY.id).find((m) => m.messageId === toSupervisor!.messageId)?.text).toContain('✅ Выполнено 23.11, 10:40');
  });

  it('a due time moved away and back is not pinged again: a closed ping still counts', async () => {
    await linkUser(h, 'Ипполит', IPPOLIT);
    await h.tickAt('2026-11-23T10:31:00+03:00');
    const original = h.crm.snapshot.tasks[0]!;
    h.crm.snapshot.tasks[0] = { ...original, dueAt: at('2026-11-23T12:00:00+03:00') };
    h.clock.set(new Date('2026-11-23T10:35:00+03:00'));
    await h.app.syncNow();
    await h.settle();
    // Moved back to 10:30: overdue again with the due time already pinged (and closed as moved).
    h.crm.snapshot.tasks[0] = original;
    h.clock.set(new Date('2026-11-23T10:40:00+03:00'));
    await h.app.syncNow();
    await h.settle();
    expect(await h.tickAt('2026-11-23T10:41:00+03:00')).toMatchObject({ pinged: 0 });
    expect(h.fake.messagesIn(IPPOLIT.id).filter((m) => m.text?.includes('Задача ждёт выполнения'))).toHaveLength(1);
  });

  it('until a manager is linked, the ping goes to the supervisors\' chat and says so', async () => {
    await h.tickAt('2026-11-23T11:01:00+03:00');
    const [ping] = h.fake.messagesIn(HEADS.id).filter((m) => m.text?.includes('Анна: просрочена задача'));
    // A group chat in the default strict mode: the task by its type, the deal by its number.
    expect(ping?.text).toContain('Анна: просрочена задача «call»');
    expect(ping?.text).toContain('Сделка: №d2');
    expect(ping?.text).not.toContain('Отправить счёт');
    expect(ping?.text).toContain('Менеджер пока не получает уведомления от бота');
    expect(h.fake.messagesIn(ANNA.id)).toEqual([]);
  });

  it('a moved due time is a new overdue; the old ping is edited to say it moved', async () => {
    await linkUser(h, 'Ипполит', IPPOLIT);
    await h.tickAt('2026-11-23T10:31:00+03:00');
    const first = h.fake.messagesIn(IPPOLIT.id).at(-1)!;
    h.crm.snapshot.tasks[0] = { ...h.crm.snapshot.tasks[0]!, dueAt: at('2026-11-23T12:00:00+03:00') };
    h.clock.set(new Date('2026-11-23T10:35:00+03:00'));
    await h.app.syncNow();
    await h.settle();
    expect(h.fake.messagesIn(IPPOLIT.id).find((m) => m.messageId === first.messageId)?.text).toContain('Срок перенесён на 23.11, 12:00');
    await h.tickAt('2026-11-23T12:01:00+03:00');
    const pings = h.fake.messagesIn(IPPOLIT.id).filter((m) => m.text?.includes('Задача ждёт выполнения'));
    expect(pings).toHaveLength(2);
    expect(pings[1]?.text).toContain('Срок был 23.11, 12:00');
  });

  it('escalates to the supervisor once after escalateAfterMinutes', async () => {
    await linkUser(h, 'Ипполит', IPPOLIT);
    await linkUser(h, 'Сергей', SERGEY);
    await h.tickAt('2026-11-23T10:31:00+03:00');
    // Two hours after the supervisor was told (10:31), not merely after the due time.
    expect(await h.tickAt('2026-11-23T12:30:00+03:00')).toMatchObject({ escalated: 0 });
    expect(await h.tickAt('2026-11-23T12:31:00+03:00')).toMatchObject({ escalated: 1 });
    expect(await h.tickAt('2026-11-23T12:32:00+03:00')).toMatchObject({ escalated: 0 });
    const escalations = h.fake.messagesIn(SERGEY.id).filter((m) => m.text?.startsWith('🔺'));
    expect(escalations).toHaveLength(1);
    expect(escalations[0]?.text).toContain('прошло 2 ч 1 мин после срока');
  });

  it('outside working hours the manager\'s ping waits for the next working start, and is dropped if done before', async () => {
    await linkUser(h, 'Ипполит', IPPOLIT);
    h.crm.snapshot.tasks[0] = { ...h.crm.snapshot.tasks[0]!, dueAt: at('2026-11-23T19:00:00+03:00') };
    h.crm.snapshot.tasks[2] = { ...h.crm.snapshot.tasks[2]!, dueAt: at('2026-11-23T19:30:00+03:00') };
    h.clock.set(new Date('2026-11-23T18:00:00+03:00'));
    await h.app.syncNow();
    await h.tickAt('2026-11-23T19:31:00+03:00');
    expect(h.fake.messagesIn(IPPOLIT.id).filter((m) => m.text?.includes('Задача ждёт'))).toEqual([]);

    // «Встреча» is done at night: its morning ping is never sent.
    h.crm.snapshot.tasks[2] = { ...h.crm.snapshot.tasks[2]!, completed: true, completedAt: at('2026-11-23T21:00:00+03:00') };
    h.clock.set(new Date('2026-11-23T21:05:00+03:00'));
    await h.app.syncNow();
    await h.tickAt('2026-11-24T09:00:00+03:00');
    const morning = h.fake.messagesIn(IPPOLIT.id).filter((m) => m.text?.includes('Задача ждёт'));
    expect(morning.map((m) => m.text?.split('\n')[0])).toEqual(['⏰ Задача ждёт выполнения: «Перезвонить по КП»']);
    expect(morning[0]?.text).toContain('просрочено на 14 ч');
  });

  it('several pings for one supervisor at once arrive as one digest', async () => {
    h.crm.snapshot.tasks.push(
      ...[4, 5, 6].map((n) => ({ ...h.crm.snapshot.tasks[1]!, id: `t${n}`, text: `Задача ${n}`, dueAt: at('2026-11-23T10:15:00+03:00') })),
    );
    await h.app.syncNow();
    await h.tickAt('2026-11-23T10:20:00+03:00');
    const digests = h.fake.messagesIn(HEADS.id).filter((m) => m.text?.includes('Просроченные задачи: 3'));
    expect(digests).toHaveLength(1);
    expect(digests[0]?.text).toContain('1. Анна: «call» — сделка №d2');
    expect(digests[0]?.text).not.toContain('Задача 4');
  });

  it('a manager who blocked the bot is marked unreachable; the supervisor is told once and gets the pings', async () => {
    await linkUser(h, 'Ипполит', IPPOLIT);
    await linkUser(h, 'Сергей', SERGEY);
    h.fake.blockChat(IPPOLIT.id);
    await h.tickAt('2026-11-23T10:31:00+03:00');
    const link = h.db.select().from(telegramLinks).where(eq(telegramLinks.crmUserId, 'm1')).get();
    expect(link?.unreachableSince).not.toBeNull();
    await h.app.overdueCheck();
    await h.settle();
    const notices = h.fake.messagesIn(SERGEY.id).filter((m) => m.text?.includes('заблокировал(а) бота'));
    expect(notices).toHaveLength(1);
    // The next overdue of that manager goes to the supervisor, marked as not reached.
    h.crm.snapshot.tasks[2] = { ...h.crm.snapshot.tasks[2]!, dueAt: at('2026-11-23T10:50:00+03:00') };
    await h.app.syncNow();
    await h.tickAt('2026-11-23T10:51:00+03:00');
    const toSergey = h.fake.messagesIn(SERGEY.id).filter((m) => m.text?.includes('«Встреча»'));
    expect(toSergey[0]?.text).toContain('Менеджер пока не получает уведомления от бота');
    const failed = h.db.select().from(outbox).where(eq(outbox.chatId, String(IPPOLIT.id))).all().filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.lastError)).toEqual([expect.stringContaining('403')]);
    // Writing to the bot again makes the manager reachable.
    h.fake.unblockChat(IPPOLIT.id);
    await h.say(IPPOLIT, '/start');
    expect(h.db.select().from(telegramLinks).where(eq(telegramLinks.crmUserId, 'm1')).get()?.unreachableSince).toBeNull();
  });

  it('survives a 429 storm: Telegram\'s retry_after is honoured and every ping arrives once', async () => {
    await linkUser(h, 'Ипполит', IPPOLIT);
    h.fake.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 }, 6);
    h.clock.set(new Date('2026-11-23T10:31:00+03:00'));
    await h.app.overdueCheck();
    // auto-retry waits out three 429s in the call; the outbox waits out the rest on its own clock.
    for (let i = 0; i < 5 && h.fake.messagesIn(IPPOLIT.id).filter((m) => m.text?.includes('Перезвонить')).length === 0; i++) {
      h.clock.set(new Date(h.clock.now().getTime() + MINUTE));
      await h.app.telegram!.outbox.kick();
    }
    await h.settle();
    expect(h.fake.messagesIn(IPPOLIT.id).filter((m) => m.text?.includes('Перезвонить'))).toHaveLength(1);
    expect(h.fake.callsOf('sendMessage').filter((c) => c.errorCode === 429)).toHaveLength(6);
  }, 30_000);
});
