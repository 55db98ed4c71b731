import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { createBitrixConnector } from '../../src/crm/bitrix24/connector';
import { phoneFields } from '../../src/crm/phone';
import { loadSnapshot } from '../../src/db/snapshot-reader';
import { createLogger } from '../../src/logger';
import { lastSyncRun, runFullSync } from '../../src/sync/run-sync';
import { cliHarness } from '../support/cli-harness';
import { BITRIX_NOW, bitrixFixture } from '../support/fake-bitrix24/fixture';
import { startFakeBitrix, type FakeBitrix, type FakeBitrixOptions } from '../support/fake-bitrix24/server';
import { cleanupAfterEach } from '../support/cleanup';
import { tempDatabase } from '../support/temp-db';

const T = Date.parse(BITRIX_NOW);
const H = 3_600_000;
const D = 24 * H;

let fake: FakeBitrix | undefined;
let db: ReturnType<typeof tempDatabase> | undefined;
const cleanup = cleanupAfterEach();

type ConnectorTuning = { ratePerSecond?: number; burst?: number; timeoutMs?: number; lossReasonField?: string; operatingPauseMs?: number };

async function setup(options: FakeBitrixOptions = {}, tuning: ConnectorTuning = {}) {
  fake = cleanup.add(await startFakeBitrix(bitrixFixture(), options), (f) => f.close());
  db = cleanup.add(tempDatabase(), (d) => d.dispose());
  const lines: string[] = [];
  const logger = createLogger('warn', { write: (line: string) => void lines.push(line) });
  const b24 = createBitrixConnector({
    endpoint: fake.webhookUrl,
    portalUrl: fake.baseUrl,
    ratePerSecond: tuning.ratePerSecond ?? 1_000,
    burst: tuning.burst ?? 1_000,
    lossReasonField: tuning.lossReasonField,
    logger,
    retryBaseMs: 20,
    timeoutMs: tuning.timeoutMs ?? 2_000,
    operatingPauseMs: tuning.operatingPauseMs ?? 200,
  });
  const sync = () => runFullSync({ handle: db!, accountId: 'main', connector: b24, clock: new FixedClock(new Date(BITRIX_NOW)), logger });
  return { fake, db, b24, sync, lines };
}

const byId = <R extends { id: string }>(rows: R[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));

