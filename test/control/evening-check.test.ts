import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../src/calendar/local-date';
import { eveningContent, eveningMessage } from '../../src/control/evening-check';
import type { TextForm } from '../../src/privacy/policy';
import { controlNorms, dealRefs } from './control-fixture';
import { at, call, deal, openAt, task } from '../support/fixture';

/**
 * The evening check's content and words (src/control/evening-check.ts) on
 * Thursday 26 November 2026 at 19:00, Moscow, from the real rules: what was
 * left without a next step today, calls nobody returned, the activity
 * question; in the report chat's text form.
 */

const NOW = at('2026-11-26T19:00:00+03:00');
const DATE = parseIsoDate('2026-11-26')!;
const norms = controlNorms();

const parts = {
  deals: [
    deal({ id: 'd1', name: 'Иванов Пётр, опт +7 916 123-45-67', responsibleId: 'm1', createdAt: at('2026-11-20T10:00:00+03:00') }),
    deal({ id: 'd2', name: 'ИП Смирнов', responsibleId: 'm2', createdAt: at('2026-11-24T10:00:00+03:00') }),
    deal({ id: 'd4', name: 'Кафе «Утро»', responsibleId: 'm1', createdAt: at('2026-11-20T10:00:00+03:00') }),
  ],
  tasks: [
    // Done at 14:20 today with no next task: d1 is left without a next step today.
    task({ id: 't1', dealId: 'd1', text: 'Перезвонить Петру', dueAt: at('2026-11-26T14:00:00+03:00'), completed: true, completedAt: at('2026-11-26T14:20:00+03:00'), createdAt: at('2026-11-20T10:00:00+03:00') }),
    task({ id: 't4', dealId: 'd4', text: 'Уточнить меню', dueAt: at('2026-11-27T12:00:00+03:00'), createdAt: at('2026-11-20T10:00:00+03:00') }),
  ],
  calls: [call({ id: 'c1', direction: 'in', missed: true, dealId: 'd4', phoneKey: 'k4', phoneTail: '4567', durationSec: 0, at: at('2026-11-26T17:40:00+03:00') })],
};
const findings = openAt(parts, norms, NOW);
const names: Record<string, string> = { m1: 'Ипполит', m2: 'Анна' };
const managerName = (id: string | null) => (id ? (names[id] ?? '?') : 'без ответственного');
const dealRef = dealRefs(parts.deals);
const QUESTION = { personId: 'm1', today: 6, usual: 14, weekday: 4 };
const content = (questions = [QUESTION], hidden: (s: { dealId: string | null }) => boolean = () => false) =>
  eveningContent({ date: DATE, timezone: 'Europe/Moscow', findings, hidden, questions, managerName });
const render = (form: TextForm) =>
  eveningMessage(content()!, { locale: 'ru', timezone: 'Europe/Moscow', form, date: DATE, at: NOW, deal: dealRef, managerName, staleSince: null });

describe('what the evening check holds', () => {
  it('deals left without a next step today (older ones counted), calls not returned, the activity questions', () => {
    const check = content();
    expect({
      today: check?.withoutTaskToday.map((f) => f.dealId),
      earlier: check?.withoutTaskEarlier,
      calls: check?.missedCalls.map((f) => f.dealId),
      questions: check?.questions.length,
    }).toEqual({ today: ['d1'], earlier: 1, calls: ['d4'], questions: 1 });
  });

  it('nothing when there is nothing new: older deals without a task alone do not make a message', () => {
    expect(content([], (s) => s.dealId === 'd1' || s.dealId === 'd4')).toBeNull();
  });
});

describe('how it reads in the report chat', () => {
  it('strict: deals by number, the question asked as a question', () => {
    const { messages, buttons } = render('strict');
    expect(messages).toEqual([
      [
        '🌆 <b>Вечерняя проверка, чт 26.11</b>',
        '',
        '<b>Сегодня остались без следующего шага — 1</b>',
        '• Ипполит: <a href="https://crm.example/leads/d1">Сделка №d1</a> — без задачи с 14:20',
        '',
        'Без следующего шага с прошлых дней ещё 1 — они в утренних сводках менеджеров и в /findings.',
        '',
        '<b>Клиентам не перезвонили — 1</b>',
        '• Ипполит: •••45-67, звонил 26.11, 17:40 — <a href="https://crm.example/leads/d4">Сделка №d4</a>',
        '',
        'Ипполит: сегодня закрыто 6 задач — обычно по четвергам к 19:00 около 14. Всё в порядке?',
      ].join('\n'),
    ]);
    expect(buttons).toEqual([[{ text: 'Сделка №d1', url: 'https://crm.example/leads/d1' }], [{ text: 'Сделка №d4', url: 'https://crm.example/leads/d4' }]]);
  });

  it('masked: names with the customer’s name and phone masked', () => {
    const { messages, buttons } = render('masked');
    expect(messages[0]).toContain('>••• •••, опт •••</a> — без задачи с 14:20');
    expect(messages[0]).not.toContain('123-45-67');
    expect(messages[0]).not.toContain('Пётр');
    expect(buttons[0]?.[0]?.text).not.toContain('Пётр');
  });

  it.each([
    [1, 'сегодня закрыта 1 задача'],
    [3, 'сегодня закрыто 3 задачи'],
    [0, 'сегодня закрыто 0 задач'],
    [21, 'сегодня закрыта 21 задача'],
  ])('%d closed reads «%s»', (today, words) => {
    const { messages } = eveningMessage(content([{ ...QUESTION, today, usual: 50 }])!, { locale: 'ru', timezone: 'Europe/Moscow', form: 'strict', date: DATE, at: NOW, deal: dealRef, managerName, staleSince: null });
    expect(messages[0]).toContain(`Ипполит: ${words} — обычно по четвергам к 19:00 около 50.`);
  });

  it('a usual of 13.5 reads «около 14»', () => {
    const { messages } = eveningMessage(content([{ ...QUESTION, usual: 13.5 }])!, { locale: 'ru', timezone: 'Europe/Moscow', form: 'strict', date: DATE, at: NOW, deal: dealRef, managerName, staleSince: null });
    expect(messages[0]).toContain('около 14. Всё в порядке?');
  });

  it('in English', () => {
    const { messages } = eveningMessage(content()!, { locale: 'en', timezone: 'Europe/Moscow', form: 'strict', date: DATE, at: NOW, deal: dealRef, managerName, staleSince: null });
    expect(messages[0]).toContain('Ипполит: 6 tasks closed today — on Thursdays by 19:00 usually about 14. Is everything all right?');
  });
});
