import type { User, UserGroup } from '../model';
import {
  REGIONS_PIPELINE_ID,
  SALES_PIPELINE_ID,
  WARMING_PIPELINE_ID,
  WARRANTY_PIPELINE_ID,
  WHOLESALE_PIPELINE_ID,
} from './pipelines';

/**
 * The people of the demo account, modelled on the seed case: a sales head,
 * a wholesale lead, eight managers, one of whom (Ипполит) takes about three
 * times the deals of anyone else and is the least tidy with his tasks.
 */

/** A user who gets deals, with the habits the generator gives them. */
export interface DemoManager {
  id: string;
  /** Relative share of new deals; a regular manager has 1. */
  dealWeight: number;
  /** The pipelines the manager works, as [pipeline id, relative share]. */
  pipelines: readonly (readonly [string, number])[];
  /** Chance that a task is completed before its deadline. */
  punctuality: number;
  /** Chance that a task on a stalled deal is never completed at all. */
  neglect: number;
}

const SALES_DEPT = '301';
const WHOLESALE_DEPT = '302';

export const DEMO_USER_GROUPS: readonly UserGroup[] = [
  { id: SALES_DEPT, name: 'Отдел продаж', leadUserId: '7001' },
  { id: WHOLESALE_DEPT, name: 'Опт и регионы', leadUserId: '7002' },
];

export const DEMO_USERS: readonly User[] = [
  { id: '7001', name: 'Сергей Генералов', active: true, groupId: SALES_DEPT },
  { id: '7002', name: 'Марина Белова', active: true, groupId: WHOLESALE_DEPT },
  { id: '7003', name: 'Ипполит Кузнецов', active: true, groupId: SALES_DEPT },
  { id: '7004', name: 'Роман Ершов', active: true, groupId: SALES_DEPT },
  { id: '7005', name: 'Анна Смирнова', active: true, groupId: SALES_DEPT },
  { id: '7006', name: 'Дмитрий Орлов', active: true, groupId: SALES_DEPT },
  { id: '7007', name: 'Екатерина Волкова', active: true, groupId: SALES_DEPT },
  { id: '7008', name: 'Павел Соколов', active: true, groupId: WHOLESALE_DEPT },
  { id: '7009', name: 'Ольга Никитина', active: true, groupId: WHOLESALE_DEPT },
  { id: '7010', name: 'Игорь Лебедев', active: true, groupId: WHOLESALE_DEPT },
  // Left the company before the demo history starts: a real account keeps such users.
  { id: '7011', name: 'Алексей Фомин', active: false, groupId: SALES_DEPT },
];

/** Everyone who gets deals; supervisors take only the odd one themselves. */
export const DEMO_MANAGERS: readonly DemoManager[] = [
  manager('7001', 0.05, [[SALES_PIPELINE_ID, 1]], 0.9, 0.01),
  manager('7002', 0.05, [[WHOLESALE_PIPELINE_ID, 1]], 0.9, 0.01),
  manager('7003', 3, [[SALES_PIPELINE_ID, 0.9], [REGIONS_PIPELINE_ID, 0.1]], 0.62, 0.04),
  manager('7004', 1, [[SALES_PIPELINE_ID, 0.8], [WARRANTY_PIPELINE_ID, 0.2]], 0.75, 0.02),
  manager('7005', 1, [[SALES_PIPELINE_ID, 0.6], [WARRANTY_PIPELINE_ID, 0.4]], 0.88, 0.01),
  manager('7006', 1, [[SALES_PIPELINE_ID, 0.9], [REGIONS_PIPELINE_ID, 0.1]], 0.8, 0.015),
  manager('7007', 1, [[WARMING_PIPELINE_ID, 0.8], [SALES_PIPELINE_ID, 0.2]], 0.85, 0.01),
  manager('7008', 1, [[WHOLESALE_PIPELINE_ID, 1]], 0.8, 0.015),
  manager('7009', 1, [[WHOLESALE_PIPELINE_ID, 0.4], [REGIONS_PIPELINE_ID, 0.6]], 0.85, 0.01),
  manager('7010', 1, [[REGIONS_PIPELINE_ID, 0.8], [WHOLESALE_PIPELINE_ID, 0.2]], 0.78, 0.02),
];

/** [manager, share] pairs, ready for Random.weighted. */
export const MANAGER_SHARES: readonly (readonly [DemoManager, number])[] = DEMO_MANAGERS.map((m) => [m, m.dealWeight]);

/** Loss reasons as the account's managers pick them when closing a deal as lost. */
export const LOSS_REASONS: readonly string[] = [
  'Дорого',
  'Купил у конкурента',
  'Не дозвонились',
  'Не актуально',
  'Нет нужной детали в наличии',
  'Долгий срок поставки',
  'Отремонтировал у частного мастера',
  'Дубль заявки',
];

function manager(
  id: string,
  dealWeight: number,
  pipelines: [string, number][],
  punctuality: number,
  neglect: number,
): DemoManager {
  return { id, dealWeight, pipelines, punctuality, neglect };
}
