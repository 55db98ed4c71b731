import type { Logger } from '../../logger';
import { CrmError } from '../connector';
import { requestSignal, sleep } from '../http/abort';
import { jsonObjectOrNull } from '../http/json';
import { httpRequest, isSuccess, type HttpAnswer } from '../http/request';
import { recordCrmRequest } from '../../metrics';
import type { TokenBucket } from '../../token-bucket';
import type { TokenSource } from '../http/oauth-tokens';

/** Why amoCRM refused: each kind asks the operator for a different action. */
export type AmoFailure = 'unauthorized' | 'payment-required' | 'blocked' | 'forbidden' | 'bad-request' | 'unavailable';

export class AmoApiError extends CrmError {
  constructor(
    message: string,
    readonly failure: AmoFailure,
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, 'amocrm', options);
    this.name = 'AmoApiError';
  }
}

export interface AmoClientOptions {
  /** `https://<subdomain>.amocrm.ru` (or a Kommo host, or a fake). */
  baseUrl: string;
  /** The bearer token for the next call, and (OAuth) a fresh one after a 401. */
  tokens: TokenSource;
  /** Shared by every call to the account. */
  bucket: TokenBucket;
  logger: Logger;
  timeoutMs?: number;
  /** Retries of one call after 429, 5xx and timeouts, with exponential backoff from `retryBaseMs`. */
  maxRetries?: number;
  retryBaseMs?: number;
}

export interface AmoClient {
  /**
   * GETs a path (or a `_links` URL of the same account); null for amoCRM's
   * "204 No Content" (nothing found). Aborting `signal` gives the call up,
   * retries and all: it rejects with the signal's reason.
   */
  get(pathOrUrl: string, options?: { signal?: AbortSignal }): Promise<unknown>;
  /** Requests made so far (for the sync summary and the benchmarks). */
  readonly requests: number;
}

/**
 * The one way to call amoCRM: through the account's token bucket, with
 * retries where waiting helps (429, 5xx, timeouts) and a clear error where
 * it does not. A 403 with an HTML page is amoCRM's block: every later call to
 * the account fails at once, without touching the network, so the block is
 * not made worse. The token never appears in errors or logs.
 */
