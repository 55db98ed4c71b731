import qs from 'qs';
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { createBitrixConnector } from '../../src/crm/bitrix24/connector';
import { CrmError } from '../../src/crm/connector';
import type { Call, Snapshot } from '../../src/crm/model';
import { phoneFields } from '../../src/crm/phone';
import { loadSnapshot } from '../../src/db/snapshot-reader';
import { createLogger } from '../../src/logger';
import { runSync } from '../../src/sync/run-sync';
import { AT, bitrixCallsFixture, callActivity, telephonyRecord } from '../support/fake-bitrix24/calls-fixture';
import { b24Date, BITRIX_NOW } from '../support/fake-bitrix24/fixture';
import { startFakeBitrix, type BitrixFixture, type FakeBitrix } from '../support/fake-bitrix24/server';
import { cleanupAfterEach } from '../support/cleanup';
import { tempDatabase } from '../support/temp-db';

const T = Date.parse(BITRIX_NOW);
const M = 60_000;
const H = 60 * M;
const D = 24 * H;

const cleanup = cleanupAfterEach();

async function setup(fixture: BitrixFixture = bitrixCallsFixture()) {
  const fake = cleanup.add(await startFakeBitrix(fixture), (f) => f.close());
  const lines: string[] = [];
  const logger = createLogger('warn', { write: (line: string) => void lines.push(line) });
  const b24 = createBitrixConnector({ endpoint: fake.webhookUrl, portalUrl: fake.baseUrl, ratePerSecond: 1_000, burst: 1_000, logger, retryBaseMs: 20, timeoutMs: 2_000 });
  return { fake, b24, lines, logger };
}

/** A database synced from the fake at `at`, fully or by changes. */
function syncer(fake: FakeBitrix, logger = createLogger('silent')) {
  const db = cleanup.add(tempDatabase(), (d) => d.dispose());
  const connector = createBitrixConnector({ endpoint: fake.webhookUrl, portalUrl: fake.baseUrl, ratePerSecond: 1_000, burst: 1_000, logger, retryBaseMs: 20 });
  const clock = new FixedClock(new Date(BITRIX_NOW));
  return {
    db,
    sync: (mode: 'full' | 'incremental', at = T) => {
      clock.set(new Date(at));
      return runSync({ handle: db, accountId: 'main', connector, clock, logger }, mode);
    },
    snapshot: () => loadSnapshot(db, 'main'),
  };
}

