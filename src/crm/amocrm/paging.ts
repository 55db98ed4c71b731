import { z } from 'zod';
import { AmoApiError, type AmoClient } from './client';

const halPage = z.object({
  _links: z.object({ next: z.object({ href: z.string() }).optional() }).optional(),
  _embedded: z.record(z.string(), z.array(z.unknown())).optional(),
});

/**
 * Walks an amoCRM collection page by page (crm-apis.md §1.3): from page 1,
 * following `_links.next`, until there is no `next` or amoCRM answers 204 —
 * both endings occur, the second when the total is a multiple of the page
 * size. Each row is checked against `schema`; a row of another shape is an
 * error that names the path, the page and the field.
 */
export async function* pages<T>(
  client: AmoClient,
  path: string,
  options: { key: string; limit: number; query?: Record<string, string | string[]>; schema: z.ZodType<T> },
): AsyncGenerator<T[]> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(options.query ?? {})) for (const v of [value].flat()) query.append(name, v);
  query.set('limit', String(options.limit));
  query.set('page', '1');
  let next: string | undefined = `${path}?${query}`;
  for (let page = 1; next !== undefined; page++) {
    const body = await client.get(next);
    if (body === null) return;
    const parsed = halPage.safeParse(body);
    if (!parsed.success) throw new AmoApiError(`amoCRM answered ${path} (page ${page}) with an unexpected shape: ${parsed.error.issues[0]?.message}`, 'bad-request', 200);
    const rows = parsed.data._embedded?.[options.key] ?? [];
    yield rows.map((row, i) => {
      const checked = options.schema.safeParse(row);
      if (checked.success) return checked.data;
      const issue = checked.error.issues[0];
      throw new AmoApiError(`amoCRM answered ${path} (page ${page}, row ${i + 1}) with an unexpected ${options.key} row: ${issue?.path.join('.')}: ${issue?.message}`, 'bad-request', 200);
    });
    // An empty page ends the walk even if amoCRM offers a `next`: there is nothing past nothing.
    next = rows.length > 0 ? parsed.data._links?.next?.href : undefined;
  }
}
