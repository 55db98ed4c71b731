import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema';
import { listAbsences, listSchedules } from '../../src/people/schedules';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ADMIN, ANNA, IPPOLIT, SERGEY, STRANGER, linkUser, startBotHarness, type BotHarness, type User } from '../support/bot-harness';

let h: BotHarness;
beforeEach(async () => {
  // Monday 23 November 2026, 10:00 Moscow; Ипполит and Анна report to Сергей.
  h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
});
afterEach(() => h.stop());

const answer = async (text: string, from: User = ADMIN) => {
  const replies = await h.say(from, text);
  expect(replies).toHaveLength(1);
  return replies[0]!.text ?? '';
};
/** Everything the schedules store holds, to show a refused command changed nothing. */
const stored = () => ({ schedules: [...listSchedules(h.db, 'main')], absences: listAbsences(h.db, 'main'), audit: h.db.select().from(auditLog).all().filter((a) => /^(schedule|absence)\./.test(a.action)) });

describe('/shift', () => {
  it('sets a 3/3 cycle, says when the person works next; resets to the account hours; audited', async () => {
    // A 3/3 from Friday 20.11: 20–22 on, 23–25 off (today, Monday 23.11, is a day off), 26.11 on.
    expect(await answer('/shift Ипполит 3/3 с 20.11 09:00-21:00')).toBe(
      'Готово: у сотрудника «Ипполит» теперь смены 3/3 с 20.11.2026, 09:00–21:00. Уведомления — только в это время, рабочие нормы считаются по нему; ближайшая работа: чт 26.11.2026, 09:00.',
    );
    expect(listSchedules(h.db, 'main').get('m1')?.pattern).toEqual({ kind: 'cycle', on: 3, off: 3, start: { year: 2026, month: 11, day: 20 }, from: '09:00', to: '21:00' });
    expect(await answer('/shift Ипполит пн-пт 08:00-17:00')).toContain('теперь пн–пт, 08:00–17:00');
    expect(await answer('/shift Ипполит сброс')).toBe('Готово: «Ипполит» снова работает по часам компании — пн–пт, 09:00–18:00.');
    expect(await answer('/shift Ипполит сброс')).toBe('У сотрудника «Ипполит» и так нет личного графика: он работает по часам компании — пн–пт, 09:00–18:00.');
    expect(stored().audit.map((a) => [a.action, a.subject, a.actor])).toEqual([
      ['schedule.set', 'm1', String(ADMIN.id)],
      ['schedule.set', 'm1', String(ADMIN.id)],
      ['schedule.cleared', 'm1', String(ADMIN.id)],
    ]);
  });

  it("a supervisor sets their own manager's schedule, not anyone else's; a manager cannot", async () => {
    await linkUser(h, 'Сергей', SERGEY);
    await linkUser(h, 'Ипполит', IPPOLIT);
    expect(await answer('/shift Анна 2/2 с 23.11 10:00-22:00', SERGEY)).toContain('Готово: у сотрудника «Анна» теперь смены 2/2');
    expect(await answer('/shift Сергей 2/2 10:00-22:00', SERGEY)).toBe('Менять график сотрудника «Сергей» может администратор бота или руководитель этого сотрудника.');
    const before = stored();
    expect(await answer('/shift Ипполит 2/2 10:00-22:00', IPPOLIT)).toBe('Менять график сотрудника «Ипполит» может администратор бота или руководитель этого сотрудника.');
    // A stranger is not even told whether «Анна» works in the CRM.
    expect(await answer('/shift Анна сброс', STRANGER)).toBe('Менять график может администратор бота или руководитель этого сотрудника. Свой график и отсутствия — /shifts и /away с вашим именем.');
    expect(await answer('/shift а 3/3 09:00-21:00', STRANGER)).toBe('Менять график может администратор бота или руководитель этого сотрудника. Свой график и отсутствия — /shifts и /away с вашим именем.');
    expect(stored()).toEqual(before);
  });

  it.each([
    ['/shift', 'Как задать личный график:'],
    ['/shift Ипполит', 'Не понял, какой график задать.'],
    ['/shift Ипполит 3/3', 'Укажите часы смены, например 09:00-21:00.'],
    ['/shift Ипполит 0/3 09:00-21:00', '«0/3» — не похоже на смены'],
    ['/shift Ипполит 3/3 9-21', 'Не понял «9-21».'],
    ['/shift Ипполит 3/3 25:00-21:00', '«25:00-21:00» — не похоже на часы'],
    ['/shift Ипполит 3/3 с 31.11 09:00-21:00', '«31.11» — не похоже на дату'],
    ['/shift Ипполит 3/3 пн-пт 09:00-21:00', 'либо смены (3/3), либо дни недели'],
    ['/shift Никто 3/3 09:00-21:00', 'Не нашёл в CRM сотрудника «Никто»'],
  ])('%s → a clear answer, nothing changed', async (command, expected) => {
    const before = stored();
    expect(await answer(command)).toContain(expected);
    expect(stored()).toEqual(before);
  });
});

