import type { Logger } from '../../logger';
import { CrmError } from '../connector';
import { requestSignal, sleep } from '../http/abort';
import { jsonObjectOrNull } from '../http/json';
import { httpRequest, isSuccess, type HttpAnswer } from '../http/request';
import type { TokenSource } from '../http/oauth-tokens';
import { recordCrmRequest } from '../../metrics';
import type { TokenBucket } from '../../token-bucket';

/** Why Bitrix24 refused: each kind asks the operator for a different action. */
export type BitrixFailure = 'unauthorized' | 'forbidden' | 'missing-scope' | 'paid-plan' | 'overloaded' | 'bad-request' | 'unavailable';

export class BitrixApiError extends CrmError {
  constructor(
    message: string,
    readonly failure: BitrixFailure,
    /** Bitrix24's own error code, e.g. `insufficient_scope`. */
    readonly code: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, 'bitrix24', options);
    this.name = 'BitrixApiError';
  }
}

/** A method's answer: `result` plus the list fields and timing Bitrix24 adds. */
export interface BitrixAnswer {
  result: unknown;
  total?: number;
  next?: number;
  time?: { operating?: number; operating_reset_at?: number };
}

/** A batch's answer, its maps normalised (Bitrix24 sends an empty map as `[]`). */
export interface BatchAnswer {
  result: Record<string, unknown>;
  errors: Record<string, { error: string; error_description?: string }>;
  total: Record<string, number>;
  next: Record<string, number>;
  time: Record<string, { operating_reset_at?: number }>;
}

export interface BitrixClientOptions {
  /** Where methods live: an incoming webhook's URL (its secret inside) or, for OAuth, `https://<portal>/rest/`. */
  endpoint: string;
  /** OAuth only: the access token sent as `auth`. A webhook needs none. */
  tokens?: TokenSource;
  /** The portal's leaky bucket, mirrored on our side (2/s with a burst of 50 by default). */
  bucket: TokenBucket;
  logger: Logger;
  timeoutMs?: number;
  /** Retries of one call after 503, 5xx and timeouts, with backoff from `retryBaseMs`. */
  maxRetries?: number;
  retryBaseMs?: number;
  /** How long a method pauses after 429 when Bitrix24 gives no `operating_reset_at`. */
  operatingPauseMs?: number;
}

export interface BitrixClient {
  call(method: string, params?: Record<string, unknown>): Promise<BitrixAnswer>;
  /**
   * Up to 50 `method?query` commands in one request; limit errors inside are
   * waited out and the batch repeated. Aborting `signal` gives it up, waits
   * and retries included: it rejects with the signal's reason.
   */
  batch(commands: Record<string, string>, options?: { signal?: AbortSignal }): Promise<BatchAnswer>;
  /** Requests made so far (for the sync summary and the benchmarks). */
  readonly requests: number;
  /** The portal's host, for messages: never the endpoint, which may hold the webhook's secret. */
  readonly portal: string;
}

export const BATCH_LIMIT = 50;
/** Operating-time answers are retried this many times: each waits for the method's reset. */
const MAX_OPERATING_PAUSES = 3;

/**
 * The one way to call Bitrix24 REST: a JSON POST to
 * `<endpoint><method>.json`, through the portal's leaky bucket (50 requests
 * draining at 2 a second; 250 at 5 on Enterprise). 503
 * QUERY_LIMIT_EXCEEDED slows down and retries; 429 OPERATION_TIME_LIMIT pauses
 * only that method until `operating_reset_at`; 5xx and timeouts are retried
 * with a bound; `expired_token` refreshes once (OAuth); OVERLOAD_LIMIT stops
 * every later call. The webhook secret and tokens never reach errors or logs.
 */
