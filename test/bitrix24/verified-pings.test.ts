import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBitrixConnector } from '../../src/crm/bitrix24/connector';
import { tasks as tasksTable } from '../../src/db/schema';
import { createLogger } from '../../src/logger';
import { BOT_SNAPSHOT } from '../support/bot-fixture';
import { ADMIN, bindHeads, HEADS, IPPOLIT, linkUser, SERGEY, startBotHarness, type BotHarness } from '../support/bot-harness';
import { b24Date, BITRIX_NOW, bitrixFixture } from '../support/fake-bitrix24/fixture';
import { startFakeBitrix, type BitrixFault, type FakeBitrix } from '../support/fake-bitrix24/server';

/**
 * Pings told from what Bitrix24 says at the moment of the check, through the
 * real Bitrix24 connector speaking HTTP to the fake portal: no events, and no
 * sync between a change in the CRM and the checks below (a portal whose
 * snapshot is up to SYNC_SCHEDULE old). The same cases as
 * test/bot/verified-pings.test.ts, which runs them against a fixture CRM.
 *
 * Ипполит has a task (tasks.task.list) and an activity (crm.activity.list,
 * `act-` in the snapshot) on the deal «Ромашка», both due at 10:10 Moscow time
 * (the last sync ran at 10:00): each case changes one of them in the portal
 * and leaves the other as it was, so a check that pings nothing at all cannot
 * pass. Сергей heads Ипполит's department and is linked: the supervisor's copy
 * goes to him privately.
 */
const T = Date.parse(BITRIX_NOW); // 10:00 Moscow time
const M = 60_000;
const DUE = T + 10 * M; // 10:10
/** The client's attempts at one call: the first and `maxRetries` (5 by default) retries. */
const ATTEMPTS = 6;
/** Small enough for a test: the backoff (1, 2, 4, 8, 16 ms) and a hung call given up after 500 ms (a local answer takes milliseconds; the margin keeps a busy machine from timing out a sound call). */
const RETRY_BASE_MS = 1;
const CLIENT_TIMEOUT_MS = 500;

const TASK = { id: '707', snapshotId: '707', text: 'Согласовать КП' };
const ACTIVITY = { id: '905', snapshotId: 'act-905', text: 'Позвонить по договору' };
type Item = typeof TASK;

let fake: FakeBitrix;
let h: BotHarness;
beforeEach(async () => {
  const fixture = bitrixFixture();
  fixture.tasks.push({ ...fixture.tasks[0]!, id: TASK.id, title: TASK.text, deadline: b24Date(DUE), status: '2', closedDate: null, createdDate: b24Date(T - 60 * M), changedDate: b24Date(T - 60 * M) });
  const todo = fixture.activities.find((a) => a.PROVIDER_ID === 'CRM_TODO')!;
  fixture.activities.push({ ...todo, ID: ACTIVITY.id, OWNER_ID: '101', RESPONSIBLE_ID: '11', SUBJECT: ACTIVITY.text, CREATED: b24Date(T - 60 * M), START_TIME: b24Date(DUE), END_TIME: b24Date(DUE), DEADLINE: b24Date(DUE), COMPLETED: 'N', LAST_UPDATED: b24Date(T - 60 * M) });
  fake = await startFakeBitrix(fixture);
  const b24 = fake;
  h = await startBotHarness({
    snapshot: BOT_SNAPSHOT,
    now: BITRIX_NOW,
    env: { CRM: 'bitrix24', BITRIX24_WEBHOOK_URL: b24.webhookUrl, BITRIX24_RATE_LIMIT: '50' },
    // The real connector, built as createConnector builds it from these variables (an incoming webhook),
    // with the client's retry backoff and timeout made small: the configuration does not expose them.
    crm: (config) =>
      createBitrixConnector({
        endpoint: config.BITRIX24_WEBHOOK_URL!,
        portalUrl: new URL(config.BITRIX24_WEBHOOK_URL!).origin,
        ratePerSecond: config.BITRIX24_RATE_LIMIT,
        burst: config.BITRIX24_BURST,
        lossReasonField: config.BITRIX24_LOSS_REASON_FIELD,
        logger: createLogger('silent'),
        retryBaseMs: RETRY_BASE_MS,
        timeoutMs: CLIENT_TIMEOUT_MS,
      }),
  });
  await bindHeads(h);
  await linkUser(h, 'Ипполит', IPPOLIT);
  await linkUser(h, 'Сергей', SERGEY);
  // Pinging begins at 10:00: what was overdue before is the report's business.
  await h.app.overdueCheck();
  await h.settle();
});
afterEach(async () => {
  await h?.stop();
  await fake?.close();
});

