import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { AmoApiError } from '../../src/crm/amocrm/client';
import { createAmoConnector } from '../../src/crm/amocrm/connector';
import { CrmError } from '../../src/crm/connector';
import type { Snapshot } from '../../src/crm/model';
import { phoneFields } from '../../src/crm/phone';
import { loadSnapshot } from '../../src/db/snapshot-reader';
import { createLogger } from '../../src/logger';
import { runSync } from '../../src/sync/run-sync';
import { amoCallsFixture, CALLS } from '../support/fake-amocrm/calls-fixture';
import { AMO_NOW } from '../support/fake-amocrm/fixture';
import { startFakeAmo, type AmoFixture } from '../support/fake-amocrm/server';
import { cleanupAfterEach } from '../support/cleanup';
import { tempDatabase } from '../support/temp-db';

const T = Date.parse(AMO_NOW) / 1000;
const MIN = 60;
const ms = (seconds: number) => seconds * 1000;
const logger = createLogger('silent');
const cleanup = cleanupAfterEach();

const NOTES = ['/api/v4/leads/notes', '/api/v4/contacts/notes', '/api/v4/companies/notes'];
/** The client's number as the three integrations wrote it: one key, one tail. */
const CLIENT = phoneFields('+7 (916) 123-45-67');

async function setup(fixture: AmoFixture = amoCallsFixture()) {
  const fake = cleanup.add(await startFakeAmo(fixture), (f) => f.close());
  const db = cleanup.add(tempDatabase(), (d) => d.dispose());
  const clock = new FixedClock(new Date(AMO_NOW));
  const connector = () => createAmoConnector({ baseUrl: fake.baseUrl, tokens: { token: async () => fake.token }, ratePerSecond: 1_000, logger, retryBaseMs: 5, timeoutMs: 2_000 });
  const amo = connector();
  const sync = (mode: 'full' | 'incremental' = 'full', handle = db, through = amo) => runSync({ handle, accountId: 'main', connector: through, clock, logger }, mode);
  return { fake, db, clock, amo, connector, sync };
}

