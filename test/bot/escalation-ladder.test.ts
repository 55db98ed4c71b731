import { and, eq, inArray } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox, pingSteps } from '../../src/db/schema';
import { loadNorms } from '../../src/norms/store';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ADMIN, bindHeads, HEADS, IPPOLIT, linkUser, SERGEY, startBotHarness, type BotHarness } from '../support/bot-harness';
import { at } from '../support/fixture';

/**
 * The escalation ladder through the real bot: steps set with /setnorm, each
 * fired once at its time (also across a restart), to the manager, the
 * supervisor and the report chat (the heads' group, in the default strict
 * privacy mode: the harness checks it saw no deal name or task text), and
 * every message of the chain edited when the task is done.
 */

let h: BotHarness;
beforeEach(async () => {
  h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
  await bindHeads(h);
  // Only Ипполит's call due 10:30 (and his meeting tomorrow): Анна's task would fire its own steps in between.
  h.crm.snapshot.tasks = h.crm.snapshot.tasks.filter((t) => t.id !== 't2');
  await h.app.syncNow();
  await h.app.overdueCheck();
});
afterEach(() => h.stop());


async function setLadder(ladder: string) {
  const [reply] = await h.say(ADMIN, `/setnorm task_overdue escalation ${ladder}`);
  expect(reply?.text).toContain('Сохранено.');
}

const about = (chatId: number, words: string) => h.fake.messagesIn(chatId).filter((m) => m.text?.includes(words));

