import { describe, expect, it } from 'vitest';
import { at, call, deal, move, openAt, onlyRule, task } from '../support/fixture';

const created = at('2026-11-16T08:00:00Z');
const HOUR = 3_600_000;

describe('deal_without_task (grace 60 min)', () => {
  const norms = onlyRule('deal_without_task');

  it.each([
    ['59 minutes after creation with no task', '2026-11-16T08:59:00Z', 0],
    ['exactly 60 minutes', '2026-11-16T09:00:00Z', 0],
    ['61 minutes', '2026-11-16T09:01:00Z', 1],
  ])('a new deal %s → %i', (_, instant, expected) => {
    expect(openAt({ deals: [deal({ id: 'd1', createdAt: created })] }, norms, at(instant))).toHaveLength(expected);
  });

  it('counts from the last task completion, not from creation', () => {
    const done = at('2026-11-16T10:00:00Z');
    const tasks = [task({ id: 't1', createdAt: created, dueAt: done, completed: true, completedAt: done })];
    const deals = [deal({ id: 'd1', createdAt: created })];
    expect(openAt({ deals, tasks }, norms, at('2026-11-16T10:59:00Z'))).toHaveLength(0);
    const [finding] = openAt({ deals, tasks }, norms, at('2026-11-16T11:01:00Z'));
    expect(finding).toMatchObject({ since: done, dealId: 'd1', facts: { withoutTaskMs: 61 * 60_000 } });
  });

  it.each([
    ['an open task', { completed: false, completedAt: null }, 0],
    ['only a completed task', { completed: true, completedAt: at('2026-11-16T08:10:00Z') }, 1],
  ])('a deal with %s → %i', (_, fields, expected) => {
    const tasks = [task({ id: 't1', createdAt: created, dueAt: created + HOUR, ...fields })];
    expect(openAt({ deals: [deal({ id: 'd1', createdAt: created })], tasks }, norms, at('2026-11-16T12:00:00Z'))).toHaveLength(expected);
  });

  it('ignores closed deals', () => {
    const deals = [deal({ id: 'd1', createdAt: created, stageId: 's-won', closedAt: created + HOUR / 2, stageEnteredAt: created + HOUR / 2 })];
    expect(openAt({ deals }, norms, at('2026-11-17T12:00:00Z'))).toHaveLength(0);
  });
});

describe('stage_time_exceeded (72 h default, 24 h on «Целевая сделка»)', () => {
  const norms = onlyRule('stage_time_exceeded', (n) => (n.rules.stage_time_exceeded.stages = { 's-new': 24 }));

  it.each([
    ['23 h on a 24-hour stage', 's-new', 23, 0],
    ['exactly 24 h', 's-new', 24, 0],
    ['25 h on a 24-hour stage', 's-new', 25, 1],
    ['71 h on a 72-hour stage', 's-work', 71, 0],
    ['73 h on a 72-hour stage', 's-work', 73, 1],
  ])('%s → %i', (_, stageId, hours, expected) => {
    const deals = [deal({ id: 'd1', createdAt: created, stageId, stageEnteredAt: created })];
    expect(openAt({ deals }, norms, created + hours * HOUR)).toHaveLength(expected);
  });

  it('uses the stage history: since = the moment the norm was exceeded on that stage', () => {
    const moved = created + 2 * HOUR;
    const deals = [deal({ id: 'd1', createdAt: created, stageId: 's-work', stageEnteredAt: moved })];
    const stageChanges = [move('d1', 's-new', 's-work', moved)];
    const [finding] = openAt({ deals, stageChanges }, norms, moved + 80 * HOUR);
    expect(finding).toMatchObject({ stageId: 's-work', since: moved + 72 * HOUR, facts: { inStageMs: 80 * HOUR, normMs: 72 * HOUR } });
  });

  it('judges a past stage visit when evaluating a past instant', () => {
    const moved = created + 30 * HOUR;
    const deals = [deal({ id: 'd1', createdAt: created, stageId: 's-work', stageEnteredAt: moved })];
    const stageChanges = [move('d1', 's-new', 's-work', moved)];
    expect(openAt({ deals, stageChanges }, norms, created + 26 * HOUR)).toMatchObject([{ stageId: 's-new' }]);
    expect(openAt({ deals, stageChanges }, norms, created + 31 * HOUR)).toHaveLength(0);
  });

  it('never flags won or lost stages', () => {
    const deals = [deal({ id: 'd1', createdAt: created, stageId: 's-lost', stageEnteredAt: created, closedAt: created })];
    expect(openAt({ deals }, norms, created + 500 * HOUR)).toHaveLength(0);
  });
});

describe('deal_lifetime_exceeded (7 days)', () => {
  const norms = onlyRule('deal_lifetime_exceeded');

  it.each([
    ['6 days 23 h old', 7 * 24 - 1, 0],
    ['exactly 7 days old', 7 * 24, 0],
    ['7 days and 1 h old', 7 * 24 + 1, 1],
  ])('an open deal %s → %i', (_, hours, expected) => {
    expect(openAt({ deals: [deal({ id: 'd1', createdAt: created })] }, norms, created + hours * HOUR)).toHaveLength(expected);
  });

  it('uses the pipeline override', () => {
    const longer = onlyRule('deal_lifetime_exceeded', (n) => (n.rules.deal_lifetime_exceeded.pipelines = { p1: 30 }));
    expect(openAt({ deals: [deal({ id: 'd1', createdAt: created })] }, longer, created + 8 * 24 * HOUR)).toHaveLength(0);
  });
});

