import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config';
import { authorizationUrl, tokenEndpoint } from '../../src/crm/amocrm/oauth';
import { amoBaseUrl, amoOAuthSettings } from '../../src/crm/create-connector';
import { cliHarness } from '../support/cli-harness';
import { AMO_NOW, amoFixture } from '../support/fake-amocrm/fixture';
import { startFakeAmo, type FakeAmo, type FakeOAuth } from '../support/fake-amocrm/server';

// Kommo is amoCRM's international brand: the same API v4 and OAuth, on kommo.com accounts.
// An admin authorizes on the site of the account's domain; tokens come from the account's own host.

const OAUTH: FakeOAuth = { clientId: 'client-123', clientSecret: 'secret-456-very-secret', redirectUri: 'https://bot.example/amocrm', accessTtlSeconds: 86_400 };
const CREDENTIALS = { CRM: 'amocrm', AMOCRM_CLIENT_ID: OAUTH.clientId, AMOCRM_CLIENT_SECRET: OAUTH.clientSecret, AMOCRM_REDIRECT_URI: OAUTH.redirectUri };
const AMOCRM_AUTHORIZE = 'https://www.amocrm.ru/oauth?client_id=client-123&state=s1&mode=post_message';
const KOMMO_AUTHORIZE = 'https://www.kommo.com/oauth?client_id=client-123&state=s1&mode=post_message';

/** Each row's title: its variables as they would be in .env. */
const named = <T extends { env: Record<string, string> }>(rows: T[]) => rows.map((row) => ({ ...row, vars: Object.entries(row.env).map(([k, v]) => `${k}=${v}`).join(' ') }));

