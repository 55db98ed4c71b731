import type { Logger } from '../../logger';
import { startFormReceiver, type WebhookReceiver } from '../http/form-receiver';

export type { WebhookReceiver };

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
 * amoCRM's webhooks: form-encoded posts to a path that
 * carries a secret, so a task completed in the CRM edits its ping within
 * seconds. amoCRM retries a post not answered 2xx within 2 s; a repeated
 * delivery is ignored.
 */
export function startAmoWebhooks(options: { secret: string; host: string; port: number; logger: Logger; onChange(): Promise<unknown>; now?: () => number }): Promise<WebhookReceiver> {
  return startFormReceiver({
    name: 'amoCRM webhook',
    path: `/amocrm/${options.secret}`,
    host: options.host,
    port: options.port,
    logger: options.logger,
    describe: (form) => ({ touched: touchedEntities(form), account: form.get('account[subdomain]') }),
    onChange: options.onChange,
    ...(options.now ? { now: options.now } : {}),
  });
}
