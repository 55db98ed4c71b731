import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { createAmoConnector } from '../../src/crm/amocrm/connector';
import { READ_AHEAD } from '../../src/crm/amocrm/paging';
import { phoneFields } from '../../src/crm/phone';
import { loadSnapshot } from '../../src/db/snapshot-reader';
import { createLogger } from '../../src/logger';
import { lastSyncRun, runFullSync } from '../../src/sync/run-sync';
import { cliHarness } from '../support/cli-harness';
import { AMO_NOW, amoFixture } from '../support/fake-amocrm/fixture';
import { startFakeAmo, type FakeAmo, type LoggedRequest } from '../support/fake-amocrm/server';
import { cleanupAfterEach } from '../support/cleanup';
import { tempDatabase } from '../support/temp-db';

const T = Date.parse(AMO_NOW);
const H = 3_600_000;
const D = 24 * H;
const logger = createLogger('silent');

let fake: FakeAmo | undefined;
let db: ReturnType<typeof tempDatabase> | undefined;
const cleanup = cleanupAfterEach();

/**
 * A walk's pages, each asked for once, answered `statuses` from page 1 on;
 * past the end only 204s, at most `READ_AHEAD - 1` of them (pages read ahead
 * in vain). Requests in flight together may arrive in any order.
 */
function expectWalk(requests: LoggedRequest[], statuses: number[]): void {
  const answers = requests.map((r) => [Number(r.query.get('page')), r.status]).sort(([a], [b]) => a! - b!);
  expect(answers.slice(0, statuses.length)).toEqual(statuses.map((status, i) => [i + 1, status]));
  const past = answers.slice(statuses.length);
  expect(past).toEqual(past.map((_, i) => [statuses.length + i + 1, 204]));
  expect(past.length).toBeLessThanOrEqual(READ_AHEAD - 1);
}

async function setup(options: Parameters<typeof startFakeAmo>[1] = {}, connector: { ratePerSecond?: number; timeoutMs?: number } = {}) {
  fake = cleanup.add(await startFakeAmo(amoFixture(), options), (f) => f.close());
  db = cleanup.add(tempDatabase(), (d) => d.dispose());
  const amo = createAmoConnector({ baseUrl: fake.baseUrl, tokens: { token: async () => fake!.token }, ratePerSecond: connector.ratePerSecond ?? 100, logger, retryBaseMs: 20, timeoutMs: connector.timeoutMs ?? 2_000 });
  const sync = () => runFullSync({ handle: db!, accountId: 'main', connector: amo, clock: new FixedClock(new Date(AMO_NOW)), logger });
  return { fake, db, amo, sync };
}

