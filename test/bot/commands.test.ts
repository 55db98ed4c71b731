import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { syncRuns } from '../../src/db/schema';
import { createLogger } from '../../src/logger';
import { acquireSyncLease } from '../../src/sync/lease';
import { at } from '../support/fixture';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ADMIN, ANNA, bindHeads, HEADS, IPPOLIT, linkUser, SERGEY, startBotHarness, type BotHarness } from '../support/bot-harness';

let h: BotHarness;
beforeEach(async () => {
  h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
});
afterEach(() => h.stop());

describe('everyday commands', () => {
  it('/sync shows progress, then edits the status message with the summary', async () => {
    h.crm.snapshot.tasks.push({ ...h.crm.snapshot.tasks[0]!, id: 't9', text: 'Забытая задача', dueAt: at('2026-11-23T09:00:00+03:00') });
    const replies = await h.say(ADMIN, '/sync');
    expect(replies).toHaveLength(1);
    const status = replies[0]!;
    expect(status.edits).toHaveLength(1);
    expect(status.text).toMatch(/^Синхронизация прошла за \d+ с: сделок 3, задач 4\. Новых замечаний: \d+, закрылось: \d+, открыто сейчас: \d+\./);
    expect(h.fake.chatActions.some((a) => a.chatId === ADMIN.id && a.action === 'typing')).toBe(true);
  });

  it('/sync that fails says why and that the previous data is intact; /status shows the failure', async () => {
    const broken = h.crm.fetchFull;
    h.crm.fetchFull = async function* () {
      yield* [];
      throw new Error('CRM answered 502 Bad Gateway');
    };
    const [status] = await h.say(ADMIN, '/sync');
    expect(status?.text).toContain('Синхронизация не удалась');
    expect(status?.text).toContain('502 Bad Gateway');
    expect(status?.text).toContain('Предыдущие данные не тронуты');
    const [report] = await h.say(ADMIN, '/status');
    expect(report?.text).toContain('ошибка');
    expect(report?.text).toContain('Данные из CRM свежие');
    h.crm.fetchFull = broken;
  });

  it('/findings shows a manager\'s or a stage\'s open findings with deal links; /me shows mine', async () => {
    await bindHeads(h);
    h.clock.set(new Date('2026-11-23T12:00:00+03:00'));
    const [manager] = await h.say(ADMIN, '/findings Ипполит');
    expect(manager?.text).toContain('Открытые замечания: Ипполит');
    expect(manager?.text).toContain('Просроченные задачи — 1');
    // The admin is neither the deal's manager nor their supervisor: deals by number (strict mode).
    expect(manager?.text).toContain('Сделка №d1:');
    expect(manager?.text).not.toContain('Ромашка');
    const [stage] = await h.say(ADMIN, '/findings Целевая');
    expect(stage?.text).toContain('Открытые замечания на этапе «Целевая сделка»');
    expect(stage?.text).toContain('Сделка №d2');
    expect(stage?.text).not.toContain('Сделка №d1');
    expect((await h.say(ADMIN, '/findings Бухгалтерия'))[0]?.text).toContain('Не нашёл ни менеджера, ни открытого этапа «Бухгалтерия»');

    await linkUser(h, 'Сергей', SERGEY);
    const [team] = await h.say(SERGEY, '/findings Анна');
    expect(team?.text).toContain('Открытые замечания: Анна');
    // Анна's supervisor in private sees her deals as they are in the CRM.
    expect(team?.text).toContain('ИП Смирнов');
    await linkUser(h, 'Ипполит', IPPOLIT);
    const [mine] = await h.say(IPPOLIT, '/me');
    expect(mine?.text).toContain('Ваши открытые замечания, Ипполит');
    expect(mine?.text).toContain('Перезвонить по КП');
  });

  it('/lang switches a user to English, their pings too', async () => {
    await bindHeads(h);
    await linkUser(h, 'Ипполит', IPPOLIT);
    expect((await h.say(IPPOLIT, '/lang'))[0]?.text).toContain('Сейчас я пишу вам по-русски');
    expect((await h.say(IPPOLIT, '/lang en'))[0]?.text).toBe('All right, I write to you in English now.');
    expect((await h.say(IPPOLIT, '/help'))[0]?.text).toContain('What I do');
    expect((await h.say(IPPOLIT, '/lang de'))[0]?.text).toContain('To change: /lang ru');
    await h.app.overdueCheck();
    h.clock.set(new Date('2026-11-23T10:31:00+03:00'));
    await h.app.overdueCheck();
    await h.settle();
    expect(h.fake.messagesIn(IPPOLIT.id).at(-1)?.text).toContain('A task is waiting: “Перезвонить по КП”');
    expect((await h.say(IPPOLIT, '/lang', HEADS))[0]?.text).toContain('в группе я пишу на языке отчёта');
  });

  it('/pings lets a supervisor get pings outside working hours while the manager\'s wait', async () => {
    await bindHeads(h);
    await linkUser(h, 'Ипполит', IPPOLIT);
    await linkUser(h, 'Сергей', SERGEY);
    expect((await h.say(IPPOLIT, '/pings always'))[0]?.text).toContain('для руководителей групп');
    expect((await h.say(SERGEY, '/pings'))[0]?.text).toContain('только в рабочее время');
    expect((await h.say(SERGEY, '/pings always'))[0]?.text).toContain('в любое время, кроме тихого');
    await h.app.overdueCheck();
    h.crm.snapshot.tasks[0] = { ...h.crm.snapshot.tasks[0]!, dueAt: at('2026-11-28T12:00:00+03:00') };
    h.clock.set(new Date('2026-11-28T11:00:00+03:00'));
    await h.app.syncNow();
    h.clock.set(new Date('2026-11-28T12:05:00+03:00'));
    await h.catchUpSyncs();
    await h.app.overdueCheck();
    await h.settle();
    expect(h.fake.messagesIn(SERGEY.id).some((m) => m.text?.includes('Ипполит: просрочена задача «Перезвонить по КП»'))).toBe(true);
    expect(h.fake.messagesIn(IPPOLIT.id).filter((m) => m.text?.includes('Задача ждёт'))).toEqual([]);
  });

  it('/supervisors shows each group\'s supervisor and lets an admin set one; pings follow', async () => {
    await bindHeads(h);
    expect((await h.say(ADMIN, '/supervisors'))[0]?.text).toContain('Отдел продаж: Сергей');
    expect((await h.say(ADMIN, '/supervisors Нет такой = Анна'))[0]?.text).toContain('Нет группы «Нет такой»');
    expect((await h.say(ADMIN, '/supervisors Отдел продаж'))[0]?.text).toContain('Пример: /supervisors Отдел продаж = Сергей');
    expect((await h.say(ADMIN, '/supervisors Отдел продаж = Анна'))[0]?.text).toContain('руководитель группы «Отдел продаж» — Анна');
    expect((await h.say(ADMIN, '/supervisors'))[0]?.text).toContain('Отдел продаж: Анна (назначен в боте)');
    await linkUser(h, 'Анна', ANNA);
    await h.app.overdueCheck();
    h.clock.set(new Date('2026-11-23T10:31:00+03:00'));
    await h.app.overdueCheck();
    await h.settle();
    expect(h.fake.messagesIn(ANNA.id).some((m) => m.text?.includes('Ипполит: просрочена задача «Перезвонить по КП»'))).toBe(true);
    expect((await h.say(ADMIN, '/supervisors Отдел продаж = -'))[0]?.text).toContain('снова действует руководитель из CRM');
    expect((await h.say(ADMIN, '/supervisors'))[0]?.text).toContain('Отдел продаж: Сергей');
  });
});

describe('/sync while another process syncs', () => {
  it('says who holds the sync and to try again, and leaves the holder alone', async () => {
    const s = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW, env: { SYNC_LEASE_WAIT_SECONDS: '0' } });
    // A second connection to the same file stands for another process (a CLI sync) holding the lease.
    const other = openDatabase(s.config.DATABASE_PATH);
    const lease = await acquireSyncLease(other, { accountId: s.config.ACCOUNT_ID, clock: s.clock, logger: createLogger('silent'), waitMs: 0, timezone: s.config.TIMEZONE });
    try {
      const runs = () => s.db.select().from(syncRuns).all().length;
      const before = runs();
      const [status] = await s.say(ADMIN, '/sync');
      expect(status?.text).toBe(`Синхронизация уже идёт — её запустили в 23.11, 10:00 из другого процесса (pid ${process.pid}), например командой из консоли. Повторите /sync, когда она закончится.`);
      expect(runs()).toBe(before);
    } finally {
      lease.release();
      other.close();
      await s.stop();
    }
  });
});
