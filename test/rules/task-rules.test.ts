import { describe, expect, it } from 'vitest';
import { at, deal, openAt, onlyRule, task } from '../support/fixture';

const created = at('2026-11-16T08:00:00Z');
const due = at('2026-11-16T12:00:00Z');
const oneDeal = [deal({ id: 'd1', createdAt: created, price: 50_000 })];

describe('task_overdue', () => {
  const norms = onlyRule('task_overdue');

  it.each([
    ['one minute before the due time', '2026-11-16T11:59:00Z', 0],
    ['exactly at the due time', '2026-11-16T12:00:00Z', 0],
    ['one minute after the due time', '2026-11-16T12:01:00Z', 1],
    ['a week later', '2026-11-23T12:00:00Z', 1],
  ])('an open task %s → %i finding(s)', (_, instant, expected) => {
    const tasks = [task({ id: 't1', createdAt: created, dueAt: due })];
    expect(openAt({ deals: oneDeal, tasks }, norms, at(instant))).toHaveLength(expected);
  });

  it('reports the deal, stage, manager, money and the due time as since', () => {
    const [finding] = openAt({ deals: oneDeal, tasks: [task({ id: 't1', createdAt: created, dueAt: due })] }, norms, at('2026-11-16T14:30:00Z'));
    expect(finding).toMatchObject({
      rule: 'task_overdue',
      severity: 'violation',
      dealId: 'd1',
      taskId: 't1',
      managerId: 'm1',
      pipelineId: 'p1',
      stageId: 's-new',
      amount: 50_000,
      since: due,
      resolvedAt: null,
      facts: { lateMs: 150 * 60_000, dueAt: due },
    });
  });

  it.each([
    ['grace not yet over', 30, '2026-11-16T12:29:00Z', 0],
    ['grace exactly over', 30, '2026-11-16T12:30:00Z', 0],
    ['grace over by a minute', 30, '2026-11-16T12:31:00Z', 1],
  ])('%s (%i min grace)', (_, grace, instant, expected) => {
    const graced = onlyRule('task_overdue', (n) => (n.rules.task_overdue.graceMinutes = grace));
    expect(openAt({ deals: oneDeal, tasks: [task({ id: 't1', createdAt: created, dueAt: due })] }, graced, at(instant))).toHaveLength(expected);
  });

  it('is not a finding once the task is done, even late', () => {
    const tasks = [task({ id: 't1', createdAt: created, dueAt: due, completed: true, completedAt: at('2026-11-16T13:00:00Z') })];
    expect(openAt({ deals: oneDeal, tasks }, norms, at('2026-11-16T12:30:00Z'))).toHaveLength(1);
    expect(openAt({ deals: oneDeal, tasks }, norms, at('2026-11-16T13:00:00Z'))).toHaveLength(0);
  });

  it('treats a moved due time as a new finding (another key)', () => {
    const [first] = openAt({ deals: oneDeal, tasks: [task({ id: 't1', createdAt: created, dueAt: due })] }, norms, at('2026-11-17T00:00:00Z'));
    const later = at('2026-11-16T18:00:00Z');
    const [second] = openAt({ deals: oneDeal, tasks: [task({ id: 't1', createdAt: created, dueAt: later })] }, norms, at('2026-11-17T00:00:00Z'));
    expect(first?.key).not.toBe(second?.key);
  });

  it('keeps tasks without a deal, with no pipeline or amount', () => {
    const [finding] = openAt({ tasks: [task({ id: 't9', dealId: null, createdAt: created, dueAt: due })] }, norms, at('2026-11-17T00:00:00Z'));
    expect(finding).toMatchObject({ dealId: null, taskId: 't9', pipelineId: null, amount: null, managerId: 'm1' });
  });
});

describe('task_overdue on the working-hours clock', () => {
  // Working hours Mon–Fri 09:00–18:00 Moscow (UTC+3). Friday 2026-11-20 17:00 MSK = 14:00Z.
  const norms = onlyRule('task_overdue', (n) => {
    n.rules.task_overdue.clock = 'working';
    n.rules.task_overdue.graceMinutes = 120;
  });
  const fridayDue = at('2026-11-20T14:00:00Z');

  it.each([
    ['Friday 18:00 MSK: one working hour of grace used', '2026-11-20T15:00:00Z', 0],
    ['Sunday: the weekend does not count', '2026-11-22T12:00:00Z', 0],
    ['Monday 09:59 MSK: 119 working minutes passed', '2026-11-23T06:59:00Z', 0],
    ['Monday 10:00 MSK: exactly 120 working minutes', '2026-11-23T07:00:00Z', 0],
    ['Monday 10:01 MSK: grace over', '2026-11-23T07:01:00Z', 1],
  ])('%s → %i', (_, instant, expected) => {
    const tasks = [task({ id: 't1', createdAt: created, dueAt: fridayDue })];
    expect(openAt({ deals: oneDeal, tasks }, norms, at(instant))).toHaveLength(expected);
  });
});

describe('task_without_deadline', () => {
  const norms = onlyRule('task_without_deadline');

  it.each([
    ['an open task with no due time', { dueAt: null }, 1],
    ['an open task with a due time', { dueAt: due }, 0],
    ['a completed task with no due time', { dueAt: null, completed: true, completedAt: at('2026-11-16T09:00:00Z') }, 0],
  ])('%s → %i', (_, fields, expected) => {
    const tasks = [task({ id: 't1', createdAt: created, ...fields })];
    expect(openAt({ deals: oneDeal, tasks }, norms, at('2026-11-16T10:00:00Z'))).toHaveLength(expected);
  });

  it('is a remark by default, since the task was created', () => {
    const [finding] = openAt({ deals: oneDeal, tasks: [task({ id: 't1', createdAt: created })] }, norms, at('2026-11-16T10:00:00Z'));
    expect(finding).toMatchObject({ severity: 'remark', since: created, taskId: 't1' });
  });
});
