import { z } from 'zod';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import { recordCrmRequest } from '../../metrics';
import { jsonObjectOrNull } from '../http/json';
import { storedTokenSource, type TokenPair, type TokenSource, type TokenStore } from '../http/oauth-tokens';
import type { EpochMs } from '../model';
import { BitrixApiError } from './client';

export interface BitrixOAuthSettings {
  /** `https://<portal>`: where an admin allows the app. */
  portalUrl: string;
  clientId: string;
  clientSecret: string;
  /** The OAuth server, https://oauth.bitrix.info (a fake in tests). */
  oauthUrl: string;
}

const tokenAnswer = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1), expires_in: z.coerce.number().positive() });

const REAUTHORIZE = 'Authorize the app again: run "npm run -s cli -- bitrix24 auth-url", open the address as a portal admin, then run "npm run -s cli -- bitrix24 auth CODE" within 30 seconds.';

/**
 * Bitrix24 OAuth (access tokens live 1 h; a refresh rotates both tokens):
 * refreshed only after a 401 `expired_token` — never on a timer, which the
 * auth server may punish — once for concurrent calls, the rotated pair saved
 * before use.
 */
export function bitrixTokenSource(settings: BitrixOAuthSettings & { seedRefreshToken?: string | undefined }, store: TokenStore, clock: Clock, logger: Logger): TokenSource {
  return storedTokenSource({
    crm: 'bitrix24',
    store,
    clock,
    logger,
    seedRefreshToken: settings.seedRefreshToken,
    refreshAheadMs: null,
    refresh: (refreshToken) => requestTokens(settings, { grant_type: 'refresh_token', refresh_token: refreshToken }),
    notConnected: () => new BitrixApiError(`Bitrix24 is not connected yet. ${REAUTHORIZE} (Or set BITRIX24_WEBHOOK_URL to an incoming webhook.)`, 'unauthorized', null),
  });
}

export async function exchangeBitrixCode(settings: BitrixOAuthSettings, code: string, store: TokenStore, at: EpochMs): Promise<{ expiresAt: EpochMs }> {
  const pair = await requestTokens(settings, { grant_type: 'authorization_code', code });
  return store.save(pair, at);
}

export function bitrixAuthorizationUrl(settings: BitrixOAuthSettings, state: string): string {
  return `${settings.portalUrl}/oauth/authorize/?client_id=${encodeURIComponent(settings.clientId)}&state=${encodeURIComponent(state)}`;
}

async function requestTokens(settings: BitrixOAuthSettings, grant: Record<string, string>): Promise<TokenPair> {
  const url = new URL('/oauth/token/', settings.oauthUrl);
  for (const [k, v] of Object.entries({ ...grant, client_id: settings.clientId, client_secret: settings.clientSecret })) url.searchParams.set(k, v);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    recordCrmRequest('bitrix24', 'error');
    throw new BitrixApiError('The Bitrix24 OAuth server did not answer; try again later', 'unavailable', null, { cause: error });
  }
  // The token exchanges (with Bitrix24's OAuth server) are requests to the CRM too: /metrics counts them with the API's.
  recordCrmRequest('bitrix24', response.status);
  const body = jsonObjectOrNull(await response.text());
  if (!response.ok || body?.error) {
    const code = typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`;
    const what = grant.grant_type === 'authorization_code' ? 'the authorization code (it lives 30 seconds)' : 'the refresh token';
    const hint = code === 'invalid_client' ? 'Check BITRIX24_CLIENT_ID and BITRIX24_CLIENT_SECRET.' : REAUTHORIZE;
    throw new BitrixApiError(`Bitrix24 refused ${what} (${code}). ${hint}`, 'unauthorized', code);
  }
  const parsed = tokenAnswer.safeParse(body);
  if (!parsed.success) throw new BitrixApiError('The Bitrix24 OAuth server answered with an unexpected shape', 'bad-request', null);
  return { accessToken: parsed.data.access_token, refreshToken: parsed.data.refresh_token, expiresInSeconds: parsed.data.expires_in };
}
