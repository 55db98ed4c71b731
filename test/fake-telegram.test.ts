import { Api, GrammyError, HttpError, InputFile, InputMediaBuilder } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTelegramHtml } from './support/fake-telegram/html';
import { startFakeBotApi, type FakeBotApi } from './support/fake-telegram/server';

// The fake is what the bot tests trust, so it is tested too: through grammY's own client, as the bot uses it.
let fake: FakeBotApi;
let api: Api;
const CHAT = { id: 77, type: 'private' as const };
beforeEach(async () => {
  fake = await startFakeBotApi();
  fake.addChat(CHAT);
  api = new Api(fake.token, { apiRoot: fake.apiRoot });
});
afterEach(() => fake.close());

const photo = (name: string, caption?: string) => InputMediaBuilder.photo(new InputFile(Buffer.from(name), `${name}.png`), caption === undefined ? {} : { caption });

describe('fake Bot API', () => {
  it('answers getMe and refuses a wrong token with 401', async () => {
    expect((await api.getMe()).username).toBe('crm_qc_test_bot');
    await expect(new Api('1:wrong', { apiRoot: fake.apiRoot }).getMe()).rejects.toMatchObject({ error_code: 401 });
  });

  it('long polling waits for an update and honours offset', async () => {
    const started = Date.now();
    const polling = api.getUpdates({ timeout: 5 });
    setTimeout(() => fake.userSends({ id: 77, first_name: 'A' }, CHAT, '/help'), 100);
    const [update] = await polling;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(update?.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 5 }]);
    expect(await api.getUpdates({ offset: update!.update_id + 1, timeout: 0 })).toEqual([]);
    expect(fake.pendingUpdates()).toBe(0);
  });

  it('validates HTML like Telegram and counts the limit after parsing', async () => {
    await api.sendMessage(77, '<b>жирный</b> &lt;тег&gt; <a href="https://x.example">ссылка</a>', { parse_mode: 'HTML' });
    expect(fake.messagesIn(77)[0]?.text).toBe('жирный <тег> ссылка');
    for (const bad of ['a < b', '<b>open', '<b><i>x</b></i>', '&nbsp;', '<div>x</div>']) {
      await expect(api.sendMessage(77, bad, { parse_mode: 'HTML' }), bad).rejects.toMatchObject({ error_code: 400, description: expect.stringContaining("can't parse entities") });
    }
    await api.sendMessage(77, `<b>${'я'.repeat(4096)}</b>`, { parse_mode: 'HTML' });
    await expect(api.sendMessage(77, 'я'.repeat(4097))).rejects.toMatchObject({ description: 'Bad Request: message is too long' });
    await expect(api.sendMessage(78, 'hi')).rejects.toMatchObject({ description: 'Bad Request: chat not found' });
  });

  it('takes albums of 2–10 photos uploaded as multipart, captions up to 1024', async () => {
    const sent = await api.sendMediaGroup(77, [photo('a', 'первый'), photo('b')]);
    const groups = sent.map((m) => ('media_group_id' in m ? m.media_group_id : undefined));
    expect(groups[0]).toBeDefined();
    expect(groups).toEqual([groups[0], groups[0]]);
    expect(fake.messagesIn(77).map((m) => [m.file, m.caption])).toEqual([
      [{ name: 'a.png', size: 1 }, 'первый'],
      [{ name: 'b.png', size: 1 }, undefined],
    ]);
    await expect(api.sendMediaGroup(77, [photo('a')])).rejects.toMatchObject({ error_code: 400 });
    await expect(api.sendMediaGroup(77, Array.from({ length: 11 }, (_, i) => photo(`p${i}`)))).rejects.toMatchObject({ error_code: 400 });
    await expect(api.sendMediaGroup(77, [photo('a', 'x'.repeat(1025)), photo('b')])).rejects.toMatchObject({ description: 'Bad Request: message caption is too long' });
  });

  it('edits a message, and says "not modified" for an identical edit', async () => {
    const sent = await api.sendMessage(77, 'было');
    await api.editMessageText(77, sent.message_id, 'стало');
    expect(fake.messagesIn(77)[0]).toMatchObject({ text: 'стало', edits: [{ text: 'стало' }] });
    await expect(api.editMessageText(77, sent.message_id, 'стало')).rejects.toMatchObject({ description: expect.stringContaining('message is not modified') });
    await expect(api.editMessageText(77, 999, 'x')).rejects.toMatchObject({ description: 'Bad Request: message to edit not found' });
  });

  it('plays scripted failures: 429 with retry_after, a dropped connection, a blocked chat', async () => {
    fake.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 3', retryAfter: 3 });
    const limited = await api.sendMessage(77, 'x').catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(GrammyError);
    expect((limited as GrammyError).parameters.retry_after).toBe(3);
    fake.failNext('sendMessage', 'drop');
    expect(await api.sendMessage(77, 'x').catch((e: unknown) => e)).toBeInstanceOf(HttpError);
    fake.blockChat(77);
    await expect(api.sendMessage(77, 'x')).rejects.toMatchObject({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(fake.callsOf('sendMessage').map((c) => c.outcome)).toEqual(['error', 'dropped', 'error']);
  });

  it('stores command menus per scope and language', async () => {
    await api.setMyCommands([{ command: 'help', description: 'справка' }], { scope: { type: 'all_private_chats' } });
    await api.setMyCommands([{ command: 'help', description: 'help' }], { scope: { type: 'all_private_chats' }, language_code: 'en' });
    expect(fake.commands({ type: 'all_private_chats' })).toEqual([{ command: 'help', description: 'справка' }]);
    expect(fake.commands({ type: 'all_private_chats' }, 'en')).toEqual([{ command: 'help', description: 'help' }]);
  });

  it('close() ends a pending long poll at once', async () => {
    const polling = api.getUpdates({ timeout: 30 }).catch(() => 'ended');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await fake.close();
    await polling;
    expect(Date.now() - started).toBeLessThan(2000);
    fake = await startFakeBotApi();
  });
});

describe('the fake\'s HTML parser', () => {
  it('decodes numeric entities and accepts the tags Telegram allows', () => {
    expect(parseTelegramHtml('&#1071; &#x44F; <tg-spoiler>s</tg-spoiler> <span class="tg-spoiler">t</span> <pre>p</pre>')).toEqual({ ok: true, plain: 'Я я s t p' });
    expect(parseTelegramHtml('<span>t</span>')).toMatchObject({ ok: false });
    expect(parseTelegramHtml('<a>no href</a>')).toMatchObject({ ok: false });
  });
});