const byId = <R extends { id: string }>(rows: readonly R[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
const oldestFirst = (calls: readonly Call[]) => [...calls].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
const sorted = (snapshot: Snapshot) => Object.fromEntries(Object.entries(snapshot).map(([k, rows]) => [k, byId(rows as { id: string }[])]));

/** A batch's commands as method and parsed parameters. */
function commandsOf(call: { params: Record<string, unknown> }): { method: string; params: Record<string, unknown> }[] {
  return Object.values(call.params.cmd as Record<string, string>).map((c) => {
    const [method = '', query = ''] = c.split(/\?(.*)/s);
    return { method, params: qs.parse(query, { depth: 10, arrayLimit: 1000 }) as Record<string, unknown> };
  });
}

const CLIENT = phoneFields('+79161234567');
const LEAD_NUMBER = phoneFields('+74950000000');

describe('Bitrix24 calls in a sync: every call, on what the CRM filed it, with its number', () => {
  it('maps telephony records and call activities, one call where a record made an activity', async () => {
    const { fake } = await setup();
    const s = syncer(fake);
    await s.sync('full');
    const snapshot = s.snapshot();

    expect(byId(snapshot.calls)).toEqual([
      { id: 'act-952', direction: 'in', missed: false, userId: '12', dealId: '102', contactId: null, companyId: null, ...LEAD_NUMBER, at: AT.loggedIncoming, durationSec: 300 },
      // An incoming call left open, on a lead: missed, filed on nothing the model knows.
      { id: 'act-954', direction: 'in', missed: true, userId: '12', dealId: null, contactId: null, companyId: null, ...LEAD_NUMBER, at: AT.loggedMissedOnLead, durationSec: 0 },
      { id: 'vox-5001', direction: 'in', missed: true, userId: '12', dealId: '102', contactId: null, companyId: null, ...phoneFields('+79990000001'), at: T - D, durationSec: 0 },
      { id: 'vox-5002', direction: 'out', missed: false, userId: '11', dealId: '101', contactId: null, companyId: null, ...phoneFields('+79990000002'), at: T - 2 * D, durationSec: 95 },
      // 304 on the contact; 486 busy on the deal (missed though it rang 12 s); answered on the company.
      { id: 'vox-6001', direction: 'in', missed: true, userId: '11', dealId: null, contactId: '7', companyId: null, ...CLIENT, at: AT.missedOnContact, durationSec: 0 },
      { id: 'vox-6002', direction: 'in', missed: true, userId: '11', dealId: '101', contactId: null, companyId: null, ...CLIENT, at: AT.busyOnDeal, durationSec: 12 },
      { id: 'vox-6003', direction: 'in', missed: false, userId: '12', dealId: null, contactId: null, companyId: '3', ...CLIENT, at: AT.answeredOnCompany, durationSec: 180 },
      // The portal's callback to the contact: outgoing.
      { id: 'vox-6004', direction: 'out', missed: false, userId: '11', dealId: null, contactId: '7', companyId: null, ...CLIENT, at: AT.callbackToContact, durationSec: 60 },
      { id: 'vox-6005', direction: 'in', missed: true, userId: '12', dealId: null, contactId: null, companyId: null, ...LEAD_NUMBER, at: AT.missedFromLead, durationSec: 0 },
      // Busy on an outgoing call is an attempt, not a miss.
      { id: 'vox-6007', direction: 'out', missed: false, userId: '12', dealId: '102', contactId: null, companyId: null, ...LEAD_NUMBER, at: AT.outgoingBusy, durationSec: 0 },
      { id: 'vox-6008', direction: 'in', missed: false, userId: '12', dealId: '104', contactId: null, companyId: null, ...phoneFields('+74950000001'), at: AT.redirectedAnswered, durationSec: 45 },
    ]);
    // Not calls: the activities records made (901, 951, 955 — the records stand for them), the robot's message (6006), a call planned (953).
    // Every activity is still a task.
    expect(snapshot.tasks.map((t) => t.id).filter((id) => id.startsWith('act-95')).sort()).toEqual(['act-951', 'act-952', 'act-953', 'act-954', 'act-955']);
  });

  it('gives one key to a number however it is written, and keeps only its last four digits', async () => {
    const { fake } = await setup();
    const s = syncer(fake);
    await s.sync('full');
    const calls = new Map(s.snapshot().calls.map((c) => [c.id, c]));
    // `+7 (916) 123-45-67`, `89161234567`, `8 916 123 45 67`, `+79161234567`.
    const keys = ['vox-6001', 'vox-6002', 'vox-6003', 'vox-6004'].map((id) => calls.get(id)!.phoneKey);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{20}$/);
    expect(calls.get('vox-6001')!.phoneTail).toBe('4567');
    expect(JSON.stringify([...calls.values()])).not.toMatch(/916|1234567/);
  });

  it('reads deals\' main contact and company; none however the portal writes none', async () => {
    const { fake } = await setup();
    const s = syncer(fake);
    await s.sync('full');
    expect(byId(s.snapshot().deals).map((d) => [d.id, d.contactIds, d.companyId])).toEqual([
      ['101', ['7'], '3'],
      ['102', [], '5'],
      ['103', [], null],
      ['104', ['9'], null],
    ]);
    // crm.deal.list is asked for both; no request per deal for its other contacts.
    const dealCommand = commandsOf(fake.calls('batch').find((c) => c.commands!.includes('crm.deal.list') && c.commands!.length > 1)!).find((c) => c.method === 'crm.deal.list')!;
    expect(dealCommand.params.select).toEqual(expect.arrayContaining(['CONTACT_ID', 'COMPANY_ID']));
    expect(fake.calls().some((c) => c.method.startsWith('crm.deal.contact') || (c.commands ?? []).some((m) => m.startsWith('crm.deal.contact')))).toBe(false);
  });

  it('drops the activity a record made even when the record comes pages after it', async () => {
    const fixture = bitrixCallsFixture();
    // 150 older records with lower ids: the telephony walk reaches 6001 and 6003 in its second batch, the activities end in the first.
    fixture.calls.unshift(...Array.from({ length: 150 }, (_, i) => telephonyRecord(String(i + 1), { type: '1', code: '200', seconds: 30, at: T - 10 * D + i * M, on: ['DEAL', '101'], phone: '+79990000003', user: '11' })));
    const { fake } = await setup(fixture);
    const s = syncer(fake);
    await s.sync('full');
    const ids = s.snapshot().calls.map((c) => c.id);
    expect(ids).toHaveLength(150 + 11);
    expect(ids.filter((id) => id.startsWith('act-')).sort()).toEqual(['act-952', 'act-954']);
    const telephonyBatches = fake.calls('batch').filter((c) => c.commands!.includes('voximplant.statistic.get'));
    expect(telephonyBatches.length).toBeGreaterThan(1);
  });

  it('an incremental sync picks up a new call, a record that claims a call stored before, and an old call\'s activity changed since; equal to a full sync', async () => {
    const fixture = bitrixCallsFixture();
    // A call going on while the first sync runs: its activity is there, its record is written when it ends.
    fixture.activities.push(callActivity('962', { owner: ['contact', '7'], direction: 'in', completed: false, at: T - 2 * M, seconds: 0, user: '11', phone: '+79161234567' }));
    const { fake } = await setup(fixture);
    const s = syncer(fake);
    await s.sync('full', T);
    expect(s.snapshot().calls.find((c) => c.id === 'act-962')).toMatchObject({ missed: true });

    const f = fake.fixture;
    // The call ends, answered, four minutes long.
    Object.assign(f.activities.find((a) => a.ID === '962')!, { COMPLETED: 'Y', END_TIME: b24Date(T + 2 * M), LAST_UPDATED: b24Date(T + 2 * M) });
    f.calls.push(telephonyRecord('6102', { type: '2', code: '200', seconds: 240, at: T - 2 * M, on: ['CONTACT', '7'], phone: '+79161234567', user: '11', activity: '962' }));
    // A new missed call and its open activity.
    f.calls.push(telephonyRecord('6101', { type: '2', code: '304', seconds: 0, at: T + 10 * M, on: ['CONTACT', '7'], phone: '8 (916) 123-45-67', user: '11', activity: '961' }));
    f.activities.push(callActivity('961', { owner: ['contact', '7'], direction: 'in', completed: false, at: T + 10 * M, seconds: 0, user: '11', phone: '+79161234567' }));
    // The manager closes the to-do of this morning's missed call (its record is five hours old) and calls back.
    Object.assign(f.activities.find((a) => a.ID === '951')!, { COMPLETED: 'Y', LAST_UPDATED: b24Date(T + 20 * M) });
    f.calls.push(telephonyRecord('6103', { type: '1', code: '200', seconds: 90, at: T + 20 * M, on: ['CONTACT', '7'], phone: '+79161234567', user: '11' }));

    const before = fake.calls().length;
    const run = await s.sync('incremental', T + 30 * M);
    expect(run.mode).toBe('incremental');
    const calls = new Map(s.snapshot().calls.map((c) => [c.id, c]));
    expect(calls.get('vox-6101')).toMatchObject({ direction: 'in', missed: true, contactId: '7', ...CLIENT, at: T + 10 * M });
    expect(calls.get('vox-6102')).toMatchObject({ direction: 'in', missed: false, durationSec: 240 });
    expect(calls.get('vox-6103')).toMatchObject({ direction: 'out', contactId: '7', ...CLIENT });
    expect([...calls.keys()].filter((id) => ['act-951', 'act-961', 'act-962'].includes(id))).toEqual([]);

    // 951's record lies before the window: telephony is asked about it by CRM_ACTIVITY_ID, in one more request.
    const lookups = fake
      .calls()
      .slice(before)
      .flatMap((c) => (c.commands ? commandsOf(c) : []))
      .filter((c) => c.method === 'voximplant.statistic.get' && (c.params.FILTER as Record<string, unknown>).CRM_ACTIVITY_ID !== undefined);
    expect(lookups.map((c) => (c.params.FILTER as Record<string, unknown>).CRM_ACTIVITY_ID)).toEqual([['951']]);

    const full = syncer(fake);
    await full.sync('full', T + 30 * M);
    expect(sorted(s.snapshot())).toEqual(sorted(full.snapshot()));
  });

  it('reads the telephony window back an hour: a call begun before the last sync and ended after it is not lost', async () => {
    const { fake } = await setup();
    const s = syncer(fake);
    await s.sync('full', T);
    fake.fixture.calls.push(telephonyRecord('6201', { type: '2', code: '304', seconds: 0, at: T - 5 * M, on: ['DEAL', '101'], phone: '+79161234567', user: '11' }));
    await s.sync('incremental', T + 10 * M);
    expect(s.snapshot().calls.find((c) => c.id === 'vox-6201')).toMatchObject({ missed: true, dealId: '101' });
  });
});

describe('Bitrix24 readCallsSince: the calls from an instant on, read live', () => {
  it('returns exactly the calls at or after the instant, oldest first, mapped as the sync maps them, in one request', async () => {
    const { fake, b24 } = await setup();
    const s = syncer(fake);
    await s.sync('full');
    const synced = s.snapshot().calls;
    const seen = fake.log.length;

    const since = AT.answeredOnCompany;
    const calls = await b24.readCallsSince(since);

    expect(calls.map((c) => c.id)).toEqual(['vox-6003', 'vox-6004', 'vox-6005', 'vox-6007', 'vox-6008']);
    expect(calls).toEqual(oldestFirst(synced.filter((c) => c.at >= since)));
    const requests = fake.log.slice(seen);
    expect(requests.map((c) => [c.method, c.status])).toEqual([['batch', 200]]);
    const commands = commandsOf(requests[0]!);
    const iso = new Date(since).toISOString().replace('.000Z', '+00:00');
    expect(commands.find((c) => c.method === 'voximplant.statistic.get')!.params.FILTER).toMatchObject({ '>=CALL_START_DATE': iso });
    expect(commands.find((c) => c.method === 'crm.activity.list')!.params.filter).toMatchObject({ TYPE_ID: '2', '>=START_TIME': iso });

    expect((await b24.readCallsSince(since + 1)).map((c) => c.id)).toEqual(['vox-6004', 'vox-6005', 'vox-6007', 'vox-6008']);
    expect(await b24.readCallsSince(T)).toEqual([]);
  });

  it('asks telephony about call activities no record in the window claims, in one more request', async () => {
    const { fake, b24 } = await setup();
    const s = syncer(fake);
    await s.sync('full');
    const seen = fake.log.length;

    const calls = await b24.readCallsSince(AT.loggedIncoming);

    expect(calls).toEqual(oldestFirst(s.snapshot().calls.filter((c) => c.at >= AT.loggedIncoming)));
    expect(calls.map((c) => c.id)).toEqual(['act-952', 'act-954', 'vox-6001', 'vox-6002', 'vox-6003', 'vox-6004', 'vox-6005', 'vox-6007', 'vox-6008']);
    const requests = fake.log.slice(seen);
    expect(requests.map((c) => c.method)).toEqual(['batch', 'batch']);
    expect(commandsOf(requests[1]!).map((c) => (c.params.FILTER as Record<string, unknown>).CRM_ACTIVITY_ID)).toEqual([['952', '954']]);
  });

  it('pages through a busy window, 50 rows a page, chained in a batch', async () => {
    const fixture = bitrixCallsFixture();
    fixture.calls.push(...Array.from({ length: 120 }, (_, i) => telephonyRecord(String(7_000 + i), { type: '1', code: '200', seconds: 30, at: T - 50 * M + i * 1000, on: ['DEAL', '101'], phone: '+79990000004', user: '11' })));
    const { fake, b24 } = await setup(fixture);

    const calls = await b24.readCallsSince(T - 50 * M);

    expect(calls).toHaveLength(120);
    expect(calls[0]!.id).toBe('vox-7000');
    expect(calls[119]!.id).toBe('vox-7119');
    // One page of each list, then the telephony's remaining pages chained in one batch.
    expect(fake.calls().map((c) => c.method)).toEqual(['batch', 'batch']);
  });

  it('answers with the call activities alone when the webhook may not read telephony, as the sync does', async () => {
    const { fake, b24, lines } = await setup();
    fake.setScopes(['crm', 'task', 'user', 'department']);
    const s = syncer(fake);
    await s.sync('full');

    const calls = await b24.readCallsSince(AT.loggedIncoming);

    expect(calls.map((c) => c.id)).toEqual(['act-952', 'act-954', 'act-951', 'act-955']);
    expect(calls).toEqual(oldestFirst(s.snapshot().calls.filter((c) => c.at >= AT.loggedIncoming)));
    expect(calls.find((c) => c.id === 'act-951')).toMatchObject({ direction: 'in', missed: true, contactId: '7', ...CLIENT });
    expect(lines.join('')).toContain('read calls without it');
    expect(lines.join('')).not.toMatch(/916|1234567/);
  });

  it('throws a CrmError when the portal keeps failing or refuses a command', async () => {
    const { fake, b24 } = await setup();
    fake.failNext('batch', { status: 500, error: 'INTERNAL_SERVER_ERROR' }, 6);
    const unavailable = await b24.readCallsSince(T - H).catch((e: unknown) => e);
    expect(unavailable).toBeInstanceOf(CrmError);
    expect(unavailable).toMatchObject({ crm: 'bitrix24', failure: 'unavailable' });

    fake.failCommand('voximplant.statistic.get', 'INVALID_ARG_VALUE', 'Invalid filter');
    const refused = await b24.readCallsSince(T - H).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CrmError);
    expect((refused as Error).message).toMatch(/voximplant\.statistic\.get/);

    fake.revokeWebhook();
    await expect(b24.readCallsSince(T - H)).rejects.toBeInstanceOf(CrmError);
  });

  it('gives the read up when the caller\'s signal fires', async () => {
    const { fake, b24 } = await setup();
    fake.failNext('batch', 'hang');
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('check is over')), 50);
    await expect(b24.readCallsSince(T - H, { signal: controller.signal })).rejects.toThrow('check is over');
    await expect(b24.readCallsSince(T - H, { signal: AbortSignal.abort(new Error('too late')) })).rejects.toThrow('too late');
  });
});
