import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at, task } from '../support/fixture';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ADMIN, ANNA, bindHeads, IPPOLIT, linkUser, SERGEY, startBotHarness, type BotHarness } from '../support/bot-harness';

/**
 * Pings in each person's own working time, end to end: the schedule set by
 * an admin's command, the overdue check at exact instants of the injected
 * clock, the messages as the fake Telegram received them. The fixture:
 * Monday 23 November 2026, Moscow; Ипполит's call is due at 10:30, Анна's
 * invoice at 11:00; both report to Сергей.
 */
let h: BotHarness;
beforeEach(async () => {
  h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
  await bindHeads(h);
  await linkUser(h, 'Ипполит', IPPOLIT);
  await linkUser(h, 'Анна', ANNA);
  await linkUser(h, 'Сергей', SERGEY);
  await h.app.overdueCheck();
});
afterEach(() => h.stop());

const about = (chatId: number, words: string) => h.fake.messagesIn(chatId).filter((m) => m.text?.includes(words));

describe("pings in a manager's own working time", () => {
  it('a 3/3 manager hears nothing on days off and once at the start of the next shift; the supervisor at once', async () => {
    // 3/3 from Friday 20.11: on 20–22, off 23–25 (today), on again 26.11 from 09:00.
    await h.say(ADMIN, '/shift Ипполит 3/3 с 20.11 09:00-21:00');
    expect(await h.tickAt('2026-11-23T10:31:00+03:00')).toMatchObject({ pinged: 1 });
    expect(about(SERGEY.id, 'Перезвонить по КП')).toHaveLength(1);
    for (const instant of ['2026-11-23T18:00:00+03:00', '2026-11-24T12:00:00+03:00', '2026-11-25T20:00:00+03:00', '2026-11-26T08:59:00+03:00']) {
      await h.tickAt(instant);
      expect(about(IPPOLIT.id, 'Перезвонить по КП'), instant).toEqual([]);
    }
    await h.tickAt('2026-11-26T09:00:00+03:00');
    const [ping] = about(IPPOLIT.id, 'Перезвонить по КП');
    expect(ping?.text).toContain('Задача ждёт выполнения: «Перезвонить по КП»');
    // Late counted to when it is sent: three days.
    expect(ping?.text).toContain('просрочено на 2 дн 22 ч');
    await h.tickAt('2026-11-26T09:05:00+03:00');
    expect(about(IPPOLIT.id, 'Перезвонить по КП')).toHaveLength(1);
  });

  it('a night-shift manager is pinged at the start of their shift, and at once in the middle of the night', async () => {
    // 2/2 nights from Sunday 22.11: 22.11 21:00 → 23.11 09:00, 23.11 21:00 → 24.11 09:00; off 24–25.
    await h.say(ADMIN, '/shift Анна 2/2 с 22.11 21:00-09:00');
    h.crm.snapshot.tasks.push(task({ id: 't-night', dealId: 'd2', responsibleId: 'm2', text: 'Ночной звонок', dueAt: at('2026-11-24T02:00:00+03:00'), createdAt: at('2026-11-23T09:00:00+03:00') }));
    await h.tickAt('2026-11-23T11:01:00+03:00');
    expect(about(ANNA.id, 'Отправить счёт')).toEqual([]);
    await h.tickAt('2026-11-23T20:59:00+03:00');
    expect(about(ANNA.id, 'Отправить счёт')).toEqual([]);
    await h.tickAt('2026-11-23T21:00:00+03:00');
    expect(about(ANNA.id, 'Отправить счёт')).toHaveLength(1);
    // 02:01 is inside her shift: told at once. Сергей, on the account's hours, waits for the morning.
    await h.tickAt('2026-11-24T02:01:00+03:00');
    expect(about(ANNA.id, 'Ночной звонок')).toHaveLength(1);
    expect(about(SERGEY.id, 'Ночной звонок')).toEqual([]);
    await h.tickAt('2026-11-24T09:00:00+03:00');
    expect(about(SERGEY.id, 'Ночной звонок')).toHaveLength(1);
  });

  it("a manager on vacation is not told; the supervisor's copy says until when", async () => {
    await h.say(ADMIN, '/away Ипполит 23.11-27.11 отпуск');
    expect(await h.tickAt('2026-11-23T10:31:00+03:00')).toMatchObject({ pinged: 1 });
    const [toSupervisor] = about(SERGEY.id, 'Перезвонить по КП');
    expect(toSupervisor?.text).toContain('Менеджер в отпуске до 27.11.2026 включительно, поэтому пишу вам.');
    expect(toSupervisor?.text).not.toContain('пока не получает уведомления');
    // Nor later, when he is back: the ping went to his supervisor.
    await h.tickAt('2026-11-30T09:00:00+03:00');
    expect(about(IPPOLIT.id, 'Перезвонить по КП')).toEqual([]);
    // The group never sees a contact detail (the harness checks at stop), nor the vacation.
  });

  it('with a ladder that tells only the manager at once, a manager away is replaced by the supervisor', async () => {
    await h.say(ADMIN, '/setnorm task_overdue escalation 0 manager, 1d report_chat');
    await h.say(ADMIN, '/away Ипполит 23.11 больничный');
    await h.tickAt('2026-11-23T10:31:00+03:00');
    const [toSupervisor] = about(SERGEY.id, 'Перезвонить по КП');
    expect(toSupervisor?.text).toContain('Менеджер на больничном до 23.11.2026 включительно, поэтому пишу вам.');
    expect(about(IPPOLIT.id, 'Перезвонить по КП')).toEqual([]);
  });

  it("a copy waiting for the manager's shift, when a vacation is marked meanwhile, goes to the supervisor instead", async () => {
    // Only the manager is told at once: the supervisor hears of it only if the manager cannot be.
    await h.say(ADMIN, '/setnorm task_overdue escalation 0 manager, 1d report_chat');
    await h.say(ADMIN, '/shift Ипполит 3/3 с 20.11 09:00-21:00');
    await h.tickAt('2026-11-23T10:31:00+03:00');
    expect(about(SERGEY.id, 'Перезвонить по КП')).toEqual([]);
    await h.say(ADMIN, '/away Ипполит 26.11-30.11 отпуск');
    await h.tickAt('2026-11-23T11:01:00+03:00');
    const [toSupervisor] = about(SERGEY.id, 'Перезвонить по КП');
    expect(toSupervisor?.text).toContain('Менеджер в отпуске до 30.11.2026 включительно, поэтому пишу вам.');
    await h.tickAt('2026-11-26T09:00:00+03:00');
    expect(about(IPPOLIT.id, 'Перезвонить по КП')).toEqual([]);
    // Done in the CRM: the supervisor's message is edited like any other of the ping.
    h.crm.snapshot.tasks[0] = { ...h.crm.snapshot.tasks[0]!, completed: true, completedAt: at('2026-11-26T10:00:00+03:00') };
    await h.tickAt('2026-11-26T10:05:00+03:00');
    expect(h.fake.messagesIn(SERGEY.id).find((m) => m.messageId === toSupervisor!.messageId)?.text).toContain('✅ Выполнено 26.11, 10:00');
  });

  it("a digest of several pings of a manager on vacation says so beside each", async () => {
    await h.say(ADMIN, '/away Ипполит 23.11-27.11 отпуск');
    for (const n of [1, 2]) {
      h.crm.snapshot.tasks.push(task({ id: `t-more-${n}`, dealId: 'd1', responsibleId: 'm1', text: `Ещё задача ${n}`, dueAt: at('2026-11-23T10:30:00+03:00'), createdAt: at('2026-11-20T10:00:00+03:00') }));
    }
    await h.app.syncNow();
    await h.tickAt('2026-11-23T10:31:00+03:00');
    const digest = h.fake.messagesIn(SERGEY.id).find((m) => m.text?.includes('Перезвонить по КП'));
    expect(digest?.text?.split('\n').filter((line) => line.includes('— менеджер в отпуске до 27.11.2026'))).toHaveLength(3);
  });
});

