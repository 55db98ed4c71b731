import { eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, pings, snoozes } from '../../src/db/schema';
import { weeklyReportData } from '../../src/jobs/weekly-report';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ADMIN, bindHeads, IPPOLIT, linkUser, SERGEY, startBotHarness, STRANGER, type BotHarness } from '../support/bot-harness';

let h: BotHarness;
beforeEach(async () => {
  h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
  await bindHeads(h);
  // The first check starts pinging: tasks overdue before it are the report's business.
  await h.app.overdueCheck();
  await linkUser(h, 'Ипполит', IPPOLIT);
  await linkUser(h, 'Сергей', SERGEY);
});
afterEach(() => h.stop());

const rows = () => h.db.select().from(snoozes).all();
const audits = () => h.db.select().from(auditLog).where(like(auditLog.action, 'snooze.%')).all();
const pingsAbout = (chatId: number, text: string) => h.fake.messagesIn(chatId).filter((m) => m.text?.includes('Задача ждёт выполнения') && m.text.includes(text));
const callbacks = (chatId: number, messageId: number) =>
  (h.fake.messagesIn(chatId).find((m) => m.messageId === messageId)?.replyMarkup?.inline_keyboard.flat() ?? []).flatMap((b) => ('callback_data' in b && b.callback_data ? [b.callback_data] : []));

