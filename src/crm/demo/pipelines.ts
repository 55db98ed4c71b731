import type { Pipeline, Stage } from '../model';

/** Task types as the demo account's amoCRM has them configured. */
export type TaskType = 'Позвонить' | 'Написать' | 'Встреча' | 'Отправить КП' | 'Проверить оплату';

/** A task a manager (or an amoCRM trigger) sets on a deal in some stage. */
export interface TaskTemplate {
  type: TaskType;
  text: string;
}

/** What deals in a pipeline look like: which names and prices the catalog gives them. */
export type DealKind = 'retail' | 'warming' | 'wholesale' | 'warranty' | 'regions';

/** An open stage with the habits of the deals that pass through it. */
export interface DemoStage {
  id: string;
  name: string;
  /** Typical hours from setting a task here to its deadline. */
  dueHours: number;
  /** Chance that a completed task is followed by a move on rather than another task here. */
  advance: number;
  /** Relative chance that a deal which is lost is lost here. */
  lose: number;
  /** Relative chance that a deal which stalls stalls here. */
  stall: number;
  /** Chance that a deal heading for a win skips this stage. */
  skip: number;
  tasks: readonly TaskTemplate[];
}

/** How the deals of a pipeline end, as relative weights. */
export interface Outcomes {
  won: number;
  lost: number;
  stall: number;
}

export interface DemoPipeline {
  id: string;
  name: string;
  sort: number;
  dealKind: DealKind;
  outcomes: Outcomes;
  /** Open stages in funnel order. */
  stages: readonly DemoStage[];
  wonStageId: string;
  lostStageId: string;
}

type Habits = Pick<DemoStage, 'dueHours' | 'advance' | 'lose' | 'stall' | 'skip'>;

function stage(id: string, name: string, habits: Habits, tasks: [TaskType, string][]): DemoStage {
  return { id, name, ...habits, tasks: tasks.map(([type, text]) => ({ type, text })) };
}

function pipeline(
  id: string,
  name: string,
  no: number,
  dealKind: DealKind,
  outcomes: Outcomes,
  stages: DemoStage[],
): DemoPipeline {
  // amoCRM numbers won/lost 142/143; here they are made unique per pipeline.
  return { id, name, sort: no * 10, dealKind, outcomes, stages, wonStageId: `6${no}142`, lostStageId: `6${no}143` };
}

export const WON_STAGE_NAME = 'Успешно реализовано';
export const LOST_STAGE_NAME = 'Закрыто и не реализовано';

export const SALES_PIPELINE_ID = '5001';
export const WARMING_PIPELINE_ID = '5002';
export const WHOLESALE_PIPELINE_ID = '5003';
export const WARRANTY_PIPELINE_ID = '5004';
export const REGIONS_PIPELINE_ID = '5005';

