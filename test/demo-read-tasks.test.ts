import { describe, expect, it } from 'vitest';
import { FixedClock } from '../src/clock';
import { isoWeekStart } from '../src/crm/demo/calendar';
import { createDemoConnector } from '../src/crm/demo/connector';
import { generateDemoAccount } from '../src/crm/demo/generator';
import type { Task } from '../src/crm/model';

const SEED = 7;
const SCALE = 0.3;
/** Tuesday 24 November 2026, 10:00 and 11:00 in Moscow. */
const TEN = Date.parse('2026-11-24T07:00:00Z');
const ELEVEN = Date.parse('2026-11-24T08:00:00Z');

/** The tasks a full sync at the clock's now would write. */
async function syncedTasks(connector: ReturnType<typeof createDemoConnector>): Promise<Map<string, Task>> {
  const rows = new Map<string, Task>();
  for await (const chunk of connector.fetchFull()) if (chunk.entity === 'tasks') for (const task of chunk.rows as Task[]) rows.set(task.id, task);
  return rows;
}

describe('demo connector, reading tasks by id', () => {
  const timeline = generateDemoAccount({ seed: SEED, anchor: isoWeekStart(TEN), scale: SCALE });
  const doneInTheHour = timeline.tasks.find((t) => t.createdAt <= TEN && t.completedAt !== null && t.completedAt > TEN && t.completedAt <= ELEVEN)!;
  const setLater = timeline.tasks.find((t) => t.createdAt > TEN && t.createdAt <= ELEVEN)!;
  const longDone = timeline.tasks.find((t) => t.completedAt !== null && t.completedAt < TEN - 86_400_000)!;

  it('reads a task open at 10:00 and done by 11:00 as the timeline has it at the clock\'s now', async () => {
    expect(doneInTheHour).toBeDefined();
    const clock = new FixedClock(new Date(TEN));
    const demo = createDemoConnector({ seed: SEED, clock, scale: SCALE });

    const [atTen] = await demo.readTasks([doneInTheHour.id]);
    expect(atTen).toMatchObject({ id: doneInTheHour.id, completed: false, completedAt: null });
    expect(atTen).toEqual((await syncedTasks(demo)).get(doneInTheHour.id));

    clock.set(new Date(ELEVEN));
    const [atEleven] = await demo.readTasks([doneInTheHour.id]);
    expect(atEleven).toMatchObject({ id: doneInTheHour.id, completed: true, completedAt: doneInTheHour.completedAt });
    expect(atEleven).toEqual((await syncedTasks(demo)).get(doneInTheHour.id));
  });

  it('gives the same rows a sync at that moment would, and leaves out unknown tasks and those not set yet', async () => {
    expect(setLater).toBeDefined();
    expect(longDone).toBeDefined();
    const clock = new FixedClock(new Date(TEN));
    const demo = createDemoConnector({ seed: SEED, clock, scale: SCALE });
    const synced = await syncedTasks(demo);

    const tasks = await demo.readTasks([longDone.id, doneInTheHour.id, setLater.id, 'no-such-task', '', longDone.id]);

    expect(tasks).toEqual([synced.get(longDone.id), synced.get(doneInTheHour.id)]);
    expect(await demo.readTasks([])).toEqual([]);
    clock.set(new Date(ELEVEN));
    expect((await demo.readTasks([setLater.id])).map((t) => t.id)).toEqual([setLater.id]);
  });
});