describe('Bitrix24 connector, full sync', () => {
  it('brings the portal into the neutral snapshot exactly: types, UTC, departments, semantics', async () => {
    const { db, sync, b24 } = await setup();
    await sync();
    const snapshot = loadSnapshot(db, 'main');
    expect(snapshot.userGroups).toEqual([
      { id: '1', name: 'Отдел продаж', leadUserId: '10' },
      { id: '5', name: 'Регионы', leadUserId: '12' },
    ]);
    // Active users only; the department head supervises.
    expect(snapshot.users).toEqual([
      { id: '10', name: 'Сергей Руководов', active: true, groupId: '1' },
      { id: '11', name: 'Ипполит', active: true, groupId: '1' },
      { id: '12', name: 'Анна Регионова', active: true, groupId: '5' },
    ]);
    expect(snapshot.pipelines).toEqual([
      { id: '0', name: 'Общая', sort: 100 },
      { id: '3', name: 'Опт', sort: 200 },
    ]);
    expect([...snapshot.stages].sort((a, b) => a.sort - b.sort).map((s) => [s.id, s.pipelineId, s.name, s.kind])).toEqual([
      ['NEW', '0', 'Целевая сделка', 'open'],
      ['PREPARATION', '0', 'Контакт установлен', 'open'],
      ['WON', '0', 'Успешно реализовано', 'won'],
      ['LOSE', '0', 'Закрыто и не реализовано', 'lost'],
      ['APOLOGY', '0', 'Дорого', 'lost'],
      ['C3:NEW', '3', 'Счёт выставлен', 'open'],
      ['C3:WON', '3', 'Успешно реализовано', 'won'],
      ['C3:LOSE', '3', 'Закрыто и не реализовано', 'lost'],
    ]);
    expect(byId(snapshot.deals)).toEqual([
      { id: '101', name: 'Ромашка', price: 120_000, pipelineId: '0', stageId: 'PREPARATION', responsibleId: '11', createdAt: T - 3 * D, updatedAt: T - H, closedAt: null, stageEnteredAt: T - 2 * D, lossReason: null, contactIds: ['7'], companyId: '3' },
      { id: '102', name: 'Опт-1', price: 500_000, pipelineId: '3', stageId: 'C3:NEW', responsibleId: '12', createdAt: T - 10 * D, updatedAt: T - D, closedAt: null, stageEnteredAt: T - 10 * D, lossReason: null, contactIds: [], companyId: '5' },
      { id: '103', name: 'Отказ без причины', price: 40_000, pipelineId: '0', stageId: 'LOSE', responsibleId: '11', createdAt: T - 9 * D, updatedAt: T - D, closedAt: T - D, stageEnteredAt: T - D, lossReason: null, contactIds: [], companyId: null },
      // A failure stage named by its reason is the reason.
      { id: '104', name: 'Отказ: дорого', price: 60_000, pipelineId: '0', stageId: 'APOLOGY', responsibleId: '12', createdAt: T - 12 * D, updatedAt: T - 2 * D, closedAt: T - 2 * D, stageEnteredAt: T - 2 * D, lossReason: 'Дорого', contactIds: ['9'], companyId: null },
    ]);
    expect(byId(snapshot.tasks)).toEqual([
      { id: '701', dealId: '101', responsibleId: '11', text: 'Перезвонить', type: 'Задача', dueAt: T - 2 * H, completed: false, completedAt: null, createdAt: T - 3 * D },
      { id: '702', dealId: '102', responsibleId: '12', text: 'Выставить счёт', type: 'Задача', dueAt: T + D, completed: false, completedAt: null, createdAt: T - 2 * D },
      { id: '703', dealId: '101', responsibleId: '11', text: 'Первый звонок', type: 'Задача', dueAt: T - D, completed: true, completedAt: T - 20 * H, createdAt: T - 3 * D },
      { id: '704', dealId: null, responsibleId: '11', text: 'Поздравить', type: 'Задача', dueAt: T - H, completed: false, completedAt: null, createdAt: T - D },
      // 705 is not a CRM task: a manager's own to-do is none of the sales process's business.
      { id: '706', dealId: '102', responsibleId: '12', text: 'Согласовать доставку', type: 'Задача', dueAt: null, completed: false, completedAt: null, createdAt: T - 2 * D },
      { id: 'act-901', dealId: '101', responsibleId: '11', text: 'Исходящий звонок', type: 'Звонок', dueAt: T - 2 * D, completed: true, completedAt: T - 2 * D + 120_000, createdAt: T - 2 * D },
      { id: 'act-902', dealId: '102', responsibleId: '12', text: 'Отправить КП', type: 'Дело', dueAt: T + 2 * D, completed: false, completedAt: null, createdAt: T - D },
    ]);
    expect(byId(snapshot.stageChanges)).toEqual([
      { id: '2', dealId: '101', fromStageId: 'NEW', toStageId: 'PREPARATION', at: T - 2 * D, byUserId: null },
      { id: '5', dealId: '103', fromStageId: 'NEW', toStageId: 'PREPARATION', at: T - 5 * D, byUserId: null },
      { id: '6', dealId: '103', fromStageId: 'PREPARATION', toStageId: 'LOSE', at: T - D, byUserId: null },
      { id: '8', dealId: '104', fromStageId: 'NEW', toStageId: 'APOLOGY', at: T - 2 * D, byUserId: null },
    ]);
    // The call activity 901 is the telephony record 5002 seen from the CRM: one call, the record's (it knows how the call ended).
    expect(byId(snapshot.calls)).toEqual([
      { id: 'vox-5001', direction: 'in', missed: true, userId: '12', dealId: '102', contactId: null, companyId: null, ...phoneFields('+79990000001'), at: T - D, durationSec: 0 },
      { id: 'vox-5002', direction: 'out', missed: false, userId: '11', dealId: '101', contactId: null, companyId: null, ...phoneFields('+79990000002'), at: T - 2 * D, durationSec: 95 },
    ]);
    // The number itself is not kept: a key and its last four digits.
    expect(byId(snapshot.calls)[0]!.phoneTail).toBe('0001');
    expect(JSON.stringify(snapshot.calls)).not.toContain('9990000001');
    expect(b24.dealUrl('101')).toBe(`${fake!.baseUrl}/crm/deal/details/101/`);
    // Users, departments and pipelines in one batch; every pipeline's stages in a second; the newest deal's id
    // (too small a portal to split its stage history); the first page of all five cursor lists in one more batch.
    expect(b24.client.requests).toBe(4);
  });

  it('reads the loss reason from a configured deal field, enumeration values by name', async () => {
    const { fake, db, sync } = await setup({}, { lossReasonField: 'UF_CRM_LOSS_REASON' });
    fake.fixture.deals[2]!.UF_CRM_LOSS_REASON = '42';
    await sync();
    const reasons = Object.fromEntries(loadSnapshot(db, 'main').deals.map((d) => [d.id, d.lossReason]));
    // With a field, the field alone says why: «Дорого» the stage no longer counts.
    expect(reasons).toEqual({ '101': null, '102': null, '103': 'Выбрали конкурента', '104': null });
  });

  it('walks by the >ID cursor with start=-1, chaining 50 pages per batch, and stops on the first short page', async () => {
    const { fake, db, b24, sync } = await setup();
    const template = fake.fixture.deals[0]!;
    fake.fixture.deals = Array.from({ length: 250 }, (_, i) => ({ ...template, ID: String(1_000 + i) }));
    await sync();
    expect(loadSnapshot(db, 'main').deals).toHaveLength(250);
    // The walk's batches, not the one asking the first and last deal ids.
    const dealBatches = fake.calls('batch').filter((c) => Object.keys(c.params.cmd as object).some((name) => name.startsWith('deals_')));
    // Round 1: one page of each list; round 2: the deals' next pages chained; the empty sixth page ends the walk.
    expect(dealBatches).toHaveLength(2);
    const commands = Object.values(dealBatches[1]!.params.cmd as Record<string, string>);
    expect(commands[0]).toContain('start=-1');
    expect(decodeURIComponent(commands[0]!)).toContain('filter[>ID]=1049');
    expect(commands[1]).toContain('filter%5B%3EID%5D=$result[deals_0][49][ID]');
    expect(b24.client.requests).toBe(5);
  });

  it('walks the lists side by side, and a large portal\'s stage history in parts by deal, each deal\'s moves in order', async () => {
    const { fake, db, sync } = await setup({ latencyMs: 100 });
    // 60 deals numbered 500 001 to 541 301 (a portal's ids need not start near 1): large enough to split,
    // into parts of 15 deals each; 4 history rows each, the deals' rows interleaved by ID.
    const dealIds = Array.from({ length: 60 }, (_, i) => 500_001 + i * 700);
    const template = fake.fixture.deals[0]!;
    fake.fixture.deals = dealIds.map((id) => ({ ...template, ID: String(id) }));
    const stages = ['NEW', 'PREPARATION', 'NEW', 'PREPARATION'];
    fake.fixture.stageHistory = stages.flatMap((stage, step) =>
      dealIds.map((owner, i) => ({ ID: step * 60 + i + 1, TYPE_ID: step === 0 ? 1 : 2, OWNER_ID: owner, CREATED_TIME: new Date(T - (4 - step) * D).toISOString().replace(/\.\d{3}Z$/, '+00:00'), CATEGORY_ID: 0, STAGE_SEMANTIC_ID: 'P', STAGE_ID: stage })),
    );
    await sync();

    const moves = byId(loadSnapshot(db, 'main').stageChanges).map((c) => [c.dealId, c.fromStageId, c.toStageId]);
    // Read in parts, each deal's rows still come in order: every move's `from` is the deal's stage before it.
    expect(moves).toEqual([1, 2, 3].flatMap((step) => dealIds.map((owner) => [String(owner), stages[step - 1], stages[step]])));
    const parts = new Set(
      fake
        .calls('batch')
        .flatMap((c) => Object.values(c.params.cmd as Record<string, string>))
        .filter((command) => command.startsWith('crm.stagehistory.list'))
        .map((command) => decodeURIComponent(command).match(/filter\[(?:>=|<)OWNER_ID\]=\d+/g)?.join('&')),
    );
    expect([...parts]).toEqual(['filter[<OWNER_ID]=510326', 'filter[>=OWNER_ID]=510326&filter[<OWNER_ID]=520651', 'filter[>=OWNER_ID]=520651&filter[<OWNER_ID]=530976', 'filter[>=OWNER_ID]=530976']);
    // After the first batch, the deals and the four parts each have a batch in flight at once.
    expect(fake.maxConcurrent).toBe(5);
  });
});

