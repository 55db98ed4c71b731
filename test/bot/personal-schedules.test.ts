import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../src/calendar/local-date';
import { outbox } from '../../src/db/schema';
import { addAbsence, setWorkPattern } from '../../src/people/schedules';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { bindHeads, HEADS, IPPOLIT, linkUser, SERGEY, startBotHarness, type BotHarness } from '../support/bot-harness';

/**
 * Personal schedules through the real bot (sync → overdue check → routing →
 * outbox → fake Telegram) on the injected clock. Monday 23 November 2026,
 * 10:00 Moscow: Ипполит (m1) has a call «Перезвонить по КП» due at 10:30
 * today and a «Встреча» due on Tuesday 24.11 at 15:00; Сергей is his
 * supervisor. Schedules are stored directly, as /shift and /away store them.
 */

let h: BotHarness;
beforeEach(async () => {
  h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
  await bindHeads(h);
  // Only Ипполит's tasks: Анна's would add pings of their own to Сергей's chat.
  h.crm.snapshot.tasks = h.crm.snapshot.tasks.filter((t) => t.responsibleId === 'm1');
  await h.app.syncNow();
  // The first check starts pinging: tasks overdue before it are the report's business.
  await h.app.overdueCheck();
  await linkUser(h, 'Ипполит', IPPOLIT);
  await linkUser(h, 'Сергей', SERGEY);
});
afterEach(() => h.stop());

const day = (iso: string) => parseIsoDate(iso)!;
const about = (chatId: number, words: string) => h.fake.messagesIn(chatId).filter((m) => m.text?.includes(words));
const firstLines = (chatId: number, words: string) => about(chatId, words).map((m) => m.text?.split('\n')[0]);
/** Messages queued for a chat and not sent (waiting for working time). */
const pendingFor = (chatId: number) =>
  h.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.chatId, String(chatId)), eq(outbox.status, 'pending')))
    .all();

describe('a «3/3» manager', () => {
  beforeEach(() => {
    // From Friday 20.11: on 20–22, off 23–25 (Monday today to Wednesday), on 26–28 November.
    setWorkPattern(h.db, 'main', 'm1', { kind: 'cycle', on: 3, off: 3, start: day('2026-11-20'), from: '09:00', to: '21:00' }, '1001', Date.parse(NOW));
  });

  it('gets no ping on the days off and one at the next shift start, exactly then and once', async () => {
    expect(await h.tickAt('2026-11-23T10:31:00+03:00')).toMatchObject({ pinged: 1 });
    // The supervisor works the account's hours: told at once. The manager's copy waits for Thursday 09:00.
    expect(firstLines(SERGEY.id, 'Перезвонить по КП')).toEqual(['⏰ Ипполит: просрочена задача «Перезвонить по КП»']);
    expect(about(IPPOLIT.id, 'Перезвонить по КП')).toEqual([]);
    expect(pendingFor(IPPOLIT.id).map((m) => new Date(m.notBefore).toISOString())).toEqual([new Date('2026-11-26T09:00:00+03:00').toISOString()]);

    // Through the days off (the «Встреча» goes overdue on Tuesday and waits too): nothing reaches him.
    for (const instant of ['2026-11-23T18:00:00+03:00', '2026-11-24T09:00:00+03:00', '2026-11-24T15:01:00+03:00', '2026-11-25T12:00:00+03:00', '2026-11-25T21:00:00+03:00', '2026-11-26T08:59:00+03:00']) {
      await h.tickAt(instant);
      expect(about(IPPOLIT.id, 'Задача ждёт выполнения'), instant).toEqual([]);
    }
    // Сергей had it at once (and the ladder's 2-hour reminder at the next tick after).
    expect(firstLines(SERGEY.id, 'Встреча')[0]).toBe('⏰ Ипполит: просрочена задача «Встреча»');

    // Thursday 26.11 09:00, his shift starts: both pings, each once.
    await h.tickAt('2026-11-26T09:00:00+03:00');
    expect(firstLines(IPPOLIT.id, 'Задача ждёт выполнения').sort()).toEqual(['⏰ Задача ждёт выполнения: «Встреча»', '⏰ Задача ждёт выполнения: «Перезвонить по КП»']);
    expect(pendingFor(IPPOLIT.id)).toEqual([]);

    await h.tickAt('2026-11-26T09:01:00+03:00');
    await h.restart();
    await h.tickAt('2026-11-26T09:02:00+03:00');
    await h.tickAt('2026-11-26T12:00:00+03:00');
    expect(about(IPPOLIT.id, 'Перезвонить по КП')).toHaveLength(1);
    expect(about(IPPOLIT.id, '«Встреча»')).toHaveLength(1);
  });

  it('a task that goes overdue during a shift reaches him at once', async () => {
    // Thursday 26.11 is a shift day: the «Встреча» moved to 26.11 14:00.
    h.crm.snapshot.tasks = h.crm.snapshot.tasks.map((t) => (t.id === 't3' ? { ...t, dueAt: Date.parse('2026-11-26T14:00:00+03:00') } : t));
    h.crm.snapshot.tasks = h.crm.snapshot.tasks.filter((t) => t.id === 't3');
    await h.app.syncNow();
    await h.tickAt('2026-11-26T13:59:00+03:00');
    expect(about(IPPOLIT.id, '«Встреча»')).toEqual([]);
    await h.tickAt('2026-11-26T14:01:00+03:00');
    expect(firstLines(IPPOLIT.id, '«Встреча»')).toEqual(['⏰ Задача ждёт выполнения: «Встреча»']);
  });
});

