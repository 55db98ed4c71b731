import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CrmError } from '../../src/crm/connector';
import { tasks as tasksTable } from '../../src/db/schema';
import { at } from '../support/fixture';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ADMIN, bindHeads, HEADS, IPPOLIT, linkUser, SERGEY, startBotHarness, type BotHarness } from '../support/bot-harness';

/**
 * Pings told from what the CRM says at the moment, not from the last sync:
 * no sync runs between the changes in the CRM and the checks below (as on an
 * account without webhooks, whose snapshot is up to SYNC_SCHEDULE old).
 */
let h: BotHarness;
beforeEach(async () => {
  h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
  await bindHeads(h);
  await linkUser(h, 'Ипполит', IPPOLIT);
  await linkUser(h, 'Сергей', SERGEY);
  await h.app.overdueCheck();
});
afterEach(() => h.stop());

async function tickAt(iso: string) {
  h.clock.set(new Date(iso));
  const result = await h.app.overdueCheck();
  await h.settle();
  return result;
}

const pingsTo = (chat: number) => h.fake.messagesIn(chat).filter((m) => m.text?.includes('Перезвонить по КП'));
const snapshotTask = (id: string) => h.db.select().from(tasksTable).where(and(eq(tasksTable.accountId, 'main'), eq(tasksTable.id, id))).get();
const t1 = () => h.crm.snapshot.tasks[0]!;

describe('pings checked with the CRM before they go', () => {
  it.each([
    ['done three minutes before its due time', () => ({ ...t1(), completed: true, completedAt: at('2026-11-23T10:27:00+03:00') }), { completed: true, completedAt: at('2026-11-23T10:27:00+03:00') }],
    ['moved to the afternoon a minute before', () => ({ ...t1(), dueAt: at('2026-11-23T15:00:00+03:00') }), { completed: false, dueAt: at('2026-11-23T15:00:00+03:00') }],
    ['deleted five minutes before', () => null, undefined],
  ])('a task %s in the CRM is not pinged, and the snapshot learns it', async (_case, change, row) => {
    const changed = change();
    h.crm.snapshot.tasks = changed ? [changed, ...h.crm.snapshot.tasks.slice(1)] : h.crm.snapshot.tasks.slice(1);
    // The snapshot still says open and due at 10:30: without asking the CRM this would be a ping.
    expect(snapshotTask('t1')).toMatchObject({ completed: false, dueAt: at('2026-11-23T10:30:00+03:00') });
    expect(await tickAt('2026-11-23T10:31:00+03:00')).toMatchObject({ pinged: 0 });
    expect(pingsTo(IPPOLIT.id)).toHaveLength(0);
    expect(pingsTo(SERGEY.id)).toHaveLength(0);
    if (row) expect(snapshotTask('t1')).toMatchObject(row);
    else expect(snapshotTask('t1')).toBeUndefined();
    expect(h.crm.tasksAsked.at(-1)).toEqual(['t1']);
  });

  it('an open task is pinged within the minute after its due time (plus grace)', async () => {
    expect(await tickAt('2026-11-23T10:30:00+03:00')).toMatchObject({ pinged: 0 });
    expect(await tickAt('2026-11-23T10:31:00+03:00')).toMatchObject({ pinged: 1 });
    expect(pingsTo(IPPOLIT.id)).toHaveLength(1);
  });

  it('a pinged task done in the CRM is edited at the next check, with the CRM\'s completion time, without a sync', async () => {
    await tickAt('2026-11-23T10:31:00+03:00');
    const [ping] = pingsTo(IPPOLIT.id);
    h.crm.snapshot.tasks[0] = { ...t1(), completed: true, completedAt: at('2026-11-23T10:33:00+03:00') };
    expect(await tickAt('2026-11-23T10:34:00+03:00')).toMatchObject({ closed: 1 });
    const edited = h.fake.messagesIn(IPPOLIT.id).find((m) => m.messageId === ping!.messageId);
    expect(edited?.text).toContain('✅ Выполнено 23.11, 10:33');
    expect(snapshotTask('t1')).toMatchObject({ completed: true, completedAt: at('2026-11-23T10:33:00+03:00') });
  });

  it('a CRM that does not answer holds pings; admins are told once when it stops and once when it answers again', async () => {
    const answers = h.crm.readTasks;
    h.crm.readTasks = async () => {
      throw new CrmError('amoCRM answered 503 Service Unavailable', 'amocrm');
    };
    expect(await tickAt('2026-11-23T10:31:00+03:00')).toMatchObject({ pinged: 0, held: 1 });
    expect(await tickAt('2026-11-23T10:32:00+03:00')).toMatchObject({ pinged: 0, held: 1 });
    expect(pingsTo(IPPOLIT.id)).toHaveLength(0);
    const alerts = () => h.fake.messagesIn(ADMIN.id).filter((m) => m.text?.includes('CRM'));
    expect(alerts().map((m) => m.text)).toEqual([
      'CRM не отвечает с 23.11, 10:31: amoCRM answered 503 Service Unavailable\nУведомления о просрочке задач ждут: без подтверждения из CRM я их не отправляю, чтобы не написать о задаче, которую уже выполнили. Напишу, когда связь восстановится.'.replace(/^/, '⚠️ '),
    ]);

    h.crm.readTasks = answers;
    expect(await tickAt('2026-11-23T10:33:00+03:00')).toMatchObject({ pinged: 1, held: 0 });
    expect(pingsTo(IPPOLIT.id)).toHaveLength(1);
    expect(alerts()).toHaveLength(2);
    expect(alerts()[1]?.text).toBe('✅ CRM снова отвечает (23.11, 10:33). Уведомления о просрочке идут дальше; отложенные проверю в CRM и отправлю.');
    await tickAt('2026-11-23T10:34:00+03:00');
    expect(alerts()).toHaveLength(2);
  });
});