describe('Bitrix24 limits and faults', () => {
  it('stays inside the portal\'s leaky bucket on its own: no 503 over repeated syncs', async () => {
    const { fake, sync } = await setup({ drainPerSecond: 10, threshold: 20 }, { ratePerSecond: 10, burst: 20 });
    for (let i = 0; i < 12; i++) await sync();
    expect(fake.log.filter((c) => c.status === 503)).toEqual([]);
    expect(fake.log.length).toBe(12 * 4);
  });

  it('slows down on 503 QUERY_LIMIT_EXCEEDED when another app fills the bucket, and finishes', async () => {
    const { fake, db, sync } = await setup({ drainPerSecond: 20, threshold: 2 });
    await sync();
    expect(fake.log.filter((c) => c.status === 503).length).toBeGreaterThan(0);
    expect(loadSnapshot(db, 'main').deals).toHaveLength(4);
    expect(lastSyncRun(db, 'main')?.status).toBe('ok');
  });

  it('pauses only the method over its operating time until operating_reset_at, then goes on', async () => {
    // Each call costs 300 s of a 400 s budget per 1-second window: the second call of a method in a window is refused.
    const { db, sync, lines } = await setup({ operatingCostSeconds: 300, operatingBudgetSeconds: 400, operatingWindowMs: 1_000 }, { operatingPauseMs: 5_000 });
    await sync();
    const started = Date.now();
    await sync();
    // It waited for the reset the portal announced (within the second), not for the 5 s fallback.
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(lines.filter((l) => l.includes('OPERATION_TIME_LIMIT')).length).toBeGreaterThan(0);
    expect(loadSnapshot(db, 'main').deals).toHaveLength(4);
    expect(lastSyncRun(db, 'main')?.status).toBe('ok');
  });

  it('retries 5xx answers and a hung request; reports a failed batch command by its method, keeping the snapshot', async () => {
    const { fake, db, sync } = await setup({}, { timeoutMs: 300 });
    fake.failNext('batch', { status: 500, error: 'INTERNAL_SERVER_ERROR' }, 2);
    fake.failNext('batch', 'hang');
    await sync();
    expect(loadSnapshot(db, 'main').deals).toHaveLength(4);
    fake.failCommand('crm.activity.list', 'INVALID_ARG_VALUE', 'Invalid filter');
    await expect(sync()).rejects.toThrow(/refused crm\.activity\.list \(HTTP 400 INVALID_ARG_VALUE: Invalid filter\)/);
    expect(loadSnapshot(db, 'main').deals).toHaveLength(4);
    expect(lastSyncRun(db, 'main')).toMatchObject({ status: 'failed', error: expect.stringContaining('crm.activity.list') });
  });

  it('explains a revoked webhook, a missing scope, an unpaid plan and the manual block — without the secret', async () => {
    const { fake, b24, sync, lines } = await setup();
    fake.setScopes(['crm', 'user', 'department', 'telephony']);
    await expect(sync()).rejects.toThrow(/lacks the "task" scope/);
    // Telephony is optional: without it the sync goes on, without missed calls, and says so in the log.
    fake.setScopes(['crm', 'task', 'user', 'department']);
    await sync();
    expect(lines.join('')).toContain('synced without it');
    fake.setScopes(['crm', 'task', 'user', 'department', 'telephony']);
    fake.failNext('batch', { status: 403, error: 'ACCESS_DENIED', description: 'REST is available only on commercial plans.' });
    await expect(sync()).rejects.toThrow(/only on paid Bitrix24 plans/);
    fake.failNext('batch', { status: 503, error: 'OVERLOAD_LIMIT', description: 'REST API is blocked due to overload.' });
    await expect(sync()).rejects.toThrow(/blocked REST access/);
    const calls = b24.client.requests;
    await expect(sync()).rejects.toThrow(/OVERLOAD_LIMIT/);
    expect(b24.client.requests).toBe(calls);
    for (const line of lines) expect(line).not.toContain('k7x2webhooksecret');
  });

  it('a deleted webhook is NO_AUTH_FOUND, said plainly', async () => {
    const { fake, sync } = await setup();
    fake.revokeWebhook();
    const error = await sync().then(
      () => new Error('the sync should have failed'),
      (e: unknown) => e as Error,
    );
    expect(error.message).toMatch(/did not accept the credentials \(NO_AUTH_FOUND\).*BITRIX24_WEBHOOK_URL/);
    expect(error.message).not.toContain('k7x2webhooksecret');
  });
});

