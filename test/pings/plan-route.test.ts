import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/crm/model';
import { DEFAULT_LADDER } from '../../src/norms/ladder';
import { planPings, pingKey } from '../../src/pings/plan';
import { routePing, type RoutingPolicy } from '../../src/pings/route';
import type { Finding } from '../../src/rules/types';
import { link, person } from '../support/people';

const msk = (iso: string) => Date.parse(`${iso}+03:00`);
const HOUR = 3_600_000;

const task = (id: string, fields: Partial<Task> = {}): Task => ({
  id,
  dealId: 'd1',
  responsibleId: 'm1',
  text: 'Позвонить',
  type: 'call',
  dueAt: msk('2026-11-23T10:00:00'),
  completed: false,
  completedAt: null,
  createdAt: msk('2026-11-20T10:00:00'),
  ...fields,
});

const overdue = (taskId: string, dueAt: number): Finding => ({
  key: `task_overdue:${taskId}:${dueAt}`,
  rule: 'task_overdue',
  severity: 'violation',
  dealId: 'd1',
  taskId,
  managerId: 'm1',
  pipelineId: 'p1',
  stageId: 's1',
  amount: 1000,
  since: dueAt,
  resolvedAt: null,
  facts: { task: 'Позвонить', dueAt, lateMs: 0 },
});

describe('planning pings', () => {
  const due = msk('2026-11-23T10:00:00');
  const base = { at: msk('2026-11-23T10:05:00'), ladder: DEFAULT_LADDER };
  // The default ladder's steps at detection, as an open ping has had them.
  const told = new Set(['0:manager', '0:supervisor']);
  const escalated = new Set([...told, '120:supervisor']);

  it('pings a task and due time once: never again once recorded', () => {
    const tasks = new Map([['t1', task('t1')]]);
    expect(planPings({ ...base, overdue: [overdue('t1', due)], open: [], pinged: new Set(), tasks }).fresh).toHaveLength(1);
    const again = planPings({ ...base, overdue: [overdue('t1', due)], open: [], pinged: new Set([pingKey('t1', due)]), tasks });
    expect(again.fresh).toEqual([]);
  });

  it('a moved due time is a new overdue, and the old ping closes as moved', () => {
    const moved = msk('2026-11-23T12:00:00');
    const tasks = new Map([['t1', task('t1', { dueAt: moved })]]);
    const plan = planPings({
      ...base,
      at: msk('2026-11-23T12:01:00'),
      overdue: [overdue('t1', moved)],
      open: [{ id: 7, taskId: 't1', dueAt: due, fired: told, detectedAt: due }],
      pinged: new Set([pingKey('t1', due)]),
      tasks,
    });
    expect(plan.fresh.map((f) => f.since)).toEqual([moved]);
    expect(plan.closures).toEqual([{ pingId: 7, outcome: 'moved', at: msk('2026-11-23T12:01:00'), newDueAt: moved }]);
  });

  it('closes done and deleted tasks, escalates the ones overdue past the norm once', () => {
    const done = msk('2026-11-23T11:00:00');
    const tasks = new Map([
      ['t1', task('t1', { completed: true, completedAt: done })],
      ['t3', task('t3')],
      ['t4', task('t4')],
    ]);
    const plan = planPings({
      ...base,
      at: msk('2026-11-23T12:00:00'),
      overdue: [],
      open: [
        { id: 1, taskId: 't1', dueAt: due, fired: told, detectedAt: due },
        { id: 2, taskId: 't2', dueAt: due, fired: told, detectedAt: due },
        { id: 3, taskId: 't3', dueAt: due, fired: told, detectedAt: due },
        { id: 4, taskId: 't4', dueAt: due, fired: escalated, detectedAt: due },
      ],
      pinged: new Set(),
      tasks,
    });
    expect(plan.closures).toEqual([
      { pingId: 1, outcome: 'done', at: done, newDueAt: null },
      { pingId: 2, outcome: 'gone', at: msk('2026-11-23T12:00:00'), newDueAt: null },
    ]);
    expect(plan.steps).toEqual([{ pingId: 3, steps: [{ afterMinutes: 120, to: 'supervisor' }] }]);
  });

  it('a ping first seen late is escalated only once the norm has passed since the supervisor was told', () => {
    const tasks = new Map([['t1', task('t1')]]);
    const open = [{ id: 1, taskId: 't1', dueAt: due, fired: told, detectedAt: msk('2026-11-23T15:00:00') }];
    const input = { overdue: [], open, pinged: new Set<string>(), tasks, ladder: DEFAULT_LADDER };
    expect(planPings({ ...input, at: msk('2026-11-23T15:01:00') }).steps).toEqual([]);
    expect(planPings({ ...input, at: msk('2026-11-23T17:00:00') }).steps.map((s) => s.pingId)).toEqual([1]);
  });
});

