import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, recordAudit } from '../../src/db/audit';
import { auditLog } from '../../src/db/schema';
import { tempDatabase } from '../support/temp-db';

let db: ReturnType<typeof tempDatabase>;
afterEach(() => db?.dispose());

describe('the audit log', () => {
  it('records a typed action with its subject, before and after', () => {
    db = tempDatabase();
    recordAudit(db.db, { accountId: 'main', actor: '1001', action: 'settings.changed', subject: 'quietHours', before: { quietHours: null }, after: { quietHours: '22:00-08:00' }, at: 5 });
    expect(db.db.select().from(auditLog).all()).toEqual([
      { id: 1, accountId: 'main', actor: '1001', action: 'settings.changed', subject: 'quietHours', before: { quietHours: null }, after: { quietHours: '22:00-08:00' }, at: 5 },
    ]);
  });

  // Entries written before actions were typed are renamed by migration 0010; run its SQL over such rows.
  it.each([
    ['norms:stage_time_exceeded.hours', 'norms.changed', 'stage_time_exceeded.hours'],
    ['settings:quietHours,supervisorPings', 'settings.changed', 'quietHours,supervisorPings'],
    ['bind:report', 'chat.bound', 'report'],
    ['unbind:supervisors', 'chat.unbound', 'supervisors'],
    ['link:invite', 'link.invited', null],
    ['link:linked', 'link.linked', null],
    ['link:unlinked', 'link.unlinked', null],
    ['admins:add', 'admin.added', null],
    ['admins:remove', 'admin.removed', null],
    ['supervisors:set', 'supervisor.set', null],
  ])('an old entry %s becomes %s (subject %s)', (old, action, subject) => {
    db = tempDatabase();
    db.sqlite.prepare(`INSERT INTO audit_log (account_id, actor, action, at) VALUES ('main', '1', ?, 0)`).run(old);
    const migration = readFileSync(new URL('../../drizzle/0010_audit_actions.sql', import.meta.url), 'utf8');
    for (const statement of migration.split('--> statement-breakpoint')) db.sqlite.exec(statement);
    const row = db.db.select().from(auditLog).get()!;
    expect({ action: row.action, subject: row.subject }).toEqual({ action, subject });
    expect(AUDIT_ACTIONS).toContain(row.action);
  });
});