describe('CRM=bitrix24 through the CLI', () => {
  it('sync, then findings --json equal the findings derived by hand, then the report', async () => {
    fake = cleanup.add(await startFakeBitrix(bitrixFixture()), (f) => f.close());
    const cli = cliHarness(BITRIX_NOW, { CRM: 'bitrix24', BITRIX24_WEBHOOK_URL: fake.webhookUrl, BITRIX24_RATE_LIMIT: '50', BITRIX24_BURST: '50' });
    try {
      const sync = await cli.run('sync');
      expect(sync).toMatchObject({ code: 0, stderr: '' });
      expect(sync.stdout).toMatch(/^Synced bitrix24 in [\d.]+ s: 4 deals, 7 tasks, 4 stage changes, 3 users/);
      const findings = JSON.parse((await cli.run('findings', '--json')).stdout) as { rule: string; dealId: string | null; taskId: string | null; managerId: string | null; since: string }[];
      const iso = (ms: number) => new Date(ms).toISOString();
      const key = (a: { rule: string; dealId: string | null; taskId: string | null }) => `${a.rule} ${a.dealId} ${a.taskId}`;
      const found = findings.map((f) => ({ rule: f.rule, dealId: f.dealId, taskId: f.taskId, managerId: f.managerId, since: f.since }));
      expect(found.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
        [
          // Ромашка: created 3 days ago, first contact (the outgoing call) a day later.
          { rule: 'first_contact_slow', dealId: '101', taskId: null, managerId: '11', since: iso(T - 3 * D) },
          // Опт-1: 10 days old, past the 7-day lifetime and 72 h in «Счёт выставлен».
          { rule: 'deal_lifetime_exceeded', dealId: '102', taskId: null, managerId: '12', since: iso(T - 3 * D) },
          { rule: 'stage_time_exceeded', dealId: '102', taskId: null, managerId: '12', since: iso(T - 7 * D) },
          // Lost in the generic failure stage, no reason; «Дорого» is a reason.
          { rule: 'lost_without_reason', dealId: '103', taskId: null, managerId: '11', since: iso(T - D) },
          // Опт-1's client called a day ago, nobody answered, nobody called back.
          { rule: 'missed_call_not_returned', dealId: '102', taskId: null, managerId: '12', since: iso(T - D) },
          // «Перезвонить» 2 h late; «Поздравить» on a contact, 1 h late; «Согласовать доставку» has no deadline.
          { rule: 'task_overdue', dealId: '101', taskId: '701', managerId: '11', since: iso(T - 2 * H) },
          { rule: 'task_overdue', dealId: null, taskId: '704', managerId: '11', since: iso(T - H) },
          { rule: 'task_without_deadline', dealId: '102', taskId: '706', managerId: '12', since: iso(T - 2 * D) },
        ].sort((a, b) => key(a).localeCompare(key(b))),
      );
      expect((await cli.run('report')).code).toBe(0);
      expect((await cli.run('sync')).stdout).toMatch(/^Synced bitrix24 \(changes only\) in/);
    } finally {
      cli.dispose();
    }
  });
});