describe('snooze', () => {
  it('a snoozed deal: no pings, not among /me or the report\'s open counts; back after expiry, pinged again', async () => {
    const before = weeklyReportData(h.ctx, h.clock.now().getTime()).data;
    const [answer] = await h.say(IPPOLIT, '/snooze сделка d1 3 дня клиент в отпуске');
    expect(answer?.text).toContain('⏸ Отложено до 26.11.2026: сделка №d1 «ООО «Ромашка» <опт>»');
    expect(answer?.text).toContain('Причина: клиент в отпуске/недоступен');

    // t1 (deal d1) goes overdue at 10:30: nobody is told.
    expect(await h.tickAt('2026-11-23T10:31:00+03:00')).toMatchObject({ pinged: 0 });
    expect(pingsAbout(IPPOLIT.id, 'Перезвонить')).toEqual([]);
    expect(pingsAbout(SERGEY.id, 'Перезвонить')).toEqual([]);

    const me = (await h.say(IPPOLIT, '/me')).map((m) => m.text).join('\n');
    expect(me).not.toContain('Ромашка');
    expect(me).toContain('Ещё отложено: ');

    const report = weeklyReportData(h.ctx, h.clock.now().getTime()).data;
    expect(report.snoozed).toMatchObject({ count: 1, reasons: [{ reason: 'away', count: 1 }] });
    expect(report.snoozed.findings).toBeGreaterThan(0);
    const total = (r: typeof report) => r.totals.violations + r.totals.remarks;
    expect(total(report)).toBeLessThan(total(before) + 1);
    expect(report.stages.flatMap((s) => (s.stageId === 's-work' ? [s.total] : []))).toEqual([]);

    // Back on 26.11 at 00:00: the last check before it still holds, the first at it pings (in working hours).
    await h.tickAt('2026-11-25T23:59:00+03:00');
    expect(h.db.select().from(pings).where(eq(pings.taskId, 't1')).all()).toEqual([]);
    expect(await h.tickAt('2026-11-26T00:00:00+03:00')).toMatchObject({ pinged: 1 });
    await h.tickAt('2026-11-26T09:01:00+03:00');
    expect(pingsAbout(IPPOLIT.id, 'Перезвонить')).toHaveLength(1);
    expect(rows()[0]).toMatchObject({ status: 'ended', endReason: 'expired', endedBy: 'system' });
    expect(audits().map((a) => a.action)).toEqual(['snooze.set', 'snooze.ended']);
    expect(weeklyReportData(h.ctx, h.clock.now().getTime()).data.snoozed.count).toBe(0);
  });

  it('«Отложить» under a ping: reason, time, the ping edited to «⏸ Отложено до …»; a stranger\'s press changes nothing; cancel brings it back', async () => {
    await h.tickAt('2026-11-23T10:31:00+03:00');
    const [ping] = pingsAbout(IPPOLIT.id, 'Перезвонить');
    expect(callbacks(IPPOLIT.id, ping!.messageId)).toEqual(['zz:t:t1']);

    // Someone else presses (data of a later step, too): refused by who they are, not by what the button says.
    await h.press(STRANGER, IPPOLIT.id, ping!.messageId, 'zz:t:t1:a:w1');
    expect(h.fake.callbackAnswers.at(-1)).toMatchObject({ show_alert: true });
    expect(rows()).toEqual([]);

    const [prompt] = await h.press(IPPOLIT, IPPOLIT.id, ping!.messageId, 'zz:t:t1');
    expect(prompt?.text).toContain('Отложить задача №t1. Почему?');
    expect(callbacks(IPPOLIT.id, prompt!.messageId)).toEqual(['zz:t:t1:a', 'zz:t:t1:p', 'zz:t:t1:s', 'zz:t:t1:o']);
    await h.press(IPPOLIT, IPPOLIT.id, prompt!.messageId, 'zz:t:t1:p');
    expect(callbacks(IPPOLIT.id, prompt!.messageId)).toEqual(['zz:t:t1:p:d3', 'zz:t:t1:p:w1', 'zz:t:t1:p:w2', 'zz:t:t1:p:me']);
    await h.press(IPPOLIT, IPPOLIT.id, prompt!.messageId, 'zz:t:t1:p:w1');
    expect(h.fake.messagesIn(IPPOLIT.id).find((m) => m.messageId === prompt!.messageId)?.text).toContain('⏸ Отложено до 30.11.2026: задача №t1 «Перезвонить по КП». Причина: ждём оплату/документы.');

    const edited = h.fake.messagesIn(IPPOLIT.id).find((m) => m.messageId === ping!.messageId);
    expect(edited?.text).toContain('⏸ Отложено до 30.11.2026');
    expect(callbacks(IPPOLIT.id, ping!.messageId)).toEqual([]);
    expect(h.fake.messagesIn(SERGEY.id).some((m) => m.text?.includes('⏸ Отложено до 30.11.2026'))).toBe(true);
    // Escalation waits too: two hours on, the supervisor is not told again.
    expect(await h.tickAt('2026-11-23T12:40:00+03:00')).toMatchObject({ escalated: 0 });
    expect(pingsAbout(IPPOLIT.id, 'Перезвонить')).toHaveLength(1);

    const [list] = await h.say(IPPOLIT, '/snoozed');
    expect(list?.text).toContain('1. задача №t1 «Перезвонить по КП» (Ипполит) — до 30.11.2026, ждём оплату/документы');
    const id = rows()[0]!.id;
    expect(callbacks(IPPOLIT.id, list!.messageId)).toEqual([`zz:x:${id}`]);
    await h.press(STRANGER, IPPOLIT.id, list!.messageId, `zz:x:${id}`);
    expect(rows()[0]?.status).toBe('active');
    const [cancelled] = await h.press(IPPOLIT, IPPOLIT.id, list!.messageId, `zz:x:${id}`);
    expect(cancelled?.text).toContain('Отложение отменено');

    // Back at once: the next check pings it again, the ladder from the start.
    expect(await h.tickAt('2026-11-23T12:41:00+03:00')).toMatchObject({ pinged: 1 });
    expect(pingsAbout(IPPOLIT.id, 'Перезвонить')).toHaveLength(2);
    expect(audits().map((a) => a.action)).toEqual(['snooze.set', 'snooze.cancelled']);
  });

  it('a task snooze ends early when the task\'s due time moves', async () => {
    await h.say(IPPOLIT, '/snooze задача t3 1 неделя сезонность');
    expect(rows()[0]).toMatchObject({ status: 'active', scope: 'task', targetId: 't3', reason: 'season' });
    h.crm.snapshot.tasks[2] = { ...h.crm.snapshot.tasks[2]!, dueAt: Date.parse('2026-11-25T15:00:00+03:00') };
    h.clock.set(new Date('2026-11-23T11:00:00+03:00'));
    await h.app.syncNow();
    await h.settle();
    expect(rows()[0]).toMatchObject({ status: 'ended', endReason: 'task-moved' });
  });

  it('a manager\'s snooze longer than the norm waits for the supervisor: nothing hidden until confirmed; the manager cannot confirm it', async () => {
    const [answer] = await h.say(IPPOLIT, '/snooze сделка d1 до 15.01 ждём оплату');
    expect(answer?.text).toContain('только с подтверждением руководителя: это дольше нормы (14 дн.)');
    expect(rows()[0]).toMatchObject({ status: 'pending', until: Date.parse('2027-01-15T00:00:00+03:00') });
    const request = h.fake.messagesIn(SERGEY.id).at(-1)!;
    expect(request.text).toContain('Ипполит просит отложить сделка №d1 «ООО «Ромашка» <опт>» до 15.01.2027 — на 53 дн., дольше нормы (14 дн.)');
    const [ok, no] = callbacks(SERGEY.id, request.messageId);
    const id = rows()[0]!.id;
    expect([ok, no]).toEqual([`zz:ok:${id}`, `zz:no:${id}`]);

    // Pending hides nothing: the ping goes out as usual.
    expect(await h.tickAt('2026-11-23T10:31:00+03:00')).toMatchObject({ pinged: 1 });
    const [ping] = pingsAbout(IPPOLIT.id, 'Перезвонить');

    await h.press(IPPOLIT, SERGEY.id, request.messageId, ok!);
    expect(h.fake.callbackAnswers.at(-1)).toMatchObject({ show_alert: true });
    expect(rows()[0]?.status).toBe('pending');

    await h.press(SERGEY, SERGEY.id, request.messageId, ok!);
    expect(h.fake.messagesIn(SERGEY.id).find((m) => m.messageId === request.messageId)?.text).toContain('✅ Подтверждено');
    expect(rows()[0]).toMatchObject({ status: 'active', decidedBy: String(SERGEY.id) });
    expect(h.fake.messagesIn(IPPOLIT.id).find((m) => m.messageId === ping!.messageId)?.text).toContain('⏸ Отложено до 15.01.2027');
    expect(h.fake.messagesIn(IPPOLIT.id).at(-1)?.text).toContain('Руководитель подтвердил');
    expect(audits().map((a) => a.action)).toEqual(['snooze.requested', 'snooze.confirmed']);
  });

  it('a supervisor or an admin snoozes as long as needed without confirmation; a decline ends a pending one', async () => {
    await h.say(SERGEY, '/snooze сделка d1 до 15.01 сезонность');
    expect(rows()[0]).toMatchObject({ status: 'active' });
    await h.say(IPPOLIT, '/snooze сделка d3 1 месяц ждём документы');
    const pending = rows().find((r) => r.targetId === 'd3')!;
    expect(pending.status).toBe('pending');
    const request = h.fake.messagesIn(SERGEY.id).at(-1)!;
    await h.press(SERGEY, SERGEY.id, request.messageId, `zz:no:${pending.id}`);
    expect(rows().find((r) => r.id === pending.id)).toMatchObject({ status: 'ended', endReason: 'declined' });
    expect(h.fake.messagesIn(IPPOLIT.id).at(-1)?.text).toContain('не подтвердил');
  });

  it.each([
    ['', 'Как отложить: /snooze сделка 123 2 недели ждём оплату'],
    ['сделка', 'Не понял, что отложить: «сделка»'],
    ['проект d1 1 неделя отпуск', 'Не понял, что отложить: «проект d1»'],
    ['сделка d1', 'Не хватает срока'],
    ['сделка d1 когда-нибудь отпуск', 'Не понял срок «когда-нибудь отпуск»'],
    ['сделка d1 01.01.2026 отпуск', 'Срок «01.01.2026 отпуск» уже наступил'],
    ['сделка d1 400 дней отпуск', 'дальше, чем через год'],
    ['сделка d1 2 недели', 'Не хватает причины'],
    [`сделка d1 1 неделя ${'очень '.repeat(40)}`, 'Причина длиннее 200 знаков'],
    ['сделка d404 1 неделя отпуск', 'Не нашёл сделка №d404'],
    ['сделка d2 1 неделя отпуск', 'Отложить можно только своё'],
  ])('/snooze %s: a clear error, nothing changed', async (args, error) => {
    const [answer] = await h.say(IPPOLIT, `/snooze ${args}`.trim());
    expect(answer?.text).toContain(error);
    expect(rows()).toEqual([]);
    expect(audits()).toEqual([]);
  });

  it('/snoozed for someone not linked says so; a forged decision on an unknown snooze changes nothing', async () => {
    const [answer] = await h.say(STRANGER, '/snoozed');
    expect(answer?.text).toContain('для подключённых сотрудников и администраторов');
    expect((await h.say(ADMIN, '/snoozed'))[0]?.text).toBe('Сейчас ничего не отложено.');
    const [menu] = await h.say(ADMIN, '/snoozed');
    await h.press(ADMIN, ADMIN.id, menu!.messageId, 'zz:ok:999');
    expect(h.fake.callbackAnswers.at(-1)).toMatchObject({ show_alert: true });
    expect(h.db.select().from(auditLog).where(eq(auditLog.action, 'snooze.confirmed')).all()).toEqual([]);
  });
});

