import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { createDemoConnector } from '../../src/crm/demo/connector';
import type { Call } from '../../src/crm/model';

const SEED = 7;
const SCALE = 0.3;
/** Tuesday 24 November 2026, 10:00 and 11:00 in Moscow. */
const TEN = Date.parse('2026-11-24T07:00:00Z');
const ELEVEN = Date.parse('2026-11-24T08:00:00Z');
const DAY = 86_400_000;

/** The calls a full sync at the clock's now would write, in time order. */
async function syncedCalls(connector: ReturnType<typeof createDemoConnector>): Promise<Call[]> {
  const rows: Call[] = [];
  for await (const chunk of connector.fetchFull()) if (chunk.entity === 'calls') rows.push(...(chunk.rows as Call[]));
  return rows.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
}

describe('demo connector, reading calls since an instant', () => {
  it('reads exactly the calls a sync at the clock\'s now has at or after the instant, in time order', async () => {
    const clock = new FixedClock(new Date(TEN));
    const demo = createDemoConnector({ seed: SEED, clock, scale: SCALE });
    const synced = await syncedCalls(demo);
    // An instant a call was made at: it is read, the calls just before it are not.
    const since = synced.find((c) => c.at >= TEN - 14 * DAY)!.at;

    const calls = await demo.readCallsSince(since);

    expect(calls).toEqual(synced.filter((c) => c.at >= since));
    expect(calls[0]!.at).toBe(since);
    expect(calls.length).toBeGreaterThan(20);
    expect(calls.some((c) => c.missed)).toBe(true);
    expect(calls.some((c) => c.dealId === null && c.contactId !== null)).toBe(true);
  });

  it('reads the calls made since as the clock moves on, and nothing yet to come', async () => {
    const clock = new FixedClock(new Date(TEN));
    const demo = createDemoConnector({ seed: SEED, clock, scale: SCALE });
    const atTen = await demo.readCallsSince(TEN - DAY);
    expect(await demo.readCallsSince(TEN + 1)).toEqual([]);

    clock.set(new Date(ELEVEN));
    const atEleven = await demo.readCallsSince(TEN - DAY);
    const inTheHour = atEleven.filter((c) => c.at > TEN);

    expect(inTheHour.length).toBeGreaterThan(0);
    expect(inTheHour.every((c) => c.at <= ELEVEN)).toBe(true);
    expect(atEleven).toEqual([...atTen, ...inTheHour]);
    expect(atEleven).toEqual((await syncedCalls(demo)).filter((c) => c.at >= TEN - DAY));
  });

  it('answers an aborted read with the abort', async () => {
    const demo = createDemoConnector({ seed: SEED, clock: new FixedClock(new Date(TEN)), scale: SCALE });
    const controller = new AbortController();
    controller.abort();
    await expect(demo.readCallsSince(TEN - DAY, { signal: controller.signal })).rejects.toThrow();
  });
});