export function createBitrixClient(options: BitrixClientOptions): BitrixClient {
  const endpoint = options.endpoint.endsWith('/') ? options.endpoint : `${options.endpoint}/`;
  const portal = new URL(endpoint).host;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxRetries = options.maxRetries ?? 5;
  const retryBaseMs = options.retryBaseMs ?? 1_000;
  const operatingPauseMs = options.operatingPauseMs ?? 60_000;
  const pausedUntil = new Map<string, number>();
  /** When each method's operating window resets, as the last answer said: a refused batch command carries none. */
  const resetAt = new Map<string, number>();
  let overloaded: BitrixApiError | null = null;
  let requests = 0;

  async function waitForMethods(methods: readonly string[], signal: AbortSignal | undefined): Promise<void> {
    const until = Math.max(0, ...methods.map((m) => pausedUntil.get(m) ?? 0));
    if (until > Date.now()) await sleep(until - Date.now(), signal);
  }

  function pause(method: string, resetAtSeconds: number | undefined): number {
    const until = resetAtSeconds !== undefined ? resetAtSeconds * 1000 : Date.now() + operatingPauseMs;
    pausedUntil.set(method, Math.max(until, Date.now()));
    return Math.max(0, until - Date.now());
  }

  async function call(method: string, params: Record<string, unknown>, methodsInside: readonly string[], signal?: AbortSignal): Promise<BitrixAnswer> {
    if (overloaded) throw overloaded;
    const url = new URL(`${method}.json`, endpoint);
    let token: string | null | undefined;
    let refreshed = false;
    let operatingPauses = 0;
    for (let attempt = 0; ; ) {
      await waitForMethods(methodsInside, signal);
      await options.bucket.take(signal);
      signal?.throwIfAborted();
      // Asked at the caller's turn, not before its wait: a token refreshed meanwhile by another call is used.
      token ??= options.tokens ? await options.tokens.token() : null;
      requests++;
      let answer: HttpAnswer;
      try {
        answer = await httpRequest(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(token === null ? params : { ...params, auth: token }),
          signal: requestSignal(timeoutMs, signal),
        });
      } catch (error) {
        recordCrmRequest('bitrix24', 'error');
        signal?.throwIfAborted();
        if (attempt < maxRetries) {
          await retryLater(attempt++, `no answer (${error instanceof Error ? error.name : 'error'})`, 2);
          continue;
        }
        throw new BitrixApiError(`Bitrix24 (${portal}) did not answer ${method} after ${attempt + 1} attempts`, 'unavailable', null, { cause: error });
      }
      recordCrmRequest('bitrix24', answer.status);
      const body = jsonObjectOrNull(answer.text) as { error?: unknown; error_description?: unknown; time?: { operating_reset_at?: number } } | null;
      if (isSuccess(answer) && body && typeof body === 'object' && 'result' in body) return body as BitrixAnswer;
      const code = typeof body?.error === 'string' ? body.error : null;
      const description = typeof body?.error_description === 'string' ? body.error_description : '';
      if (answer.status === 401 && code === 'expired_token' && !refreshed && options.tokens?.afterUnauthorized && token !== null) {
        const fresh = await options.tokens.afterUnauthorized(token);
        if (fresh !== null) {
          refreshed = true;
          token = fresh;
          continue;
        }
      }
      if (code === 'OPERATION_TIME_LIMIT' && operatingPauses < MAX_OPERATING_PAUSES) {
        operatingPauses++;
        const waitMs = pause(method, body?.time?.operating_reset_at);
        options.logger.warn({ crm: 'bitrix24', method, waitMs }, 'Bitrix24 operating-time limit: this method pauses until its reset');
        continue;
      }
      const retryable = code === 'QUERY_LIMIT_EXCEEDED' || (answer.status >= 500 && code !== 'OVERLOAD_LIMIT' && code !== 'PORTAL_DELETED') || answer.status === 408;
      if (retryable && attempt < maxRetries) {
        // The portal's bucket is fuller than ours thought (another app shares it): empty ours and slow down.
        if (code === 'QUERY_LIMIT_EXCEEDED') options.bucket.drain();
        await retryLater(attempt++, code ?? `HTTP ${answer.status}`, code === 'QUERY_LIMIT_EXCEEDED' ? 1.5 : 2);
        continue;
      }
      const error = failure(method, answer.status, code, description, portal);
      if (code === 'OVERLOAD_LIMIT') overloaded = error;
      throw error;
    }

    async function retryLater(attempt: number, reason: string, factor: number): Promise<void> {
      const delay = Math.round(retryBaseMs * factor ** attempt);
      options.logger.warn({ crm: 'bitrix24', method, reason, attempt: attempt + 1, retryInMs: delay }, 'Bitrix24 call will be retried');
      try {
        await sleep(delay, signal);
      } catch (error) {
        // Given up while waiting to retry: what went wrong is the portal's answer, not the give-up.
        throw new BitrixApiError(`Bitrix24 (${portal}) kept failing (${reason}) on ${method} until the call was given up`, 'unavailable', null, { cause: error });
      }
    }
  }

  async function batch(commands: Record<string, string>, { signal }: { signal?: AbortSignal } = {}): Promise<BatchAnswer> {
    const keys = Object.keys(commands);
    if (keys.length === 0 || keys.length > BATCH_LIMIT) throw new CrmError(`batch: ${keys.length} commands (1–${BATCH_LIMIT} allowed)`, 'bitrix24');
    const methods = [...new Set(Object.values(commands).map((c) => c.split('?')[0]!))];
    for (let round = 0; ; round++) {
      const answer = normaliseBatch((await call('batch', { halt: 0, cmd: commands }, methods, signal)).result);
      for (const [key, time] of Object.entries(answer.time)) if (time.operating_reset_at) resetAt.set(commands[key]!.split('?')[0]!, time.operating_reset_at);
      // A command refused for a limit is not a failed command: wait as for a call, then ask again (reads are idempotent).
      const limited = Object.entries(answer.errors).filter(([, e]) => e.error === 'QUERY_LIMIT_EXCEEDED' || e.error === 'OPERATION_TIME_LIMIT');
      if (limited.length === 0 || round >= MAX_OPERATING_PAUSES) return answer;
      for (const [key, e] of limited) {
        const method = commands[key]!.split('?')[0]!;
        if (e.error === 'OPERATION_TIME_LIMIT') pause(method, resetAt.get(method));
        else options.bucket.drain();
      }
      options.logger.warn({ crm: 'bitrix24', limited: limited.map(([, e]) => e.error) }, 'Bitrix24 refused commands of a batch for a limit; the batch will be repeated');
      await sleep(retryBaseMs, signal);
    }
  }

  return {
    call: (method, params = {}) => call(method, params, [method]),
    batch,
    portal,
    get requests() {
      return requests;
    },
  };
}

