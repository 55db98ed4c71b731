import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/crm/model';
import { DEFAULT_LADDER, legacyLadder, stepKey, type EscalationStep } from '../../src/norms/ladder';
import { dueSteps, planPings, stepDueAt, type OpenPing } from '../../src/pings/plan';
import { routeStep, type RoutingPolicy } from '../../src/pings/route';
import { link, person } from '../support/people';

/**
 * The escalation ladder as a pure plan: which step fires at which instant,
 * once each, and when its message may go out (the recipient's hours). The
 * check runs every minute; `run` replays it minute by minute, recording each
 * step the way the writer does, and says when each one fired.
 */

const msk = (iso: string) => Date.parse(`${iso}+03:00`);
const MINUTE = 60_000;

const LADDER_4: EscalationStep[] = [
  { afterMinutes: 0, to: 'manager' },
  { afterMinutes: 0, to: 'supervisor' },
  { afterMinutes: 120, to: 'supervisor' },
  { afterMinutes: 1440, to: 'report_chat' },
];

const task = (fields: Partial<Task> = {}): Task => ({
  id: 't1',
  dealId: 'd1',
  responsibleId: 'm1',
  text: 'Позвонить',
  type: 'call',
  dueAt: msk('2026-11-23T10:30:00'),
  completed: false,
  completedAt: null,
  createdAt: msk('2026-11-20T10:00:00'),
  ...fields,
});

/** Every check from `from` to `to`, a minute apart, over one open ping detected at `detectedAt`: the instant each step fired. */
function run(ladder: readonly EscalationStep[], ping: { dueAt: number; detectedAt: number }, from: number, to: number): Record<string, string[]> {
  const fired = new Set<string>();
  const when: Record<string, string[]> = {};
  const record = (steps: readonly EscalationStep[], at: number) => {
    for (const step of steps) {
      fired.add(stepKey(step));
      (when[stepKey(step)] ??= []).push(new Date(at).toISOString());
    }
  };
  // The detecting check: the plan's fresh steps.
  const detect = planPings({ overdue: [], open: [], pinged: new Set(), tasks: new Map(), at: ping.detectedAt, ladder });
  record(detect.freshSteps, ping.detectedAt);
  for (let at = from; at <= to; at += MINUTE) {
    const open: OpenPing = { id: 1, taskId: 't1', ...ping, fired };
    const plan = planPings({ overdue: [], open: [open], pinged: new Set(), tasks: new Map([['t1', task({ dueAt: ping.dueAt })]]), at, ladder });
    for (const { steps } of plan.steps) record(steps, at);
  }
  return when;
}

const iso = (local: string) => new Date(msk(local)).toISOString();

