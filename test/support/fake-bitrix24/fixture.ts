import type { BitrixFixture } from './server';

/**
 * A small Bitrix24 portal, hand-built, on Monday 23 November 2026 at 10:00
 * Moscow time (07:00 UTC), values as classic methods send them: ids and
 * numbers as strings, `Y`/`N`, ISO dates with the portal's +03:00 offset.
 * Two pipelines (the default 0 and «Опт», 3) with a second failure stage
 * named by its reason («Дорого»), two departments with heads, a dismissed
 * user, four deals (their main contact and company, or none written each
 * way the portal writes none) with stage history, CRM tasks (one on a
 * contact, one without a deadline) and one that is not a CRM task,
 * activities, and telephony statistics: a missed call, and the outgoing
 * call behind the call activity 901.
 */
export const BITRIX_NOW = '2026-11-23T07:00:00Z';
const T = Date.parse(BITRIX_NOW);
const H = 3_600_000;
const D = 24 * H;

/** `2026-11-20T10:00:00+03:00`: how the portal writes a moment. */
export function b24Date(ms: number): string {
  return new Date(ms + 3 * H).toISOString().replace(/\.\d{3}Z$/, '+03:00');
}

const stage = (entity: string, id: string, name: string, sort: number, semantics: 'process' | 'success' | 'failure') => ({
  ID: String(sort),
  ENTITY_ID: entity,
  STATUS_ID: id,
  NAME: name,
  NAME_INIT: '',
  SORT: String(sort),
  SYSTEM: 'N',
  CATEGORY_ID: entity === 'DEAL_STAGE' ? '0' : entity.slice('DEAL_STAGE_'.length),
  COLOR: '#39A8EF',
  SEMANTICS: semantics === 'success' ? 'S' : semantics === 'failure' ? 'F' : null,
  EXTRA: { SEMANTICS: semantics, COLOR: '#39A8EF' },
});

/** A deal's main contact and company as the portal writes none: null, `0` or empty, each seen. */
type Binding = string | null;

const deal = (id: string, fields: { title: string; category: string; stage: string; amount: string; assigned: string; created: number; modified: number; moved: number; contact: Binding; company: Binding }) => ({
  ID: id,
  TITLE: fields.title,
  TYPE_ID: 'SALE',
  CATEGORY_ID: fields.category,
  STAGE_ID: fields.stage,
  STAGE_SEMANTIC_ID: fields.stage.endsWith('WON') ? 'S' : fields.stage.endsWith('LOSE') || fields.stage === 'APOLOGY' ? 'F' : 'P',
  OPPORTUNITY: fields.amount,
  CURRENCY_ID: 'RUB',
  ASSIGNED_BY_ID: fields.assigned,
  CREATED_BY_ID: '1',
  DATE_CREATE: b24Date(fields.created),
  DATE_MODIFY: b24Date(fields.modified),
  MOVED_TIME: b24Date(fields.moved),
  BEGINDATE: b24Date(fields.created),
  CLOSEDATE: b24Date(fields.created + 14 * D),
  CLOSED: fields.stage.endsWith('WON') || fields.stage.endsWith('LOSE') || fields.stage === 'APOLOGY' ? 'Y' : 'N',
  OPENED: 'Y',
  CONTACT_ID: fields.contact,
  COMPANY_ID: fields.company,
  UF_CRM_LOSS_REASON: null as string | null,
});

const history = (id: number, type: number, owner: number, at: number, category: number, stageId: string) => ({
  ID: id,
  TYPE_ID: type,
  OWNER_ID: owner,
  CREATED_TIME: new Date(at).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
  CATEGORY_ID: category,
  STAGE_SEMANTIC_ID: stageId.endsWith('LOSE') || stageId === 'APOLOGY' ? 'F' : 'P',
  STAGE_ID: stageId,
});

const task = (id: string, fields: { title: string; responsible: string; deadline: number | null; status: string; closed?: number; created: number; changed: number; crm: string[] }) => ({
  id,
  title: fields.title,
  description: '',
  responsibleId: fields.responsible,
  createdBy: '1',
  createdDate: b24Date(fields.created),
  changedDate: b24Date(fields.changed),
  closedDate: fields.closed === undefined ? null : b24Date(fields.closed),
  deadline: fields.deadline === null ? null : b24Date(fields.deadline),
  status: fields.status,
  subStatus: fields.status,
  groupId: '0',
  priority: '1',
  ufCrmTask: fields.crm.length > 0 ? fields.crm : false,
  responsible: { id: fields.responsible, name: 'Сотрудник' },
});

