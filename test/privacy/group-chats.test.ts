import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, bindHeads, HEADS, IPPOLIT, linkUser, startBotHarness, type BotHarness } from '../support/bot-harness';
import { at } from '../support/fixture';
import { EMAILS, PERSONAL_DATA_NOW, PERSONAL_DATA_SNAPSHOT, PHONES, personalDataIn } from '../support/personal-data';

/**
 * Every message the sales heads' group gets — the weekly report, single
 * pings, a digest, escalations, edits, /findings and /me asked in the group
 * — holds no phone number, e-mail, handle or customer's name in either
 * privacy mode, though the CRM's deal names and task texts are full of them;
 * the manager's own private ping shows them as typed; the logs never do.
 *
 * Ипполит (linked) has t1 due 10:30; Анна (not linked, so her pings go to
 * the group) has five tasks due 10:40: a digest. Their supervisor Сергей is
 * not linked, so the supervisors' copies go to the group too.
 */
describe.each(['strict', 'masked'] as const)('group chats in %s mode', (mode) => {
  let h: BotHarness;
  const logs: string[] = [];

  beforeEach(async () => {
    logs.length = 0;
    h = await startBotHarness({ snapshot: structuredClone(PERSONAL_DATA_SNAPSHOT), now: PERSONAL_DATA_NOW, logs: { write: (line) => void logs.push(line) } });
    await bindHeads(h);
    const [answer] = await h.say(ADMIN, `/privacy ${mode}`);
    expect(answer?.text).toContain(mode === 'strict' ? 'Строгий режим' : 'Режим с маскировкой');
    await linkUser(h, 'Ипполит', IPPOLIT);
    await h.app.overdueCheck();
  });
  afterEach(async () => {
    await h?.stop();
  });


  it('pings, the digest, escalations, edits, the report and /findings in the group hold no personal data; the manager\'s own ping does', async () => {
    expect(await h.tickAt('2026-11-23T10:31:00+03:00')).toMatchObject({ pinged: 1 });
    expect(await h.tickAt('2026-11-23T10:41:00+03:00')).toMatchObject({ pinged: 5 });
    expect(await h.tickAt('2026-11-23T12:42:00+03:00')).toMatchObject({ escalated: 6 });
    // t1 is done in the CRM: its messages are edited.
    const t1 = h.crm.snapshot.tasks.find((t) => t.id === 't1')!;
    Object.assign(t1, { completed: true, completedAt: at('2026-11-23T12:50:00+03:00') });
    await h.tickAt('2026-11-23T12:55:00+03:00');
    await h.say(ADMIN, '/findings Анна', HEADS);
    await h.say(ADMIN, '/findings Целевая', HEADS);
    await h.say(IPPOLIT, '/me', HEADS);
    await h.say(ADMIN, '/report', HEADS);

    const group = h.fake.readInGroups();
    const seen = group.join('\n');
    // Each kind of message reached the group, so each was scanned.
    expect(seen).toContain('Ипполит: просрочена задача');
    expect(seen).toContain('Просроченные задачи: 5');
    expect(seen).toContain('Всё ещё не выполнено');
    expect(seen).toContain('✅ Выполнено 23.11, 12:50');
    expect(seen).toContain('Открытые замечания: Анна');
    expect(seen).toContain('Открытые замечания на этапе «Целевая сделка»');
    expect(seen).toContain('Ваши открытые замечания, Ипполит');
    expect(h.fake.messagesIn(HEADS.id).some((m) => m.kind === 'photo')).toBe(true);
    for (const text of group) expect(personalDataIn(text), text).toEqual([]);

    if (mode === 'strict') {
      expect(seen).toContain('Сделка: №d1');
      expect(seen).toContain('«Звонок» — сделка №d4');
      expect(seen).not.toContain('•••');
    } else {
      // What is not personal stays readable.
      expect(seen).toContain('ООО Ромашка / ••• ••• •••');
      expect(seen).toContain('Отправить КП ••• на •••, копию на •••');
    }

    // The deal's own manager, in private, sees the CRM's words as typed.
    const [own] = h.fake.messagesIn(IPPOLIT.id).filter((m) => m.text?.startsWith('⏰'));
    expect(own?.text).toContain(`«Перезвонить Петру Иванову ${PHONES[4]}, запасной ${PHONES[5]}»`);
    expect(own?.text).toContain(`Сделка: Иванов Пётр ${PHONES[0]}`);

    // Logs at debug level, all of the above included, hold none of it.
    expect(logs.length).toBeGreaterThan(10);
    expect(personalDataIn(logs.join('\n'), { anyContact: false })).toEqual([]);
    expect(logs.join('\n')).not.toContain(EMAILS[1]);
  });
});