describe('/away', () => {
  it('marks a vacation, names who gets the pings meanwhile; lists; refuses an overlap; takes it back; audited', async () => {
    expect(await answer('/away Ипполит 10.12-20.12 отпуск')).toBe(
      'Готово: «Ипполит» — отпуск 10.12.2026 – 20.12.2026. Пока сотрудник отсутствует, уведомления о его просрочках получает руководитель — Сергей, с пометкой, до какого числа он отсутствует. Нормы в рабочих часах в эти дни для него не идут.',
    );
    expect(await answer('/away Анна 25.11')).toContain('Готово: «Анна» — отгул 25.11.2026.');
    const overlap = await answer('/away Ипполит 18.12-25.12 больничный');
    expect(overlap).toBe('У сотрудника «Ипполит» уже отмечено: отпуск 10.12.2026 – 20.12.2026. Чтобы изменить, сначала снимите его: /away Ипполит убрать 10.12.2026');
    const list = await answer('/away');
    expect(list).toContain('• Анна — отгул 25.11.2026\n• Ипполит — отпуск 10.12.2026 – 20.12.2026');
    expect(await answer('/away Ипполит убрать 15.12')).toBe('Снял: «Ипполит» — отпуск 10.12.2026 – 20.12.2026.');
    expect(await answer('/away Ипполит убрать 15.12')).toBe('У сотрудника «Ипполит» нет отсутствия, в которое входит 15.12.2026. Его отсутствия — /away Ипполит.');
    expect(stored().audit.map((a) => [a.action, a.subject])).toEqual([
      ['absence.added', 'm1'],
      ['absence.added', 'm2'],
      ['absence.removed', 'm1'],
    ]);
  });

  it('a manager sees their own absences but cannot change them or see everyone', async () => {
    await linkUser(h, 'Ипполит', IPPOLIT);
    await answer('/away Ипполит 10.12-20.12 отпуск');
    const before = stored();
    expect(await answer('/away Ипполит', IPPOLIT)).toContain('• Ипполит — отпуск 10.12.2026 – 20.12.2026');
    expect(await answer('/away Анна', IPPOLIT)).toBe('Менять график может администратор бота или руководитель этого сотрудника. Свой график и отсутствия — /shifts и /away с вашим именем.');
    expect(await answer('/away', IPPOLIT)).toContain('Как отметить отсутствие:');
    expect(await answer('/away Ипполит убрать 10.12', IPPOLIT)).toBe('Менять график сотрудника «Ипполит» может администратор бота или руководитель этого сотрудника.');
    expect(stored()).toEqual(before);
  });

  it.each([
    ['/away Ипполит 20.12.2026-10.12.2026', 'Дата окончания раньше даты начала.'],
    ['/away Ипполит 10.12-20.12 командировка', 'Не понял «командировка».'],
    ['/away Ипполит 32.12', '«32.12» — не похоже на дату'],
    ['/away Ипполит убрать', 'Укажите даты, например 10.12-20.12.'],
    ['/away Ипполит 01.01.2027-05.01.2028', 'Отсутствие длиннее года'],
    ['/away Никто 10.12', 'Не нашёл в CRM сотрудника «Никто»'],
  ])('%s → a clear answer, nothing changed', async (command, expected) => {
    const before = stored();
    const text = await answer(command);
    expect(text).toContain(expected);
    expect(stored()).toEqual(before);
  });
});

describe('linking a person with a schedule of their own', () => {
  it('the summary after linking names their own working time, not the account hours', async () => {
    await answer('/shift Анна 2/2 с 23.11 10:00-22:00');
    await linkUser(h, 'Анна', ANNA);
    await h.settle();
    const texts = h.fake.messagesIn(ANNA.id).map((m) => m.text ?? '').join('\n');
    expect(texts).toContain('Пишу вам в ваше рабочее время: смены 2/2 с 23.11.2026, 10:00–22:00 (Europe/Moscow)');
    expect(texts).not.toContain('Пишу вам в рабочее время: пн–пт');
  });
});

describe('/shifts', () => {
  it("shows each linked person's or scheduled person's pattern and when they work next; a manager sees only their own", async () => {
    await linkUser(h, 'Анна', ANNA);
    await answer('/shift Ипполит 3/3 с 20.11 09:00-21:00');
    await answer('/away Анна 23.11-24.11 больничный');
    const all = await answer('/shifts');
    expect(all).toContain('• Анна — часы компании (пн–пт, 09:00–18:00); отсутствует: больничный 23.11.2026 – 24.11.2026');
    expect(all).toContain('• Ипполит — смены 3/3 с 20.11.2026, 09:00–21:00; ближайшая работа: чт 26.11.2026, 09:00');
    expect(all).toContain('Остальные сотрудники CRM (1) не подключены к боту');
    const own = await answer('/shifts', ANNA);
    expect(own).toContain('• Анна — ');
    expect(own).not.toContain('Ипполит');
    expect(await answer('/shifts', STRANGER)).toContain('Вы пока не подключены к боту');
  });
});
