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
    if (block.length <= limit) push(block, '\n\n');
    else for (const line of block.split('\n')) for (const piece of cut(line, limit)) push(piece, '\n');
  }
  if (current) parts.push(current);
  return parts;
}

function cut(line: string, limit: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < line.length; i += limit) pieces.push(line.slice(i, i + limit));
  return pieces;
}

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Shortens plain text to `limit` characters with an ellipsis. */
export function truncate(text: string, limit = CAPTION_LIMIT): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
