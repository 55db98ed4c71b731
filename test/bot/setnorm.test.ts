import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema';
import { loadNorms } from '../../src/norms/store';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ADMIN, startBotHarness, type BotHarness } from '../support/bot-harness';

let h: BotHarness;
beforeEach(async () => {
  h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
});
afterEach(() => h.stop());

const norms = () => loadNorms(h.db, 'main', 'Europe/Moscow');
const button = (message: { replyMarkup?: { inline_keyboard: { text: string; callback_data?: string }[][] } } | undefined, text: string) => {
  const found = message?.replyMarkup?.inline_keyboard.flat().find((b) => b.text.startsWith(text));
  if (!found?.callback_data) throw new Error(`no button «${text}» under the message`);
  return found.callback_data;
};

describe('/setnorm', () => {
  it('walks rule → pipeline → stage → value → confirm, surviving a restart in the middle', async () => {
    const [rules] = await h.say(ADMIN, '/setnorm');
    expect(rules?.text).toBe('Какую норму меняем?');
    const [pipelines] = await h.press(ADMIN, ADMIN.id, rules!.messageId, button(rules, 'Дольше нормы на этапе'));
    expect(pipelines?.text).toContain('Для какой воронки?');
    const [stages] = await h.press(ADMIN, ADMIN.id, pipelines!.messageId, button(pipelines, 'Продажи'));
    expect(stages?.text).toBe('Для какого этапа?');

    await h.restart();

    const [ask] = await h.press(ADMIN, ADMIN.id, stages!.messageId, button(stages, 'Контакт установлен'));
    expect(ask?.text).toContain('в часах или днях');
    const [bad] = await h.say(ADMIN, 'скоро');
    expect(bad?.text).toContain('«скоро» — не длительность');
    const [confirm] = await h.say(ADMIN, '36h');
    expect(confirm?.text).toContain('Дольше нормы на этапе: норма для «Контакт установлен (Продажи)»: было 3 дн, стало 1 дн 12 ч.');
    expect(norms().rules.stage_time_exceeded.stages).toEqual({});
    const [saved] = await h.press(ADMIN, ADMIN.id, confirm!.messageId, button(confirm, '✅ Сохранить'));
    expect(saved?.text).toContain('Сохранено.');
    expect(norms().rules.stage_time_exceeded.stages).toEqual({ 's-work': 36 });
    const audit = h.db.select().from(auditLog).all().filter((a) => a.action === 'norms.changed');
    expect(audit).toEqual([expect.objectContaining({ actor: String(ADMIN.id), action: 'norms.changed', subject: 'stage_time_exceeded.hours', before: { 's-work': null }, after: { 's-work': 36 } })]);
    // The conversation is over: the next command is a command again.
    expect((await h.say(ADMIN, '/norms'))[0]?.text).toContain('Контакт установлен (Продажи): 1 дн 12 ч');
  });

  it('/cancel leaves without saving', async () => {
    const [rules] = await h.say(ADMIN, '/setnorm');
    await h.press(ADMIN, ADMIN.id, rules!.messageId, button(rules, 'Перегруз'));
    expect((await h.say(ADMIN, '/cancel'))[0]?.text).toBe('Хорошо, ничего не меняю.');
    expect(norms().rules.manager_overloaded.maxOpenDeals).toBe(150);
  });

  it('works in one line and says what changed', async () => {
    const [reply] = await h.say(ADMIN, '/setnorm stage_time_exceeded "Контакт установлен" 24h');
    expect(reply?.text).toContain('Сохранено.');
    expect(reply?.text).toContain('Дольше нормы на этапе: норма для «Контакт установлен (Продажи)»: было 3 дн, стало 1 дн.');
    expect(norms().rules.stage_time_exceeded.stages).toEqual({ 's-work': 24 });
    await h.say(ADMIN, '/setnorm task_overdue escalate 3h');
    // The single number the ladder replaced still works: the supervisor again after 3 h.
    expect(norms().rules.task_overdue.escalation).toEqual([
      { afterMinutes: 0, to: 'manager' },
      { afterMinutes: 0, to: 'supervisor' },
      { afterMinutes: 180, to: 'supervisor' },
    ]);
    await h.say(ADMIN, '/setnorm lost_without_reason off');
    expect(norms().rules.lost_without_reason.enabled).toBe(false);
  });

  it('changes working hours, quiet hours and the schedule, each audited', async () => {
    const [hours] = await h.say(ADMIN, '/hours 10:00-19:00 пн-сб Asia/Yekaterinburg');
    expect(hours?.text).toContain('пн–сб, 10:00–19:00 (Asia/Yekaterinburg)');
    expect((await h.say(ADMIN, '/hours quiet 22:00-08:00'))[0]?.text).toContain('22:00-08:00 — в это время не пишу никому');
    expect((await h.say(ADMIN, '/schedule пт 17:30'))[0]?.text).toContain('по пятницам в 17:30');
    expect((await h.say(ADMIN, '/schedule'))[0]?.text).toContain('по пятницам в 17:30');
    const actions = h.db.select().from(auditLog).all().map((a) => `${a.action} ${a.subject}`);
    expect(actions).toEqual(expect.arrayContaining(['norms.changed workingHours', 'settings.changed quietHours', 'settings.changed reportSchedule']));
  });
});
