import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema';
import { DEFAULT_LADDER } from '../../src/norms/ladder';
import { loadNorms } from '../../src/norms/store';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ADMIN, startBotHarness, type BotHarness } from '../support/bot-harness';

let h: BotHarness;
beforeEach(async () => {
  h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
});
afterEach(() => h.stop());

const ladder = () => loadNorms(h.db, 'main', 'Europe/Moscow').rules.task_overdue.escalation;
const button = (message: { replyMarkup?: { inline_keyboard: { text: string; callback_data?: string }[][] } } | undefined, text: string) => {
  const found = message?.replyMarkup?.inline_keyboard.flat().find((b) => b.text.startsWith(text));
  if (!found?.callback_data) throw new Error(`no button «${text}» under the message`);
  return found.callback_data;
};

const DEFAULT_WORDS = 'сразу — менеджеру; сразу — руководителю; через 2 ч — руководителю снова';

describe('/setnorm task_overdue escalation', () => {
  it('sets the ladder in one line, says before and after in words, audits it; /norms shows it', async () => {
    expect((await h.say(ADMIN, '/norms'))[0]?.text).toContain(`кому и когда писать: ${DEFAULT_WORDS}`);
    const [reply] = await h.say(ADMIN, '/setnorm task_overdue escalation 0 manager, 0 supervisor, 2h supervisor, 1d report_chat');
    expect(reply?.text).toContain('Сохранено.');
    expect(reply?.text).toContain(`Просроченные задачи: кому и когда писать: было «${DEFAULT_WORDS}», стало «${DEFAULT_WORDS}; через 1 дн — в чат отчёта».`);
    expect(ladder()).toEqual([...DEFAULT_LADDER, { afterMinutes: 1440, to: 'report_chat' }]);
    const audit = h.db.select().from(auditLog).all().filter((a) => a.action === 'norms.changed');
    expect(audit).toEqual([expect.objectContaining({ subject: 'task_overdue.escalation', before: DEFAULT_LADDER, after: ladder() })]);
    expect((await h.say(ADMIN, '/norms'))[0]?.text).toContain(`кому и когда писать: ${DEFAULT_WORDS}; через 1 дн — в чат отчёта`);
  });

  it('takes Russian words and durations', async () => {
    const [reply] = await h.say(ADMIN, '/setnorm task_overdue эскалация сразу менеджеру, 30мин руководителю, 2 ч в чат руководителей; 1д чат отчёта, 1,5д руководителю снова');
    expect(reply?.text).toContain('Сохранено.');
    expect(ladder()).toEqual([
      { afterMinutes: 0, to: 'manager' },
      { afterMinutes: 30, to: 'supervisor' },
      { afterMinutes: 120, to: 'supervisors_chat' },
      { afterMinutes: 1440, to: 'report_chat' },
      { afterMinutes: 2160, to: 'supervisor' },
    ]);
    expect(reply?.text).toContain('стало «сразу — менеджеру; через 30 мин — руководителю; через 2 ч — в чат руководителей; через 1 дн — в чат отчёта; через 1 дн 12 ч — руководителю снова»');
  });

  it.each([
    ['2h supervisor, 0 manager', 'Шаги идут по порядку времени, а «0 manager» раньше шага перед ним.'],
    ['0 manager, 0 начальник', 'В шаге «0 начальник» не понял, кому: «начальник».'],
    ['завтра manager', 'В шаге «завтра manager» «завтра» — не длительность.'],
    ['-5m manager', '«-5m» — не длительность'],
    ['0 manager, 2h supervisor, 0 manager', 'Шаги идут по порядку времени'],
    ['0 manager, 0 менеджеру', 'Шаг «0 менеджеру» написан дважды.'],
    ['31d supervisor', '«31d supervisor» — позже 30 дней'],
    ['0 manager, 1h manager, 2h manager, 3h manager, 4h manager, 5h manager, 6h manager', 'Шагов 7, а можно не больше 6.'],
    ['', 'Не вижу ни одного шага.'],
    ['manager', 'Не понял шаг «manager»: нужно «когда кому»'],
  ])('%j is refused with a clear answer and an example; nothing changes', async (typed, answer) => {
    const [reply] = await h.say(ADMIN, `/setnorm task_overdue escalation ${typed}`);
    expect(reply?.text).toContain(answer);
    expect(reply?.text).toContain('Ничего не изменил.');
    expect(reply?.text).toContain('Пример: 0 менеджер, 0 руководитель, 2ч руководитель, 1д чат отчёта');
    expect(ladder()).toEqual(DEFAULT_LADDER);
    expect(h.db.select().from(auditLog).all().filter((a) => a.action === 'norms.changed')).toEqual([]);
  });

  it('is a step of the /setnorm conversation: the ladder typed, a bad one explained, confirmed, saved', async () => {
    const [rules] = await h.say(ADMIN, '/setnorm');
    const [ask] = await h.press(ADMIN, ADMIN.id, rules!.messageId, button(rules, 'Просроченные задачи: кому и когда писать'));
    expect(ask?.text).toContain('шаги через запятую');
    expect(ask?.text).toContain(`Сейчас: ${DEFAULT_WORDS}.`);

    await h.restart();

    const [bad] = await h.say(ADMIN, '0 менеджер, потом руководитель');
    expect(bad?.text).toContain('В шаге «потом руководитель» «потом» — не длительность.');
    expect(bad?.text).toContain('Пример: 0 менеджер');
    const [confirm] = await h.say(ADMIN, '0 менеджер, 1ч руководитель, 4ч чат отчёта');
    expect(confirm?.text).toContain(`было «${DEFAULT_WORDS}», стало «сразу — менеджеру; через 1 ч — руководителю; через 4 ч — в чат отчёта»`);
    expect(ladder()).toEqual(DEFAULT_LADDER);
    const [saved] = await h.press(ADMIN, ADMIN.id, confirm!.messageId, button(confirm, '✅ Сохранить'));
    expect(saved?.text).toContain('Сохранено.');
    expect(ladder()).toEqual([
      { afterMinutes: 0, to: 'manager' },
      { afterMinutes: 60, to: 'supervisor' },
      { afterMinutes: 240, to: 'report_chat' },
    ]);
  });

  it('/cancel while typing the ladder leaves it as it was', async () => {
    const [rules] = await h.say(ADMIN, '/setnorm');
    await h.press(ADMIN, ADMIN.id, rules!.messageId, button(rules, 'Просроченные задачи: кому и когда писать'));
    expect((await h.say(ADMIN, '/cancel'))[0]?.text).toBe('Хорошо, ничего не меняю.');
    expect(ladder()).toEqual(DEFAULT_LADDER);
  });
});
