import qs from 'qs';
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { BitrixApiError } from '../../src/crm/bitrix24/client';
import { createBitrixConnector } from '../../src/crm/bitrix24/connector';
import type { Task } from '../../src/crm/model';
import { loadSnapshot } from '../../src/db/snapshot-reader';
import { createLogger } from '../../src/logger';
import { runFullSync } from '../../src/sync/run-sync';
import { b24Date, BITRIX_NOW, bitrixFixture } from '../support/fake-bitrix24/fixture';
import { startFakeBitrix, type FakeBitrix } from '../support/fake-bitrix24/server';
import { cleanupAfterEach } from '../support/cleanup';
import { tempDatabase } from '../support/temp-db';

const T = Date.parse(BITRIX_NOW);
const H = 3_600_000;
const D = 24 * H;
const logger = createLogger('silent');

let fake: FakeBitrix | undefined;
let db: ReturnType<typeof tempDatabase> | undefined;
const cleanup = cleanupAfterEach();

async function setup() {
  fake = cleanup.add(await startFakeBitrix(bitrixFixture()), (f) => f.close());
  db = cleanup.add(tempDatabase(), (d) => d.dispose());
  const b24 = createBitrixConnector({ endpoint: fake.webhookUrl, portalUrl: fake.baseUrl, ratePerSecond: 1_000, burst: 1_000, logger, retryBaseMs: 20, timeoutMs: 2_000, operatingPauseMs: 200 });
  const sync = () => runFullSync({ handle: db!, accountId: 'main', connector: b24, clock: new FixedClock(new Date(BITRIX_NOW)), logger });
  return { fake, db, b24, sync };
}

const byId = (rows: Task[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));

/** A batch call's commands, each as its method and parsed parameters. */
function commandsOf(call: { params: Record<string, unknown> }): { method: string; params: Record<string, unknown> }[] {
  return Object.values(call.params.cmd as Record<string, string>).map((c) => {
    const [method = '', query = ''] = c.split(/\?(.*)/s);
    return { method, params: qs.parse(query, { depth: 10, arrayLimit: 1000 }) as Record<string, unknown> };
  });
}

