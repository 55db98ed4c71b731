import type { Clock } from '../clock';
import { amoAccountAddress, type AmoDomain, type Config } from '../config';
import type { Logger } from '../logger';
import type { EpochMs } from '../time';
import { createAmoConnector } from './amocrm/connector';
import { oauthTokenSource, type OAuthSettings } from './amocrm/oauth';
import type { TokenSource, TokenStore } from './http/oauth-tokens';
import { CrmError, type LiveConnector } from './connector';
import { createDemoConnector } from './demo/connector';
import { createBitrixConnector } from './bitrix24/connector';
import { bitrixTokenSource, type BitrixOAuthSettings } from './bitrix24/oauth';

/**
 * The connector the configuration asks for, able to read tasks again before a
 * ping; `tokens` keeps OAuth pairs between runs; `demo.linkedAt` lets the demo
 * CRM answer a new Telegram link with a task (see demo/welcome-tasks.ts).
 */
export function createConnector(config: Config, clock: Clock, logger: Logger, tokens: TokenStore, demo?: { linkedAt(): ReadonlyMap<string, EpochMs> }): LiveConnector {
  switch (config.CRM) {
    case 'demo':
      return createDemoConnector({ seed: config.DEMO_SEED, clock, ...(demo ? { linkedAt: demo.linkedAt } : {}) });
    case 'amocrm': {
      return createAmoConnector({ baseUrl: amoBaseUrl(config), tokens: amoTokens(config, clock, logger, tokens), ratePerSecond: config.AMOCRM_RATE_LIMIT, logger });
    }
    case 'bitrix24': {
      const webhook = config.BITRIX24_WEBHOOK_URL;
      const portalUrl = webhook ? new URL(webhook).origin : bitrixOAuthSettings(config).portalUrl;
      return createBitrixConnector({
        endpoint: webhook ?? `${portalUrl}/rest/`,
        ...(webhook ? {} : { tokens: bitrixTokenSource({ ...bitrixOAuthSettings(config), seedRefreshToken: config.BITRIX24_REFRESH_TOKEN }, tokens, clock, logger) }),
        portalUrl,
        ratePerSecond: config.BITRIX24_RATE_LIMIT,
        burst: config.BITRIX24_BURST,
        lossReasonField: config.BITRIX24_LOSS_REASON_FIELD,
        logger,
      });
    }
  }
}

/** The OAuth settings; parseConfig guarantees them when there is no webhook. */
export function bitrixOAuthSettings(config: Config): BitrixOAuthSettings {
  const { BITRIX24_PORTAL: portalUrl, BITRIX24_CLIENT_ID: clientId, BITRIX24_CLIENT_SECRET: clientSecret } = config;
  if (!portalUrl || !clientId || !clientSecret) throw new CrmError('Bitrix24 OAuth needs BITRIX24_PORTAL, BITRIX24_CLIENT_ID and BITRIX24_CLIENT_SECRET', 'bitrix24');
  return { portalUrl, clientId, clientSecret, oauthUrl: config.BITRIX24_OAUTH_URL };
}

/** The account's address (https://example.amocrm.ru, https://example.kommo.com); parseConfig guarantees one with CRM=amocrm. */
export function amoBaseUrl(config: Config): string {
  return amoAccountAddress(config).baseUrl;
}

/** A long-lived token as it is, or OAuth tokens kept in the database. */
function amoTokens(config: Config, clock: Clock, logger: Logger, store: TokenStore): TokenSource {
  const longLived = config.AMOCRM_TOKEN;
  if (longLived) return { token: async () => longLived };
  return oauthTokenSource({ ...amoOAuthSettings(config), seedRefreshToken: config.AMOCRM_REFRESH_TOKEN }, store, clock, logger);
}

/** The OAuth settings, with the domain that says where to authorize; parseConfig guarantees them when there is no long-lived token. */
export function amoOAuthSettings(config: Config): OAuthSettings & { domain: AmoDomain } {
  const { AMOCRM_CLIENT_ID: clientId, AMOCRM_CLIENT_SECRET: clientSecret, AMOCRM_REDIRECT_URI: redirectUri } = config;
  if (!clientId || !clientSecret || !redirectUri) throw new CrmError('OAuth needs AMOCRM_CLIENT_ID, AMOCRM_CLIENT_SECRET and AMOCRM_REDIRECT_URI', 'amocrm');
  const { baseUrl, domain } = amoAccountAddress(config);
  return { baseUrl, domain, clientId, clientSecret, redirectUri };
}