/** The demo account's pipelines; the sales one follows the seed case stage by stage. */
export const DEMO_PIPELINES: readonly DemoPipeline[] = [
  pipeline(SALES_PIPELINE_ID, 'Продажи', 1, 'retail', { won: 40, lost: 19, stall: 41 }, [
    stage('61001', 'Целевая сделка', { dueHours: 2, advance: 0.85, lose: 2, stall: 0.8, skip: 0 }, [
      ['Позвонить', 'Перезвонить клиенту, уточнить марку авто'],
      ['Написать', 'Написать клиенту на Авито, запросить номер телефона'],
    ]),
    stage('61002', 'Контакт установлен', { dueHours: 6, advance: 0.7, lose: 2, stall: 0.8, skip: 0 }, [
      ['Позвонить', 'Выяснить, что нужно: пневмобаллон, компрессор или ремонт стойки'],
      ['Отправить КП', 'Отправить КП с вариантами и ценами'],
      ['Написать', 'Прислать клиенту фото детали и сроки в WhatsApp'],
    ]),
    stage('61003', 'Квалификация проведена', { dueHours: 12, advance: 0.65, lose: 2, stall: 1.2, skip: 0 }, [
      ['Встреча', 'Записать клиента на диагностику в сервис'],
      ['Позвонить', 'Обсудить КП, отработать возражения по цене'],
      ['Отправить КП', 'Выставить счёт на предоплату'],
    ]),
    stage('61004', 'База ожидания', { dueHours: 48, advance: 0.45, lose: 2, stall: 4, skip: 0.65 }, [
      ['Позвонить', 'Напомнить о себе: готов ли клиент к покупке'],
      ['Позвонить', 'Сообщить, что деталь пришла на склад'],
      ['Написать', 'Уточнить, когда клиент будет готов к ремонту'],
    ]),
    stage('61005', 'Готов к выдаче', { dueHours: 24, advance: 0.6, lose: 0.5, stall: 3, skip: 0 }, [
      ['Проверить оплату', 'Проверить оплату и согласовать выдачу'],
      ['Позвонить', 'Сообщить клиенту, что товар готов к выдаче'],
      ['Встреча', 'Выдача и установка в сервисе'],
    ]),
  ]),
  pipeline(WARMING_PIPELINE_ID, 'Прогрев', 2, 'warming', { won: 22, lost: 28, stall: 50 }, [
    stage('62001', 'Новая на прогреве', { dueHours: 24, advance: 0.8, lose: 2, stall: 1, skip: 0 }, [
      ['Позвонить', 'Выяснить, почему клиент не купил в основной воронке'],
    ]),
    stage('62002', 'Выявление потребности', { dueHours: 24, advance: 0.7, lose: 2, stall: 1, skip: 0 }, [
      ['Позвонить', 'Уточнить потребность и бюджет'],
      ['Написать', 'Отправить отзывы клиентов с такой же машиной'],
    ]),
    stage('62003', 'Прогреваем', { dueHours: 72, advance: 0.5, lose: 1, stall: 3, skip: 0 }, [
      ['Написать', 'Отправить подборку: как продлить жизнь пневмоподвески'],
      ['Позвонить', 'Предложить скидку на диагностику'],
    ]),
    stage('62004', 'Готов вернуться в продажи', { dueHours: 12, advance: 0.8, lose: 0.5, stall: 1, skip: 0 }, [
      ['Позвонить', 'Согласовать покупку и передать в продажи'],
    ]),
  ]),
  pipeline(WHOLESALE_PIPELINE_ID, 'Опт', 3, 'wholesale', { won: 38, lost: 20, stall: 42 }, [
    stage('63001', 'Новая заявка от СТО', { dueHours: 2, advance: 0.85, lose: 2, stall: 1, skip: 0 }, [
      ['Позвонить', 'Связаться с закупщиком, уточнить объём'],
    ]),
    stage('63002', 'Отправлен прайс', { dueHours: 24, advance: 0.65, lose: 2, stall: 1.5, skip: 0 }, [
      ['Отправить КП', 'Отправить оптовый прайс и условия отсрочки'],
      ['Позвонить', 'Получить обратную связь по прайсу'],
    ]),
    stage('63003', 'Согласование условий', { dueHours: 48, advance: 0.55, lose: 2, stall: 2, skip: 0 }, [
      ['Встреча', 'Встреча с закупщиком СТО'],
      ['Написать', 'Согласовать спецификацию и сроки поставки'],
    ]),
    stage('63004', 'Счёт выставлен', { dueHours: 48, advance: 0.6, lose: 1, stall: 2, skip: 0 }, [
      ['Проверить оплату', 'Проверить оплату по счёту'],
      ['Позвонить', 'Напомнить бухгалтерии клиента об оплате'],
    ]),
    stage('63005', 'Готов к отгрузке', { dueHours: 24, advance: 0.7, lose: 0.3, stall: 1.5, skip: 0 }, [
      ['Написать', 'Согласовать отгрузку и транспортную компанию'],
    ]),
  ]),
  pipeline(WARRANTY_PIPELINE_ID, 'Гарантия', 4, 'warranty', { won: 62, lost: 10, stall: 28 }, [
    stage('64001', 'Обращение по гарантии', { dueHours: 2, advance: 0.85, lose: 2, stall: 1, skip: 0 }, [
      ['Позвонить', 'Связаться с клиентом, запросить гарантийный талон'],
    ]),
    stage('64002', 'Диагностика', { dueHours: 24, advance: 0.65, lose: 1, stall: 2, skip: 0 }, [
      ['Встреча', 'Принять деталь на диагностику'],
      ['Позвонить', 'Сообщить клиенту результат диагностики'],
    ]),
    stage('64003', 'Замена по гарантии', { dueHours: 48, advance: 0.6, lose: 0.5, stall: 2, skip: 0 }, [
      ['Написать', 'Заказать замену детали у производства'],
    ]),
    stage('64004', 'Готов к выдаче', { dueHours: 24, advance: 0.7, lose: 0.2, stall: 2, skip: 0 }, [
      ['Позвонить', 'Пригласить клиента забрать деталь'],
    ]),
  ]),
  pipeline(REGIONS_PIPELINE_ID, 'Регионы', 5, 'regions', { won: 42, lost: 20, stall: 38 }, [
    stage('65001', 'Целевая сделка', { dueHours: 2, advance: 0.85, lose: 3, stall: 1, skip: 0 }, [
      ['Позвонить', 'Перезвонить клиенту из региона, уточнить город доставки'],
    ]),
    stage('65002', 'Контакт установлен', { dueHours: 6, advance: 0.7, lose: 2, stall: 1, skip: 0 }, [
      ['Отправить КП', 'Отправить КП с доставкой до города клиента'],
      ['Написать', 'Прислать фото детали и видео проверки'],
    ]),
    stage('65003', 'Ожидание оплаты', { dueHours: 48, advance: 0.55, lose: 2, stall: 2.5, skip: 0 }, [
      ['Проверить оплату', 'Проверить поступление предоплаты'],
      ['Позвонить', 'Напомнить клиенту об оплате'],
    ]),
    stage('65004', 'Отправка ТК', { dueHours: 24, advance: 0.7, lose: 0.3, stall: 1, skip: 0 }, [
      ['Написать', 'Отправить клиенту трек-номер СДЭК'],
    ]),
  ]),
];

const PIPELINE_BY_ID = new Map(DEMO_PIPELINES.map((p) => [p.id, p]));

/** The demo pipeline with that id; the account's own data never asks for one it lacks. */
export function demoPipeline(id: string): DemoPipeline {
  const found = PIPELINE_BY_ID.get(id);
  if (!found) throw new Error(`Unknown demo pipeline ${id}`);
  return found;
}

/** The pipelines as the neutral model lists them. */
export function pipelineRows(): Pipeline[] {
  return DEMO_PIPELINES.map(({ id, name, sort }) => ({ id, name, sort }));
}

/** Every stage of every pipeline as the neutral model lists them, won and lost last. */
export function stageRows(): Stage[] {
  return DEMO_PIPELINES.flatMap((p) => [
    ...p.stages.map((s, i): Stage => ({ id: s.id, pipelineId: p.id, name: s.name, sort: (i + 1) * 10, kind: 'open' })),
    { id: p.wonStageId, pipelineId: p.id, name: WON_STAGE_NAME, sort: 10000, kind: 'won' },
    { id: p.lostStageId, pipelineId: p.id, name: LOST_STAGE_NAME, sort: 11000, kind: 'lost' },
  ]);
}
