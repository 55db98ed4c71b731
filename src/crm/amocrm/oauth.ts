import { z } from 'zod';
import type { Clock } from '../../clock';
import type { AmoDomain } from '../../config';
import type { Logger } from '../../logger';
import { recordCrmRequest } from '../../metrics';
import { jsonObjectOrNull } from '../http/json';
import { storedTokenSource, type TokenPair, type TokenSource, type TokenStore } from '../http/oauth-tokens';
import type { EpochMs } from '../model';
import { AmoApiError, problemDetail } from './client';

/** A token is refreshed this long before it expires, so no call goes out with a dying one. */
const REFRESH_AHEAD_MS = 5 * 60_000;

export interface OAuthSettings {
  /** The account's own address: the token exchange and every refresh go there. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Which product the account is (amocrm.ru or kommo.com): what its admin is told it is; amoCRM when not given. */
  domain?: AmoDomain;
}

const tokenAnswer = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1), expires_in: z.number().positive() });

/**
 * amoCRM OAuth 2.0 (access tokens live 24 h; a refresh token works once and
 * every refresh returns a new pair): the pair lives in the database and is
 * refreshed shortly before expiry and after a 401, once for all concurrent
 * callers, saved before use (see storedTokenSource).
 */
export function oauthTokenSource(
  settings: OAuthSettings & { /** A refresh token to start from when the database holds no pair yet (AMOCRM_REFRESH_TOKEN). */ seedRefreshToken?: string | undefined },
  store: TokenStore,
  clock: Clock,
  logger: Logger,
): TokenSource {
  return storedTokenSource({
    crm: 'amocrm',
    store,
    clock,
    logger,
    seedRefreshToken: settings.seedRefreshToken,
    refreshAheadMs: REFRESH_AHEAD_MS,
    refresh: (refreshToken) => requestTokens(settings, { grant_type: 'refresh_token', refresh_token: refreshToken }),
    notConnected: () =>
      new AmoApiError(
        `${productOf(settings)} is not connected yet: open the URL from "npm run -s cli -- amocrm auth-url", allow access, then run "npm run -s cli -- amocrm auth CODE" (or set AMOCRM_TOKEN to a long-lived token)`,
        'unauthorized',
        null,
      ),
  });
}

/** Exchanges the authorization code from the integration's redirect for the first pair and saves it. */
export async function exchangeAuthorizationCode(settings: OAuthSettings, code: string, store: TokenStore, at: EpochMs): Promise<{ expiresAt: EpochMs }> {
  const pair = await requestTokens(settings, { grant_type: 'authorization_code', code });
  return store.save(pair, at);
}

/** The shared site where an admin grants access, per domain: amoCRM's for amocrm.ru accounts, Kommo's for kommo.com ones. */
const AUTHORIZE_SITES: Record<AmoDomain, string> = { 'amocrm.ru': 'https://www.amocrm.ru', 'kommo.com': 'https://www.kommo.com' };

/** The product an admin of a domain's account knows: amoCRM or Kommo. */
export function amoProductName(domain: AmoDomain): string {
  return domain === 'kommo.com' ? 'Kommo' : 'amoCRM';
}

function productOf(settings: Pick<OAuthSettings, 'domain'>): string {
  return amoProductName(settings.domain ?? 'amocrm.ru');
}

/** Where an admin allows the integration access: the CRM then redirects to the integration's redirect URI with the code. */
export function authorizationUrl(domain: AmoDomain, clientId: string, state: string): string {
  return `${AUTHORIZE_SITES[domain]}/oauth?client_id=${encodeURIComponent(clientId)}&state=${encodeURIComponent(state)}&mode=post_message`;
}

/** The token endpoint: on the account's own host (never the shared www one), for amoCRM and Kommo alike. */
export function tokenEndpoint(baseUrl: string): string {
  return new URL('/oauth2/access_token', baseUrl).href;
}

async function requestTokens(settings: OAuthSettings, grant: Record<string, string>): Promise<TokenPair> {
  const url = tokenEndpoint(settings.baseUrl);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: settings.clientId, client_secret: settings.clientSecret, redirect_uri: settings.redirectUri, ...grant }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    recordCrmRequest('amocrm', 'error');
    throw new AmoApiError(`${productOf(settings)} did not answer the token request; try again later`, 'unavailable', null, { cause: error });
  }
  // The token exchanges are requests to the CRM too: /metrics counts them with the API's.
  recordCrmRequest('amocrm', response.status);
  const body = await response.text();
  if (!response.ok) {
    const hint = problemDetail(body);
    const what = grant.grant_type === 'authorization_code' ? 'the authorization code' : 'the refresh token';
    throw new AmoApiError(
      `${productOf(settings)} refused ${what} (${response.status}${hint ? `: ${hint}` : ''}). Authorize the integration again: open "npm run -s cli -- amocrm auth-url", then run "npm run -s cli -- amocrm auth CODE" with the code ${productOf(settings)} gives.`,
      'unauthorized',
      response.status,
    );
  }
  const parsed = tokenAnswer.safeParse(jsonObjectOrNull(body));
  if (!parsed.success) throw new AmoApiError(`${productOf(settings)} answered the token request with an unexpected shape`, 'bad-request', response.status);
  return { accessToken: parsed.data.access_token, refreshToken: parsed.data.refresh_token, expiresInSeconds: parsed.data.expires_in };
}