describe('amoCRM connector, full sync', () => {
  it('brings the account into the neutral snapshot exactly', async () => {
    const { db, sync } = await setup();
    await sync();
    const snapshot = loadSnapshot(db, 'main');
    expect(snapshot.userGroups).toEqual([
      { id: '0', name: 'Отдел продаж', leadUserId: null },
      { id: '5', name: 'Регионы', leadUserId: null },
    ]);
    expect(snapshot.users).toEqual([
      { id: '11', name: 'Ипполит', active: true, groupId: '0' },
      { id: '12', name: 'Анна', active: true, groupId: '5' },
      { id: '13', name: 'Уволенный', active: false, groupId: null },
    ]);
    expect(snapshot.pipelines).toEqual([
      { id: '3001', name: 'Продажи', sort: 1 },
      { id: '3002', name: 'Опт', sort: 2 },
    ]);
    expect(snapshot.stages.map((s) => [s.id, s.name, s.kind]).sort(([a], [b]) => a!.localeCompare(b!, 'en', { numeric: true }))).toEqual([
      ['3001:10', 'Неразобранное', 'open'],
      ['3001:20', 'Целевая сделка', 'open'],
      ['3001:21', 'Контакт установлен', 'open'],
      ['3001:142', 'Успешно реализовано', 'won'],
      ['3001:143', 'Закрыто и не реализовано', 'lost'],
      ['3002:30', 'Счёт выставлен', 'open'],
      ['3002:142', 'Успешно реализовано', 'won'],
      ['3002:143', 'Закрыто и не реализовано', 'lost'],
    ]);
    expect(snapshot.deals).toEqual([
      { id: '501', name: 'Ромашка', price: 120_000, pipelineId: '3001', stageId: '3001:21', responsibleId: '11', createdAt: T - 3 * D, updatedAt: T - H, closedAt: null, stageEnteredAt: T - 2 * D, lossReason: null, contactIds: ['77', '78'], companyId: null },
      { id: '502', name: 'Опт-1', price: 500_000, pipelineId: '3002', stageId: '3002:30', responsibleId: '12', createdAt: T - 10 * D, updatedAt: T - D, closedAt: null, stageEnteredAt: T - 10 * D, lossReason: null, contactIds: ['79'], companyId: '4001' },
      { id: '503', name: 'Отказ без причины', price: 40_000, pipelineId: '3001', stageId: '3001:143', responsibleId: '11', createdAt: T - 9 * D, updatedAt: T - D, closedAt: T - D, stageEnteredAt: T - D, lossReason: null, contactIds: [], companyId: null },
      { id: '504', name: 'Отказ: дорого', price: 60_000, pipelineId: '3001', stageId: '3001:143', responsibleId: '12', createdAt: T - 12 * D, updatedAt: T - 2 * D, closedAt: T - 2 * D, stageEnteredAt: T - 12 * D, lossReason: 'Дорого', contactIds: [], companyId: null },
    ]);
    expect(snapshot.tasks).toEqual([
      { id: '701', dealId: '501', responsibleId: '11', text: 'Перезвонить', type: 'Звонок', dueAt: T - 2 * H, completed: false, completedAt: null, createdAt: T - 3 * D },
      { id: '702', dealId: '502', responsibleId: '12', text: 'Выставить счёт', type: 'Письмо', dueAt: T + D, completed: false, completedAt: null, createdAt: T - 2 * D },
      { id: '703', dealId: '501', responsibleId: '11', text: 'Первый звонок', type: 'Звонок', dueAt: T - D, completed: true, completedAt: T - 20 * H, createdAt: T - 3 * D },
      { id: '704', dealId: null, responsibleId: '11', text: 'Поздравить', type: 'Встреча', dueAt: T - H, completed: false, completedAt: null, createdAt: T - D },
    ]);
    expect(snapshot.stageChanges).toEqual([
      { id: '01pz58t6p04ymgsgfbmfyfy1mf', dealId: '501', fromStageId: '3001:20', toStageId: '3001:21', at: T - 2 * D, byUserId: '11' },
      { id: '01pz58t6p04ymgsgfbmfyfy3cd', dealId: '503', fromStageId: '3001:21', toStageId: '3001:143', at: T - D, byUserId: '11' },
    ]);
    expect(snapshot.calls).toEqual([
      { id: '801', direction: 'out', missed: false, userId: '11', dealId: '501', contactId: null, companyId: null, ...phoneFields('+79990000001'), at: T - 2 * D, durationSec: 120 },
      { id: '802', direction: 'in', missed: true, userId: '12', dealId: '502', contactId: null, companyId: null, ...phoneFields('+79990000002'), at: T - D, durationSec: 0 },
    ]);
  });

  it('pages by number and stops on a 204 when the total is a multiple of the page size', async () => {
    const { fake, db, amo, sync } = await setup();
    const template = fake.fixture.leads[0]!;
    fake.fixture.leads = Array.from({ length: 500 }, (_, i) => ({ ...template, id: 10_000 + i }));
    await sync();
    expect(loadSnapshot(db, 'main').deals).toHaveLength(500);
    expectWalk(fake.requestsTo('/api/v4/leads'), [200, 200, 204]);
    fake.fixture.leads.push({ ...template, id: 20_000 });
    const before = amo.client.requests;
    const seen = fake.requestsTo('/api/v4/leads').length;
    await sync();
    expectWalk(fake.requestsTo('/api/v4/leads').slice(seen), [200, 200, 200]);
    // account, users, pipelines, loss reasons, events, 3 pages of leads, tasks, call notes of leads, contacts and companies; and pages read ahead in vain.
    expect(amo.client.requests - before).toBeGreaterThanOrEqual(12);
    expect(amo.client.requests - before).toBeLessThanOrEqual(12 + READ_AHEAD - 1);
    expect(fake.requestsTo('/api/v4/events').every((r) => r.query.get('limit') === '100')).toBe(true);
  });

  it('asks pages ahead while it reads one, and gives up those past the end once the walk is over', async () => {
    const { fake, db, sync } = await setup({ latencyMs: 40 });
    const template = fake.fixture.leads[0]!;
    fake.fixture.leads = Array.from({ length: 1_000 }, (_, i) => ({ ...template, id: 10_000 + i }));
    await sync();
    expect(loadSnapshot(db, 'main').deals).toHaveLength(1_000);
    // A round trip is four times the interval between requests: without reading ahead, one request at a time.
    expect(fake.maxConcurrent).toBe(READ_AHEAD);
    expectWalk(fake.requestsTo('/api/v4/leads'), [200, 200, 200, 200, 204]);
    const after = fake.log.length;
    await new Promise((done) => setTimeout(done, 200));
    expect(fake.log.length).toBe(after);
  });

  it('stays under the account\'s rate limit on its own: no 429 at 7 requests per second', async () => {
    const { fake, sync } = await setup({ ratePerSecond: 7 }, { ratePerSecond: 7 });
    const template = fake.fixture.leads[0]!;
    fake.fixture.leads = Array.from({ length: 1_000 }, (_, i) => ({ ...template, id: 10_000 + i }));
    await sync();
    expect(fake.log.filter((r) => r.status === 429)).toEqual([]);
    expect(fake.log.length).toBeGreaterThanOrEqual(14);
    expect(fake.log.length).toBeLessThanOrEqual(14 + READ_AHEAD - 1);
  }, 20_000);

  it('waits out 429 bursts, 5xx answers and a hung request, then finishes', async () => {
    const { fake, db, sync } = await setup({}, { timeoutMs: 300 });
    fake.failNext('/api/v4/leads', { status: 429, body: '' }, 3);
    fake.failNext('/api/v4/tasks', { status: 502, body: 'Bad Gateway', contentType: 'text/plain' }, 2);
    fake.failNext('/api/v4/users', 'hang');
    await sync();
    expect(loadSnapshot(db, 'main').deals).toHaveLength(4);
    expect(lastSyncRun(db, 'main')?.status).toBe('ok');
  });

  it('stops everything on amoCRM\'s 403 HTML block, keeps the previous snapshot and records why', async () => {
    const { fake, db, amo, sync } = await setup({ ratePerSecond: 1_000, blockAfter429s: 2 });
    await sync();
    fake.failNext('/api/v4/leads', { status: 403, body: '<html><body><h1>403 Forbidden</h1><hr>nginx</body></html>', contentType: 'text/html' });
    await expect(sync()).rejects.toThrow(/blocked this integration's access/);
    const calls = amo.client.requests;
    await expect(sync()).rejects.toThrow(/blocked/);
    expect(amo.client.requests).toBe(calls);
    expect(loadSnapshot(db, 'main').deals).toHaveLength(4);
    expect(lastSyncRun(db, 'main')).toMatchObject({ status: 'failed', error: expect.stringContaining('403') });
  });

  it('a client that ignored the limit would be blocked: amoCRM answers 429s, then the 403 page, and the sync stops', async () => {
    // A second integration hammering the same account: amoCRM allows 3 a second here and blocks after 3 refusals in a row.
    const { fake, amo, sync } = await setup({ ratePerSecond: 3, blockAfter429s: 3 }, { ratePerSecond: 1_000 });
    const error = await sync().then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(fake.blocked).toBe(true);
    expect(error?.message).toContain('blocked this integration');
    const calls = amo.client.requests;
    await expect(sync()).rejects.toThrow(/blocked/);
    expect(amo.client.requests).toBe(calls);
  });

  it('explains an expired token, an unpaid account and a token without admin rights', async () => {
    const { fake, sync } = await setup();
    fake.flags.usersForbidden = true;
    await expect(sync()).rejects.toThrow(/the token must belong to an amoCRM admin/);
    fake.flags.usersForbidden = false;
    fake.flags.unpaid = true;
    await expect(sync()).rejects.toThrow(/subscription has ended/);
    fake.flags.unpaid = false;
    fake.expireToken(fake.token);
    const error = await sync().then(
      () => new Error('the sync should have failed'),
      (e: unknown) => e as Error,
    );
    expect(error.message).toMatch(/rejected the token \(401: Token has expired\).*AMOCRM_TOKEN/);
    expect(error.message).not.toContain(fake.token);
  });
});

describe('CRM=amocrm through the CLI', () => {
  it('sync, then findings --json equal the findings derived by hand', async () => {
    fake = cleanup.add(await startFakeAmo(amoFixture()), (f) => f.close());
    const cli = cliHarness(AMO_NOW, { CRM: 'amocrm', AMOCRM_BASE_URL: fake.baseUrl, AMOCRM_TOKEN: fake.token, AMOCRM_RATE_LIMIT: '50' });
    try {
      const sync = await cli.run('sync');
      expect(sync).toMatchObject({ code: 0, stderr: '' });
      expect(sync.stdout).toMatch(/^Synced amocrm in [\d.]+ s: 4 deals, 4 tasks, 2 stage changes, 3 users/);
      const findings = JSON.parse((await cli.run('findings', '--json')).stdout) as { rule: string; dealId: string | null; taskId: string | null; managerId: string | null; since: string }[];
      const iso = (ms: number) => new Date(ms).toISOString();
      const byRuleAndSubject = (a: { rule: string; dealId: string | null; taskId: string | null }, b: typeof a) =>
        `${a.rule} ${a.dealId} ${a.taskId}`.localeCompare(`${b.rule} ${b.dealId} ${b.taskId}`);
      const found = findings.map((f) => ({ rule: f.rule, dealId: f.dealId, taskId: f.taskId, managerId: f.managerId, since: f.since }));
      expect(found.sort(byRuleAndSubject)).toEqual([
        // Ромашка: created 3 days ago, first contact (the outgoing call) a day later.
        { rule: 'first_contact_slow', dealId: '501', taskId: null, managerId: '11', since: iso(T - 3 * D) },
        // Опт-1: 10 days old, past the 7-day lifetime and 72 h in «Счёт выставлен».
        { rule: 'deal_lifetime_exceeded', dealId: '502', taskId: null, managerId: '12', since: iso(T - 3 * D) },
        { rule: 'lost_without_reason', dealId: '503', taskId: null, managerId: '11', since: iso(T - D) },
        { rule: 'stage_time_exceeded', dealId: '502', taskId: null, managerId: '12', since: iso(T - 7 * D) },
        // Опт-1's client rang yesterday (not reached), and nobody has called back since.
        { rule: 'missed_call_not_returned', dealId: '502', taskId: null, managerId: '12', since: iso(T - D) },
        // «Перезвонить» on Ромашка, 2 h late; «Поздравить» on a contact, no deal, 1 h late.
        { rule: 'task_overdue', dealId: '501', taskId: '701', managerId: '11', since: iso(T - 2 * H) },
        { rule: 'task_overdue', dealId: null, taskId: '704', managerId: '11', since: iso(T - H) },
      ].sort(byRuleAndSubject));
      const report = await cli.run('report');
      expect(report.code).toBe(0);
      // Later syncs ask only for changes; --full reads the whole account again.
      expect((await cli.run('sync')).stdout).toMatch(/^Synced amocrm \(changes only\) in/);
      expect((await cli.run('sync', '--full')).stdout).toMatch(/^Synced amocrm in/);
    } finally {
      cli.dispose();
    }
  });
});