describe('the ladder: each step at its instant, once', () => {
  it.each<[string, EscalationStep[], { dueAt: string; detectedAt: string }, string, Record<string, string[]>]>([
    [
      'the default ladder is the old timing: both at detection, the supervisor again 2 h after (12:31, not 12:30)',
      [...DEFAULT_LADDER],
      { dueAt: '2026-11-23T10:30:00', detectedAt: '2026-11-23T10:31:00' },
      '2026-11-23T15:00:00',
      {
        '0:manager': [iso('2026-11-23T10:31:00')],
        '0:supervisor': [iso('2026-11-23T10:31:00')],
        '120:supervisor': [iso('2026-11-23T12:31:00')],
      },
    ],
    [
      'four steps with the report chat a day after detection',
      LADDER_4,
      { dueAt: '2026-11-23T10:30:00', detectedAt: '2026-11-23T10:31:00' },
      '2026-11-24T12:00:00',
      {
        '0:manager': [iso('2026-11-23T10:31:00')],
        '0:supervisor': [iso('2026-11-23T10:31:00')],
        '120:supervisor': [iso('2026-11-23T12:31:00')],
        '1440:report_chat': [iso('2026-11-24T10:31:00')],
      },
    ],
    [
      'a task first seen late (the CRM was down) is timed from when it was seen, not from its due time',
      [...DEFAULT_LADDER],
      { dueAt: '2026-11-23T10:30:00', detectedAt: '2026-11-23T15:00:00' },
      '2026-11-23T18:00:00',
      {
        '0:manager': [iso('2026-11-23T15:00:00')],
        '0:supervisor': [iso('2026-11-23T15:00:00')],
        '120:supervisor': [iso('2026-11-23T17:00:00')],
      },
    ],
    [
      'without a step at 0 nobody is told at detection: the first step waits its time',
      [
        { afterMinutes: 30, to: 'manager' },
        { afterMinutes: 90, to: 'supervisors_chat' },
      ],
      { dueAt: '2026-11-23T10:30:00', detectedAt: '2026-11-23T10:31:00' },
      '2026-11-23T13:00:00',
      {
        '30:manager': [iso('2026-11-23T11:01:00')],
        '90:supervisors_chat': [iso('2026-11-23T12:01:00')],
      },
    ],
  ])('%s', (_, ladder, ping, until, expected) => {
    const detectedAt = msk(ping.detectedAt);
    expect(run(ladder, { dueAt: msk(ping.dueAt), detectedAt }, detectedAt, msk(until))).toEqual(expected);
  });

  it('a step is due at its instant, not a minute before; a step had is never due again', () => {
    const ping = { dueAt: msk('2026-11-23T10:30:00'), detectedAt: msk('2026-11-23T10:31:00'), fired: new Set(['0:manager', '0:supervisor']) };
    const step = { afterMinutes: 120, to: 'supervisor' } as const;
    expect(stepDueAt(ping, step)).toBe(msk('2026-11-23T12:31:00'));
    expect(dueSteps(DEFAULT_LADDER, ping, msk('2026-11-23T12:30:59'))).toEqual([]);
    expect(dueSteps(DEFAULT_LADDER, ping, msk('2026-11-23T12:31:00'))).toEqual([step]);
    expect(dueSteps(DEFAULT_LADDER, { ...ping, fired: new Set([...ping.fired, '120:supervisor']) }, msk('2026-11-24T00:00:00'))).toEqual([]);
  });

  it('a ladder changed while a ping is open: a new step already past fires at once, a step had does not fire again', () => {
    const ping = { dueAt: msk('2026-11-23T10:30:00'), detectedAt: msk('2026-11-23T10:31:00'), fired: new Set(['0:manager', '0:supervisor']) };
    const changed: EscalationStep[] = [
      { afterMinutes: 0, to: 'manager' },
      { afterMinutes: 0, to: 'supervisor' },
      { afterMinutes: 60, to: 'report_chat' },
      { afterMinutes: 120, to: 'supervisor' },
    ];
    expect(dueSteps(changed, ping, msk('2026-11-23T12:01:00'))).toEqual([{ afterMinutes: 60, to: 'report_chat' }]);
    expect(dueSteps(changed, ping, msk('2026-11-23T12:31:00'))).toEqual([
      { afterMinutes: 60, to: 'report_chat' },
      { afterMinutes: 120, to: 'supervisor' },
    ]);
  });

  it('a closed ping fires no step, however late', () => {
    const open: OpenPing = { id: 1, taskId: 't1', dueAt: msk('2026-11-23T10:30:00'), detectedAt: msk('2026-11-23T10:31:00'), fired: new Set(['0:manager']) };
    const done = task({ completed: true, completedAt: msk('2026-11-23T11:00:00') });
    const plan = planPings({ overdue: [], open: [open], pinged: new Set(), tasks: new Map([['t1', done]]), at: msk('2026-11-23T13:00:00'), ladder: LADDER_4 });
    expect(plan.steps).toEqual([]);
    expect(plan.closures).toEqual([{ pingId: 1, outcome: 'done', at: msk('2026-11-23T11:00:00'), newDueAt: null }]);
  });

  it('the old norm escalateAfterMinutes is the default ladder with its number', () => {
    expect(legacyLadder(120)).toEqual(DEFAULT_LADDER);
    expect(legacyLadder(45)).toEqual([
      { afterMinutes: 0, to: 'manager' },
      { afterMinutes: 0, to: 'supervisor' },
      { afterMinutes: 45, to: 'supervisor' },
    ]);
  });
});