export function bitrixFixture(): BitrixFixture {
  return {
    users: [
      { ID: '10', ACTIVE: true, NAME: 'Сергей', LAST_NAME: 'Руководов', EMAIL: 'sergey@example.ru', UF_DEPARTMENT: [1], USER_TYPE: 'employee' },
      { ID: '11', ACTIVE: true, NAME: 'Ипполит', LAST_NAME: '', EMAIL: 'ippolit@example.ru', UF_DEPARTMENT: [1], USER_TYPE: 'employee' },
      { ID: '12', ACTIVE: true, NAME: 'Анна', LAST_NAME: 'Регионова', EMAIL: 'anna@example.ru', UF_DEPARTMENT: [5], USER_TYPE: 'employee' },
      { ID: '13', ACTIVE: false, NAME: 'Уволенный', LAST_NAME: '', EMAIL: 'gone@example.ru', UF_DEPARTMENT: [1], USER_TYPE: 'employee' },
    ],
    departments: [
      { ID: '1', NAME: 'Отдел продаж', SORT: '500', PARENT: null, UF_HEAD: '10' },
      { ID: '5', NAME: 'Регионы', SORT: '500', PARENT: '1', UF_HEAD: '12' },
    ],
    categories: [
      { id: 0, name: 'Общая', sort: 100, entityTypeId: 2, isDefault: 'Y', originId: '', originatorId: '' },
      { id: 3, name: 'Опт', sort: 200, entityTypeId: 2, isDefault: 'N', originId: '', originatorId: '' },
    ],
    statuses: [
      stage('DEAL_STAGE', 'NEW', 'Целевая сделка', 10, 'process'),
      stage('DEAL_STAGE', 'PREPARATION', 'Контакт установлен', 20, 'process'),
      stage('DEAL_STAGE', 'WON', 'Успешно реализовано', 60, 'success'),
      stage('DEAL_STAGE', 'LOSE', 'Закрыто и не реализовано', 70, 'failure'),
      stage('DEAL_STAGE', 'APOLOGY', 'Дорого', 80, 'failure'),
      stage('DEAL_STAGE_3', 'C3:NEW', 'Счёт выставлен', 110, 'process'),
      stage('DEAL_STAGE_3', 'C3:WON', 'Успешно реализовано', 160, 'success'),
      stage('DEAL_STAGE_3', 'C3:LOSE', 'Закрыто и не реализовано', 170, 'failure'),
    ],
    deals: [
      deal('101', { title: 'Ромашка', category: '0', stage: 'PREPARATION', amount: '120000.00', assigned: '11', created: T - 3 * D, modified: T - H, moved: T - 2 * D, contact: '7', company: '3' }),
      deal('102', { title: 'Опт-1', category: '3', stage: 'C3:NEW', amount: '500000.00', assigned: '12', created: T - 10 * D, modified: T - D, moved: T - 10 * D, contact: null, company: '5' }),
      deal('103', { title: 'Отказ без причины', category: '0', stage: 'LOSE', amount: '40000.00', assigned: '11', created: T - 9 * D, modified: T - D, moved: T - D, contact: '0', company: '0' }),
      deal('104', { title: 'Отказ: дорого', category: '0', stage: 'APOLOGY', amount: '60000.00', assigned: '12', created: T - 12 * D, modified: T - 2 * D, moved: T - 2 * D, contact: '9', company: '' }),
    ],
    stageHistory: [
      history(1, 1, 101, T - 3 * D, 0, 'NEW'),
      history(2, 2, 101, T - 2 * D, 0, 'PREPARATION'),
      history(3, 1, 102, T - 10 * D, 3, 'C3:NEW'),
      history(4, 1, 103, T - 9 * D, 0, 'NEW'),
      history(5, 2, 103, T - 5 * D, 0, 'PREPARATION'),
      history(6, 3, 103, T - D, 0, 'LOSE'),
      history(7, 1, 104, T - 12 * D, 0, 'NEW'),
      history(8, 3, 104, T - 2 * D, 0, 'APOLOGY'),
    ],
    tasks: [
      task('701', { title: 'Перезвонить', responsible: '11', deadline: T - 2 * H, status: '2', created: T - 3 * D, changed: T - 3 * D, crm: ['D_101'] }),
      task('702', { title: 'Выставить счёт', responsible: '12', deadline: T + D, status: '3', created: T - 2 * D, changed: T - 2 * D, crm: ['C_7', 'D_102'] }),
      task('703', { title: 'Первый звонок', responsible: '11', deadline: T - D, status: '5', closed: T - 20 * H, created: T - 3 * D, changed: T - 20 * H, crm: ['D_101'] }),
      task('704', { title: 'Поздравить', responsible: '11', deadline: T - H, status: '2', created: T - D, changed: T - D, crm: ['C_9'] }),
      task('705', { title: 'Отчёт за месяц', responsible: '11', deadline: T - 5 * H, status: '2', created: T - D, changed: T - D, crm: [] }),
      task('706', { title: 'Согласовать доставку', responsible: '12', deadline: null, status: '2', created: T - 2 * D, changed: T - 2 * D, crm: ['D_102'] }),
    ],
    activities: [
      {
        ID: '901', OWNER_TYPE_ID: '2', OWNER_ID: '101', TYPE_ID: '2', PROVIDER_ID: 'VOXIMPLANT_CALL', SUBJECT: 'Исходящий звонок',
        CREATED: b24Date(T - 2 * D), START_TIME: b24Date(T - 2 * D), END_TIME: b24Date(T - 2 * D + 120_000), DEADLINE: b24Date(T - 2 * D),
        COMPLETED: 'Y', STATUS: '2', RESPONSIBLE_ID: '11', DIRECTION: '2', LAST_UPDATED: b24Date(T - 2 * D + 120_000),
        COMMUNICATIONS: [{ ID: '31', TYPE: 'PHONE', VALUE: '+79990000002', ENTITY_ID: '7', ENTITY_TYPE_ID: '3' }],
      },
      {
        ID: '902', OWNER_TYPE_ID: '2', OWNER_ID: '102', TYPE_ID: '6', PROVIDER_ID: 'CRM_TODO', SUBJECT: 'Отправить КП',
        CREATED: b24Date(T - D), START_TIME: b24Date(T + 2 * D), END_TIME: b24Date(T + 2 * D), DEADLINE: b24Date(T + 2 * D),
        COMPLETED: 'N', STATUS: '1', RESPONSIBLE_ID: '12', DIRECTION: '0', LAST_UPDATED: b24Date(T - D),
      },
      {
        ID: '903', OWNER_TYPE_ID: '2', OWNER_ID: '102', TYPE_ID: '4', PROVIDER_ID: 'CRM_EMAIL', SUBJECT: 'Re: счёт',
        CREATED: b24Date(T - D), START_TIME: b24Date(T - D), END_TIME: b24Date(T - D), DEADLINE: b24Date(T - D),
        COMPLETED: 'N', STATUS: '1', RESPONSIBLE_ID: '12', DIRECTION: '1', LAST_UPDATED: b24Date(T - D),
      },
    ],
    calls: [
      { ID: '5001', CALL_ID: 'ext-1', PORTAL_USER_ID: '12', PORTAL_NUMBER: 'reg1', PHONE_NUMBER: '+79990000001', CALL_TYPE: '2', CALL_DURATION: '0', CALL_START_DATE: b24Date(T - D), CALL_FAILED_CODE: '304', CALL_FAILED_REASON: 'Missed call', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: '102', CRM_ACTIVITY_ID: null, COST: '0.0000' },
      { ID: '5002', CALL_ID: 'ext-2', PORTAL_USER_ID: '11', PORTAL_NUMBER: 'reg1', PHONE_NUMBER: '+79990000002', CALL_TYPE: '1', CALL_DURATION: '95', CALL_START_DATE: b24Date(T - 2 * D), CALL_FAILED_CODE: '200', CALL_FAILED_REASON: 'Success call', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: '101', CRM_ACTIVITY_ID: '901', COST: '1.2000' },
    ],
    userFields: [
      { ID: '301', ENTITY_ID: 'CRM_DEAL', FIELD_NAME: 'UF_CRM_LOSS_REASON', USER_TYPE_ID: 'enumeration', LIST: [{ ID: '41', VALUE: 'Дорого' }, { ID: '42', VALUE: 'Выбрали конкурента' }] },
    ],
  };
}
