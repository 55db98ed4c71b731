import { randomBytes } from 'node:crypto';
import { bitrixOAuthSettings } from '../crm/create-connector';
import { bitrixAuthorizationUrl, exchangeBitrixCode } from '../crm/bitrix24/oauth';
import type { JobContext } from '../jobs/context';
import { CommandError, parseCommandArgs, UsageError } from './usage';
import { crmTokenStore } from '../db/crm-tokens';

export const BITRIX24_HELP = `Usage: npm run -s cli -- bitrix24 auth-url
       npm run -s cli -- bitrix24 auth CODE

Connects Bitrix24 through OAuth (when there is no BITRIX24_WEBHOOK_URL); needs
BITRIX24_PORTAL, BITRIX24_CLIENT_ID and BITRIX24_CLIENT_SECRET of a local app.
  auth-url    prints the address where a portal admin allows the app access;
              Bitrix24 then redirects to the app's handler with ?code=…
  auth CODE   exchanges that code (valid 30 seconds) for tokens and saves them
              in the database; the bot refreshes them from then on.`;

/** `bitrix24 auth-url` and `bitrix24 auth CODE`: the OAuth code exchange, guided. */
export async function bitrix24Command(ctx: JobContext, args: string[]): Promise<string> {
  const { positionals } = parseCommandArgs(args, {}, BITRIX24_HELP, 2);
  const [action, code] = positionals;
  if (ctx.config.CRM !== 'bitrix24') throw new CommandError('Set CRM=bitrix24 (and the BITRIX24_* variables) first; see README, "Connect Bitrix24".');
  if (ctx.config.BITRIX24_WEBHOOK_URL) throw new CommandError('BITRIX24_WEBHOOK_URL is set: the incoming webhook is used and OAuth is not needed. Remove it to connect through OAuth instead.');
  const settings = bitrixOAuthSettings(ctx.config);
  if (action === 'auth-url') {
    return `Open this address as a Bitrix24 admin and allow access:\n${bitrixAuthorizationUrl(settings, randomBytes(8).toString('hex'))}\nThen run at once: npm run -s cli -- bitrix24 auth CODE  (CODE from the redirect; it lives 30 seconds)`;
  }
  if (action === 'auth') {
    if (!code) throw new UsageError('the authorization code is missing', BITRIX24_HELP);
    await exchangeBitrixCode(settings, code, crmTokenStore(ctx.handle.db, ctx.config.ACCOUNT_ID), ctx.clock.now().getTime());
    return 'Bitrix24 connected: tokens saved (they are refreshed when Bitrix24 says they expired). Now run: npm run -s cli -- sync';
  }
  throw new UsageError(action ? `unknown action "${action}"` : 'an action is missing', BITRIX24_HELP);
}