/** The check the scheduler would run at `time`; with the portal calls it made. */
async function checkAt(time: number) {
  h.clock.set(new Date(time));
  const seen = fake.log.length;
  const result = await h.app.overdueCheck();
  await h.settle();
  return { result, calls: fake.log.slice(seen) };
}

const pingsIn = (chat: number, item: Item) => h.fake.messagesIn(chat).filter((m) => m.text?.includes(`«${item.text}»`));
const snapshotTask = (item: Item) => h.db.select().from(tasksTable).where(and(eq(tasksTable.accountId, 'main'), eq(tasksTable.id, item.snapshotId))).get();
const portalTask = () => fake.fixture.tasks.find((t) => t.id === TASK.id)!;
const portalActivity = () => fake.fixture.activities.find((a) => a.ID === ACTIVITY.id)!;
const crmAlerts = () => h.fake.messagesIn(ADMIN.id).filter((m) => /^(⚠️ CRM не отвечает|✅ CRM снова отвечает)/.test(m.text ?? ''));
/** The one call a check makes to verify its tasks: a batch reading the task and the activity by ID. */
function expectOneBatch(calls: FakeBitrix['log']) {
  expect(calls.map((c) => [c.method, c.status])).toEqual([['batch', 200]]);
  expect([...calls[0]!.commands!].sort()).toEqual(['crm.activity.list', 'tasks.task.list']);
  const commands = Object.values(calls[0]!.params.cmd as Record<string, string>).map((c) => decodeURIComponent(c));
  expect(commands.find((c) => c.startsWith('tasks.task.list'))).toContain(`filter[ID][0]=${TASK.id}`);
  expect(commands.find((c) => c.startsWith('crm.activity.list'))).toContain(`filter[ID][0]=${ACTIVITY.id}`);
}

