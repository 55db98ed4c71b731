import type { Snapshot } from '../../src/crm/model';
import { at, BASE, deal, task } from './fixture';

/**
 * The sales department of the bot tests, on Monday 23 November 2026 at 10:00
 * Moscow time: Ипполит and Анна report to Сергей. Ипполит has a call due at
 * 10:30 (it goes overdue while the test watches) and a meeting due on
 * Tuesday; Анна has a task due at 11:00.
 */
export const NOW = '2026-11-23T10:00:00+03:00';

export const BOT_SNAPSHOT: Snapshot = {
  ...BASE,
  deals: [
    deal({ id: 'd1', name: 'ООО «Ромашка» <опт>', price: 480_000, stageId: 's-work', createdAt: at('2026-11-20T10:00:00+03:00'), responsibleId: 'm1' }),
    deal({ id: 'd2', name: 'ИП Смирнов', price: 95_000, stageId: 's-new', createdAt: at('2026-11-22T12:00:00+03:00'), responsibleId: 'm2' }),
    deal({ id: 'd3', name: 'Гарантия по заказу 77', price: 12_000, stageId: 's-new', createdAt: at('2026-11-21T12:00:00+03:00'), responsibleId: 'm1' }),
  ],
  tasks: [
    task({ id: 't1', dealId: 'd1', responsibleId: 'm1', text: 'Перезвонить по КП', dueAt: at('2026-11-23T10:30:00+03:00'), createdAt: at('2026-11-20T10:00:00+03:00') }),
    task({ id: 't2', dealId: 'd2', responsibleId: 'm2', text: 'Отправить счёт', dueAt: at('2026-11-23T11:00:00+03:00'), createdAt: at('2026-11-22T12:00:00+03:00') }),
    task({ id: 't3', dealId: 'd3', responsibleId: 'm1', text: 'Встреча', dueAt: at('2026-11-24T15:00:00+03:00'), createdAt: at('2026-11-21T12:00:00+03:00') }),
  ],
};
