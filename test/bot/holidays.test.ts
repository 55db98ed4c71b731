import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, calendarDays } from '../../src/db/schema';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ADMIN, STRANGER, startBotHarness, type BotHarness } from '../support/bot-harness';

let h: BotHarness;
beforeEach(async () => {
  // Monday 23 November 2026, Moscow; the account works Mon–Fri 09:00–18:00.
  h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
});
afterEach(() => h.stop());

const marks = () => h.db.select({ day: calendarDays.day, working: calendarDays.working, actor: calendarDays.actor }).from(calendarDays).all();
const answer = async (text: string, from = ADMIN) => {
  const replies = await h.say(from, text);
  expect(replies).toHaveLength(1);
  return replies[0]!.text ?? '';
};

describe('/holidays', () => {
  it('lists the days off ahead with their reasons, the marks, and which years the transfers cover', async () => {
    const text = await answer('/holidays');
    expect(text).toContain('Выходные и рабочие дни с 23.11.2026 по 21.01.2027 (рабочая неделя: пн–пт)');
    expect(text).toContain('• 31.12.2026, чт — выходной: выходной перенесён с 04.01.2026');
    expect(text).toContain('• 01.01.2027, пт — выходной: праздник, Новогодние каникулы');
    expect(text).toContain('• 07.01.2027, чт — выходной: праздник, Рождество Христово');
    // 2 and 3 January 2027 are holidays on a weekend: nothing departs from the working week there.
    expect(text).not.toContain('02.01.2027');
    expect(text).toContain('Ваши отметки');
    expect(text).toContain('Нет.');
    expect(text).toContain('известны за 2024–2026');
    expect(text).toContain('/holidays add 31.12');
  });

  it('marks a day off and a working day, audited; shows them over the calendar; removes a mark', async () => {
    expect(await answer('/holidays add 30.12')).toContain('Готово: 30.12.2026, ср — выходной.');
    expect(await answer('/holidays work 31.12.2026')).toBe('Готово: 31.12.2026, чт — рабочий день, часы обычные: 09:00–18:00.');
    expect(marks()).toEqual([
      { day: '2026-12-30', working: false, actor: String(ADMIN.id) },
      { day: '2026-12-31', working: true, actor: String(ADMIN.id) },
    ]);
    expect(h.db.select({ action: auditLog.action, subject: auditLog.subject }).from(auditLog).all().filter((a) => a.action.startsWith('calendar.'))).toEqual([
      { action: 'calendar.marked', subject: '2026-12-30' },
      { action: 'calendar.marked', subject: '2026-12-31' },
    ]);

    const list = await answer('/holidays');
    expect(list).toContain('• 30.12.2026, ср — выходной: ваша отметка');
    expect(list).toContain('• 31.12.2026, чт — рабочий день: ваша отметка; по календарю — выходной перенесён с 04.01.2026');
    expect(list).toMatch(/Ваши отметки.*\n• 30\.12\.2026, ср — выходной\n• 31\.12\.2026, чт — рабочий день/);

    expect(await answer('/holidays remove 31.12')).toBe('Готово: отметка на 31.12.2026 снята. Теперь это выходной (выходной перенесён с 04.01.2026).');
    expect(marks()).toEqual([{ day: '2026-12-30', working: false, actor: String(ADMIN.id) }]);
  });

  it('says when a day already is what is asked, and changes nothing', async () => {
    expect(await answer('/holidays add 31.12')).toBe('31.12.2026, чт — и так выходной (выходной перенесён с 04.01.2026). Ничего не менял.');
    expect(await answer('/holidays add 28.11')).toBe('28.11.2026, сб — и так выходной (так по рабочей неделе). Ничего не менял.');
    expect(await answer('/holidays work 24.11')).toBe('24.11.2026, вт — и так рабочий день (так по рабочей неделе). Ничего не менял.');
    expect(marks()).toEqual([]);
  });

  it('takes a mark back rather than writing a contrary one when the calendar already gives the day asked', async () => {
    await answer('/holidays work 28.11');
    expect(marks()).toEqual([{ day: '2026-11-28', working: true, actor: String(ADMIN.id) }]);
    expect(await answer('/holidays выходной 28.11')).toContain('Готово: 28.11.2026, сб — выходной.');
    expect(marks()).toEqual([]);
  });

  it('a holiday has no mark to remove: it says how to make it a working day', async () => {
    expect(await answer('/holidays remove 01.01')).toBe(
      'На 01.01.2027 вашей отметки нет — снимать нечего. Это выходной по производственному календарю; сделать его рабочим: /holidays work 01.01.2027',
    );
    expect(await answer('/holidays remove 25.11')).toBe('На 25.11.2026 вашей отметки нет — снимать нечего.');
  });

  it.each([
    ['/holidays add 32.13', 'Не понял дату «32.13». Пишите ДД.ММ или ДД.ММ.ГГГГ, например: /holidays add 31.12 или /holidays add 31.12.2026'],
    ['/holidays add 31.04', 'Не понял дату «31.04»'],
    ['/holidays work', 'Какой день? Напишите дату: /holidays work 31.12 или /holidays work 31.12.2026'],
    ['/holidays add 30.12 31.12', 'Не понял дату «30.12 31.12»'],
    ['/holidays foo', 'Не понял «foo». Примеры: /holidays — список; /holidays add 31.12 — выходной'],
    ['/holidays 31.12', 'Не понял «31.12»'],
  ])('%s → a Russian answer with an example, nothing changed', async (command, expected) => {
    expect(await answer(command)).toContain(expected);
    expect(marks()).toEqual([]);
    expect(h.db.select().from(auditLog).all().filter((a) => a.action.startsWith('calendar.'))).toEqual([]);
  });

  it('is for admins only, to see and to change', async () => {
    expect(await answer('/holidays', STRANGER)).toContain('для администраторов');
    expect(await answer('/holidays add 30.12', STRANGER)).toContain('для администраторов');
    expect(marks()).toEqual([]);
  });
});