describe('Bitrix24: pings checked with the CRM before they go, no sync in between', () => {
  it.each([
    {
      change: 'a task completed three minutes before its due time',
      subject: TASK,
      apply: () => Object.assign(portalTask(), { status: '5', closedDate: b24Date(DUE - 3 * M), changedDate: b24Date(DUE - 3 * M) }),
      row: { completed: true, completedAt: DUE - 3 * M, dueAt: DUE },
    },
    {
      change: 'a task moved to the afternoon a minute before its due time',
      subject: TASK,
      apply: () => Object.assign(portalTask(), { deadline: b24Date(T + 5 * 60 * M), changedDate: b24Date(DUE - M) }),
      row: { completed: false, completedAt: null, dueAt: T + 5 * 60 * M },
    },
    {
      change: 'a task deleted five minutes before its due time',
      subject: TASK,
      apply: () => void (fake.fixture.tasks = fake.fixture.tasks.filter((t) => t.id !== TASK.id)),
      row: undefined,
    },
    {
      change: 'an activity completed two minutes before its due time',
      subject: ACTIVITY,
      apply: () => Object.assign(portalActivity(), { COMPLETED: 'Y', LAST_UPDATED: b24Date(DUE - 2 * M) }),
      row: { completed: true, completedAt: DUE - 2 * M, dueAt: DUE },
    },
    {
      change: 'an activity moved to tomorrow four minutes before its due time',
      subject: ACTIVITY,
      apply: () => Object.assign(portalActivity(), { DEADLINE: b24Date(T + 24 * 60 * M), START_TIME: b24Date(T + 24 * 60 * M), END_TIME: b24Date(T + 24 * 60 * M), LAST_UPDATED: b24Date(DUE - 4 * M) }),
      row: { completed: false, completedAt: null, dueAt: T + 24 * 60 * M },
    },
    {
      change: 'an activity deleted a minute before its due time',
      subject: ACTIVITY,
      apply: () => void (fake.fixture.activities = fake.fixture.activities.filter((a) => a.ID !== ACTIVITY.id)),
      row: undefined,
    },
  ])('$change is not pinged to the manager or the supervisor, and the snapshot row says what Bitrix24 says', async ({ subject, apply, row }) => {
    const neighbour = subject === TASK ? ACTIVITY : TASK;
    apply();
    // The snapshot still says open and due at 10:10: without asking the portal this would be a ping.
    expect(snapshotTask(subject)).toMatchObject({ completed: false, dueAt: DUE });

    const { result, calls } = await checkAt(DUE + M);

    // The untouched neighbour is pinged in the same check: the check did ask and did speak.
    expect(result).toEqual({ pinged: 1, closed: 0, escalated: 0, held: 0 });
    expect(pingsIn(IPPOLIT.id, subject)).toHaveLength(0);
    expect(pingsIn(SERGEY.id, subject)).toHaveLength(0);
    expect(pingsIn(HEADS.id, subject)).toHaveLength(0);
    expect(pingsIn(IPPOLIT.id, neighbour)).toHaveLength(1);
    expect(pingsIn(SERGEY.id, neighbour)).toHaveLength(1);
    if (row) expect(snapshotTask(subject)).toMatchObject(row);
    else expect(snapshotTask(subject)).toBeUndefined();
    expect(snapshotTask(neighbour)).toMatchObject({ completed: false, dueAt: DUE });
    expectOneBatch(calls);
    expect(crmAlerts()).toHaveLength(0);
  });

  it('an open task is pinged at the first check after its due time (grace 0), within 90 s of it; a check with nothing to verify calls the portal not at all', async () => {
    const atDue = await checkAt(DUE);
    expect(atDue.result).toEqual({ pinged: 0, closed: 0, escalated: 0, held: 0 });
    expect(atDue.calls).toEqual([]);
    expect(pingsIn(IPPOLIT.id, TASK)).toHaveLength(0);

    const after = await checkAt(DUE + M);
    expect(after.result).toEqual({ pinged: 2, closed: 0, escalated: 0, held: 0 });
    expectOneBatch(after.calls);
    const [ping] = pingsIn(IPPOLIT.id, TASK);
    // Intl writes the sums with no-break spaces.
    expect(ping?.text?.replace(/[\u00a0\u202f]/g, ' ')).toBe('⏰ Задача ждёт выполнения: «Согласовать КП»\nСделка: Ромашка · 120 000 ₽\nЭтап: Контакт установлен (Общая)\nСрок был 23.11, 10:10, просрочено на 1 мин');
    expect(JSON.stringify(ping?.replyMarkup)).toContain('/crm/deal/details/101/');
    expect(pingsIn(SERGEY.id, TASK)).toHaveLength(1);
    expect(pingsIn(IPPOLIT.id, ACTIVITY)).toHaveLength(1);
    expect(pingsIn(SERGEY.id, ACTIVITY)).toHaveLength(1);
  });

  it.each([
    { what: 'task', subject: TASK, complete: (at: number) => Object.assign(portalTask(), { status: '5', closedDate: b24Date(at), changedDate: b24Date(at) }) },
    { what: 'activity', subject: ACTIVITY, complete: (at: number) => Object.assign(portalActivity(), { COMPLETED: 'Y', LAST_UPDATED: b24Date(at) }) },
  ])("a pinged $what completed in Bitrix24 is edited at the next check, a minute later, with the portal's completion time, without a sync", async ({ subject, complete }) => {
    const neighbour = subject === TASK ? ACTIVITY : TASK;
    await checkAt(DUE + M);
    const [ping] = pingsIn(IPPOLIT.id, subject);
    const [copy] = pingsIn(SERGEY.id, subject);
    expect(ping).toBeDefined();
    expect(copy).toBeDefined();
    // Done at 10:11:30 (b24Date drops milliseconds, the portal writes whole seconds).
    complete(DUE + M + 30_000);

    const { result, calls } = await checkAt(DUE + 2 * M);

    expect(result).toEqual({ pinged: 0, closed: 1, escalated: 0, held: 0 });
    // The open pings' tasks, both read in the one batch.
    expectOneBatch(calls);
    const message = (chat: number, id: number) => h.fake.messagesIn(chat).find((m) => m.messageId === id);
    expect(message(IPPOLIT.id, ping!.messageId)?.text).toContain('✅ Выполнено 23.11, 10:11');
    expect(message(SERGEY.id, copy!.messageId)?.text).toContain('✅ Выполнено 23.11, 10:11');
    expect(snapshotTask(subject)).toMatchObject({ completed: true, completedAt: DUE + M + 30_000 });
    const [other] = pingsIn(IPPOLIT.id, neighbour);
    expect(other?.text).not.toContain('✅');
    expect(other?.edits ?? []).toHaveLength(0);
  });

  it.each<{ failure: string; fault: BitrixFault; reason: string }>([
    {
      failure: 'answering 503 to every attempt',
      fault: { status: 503, error: 'SERVICE_UNAVAILABLE', description: 'Service is temporarily unavailable' },
      reason: 'Bitrix24 (127.0.0.1:PORT) kept failing batch (HTTP 503 SERVICE_UNAVAILABLE); try again later.',
    },
    {
      failure: "not answering within the client's timeout, every attempt",
      fault: 'hang',
      reason: 'Bitrix24 (127.0.0.1:PORT) did not answer batch after 6 attempts: The operation was aborted due to timeout',
    },
  ])('Bitrix24 $failure holds the pings; admins are told once when it stops answering and once when it answers again', async ({ fault, reason }) => {
    // Two checks' worth of failures: every attempt of each fails.
    fake.failNext('batch', fault, 2 * ATTEMPTS);

    const first = await checkAt(DUE + M);
    expect(first.result).toEqual({ pinged: 0, closed: 0, escalated: 0, held: 2 });
    expect(first.calls.map((c) => [c.method, c.status])).toEqual(Array(ATTEMPTS).fill(['batch', fault === 'hang' ? 0 : 503]));
    const second = await checkAt(DUE + 2 * M);
    expect(second.result).toEqual({ pinged: 0, closed: 0, escalated: 0, held: 2 });
    expect(second.calls).toHaveLength(ATTEMPTS);
    expect(pingsIn(IPPOLIT.id, TASK)).toHaveLength(0);
    expect(pingsIn(SERGEY.id, TASK)).toHaveLength(0);
    // Held, not guessed: the snapshot is left as the last sync wrote it.
    expect(snapshotTask(TASK)).toMatchObject({ completed: false, dueAt: DUE });
    const host = new URL(fake.baseUrl).host;
    expect(crmAlerts().map((m) => m.text)).toEqual([
      `⚠️ CRM не отвечает с 23.11, 10:11: ${reason.replace('127.0.0.1:PORT', host)}\nУведомления о просрочке задач ждут: без подтверждения из CRM я их не отправляю, чтобы не написать о задаче, которую уже выполнили. Напишу, когда связь восстановится.`,
    ]);

    // The portal answers again: the held pings go at the next check, and the admins hear so once.
    const third = await checkAt(DUE + 3 * M);
    expect(third.result).toEqual({ pinged: 2, closed: 0, escalated: 0, held: 0 });
    expectOneBatch(third.calls);
    expect(pingsIn(IPPOLIT.id, TASK)).toHaveLength(1);
    expect(pingsIn(SERGEY.id, TASK)).toHaveLength(1);
    expect(pingsIn(IPPOLIT.id, ACTIVITY)).toHaveLength(1);
    expect(crmAlerts()).toHaveLength(2);
    expect(crmAlerts()[1]!.text).toBe('✅ CRM снова отвечает (23.11, 10:13). Уведомления о просрочке идут дальше; отложенные проверю в CRM и отправлю.');

    const fourth = await checkAt(DUE + 4 * M);
    expect(fourth.result).toEqual({ pinged: 0, closed: 0, escalated: 0, held: 0 });
    expect(crmAlerts()).toHaveLength(2);
    expect(pingsIn(IPPOLIT.id, TASK)).toHaveLength(1);
  });
});
