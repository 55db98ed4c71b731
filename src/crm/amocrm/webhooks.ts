import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { describeError } from '../../errors';
import type { Logger } from '../../logger';

/** How long a delivery is remembered: amoCRM retries within about an hour and a half. */
const DEDUPE_MS = 2 * 60 * 60_000;
/** Deliveries arriving together (a lead and its task) start one sync. */
const DEBOUNCE_MS = 1_000;
const MAX_BODY = 1_000_000;

export interface WebhookReceiver {
  port: number;
  close(): Promise<void>;
}

/** What a delivery touched, for the log: `leads[status]`, `task[update]`, … with their ids. */
export function touchedEntities(form: URLSearchParams): string[] {
  const touched = new Set<string>();
  for (const [key, value] of form) {
    const m = /^(\w+)\[(\w+)\]\[\d+\]\[id\]$/.exec(key);
    if (m) touched.add(`${m[1]}[${m[2]}]#${value}`);
  }
  return [...touched];
}

/**
 * amoCRM's webhooks (crm-apis.md §1.6), in the same process: form-encoded
 * posts to a path that carries a secret. Each is answered at once (amoCRM
 * waits 2 s and disables a hook after many failures); a new delivery starts
 * an incremental sync shortly after, so a task completed in the CRM edits
 * its ping within seconds. A repeated delivery (amoCRM retries) is answered
 * and ignored. The periodic sync stays the source of truth.
 */
export async function startAmoWebhooks(options: {
  secret: string;
  host: string;
  port: number;
  logger: Logger;
  onChange(): Promise<unknown>;
  now?: () => number;
}): Promise<WebhookReceiver> {
  const now = options.now ?? Date.now;
  const path = `/amocrm/${options.secret}`;
  const seen = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;

  const trigger = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      options.onChange().catch((error: unknown) => options.logger.warn({ err: describeError(error) }, 'sync after an amoCRM webhook failed'));
    }, DEBOUNCE_MS);
  };

  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== path) {
      // The same answer for a wrong secret as for any unknown path: nothing to learn by guessing.
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      res.writeHead(200).end();
      const digest = createHash('sha256').update(body).digest('hex');
      const t = now();
      for (const [key, at] of seen) if (at < t - DEDUPE_MS) seen.delete(key);
      if (seen.has(digest)) {
        options.logger.debug('amoCRM webhook delivered again; ignored');
        return;
      }
      seen.set(digest, t);
      const form = new URLSearchParams(body);
      options.logger.info({ touched: touchedEntities(form), account: form.get('account[subdomain]') }, 'amoCRM webhook received');
      trigger();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    async close() {
      clearTimeout(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
