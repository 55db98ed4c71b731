import { describe, expect, it } from 'vitest';
import { describeFinding } from '../../src/findings/describe';
import { createFormatter } from '../../src/format';
import { translator } from '../../src/i18n';
import { pingMessage, type PingFacts } from '../../src/pings/messages';
import type { TextForm } from '../../src/privacy/policy';

/** How a task is named in each text form: its text, masked text, its type, or a word that says why there is none. */
const facts = (task: string, taskType: string | null): PingFacts => ({
  task,
  taskType,
  dealId: '77',
  dealName: 'Иванов Пётр',
  dealUrl: null,
  amount: null,
  stage: null,
  pipeline: null,
  manager: 'Анна',
});
const firstLine = (f: PingFacts, form: TextForm) =>
  pingMessage({ facts: f, dueAt: 0, lateAt: 60_000 }, 'supervisor', { locale: 'ru', timezone: 'Europe/Moscow', form, managerUnreachable: false }).html.split('\n')[0];

describe('a task in a ping and a finding', () => {
  it.each<[string, PingFacts, TextForm, string]>([
    ['as typed', facts('Перезвонить Ольге', 'Звонок'), 'as-typed', '«Перезвонить Ольге»'],
    ['masked', facts('Перезвонить Ольге', 'Звонок'), 'masked', '«Перезвонить •••»'],
    ['strict, by its type', facts('Перезвонить Ольге', 'Звонок'), 'strict', '«Звонок»'],
    ['strict, no type: hidden, not "untitled"', facts('Перезвонить Ольге', null), 'strict', 'просрочена задача (текст скрыт)'],
    ['no text at all', facts('', null), 'as-typed', 'просрочена задача без текста'],
  ])('%s', (_name, f, form, expected) => {
    expect(firstLine(f, form)).toContain(expected);
  });

  it('reads the same in a finding', () => {
    const tr = translator('ru');
    const fmt = createFormatter(tr, 'Europe/Moscow');
    const finding = (task: string, taskType: string | null) => ({ rule: 'task_overdue' as const, facts: { task, taskType, dueAt: 0, lateMs: 60_000 } });
    expect(describeFinding(finding('Перезвонить Ольге', null), tr, fmt, 'strict')).toMatch(/^Задача \(текст скрыт\) просрочена/);
    expect(describeFinding(finding('', null), tr, fmt, 'as-typed')).toMatch(/^Задача без текста просрочена/);
    expect(describeFinding(finding('Перезвонить Ольге', 'Звонок'), tr, fmt, 'strict')).toMatch(/^Задача «Звонок» просрочена/);
  });
});
