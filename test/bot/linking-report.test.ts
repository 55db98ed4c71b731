import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catchUpMissedReport } from '../../src/jobs/weekly-report';
import { auditLog, linkCodes, outbox } from '../../src/db/schema';
import { queuePersonalReport } from '../../src/jobs/member-findings';
import { setLastReportFor } from '../../src/settings/store';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ADMIN, ANNA, bindHeads, HEADS, IPPOLIT, linkUser, startBotHarness, STRANGER, type BotHarness } from '../support/bot-harness';

let h: BotHarness;
beforeEach(async () => {
  h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
});
afterEach(() => h.stop());

describe('linking by deep link', () => {
  it('an admin gets a one-time link; the manager who opens it is linked; the link does not work twice', async () => {
    const [list] = await h.say(ADMIN, '/managers');
    expect(list?.text).toContain('Сотрудники в CRM: 3, подключены к боту: 0');
    expect(list?.replyMarkup?.inline_keyboard.flat().map((b) => b.text)).toContain('🔗 Ссылка для: Ипполит');
    const button = list!.replyMarkup!.inline_keyboard.flat().find((b) => b.text === '🔗 Ссылка для: Ипполит') as { callback_data: string };
    const [invite] = await h.press(ADMIN, ADMIN.id, list!.messageId, button.callback_data);
    expect(invite?.text).toMatch(/https:\/\/t\.me\/\w+\?start=[\w-]{16}/);
    expect(invite?.text).toContain('действует до 26.11, 10:00');
    const code = /start=([\w-]+)/.exec(invite!.text!)![1]!;

    const [linked] = await h.say(IPPOLIT, `/start ${code}`);
    expect(linked?.text).toContain('Готово, Ипполит!');
    const [again] = await h.say(STRANGER, `/start ${code}`);
    expect(again?.text).toContain('По этой ссылке уже подключились');
    const [after] = await h.say(ADMIN, '/managers');
    expect(after?.text).toContain('подключены к боту: 1');
    expect(h.db.select().from(auditLog).all().map((a) => a.action)).toEqual(expect.arrayContaining(['link.invited', 'link.linked']));
  });

  it('a manager who links is told at once what is open for them, what waits longest, and when pings come', async () => {
    h.clock.set(new Date('2026-11-23T12:00:00+03:00'));
    const [invite] = await h.say(ADMIN, '/link Ипполит');
    const code = /start=([\w-]+)/.exec(invite!.text!)![1]!;
    const [done, summary] = await h.say(IPPOLIT, `/start ${code}`);
    expect(done?.text).toContain('Готово, Ипполит!');
    expect(summary?.text).toContain('Что открыто у вас сейчас: долгий первый контакт — 2, просроченные задачи — 1, дольше нормы на этапе — 1, крупная сделка без внимания — 1.');
    expect(summary?.text).toContain('Дольше всего ждут:\n• «Перезвонить по КП», ООО «Ромашка» <опт> — срок был 23.11, 10:30');
    expect(summary?.text).toContain('Пишу вам в рабочее время: пн–пт, 09:00–18:00 (Europe/Moscow)');
    expect(summary?.text).toContain('Все ваши замечания — /me, ваша неделя — /report me, что я умею — /help.');
    expect(summary?.replyMarkup).toEqual({ inline_keyboard: [[{ text: 'ООО «Ромашка» <опт>', url: 'https://crm.example/leads/detail/d1' }]] });
  });

  it('an expired or unknown link is refused with what to do', async () => {
    const [invite] = await h.say(ADMIN, '/link Анна');
    const code = /start=([\w-]+)/.exec(invite!.text!)![1]!;
    h.clock.set(new Date('2026-11-26T10:00:01+03:00'));
    expect((await h.say(ANNA, `/start ${code}`))[0]?.text).toContain('Срок действия ссылки истёк');
    expect((await h.say(ANNA, '/start nonsense'))[0]?.text).toContain('Эта ссылка не подходит');
    expect(h.db.select().from(linkCodes).where(eq(linkCodes.code, code)).get()?.usedAt).toBeNull();
  });

  it('a deep link is never posted in a group; /unlink undoes a link', async () => {
    await bindHeads(h);
    expect((await h.say(ADMIN, '/link Ипполит', HEADS))[0]?.text).toContain('только в личном чате');
    await linkUser(h, 'Ипполит', IPPOLIT);
    expect((await h.say(IPPOLIT, '/me'))[0]?.text).toContain('Ваши открытые замечания, Ипполит');
    expect((await h.say(ADMIN, '/unlink Ипполит'))[0]?.text).toContain('Ипполит отключён от бота');
    expect((await h.say(IPPOLIT, '/me'))[0]?.text).toContain('Вы пока не подключены');
  });
});

