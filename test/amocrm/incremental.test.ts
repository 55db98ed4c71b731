import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { createAmoConnector } from '../../src/crm/amocrm/connector';
import type { Snapshot } from '../../src/crm/model';
import { loadSnapshot } from '../../src/db/snapshot-reader';
import { createLogger } from '../../src/logger';
import { runSync } from '../../src/sync/run-sync';
import { AMO_NOW, amoFixture } from '../support/fake-amocrm/fixture';
import { startFakeAmo, type FakeAmo } from '../support/fake-amocrm/server';
import { tempDatabase } from '../support/temp-db';

const T = Date.parse(AMO_NOW) / 1000;
const MIN = 60;
const logger = createLogger('silent');
let fake: FakeAmo | undefined;
const databases: ReturnType<typeof tempDatabase>[] = [];
afterEach(async () => {
  await fake?.close();
  for (const db of databases.splice(0)) db.dispose();
});

/** Snapshot rows in a stable order, to compare two databases. */
const sorted = (snapshot: Snapshot) =>
  Object.fromEntries(Object.entries(snapshot).map(([entity, rows]) => [entity, [...(rows as { id: string }[])].sort((a, b) => a.id.localeCompare(b.id))]));

describe.each([true, false])('amoCRM incremental sync (API filters enabled: %s)', (filtersEnabled) => {
  it('after changes equals a fresh full sync, with far fewer requests', async () => {
    const fixture = amoFixture();
    fixture.account.is_api_filter_enabled = filtersEnabled;
    const old = fixture.leads[1]!;
    for (let i = 0; i < 1_000; i++) fixture.leads.push({ ...old, id: 10_000 + i, name: `Старая ${i}`, created_at: T - 60 * 24 * 3600, updated_at: T - 30 * 24 * 3600 });
    fake = await startFakeAmo(fixture);
    const clock = new FixedClock(new Date(AMO_NOW));
    const connector = () => createAmoConnector({ baseUrl: fake!.baseUrl, tokens: { token: async () => fake!.token }, ratePerSecond: 1_000, logger, retryBaseMs: 20 });
    const incremental = tempDatabase();
    databases.push(incremental);
    const amo = connector();
    const sync = (db: ReturnType<typeof tempDatabase>, mode: 'full' | 'incremental', c = amo) => runSync({ handle: db, accountId: 'main', connector: c, clock, logger }, mode);
    await sync(incremental, 'full');
    const fullRequests = amo.client.requests;

    // An hour in the CRM: Ромашка won, its call done, a new lead with a task, a lead deleted, a call made.
    const f = fake.fixture;
    const lead = (id: number) => f.leads.find((l) => l.id === id)!;
    Object.assign(lead(501), { status_id: 142, closed_at: T + 30 * MIN, updated_at: T + 30 * MIN });
    f.events.push({ id: '01new-status', type: 'lead_status_changed', entity_id: 501, entity_type: 'lead', created_by: 11, created_at: T + 30 * MIN, value_before: [{ lead_status: { id: 21, pipeline_id: 3001 } }], value_after: [{ lead_status: { id: 142, pipeline_id: 3001 } }] });
    Object.assign(f.tasks.find((t) => t.id === 701)!, { is_completed: true, updated_at: T + 40 * MIN, result: { text: 'Договорились' } });
    f.leads.push({ ...lead(502), id: 600, name: 'Новая', status_id: 30, created_at: T + 20 * MIN, updated_at: T + 20 * MIN });
    f.tasks.push({ ...f.tasks[0]!, id: 705, entity_id: 600, text: 'Связаться', complete_till: T + 2 * 3600, is_completed: false, created_at: T + 20 * MIN, updated_at: T + 20 * MIN });
    f.leads.splice(f.leads.indexOf(lead(503)), 1);
    f.events.push({ id: '01deleted', type: 'lead_deleted', entity_id: 503, entity_type: 'lead', created_by: 11, created_at: T + 50 * MIN, value_before: [], value_after: [] });
    f.notes.push({ ...f.notes[0]!, id: 804, entity_id: 600, created_at: T + 10 * MIN, updated_at: T + 10 * MIN });
    clock.advance(60 * MIN * 1000);

    const run = await sync(incremental, 'incremental');
    expect(run.mode).toBe('incremental');
    const incrementalRequests = amo.client.requests - fullRequests;

    const fresh = tempDatabase();
    databases.push(fresh);
    await sync(fresh, 'full', connector());
    expect(sorted(loadSnapshot(incremental, 'main'))).toEqual(sorted(loadSnapshot(fresh, 'main')));
    expect(loadSnapshot(incremental, 'main').deals.find((d) => d.id === '501')).toMatchObject({ stageId: '3001:142', stageEnteredAt: (T + 30 * MIN) * 1000 });
    expect(loadSnapshot(incremental, 'main').deals.some((d) => d.id === '503')).toBe(false);
    // Reference lists, two event queries, one page each of leads, tasks and the call notes of leads, contacts and companies.
    expect(incrementalRequests).toBe(11);
    expect(fullRequests).toBeGreaterThanOrEqual(12);
    expect(incrementalRequests).toBeLessThan(fullRequests);
  });
});