describe('the ladder: each step held until its recipient\'s hours', () => {
  const people = new Map([
    ['m1', person('m1', { supervisorId: 'sup', link: link('111') })],
    // The supervisor chose /pings always: their own chat any time outside quiet hours.
    ['sup', person('sup', { isSupervisor: true, link: link('222'), supervisorPings: 'always' })],
    ['m2', person('m2', { supervisorId: 'sup2' })],
    ['sup2', person('sup2', { isSupervisor: true })],
  ]);
  // The account: group chats at working hours, quiet 22:00–08:00.
  const policy: RoutingPolicy = {
    hours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00', timezone: 'Europe/Moscow' },
    quiet: { from: '22:00', to: '08:00' },
    supervisorPings: 'working',
    supervisorsChat: { chatId: '-100500', locale: 'ru' },
    reportChat: { chatId: '-100600', locale: 'ru' },
    privacy: 'strict',
  };

  // Detected Friday 17:31: each step fires at its instant; its message waits for its reader's hours.
  it.each<[EscalationStep, string, string, string | null, string, string]>([
    [{ afterMinutes: 0, to: 'manager' }, 'm1', '2026-11-27T17:31:00', '111', '2026-11-27T17:31:00', 'as-typed'],
    [{ afterMinutes: 0, to: 'supervisor' }, 'm1', '2026-11-27T17:31:00', '222', '2026-11-27T17:31:00', 'as-typed'],
    [{ afterMinutes: 60, to: 'manager' }, 'm1', '2026-11-27T18:31:00', '111', '2026-11-30T09:00:00', 'as-typed'],
    [{ afterMinutes: 120, to: 'supervisor' }, 'm1', '2026-11-27T19:31:00', '222', '2026-11-27T19:31:00', 'as-typed'],
    [{ afterMinutes: 300, to: 'supervisor' }, 'm1', '2026-11-27T22:31:00', '222', '2026-11-28T08:00:00', 'as-typed'],
    [{ afterMinutes: 1440, to: 'report_chat' }, 'm1', '2026-11-28T17:31:00', '-100600', '2026-11-30T09:00:00', 'strict'],
    [{ afterMinutes: 30, to: 'supervisors_chat' }, 'm1', '2026-11-27T18:01:00', '-100500', '2026-11-30T09:00:00', 'strict'],
    // An unlinked supervisor's step goes to the supervisors' chat, at the account's hours, in the privacy mode.
    [{ afterMinutes: 0, to: 'supervisor' }, 'm2', '2026-11-27T17:31:00', '-100500', '2026-11-27T17:31:00', 'strict'],
    [{ afterMinutes: 0, to: 'manager' }, 'm2', '2026-11-27T17:31:00', null, '', ''],
  ])('%j for %s fires at %s: chat %s, not before %s, %s', (step, manager, firesAt, chatId, notBefore, form) => {
    const detectedAt = msk('2026-11-27T17:31:00');
    expect(stepDueAt({ dueAt: msk('2026-11-27T17:30:00'), detectedAt }, step)).toBe(msk(firesAt));
    const { destination, managerUnreachable } = routeStep(step.to, manager, people, policy, msk(firesAt));
    expect(managerUnreachable).toBe(manager === 'm2');
    if (chatId === null) expect(destination).toBeNull();
    else expect(destination).toEqual({ chatId, locale: 'ru', notBefore: msk(notBefore), form });
  });

  it('a step to the report chat goes nowhere when none is bound', () => {
    expect(routeStep('report_chat', 'm1', people, { ...policy, reportChat: null }, msk('2026-11-27T12:00:00')).destination).toBeNull();
  });
});
