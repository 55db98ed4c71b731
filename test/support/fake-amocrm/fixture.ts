import type { AmoFixture } from './server';

/**
 * A small amoCRM account, hand-built, on Monday 23 November 2026 at 10:00
 * Moscow time (07:00 UTC); times as amoCRM gives them, in unix seconds.
 * Two pipelines (the won 142 and lost 143 statuses in each), three users,
 * four leads (two with contacts, one with a company), tasks on leads and on
 * a contact, status-change events and call notes on leads — with the quirks:
 * string event ids, task `result` as [] or an object. A lead's contacts sit
 * in `_embedded.contacts`, which the fake serves only `with=contacts`.
 */
export const AMO_NOW = '2026-11-23T07:00:00Z';
const T = Date.parse(AMO_NOW) / 1000;
const H = 3600;
const D = 24 * H;

const statuses = (pipeline: number, own: [number, string, number][]) => [
  ...own.map(([id, name, sort]) => ({ id, name, sort, is_editable: true, pipeline_id: pipeline, color: '#99ccff', type: id === 10 ? 1 : 0, account_id: 100 })),
  { id: 142, name: 'Успешно реализовано', sort: 10000, is_editable: false, pipeline_id: pipeline, color: '#CCFF66', type: 0, account_id: 100 },
  { id: 143, name: 'Закрыто и не реализовано', sort: 11000, is_editable: false, pipeline_id: pipeline, color: '#D5D8DB', type: 0, account_id: 100 },
];

const lead = (fields: Record<string, unknown>) => ({
  price: 0,
  group_id: 0,
  loss_reason_id: null,
  created_by: 11,
  updated_by: 11,
  closed_at: null,
  closest_task_at: null,
  is_deleted: false,
  custom_fields_values: null,
  score: null,
  account_id: 100,
  labor_cost: null,
  _embedded: { tags: [], companies: [] },
  ...fields,
  _links: { self: { href: `https://example.amocrm.ru/api/v4/leads/${String(fields.id)}` } },
});

const task = (fields: Record<string, unknown>) => ({
  created_by: 11,
  updated_by: 11,
  group_id: 0,
  duration: 0,
  account_id: 100,
  result: [],
  ...fields,
});

