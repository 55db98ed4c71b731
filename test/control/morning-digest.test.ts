import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../src/calendar/local-date';
import { morningContent, morningMessage, type MorningContent } from '../../src/control/morning-digest';
import type { Finding } from '../../src/rules/types';
import { controlNorms, dealRefs } from './control-fixture';
import { at, BASE, call, deal, openAt, task } from '../support/fixture';

/**
 * The morning digest's content and words (src/control/morning-digest.ts),
 * from the real rules over a hand-built snapshot: Ипполит (m1) at 09:00 on
 * Thursday 26 November 2026, Moscow, on the account's hours.
 */

const NOW = at('2026-11-26T09:00:00+03:00');
const SHIFT = { start: NOW, end: at('2026-11-26T18:00:00+03:00'), date: parseIsoDate('2026-11-26')! };
const norms = controlNorms();

const parts = {
  deals: [
    deal({ id: 'd1', name: 'ООО «Ромашка» <опт>', responsibleId: 'm1', createdAt: at('2026-11-20T10:00:00+03:00') }),
    deal({ id: 'd2', name: 'ИП Смирнов', responsibleId: 'm1', createdAt: at('2026-11-20T10:00:00+03:00') }),
    deal({ id: 'd3', name: 'Склад на Лесной', responsibleId: 'm1', createdAt: at('2026-11-24T12:00:00+03:00') }),
    deal({ id: 'd4', name: 'Кафе «Утро»', responsibleId: 'm1', createdAt: at('2026-11-20T10:00:00+03:00') }),
    deal({ id: 'd5', name: 'Отложенная', responsibleId: 'm1', createdAt: at('2026-11-20T10:00:00+03:00') }),
    deal({ id: 'd9', name: 'Чужая', responsibleId: 'm2', createdAt: at('2026-11-20T10:00:00+03:00') }),
  ],
  tasks: [
    task({ id: 't1', dealId: 'd1', text: 'Перезвонить по КП', dueAt: at('2026-11-25T10:30:00+03:00'), createdAt: at('2026-11-20T10:00:00+03:00') }),
    task({ id: 't2', dealId: 'd2', text: 'Отправить договор', dueAt: at('2026-11-26T15:00:00+03:00'), createdAt: at('2026-11-20T10:00:00+03:00') }),
    task({ id: 't3', dealId: 'd2', text: 'Встреча в офисе', dueAt: at('2026-11-27T11:00:00+03:00'), createdAt: at('2026-11-20T10:00:00+03:00') }),
    task({ id: 't4', dealId: 'd4', text: 'Уточнить меню', dueAt: at('2026-11-26T12:00:00+03:00'), createdAt: at('2026-11-20T10:00:00+03:00') }),
    task({ id: 't5', dealId: 'd5', text: 'Напомнить о счёте', dueAt: at('2026-11-25T10:00:00+03:00'), createdAt: at('2026-11-20T10:00:00+03:00') }),
    task({ id: 't9', dealId: 'd9', responsibleId: 'm2', text: 'Чужая задача', dueAt: at('2026-11-25T10:00:00+03:00'), createdAt: at('2026-11-20T10:00:00+03:00') }),
  ],
  calls: [call({ id: 'c1', direction: 'in', missed: true, dealId: 'd4', phoneKey: 'k4', phoneTail: '4567', durationSec: 0, at: at('2026-11-25T17:40:00+03:00') })],
};

const findings: Finding[] = openAt(parts, norms, NOW);
const snapshotTasks = [...BASE.tasks, ...parts.tasks];
const dealRef = dealRefs(parts.deals);
const content = (hidden: (s: { dealId: string | null; taskId: string | null }) => boolean = () => false) =>
  morningContent({ personId: 'm1', shift: SHIFT, timezone: 'Europe/Moscow', findings, openTasks: snapshotTasks, hidden });

