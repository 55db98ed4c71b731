import { and, eq, inArray, like, or } from 'drizzle-orm';
import { outbox } from '../db/schema';
import { FILES_CHAT } from '../delivery/file-sender';
import { rewritePending, textPayloadOf } from '../delivery/outbox';
import { maskPersonalData } from '../privacy/policy';
import type { JobContext } from './context';

/**
 * Messages a version before the privacy policy queued for a group chat (a
 * supervisor's copy waiting overnight for working hours, an edit of one)
 * carry deal names and task texts as typed, and say nothing of their form.
 * They are masked once, as the bot starts and before anything is sent:
 * their facts are not kept with them, so the strict form cannot be rebuilt,
 * and dropping them would lose the pings. Returns how many were masked.
 */
export function maskQueuedGroupMessages(ctx: JobContext): number {
  const { handle, config } = ctx;
  return handle.sqlite
    .transaction(() => {
      const rows = handle.db
        .select()
        .from(outbox)
        .where(
          and(
            eq(outbox.accountId, config.ACCOUNT_ID),
            eq(outbox.status, 'pending'),
            inArray(outbox.kind, ['text', 'edit']),
            // Telegram's group chats have negative ids; the files stand for one in the demo.
            or(like(outbox.chatId, '-%'), eq(outbox.chatId, FILES_CHAT)),
          ),
        )
        .all();
      let masked = 0;
      for (const row of rows) {
        const payload = textPayloadOf(row);
        if (payload.form) continue;
        const buttons = payload.buttons.map((line) => line.map((b) => ({ ...b, text: maskPersonalData(b.text) })));
        if (rewritePending(handle.db, row.id, { ...payload, html: maskHtml(payload.html), buttons, form: 'masked' })) masked++;
      }
      return masked;
    })
    .immediate();
}

/** Telegram HTML with its text masked and its tags (links into the CRM among them) kept. */
export function maskHtml(html: string): string {
  return html
    .split(/(<[^>]*>)/)
    .map((part) => (part.startsWith('<') ? part : maskPersonalData(part)))
    .join('');
}