export function amoFixture(): AmoFixture {
  return {
    account: { id: 100, name: 'ООО «Пример»', subdomain: 'example', is_loss_reason_enabled: true, is_api_filter_enabled: false },
    usersGroups: [
      { id: 0, name: 'Отдел продаж' },
      { id: 5, name: 'Регионы' },
    ],
    taskTypes: [
      { id: 1, name: 'Звонок' },
      { id: 2, name: 'Встреча' },
      { id: 7, name: 'Письмо' },
    ],
    users: [
      { id: 11, name: 'Ипполит', email: 'ip@example.ru', lang: 'ru', rights: { is_admin: false, is_free: false, is_active: true, group_id: 0, role_id: null } },
      { id: 12, name: 'Анна', email: 'anna@example.ru', lang: 'ru', rights: { is_admin: true, is_free: false, is_active: true, group_id: 5, role_id: null } },
      { id: 13, name: 'Уволенный', email: 'old@example.ru', lang: 'ru', rights: { is_admin: false, is_free: false, is_active: false, group_id: null, role_id: null } },
    ],
    pipelines: [
      { id: 3001, name: 'Продажи', sort: 1, is_main: true, is_unsorted_on: true, is_archive: false, account_id: 100, _embedded: { statuses: statuses(3001, [[10, 'Неразобранное', 10], [20, 'Целевая сделка', 20], [21, 'Контакт установлен', 30]]) } },
      { id: 3002, name: 'Опт', sort: 2, is_main: false, is_unsorted_on: false, is_archive: false, account_id: 100, _embedded: { statuses: statuses(3002, [[30, 'Счёт выставлен', 10]]) } },
    ],
    lossReasons: [{ id: 900, name: 'Дорого', sort: 1, created_at: T - 100 * D, updated_at: T - 100 * D }],
    leads: [
      // The main contact is not listed first: amoCRM's order is not the main-first order the model keeps.
      lead({ id: 501, name: 'Ромашка', price: 120_000, responsible_user_id: 11, status_id: 21, pipeline_id: 3001, created_at: T - 3 * D, updated_at: T - H, _embedded: { tags: [], companies: [], contacts: [{ id: 78, is_main: false }, { id: 77, is_main: true }] } }),
      lead({ id: 502, name: 'Опт-1', price: 500_000, responsible_user_id: 12, status_id: 30, pipeline_id: 3002, created_at: T - 10 * D, updated_at: T - D, _embedded: { tags: [], companies: [{ id: 4001 }], contacts: [{ id: 79, is_main: true }] } }),
      lead({ id: 503, name: 'Отказ без причины', price: 40_000, responsible_user_id: 11, status_id: 143, pipeline_id: 3001, created_at: T - 9 * D, updated_at: T - D, closed_at: T - D }),
      lead({ id: 504, name: 'Отказ: дорого', price: 60_000, responsible_user_id: 12, status_id: 143, pipeline_id: 3001, loss_reason_id: 900, created_at: T - 12 * D, updated_at: T - 2 * D, closed_at: T - 2 * D }),
    ],
    tasks: [
      task({ id: 701, entity_id: 501, entity_type: 'leads', responsible_user_id: 11, text: 'Перезвонить', task_type_id: 1, complete_till: T - 2 * H, is_completed: false, created_at: T - 3 * D, updated_at: T - 3 * D }),
      task({ id: 702, entity_id: 502, entity_type: 'leads', responsible_user_id: 12, text: 'Выставить счёт', task_type_id: 7, complete_till: T + D, is_completed: false, created_at: T - 2 * D, updated_at: T - 2 * D }),
      task({ id: 703, entity_id: 501, entity_type: 'leads', responsible_user_id: 11, text: 'Первый звонок', task_type_id: 1, complete_till: T - D, is_completed: true, created_at: T - 3 * D, updated_at: T - 20 * H, result: { text: 'Созвонились' } }),
      task({ id: 704, entity_id: 77, entity_type: 'contacts', responsible_user_id: 11, text: 'Поздравить', task_type_id: 2, complete_till: T - H, is_completed: false, created_at: T - D, updated_at: T - D }),
    ],
    events: [
      { id: '01pz58t6p04ymgsgfbmfyfy1mf', type: 'lead_status_changed', entity_id: 501, entity_type: 'lead', created_by: 11, created_at: T - 2 * D, value_before: [{ lead_status: { id: 20, pipeline_id: 3001 } }], value_after: [{ lead_status: { id: 21, pipeline_id: 3001 } }], account_id: 100 },
      { id: '01pz58t6p04ymgsgfbmfyfy2ab', type: 'lead_added', entity_id: 501, entity_type: 'lead', created_by: 11, created_at: T - 3 * D, value_before: [], value_after: [{ note: { id: 1 } }], account_id: 100 },
      { id: '01pz58t6p04ymgsgfbmfyfy3cd', type: 'lead_status_changed', entity_id: 503, entity_type: 'lead', created_by: 11, created_at: T - D, value_before: [{ lead_status: { id: 21, pipeline_id: 3001 } }], value_after: [{ lead_status: { id: 143, pipeline_id: 3001 } }], account_id: 100 },
    ],
    notes: [
      { id: 801, entity_id: 501, note_type: 'call_out', created_by: 11, responsible_user_id: 11, created_at: T - 2 * D, updated_at: T - 2 * D, params: { uniq: 'a1', duration: 120, source: 'tel', link: '', phone: '+79990000001', call_status: 4 } },
      { id: 802, entity_id: 502, note_type: 'call_in', created_by: 12, responsible_user_id: 12, created_at: T - D, updated_at: T - D, params: { uniq: 'a2', duration: 0, source: 'tel', link: '', phone: '+79990000002', call_status: 6 } },
      { id: 803, entity_id: 502, note_type: 'common', created_by: 12, created_at: T - D, updated_at: T - D, params: { text: 'просто заметка' } },
    ],
  };
}
