import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAmoConnector } from '../../src/crm/amocrm/connector';
import { tasks as tasksTable } from '../../src/db/schema';
import { createLogger } from '../../src/logger';
import { BOT_SNAPSHOT } from '../support/bot-fixture';
import { ADMIN, bindHeads, HEADS, IPPOLIT, linkUser, startBotHarness, type BotHarness } from '../support/bot-harness';
import { AMO_NOW, amoFixture } from '../support/fake-amocrm/fixture';
import { startFakeAmo, type AmoFault, type FakeAmo } from '../support/fake-amocrm/server';

/**
 * Pings told from what amoCRM says at the moment of the check, through the
 * real amoCRM connector speaking HTTP to the fake amoCRM: no webhooks, and no
 * sync between a change in the CRM and the checks below (an account whose
 * snapshot is up to SYNC_SCHEDULE old). The same cases as
 * test/bot/verified-pings.test.ts, which runs them against a fixture CRM.
 *
 * Two of Ипполит's tasks on the lead «Ромашка» fall due at 10:10 Moscow time
 * (the last sync ran at 10:00): each case changes one of them in amoCRM and
 * leaves the other as it was, so a check that pings nothing at all cannot pass.
 * amoCRM groups have no lead, so the supervisor's copy goes to the bound
 * heads' chat.
 */
const T = Date.parse(AMO_NOW) / 1000; // unix seconds, 10:00 Moscow time
const MIN = 60;
const DUE = T + 10 * MIN; // 10:10
const ms = (unixSeconds: number) => unixSeconds * 1000;
/** The client's attempts at one call: the first and `maxRetries` (5 by default) retries. */
const ATTEMPTS = 6;
/** Small enough for a test: the backoff (1, 2, 4, 8, 16 ms) and a hung call given up after 500 ms (a local answer takes milliseconds; the margin keeps a busy machine from timing out a sound call). */
const RETRY_BASE_MS = 1;
const CLIENT_TIMEOUT_MS = 500;

const SUBJECT = { id: 705, text: 'Отправить КП' };
const NEIGHBOUR = { id: 706, text: 'Согласовать договор' };
/** Where the supervisor's copy goes: the heads' chat (amoCRM names no group lead). */
const SUPERVISOR_INBOX = HEADS.id;

let fake: FakeAmo;
let h: BotHarness;
beforeEach(async () => {
  const fixture = amoFixture();
  for (const { id, text } of [SUBJECT, NEIGHBOUR]) fixture.tasks.push({ ...fixture.tasks[0]!, id, text, complete_till: DUE, is_completed: false, created_at: T - 3600, updated_at: T - 3600 });
  fake = await startFakeAmo(fixture);
  const amo = fake;
  h = await startBotHarness({
    snapshot: BOT_SNAPSHOT,
    now: AMO_NOW,
    env: { CRM: 'amocrm', AMOCRM_BASE_URL: amo.baseUrl, AMOCRM_TOKEN: amo.token, AMOCRM_RATE_LIMIT: '50' },
    // The real connector, built as createConnector builds it from these variables (a long-lived token),
    // with the client's retry backoff and timeout made small: the configuration does not expose them.
    crm: (config) =>
      createAmoConnector({
        baseUrl: config.AMOCRM_BASE_URL!,
        tokens: { token: async () => config.AMOCRM_TOKEN! },
        ratePerSecond: config.AMOCRM_RATE_LIMIT,
        logger: createLogger('silent'),
        retryBaseMs: RETRY_BASE_MS,
        timeoutMs: CLIENT_TIMEOUT_MS,
      }),
  });
  await bindHeads(h);
  // The heads' chat tells the two tasks apart by their texts (no personal data in them): masked mode shows them.
  await h.say(ADMIN, '/privacy masked');
  await linkUser(h, 'Ипполит', IPPOLIT);
  // Pinging begins at 10:00: what was overdue before is the report's business.
  await h.app.overdueCheck();
  await h.settle();
});
afterEach(async () => {
  await h?.stop();
  await fake?.close();
});

/** The check the scheduler would run at `unixSeconds`; with the CRM requests it made. */
async function checkAt(unixSeconds: number) {
  h.clock.set(new Date(ms(unixSeconds)));
  const seen = fake.log.length;
  const result = await h.app.overdueCheck();
  await h.settle();
  return { result, requests: fake.log.slice(seen) };
}