describe('a snapshot too old to act on', () => {
  it('holds new pings, tells the admins once each way, opens the report with a warning and shows on /status', async () => {
    const reads = h.crm.fetchFull;
    h.crm.fetchFull = async function* () {
      yield* [];
      throw new Error('amoCRM answered 401: the token was revoked');
    };
    // The last successful sync was at 10:00; syncs fail from then on. At 11:01 the data is over an hour old.
    h.clock.set(new Date('2026-11-23T10:45:00+03:00'));
    await expect(h.app.syncNow()).rejects.toThrow('token was revoked');
    expect(await tickAt('2026-11-23T11:01:00+03:00')).toMatchObject({ pinged: 0, held: 2 });
    expect(await tickAt('2026-11-23T11:02:00+03:00')).toMatchObject({ pinged: 0 });
    expect(pingsTo(IPPOLIT.id)).toHaveLength(0);
    const alerts = () => h.fake.messagesIn(ADMIN.id).filter((m) => /^(⚠️ Данные CRM устарели|✅ Синхронизация снова проходит)/.test(m.text ?? ''));
    expect(alerts().map((m) => m.text)).toEqual([
      '⚠️ Данные CRM устарели: последняя успешная синхронизация — 23.11, 10:00, дальше не проходит (amoCRM answered 401: the token was revoked).\n' +
        'Новые уведомления о просрочке ждут, а отчёт предупредит, что данные старые. Проверьте доступ к CRM: /status, /sync.',
    ]);
    const [report] = await h.say(ADMIN, '/report', HEADS);
    await h.settle();
    const text = h.fake.messagesIn(HEADS.id).find((m) => m.text?.includes('Контроль качества продаж'))?.text ?? '';
    expect(text.startsWith('⚠️ Данные CRM от 23.11, 10:00: синхронизация не проходит — amoCRM answered 401: the token was revoked.')).toBe(true);
    expect(report?.text).toContain('Отчёт за неделю');
    const [status] = await h.say(ADMIN, '/status');
    expect(status?.text).toContain('⚠️ Данные из CRM устарели: последняя успешная синхронизация 1 ч 2 мин назад');

    h.crm.fetchFull = reads;
    h.clock.set(new Date('2026-11-23T11:15:00+03:00'));
    await h.app.syncNow();
    await h.settle();
    expect(pingsTo(IPPOLIT.id)).toHaveLength(1);
    expect(alerts()).toHaveLength(2);
    expect(alerts()[1]?.text).toBe('✅ Синхронизация снова проходит (23.11, 11:15): данные CRM свежие, уведомления о просрочке идут дальше.');
  });

  it('every report says when the CRM was read', async () => {
    await h.say(ADMIN, '/report', HEADS);
    await h.settle();
    const texts = h.fake.messagesIn(HEADS.id).map((m) => m.text ?? '');
    expect(texts.some((t) => t.includes('Данные CRM на 23.11, 10:00.'))).toBe(true);
    expect(texts.some((t) => t.includes('Данные CRM от'))).toBe(false);
  });
});