describe('a manager on vacation', () => {
  it("the supervisor's private chat gets the ping saying until when; the manager's chat nothing", async () => {
    addAbsence(h.db, 'main', 'm1', { kind: 'vacation', from: day('2026-11-23'), to: day('2026-12-04') }, '1001', Date.parse(NOW));
    expect(await h.tickAt('2026-11-23T10:31:00+03:00')).toMatchObject({ pinged: 1 });

    // One message: the manager's step and the supervisor's step reach the same chat at once.
    const toSergey = about(SERGEY.id, 'Перезвонить по КП');
    expect(toSergey).toHaveLength(1);
    expect(toSergey[0]?.text?.split('\n')[0]).toBe('⏰ Ипполит: просрочена задача «Перезвонить по КП»');
    expect(toSergey[0]?.text).toContain('Менеджер в отпуске до 04.12.2026 включительно, поэтому пишу вам.');
    expect(toSergey[0]?.text).not.toContain('Менеджер пока не получает уведомления');

    expect(about(IPPOLIT.id, 'Перезвонить по КП')).toEqual([]);
    expect(pendingFor(IPPOLIT.id)).toEqual([]);
    // Сергей is linked and not away: the heads' group hears nothing of it.
    expect(h.fake.messagesIn(HEADS.id).filter((m) => m.text?.includes('просрочена'))).toEqual([]);

    // Tuesday's «Встреча» too, and later ticks send the manager nothing.
    await h.tickAt('2026-11-24T15:01:00+03:00');
    expect(about(SERGEY.id, '«Встреча»').map((m) => m.text?.includes('Менеджер в отпуске до 04.12.2026 включительно'))).toEqual([true]);
    await h.tickAt('2026-11-25T10:00:00+03:00');
    expect(about(IPPOLIT.id, 'Задача ждёт выполнения')).toEqual([]);
    expect(pendingFor(IPPOLIT.id)).toEqual([]);
  });

  // A manager's copy queued before the absence was marked (waiting for their next shift) is withdrawn at the
  // next check once the absence covers that shift: «a manager who is away is not told» (README).
  it('a copy waiting for a shift that the vacation since then covers is not sent to the manager', async () => {
    setWorkPattern(h.db, 'main', 'm1', { kind: 'cycle', on: 3, off: 3, start: day('2026-11-20'), from: '09:00', to: '21:00' }, '1001', Date.parse(NOW));
    await h.tickAt('2026-11-23T10:31:00+03:00');
    expect(pendingFor(IPPOLIT.id)).toHaveLength(1);
    // On Monday, after the ping, a vacation 26–30.11 is marked: it covers the shifts the copy waits for.
    addAbsence(h.db, 'main', 'm1', { kind: 'vacation', from: day('2026-11-26'), to: day('2026-11-30') }, '1001', Date.parse('2026-11-23T11:00:00+03:00'));
    await h.tickAt('2026-11-24T10:00:00+03:00');
    expect(about(SERGEY.id, 'Менеджер в отпуске до 30.11.2026 включительно')).toHaveLength(1);
    await h.tickAt('2026-11-26T09:00:00+03:00');
    await h.tickAt('2026-11-27T12:00:00+03:00');
    expect(about(IPPOLIT.id, 'Перезвонить по КП')).toEqual([]);
    expect(pendingFor(IPPOLIT.id)).toEqual([]);
  });

  it('a day off today: today’s ping goes to the supervisor «в отгуле до 23.11», tomorrow’s to the manager', async () => {
    addAbsence(h.db, 'main', 'm1', { kind: 'day_off', from: day('2026-11-23'), to: day('2026-11-23') }, '1001', Date.parse(NOW));
    await h.tickAt('2026-11-23T10:31:00+03:00');
    expect(about(SERGEY.id, 'Перезвонить по КП')[0]?.text).toContain('Менеджер в отгуле до 23.11.2026 включительно, поэтому пишу вам.');
    expect(about(IPPOLIT.id, 'Перезвонить по КП')).toEqual([]);

    await h.tickAt('2026-11-24T15:01:00+03:00');
    expect(firstLines(IPPOLIT.id, '«Встреча»')).toEqual(['⏰ Задача ждёт выполнения: «Встреча»']);
    const supervisorCopy = about(SERGEY.id, '«Встреча»');
    expect(supervisorCopy).toHaveLength(1);
    expect(supervisorCopy[0]?.text).not.toContain('Менеджер в отгуле');
  });
});