describe('Bitrix24 connector, reading tasks by id', () => {
  it('reads a task and an activity in one batch, mapped exactly as the sync wrote them', async () => {
    const { fake, db, b24, sync } = await setup();
    await sync();
    const synced = loadSnapshot(db, 'main').tasks.filter((t) => t.id === '701' || t.id === 'act-902');
    expect(synced).toHaveLength(2);
    const seen = fake.log.length;

    const tasks = await b24.readTasks(['701', 'act-902']);

    expect(byId(tasks)).toEqual(byId(synced));
    const calls = fake.log.slice(seen);
    expect(calls.map((c) => [c.method, c.status])).toEqual([['batch', 200]]);
    const commands = commandsOf(calls[0]!);
    expect(commands.map((c) => c.method).sort()).toEqual(['crm.activity.list', 'tasks.task.list']);
    // The sync's filters (CRM-bound tasks, the activity types it reads), with the ids.
    expect(commands.find((c) => c.method === 'tasks.task.list')!.params.filter).toEqual({ '!UF_CRM_TASK': '', ID: ['701'] });
    expect(commands.find((c) => c.method === 'crm.activity.list')!.params.filter).toEqual({ '@TYPE_ID': ['1', '2', '6'], ID: ['902'] });
  });

  it('reflects what changed since the sync: done, moved, deleted; leaves out what the sync does not read', async () => {
    const { fake, b24, sync } = await setup();
    await sync();
    Object.assign(fake.fixture.tasks.find((t) => t.id === '701')!, { status: '5', closedDate: b24Date(T + 10 * 60_000), changedDate: b24Date(T + 10 * 60_000) });
    Object.assign(fake.fixture.tasks.find((t) => t.id === '702')!, { deadline: b24Date(T + 3 * D) });
    fake.fixture.tasks = fake.fixture.tasks.filter((t) => t.id !== '706');
    Object.assign(fake.fixture.activities.find((a) => a.ID === '902')!, { COMPLETED: 'Y', LAST_UPDATED: b24Date(T + 20 * 60_000) });
    const seen = fake.log.length;

    // 705 is not bound to the CRM, act-903 is an e-mail: the sync reads neither.
    const tasks = byId(await b24.readTasks(['701', '702', '705', '706', 'act-902', 'act-903', 'act-999']));

    expect(tasks.map((t) => t.id)).toEqual(['701', '702', 'act-902']);
    expect(tasks[0]).toMatchObject({ completed: true, completedAt: T + 10 * 60_000 });
    expect(tasks[1]).toMatchObject({ completed: false, dueAt: T + 3 * D });
    expect(tasks[2]).toMatchObject({ completed: true, completedAt: T + 20 * 60_000 });
    expect(fake.log.slice(seen).map((c) => c.method)).toEqual(['batch']);
  });

  it('asks 50 ids a command and 50 commands a batch', async () => {
    const { fake, b24 } = await setup();
    const taskIds = Array.from({ length: 120 }, (_, i) => String(10_000 + i));
    const activityIds = Array.from({ length: 60 }, (_, i) => `act-${20_000 + i}`);

    expect(await b24.readTasks([...taskIds, ...activityIds, '701'])).toHaveLength(1);
    expect(fake.calls()).toHaveLength(1);
    const commands = commandsOf(fake.calls()[0]!);
    expect(commands.map((c) => [c.method, (c.params.filter as { ID: string[] }).ID.length])).toEqual([
      ['tasks.task.list', 50],
      ['tasks.task.list', 50],
      ['tasks.task.list', 21],
      ['crm.activity.list', 50],
      ['crm.activity.list', 10],
    ]);

    // 51 commands' worth of ids: two batches.
    const many = Array.from({ length: 50 * 51 }, (_, i) => String(30_000 + i));
    expect(await b24.readTasks(many)).toEqual([]);
    expect(fake.calls().slice(1).map((c) => commandsOf(c).length).sort((a, b) => a - b)).toEqual([1, 50]);
  });

  it('the fake filters both lists by a list of ids, as the portal does', async () => {
    const { b24 } = await setup();
    const answer = await b24.client.batch({
      tasks: `tasks.task.list?${qs.stringify({ filter: { ID: ['702', '704', '999'] }, select: ['ID'] })}`,
      activities: `crm.activity.list?${qs.stringify({ filter: { ID: ['903'] }, select: ['ID'] })}`,
    });
    expect((answer.result.tasks as { tasks: { id: string }[] }).tasks.map((t) => t.id)).toEqual(['702', '704']);
    expect((answer.result.activities as { ID: string }[]).map((a) => a.ID)).toEqual(['903']);
  });

  it('makes no request for no ids, nor for ids the portal cannot have', async () => {
    const { fake, b24 } = await setup();
    expect(await b24.readTasks([])).toEqual([]);
    expect(await b24.readTasks(['act-', 'vox-5', 'abc'])).toEqual([]);
    expect(b24.client.requests).toBe(0);
    expect(fake.calls()).toHaveLength(0);
  });

  it('given up while waiting to retry, says what the portal answered, not that it was given up', async () => {
    const { fake } = await setup();
    const patient = createBitrixConnector({ endpoint: fake.webhookUrl, portalUrl: fake.baseUrl, ratePerSecond: 1_000, burst: 1_000, logger, retryBaseMs: 60_000, timeoutMs: 2_000 });
    fake.failNext('batch', { status: 500, error: 'INTERNAL_SERVER_ERROR' }, 6);
    const error = await patient.readTasks(['701'], { signal: AbortSignal.timeout(300) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BitrixApiError);
    expect((error as Error).message).toMatch(/^Bitrix24 \(.+\) kept failing \(INTERNAL_SERVER_ERROR\) on batch until the call was given up$/);
  });

  it('rejects with a BitrixApiError when the portal keeps failing, or refuses a command', async () => {
    const { fake, b24 } = await setup();
    fake.failNext('batch', { status: 500, error: 'INTERNAL_SERVER_ERROR' }, 6);
    const unavailable = await b24.readTasks(['701']).catch((e: unknown) => e);
    expect(unavailable).toBeInstanceOf(BitrixApiError);
    expect(unavailable).toMatchObject({ crm: 'bitrix24', failure: 'unavailable' });
    expect(fake.calls('batch')).toHaveLength(6);

    fake.failCommand('crm.activity.list', 'INVALID_ARG_VALUE', 'Invalid filter');
    const refused = await b24.readTasks(['701', 'act-902']).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BitrixApiError);
    expect(refused).toMatchObject({ failure: 'bad-request', code: 'INVALID_ARG_VALUE' });

    fake.setScopes(['crm', 'user', 'department']);
    await expect(b24.readTasks(['701'])).rejects.toMatchObject({ name: 'BitrixApiError', failure: 'missing-scope' });
  });

  it('gives the read up when the caller\'s signal fires', async () => {
    const { fake, b24 } = await setup();
    fake.failNext('batch', 'hang');
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('check is over')), 50);
    await expect(b24.readTasks(['701'], { signal: controller.signal })).rejects.toThrow('check is over');
  });
});
