import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Task } from '../../src/crm/model';
import { auditLog } from '../../src/db/schema';
import { setDecidedUpTo } from '../../src/settings/daily-control';
import { at, call, task } from '../support/fixture';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ADMIN, ANNA, bindHeads, HEADS, IPPOLIT, linkUser, SERGEY, startBotHarness, type BotHarness } from '../support/bot-harness';

/**
 * The daily control end to end: the minute tick (app.dailyControl) at exact
 * instants of the injected clock, the messages as the fake Telegram got
 * them. The fixture: Monday 23 November 2026, Moscow, Mon–Fri 09:00–18:00;
 * Ипполит's call (d1) is due at 10:30 today and his meeting (d3) on Tuesday
 * at 15:00, Анна's invoice (d2) at 11:00 today; both report to Сергей.
 */
let h: BotHarness;
beforeEach(async () => {
  h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
  await bindHeads(h);
  await linkUser(h, 'Ипполит', IPPOLIT);
  await linkUser(h, 'Анна', ANNA);
  await linkUser(h, 'Сергей', SERGEY);
});
afterEach(() => h.stop());

/** The minute tick at an instant (syncs caught up as the schedule would have), the outbox drained. */
async function controlAt(iso: string) {
  h.clock.set(new Date(iso));
  await h.catchUpSyncs();
  const result = await h.app.dailyControl();
  await h.settle();
  return result;
}
const digestsOf = (chatId: number) => h.fake.messagesIn(chatId).filter((m) => m.text?.startsWith('📋 Ваш день'));
const eveningChecks = () => h.fake.messagesIn(HEADS.id).filter((m) => m.text?.startsWith('🌆 Вечерняя проверка'));

describe('the morning digest', () => {
  it('comes to each manager privately at the start of their working day, once — not again on the next tick, after a restart, or with the bookkeeping lost', async () => {
    await controlAt('2026-11-24T08:59:00+03:00');
    expect(digestsOf(IPPOLIT.id)).toEqual([]);
    expect(await controlAt('2026-11-24T09:00:00+03:00')).toEqual({ digests: 2, evenings: 0, quiet: 1 });
    const [digest] = digestsOf(IPPOLIT.id);
    expect(digest?.text).toBe(
      [
        '📋 Ваш день, вт 24.11',
        '',
        'Просроченные задачи — 1',
        '• Перезвонить по КП — ООО «Ромашка» <опт>, просрочена на 22 ч 30 мин',
        '',
        'Задачи на сегодня — 1',
        '• 15:00 Встреча — Гарантия по заказу 77',
      ].join('\n'),
    );
    expect(digest?.replyMarkup?.inline_keyboard).toEqual([
      [{ text: 'ООО «Ромашка» <опт>', url: 'https://crm.example/leads/detail/d1' }],
      [{ text: 'Гарантия по заказу 77', url: 'https://crm.example/leads/detail/d3' }],
    ]);
    expect(digestsOf(ANNA.id).map((m) => m.text)).toEqual([expect.stringContaining('• Отправить счёт — ИП Смирнов, просрочена на 22 ч')]);

    await controlAt('2026-11-24T09:01:00+03:00');
    await h.restart();
    await controlAt('2026-11-24T09:00:00+03:00');
    await controlAt('2026-11-24T09:02:00+03:00');
    // Even were the tick's bookkeeping lost, the occasion's dedupe key holds.
    setDecidedUpTo(h.db, h.config.ACCOUNT_ID, Date.parse('2026-11-24T08:00:00+03:00'));
    expect(await controlAt('2026-11-24T09:03:00+03:00')).toEqual({ digests: 0, evenings: 0, quiet: 3 });
    expect(digestsOf(IPPOLIT.id)).toHaveLength(1);
    expect(digestsOf(ANNA.id)).toHaveLength(1);
  });

  it('says nothing when there is nothing to say: Сергей has nothing open', async () => {
    await controlAt('2026-11-24T09:00:00+03:00');
    expect(digestsOf(SERGEY.id)).toEqual([]);
  });

  it('none on a weekend, on the account’s own day off, or to a manager away; the next working day it comes', async () => {
    await h.say(ADMIN, '/holidays add 25.11');
    await h.say(ADMIN, '/away Анна 26.11 отгул');
    await controlAt('2026-11-25T09:00:00+03:00');
    expect([...digestsOf(IPPOLIT.id), ...digestsOf(ANNA.id)]).toEqual([]);
    await controlAt('2026-11-26T09:00:00+03:00');
    expect(digestsOf(IPPOLIT.id).map((m) => m.text?.split('\n')[0])).toEqual(['📋 Ваш день, чт 26.11']);
    expect(digestsOf(ANNA.id)).toEqual([]);
    await controlAt('2026-11-28T09:00:00+03:00');
    expect(digestsOf(IPPOLIT.id)).toHaveLength(1);
    await controlAt('2026-11-30T09:00:00+03:00');
    expect(digestsOf(IPPOLIT.id)).toHaveLength(2);
    expect(digestsOf(ANNA.id)).toHaveLength(1);
  });

  it('on data too old to trust (no sync got through since yesterday) it still comes, and says how old its data is', async () => {
    // No sync since the harness's at 10:00 yesterday (the CRM could not be read): the tick alone, no catching up.
    h.clock.set(new Date('2026-11-24T09:00:00+03:00'));
    await h.app.dailyControl();
    await h.settle();
    const [digest] = digestsOf(IPPOLIT.id);
    expect(digest?.text?.split('\n').at(-1)).toBe('⚠️ Данные CRM на 23.11, 10:00: свежее получить не удалось, что-то могло уже измениться.');
  });

  it('a night-shift manager gets it at the start of their shift, with the tasks due before it ends', async () => {
    // 2/2 nights from Monday 23.11: 23.11 21:00 → 24.11 09:00, 24.11 21:00 → 25.11 09:00.
    await h.say(ADMIN, '/shift Анна 2/2 с 23.11 21:00-09:00');
    h.crm.snapshot.tasks.push(task({ id: 't-night', dealId: 'd2', responsibleId: 'm2', text: 'Ночной звонок', dueAt: at('2026-11-24T02:00:00+03:00'), createdAt: at('2026-11-23T09:00:00+03:00') }));
    await h.app.syncNow();
    await controlAt('2026-11-23T20:59:00+03:00');
    expect(digestsOf(ANNA.id)).toEqual([]);
    await controlAt('2026-11-23T21:00:00+03:00');
    expect(digestsOf(ANNA.id).map((m) => m.text)).toEqual([expect.stringContaining('Задачи на сегодня — 1\n• 02:00 Ночной звонок — ИП Смирнов')]);
    // Not again at the account's 09:00, nor on her nights off.
    await controlAt('2026-11-24T09:00:00+03:00');
    await controlAt('2026-11-25T21:00:00+03:00');
    expect(digestsOf(ANNA.id)).toHaveLength(1);
  });
});