describe('the escalation ladder', () => {
  it('four steps with the report chat: each once at its time, across a restart; done edits every message of the chain', async () => {
    await linkUser(h, 'Ипполит', IPPOLIT);
    await linkUser(h, 'Сергей', SERGEY);
    await setLadder('0 менеджер, 0 руководитель, 1ч руководитель, 3ч чат отчёта');

    expect(await h.tickAt('2026-11-23T10:31:00+03:00')).toMatchObject({ pinged: 1, escalated: 0 });
    expect(about(IPPOLIT.id, 'Перезвонить по КП').map((m) => m.text?.split('\n')[0])).toEqual(['⏰ Задача ждёт выполнения: «Перезвонить по КП»']);
    expect(about(SERGEY.id, 'Перезвонить по КП').map((m) => m.text?.split('\n')[0])).toEqual(['⏰ Ипполит: просрочена задача «Перезвонить по КП»']);

    // The supervisor again an hour after detection (10:31), not after the due time.
    expect(await h.tickAt('2026-11-23T11:30:00+03:00')).toMatchObject({ escalated: 0 });
    expect(await h.tickAt('2026-11-23T11:31:00+03:00')).toMatchObject({ escalated: 1 });
    await h.restart();
    expect(await h.tickAt('2026-11-23T11:32:00+03:00')).toMatchObject({ escalated: 0 });
    expect(await h.tickAt('2026-11-23T13:30:00+03:00')).toMatchObject({ escalated: 0 });
    // The report chat three hours after detection: its first word on this task, in the group's strict form.
    expect(await h.tickAt('2026-11-23T13:31:00+03:00')).toMatchObject({ escalated: 1 });
    await h.restart();
    expect(await h.tickAt('2026-11-23T13:32:00+03:00')).toMatchObject({ escalated: 0, pinged: 0 });

    const toSergey = about(SERGEY.id, 'Перезвонить по КП');
    expect(toSergey.map((m) => m.text?.split('\n')[0])).toEqual([
      '⏰ Ипполит: просрочена задача «Перезвонить по КП»',
      '🔺 Всё ещё не выполнено, прошло 1 ч 1 мин после срока. Ипполит: «Перезвонить по КП»',
    ]);
    const inGroup = about(HEADS.id, 'Ипполит: просрочена задача');
    expect(inGroup).toHaveLength(1);
    expect(inGroup[0]?.text).toContain('Ипполит: просрочена задача «call»');
    expect(inGroup[0]?.text).toContain('Сделка: №d1');
    expect(inGroup[0]?.text).toContain('просрочено на 3 ч 1 мин');
    const toManager = about(IPPOLIT.id, 'Перезвонить по КП');
    expect(toManager).toHaveLength(1);

    // Done in the CRM at 13:40: all four messages say so.
    h.crm.snapshot.tasks[0] = { ...h.crm.snapshot.tasks[0]!, completed: true, completedAt: at('2026-11-23T13:40:00+03:00') };
    expect(await h.tickAt('2026-11-23T13:45:00+03:00')).toMatchObject({ closed: 1 });
    const chain = [...toManager.map((m) => [IPPOLIT.id, m.messageId]), ...toSergey.map((m) => [SERGEY.id, m.messageId]), [HEADS.id, inGroup[0]!.messageId]] as const;
    for (const [chatId, messageId] of chain) {
      expect(h.fake.messagesIn(chatId).find((m) => m.messageId === messageId)?.text, `${chatId}/${messageId}`).toContain('✅ Выполнено 23.11, 13:40');
    }
    // Nothing further: the ping is closed.
    expect(await h.tickAt('2026-11-24T14:00:00+03:00')).toMatchObject({ escalated: 0 });
    expect(about(HEADS.id, 'Ипполит: просрочена задача')).toHaveLength(1);
  });

  it('steps that reach one chat at once make one message; a repeated manager step is marked 🔺', async () => {
    await linkUser(h, 'Ипполит', IPPOLIT);
    // Сергей is not linked and no supervisors' chat is bound: his steps go to the report chat, as the report chat step does.
    await setLadder('0 manager, 0 supervisor, 0 report_chat, 30m manager');
    await h.tickAt('2026-11-23T10:31:00+03:00');
    const inGroup = about(HEADS.id, 'Ипполит: просрочена задача');
    expect(inGroup).toHaveLength(1);
    expect(inGroup[0]?.text).toContain('Сделка: №d1');
    const steps = h.db.select().from(pingSteps).all();
    expect(steps.map((s) => `${s.afterMinutes}:${s.recipient}`).sort()).toEqual(['0:manager', '0:report_chat', '0:supervisor']);
    const [supervisorStep, reportStep] = [steps.find((s) => s.recipient === 'supervisor'), steps.find((s) => s.recipient === 'report_chat')];
    expect(supervisorStep?.messageId).not.toBeNull();
    expect(reportStep?.messageId).toBe(supervisorStep?.messageId);

    await h.tickAt('2026-11-23T11:01:00+03:00');
    expect(about(IPPOLIT.id, 'Перезвонить по КП').map((m) => m.text?.split('\n')[0])).toEqual([
      '⏰ Задача ждёт выполнения: «Перезвонить по КП»',
      '🔺 Задача всё ещё ждёт выполнения, прошло 31 мин после срока: «Перезвонить по КП»',
    ]);
  });

  it('a step waiting for working hours is cancelled, never sent, when the task is done first; a later step joins a message still waiting in its chat', async () => {
    await linkUser(h, 'Ипполит', IPPOLIT);
    await setLadder('0 manager, 30m report_chat, 1h manager');
    h.crm.snapshot.tasks[0] = { ...h.crm.snapshot.tasks[0]!, dueAt: at('2026-11-23T19:00:00+03:00') };
    await h.tickAt('2026-11-23T19:01:00+03:00');
    await h.tickAt('2026-11-23T19:31:00+03:00');
    await h.tickAt('2026-11-23T20:01:00+03:00');
    const steps = h.db.select().from(pingSteps).all();
    expect(steps.map((s) => `${s.afterMinutes}:${s.recipient}`).sort()).toEqual(['0:manager', '30:report_chat', '60:manager']);
    // The manager's second step found the first still waiting for 09:00 in the same chat: one message, not two side by side.
    expect(steps.find((s) => s.afterMinutes === 60)?.messageId).toBe(steps.find((s) => s.afterMinutes === 0)?.messageId);
    const messages = [...new Set(steps.map((s) => s.messageId!))];
    expect(h.db.select({ status: outbox.status }).from(outbox).where(inArray(outbox.id, messages)).all()).toEqual([{ status: 'pending' }, { status: 'pending' }]);

    h.crm.snapshot.tasks[0] = { ...h.crm.snapshot.tasks[0]!, completed: true, completedAt: at('2026-11-23T21:00:00+03:00') };
    await h.tickAt('2026-11-23T21:05:00+03:00');
    expect(h.db.select({ status: outbox.status }).from(outbox).where(inArray(outbox.id, messages)).all()).toEqual([{ status: 'cancelled' }, { status: 'cancelled' }]);
    await h.tickAt('2026-11-24T09:01:00+03:00');
    expect(about(IPPOLIT.id, 'Перезвонить по КП')).toEqual([]);
    expect(about(HEADS.id, 'Ипполит')).toEqual([]);
  });

  it('a supervisor-side step that fires for three pings at once arrives as one digest, rewritten as they close', async () => {
    h.crm.snapshot.tasks.push(...[4, 5, 6].map((n) => ({ ...h.crm.snapshot.tasks[0]!, id: `t${n}`, text: `Задача ${n}`, dueAt: at('2026-11-23T10:15:00+03:00') })));
    await h.app.syncNow();
    await setLadder('0 manager, 30m report_chat');
    await h.tickAt('2026-11-23T10:20:00+03:00');
    // Ипполит is not linked: the manager's step finds nobody, and nothing goes to the group yet.
    expect(about(HEADS.id, 'Просроченные задачи')).toEqual([]);
    await h.tickAt('2026-11-23T10:50:00+03:00');
    const digests = about(HEADS.id, 'Просроченные задачи: 3');
    expect(digests).toHaveLength(1);
    expect(digests[0]?.text).toContain('1. Ипполит: «call» — сделка №d1');
    expect(digests[0]?.text).not.toContain('Задача 4');

    h.crm.snapshot.tasks = h.crm.snapshot.tasks.map((t) => (t.id === 't4' ? { ...t, completed: true, completedAt: at('2026-11-23T11:00:00+03:00') } : t));
    await h.tickAt('2026-11-23T11:05:00+03:00');
    expect(h.fake.messagesIn(HEADS.id).find((m) => m.messageId === digests[0]!.messageId)?.text).toContain('✅ Выполнено 23.11, 11:00');
  });

  it('norms saved before the ladder (escalateAfterMinutes) still load and ping as before', async () => {
    const { handle, config } = h.ctx;
    const stored = loadNorms(handle.db, config.ACCOUNT_ID, config.TIMEZONE);
    const { escalation: _, ...rule } = stored.rules.task_overdue;
    handle.sqlite.prepare('INSERT OR REPLACE INTO norms (account_id, document, updated_at) VALUES (?, ?, 0)').run(config.ACCOUNT_ID, JSON.stringify({ ...stored, rules: { ...stored.rules, task_overdue: { ...rule, escalateAfterMinutes: 45 } } }));
    expect(loadNorms(handle.db, config.ACCOUNT_ID, config.TIMEZONE).rules.task_overdue.escalation).toEqual([
      { afterMinutes: 0, to: 'manager' },
      { afterMinutes: 0, to: 'supervisor' },
      { afterMinutes: 45, to: 'supervisor' },
    ]);
    await linkUser(h, 'Сергей', SERGEY);
    await h.tickAt('2026-11-23T10:31:00+03:00');
    expect(await h.tickAt('2026-11-23T11:15:00+03:00')).toMatchObject({ escalated: 0 });
    expect(await h.tickAt('2026-11-23T11:16:00+03:00')).toMatchObject({ escalated: 1 });
    expect(about(SERGEY.id, 'Всё ещё не выполнено')).toHaveLength(1);
    expect(h.db.select().from(pingSteps).where(and(eq(pingSteps.afterMinutes, 45), eq(pingSteps.recipient, 'supervisor'))).all()).toHaveLength(1);
  });
});