let fake: FakeAmo | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('where an amoCRM or Kommo account authorizes and takes its tokens', () => {
  it.each(named<{ env: Record<string, string>; baseUrl: string; authorize: string }>([
    { env: { AMOCRM_SUBDOMAIN: 'example' }, baseUrl: 'https://example.amocrm.ru', authorize: AMOCRM_AUTHORIZE },
    { env: { AMOCRM_SUBDOMAIN: 'example', AMOCRM_DOMAIN: 'amocrm.ru' }, baseUrl: 'https://example.amocrm.ru', authorize: AMOCRM_AUTHORIZE },
    { env: { AMOCRM_SUBDOMAIN: 'example', AMOCRM_DOMAIN: 'kommo.com' }, baseUrl: 'https://example.kommo.com', authorize: KOMMO_AUTHORIZE },
    { env: { AMOCRM_SUBDOMAIN: 'example', AMOCRM_DOMAIN: ' Kommo.com ' }, baseUrl: 'https://example.kommo.com', authorize: KOMMO_AUTHORIZE },
    { env: { AMOCRM_BASE_URL: 'https://example.amocrm.ru' }, baseUrl: 'https://example.amocrm.ru', authorize: AMOCRM_AUTHORIZE },
    { env: { AMOCRM_BASE_URL: 'https://example.kommo.com' }, baseUrl: 'https://example.kommo.com', authorize: KOMMO_AUTHORIZE },
    { env: { AMOCRM_BASE_URL: 'https://Example.Kommo.com/' }, baseUrl: 'https://Example.Kommo.com/', authorize: KOMMO_AUTHORIZE },
    { env: { AMOCRM_BASE_URL: 'https://example.kommo.com', AMOCRM_DOMAIN: 'kommo.com' }, baseUrl: 'https://example.kommo.com', authorize: KOMMO_AUTHORIZE },
    // The address wins over the subdomain, as it always has.
    { env: { AMOCRM_BASE_URL: 'https://example.kommo.com', AMOCRM_SUBDOMAIN: 'other' }, baseUrl: 'https://example.kommo.com', authorize: KOMMO_AUTHORIZE },
    // Another host (a proxy, a test server) does not name a domain: AMOCRM_DOMAIN does, amocrm.ru when unset.
    { env: { AMOCRM_BASE_URL: 'http://127.0.0.1:8080' }, baseUrl: 'http://127.0.0.1:8080', authorize: AMOCRM_AUTHORIZE },
    { env: { AMOCRM_BASE_URL: 'http://127.0.0.1:8080', AMOCRM_DOMAIN: 'kommo.com' }, baseUrl: 'http://127.0.0.1:8080', authorize: KOMMO_AUTHORIZE },
  ]))('$vars → $authorize', ({ env, baseUrl, authorize }) => {
    const config = parseConfig({ ...CREDENTIALS, ...env });
    const settings = amoOAuthSettings(config);
    expect(amoBaseUrl(config)).toBe(baseUrl);
    expect(settings.baseUrl).toBe(baseUrl);
    expect(authorizationUrl(settings.domain, settings.clientId, 's1')).toBe(authorize);
    // The token exchange and every refresh go to the account itself, never to the shared www site.
    expect(tokenEndpoint(settings.baseUrl)).toBe(`${new URL(baseUrl).origin}/oauth2/access_token`);
  });

  it.each(named<{ env: Record<string, string>; problem: string }>([
    { env: { AMOCRM_SUBDOMAIN: 'example', AMOCRM_DOMAIN: 'kommo.ru' }, problem: 'AMOCRM_DOMAIN: expected one of: amocrm.ru, kommo.com (amoCRM accounts live on amocrm.ru, Kommo accounts on kommo.com)' },
    { env: { AMOCRM_SUBDOMAIN: 'example', AMOCRM_DOMAIN: 'amocrm.com' }, problem: 'AMOCRM_DOMAIN: expected one of: amocrm.ru, kommo.com (amoCRM accounts live on amocrm.ru, Kommo accounts on kommo.com)' },
    { env: { AMOCRM_SUBDOMAIN: 'example', AMOCRM_DOMAIN: 'https://www.kommo.com' }, problem: 'AMOCRM_DOMAIN: expected one of: amocrm.ru, kommo.com (amoCRM accounts live on amocrm.ru, Kommo accounts on kommo.com)' },
    {
      env: { AMOCRM_BASE_URL: 'https://example.amocrm.ru', AMOCRM_DOMAIN: 'kommo.com' },
      problem: 'AMOCRM_DOMAIN: kommo.com contradicts AMOCRM_BASE_URL, an account on amocrm.ru: leave AMOCRM_DOMAIN out (the address says it) or correct one of them',
    },
    {
      env: { AMOCRM_SUBDOMAIN: 'example.kommo.com' },
      problem: 'AMOCRM_SUBDOMAIN: expected the subdomain alone, e.g. "example" for example.amocrm.ru (or example.kommo.com with AMOCRM_DOMAIN=kommo.com)',
    },
  ]))('$vars is refused: $problem', ({ env, problem }) => {
    let error: unknown;
    try {
      parseConfig({ ...CREDENTIALS, ...env });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([problem]);
  });
});

describe('cli amocrm on a Kommo account', () => {
  it('auth-url prints Kommo\'s address; auth CODE takes the tokens from the account itself, and the sync runs on them', async () => {
    fake = await startFakeAmo(amoFixture(), { oauth: OAUTH });
    const cli = cliHarness(AMO_NOW, { ...CREDENTIALS, AMOCRM_BASE_URL: fake.baseUrl, AMOCRM_DOMAIN: 'kommo.com', AMOCRM_RATE_LIMIT: '50' });
    try {
      const url = await cli.run('amocrm', 'auth-url');
      expect(url).toMatchObject({ code: 0, stderr: '' });
      expect(url.stdout).toMatch(/^Open this address as an admin of the Kommo account and allow access:\nhttps:\/\/www\.kommo\.com\/oauth\?client_id=client-123&state=[0-9a-f]{16}&mode=post_message\n/);
      expect(url.stdout).not.toContain('amocrm.ru');
      fake.issueCode('kommo-code');
      const auth = await cli.run('amocrm', 'auth', 'kommo-code');
      expect(auth).toMatchObject({ code: 0, stderr: '' });
      expect(auth.stdout).toMatch(/^Kommo connected: tokens saved/);
      expect(fake.log.filter((r) => r.path === '/oauth2/access_token').map((r) => [r.query.get('grant_type'), r.status])).toEqual([['authorization_code', 200]]);
      expect((await cli.run('sync')).stdout).toMatch(/^Synced amocrm/);
      // A code used twice is refused, in the words a Kommo admin knows.
      const again = await cli.run('amocrm', 'auth', 'kommo-code');
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('Kommo refused the authorization code (400');
      expect(again.stderr).not.toContain('amoCRM');
    } finally {
      cli.dispose();
    }
  });

  it.each(named<{ env: Record<string, string>; site: string; product: string }>([
    { env: { AMOCRM_BASE_URL: 'https://example.kommo.com' }, site: 'https://www.kommo.com/oauth?', product: 'Kommo' },
    { env: { AMOCRM_SUBDOMAIN: 'example', AMOCRM_DOMAIN: 'kommo.com' }, site: 'https://www.kommo.com/oauth?', product: 'Kommo' },
    { env: { AMOCRM_SUBDOMAIN: 'example' }, site: 'https://www.amocrm.ru/oauth?', product: 'amoCRM' },
  ]))('auth-url with $vars names $site', async ({ env, site, product }) => {
    // Printing the address asks nothing of the CRM, so a real account's address is safe here.
    const cli = cliHarness(AMO_NOW, { ...CREDENTIALS, ...env });
    try {
      const { code, stdout } = await cli.run('amocrm', 'auth-url');
      expect(code).toBe(0);
      expect(stdout).toContain(`as an admin of the ${product} account and allow access:\n${site}client_id=client-123&state=`);
    } finally {
      cli.dispose();
    }
  });
});
