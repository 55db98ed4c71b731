import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock';
import { escapeHtml } from '../telegram-html';
import type { Sender } from './sender';

/** The chat id that stands for "the files" when there is no bot token. */
export const FILES_CHAT = 'files';

/**
 * Delivery without a bot token: the messages the bot would send (overdue
 * pings, their edits, digests, escalations) are appended to
 * OUT_DIR/messages/<chat>.html, one entry per message with the time it went
 * out, so the demo shows what managers and supervisors would read.
 */
export function fileSender(dir: string, clock: Clock): Sender {
  mkdirSync(dir, { recursive: true });
  // Message ids only need to be unique across restarts (edits refer to them): the wall clock gives that.
  let nextId = Date.now();
  return {
    async deliver(message) {
      const file = join(dir, `${message.chatId}.html`);
      const stamp = clock.now().toISOString();
      const id = ++nextId;
      if (message.kind === 'album') {
        message.photos.forEach((photo, i) => writeFileSync(join(dir, `${id}-${i + 1}-${photo.name}`), photo.bytes));
        appendFileSync(file, `<hr><p><small>${stamp} · #${id} · ${message.photos.length} charts</small></p>\n`);
        return { status: 'sent', messageIds: [id] };
      }
      const label = message.kind === 'edit' ? `edit of #${message.messageId}` : `#${id}`;
      // A button that calls back to the bot has nowhere to go from a file: shown as its label.
      const buttons = message.buttons.flat().map((b) => ('url' in b ? `<a href="${escapeHtml(b.url)}">[${escapeHtml(b.text)}]</a>` : `[${escapeHtml(b.text)}]`)).join(' ');
      appendFileSync(file, `<hr><p><small>${stamp} · ${label}</small></p>\n<p>${message.html.replace(/\n/g, '<br>\n')}</p>\n${buttons ? `<p>${buttons}</p>\n` : ''}`);
      return { status: 'sent', messageIds: [message.kind === 'edit' ? message.messageId : id] };
    },
  };
}
