import { describe, expect, it } from 'vitest';
import { DEMO_MANAGERS } from '../../src/crm/demo/account';
import { isoWeekStart } from '../../src/crm/demo/calendar';
import { generateDemoAccount } from '../../src/crm/demo/generator';

/**
 * The demo's managers carry a working day as real ones do: a few dozen tasks
 * each, due through the day, most done on time, some late, a few never.
 */
const timeline = generateDemoAccount({ seed: 42, anchor: isoWeekStart(Date.parse('2026-12-02T12:00:00+03:00')) });
const WORKDAYS = ['2026-11-24', '2026-11-25', '2026-11-26', '2026-12-01', '2026-12-02'];
/** Supervisors take the odd deal; the high-volume seller (dealWeight 3) carries about three times the rest. */
const REGULAR = DEMO_MANAGERS.filter((m) => m.dealWeight === 1).map((m) => m.id);

function dueOn(date: string) {
  const start = Date.parse(`${date}T00:00:00+03:00`);
  return timeline.tasks.filter((t) => t.dueAt !== null && t.dueAt >= start && t.dueAt < start + 86_400_000);
}

describe('the demo task flow', () => {
  it.each(REGULAR)('manager %s has 20–40 tasks due on an average working day, never under 10 or over 60', (id) => {
    const perDay = WORKDAYS.map((date) => dueOn(date).filter((t) => t.responsibleId === id).length);
    const average = perDay.reduce((a, b) => a + b, 0) / perDay.length;
    expect(average).toBeGreaterThanOrEqual(20);
    expect(average).toBeLessThanOrEqual(40);
    expect(Math.min(...perDay)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...perDay)).toBeLessThanOrEqual(60);
  });

  it.each(WORKDAYS)('%s: deadlines spread over the working day', (date) => {
    const due = dueOn(date);
    const byHour = new Map<number, number>();
    for (const t of due) {
      const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: 'Europe/Moscow' }).format(t.dueAt!));
      byHour.set(hour, (byHour.get(hour) ?? 0) + 1);
    }
    // No hour of the day holds more than a fifth of the deadlines (the morning used to hold a third).
    expect(Math.max(...byHour.values()) / due.length).toBeLessThan(0.2);
    expect([...byHour.keys()].filter((h) => h >= 9 && h < 18).length).toBe(9);
  });

  it('most tasks are done on time, some late, a few never', () => {
    const past = WORKDAYS.flatMap(dueOn).filter((t) => t.dueAt! < Date.parse('2026-12-02T00:00:00+03:00'));
    const onTime = past.filter((t) => t.completedAt !== null && t.completedAt <= t.dueAt!).length / past.length;
    const late = past.filter((t) => t.completedAt !== null && t.completedAt > t.dueAt!).length / past.length;
    expect(onTime).toBeGreaterThan(0.6);
    expect(late).toBeGreaterThan(0.1);
    expect(late).toBeLessThan(0.35);
    // Never done: tasks on deals left to stall, over the whole history.
    expect(timeline.tasks.filter((t) => t.completedAt === null && t.dueAt !== null && t.dueAt < timeline.anchor - 14 * 86_400_000).length).toBeGreaterThan(0);
  });
});
