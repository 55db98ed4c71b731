import { PUBLIC_CALENDAR, type WorkCalendar } from '../../src/calendar/work-calendar';
import type { PersonalSchedule } from '../../src/schedules/model';
import type { Call, Deal, Snapshot, StageChange, Task } from '../../src/crm/model';
import { defaultNorms } from '../../src/norms/defaults';
import type { Norms, RuleName } from '../../src/norms/schema';
import { evaluateRules } from '../../src/rules';
import { SnapshotIndex } from '../../src/rules/snapshot-index';
import type { Finding } from '../../src/rules/types';

/**
 * Hand-built snapshots for rule tests: one pipeline with two open stages,
 * a won and a lost stage; a manager and the manager's supervisor.
 * Times are written as ISO strings so every test reads as a timeline.
 */

export const at = (iso: string) => Date.parse(iso);

export const BASE: Snapshot = {
  userGroups: [{ id: 'g1', name: 'Отдел продаж', leadUserId: 'sup' }],
  users: [
    { id: 'm1', name: 'Ипполит', active: true, groupId: 'g1' },
    { id: 'm2', name: 'Анна', active: true, groupId: 'g1' },
    { id: 'sup', name: 'Сергей', active: true, groupId: 'g1' },
  ],
  pipelines: [{ id: 'p1', name: 'Продажи', sort: 1 }],
  stages: [
    { id: 's-new', pipelineId: 'p1', name: 'Целевая сделка', sort: 1, kind: 'open' },
    { id: 's-work', pipelineId: 'p1', name: 'Контакт установлен', sort: 2, kind: 'open' },
    { id: 's-won', pipelineId: 'p1', name: 'Успешно реализовано', sort: 3, kind: 'won' },
    { id: 's-lost', pipelineId: 'p1', name: 'Закрыто и не реализовано', sort: 4, kind: 'lost' },
  ],
  deals: [],
  tasks: [],
  stageChanges: [],
  calls: [],
};

export function deal(fields: Partial<Deal> & { id: string; createdAt: number }): Deal {
  return {
    name: `Сделка ${fields.id}`,
    price: 10_000,
    pipelineId: 'p1',
    stageId: 's-new',
    responsibleId: 'm1',
    updatedAt: fields.createdAt,
    closedAt: null,
    stageEnteredAt: fields.createdAt,
    lossReason: null,
    contactIds: [],
    companyId: null,
    ...fields,
  };
}

export function task(fields: Partial<Task> & { id: string; createdAt: number }): Task {
  return {
    dealId: 'd1',
    responsibleId: 'm1',
    text: 'Позвонить клиенту',
    type: 'call',
    dueAt: null,
    completed: false,
    completedAt: null,
    ...fields,
  };
}

export function move(dealId: string, from: string | null, to: string, time: number): StageChange {
  return { id: `${dealId}-${time}`, dealId, fromStageId: from, toStageId: to, at: time, byUserId: 'm1' };
}

export function call(fields: Partial<Call> & { id: string; at: number }): Call {
  return { direction: 'out', missed: false, userId: 'm1', dealId: 'd1', contactId: null, companyId: null, phoneKey: null, phoneTail: null, durationSec: 60, ...fields };
}

/** Norms with only `rule` enabled, optionally adjusted. */
export function onlyRule(rule: RuleName, adjust: (norms: Norms) => void = () => {}): Norms {
  const norms = defaultNorms('Europe/Moscow');
  for (const name of Object.keys(norms.rules) as RuleName[]) norms.rules[name].enabled = name === rule;
  adjust(norms);
  return norms;
}

/** Findings open at `time` in a snapshot made of BASE plus `parts`, by the production calendar unless another is given, and with people's own schedules when given. */
export function openAt(parts: Partial<Snapshot>, norms: Norms, time: number, calendar: WorkCalendar = PUBLIC_CALENDAR, personal: ReadonlyMap<string, PersonalSchedule> = new Map()): Finding[] {
  return evaluateRules(new SnapshotIndex({ ...BASE, ...parts }), norms, { calendar, personal }, { from: time, at: time });
}
