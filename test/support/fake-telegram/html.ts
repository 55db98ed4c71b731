/**
 * Telegram's HTML parse mode as the Bot API checks it: the tags it allows,
 * balanced and nested, and only the entities &lt; &gt; &amp; &quot; and
 * numeric ones. Returns the plain text a reader sees, or the reason Telegram
 * would refuse the message ("can't parse entities: …").
 */

const ALLOWED = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export type ParsedHtml = { ok: true; plain: string } | { ok: false; reason: string };

export function parseTelegramHtml(html: string): ParsedHtml {
  const open: string[] = [];
  let plain = '';
  let i = 0;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) return fail(`unclosed start tag at byte offset ${byteOffset(html, i)}`);
      const tag = parseTag(html.slice(i + 1, end));
      if (!tag) return fail(`unsupported start tag at byte offset ${byteOffset(html, i)}`);
      if (!ALLOWED.has(tag.name)) return fail(`unsupported start tag "${tag.name}" at byte offset ${byteOffset(html, i)}`);
      if (tag.closing) {
        if (open.pop() !== tag.name) return fail(`unmatched end tag at byte offset ${byteOffset(html, i)}, expected "</${open.at(-1) ?? ''}>", found "</${tag.name}>"`);
      } else {
        if (tag.name === 'a' && !/\bhref\s*=/.test(tag.attributes)) return fail(`a tag without href at byte offset ${byteOffset(html, i)}`);
        if (tag.name === 'span' && !/class\s*=\s*"tg-spoiler"/.test(tag.attributes)) return fail(`span without class="tg-spoiler" at byte offset ${byteOffset(html, i)}`);
        open.push(tag.name);
      }
      i = end + 1;
      continue;
    }
    if (ch === '&') {
      const m = /^&(#x[0-9a-f]+|#\d+|[a-z]+);/i.exec(html.slice(i, i + 12));
      const entity = m?.[1];
      if (!entity) return fail(`character entity expected at byte offset ${byteOffset(html, i)}`);
      if (entity.startsWith('#')) plain += String.fromCodePoint(entity[1] === 'x' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
      else if (NAMED[entity] !== undefined) plain += NAMED[entity];
      else return fail(`unsupported HTML entity "&${entity};" at byte offset ${byteOffset(html, i)}`);
      i += m[0].length;
      continue;
    }
    if (ch === '>') return fail(`unexpected ">" at byte offset ${byteOffset(html, i)}`);
    plain += ch;
    i++;
  }
  if (open.length > 0) return fail(`can't find end tag corresponding to start tag "${open.at(-1)}"`);
  return { ok: true, plain };
}

function parseTag(inner: string): { name: string; closing: boolean; attributes: string } | null {
  const m = /^(\/?)([a-z][a-z0-9-]*)(\s[^]*)?$/i.exec(inner.trim());
  return m ? { closing: m[1] === '/', name: m[2]!.toLowerCase(), attributes: m[3] ?? '' } : null;
}

function fail(reason: string): ParsedHtml {
  return { ok: false, reason: `Bad Request: can't parse entities: ${reason}` };
}

function byteOffset(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index));
}