/** Tasks closed on a date from 10:00 on, a minute apart, with no deal (calls to contacts). */
const closedOn = (managerId: string, date: string, n: number): Task[] =>
  Array.from({ length: n }, (_, i) => {
    const doneAt = at(`${date}T10:00:00+03:00`) + i * 60_000;
    return task({ id: `done-${managerId}-${date}-${i}`, dealId: null, responsibleId: managerId, text: 'Звонок', completed: true, completedAt: doneAt, dueAt: doneAt, createdAt: doneAt - 3_600_000 });
  });

describe('the evening check', () => {
  /** Monday 23.11: Анна's invoice done at 15:00 leaves d2 without a next step; a client of d1 called at 17:40 and nobody called back; 4 Mondays of history. */
  async function aDayInTheCrm() {
    const crm = h.crm.snapshot;
    const invoice = crm.tasks.find((t) => t.id === 't2')!;
    Object.assign(invoice, { completed: true, completedAt: at('2026-11-23T15:00:00+03:00') });
    crm.calls.push(call({ id: 'c1', direction: 'in', missed: true, dealId: 'd1', phoneKey: 'k1', phoneTail: '4567', durationSec: 0, at: at('2026-11-23T17:40:00+03:00') }));
    for (const monday of ['2026-11-16', '2026-11-09', '2026-11-02', '2026-10-26']) crm.tasks.push(...closedOn('m1', monday, 14), ...closedOn('m2', monday, 14));
    // Today: Ипполит 6 (below half of 14: asked), Анна 7 with her invoice (exactly half: not asked).
    crm.tasks.push(...closedOn('m1', '2026-11-23', 6), ...closedOn('m2', '2026-11-23', 6));
    h.clock.set(new Date('2026-11-23T18:59:00+03:00'));
    await h.app.syncNow('full');
  }

  it('comes to the report chat at 19:00: what was left without a next step, calls not returned, the activity question — deals by number in strict mode', async () => {
    await aDayInTheCrm();
    await controlAt('2026-11-23T18:59:00+03:00');
    expect(eveningChecks()).toEqual([]);
    await controlAt('2026-11-23T19:00:00+03:00');
    const [check] = eveningChecks();
    expect(check?.text).toBe(
      [
        '🌆 Вечерняя проверка, пн 23.11',
        '',
        'Сегодня остались без следующего шага — 1',
        '• Анна: Сделка №d2 — без задачи с 15:00',
        '',
        'Клиентам не перезвонили — 1',
        '• Ипполит: •••45-67, звонил 23.11, 17:40 — Сделка №d1',
        '',
        'Ипполит: сегодня закрыто 6 задач — обычно по понедельникам к 19:00 около 14. Всё в порядке?',
      ].join('\n'),
    );
    expect(check?.replyMarkup?.inline_keyboard).toEqual([
      [{ text: 'Сделка №d2', url: 'https://crm.example/leads/detail/d2' }],
      [{ text: 'Сделка №d1', url: 'https://crm.example/leads/detail/d1' }],
    ]);
    await controlAt('2026-11-23T19:01:00+03:00');
    await h.restart();
    await controlAt('2026-11-23T19:02:00+03:00');
    expect(eveningChecks()).toHaveLength(1);
    // Not on a Saturday.
    await controlAt('2026-11-28T19:00:00+03:00');
    expect(eveningChecks()).toHaveLength(1);
  });

  it('masked mode: deal names with people’s names masked', async () => {
    await h.say(ADMIN, '/privacy masked');
    await aDayInTheCrm();
    await controlAt('2026-11-23T19:00:00+03:00');
    const [check] = eveningChecks();
    expect(check?.text).toContain('• Анна: ИП ••• — без задачи с 15:00');
    expect(check?.text).not.toContain('Смирнов');
  });

  it('says nothing on a day with nothing to say', async () => {
    await controlAt('2026-11-23T19:00:00+03:00');
    expect(h.fake.messagesIn(HEADS.id).filter((m) => m.text?.includes('Вечерняя проверка'))).toEqual([]);
  });
});

