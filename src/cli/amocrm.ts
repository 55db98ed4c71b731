import { randomBytes } from 'node:crypto';
import { amoOAuthSettings } from '../crm/create-connector';
import { amoProductName, authorizationUrl, exchangeAuthorizationCode } from '../crm/amocrm/oauth';
import type { JobContext } from '../jobs/context';
import { CommandError, parseCommandArgs, UsageError } from './usage';
import { crmTokenStore } from '../db/crm-tokens';

export const AMOCRM_HELP = `Usage: npm run -s cli -- amocrm auth-url
       npm run -s cli -- amocrm auth CODE

Connects amoCRM or Kommo through OAuth (when there is no long-lived
AMOCRM_TOKEN); needs AMOCRM_BASE_URL (or AMOCRM_SUBDOMAIN, with
AMOCRM_DOMAIN=kommo.com for Kommo), AMOCRM_CLIENT_ID, AMOCRM_CLIENT_SECRET and
AMOCRM_REDIRECT_URI from the integration's settings.
  auth-url    prints the address where an admin allows the integration access
              (www.amocrm.ru for amoCRM accounts, www.kommo.com for Kommo);
              the CRM then redirects to AMOCRM_REDIRECT_URI with ?code=…
  auth CODE   exchanges that code (valid 20 minutes) for tokens and saves them
              in the database; the bot refreshes them from then on.`;

/** `amocrm auth-url` and `amocrm auth CODE`: the OAuth code exchange, guided. */
export async function amocrmCommand(ctx: JobContext, args: string[]): Promise<string> {
  const { positionals } = parseCommandArgs(args, {}, AMOCRM_HELP, 2);
  const [action, code] = positionals;
  if (ctx.config.CRM !== 'amocrm') throw new CommandError('Set CRM=amocrm (and the AMOCRM_* variables) first; see README, "Connect amoCRM".');
  if (ctx.config.AMOCRM_TOKEN) throw new CommandError('AMOCRM_TOKEN is set: the long-lived token is used and OAuth is not needed. Remove it to connect through OAuth instead.');
  const settings = amoOAuthSettings(ctx.config);
  if (action === 'auth-url') {
    const state = randomBytes(8).toString('hex');
    return `Open this address as an admin of the ${amoProductName(settings.domain)} account and allow access:\n${authorizationUrl(settings.domain, settings.clientId, state)}\nThen run: npm run -s cli -- amocrm auth CODE  (CODE from the redirect, within 20 minutes)`;
  }
  if (action === 'auth') {
    if (!code) throw new UsageError('the authorization code is missing', AMOCRM_HELP);
    const { expiresAt } = await exchangeAuthorizationCode(settings, code, crmTokenStore(ctx.handle.db, ctx.config.ACCOUNT_ID), ctx.clock.now().getTime());
    return `${amoProductName(settings.domain)} connected: tokens saved (the access token is refreshed automatically; this one expires ${new Date(expiresAt).toISOString()}). Now run: npm run -s cli -- sync`;
  }
  throw new UsageError(action ? `unknown action "${action}"` : 'an action is missing', AMOCRM_HELP);
}
