/**
 * Telegram's HTML as the bot writes it: escaping people's text, packing
 * blocks into messages under Telegram's limits, and URL buttons.
 */

/** An inline keyboard of URL buttons: rows of { text, url }. */
export type UrlButtons = { text: string; url: string }[][];

/** Telegram's limit for a button's callback data, in bytes. */
export const CALLBACK_DATA_LIMIT = 64;

/** A button that sends `data` back to the bot (a callback query) when pressed; `data` at most 64 bytes. */
export interface CallbackButton {
  text: string;
  data: string;
}

/** An inline keyboard of URL and callback buttons. */
export type InlineButtons = ({ text: string; url: string } | CallbackButton)[][];

/** Whether a callback button's data fits Telegram's 64 bytes (ids from the CRM vary in length). */
export function fitsCallbackData(data: string): boolean {
  return Buffer.byteLength(data, 'utf8') <= CALLBACK_DATA_LIMIT;
}

/** The URL buttons of a keyboard alone: what stays under a message whose question was answered. */
export function urlButtonsOf(buttons: InlineButtons): InlineButtons {
  return buttons.map((row) => row.filter((b) => 'url' in b)).filter((row) => row.length > 0);
}

/** Telegram's limit for one text message. */
export const MESSAGE_LIMIT = 4096;
/** Telegram's limit for a photo caption. */
export const CAPTION_LIMIT = 1024;

/**
 * Packs blocks of HTML into messages of at most `limit` characters. Blocks are
 * joined with a blank line and never cut, so tags stay balanced; a block that
 * alone exceeds the limit is cut between its lines (each line is self-contained
 * HTML), and a single over-long line is cut as a last resort.
 */
export function packMessages(blocks: readonly string[], limit = MESSAGE_LIMIT): string[] {
  const parts: string[] = [];
  let current = '';
  const push = (piece: string, separator: string) => {
    if (current && current.length + separator.length + piece.length <= limit) current += separator + piece;
    else {
      if (current) parts.push(current);
      current = piece;
    }
  };
  for (const block of blocks) {
    if (block === '') continue;
    if (block.length <= limit) {
      push(block, '\n\n');
      continue;
    }
    // An over-long block is packed line by line; its first line still follows a blank line.
    const pieces = block.split('\n').flatMap((line) => cut(line, limit));
    pieces.forEach((piece, i) => push(piece, i === 0 ? '\n\n' : '\n'));
  }
  if (current) parts.push(current);
  return parts;
}

function cut(line: string, limit: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < line.length; ) {
    const end = safeEnd(line, start + limit);
    pieces.push(line.slice(start, end));
    start = end;
  }
  return pieces;
}

/** Telegram counts UTF-16 units; never end a piece between the two halves of an emoji. */
function safeEnd(text: string, end: number): number {
  if (end >= text.length) return text.length;
  const code = text.charCodeAt(end);
  return code >= 0xdc00 && code <= 0xdfff ? end - 1 : end;
}

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Shortens plain text to `limit` characters with an ellipsis. */
export function truncate(text: string, limit = CAPTION_LIMIT): string {
  return text.length <= limit ? text : `${text.slice(0, safeEnd(text, limit - 1))}…`;
}