describe('/digest', () => {
  const answer = async (text: string) => (await h.say(ADMIN, text)).map((m) => m.text).join('\n');

  it('shows both settings; switches and moves them, audited; the tick follows at once', async () => {
    const shown = await answer('/digest');
    expect(shown).toContain('☀️ Утренняя сводка — включена.');
    expect(shown).toContain('🌆 Вечерняя проверка — включена, в 19:00 по рабочим дням, в чат отчётов «Руководители продаж»');

    expect(await answer('/digest evening 19:30')).toContain('Сохранено.\n\nЕжедневный контроль');
    expect(await answer('/digest')).toContain('в 19:30 по рабочим дням');
    expect(await answer('/digest morning off')).toContain('☀️ Утренняя сводка — выключена.');
    expect(await answer('/digest утро выкл')).toContain('Так и было.');
    expect(h.db.select({ action: auditLog.action, subject: auditLog.subject, before: auditLog.before, after: auditLog.after }).from(auditLog).all().filter((a) => a.subject?.startsWith('dailyControl'))).toEqual([
      { action: 'settings.changed', subject: 'dailyControl.eveningAt', before: { eveningAt: '19:00' }, after: { eveningAt: '19:30' } },
      { action: 'settings.changed', subject: 'dailyControl.morning', before: { morning: true }, after: { morning: false } },
    ]);

    await controlAt('2026-11-24T09:00:00+03:00');
    expect(digestsOf(IPPOLIT.id)).toEqual([]);
    // The evening check now comes at 19:30 (a missed call keeps it from being empty).
    h.crm.snapshot.calls.push(call({ id: 'c2', direction: 'in', missed: true, dealId: 'd1', phoneKey: 'k1', phoneTail: '4567', durationSec: 0, at: at('2026-11-24T17:40:00+03:00') }));
    h.clock.set(new Date('2026-11-24T18:00:00+03:00'));
    await h.app.syncNow('full');
    await controlAt('2026-11-24T19:00:00+03:00');
    expect(eveningChecks()).toEqual([]);
    await controlAt('2026-11-24T19:30:00+03:00');
    expect(eveningChecks()).toHaveLength(1);

    await answer('/digest evening off');
    await controlAt('2026-11-25T19:30:00+03:00');
    expect(eveningChecks()).toHaveLength(1);
    await answer('/digest evening on');
    await controlAt('2026-11-26T19:30:00+03:00');
    expect(eveningChecks()).toHaveLength(2);
  });

  it('answers bad input clearly, in Russian, and changes nothing', async () => {
    expect(await answer('/digest evening 25:00')).toBe('«25:00» — не время. Пример: /digest evening 19:30 (часы от 00 до 23, минуты от 00 до 59).');
    expect(await answer('/digest morning 08:00')).toContain('У утренней сводки нет общего времени');
    expect(await answer('/digest всегда')).toContain('Не понял «всегда». Примеры: /digest morning off');
    expect(await answer('/digest')).toContain('в 19:00 по рабочим дням');
  });

  it('is in the admins’ help, and the digest in everyone’s', async () => {
    expect(await answer('/help')).toContain('/digest — утренняя сводка менеджерам и вечерняя проверка в чате отчётов');
    expect((await h.say(IPPOLIT, '/help')).map((m) => m.text).join('\n')).toContain('В начале рабочего дня — короткая сводка');
  });

  it('is for admins only', async () => {
    expect((await h.say(IPPOLIT, '/digest morning off')).map((m) => m.text)).toEqual([expect.stringContaining('для администраторов')]);
  });
});
