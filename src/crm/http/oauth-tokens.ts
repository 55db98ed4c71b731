import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { CrmKind, EpochMs } from '../model';

/** Where a CRM client gets its access token, and what it does after the CRM rejected one. */
export interface TokenSource {
  token(): Promise<string>;
  /** After a 401 with `rejected`: a fresh token to retry with once, or null when there is none. */
  afterUnauthorized?(rejected: string): Promise<string | null>;
}

/** A pair as the CRM's token endpoint hands it out. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

/** A pair as it is kept, with the instant its access token expires. */
export interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: EpochMs;
}

/**
 * Where an account's OAuth pair is kept between runs (the database, given by
 * whoever builds the client): a refresh token is single-use, so a new pair
 * must be saved before anyone uses it.
 */
export interface TokenStore {
  load(): StoredTokens | undefined;
  /** Saves a pair (the first after a code exchange, or a refreshed one) and returns when it expires. */
  save(pair: TokenPair, at: EpochMs): { expiresAt: EpochMs };
}

export interface StoredTokenOptions {
  crm: CrmKind;
  store: TokenStore;
  clock: Clock;
  logger: Logger;
  /** Asks the CRM for a new pair; the refresh token it is given is then spent. */
  refresh(refreshToken: string): Promise<TokenPair>;
  /** A refresh token to start from when the database holds no pair yet (from the environment). */
  seedRefreshToken?: string | undefined;
  /** Refresh this long before expiry; null refreshes only after a 401 (Bitrix24 asks for that). */
  refreshAheadMs: number | null;
  /** The error for "nothing to refresh with": it tells the admin how to connect. */
  notConnected(): Error;
}

/**
 * OAuth tokens kept in a TokenStore (the database's crm_tokens). A refresh happens once for
 * all concurrent callers, and the new pair is saved before anyone uses it:
 * refresh tokens are single-use, so a pair lost to a crash would disconnect
 * the account. Tokens never appear in errors or logs.
 */
export function storedTokenSource(options: StoredTokenOptions): TokenSource {
  const { store, clock } = options;
  let refreshing: Promise<string> | null = null;
  const stored = () => store.load();

  const refresh = (): Promise<string> => {
    refreshing ??= (async () => {
      const refreshToken = stored()?.refreshToken ?? options.seedRefreshToken;
      if (!refreshToken) throw options.notConnected();
      const pair = await options.refresh(refreshToken);
      const { expiresAt } = store.save(pair, clock.now().getTime());
      options.logger.info({ crm: options.crm, expiresAt: new Date(expiresAt).toISOString() }, 'CRM tokens refreshed and saved');
      return pair.accessToken;
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  return {
    async token() {
      if (refreshing) return refreshing;
      const current = stored();
      if (!current) return refresh();
      const dueAt = options.refreshAheadMs === null ? Number.POSITIVE_INFINITY : current.expiresAt - options.refreshAheadMs;
      return dueAt <= clock.now().getTime() ? refresh() : current.accessToken;
    },
    async afterUnauthorized(rejected) {
      if (refreshing) return refreshing;
      const current = stored();
      // Someone refreshed while this call was on its way: use theirs instead of spending another refresh.
      if (current && current.accessToken !== rejected) return current.accessToken;
      return refresh();
    },
  };
}
