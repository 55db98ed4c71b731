import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { AmoApiError } from '../../src/crm/amocrm/client';
import { createAmoConnector } from '../../src/crm/amocrm/connector';
import type { Task } from '../../src/crm/model';
import { loadSnapshot } from '../../src/db/snapshot-reader';
import { createLogger } from '../../src/logger';
import { runFullSync } from '../../src/sync/run-sync';
import { AMO_NOW, amoFixture } from '../support/fake-amocrm/fixture';
import { startFakeAmo, type FakeAmo } from '../support/fake-amocrm/server';
import { cleanupAfterEach } from '../support/cleanup';
import { tempDatabase } from '../support/temp-db';

const T = Date.parse(AMO_NOW) / 1000;
const logger = createLogger('silent');

let fake: FakeAmo | undefined;
let db: ReturnType<typeof tempDatabase> | undefined;
const cleanup = cleanupAfterEach();

async function setup() {
  fake = cleanup.add(await startFakeAmo(amoFixture()), (f) => f.close());
  db = cleanup.add(tempDatabase(), (d) => d.dispose());
  const amo = createAmoConnector({ baseUrl: fake.baseUrl, tokens: { token: async () => fake!.token }, ratePerSecond: 100, logger, retryBaseMs: 20, timeoutMs: 2_000 });
  const sync = () => runFullSync({ handle: db!, accountId: 'main', connector: amo, clock: new FixedClock(new Date(AMO_NOW)), logger });
  return { fake, db, amo, sync };
}

const byId = (rows: Task[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));

