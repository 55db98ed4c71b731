import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { parseConfig } from '../../src/config';
import { outbox } from '../../src/db/schema';
import { enqueueText, outboxRow, textPayloadOf } from '../../src/delivery/outbox';
import { maskQueuedGroupMessages } from '../../src/jobs/mask-queued';
import { createLogger } from '../../src/logger';
import { eq } from 'drizzle-orm';
import { tempDatabase } from '../support/temp-db';

/** A supervisor's copy as a version before the privacy policy queued it for the heads' group: no form, names as typed. */
const LEGACY = '⏰ <b>Анна</b>: просрочена задача «Перезвонить Ольге 8-916-735-92-04»\nСделка: <a href="https://crm.example/leads/detail/77">Иванов Пётр</a>';

describe('messages queued for group chats before the privacy policy', () => {
  let db: ReturnType<typeof tempDatabase>;
  const ctx = () => ({ config: parseConfig({ DATABASE_PATH: db.path }), handle: db, clock: new FixedClock(new Date(0)), logger: createLogger('silent') });
  const queue = (dedupeKey: string, chatId: string, extra: { form?: 'strict' | 'masked' | 'as-typed' } = {}) =>
    enqueueText(db.db, { accountId: 'main', dedupeKey, chatId, html: LEGACY, buttons: [[{ text: 'Иванов Пётр', url: 'https://crm.example/leads/detail/77' }]], ...extra }, 0)!;

  beforeEach(() => {
    db = tempDatabase();
  });
  afterEach(() => db.dispose());

  it('are masked once at start, links kept; private chats, rows with a form and sent rows are left alone', () => {
    const legacyGroup = queue('a', '-1001234567890');
    const legacyFiles = queue('b', 'files');
    const privateChat = queue('c', '2001');
    const written = queue('d', '-1001234567890', { form: 'strict' });
    const sent = queue('e', '-1001234567890');
    db.db.update(outbox).set({ status: 'sent' }).where(eq(outbox.id, sent)).run();

    expect(maskQueuedGroupMessages(ctx())).toBe(2);
    const group = textPayloadOf(outboxRow(db.db, legacyGroup)!);
    expect(group.html).toBe('⏰ <b>•••</b>: просрочена задача «Перезвонить ••• •••»\nСделка: <a href="https://crm.example/leads/detail/77">••• •••</a>');
    expect(group.buttons).toEqual([[{ text: '••• •••', url: 'https://crm.example/leads/detail/77' }]]);
    expect(group.form).toBe('masked');
    expect(textPayloadOf(outboxRow(db.db, legacyFiles)!).form).toBe('masked');
    for (const id of [privateChat, written, sent]) expect(textPayloadOf(outboxRow(db.db, id)!).html).toBe(LEGACY);
    // Once: a second start finds nothing to do.
    expect(maskQueuedGroupMessages(ctx())).toBe(0);
  });
});
