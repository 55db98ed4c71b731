import { afterEach, describe, expect, it } from 'vitest';
import { telegramApi } from '../../src/bot/api';
import { telegramSender } from '../../src/delivery/telegram-sender';
import { startFakeBotApi, type FakeBotApi } from '../support/fake-telegram/server';

describe('telegramSender', () => {
  let fake: FakeBotApi | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it("paces a burst under Telegram's 30 messages a second for the bot, so none is refused", async () => {
    fake = await startFakeBotApi({ limits: { perChatPerSecond: 1, globalPerSecond: 30 } });
    // More chats than one second allows, one message each: only the bot-wide limit can bind.
    const chats = Array.from({ length: 45 }, (_, i) => 1_000 + i);
    for (const id of chats) fake.addChat({ id, type: 'group', title: `Отдел продаж ${id}` });
    const sender = telegramSender(telegramApi(fake.token, fake.apiRoot));

    const outcomes = await Promise.all(
      chats.map((chatId) => sender.deliver({ kind: 'text', chatId: String(chatId), html: 'Просрочена задача: <b>перезвонить клиенту</b>', buttons: [] })),
    );

    expect(outcomes.map((o) => o.status)).toEqual(chats.map(() => 'sent'));
    expect(fake.calls.filter((c) => c.errorCode === 429)).toEqual([]);
    expect(fake.messages.map((m) => m.chatId).sort((a, b) => a - b)).toEqual(chats);
  });
});