describe('the weekly report in the bound chat', () => {
  it('/report posts the charts as one album and the text parts, with a status message edited when done', async () => {
    await bindHeads(h);
    const replies = await h.say(ADMIN, '/report', HEADS);
    const album = replies.filter((m) => m.kind === 'photo');
    expect(album.length).toBeGreaterThanOrEqual(2);
    expect(album.length).toBeLessThanOrEqual(10);
    expect(new Set(album.map((m) => m.mediaGroupId)).size).toBe(1);
    expect(album.every((m) => (m.caption ?? '').length <= 1024)).toBe(true);
    const texts = replies.filter((m) => m.kind === 'text');
    expect(texts[0]?.text).toContain('Отчёт за неделю 16 нояб. — 23 нояб. отправлен');
    expect(texts.some((m) => m.text?.includes('Контроль качества продаж'))).toBe(true);
    expect(h.fake.chatActions.some((a) => a.action === 'upload_photo')).toBe(true);
  });

  it('/report me sends a manager their own week privately', async () => {
    await bindHeads(h);
    await linkUser(h, 'Ипполит', IPPOLIT);
    const inGroup = await h.say(IPPOLIT, '/report me', HEADS);
    expect(inGroup[0]?.text).toContain('Отправил вам в личные сообщения');
    const mine = h.fake.messagesIn(IPPOLIT.id).filter((m) => m.text?.includes('Ипполит, ваша неделя'));
    expect(mine).toHaveLength(1);
  });

  it('/report me goes through the outbox: queued under its update, sent by the outbox, never queued twice', async () => {
    await linkUser(h, 'Ипполит', IPPOLIT);
    const before = h.fake.messagesIn(IPPOLIT.id).length;
    await h.say(IPPOLIT, '/report me');
    const rows = h.db.select().from(outbox).where(eq(outbox.chatId, String(IPPOLIT.id))).all().filter((r) => r.dedupeKey.includes(':me:'));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(h.fake.messagesIn(IPPOLIT.id).slice(before).map((m) => m.messageId)).toEqual(rows.flatMap((r) => r.messageIds ?? []));
    // The same update delivered again (a redelivery after a restart) queues nothing new.
    const occasion = rows[0]!.dedupeKey.split(':me:')[0]!;
    const person = { crmUserId: 'm1', name: 'Ипполит' };
    const again = queuePersonalReport({ ...h.ctx, dealUrl: (id) => id }, person, { chatId: String(IPPOLIT.id), locale: 'ru', occasion });
    expect(again).toEqual({ queued: [] });
  });

  it('/report me from a group tells a manager who blocked the bot to open the private chat', async () => {
    await bindHeads(h);
    await linkUser(h, 'Ипполит', IPPOLIT);
    h.fake.blockChat(IPPOLIT.id);
    const inGroup = await h.say(IPPOLIT, '/report me', HEADS);
    expect(inGroup[0]?.text).toContain('Не могу написать вам в личные сообщения');
  });

  it('a report missed while the bot was down is sent once when it starts', async () => {
    await bindHeads(h);
    // The bot last reported for Monday 16 November; it was down on Monday 23 November at 09:00.
    setLastReportFor(h.db, 'main', Date.parse('2026-11-16T09:00:00+03:00'));
    expect(await catchUpMissedReport(h.ctx)).toBe(true);
    await h.app.telegram!.outbox.kick();
    await h.settle();
    const albums = () => new Set(h.fake.messagesIn(HEADS.id).filter((m) => m.kind === 'photo').map((m) => m.mediaGroupId)).size;
    expect(albums()).toBe(1);
    await h.restart();
    expect(await catchUpMissedReport(h.ctx)).toBe(false);
    await h.settle();
    expect(albums()).toBe(1);
  });
});
