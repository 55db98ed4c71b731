import { timingSafeEqual } from 'node:crypto';
import type { Logger } from '../../logger';
import { startFormReceiver, type WebhookReceiver } from '../http/form-receiver';

/** Where Bitrix24 posts events: set this path as the outgoing webhook's handler URL. */
export const BITRIX_EVENTS_PATH = '/bitrix24/events';

const sameToken = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Bitrix24's outgoing webhook or event.bind posts, form-encoded:
 * `event`, `data[FIELDS][ID]`, `auth[application_token]`. Only posts with the
 * portal's application token are accepted; they carry only ids, so each
 * starts an incremental sync that re-reads what changed. Bitrix24 does not
 * retry, so the periodic sync stays the source of truth.
 */
export function startBitrixEvents(options: { applicationToken: string; host: string; port: number; logger: Logger; onChange(): Promise<unknown> }): Promise<WebhookReceiver> {
  return startFormReceiver({
    name: 'Bitrix24 event',
    path: BITRIX_EVENTS_PATH,
    host: options.host,
    port: options.port,
    logger: options.logger,
    authenticate: (form) => sameToken(form.get('auth[application_token]') ?? '', options.applicationToken),
    describe: (form) => ({ event: form.get('event'), id: form.get('data[FIELDS][ID]') ?? form.get('data[FIELDS_AFTER][ID]') }),
    onChange: options.onChange,
  });
}
