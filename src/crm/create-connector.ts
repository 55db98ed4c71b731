import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { createAmoConnector } from './amocrm/connector';
import { oauthTokenSource, type OAuthSettings } from './amocrm/oauth';
import type { TokenSource } from './http/oauth-tokens';
import type { Db } from '../db/client';
import { CrmError, type CrmConnector } from './connector';
import { createDemoConnector } from './demo/connector';

/** The connector the configuration asks for. */
export function createConnector(config: Config, clock: Clock, logger: Logger, db: Db): CrmConnector {
  switch (config.CRM) {
    case 'demo':
      return createDemoConnector({ seed: config.DEMO_SEED, clock });
    case 'amocrm': {
      const baseUrl = amoBaseUrl(config);
      return createAmoConnector({ baseUrl, tokens: amoTokens(config, baseUrl, clock, logger, db), ratePerSecond: config.AMOCRM_RATE_LIMIT, logger });
    }
    case 'bitrix24':
      // Honest about it: the real connector is a separate issue, not a stub that pretends to sync.
      throw new CrmError(
        `CRM=${config.CRM} is not available in this version yet. Set CRM=demo (or leave it unset) to run on the embedded demo CRM.`,
        config.CRM,
      );
  }
}

/** The account's address; parseConfig guarantees one of the two with CRM=amocrm. */
export function amoBaseUrl(config: Config): string {
  return config.AMOCRM_BASE_URL ?? `https://${config.AMOCRM_SUBDOMAIN}.amocrm.ru`;
}

/** A long-lived token as it is, or OAuth tokens kept in the database. */
function amoTokens(config: Config, baseUrl: string, clock: Clock, logger: Logger, db: Db): TokenSource {
  const longLived = config.AMOCRM_TOKEN;
  if (longLived) return { token: async () => longLived };
  return oauthTokenSource({ ...amoOAuthSettings(config, baseUrl), seedRefreshToken: config.AMOCRM_REFRESH_TOKEN }, { db, accountId: config.ACCOUNT_ID }, clock, logger);
}

/** The OAuth settings; parseConfig guarantees them when there is no long-lived token. */
export function amoOAuthSettings(config: Config, baseUrl = amoBaseUrl(config)): OAuthSettings {
  const { AMOCRM_CLIENT_ID: clientId, AMOCRM_CLIENT_SECRET: clientSecret, AMOCRM_REDIRECT_URI: redirectUri } = config;
  if (!clientId || !clientSecret || !redirectUri) throw new CrmError('OAuth needs AMOCRM_CLIENT_ID, AMOCRM_CLIENT_SECRET and AMOCRM_REDIRECT_URI', 'amocrm');
  return { baseUrl, clientId, clientSecret, redirectUri };
}