export function createAmoClient(options: AmoClientOptions): AmoClient {
  const base = new URL(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRetries = options.maxRetries ?? 5;
  const retryBaseMs = options.retryBaseMs ?? 1_000;
  let blocked: AmoApiError | null = null;
  let requests = 0;

  const resolve = (pathOrUrl: string): URL => {
    const url = new URL(pathOrUrl, base);
    // A `next` link is followed only on the account's own host: the token goes nowhere else.
    return new URL(`${url.pathname}${url.search}`, base);
  };

  async function get(pathOrUrl: string, { signal }: { signal?: AbortSignal } = {}): Promise<unknown> {
    if (blocked) throw blocked;
    const url = resolve(pathOrUrl);
    const where = `${url.pathname}${url.search}`;
    let token: string | null = null;
    let refreshedAfter401 = false;
    for (let attempt = 0; ; attempt++) {
      await options.bucket.take(signal);
      signal?.throwIfAborted();
      // Asked at the caller's turn, not before its wait: a token refreshed meanwhile by another call is used.
      token ??= await options.tokens.token();
      requests++;
      let answer: HttpAnswer;
      try {
        answer = await httpRequest(url, {
          headers: { authorization: `Bearer ${token}`, accept: 'application/hal+json, application/json' },
          signal: requestSignal(timeoutMs, signal),
        });
      } catch (error) {
        recordCrmRequest('amocrm', 'error');
        signal?.throwIfAborted();
        if (attempt < maxRetries) {
          await retryLater(attempt, `no answer (${error instanceof Error ? error.name : 'error'})`);
          continue;
        }
        throw new AmoApiError(`amoCRM did not answer GET ${where} after ${attempt + 1} attempts`, 'unavailable', null, { cause: error });
      }
      recordCrmRequest('amocrm', answer.status);
      if (answer.status === 204) return null;
      if (isSuccess(answer)) return parseJson(answer, where);
      // An OAuth token that expired mid-sync is refreshed once, and the same page is asked again.
      if (answer.status === 401 && !refreshedAfter401 && options.tokens.afterUnauthorized) {
        const fresh = await options.tokens.afterUnauthorized(token);
        if (fresh !== null) {
          refreshedAfter401 = true;
          token = fresh;
          continue;
        }
      }
      if ((answer.status === 429 || answer.status >= 500) && attempt < maxRetries) {
        if (answer.status === 429) options.bucket.drain();
        await retryLater(attempt, `HTTP ${answer.status}`);
        continue;
      }
      const error = failure(answer.status, answer.text, answer.contentType, where);
      if (error.failure === 'blocked') blocked = error;
      throw error;
    }

    async function retryLater(attempt: number, reason: string): Promise<void> {
      const delay = retryBaseMs * 2 ** attempt;
      options.logger.warn({ crm: 'amocrm', path: url.pathname, reason, attempt: attempt + 1, retryInMs: delay }, 'amoCRM call will be retried');
      try {
        await sleep(delay, signal);
      } catch (error) {
        // Given up while waiting to retry: what went wrong is the CRM's answer, not the give-up.
        throw new AmoApiError(`amoCRM kept failing (${reason}) on ${url.pathname} until the call was given up`, 'unavailable', null, { cause: error });
      }
    }
  }

  return {
    get,
    get requests() {
      return requests;
    },
  };
}

function parseJson(answer: HttpAnswer, where: string): unknown {
  try {
    return JSON.parse(answer.text);
  } catch {
    // JSON.parse's message quotes the body around the error, and a body holds customers' data:
    // it must not reach sync_runs.error, /status or the report's stale-data line.
    throw new AmoApiError(`amoCRM answered GET ${where} with something that is not JSON (${answer.text.length} characters of ${answer.contentType || 'no content type'})`, 'bad-request', answer.status);
  }
}

/** The error for a final non-success answer, worded for the person who has to act on it. */
function failure(status: number, body: string, contentType: string, where: string): AmoApiError {
  const detail = problemDetail(body);
  if (status === 401) {
    return new AmoApiError(
      `amoCRM rejected the token (401${detail ? `: ${detail}` : ''}): it expired or was revoked. Create a new long-lived token in the integration's "Keys and access" tab and set AMOCRM_TOKEN.`,
      'unauthorized',
      status,
    );
  }
  if (status === 402) return new AmoApiError('amoCRM answered 402 Payment Required: the account\'s subscription has ended. Renew it in amoCRM, then sync again.', 'payment-required', status);
  if (status === 403 && (contentType.includes('text/html') || body.trimStart().startsWith('<'))) {
    return new AmoApiError(
      'amoCRM blocked this integration\'s access to the account (403 with an HTML page, usually after too many requests). All calls to the account are stopped; the block is lifted by amoCRM support or after a while.',
      'blocked',
      status,
    );
  }
  if (status === 403) {
    const admin = where.startsWith('/api/v4/users') ? ' The list of users is available only to an admin: the token must belong to an amoCRM admin.' : '';
    return new AmoApiError(`amoCRM refused GET ${where} (403${detail ? `: ${detail}` : ''}).${admin}`, 'forbidden', status);
  }
  if (status === 429 || status >= 500) return new AmoApiError(`amoCRM kept answering ${status} to GET ${where}; try again later.`, 'unavailable', status);
  return new AmoApiError(`amoCRM refused GET ${where} (${status}${detail ? `: ${detail}` : ''})`, 'bad-request', status);
}

/** The `hint`, `detail` or `title` of amoCRM's problem+json body, if it is one; never the request, which holds secrets. */
export function problemDetail(body: string): string | null {
  const problem = jsonObjectOrNull(body);
  const text = problem?.hint ?? problem?.detail ?? problem?.title;
  return typeof text === 'string' ? text : null;
}