const pingsIn = (chat: number, task: { text: string }) => h.fake.messagesIn(chat).filter((m) => m.text?.includes(`«${task.text}»`));
const snapshotTask = (id: number) => h.db.select().from(tasksTable).where(and(eq(tasksTable.accountId, 'main'), eq(tasksTable.id, String(id)))).get();
const amoTask = (id: number) => fake.fixture.tasks.find((t) => t.id === id)!;
const crmAlerts = () => h.fake.messagesIn(ADMIN.id).filter((m) => /^(⚠️ CRM не отвечает|✅ CRM снова отвечает)/.test(m.text ?? ''));
/** The one request a check makes to verify its tasks: GET /api/v4/tasks by id, both tasks asked. */
function expectOneTasksRequest(requests: FakeAmo['log'], ids: number[]) {
  expect(requests.map((r) => [r.path, r.status])).toEqual([['/api/v4/tasks', 200]]);
  expect(requests[0]!.query.getAll('filter[id][]').sort()).toEqual(ids.map(String).sort());
}

describe('amoCRM: pings checked with the CRM before they go, no sync in between', () => {
  it.each([
    {
      change: 'completed three minutes before its due time',
      apply: () => Object.assign(amoTask(SUBJECT.id), { is_completed: true, updated_at: DUE - 3 * MIN }),
      row: { completed: true, completedAt: ms(DUE - 3 * MIN), dueAt: ms(DUE) },
    },
    {
      change: 'moved to the afternoon a minute before its due time',
      apply: () => Object.assign(amoTask(SUBJECT.id), { complete_till: T + 5 * 3600, updated_at: DUE - MIN }),
      row: { completed: false, completedAt: null, dueAt: ms(T + 5 * 3600) },
    },
    {
      change: 'deleted five minutes before its due time',
      apply: () => void (fake.fixture.tasks = fake.fixture.tasks.filter((t) => t.id !== SUBJECT.id)),
      row: undefined,
    },
  ])('a task $change is not pinged to the manager or the supervisor, and the snapshot row says what amoCRM says', async ({ apply, row }) => {
    apply();
    // The snapshot still says open and due at 10:10: without asking amoCRM this would be a ping.
    expect(snapshotTask(SUBJECT.id)).toMatchObject({ completed: false, dueAt: ms(DUE) });

    const { result, requests } = await checkAt(DUE + MIN);

    // The untouched neighbour is pinged in the same check: the check did ask and did speak.
    expect(result).toEqual({ pinged: 1, closed: 0, escalated: 0, held: 0 });
    expect(pingsIn(IPPOLIT.id, SUBJECT)).toHaveLength(0);
    expect(pingsIn(SUPERVISOR_INBOX, SUBJECT)).toHaveLength(0);
    expect(pingsIn(IPPOLIT.id, NEIGHBOUR)).toHaveLength(1);
    expect(pingsIn(SUPERVISOR_INBOX, NEIGHBOUR)).toHaveLength(1);
    if (row) expect(snapshotTask(SUBJECT.id)).toMatchObject(row);
    else expect(snapshotTask(SUBJECT.id)).toBeUndefined();
    expect(snapshotTask(NEIGHBOUR.id)).toMatchObject({ completed: false, dueAt: ms(DUE) });
    expectOneTasksRequest(requests, [SUBJECT.id, NEIGHBOUR.id]);
    expect(crmAlerts()).toHaveLength(0);
  });

  it('an open task is pinged at the first check after its due time (grace 0), within 90 s of it; a check with nothing to verify asks amoCRM nothing', async () => {
    const atDue = await checkAt(DUE);
    expect(atDue.result).toEqual({ pinged: 0, closed: 0, escalated: 0, held: 0 });
    expect(atDue.requests).toEqual([]);
    expect(pingsIn(IPPOLIT.id, SUBJECT)).toHaveLength(0);

    const after = await checkAt(DUE + MIN);
    expect(after.result).toEqual({ pinged: 2, closed: 0, escalated: 0, held: 0 });
    expectOneTasksRequest(after.requests, [SUBJECT.id, NEIGHBOUR.id]);
    const [ping] = pingsIn(IPPOLIT.id, SUBJECT);
    expect(ping?.text).toContain('Ромашка');
    // Intl writes the sums with no-break spaces.
    expect(ping?.text?.replace(/[\u00a0\u202f]/g, ' ')).toBe('⏰ Задача ждёт выполнения: «Отправить КП»\nСделка: Ромашка · 120 000 ₽\nЭтап: Контакт установлен (Продажи)\nСрок был 23.11, 10:10, просрочено на 1 мин');
    expect(JSON.stringify(ping?.replyMarkup)).toContain(`${fake.baseUrl}/leads/detail/501`);
    expect(pingsIn(SUPERVISOR_INBOX, SUBJECT)).toHaveLength(1);
    expect(pingsIn(IPPOLIT.id, NEIGHBOUR)).toHaveLength(1);
  });

  it("a pinged task completed in amoCRM is edited at the next check, a minute later, with amoCRM's completion time, without a sync", async () => {
    await checkAt(DUE + MIN);
    const [ping] = pingsIn(IPPOLIT.id, SUBJECT);
    const [copy] = pingsIn(SUPERVISOR_INBOX, SUBJECT);
    expect(ping).toBeDefined();
    expect(copy).toBeDefined();
    // Done at 10:11:30; amoCRM keeps no completion time, its last update stands for it.
    Object.assign(amoTask(SUBJECT.id), { is_completed: true, updated_at: DUE + MIN + 30 });

    const { result, requests } = await checkAt(DUE + 2 * MIN);

    expect(result).toEqual({ pinged: 0, closed: 1, escalated: 0, held: 0 });
    // The open pings' tasks, both asked in the one request.
    expectOneTasksRequest(requests, [SUBJECT.id, NEIGHBOUR.id]);
    const edited = (chat: number, id: number) => h.fake.messagesIn(chat).find((m) => m.messageId === id);
    expect(edited(IPPOLIT.id, ping!.messageId)?.text).toContain('✅ Выполнено 23.11, 10:11');
    expect(edited(SUPERVISOR_INBOX, copy!.messageId)?.text).toContain('✅ Выполнено 23.11, 10:11');
    expect(snapshotTask(SUBJECT.id)).toMatchObject({ completed: true, completedAt: ms(DUE + MIN + 30) });
    const [other] = pingsIn(IPPOLIT.id, NEIGHBOUR);
    expect(other?.text).not.toContain('✅');
    expect(other?.edits ?? []).toHaveLength(0);
  });

  it.each<{ failure: string; fault: AmoFault; reason: string }>([
    { failure: 'answering 503 to every attempt', fault: { status: 503, body: '' }, reason: 'amoCRM kept answering 503 to GET /api/v4/tasks?filter[id][]=705&filter[id][]=706&limit=250; try again later.' },
    { failure: 'not answering within the client\'s timeout, every attempt', fault: 'hang', reason: 'amoCRM did not answer GET /api/v4/tasks?filter[id][]=705&filter[id][]=706&limit=250 after 6 attempts: The operation was aborted due to timeout' },
  ])('amoCRM $failure holds the pings; admins are told once when it stops answering and once when it answers again', async ({ fault, reason }) => {
    // Two checks' worth of failures: every attempt of each fails.
    fake.failNext('/api/v4/tasks', fault, 2 * ATTEMPTS);

    const first = await checkAt(DUE + MIN);
    expect(first.result).toEqual({ pinged: 0, closed: 0, escalated: 0, held: 2 });
    expect(first.requests.map((r) => [r.path, r.status])).toEqual(Array(ATTEMPTS).fill(['/api/v4/tasks', fault === 'hang' ? 0 : 503]));
    const second = await checkAt(DUE + 2 * MIN);
    expect(second.result).toEqual({ pinged: 0, closed: 0, escalated: 0, held: 2 });
    expect(second.requests).toHaveLength(ATTEMPTS);
    expect(pingsIn(IPPOLIT.id, SUBJECT)).toHaveLength(0);
    expect(pingsIn(SUPERVISOR_INBOX, SUBJECT)).toHaveLength(0);
    // Held, not guessed: the snapshot is left as the last sync wrote it.
    expect(snapshotTask(SUBJECT.id)).toMatchObject({ completed: false, dueAt: ms(DUE) });
    expect(crmAlerts().map((m) => m.text)).toEqual([
      `⚠️ CRM не отвечает с 23.11, 10:11: ${reason}\nУведомления о просрочке задач ждут: без подтверждения из CRM я их не отправляю, чтобы не написать о задаче, которую уже выполнили. Напишу, когда связь восстановится.`,
    ]);

    // amoCRM answers again: the held pings go at the next check, and the admins hear so once.
    const third = await checkAt(DUE + 3 * MIN);
    expect(third.result).toEqual({ pinged: 2, closed: 0, escalated: 0, held: 0 });
    expectOneTasksRequest(third.requests, [SUBJECT.id, NEIGHBOUR.id]);
    expect(pingsIn(IPPOLIT.id, SUBJECT)).toHaveLength(1);
    expect(pingsIn(SUPERVISOR_INBOX, SUBJECT)).toHaveLength(1);
    expect(crmAlerts()).toHaveLength(2);
    expect(crmAlerts()[1]!.text).toBe('✅ CRM снова отвечает (23.11, 10:13). Уведомления о просрочке идут дальше; отложенные проверю в CRM и отправлю.');

    const fourth = await checkAt(DUE + 4 * MIN);
    expect(fourth.result).toEqual({ pinged: 0, closed: 0, escalated: 0, held: 0 });
    expect(crmAlerts()).toHaveLength(2);
    expect(pingsIn(IPPOLIT.id, SUBJECT)).toHaveLength(1);
  });
});