const asMap = <T>(value: unknown): Record<string, T> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, T>) : {});

function normaliseBatch(result: unknown): BatchAnswer {
  const r = asMap<unknown>(result);
  return { result: asMap(r.result), errors: asMap(r.result_error), total: asMap(r.result_total), next: asMap(r.result_next), time: asMap(r.result_time) };
}

/** The Bitrix24 scope a method needs, to name it when the webhook lacks it. */
export function scopeOf(method: string): string {
  const prefix = method.split('.')[0]!;
  const scopes: Record<string, string> = { crm: 'crm', tasks: 'task', task: 'task', user: 'user', department: 'department', voximplant: 'telephony', telephony: 'telephony' };
  return scopes[prefix] ?? prefix;
}

/** The error for a final refusal (by Bitrix24 REST's error code), worded for the person who has to act on it. */
export function failure(method: string, status: number, code: string | null, description: string, portal: string): BitrixApiError {
  const said = description ? `: ${description}` : '';
  switch (code) {
    case 'NO_AUTH_FOUND':
    case 'invalid_token':
      return new BitrixApiError(
        `Bitrix24 (${portal}) did not accept the credentials (${code}): the incoming webhook was deleted or expired, or its address is mistyped. Create an incoming webhook again (README, "Connect Bitrix24") and set BITRIX24_WEBHOOK_URL, or connect OAuth again.`,
        'unauthorized',
        code,
      );
    case 'expired_token':
      return new BitrixApiError(`Bitrix24 (${portal}) says the access token expired and it could not be refreshed; run "npm run -s cli -- bitrix24 auth-url" to connect again.`, 'unauthorized', code);
    case 'insufficient_scope':
      return new BitrixApiError(
        `Bitrix24 (${portal}) refused ${method}: the webhook (or app) lacks the "${scopeOf(method)}" scope. Edit the incoming webhook and tick ${scopeOf(method)} (the bot needs crm, task, user, department, telephony).`,
        'missing-scope',
        code,
      );
    case 'ACCESS_DENIED':
      return new BitrixApiError(`Bitrix24 (${portal}) refused ${method} (ACCESS_DENIED${said}): the REST API works only on paid Bitrix24 plans.`, 'paid-plan', code);
    case 'PAYMENT_REQUIRED':
      return new BitrixApiError(`Bitrix24 (${portal}) answered PAYMENT_REQUIRED: the portal's plan has ended. Renew it, then sync again.`, 'paid-plan', code);
    case 'INVALID_CREDENTIALS':
    case 'user_access_error':
    case 'allowed_only_intranet_user':
      return new BitrixApiError(`Bitrix24 (${portal}) refused ${method} (${code}): the webhook's user lacks the rights. Create the webhook as a portal admin.`, 'forbidden', code);
    case 'OVERLOAD_LIMIT':
      return new BitrixApiError(
        `Bitrix24 (${portal}) blocked REST access for this portal (OVERLOAD_LIMIT). All calls are stopped; the block is lifted only by Bitrix24 support.`,
        'overloaded',
        code,
      );
    case 'QUERY_LIMIT_EXCEEDED':
    case 'OPERATION_TIME_LIMIT':
      return new BitrixApiError(`Bitrix24 (${portal}) kept refusing ${method} for its limits (${code}); try again later.`, 'unavailable', code);
    default:
      if (status >= 500 || status === 408) return new BitrixApiError(`Bitrix24 (${portal}) kept failing ${method} (HTTP ${status}${code ? ` ${code}` : ''}); try again later.`, 'unavailable', code);
      return new BitrixApiError(
        `Bitrix24 (${portal}) refused ${method} (HTTP ${status}${code ? ` ${code}` : ''}${said}). Check that the webhook's user is a portal admin with the scopes crm, task, user, department (README, "Connect Bitrix24"); if it repeats, report this message.`,
        status === 403 ? 'forbidden' : 'bad-request',
        code,
      );
  }
}
