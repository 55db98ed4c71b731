import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Logger } from '../../logger';

/** How long a delivery is remembered: amoCRM retries within about an hour and a half. */
const DEDUPE_MS = 2 * 60 * 60_000;
/** Deliveries arriving together (a deal and its task) start one sync. */
const DEBOUNCE_MS = 1_000;
const MAX_BODY = 1_000_000;

export interface WebhookReceiver {
  port: number;
  close(): Promise<void>;
}

export interface FormReceiverOptions {
  /** For the log: "amoCRM webhook", "Bitrix24 event". */
  name: string;
  path: string;
  host: string;
  port: number;
  logger: Logger;
  /** Whether a delivery is genuine; one that is not gets 401 and starts nothing. */
  authenticate?(form: URLSearchParams): boolean;
  /** What a delivery touched, for the log (never its secrets). */
  describe(form: URLSearchParams): Record<string, unknown>;
  onChange(): Promise<unknown>;
  now?: () => number;
}

/**
 * A CRM's form-encoded change notifications, in the same process. Each is
 * answered at once (CRMs wait a couple of seconds and give up on slow
 * hooks); a new delivery starts an incremental sync shortly after, several
 * together start one. A repeated delivery is answered and ignored. The
 * periodic sync stays the source of truth: notifications only make it sooner.
 */
export async function startFormReceiver(options: FormReceiverOptions): Promise<WebhookReceiver> {
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;

  const trigger = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      options.onChange().catch((error: unknown) => options.logger.warn({ err: error }, `sync after a ${options.name} failed`));
    }, DEBOUNCE_MS);
  };

  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== options.path) {
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
      const form = new URLSearchParams(body);
      if (options.authenticate && !options.authenticate(form)) {
        res.writeHead(401).end();
        options.logger.warn(`${options.name} refused: it did not carry the expected token`);
        return;
      }
      res.writeHead(200).end();
      const digest = createHash('sha256').update(body).digest('hex');
      const t = now();
      for (const [key, at] of seen) if (at < t - DEDUPE_MS) seen.delete(key);
      if (seen.has(digest)) {
        options.logger.debug(`${options.name} delivered again; ignored`);
        return;
      }
      seen.set(digest, t);
      options.logger.info(options.describe(form), `${options.name} received`);
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
