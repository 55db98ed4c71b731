import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_COMMANDS } from '../../src/bot/commands';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ADMIN, bindHeads, HEADS, IPPOLIT, startBotHarness, STRANGER, type BotHarness } from '../support/bot-harness';

let h: BotHarness;
beforeEach(async () => {
  h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
});
afterEach(() => h.stop());

describe('who may do what', () => {
  it('in a group nobody bound, the bot only says how to bind it, and posts nothing else', async () => {
    const replies = await h.say(STRANGER, '/report', HEADS);
    expect(replies.map((m) => m.text)).toEqual([expect.stringContaining('/bind')]);
    expect(replies[0]?.text).toContain('не подключён к этому чату');
    // Plain talk in the group is none of the bot's business.
    expect(await h.say(STRANGER, 'коллеги, всем привет', HEADS)).toEqual([]);
    expect(h.fake.callsOf('sendMediaGroup')).toEqual([]);
  });

  it('only an admin binds a group; then the group is the report chat', async () => {
    const refused = await h.say(STRANGER, '/bind', HEADS);
    expect(refused[0]?.text).toContain('для администраторов');
    const bound = await h.say(ADMIN, '/bind', HEADS);
    expect(bound[0]?.text).toContain('еженедельный отчёт');
    expect(bound[0]?.text).toContain('по понедельникам в 09:00');
    const [status] = await h.say(ADMIN, '/status');
    expect(status?.text).toContain('Чат отчётов: Руководители продаж');
  });

  it('a non-admin trying every admin command is told politely that it is for admins, and nothing changes', async () => {
    await bindHeads(h);
    // /bind is refused in the group itself (above); here the private-chat commands.
    const adminOnly = ADMIN_COMMANDS.filter((c) => !['start', 'help', 'me', 'report', 'lang', 'pings', 'unlink', 'schedule', 'findings', 'export', 'bind', 'shifts', 'shift', 'away', 'snooze', 'snoozed'].includes(c));
    for (const command of adminOnly) {
      const args = command === 'setnorm' ? ' stage_time_exceeded 1h' : command === 'admins' ? ' add 4001' : command === 'unlink' ? ' Ипполит' : '';
      const replies = await h.say(STRANGER, `/${command}${args}`);
      expect(replies.map((m) => m.text), command).toEqual([expect.stringContaining('для администраторов')]);
    }
    for (const [command, answer] of [
      ['/schedule пт 18:00', 'для администраторов'],
      ['/unlink Ипполит', 'для администраторов'],
      ['/findings Ипполит', 'для руководителей'],
      ['/export', 'для руководителей'],
      ['/report', 'Ваша неделя — /report me'],
      // A person's schedule is for admins and that person's supervisor; /shifts for whoever is linked.
      ['/shift Ипполит 3/3 09:00-21:00', 'может администратор бота или руководитель этого сотрудника'],
      ['/away Ипполит 10.12-20.12 отпуск', 'может администратор бота или руководитель этого сотрудника'],
      ['/shifts', 'Вы пока не подключены к боту'],
      // Snoozes are the deal's manager's, their supervisor's and admins'.
      ['/snoozed', 'для подключённых сотрудников и администраторов'],
      ['/snooze сделка d1 1 неделя отпуск', 'Отложить можно только своё'],
    ]) {
      const replies = await h.say(STRANGER, command!);
      expect(replies.map((m) => m.text), command).toEqual([expect.stringContaining(answer!)]);
    }
    const [norms] = await h.say(ADMIN, '/norms');
    expect(norms?.text).toContain('норма: 3 дн');
    const [admins] = await h.say(ADMIN, '/admins');
    expect(admins?.text).not.toContain('4001');
  });

  it('malformed arguments get an answer that names the problem and gives an example', async () => {
    const cases: [string, string][] = [
      ['/setnorm stage_time_exceeded "Нет такого этапа" 24h', 'Не нашёл открытого этапа «Нет такого этапа»'],
      ['/setnorm stage_time_exceeded "Контакт установлен" скоро', '«скоро» — не длительность'],
      ['/setnorm no_such_rule 5', 'Нет правила «no_such_rule»'],
      ['/hours в любое время', 'Пример: /hours 09:00-18:00'],
      ['/hours quiet всегда', 'Пример: /hours quiet 22:00-08:00'],
      ['/hours 18:00-09:00', 'Такие рабочие часы сохранить нельзя'],
      ['/schedule когда-нибудь', 'Примеры: /schedule пн 09:00'],
      ['/admins add Вася', 'Пример: /admins add 123456789'],
      ['/link Незнакомец', 'Не нашёл в CRM сотрудника «Незнакомец»'],
      ['/link', 'Напишите после команды имя сотрудника'],
      ['/bind everyone', 'Не понял «everyone»'],
    ];
    await bindHeads(h);
    for (const [command, answer] of cases) {
      const chat = command.startsWith('/bind') ? HEADS : undefined;
      const replies = await h.say(ADMIN, command, chat);
      expect(replies.map((m) => m.text).join('\n'), command).toContain(answer);
    }
    expect(h.fake.calls.filter((c) => c.outcome === 'error' && c.method !== 'getUpdates')).toEqual([]);
  });

  it('an admin grants the admin role; the new admin may then use admin commands', async () => {
    expect((await h.say(IPPOLIT, '/status'))[0]?.text).toContain('для администраторов');
    expect((await h.say(ADMIN, `/admins add ${IPPOLIT.id}`))[0]?.text).toContain('теперь администратор');
    expect((await h.say(IPPOLIT, '/status'))[0]?.text).toContain('Последняя синхронизация');
    expect((await h.say(ADMIN, `/admins remove ${ADMIN.id}`))[0]?.text).toContain('ADMIN_TELEGRAM_IDS');
  });

  it('registers localized command menus per scope; the admin menu lists every command', () => {
    const privateMenu = h.fake.commands({ type: 'all_private_chats' });
    expect(privateMenu.map((c) => c.command)).toEqual(['start', 'help', 'me', 'snoozed', 'snooze', 'report', 'shifts', 'lang', 'pings', 'unlink']);
    expect(privateMenu[0]?.description).toBe('начать работу с ботом');
    expect(h.fake.commands({ type: 'all_private_chats' }, 'en')[0]?.description).toBe('start using the bot');
    expect(h.fake.commands({ type: 'all_group_chats' }).map((c) => c.command)).toEqual(['help', 'report', 'snoozed', 'bind']);
    expect(h.fake.commands({ type: 'chat', chat_id: ADMIN.id }).map((c) => c.command)).toEqual(ADMIN_COMMANDS);
  });

  it('answers in English to a user whose Telegram is in English', async () => {
    const [help] = await h.say({ ...STRANGER, language_code: 'en' }, '/help');
    expect(help?.text).toContain('What I do');
  });
});