const byId = <R extends { id: string }>(rows: readonly R[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
const sorted = (snapshot: Snapshot) => Object.fromEntries(Object.entries(snapshot).map(([entity, rows]) => [entity, byId(rows as { id: string }[])]));

describe('amoCRM calls: filed on leads, contacts and companies', () => {
  it('a full sync reads the call notes of all three and files each call where amoCRM filed it', async () => {
    const { fake, db, sync } = await setup();
    await sync();

    const calls = byId(loadSnapshot(db, 'main').calls).filter((c) => Number(c.id) > 810);
    expect(calls).toEqual([
      { id: '811', direction: 'in', missed: true, userId: '11', dealId: '501', contactId: null, companyId: null, ...CLIENT, at: ms(CALLS.missedOnLead.at), durationSec: 0 },
      // Talked through by its status, but for no seconds: missed.
      { id: '812', direction: 'in', missed: true, userId: '11', dealId: null, contactId: '77', companyId: null, ...CLIENT, at: ms(CALLS.missedOnContact.at), durationSec: 0 },
      { id: '813', direction: 'out', missed: false, userId: '11', dealId: null, contactId: '77', companyId: null, ...CLIENT, at: ms(CALLS.callbackOnContact.at), durationSec: 95 },
      { id: '814', direction: 'in', missed: false, userId: '12', dealId: null, contactId: null, companyId: '4001', ...phoneFields('+74950001234'), at: ms(CALLS.talkedOnCompany.at), durationSec: 60 },
      { id: '815', direction: 'out', missed: false, userId: '11', dealId: null, contactId: '78', companyId: null, ...phoneFields('+79160000078'), at: ms(CALLS.editedOldOnContact.at), durationSec: 30 },
    ]);
    // «+7 (916) 123-45-67», «89161234567» and «8 916 123 45 67» are one client; the company's line is another.
    expect(CLIENT).toEqual({ phoneKey: expect.stringMatching(/^[0-9a-f]{20}$/), phoneTail: '4567' });
    expect(calls[3]!.phoneKey).not.toBe(CLIENT.phoneKey);
    // Only calls: the comment on the contact (816) is not one.
    expect(loadSnapshot(db, 'main').calls.map((c) => c.id)).not.toContain('816');
    for (const path of NOTES) {
      const asked = fake.requestsTo(path);
      expect(asked.map((r) => r.status)).toEqual([200]);
      expect(asked[0]!.query.getAll('filter[note_type][]')).toEqual(['call_in', 'call_out']);
    }
    // The numbers themselves are kept nowhere in the database.
    const stored = JSON.stringify(db.sqlite.prepare('SELECT * FROM calls').all());
    for (const digits of ['9161234567', '4950001234', '9160000078']) expect(stored).not.toContain(digits);
  });

  it('reads leads with their contacts, the main one first, and their company', async () => {
    const { fake, db, sync } = await setup();
    await sync();
    const deals = loadSnapshot(db, 'main').deals.map((d) => [d.id, d.contactIds, d.companyId]);
    expect(deals).toEqual([
      ['501', ['77', '78'], null],
      ['502', ['79'], '4001'],
      ['503', [], null],
      ['504', [], null],
    ]);
    expect(fake.requestsTo('/api/v4/leads').every((r) => r.query.get('with')!.split(',').includes('contacts'))).toBe(true);
  });

  it.each([true, false])('an incremental sync brings a call filed on a contact since, and a lead\'s new contacts (API filters enabled: %s)', async (filtersEnabled) => {
    const fixture = amoCallsFixture();
    fixture.account.is_api_filter_enabled = filtersEnabled;
    const { fake, clock, connector, sync } = await setup(fixture);
    const incremental = cleanup.add(tempDatabase(), (d) => d.dispose());
    await sync('full', incremental);

    // Twenty minutes later the manager rings the company back from the contact's card, and the lead gains a contact.
    const f = fake.fixture;
    f.contactNotes!.push({ ...f.contactNotes![1]!, id: 817, entity_id: 79, created_at: T + 20 * MIN, updated_at: T + 20 * MIN, params: { phone: '+7 495 000-12-34', duration: 40, call_status: 4 } });
    f.companyNotes!.push({ ...f.companyNotes![0]!, id: 818, created_at: T + 25 * MIN, updated_at: T + 25 * MIN, params: { phone: '+7 495 000-12-34', duration: 0, call_status: 6 } });
    Object.assign(f.leads.find((l) => l.id === 503)!, { updated_at: T + 30 * MIN, _embedded: { tags: [], companies: [{ id: 4002 }], contacts: [{ id: 80, is_main: true }] } });
    clock.advance(ms(60 * MIN));
    const seen = fake.log.length;

    const run = await sync('incremental', incremental);
    const askedSince = fake.log.slice(seen);

    expect(run.mode).toBe('incremental');
    const fresh = cleanup.add(tempDatabase(), (d) => d.dispose());
    await sync('full', fresh, connector());
    expect(sorted(loadSnapshot(incremental, 'main'))).toEqual(sorted(loadSnapshot(fresh, 'main')));
    const after = loadSnapshot(incremental, 'main');
    expect(after.calls.find((c) => c.id === '817')).toEqual({ id: '817', direction: 'out', missed: false, userId: '11', dealId: null, contactId: '79', companyId: null, ...phoneFields('+74950001234'), at: ms(T + 20 * MIN), durationSec: 40 });
    expect(after.calls.find((c) => c.id === '818')).toMatchObject({ direction: 'in', missed: true, companyId: '4001', dealId: null, contactId: null });
    expect(after.deals.find((d) => d.id === '503')).toMatchObject({ contactIds: ['80'], companyId: '4002' });
    // Each notes collection asked once, for what changed since the last sync began.
    for (const path of NOTES) {
      const asked = askedSince.filter((r) => r.path === path);
      expect(asked).toHaveLength(1);
      expect(asked[0]!.query.get('filter[updated_at][from]')).toBe(String(T));
    }
  });
});

describe('amoCRM readCallsSince: the calls from an instant on, read live', () => {
  it('returns exactly the calls at or after the instant, from all three collections, mapped as the sync maps them, in three requests', async () => {
    const { fake, db, amo, sync } = await setup();
    await sync();
    const since = ms(CALLS.missedOnContact.at);
    const seen = fake.log.length;

    const calls = await amo.readCallsSince(since);

    // 811 came before; 815 was only edited since (amoCRM's filter is by update), so it is dropped by its time.
    expect(calls.map((c) => c.id)).toEqual(['812', '813', '814']);
    const synced = loadSnapshot(db, 'main').calls.filter((c) => c.at >= since);
    expect(calls).toEqual([...synced].sort((a, b) => a.at - b.at));
    const asked = fake.log.slice(seen);
    // No lead call since: amoCRM's 204 ends that walk on its first page.
    expect(asked.map((r) => [r.path, r.status]).sort()).toEqual([
      ['/api/v4/companies/notes', 200],
      ['/api/v4/contacts/notes', 200],
      ['/api/v4/leads/notes', 204],
    ]);
    for (const request of asked) {
      expect(Object.fromEntries([...request.query.keys()].map((k) => [k, request.query.getAll(k)]))).toEqual({
        'filter[note_type][]': ['call_in', 'call_out'],
        'filter[updated_at][from]': [String(CALLS.missedOnContact.at)],
        limit: ['250'],
        page: ['1'],
      });
    }
  });

  it('counts to the millisecond: a call in the same second but before the instant is not from it on', async () => {
    const { amo } = await setup();
    expect((await amo.readCallsSince(ms(CALLS.missedOnContact.at) + 1)).map((c) => c.id)).toEqual(['813', '814']);
    expect((await amo.readCallsSince(ms(T))).map((c) => c.id)).toEqual([]);
  });

  it('pages through a collection with more calls than a page: one request per 250, and the 204 after a full last page', async () => {
    const fixture = amoCallsFixture();
    const template = fixture.contactNotes![0]!;
    fixture.contactNotes!.push(...Array.from({ length: 260 }, (_, i) => ({ ...template, id: 20_000 + i, created_at: T - MIN, updated_at: T - MIN })));
    const company = fixture.companyNotes![0]!;
    fixture.companyNotes = Array.from({ length: 250 }, (_, i) => ({ ...company, id: 30_000 + i, created_at: T - MIN, updated_at: T - MIN }));
    const { fake, amo } = await setup(fixture);

    const calls = await amo.readCallsSince(ms(T - 5 * MIN));

    expect(calls).toHaveLength(510);
    expect(new Set(calls.map((c) => c.id)).size).toBe(510);
    const pagesOf = (path: string) => fake.requestsTo(path).map((r) => [r.query.get('page'), r.status]);
    expect(pagesOf('/api/v4/leads/notes')).toEqual([['1', 204]]);
    expect(pagesOf('/api/v4/contacts/notes')).toEqual([['1', 200], ['2', 200]]);
    expect(pagesOf('/api/v4/companies/notes')).toEqual([['1', 200], ['2', 204]]);
    expect(amo.client.requests).toBe(5);
  });

  it('throws a CrmError when amoCRM keeps answering 500 on one collection, after the client\'s retries', async () => {
    const { fake, amo } = await setup();
    fake.failNext('/api/v4/contacts/notes', { status: 500, body: '' }, 6);

    const error = await amo.readCallsSince(ms(T - 3 * 3600)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CrmError);
    expect(error).toBeInstanceOf(AmoApiError);
    expect(error).toMatchObject({ crm: 'amocrm', failure: 'unavailable', status: 500 });
    expect(fake.requestsTo('/api/v4/contacts/notes').map((r) => r.status)).toEqual([500, 500, 500, 500, 500, 500]);
  });

  it('throws a CrmError when amoCRM cannot be reached at all', async () => {
    const { fake, amo } = await setup();
    await fake.close();

    const error = await amo.readCallsSince(ms(T - 3 * 3600)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CrmError);
    expect(error).toMatchObject({ crm: 'amocrm', failure: 'unavailable', status: null, message: expect.stringMatching(/^amoCRM did not answer GET \/api\/v4\/\w+\/notes/) });
  });

  it('gives the read up when the caller\'s signal fires, and asks nothing when it already has', async () => {
    const { fake, amo } = await setup();
    const controller = new AbortController();
    fake.failNext('/api/v4/companies/notes', 'hang');
    // The check gives up while amoCRM sits on the request.
    fake.hooks.beforeRequest = (path) => {
      if (path === '/api/v4/companies/notes') controller.abort(new Error('check is over'));
    };
    await expect(amo.readCallsSince(ms(T - 3 * 3600), { signal: controller.signal })).rejects.toThrow('check is over');

    delete fake.hooks.beforeRequest;
    const requests = amo.client.requests;
    await expect(amo.readCallsSince(ms(T - 3 * 3600), { signal: AbortSignal.abort(new Error('too late')) })).rejects.toThrow('too late');
    expect(amo.client.requests).toBe(requests);
  });
});
