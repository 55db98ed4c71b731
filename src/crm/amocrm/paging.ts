import { z } from 'zod';
import { AmoApiError, type AmoClient } from './client';

const halPage = z.object({
  _links: z.object({ next: z.object({ href: z.string() }).optional() }).optional(),
  _embedded: z.record(z.string(), z.array(z.unknown())).optional(),
});

/**
 * Pages asked for ahead of the one being read. One at a time, a walk waits a
 * round trip per page and falls behind the account's rate (7 a second on
 * amoCRM, with round trips of 150–400 ms); three ahead keep the rate busy.
 */
export const READ_AHEAD = 3;

/**
 * Walks an amoCRM collection page by page: from page 1
 * until a page has no `_links.next` or amoCRM answers 204 No Content — both endings
 * occur, the second when the total is a multiple of the page size.
 *
 * While a full page is read, the next `readAhead` pages are already asked
 * for by number; after a short page that still has a `next` (not expected),
 * or with `readAhead` 0, the next page is asked for once the reader wants it.
 * When the walk ends or its reader stops, pages asked for in vain are given
 * up: at most `readAhead - 1` requests past the end are ever made.
 *
 * Each row is checked against `schema`; a row of another shape is an error
 * that names the path, the page and the field. Aborting `signal` gives the
 * walk up, the requests in flight with it: it rejects with the signal's reason.
 */
export async function* pages<T>(
  client: AmoClient,
  path: string,
  options: { key: string; limit: number; query?: Record<string, string | string[]>; schema: z.ZodType<T>; readAhead?: number; signal?: AbortSignal },
): AsyncGenerator<T[]> {
  const readAhead = options.readAhead ?? READ_AHEAD;
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(options.query ?? {})) for (const v of [value].flat()) query.append(name, v);
  query.set('limit', String(options.limit));
  const giveUp = new AbortController();
  const callSignal = options.signal ? AbortSignal.any([options.signal, giveUp.signal]) : giveUp.signal;
  const asked: Promise<unknown>[] = [];
  let lastAsked = 0;
  const ask = () => {
    query.set('page', String(++lastAsked));
    const answer = client.get(`${path}?${query}`, { signal: callSignal });
    // Pages past the end may fail after the walk is over; the walk reads the failures of the pages it reads.
    answer.catch(() => {});
    asked.push(answer);
  };
  ask();
  try {
    for (let page = 1; ; page++) {
      const body = await asked.shift();
      if (body === null) return;
      const parsed = halPage.safeParse(body);
      if (!parsed.success) throw new AmoApiError(`amoCRM answered ${path} (page ${page}) with an unexpected shape: ${parsed.error.issues[0]?.message}`, 'bad-request', 200);
      const rows = (parsed.data._embedded?.[options.key] ?? []).map((row, i) => {
        const checked = options.schema.safeParse(row);
        if (checked.success) return checked.data;
        const issue = checked.error.issues[0];
        throw new AmoApiError(`amoCRM answered ${path} (page ${page}, row ${i + 1}) with an unexpected ${options.key} row: ${issue?.path.join('.')}: ${issue?.message}`, 'bad-request', 200);
      });
      // An empty page ends the walk even if amoCRM offers a `next`: there is nothing past nothing.
      const more = rows.length > 0 && parsed.data._links?.next !== undefined;
      if (more) while (asked.length < (rows.length >= options.limit ? readAhead : 0)) ask();
      if (rows.length > 0) yield rows;
      if (!more) return;
      if (asked.length === 0) ask();
    }
  } finally {
    giveUp.abort();
  }
}