describe('joining and leaving groups', () => {
  it('added to a group, the bot says how to bind it; removed from a bound group, it unbinds it', async () => {
    const other = { id: -100777, type: 'supergroup' as const, title: 'Отдел закупок' };
    h.fake.botAddedToGroup(STRANGER, other);
    await h.settle();
    expect(h.fake.messagesIn(other.id).map((m) => m.text)).toEqual([expect.stringContaining('администратор бота должен написать здесь /bind')]);

    await bindHeads(h);
    h.fake.botRemovedFromGroup(ADMIN, HEADS);
    await h.settle();
    const [status] = await h.say(ADMIN, '/status');
    expect(status?.text).toContain('Чат отчётов: не выбран');
  });
});

describe('when a command fails', () => {
  it('the user is told it did not work, and the bot goes on', async () => {
    await bindHeads(h);
    // Telegram refuses the "uploading a photo" indicator halfway through /report.
    h.fake.failNext('sendChatAction', { code: 400, description: 'Bad Request: not enough rights' });
    const replies = await h.say(ADMIN, '/report', HEADS);
    expect(replies.map((m) => m.text)).toEqual([expect.stringContaining('Собираю отчёт'), expect.stringContaining('Не получилось выполнить команду')]);
    expect((await h.say(ADMIN, '/report', HEADS)).some((m) => m.kind === 'photo')).toBe(true);
  });
});