describe('first_contact_slow (15 min, lookback 7 days)', () => {
  const norms = onlyRule('first_contact_slow');
  const deals = [deal({ id: 'd1', createdAt: created })];

  it.each([
    ['no contact yet, 14 min', [], [], 14, 0],
    ['no contact yet, 16 min', [], [], 16, 1],
    ['an outgoing call after 10 min', [call({ id: 'c1', at: created + 10 * 60_000 })], [], 60, 0],
    ['an outgoing call after 40 min', [call({ id: 'c1', at: created + 40 * 60_000 })], [], 60, 1],
    ['an outgoing call nobody answered after 10 min: the first dial counts', [call({ id: 'c1', missed: true, durationSec: 0, at: created + 10 * 60_000 })], [], 60, 0],
    ['an answered incoming call after 5 min', [call({ id: 'c1', direction: 'in', at: created + 5 * 60_000 })], [], 60, 0],
    ['a missed incoming call does not count', [call({ id: 'c1', direction: 'in', missed: true, durationSec: 0, at: created + 5 * 60_000 })], [], 60, 1],
    ['a missed incoming call, then a call back after 12 min', [call({ id: 'c1', direction: 'in', missed: true, durationSec: 0, at: created + 5 * 60_000 }), call({ id: 'c2', at: created + 12 * 60_000 })], [], 60, 0],
    ['an answered incoming call after 30 min, then nothing', [call({ id: 'c1', direction: 'in', at: created + 30 * 60_000 })], [], 60, 1],
    [
      'a task completed after 5 min',
      [],
      [task({ id: 't1', createdAt: created, completed: true, completedAt: created + 5 * 60_000 })],
      60,
      0,
    ],
  ])('%s → %i', (_, calls, tasks, minutes, expected) => {
    expect(openAt({ deals, calls, tasks }, norms, created + minutes * 60_000)).toHaveLength(expected);
  });

  it('forgets deals older than the lookback', () => {
    expect(openAt({ deals }, norms, created + 8 * 24 * HOUR)).toHaveLength(0);
  });
});

describe('lost_without_reason (lookback 7 days)', () => {
  const norms = onlyRule('lost_without_reason');
  const closed = created + 2 * HOUR;
  const lost = (lossReason: string | null) => [deal({ id: 'd1', createdAt: created, stageId: 's-lost', stageEnteredAt: closed, closedAt: closed, lossReason })];

  it.each([
    ['lost without a reason, a day later', lost(null), 24, 1],
    ['lost with a reason', lost('Дорого'), 24, 0],
    ['lost without a reason, 8 days later', lost(null), 8 * 24, 0],
  ])('%s → %i', (_, deals, hoursLater, expected) => {
    expect(openAt({ deals }, norms, closed + hoursLater * HOUR)).toHaveLength(expected);
  });

  it('ignores won deals', () => {
    const deals = [deal({ id: 'd1', createdAt: created, stageId: 's-won', stageEnteredAt: closed, closedAt: closed })];
    expect(openAt({ deals }, norms, closed + HOUR)).toHaveLength(0);
  });
});

describe('manager_overloaded', () => {
  const norms = onlyRule('manager_overloaded', (n) => (n.rules.manager_overloaded.maxOpenDeals = 2));
  const deals = [1, 2, 3].map((i) => deal({ id: `d${i}`, createdAt: created + i * HOUR }));

  it('flags a manager with more open deals than the norm, once, without a deal', () => {
    const findings = openAt({ deals }, norms, created + 10 * HOUR);
    expect(findings).toEqual([
      expect.objectContaining({ managerId: 'm1', dealId: null, since: created + 3 * HOUR, facts: { openDeals: 3, maxOpenDeals: 2 } }),
    ]);
  });

  it('counts only deals open at the instant', () => {
    expect(openAt({ deals }, norms, created + 2.5 * HOUR)).toHaveLength(0);
  });
});

describe('high_value_unattended (≥ 300 000 ₽)', () => {
  const norms = onlyRule('high_value_unattended');
  const big = [deal({ id: 'd1', createdAt: created, price: 300_000 })];
  const noon = at('2026-11-16T12:00:00Z');

  it.each([
    ['no task at all', big, [], 1],
    ['a task due later', big, [task({ id: 't1', createdAt: created, dueAt: noon + HOUR })], 0],
    ['an overdue task', big, [task({ id: 't1', createdAt: created, dueAt: noon - HOUR })], 1],
    ['a small deal with no task', [deal({ id: 'd1', createdAt: created, price: 299_999 })], [], 0],
  ])('%s → %i', (_, deals, tasks, expected) => {
    expect(openAt({ deals, tasks }, norms, noon)).toHaveLength(expected);
  });

  it('says why and since when', () => {
    const tasks = [task({ id: 't1', createdAt: created, dueAt: noon - HOUR })];
    expect(openAt({ deals: big, tasks }, norms, noon)[0]).toMatchObject({ since: noon - HOUR, facts: { reason: 'overdue_task' } });
  });
});

describe('norms switches', () => {
  it('a disabled rule produces nothing; severity comes from the norms', () => {
    const deals = [deal({ id: 'd1', createdAt: created })];
    const off = onlyRule('deal_lifetime_exceeded', (n) => (n.rules.deal_lifetime_exceeded.enabled = false));
    expect(openAt({ deals }, off, created + 10 * 24 * HOUR)).toHaveLength(0);
    const strict = onlyRule('deal_lifetime_exceeded', (n) => (n.rules.deal_lifetime_exceeded.severity = 'violation'));
    expect(openAt({ deals }, strict, created + 10 * 24 * HOUR)[0]?.severity).toBe('violation');
  });
});
