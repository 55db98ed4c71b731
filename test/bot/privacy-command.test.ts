import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema';
import { loadSettings } from '../../src/settings/store';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ADMIN, IPPOLIT, linkUser, startBotHarness, type BotHarness } from '../support/bot-harness';

describe('/privacy', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
  });
  afterEach(async () => {
    await h?.stop();
  });
  const mode = () => loadSettings(h.db, 'main').privacy;
  const audits = () => h.db.select({ action: auditLog.action, subject: auditLog.subject, after: auditLog.after }).from(auditLog).all().filter((a) => a.action === 'settings.changed');

  it('shows the mode, switches it for admins with an audit entry', async () => {
    const [shown] = await h.say(ADMIN, '/privacy');
    expect(shown?.text).toContain('Строгий режим');
    expect(shown?.text).toContain('Изменить: /privacy strict или /privacy masked');
    expect((await h.say(ADMIN, '/privacy MASKED'))[0]?.text).toContain('Режим с маскировкой');
    expect(mode()).toBe('masked');
    expect(audits()).toEqual([{ action: 'settings.changed', subject: 'privacy', after: { privacy: 'masked' } }]);
    await h.say(ADMIN, '/privacy strict');
    expect(mode()).toBe('strict');
  });

  it('bad input and people who are not admins change nothing', async () => {
    expect((await h.say(ADMIN, '/privacy open'))[0]?.text).toBe('Не понял «open». Напишите /privacy strict — в группах только номера сделок, или /privacy masked — названия сделок и тексты задач без телефонов, почты и имён.');
    await linkUser(h, 'Ипполит', IPPOLIT);
    expect((await h.say(IPPOLIT, '/privacy masked'))[0]?.text).toContain('для администраторов');
    expect(mode()).toBe('strict');
    expect(audits()).toEqual([]);
  });
});