describe('routing pings', () => {
  const policy: RoutingPolicy = {
    hours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00', timezone: 'Europe/Moscow' },
    quiet: { from: '22:00', to: '08:00' },
    supervisorPings: 'always',
    supervisorsChat: { chatId: '-100500', locale: 'ru' },
    privacy: 'masked',
  };

  it('outside working hours the manager copy waits for the next working start; the supervisor follows their setting', () => {
    const people = new Map([
      ['m1', person('m1', { supervisorId: 'sup', link: link('111') })],
      ['sup', person('sup', { isSupervisor: true, link: link('222') })],
    ]);
    const saturday = msk('2026-11-28T12:00:00');
    const route = routePing('m1', people, policy, saturday);
    expect(route.manager).toEqual({ chatId: '111', locale: 'ru', notBefore: msk('2026-11-30T09:00:00'), form: 'as-typed' });
    expect(route.supervisor).toEqual({ chatId: '222', locale: 'ru', notBefore: saturday, form: 'as-typed' });
    const lateNight = routePing('m1', people, policy, msk('2026-11-28T23:00:00'));
    expect(lateNight.supervisor?.notBefore).toBe(msk('2026-11-29T08:00:00'));
    expect(routePing('m1', people, { ...policy, supervisorPings: 'working' }, saturday).supervisor?.notBefore).toBe(msk('2026-11-30T09:00:00'));
    // The supervisor's own choice wins over the account's in their private chat.
    const ownChoice = new Map([...people, ['sup', person('sup', { isSupervisor: true, link: link('222'), supervisorPings: 'working' })]]);
    expect(routePing('m1', ownChoice, policy, saturday).supervisor?.notBefore).toBe(msk('2026-11-30T09:00:00'));
  });

  it('an unlinked or blocked manager is reported to the supervisor; an unlinked supervisor is replaced by the supervisors\' chat', () => {
    const people = new Map([
      ['m1', person('m1', { supervisorId: 'sup' })],
      ['m2', person('m2', { supervisorId: 'sup', link: link('333', 1) })],
      ['sup', person('sup', { isSupervisor: true })],
    ]);
    const monday = msk('2026-11-23T10:00:00');
    // The supervisors' group is not the deal's people's own chat: it gets the privacy mode's form.
    expect(routePing('m1', people, policy, monday)).toMatchObject({ manager: null, managerUnreachable: true, supervisor: { chatId: '-100500', form: 'masked' } });
    expect(routePing('m1', people, { ...policy, privacy: 'strict' }, monday).supervisor?.form).toBe('strict');
    expect(routePing('m2', people, policy, monday)).toMatchObject({ manager: null, managerUnreachable: true });
    expect(routePing('m1', people, { ...policy, supervisorsChat: null }, monday).supervisor).toBeNull();
    // A manager or supervisor no longer active in the CRM is not written to privately, as typed.
    const gone = new Map([
      ['m3', person('m3', { supervisorId: 'sup2', active: false, link: link('444') })],
      ['sup2', person('sup2', { isSupervisor: true, active: false, link: link('555') })],
    ]);
    expect(routePing('m3', gone, policy, monday)).toMatchObject({ manager: null, managerUnreachable: true, supervisor: { chatId: '-100500', form: 'masked' } });
  });
});
