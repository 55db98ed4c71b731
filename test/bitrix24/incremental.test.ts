import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { createBitrixConnector } from '../../src/crm/bitrix24/connector';
import type { Snapshot } from '../../src/crm/model';
import { loadSnapshot } from '../../src/db/snapshot-reader';
import { createLogger } from '../../src/logger';
import { runSync } from '../../src/sync/run-sync';
import { b24Date, BITRIX_NOW, bitrixFixture } from '../support/fake-bitrix24/fixture';
import { startFakeBitrix, type FakeBitrix } from '../support/fake-bitrix24/server';
import { tempDatabase } from '../support/temp-db';

const T = Date.parse(BITRIX_NOW);
const M = 60_000;
const logger = createLogger('silent');

let fake: FakeBitrix | undefined;
const dbs: ReturnType<typeof tempDatabase>[] = [];
afterEach(async () => {
  await fake?.close();
  for (const db of dbs.splice(0)) db.dispose();
  fake = undefined;
});

function syncer(f: FakeBitrix) {
  const db = tempDatabase();
  dbs.push(db);
  const connector = createBitrixConnector({ endpoint: f.webhookUrl, portalUrl: f.baseUrl, ratePerSecond: 1_000, burst: 1_000, logger, retryBaseMs: 20 });
  const clock = new FixedClock(new Date(BITRIX_NOW));
  return { db, connector, clock, sync: (mode: 'full' | 'incremental') => runSync({ handle: db, accountId: 'main', connector, clock, logger }, mode) };
}

/** Sorted, so two snapshots compare regardless of the order rows were written in. */
function normalised(snapshot: Snapshot): Snapshot {
  const sorted = <R extends { id: string }>(rows: R[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  return Object.fromEntries(Object.entries(snapshot).map(([k, rows]) => [k, sorted(rows as { id: string }[])])) as unknown as Snapshot;
}

/** Commands the portal ran: a batch's commands each, a plain call one. */
const commandsOf = (f: FakeBitrix, from = 0) => f.calls().slice(from).reduce((n, c) => n + (c.commands?.length ?? 1), 0);

describe('Bitrix24 incremental sync', () => {
  it('after changes and deletions equals a full sync of the same portal', async () => {
    fake = await startFakeBitrix(bitrixFixture());
    const f = fake.fixture;
    const incremental = syncer(fake);
    await incremental.sync('full');

    // Half an hour later: Ромашка won, «Перезвонить» done, a new deal, a missed call; Опт-1 and a to-do deleted.
    const deal101 = f.deals.find((d) => d.ID === '101')!;
    Object.assign(deal101, { STAGE_ID: 'WON', STAGE_SEMANTIC_ID: 'S', CLOSED: 'Y', MOVED_TIME: b24Date(T + 30 * M), DATE_MODIFY: b24Date(T + 30 * M) });
    f.stageHistory.push({ ID: 9, TYPE_ID: 3, OWNER_ID: 101, CREATED_TIME: b24Date(T + 30 * M), CATEGORY_ID: 0, STAGE_SEMANTIC_ID: 'S', STAGE_ID: 'WON' });
    Object.assign(f.tasks.find((t) => t.id === '701')!, { status: '5', closedDate: b24Date(T + 20 * M), changedDate: b24Date(T + 20 * M) });
    f.deals.push({ ...f.deals[0]!, ID: '105', TITLE: 'Новая', STAGE_ID: 'NEW', STAGE_SEMANTIC_ID: 'P', CLOSED: 'N', DATE_CREATE: b24Date(T + 10 * M), DATE_MODIFY: b24Date(T + 10 * M), MOVED_TIME: b24Date(T + 10 * M) });
    f.stageHistory.push({ ID: 10, TYPE_ID: 1, OWNER_ID: 105, CREATED_TIME: b24Date(T + 10 * M), CATEGORY_ID: 0, STAGE_SEMANTIC_ID: 'P', STAGE_ID: 'NEW' });
    f.calls.push({ ...f.calls[0]!, ID: '5003', CALL_START_DATE: b24Date(T + 15 * M), CRM_ENTITY_ID: '105' });
    f.deals = f.deals.filter((d) => d.ID !== '102');
    f.activities = f.activities.filter((a) => a.ID !== '902');

    incremental.clock.set(new Date(T + 60 * M));
    const run = await incremental.sync('incremental');
    expect(run.mode).toBe('incremental');
    const full = syncer(fake);
    full.clock.set(new Date(T + 60 * M));
    await full.sync('full');

    const got = normalised(loadSnapshot(incremental.db, 'main'));
    expect(got).toEqual(normalised(loadSnapshot(full.db, 'main')));
    expect(got.deals.map((d) => d.id)).toEqual(['101', '103', '104', '105']);
    expect(got.stageChanges.find((c) => c.id === '9')).toMatchObject({ dealId: '101', fromStageId: 'PREPARATION', toStageId: 'WON' });
    expect(got.tasks.find((t) => t.id === '701')).toMatchObject({ completed: true, completedAt: T + 20 * M });
    expect(got.tasks.some((t) => t.id === 'act-902')).toBe(false);
  });

  it('asks for what changed, not for the whole portal: 1 % of changes costs a few per cent of the commands', async () => {
    const base = bitrixFixture();
    const template = base.deals[0]!;
    const taskTemplate = base.tasks[0]!;
    base.deals = Array.from({ length: 3_000 }, (_, i) => ({ ...template, ID: String(10_000 + i) }));
    base.tasks = Array.from({ length: 3_000 }, (_, i) => ({ ...taskTemplate, id: String(20_000 + i), ufCrmTask: [`D_${10_000 + i}`] }));
    base.stageHistory = base.deals.map((d, i) => ({ ID: i + 1, TYPE_ID: 1, OWNER_ID: Number(d.ID), CREATED_TIME: b24Date(T - 86_400_000), CATEGORY_ID: 0, STAGE_SEMANTIC_ID: 'P', STAGE_ID: 'PREPARATION' }));
    fake = await startFakeBitrix(base);
    const s = syncer(fake);
    await s.sync('full');
    const fullCommands = commandsOf(fake);
    const fullRequests = fake.calls().length;

    const before = fake.calls().length;
    for (let i = 0; i < 30; i++) base.deals[i * 100]!.DATE_MODIFY = b24Date(T + 5 * M);
    for (let i = 0; i < 30; i++) base.tasks[i * 100]!.changedDate = b24Date(T + 5 * M);
    s.clock.set(new Date(T + 10 * M));
    await s.sync('incremental');
    const incrementalCommands = commandsOf(fake, before);
    const incrementalRequests = fake.calls().length - before;

    expect(loadSnapshot(s.db, 'main').deals).toHaveLength(3_000);
    // Reference lists (2 batches), the changed rows (1), the totals that reveal deletions (1).
    expect(incrementalRequests).toBe(4);
    expect(incrementalRequests).toBeLessThan(fullRequests);
    expect(incrementalCommands / fullCommands).toBeLessThan(0.1);
  });
});