describe('what a manager’s morning digest holds', () => {
  it('their overdue tasks, missed calls, today’s tasks and deals without a next step; nobody else’s, nothing snoozed', () => {
    const digest = content((s) => s.dealId === 'd5');
    expect({
      overdue: digest?.overdue.map((f) => f.taskId),
      missedCalls: digest?.missedCalls.map((f) => f.dealId),
      today: digest?.today.map((t) => t.id),
      withoutTask: digest?.withoutTask.map((f) => f.dealId),
    }).toEqual({ overdue: ['t1'], missedCalls: ['d4'], today: ['t4', 't2'], withoutTask: ['d3'] });
  });

  it('nothing when there is nothing: another manager with nothing open gets null', () => {
    expect(morningContent({ personId: 'sup', shift: SHIFT, timezone: 'Europe/Moscow', findings, openTasks: snapshotTasks, hidden: () => false })).toBeNull();
  });

  it('a night shift’s «today» runs until its end next morning', () => {
    const night = { start: at('2026-11-26T21:00:00+03:00'), end: at('2026-11-27T09:00:00+03:00'), date: SHIFT.date };
    const early = task({ id: 'tn', dealId: 'd2', text: 'Ночной звонок', dueAt: at('2026-11-27T02:00:00+03:00'), createdAt: at('2026-11-20T10:00:00+03:00') });
    const digest = morningContent({ personId: 'm1', shift: night, timezone: 'Europe/Moscow', findings: [], openTasks: [...snapshotTasks, early], hidden: () => false });
    expect(digest?.today.map((t) => t.id)).toEqual(['t4', 't2', 'tn']);
  });
});

describe('how it reads', () => {
  const render = (c: MorningContent, staleSince: number | null = null) =>
    morningMessage(c, { locale: 'ru', timezone: 'Europe/Moscow', form: 'as-typed', at: NOW, date: SHIFT.date, deal: dealRef, staleSince });

  it('short lists under bold headings, deal links, buttons to the most urgent deals', () => {
    const { messages, buttons } = render(content((s) => s.dealId === 'd5')!);
    expect(messages).toEqual([
      [
        '📋 <b>Ваш день, чт 26.11</b>',
        '',
        '<b>Просроченные задачи — 1</b>',
        '• Перезвонить по КП — <a href="https://crm.example/leads/d1">ООО «Ромашка» &lt;опт&gt;</a>, просрочена на 22 ч 30 мин',
        '',
        '<b>Клиентам не перезвонили — 1</b>',
        '• •••45-67, звонил 25.11, 17:40 — <a href="https://crm.example/leads/d4">Кафе «Утро»</a>',
        '',
        '<b>Задачи на сегодня — 2</b>',
        '• 12:00 Уточнить меню — <a href="https://crm.example/leads/d4">Кафе «Утро»</a>',
        '• 15:00 Отправить договор — <a href="https://crm.example/leads/d2">ИП Смирнов</a>',
        '',
        '<b>Сделки без следующего шага — 1</b>',
        '• <a href="https://crm.example/leads/d3">Склад на Лесной</a> — без задачи 1 дн 21 ч',
      ].join('\n'),
    ]);
    expect(buttons).toEqual([
      [{ text: 'ООО «Ромашка» <опт>', url: 'https://crm.example/leads/d1' }],
      [{ text: 'Кафе «Утро»', url: 'https://crm.example/leads/d4' }],
      [{ text: 'ИП Смирнов', url: 'https://crm.example/leads/d2' }],
      [{ text: 'Склад на Лесной', url: 'https://crm.example/leads/d3' }],
    ]);
  });

  it('five lines a list, then «…и ещё N»; five deal buttons, then where the rest are', () => {
    const many = Array.from({ length: 8 }, (_, i) => task({ id: `x${i}`, dealId: `dx${i}`, text: `Звонок ${i}`, dueAt: at('2026-11-26T16:00:00+03:00') + i * 60_000, createdAt: NOW - 1 }));
    const refs = (id: string | null) => (id ? { id, name: `Сделка ${id}`, url: `https://crm.example/leads/${id}` } : null);
    const { messages, buttons } = morningMessage({ overdue: [], missedCalls: [], withoutTask: [], today: many }, { locale: 'ru', timezone: 'Europe/Moscow', form: 'as-typed', at: NOW, date: SHIFT.date, deal: refs, staleSince: null });
    expect(messages[0]).toContain('<b>Задачи на сегодня — 8</b>');
    expect(messages[0]).toContain('…и ещё 3');
    expect(messages[0]).toContain('Кнопки — к первым пяти сделкам; ещё 3 — в /me.');
    expect(buttons).toHaveLength(5);
  });

  it('data too old to trust is said, with its time', () => {
    const { messages } = render(content()!, at('2026-11-25T18:10:00+03:00'));
    expect(messages.at(-1)).toContain('⚠️ Данные CRM на 25.11, 18:10: свежее получить не удалось, что-то могло уже измениться.');
  });

  it('in English for an English reader', () => {
    const { messages } = morningMessage(content((s) => s.dealId === 'd5')!, { locale: 'en', timezone: 'Europe/Moscow', form: 'as-typed', at: NOW, date: SHIFT.date, deal: dealRef, staleSince: null });
    expect(messages[0]).toContain('📋 <b>Your day, Thu 26.11</b>');
    expect(messages[0]).toContain('<b>Overdue tasks — 1</b>');
  });
});
