import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startApp } from '../../src/app';
import { FixedClock } from '../../src/clock';
import { parseConfig } from '../../src/config';
import { openDatabase } from '../../src/db/client';
import { prepareAccount } from '../../src/jobs/context';
import { createLogger } from '../../src/logger';
import { at } from '../support/fixture';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { fixtureConnector } from '../support/fixture-connector';

describe('without a bot token', () => {
  it('the messages supervisors would get go to OUT_DIR/messages, edits included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-qc-files-'));
    const config = parseConfig({ DATABASE_PATH: join(dir, 'db.sqlite'), OUT_DIR: join(dir, 'out'), LOG_LEVEL: 'silent' });
    const handle = openDatabase(config.DATABASE_PATH);
    const clock = new FixedClock(new Date(NOW));
    const ctx = { config, handle, clock, logger: createLogger('silent') };
    prepareAccount(ctx);
    const crm = fixtureConnector(BOT_SNAPSHOT);
    const app = await startApp(ctx, crm, { schedule: false });
    try {
      await app.syncNow();
      clock.set(new Date('2026-11-23T10:31:00+03:00'));
      await app.overdueCheck();
      crm.snapshot.tasks[0] = { ...crm.snapshot.tasks[0]!, completed: true, completedAt: at('2026-11-23T10:40:00+03:00') };
      clock.set(new Date('2026-11-23T10:45:00+03:00'));
      await app.syncNow();
      const file = readFileSync(join(dir, 'out', 'messages', 'files.html'), 'utf8');
      // The supervisors' copies stand for a group chat: strict by default.
      expect(file).toContain('Ипполит</b>: просрочена задача «call»');
      expect(file).toContain('Сделка: <a href="https://crm.example/leads/detail/d1">№d1</a>');
      expect(file).not.toContain('Ромашка');
      expect(file).toMatch(/edit of #\d+/);
      expect(file).toContain('✅ Выполнено 23.11, 10:40');
    } finally {
      await app.stop();
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