describe('snooze review mends', () => {
  it("a manager cannot undo their supervisor's snooze by snoozing again; the supervisor's stays", async () => {
    expect((await h.say(SERGEY, '/snooze сделка d1 60 дней сезонность'))[0]?.text).toContain('⏸ Отложено до');
    const before = { rows: rows(), audits: audits() };
    const [answer] = await h.say(IPPOLIT, '/snooze сделка d1 2 дня ждём оплату');
    expect(answer?.text).not.toContain('⏸ Отложено до');
    expect({ rows: rows(), audits: audits() }).toEqual(before);
  });

  it('/sync does not count snoozed findings as open, and says how many are snoozed', async () => {
    const count = (text: string | undefined) => Number(/открыто сейчас: (\d+)/.exec(text ?? '')?.[1]);
    await h.say(ADMIN, '/sync');
    const before = count(h.fake.messagesIn(ADMIN.id).at(-1)?.text);
    await h.say(IPPOLIT, '/snooze сделка d1 3 дня клиент в отпуске');
    await h.say(ADMIN, '/sync');
    const text = h.fake.messagesIn(ADMIN.id).at(-1)?.text;
    expect(count(text)).toBeLessThan(before);
    expect(text).toMatch(/Ещё \d+ — в отложенных сделках и задачах, в открытые не входят/);
  });

  it('a report for an earlier instant leaves out only the snoozes in force then', async () => {
    const at = h.clock.now().getTime();
    await h.say(IPPOLIT, '/snooze сделка d1 3 дня клиент в отпуске');
    // Set after `at - 1`: a report for that instant does not see it; one for now does.
    expect(weeklyReportData(h.ctx, at - 1).data.snoozed.count).toBe(0);
    expect(weeklyReportData(h.ctx, at + 1).data.snoozed.count).toBe(1);
    // Cancelled: a report for an instant it was in force still sees it.
    h.clock.set(new Date(at + 60_000));
    const [id] = rows().map((r) => r.id);
    h.db.update(snoozes).set({ status: 'ended', endedAt: at + 60_000, endReason: 'cancelled', endedBy: String(SERGEY.id) }).where(eq(snoozes.id, id!)).run();
    expect(weeklyReportData(h.ctx, at + 30_000).data.snoozed.count).toBe(1);
    expect(weeklyReportData(h.ctx, at + 120_000).data.snoozed.count).toBe(0);
  });
});

describe('a long snooze while the supervisor is away', () => {
  it('goes to the admins for confirmation, not to the supervisor on vacation', async () => {
    await h.say(ADMIN, '/away Сергей 23.11-04.12 отпуск');
    const before = h.fake.messagesIn(SERGEY.id).length;
    await h.say(IPPOLIT, '/snooze сделка d1 до 15.01 ждём оплату');
    await h.settle();
    expect(h.fake.messagesIn(SERGEY.id)).toHaveLength(before);
    expect(h.fake.messagesIn(ADMIN.id).at(-1)?.text).toContain('Ипполит просит отложить');
  });
});