describe('amoCRM connector, reading tasks by id', () => {
  it('reads three tasks in one request, mapped exactly as the sync wrote them', async () => {
    const { fake, db, amo, sync } = await setup();
    await sync();
    const synced = loadSnapshot(db, 'main').tasks.filter((t) => ['701', '703', '704'].includes(t.id));
    expect(synced).toHaveLength(3);
    const requests = amo.client.requests;
    const seen = fake.log.length;

    const tasks = await amo.readTasks(['701', '703', '704']);

    expect(byId(tasks)).toEqual(byId(synced));
    // The sync read the task types: the read is the one request for the tasks.
    expect(amo.client.requests - requests).toBe(1);
    const asked = fake.log.slice(seen);
    expect(asked.map((r) => [r.path, r.status])).toEqual([['/api/v4/tasks', 200]]);
    expect(asked[0]!.query.getAll('filter[id][]').sort()).toEqual(['701', '703', '704']);
    expect(asked[0]!.query.get('limit')).toBe('250');
  });

  it('reads a task completed since the sync as completed, with its completion time, and leaves out a removed one', async () => {
    const { fake, amo, sync } = await setup();
    await sync();
    Object.assign(fake.fixture.tasks.find((t) => t.id === 701)!, { is_completed: true, updated_at: T + 600 });
    Object.assign(fake.fixture.tasks.find((t) => t.id === 702)!, { complete_till: T + 3 * 86_400, updated_at: T + 700 });
    fake.fixture.tasks = fake.fixture.tasks.filter((t) => t.id !== 703);

    const tasks = byId(await amo.readTasks(['701', '702', '703']));

    expect(tasks.map((t) => t.id)).toEqual(['701', '702']);
    expect(tasks[0]).toMatchObject({ completed: true, completedAt: (T + 600) * 1000 });
    expect(tasks[1]).toMatchObject({ completed: false, completedAt: null, dueAt: (T + 3 * 86_400) * 1000 });
  });

  it('answers [] on amoCRM\'s 204 (none of the tasks is left)', async () => {
    const { fake, amo, sync } = await setup();
    await sync();
    const seen = fake.log.length;
    expect(await amo.readTasks(['999991', '999992'])).toEqual([]);
    expect(fake.log.slice(seen).map((r) => [r.path, r.status])).toEqual([['/api/v4/tasks', 204]]);
  });

  it('asks 250 ids a request: 260 ids are two requests', async () => {
    const { fake, amo, sync } = await setup();
    await sync();
    const template = fake.fixture.tasks[0]!;
    const extra = Array.from({ length: 260 }, (_, i) => ({ ...template, id: 10_000 + i }));
    fake.fixture.tasks.push(...extra);
    const requests = amo.client.requests;
    const seen = fake.log.length;

    const tasks = await amo.readTasks(extra.map((t) => String(t.id)));

    expect(tasks).toHaveLength(260);
    expect(new Set(tasks.map((t) => t.id)).size).toBe(260);
    expect(amo.client.requests - requests).toBe(2);
    const asked = fake.log.slice(seen);
    expect(asked.every((r) => r.path === '/api/v4/tasks' && r.status === 200)).toBe(true);
    expect(asked.map((r) => r.query.getAll('filter[id][]').length).sort((a, b) => a - b)).toEqual([10, 250]);
  });

  it('makes no request for no ids, nor for ids amoCRM cannot have', async () => {
    const { fake, amo } = await setup();
    expect(await amo.readTasks([])).toEqual([]);
    expect(await amo.readTasks(['act-5', ''])).toEqual([]);
    expect(amo.client.requests).toBe(0);
    expect(fake.log).toHaveLength(0);
  });

  it('reads the task types once when no sync has: the next reads are one request each', async () => {
    const { fake, amo } = await setup();
    const first = await amo.readTasks(['701', '702']);
    expect(byId(first).map((t) => t.type)).toEqual(['Звонок', 'Письмо']);
    expect(fake.log.map((r) => r.path).sort()).toEqual(['/api/v4/account', '/api/v4/tasks']);
    expect(fake.log.find((r) => r.path === '/api/v4/account')!.query.get('with')).toBe('task_types');
    const seen = fake.log.length;
    await amo.readTasks(['701']);
    expect(fake.log.slice(seen).map((r) => r.path)).toEqual(['/api/v4/tasks']);
  });

  it('names a task type added since the types were read, asking the account once; a type the account does not list costs no more reads', async () => {
    const { fake, amo, sync } = await setup();
    await sync();
    fake.fixture.taskTypes.push({ id: 9, name: 'Замер' });
    const template = fake.fixture.tasks[0]!;
    fake.fixture.tasks.push({ ...template, id: 801, task_type_id: 9 }, { ...template, id: 802, task_type_id: 99 });
    const seen = fake.log.length;

    const tasks = byId(await amo.readTasks(['801', '802']));

    expect(tasks.map((t) => t.type)).toEqual(['Замер', '99']);
    expect(fake.log.slice(seen).map((r) => r.path)).toEqual(['/api/v4/tasks', '/api/v4/account']);
    const again = fake.log.length;
    expect(byId(await amo.readTasks(['801', '802'])).map((t) => t.type)).toEqual(['Замер', '99']);
    expect(fake.log.slice(again).map((r) => r.path)).toEqual(['/api/v4/tasks']);
  });

  it('rejects with an AmoApiError when amoCRM keeps answering 503, after the client\'s retries', async () => {
    const { fake, amo, sync } = await setup();
    await sync();
    const seen = fake.log.length;
    fake.failNext('/api/v4/tasks', { status: 503, body: '' }, 6);

    const error = await amo.readTasks(['701']).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AmoApiError);
    expect(error).toMatchObject({ crm: 'amocrm', failure: 'unavailable', status: 503 });
    // The first attempt and five retries.
    expect(fake.log.slice(seen).map((r) => r.status)).toEqual([503, 503, 503, 503, 503, 503]);
  });

  it('given up while waiting to retry, says what amoCRM answered, not that it was given up', async () => {
    const { fake } = await setup();
    const patient = createAmoConnector({ baseUrl: fake.baseUrl, tokens: { token: async () => fake.token }, ratePerSecond: 100, logger, retryBaseMs: 60_000, timeoutMs: 2_000 });
    fake.failNext('/api/v4/tasks', { status: 503, body: '' }, 6);
    const error = await patient.readTasks(['701'], { signal: AbortSignal.timeout(300) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmoApiError);
    expect(error).toMatchObject({ failure: 'unavailable', message: 'amoCRM kept failing (HTTP 503) on /api/v4/tasks until the call was given up' });
  });

  it('fails rather than report tasks deleted when amoCRM answers with tasks not asked for (a filter not applied)', async () => {
    const { fake, amo, sync } = await setup();
    await sync();
    const unfiltered = { _page: 1, _links: {}, _embedded: { tasks: fake.fixture.tasks } };
    fake.failNext('/api/v4/tasks', { status: 200, body: JSON.stringify(unfiltered), contentType: 'application/hal+json' });
    await expect(amo.readTasks(['701', '999'])).rejects.toMatchObject({ name: 'AmoApiError', failure: 'bad-request' });
  });

  it('gives the read up when the caller\'s signal fires', async () => {
    const { fake, amo, sync } = await setup();
    await sync();
    fake.failNext('/api/v4/tasks', 'hang');
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('check is over')), 50);
    await expect(amo.readTasks(['701'], { signal: controller.signal })).rejects.toThrow('check is over');
  });
});
