import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { crmTokens } from '../../src/db/schema';
import { exchangeAuthorizationCode, oauthTokenSource } from '../../src/crm/amocrm/oauth';
import { createLogger } from '../../src/logger';
import { cliHarness } from '../support/cli-harness';
import { AMO_NOW, amoFixture } from '../support/fake-amocrm/fixture';
import { startFakeAmo, type FakeAmo, type FakeOAuth } from '../support/fake-amocrm/server';
import { tempDatabase } from '../support/temp-db';
import { crmTokenStore } from '../../src/db/crm-tokens';

const OAUTH: FakeOAuth = { clientId: 'client-123', clientSecret: 'secret-456-very-secret', redirectUri: 'https://bot.example/amocrm', accessTtlSeconds: 86_400 };
let fake: FakeAmo | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const oauthEnv = (f: FakeAmo) => ({
  CRM: 'amocrm',
  AMOCRM_BASE_URL: f.baseUrl,
  AMOCRM_CLIENT_ID: OAUTH.clientId,
  AMOCRM_CLIENT_SECRET: OAUTH.clientSecret,
  AMOCRM_REDIRECT_URI: OAUTH.redirectUri,
  AMOCRM_RATE_LIMIT: '50',
});

describe('amoCRM through OAuth', () => {
  it('the CLI guides the code exchange; the sync then runs on the saved tokens', async () => {
    fake = await startFakeAmo(amoFixture(), { oauth: OAUTH });
    const cli = cliHarness(AMO_NOW, oauthEnv(fake));
    try {
      const before = await cli.run('sync');
      expect(before.code).toBe(1);
      expect(before.stderr).toContain('amoCRM is not connected yet');
      const url = await cli.run('amocrm', 'auth-url');
      expect(url.stdout).toContain('https://www.amocrm.ru/oauth?client_id=client-123&state=');
      fake.issueCode('one-time-code');
      const auth = await cli.run('amocrm', 'auth', 'one-time-code');
      expect(auth).toMatchObject({ code: 0 });
      expect(auth.stdout).toContain('amoCRM connected: tokens saved');
      expect((await cli.run('sync')).stdout).toMatch(/^Synced amocrm/);
      const again = await cli.run('amocrm', 'auth', 'one-time-code');
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('amoCRM refused the authorization code (400: Authorization code has expired). Authorize the integration again');
      expect(again.stderr).not.toContain(OAUTH.clientSecret);
    } finally {
      cli.dispose();
    }
  });

  it('a token that expires in the middle of paging is refreshed exactly once, saved, and paging resumes', async () => {
    fake = await startFakeAmo(amoFixture(), { oauth: OAUTH });
    const template = fake.fixture.leads[0]!;
    fake.fixture.leads = Array.from({ length: 600 }, (_, i) => ({ ...template, id: 10_000 + i }));
    const cli = cliHarness(AMO_NOW, oauthEnv(fake));
    try {
      fake.issueCode('code-1');
      await cli.run('amocrm', 'auth', 'code-1');
      let expired = false;
      fake.hooks.beforeRequest = (path, query) => {
        if (path === '/api/v4/leads' && query.get('page') === '2' && !expired) {
          expired = true;
          fake!.expireAccessTokens();
        }
      };
      const sync = await cli.run('sync');
      expect(sync.stdout).toMatch(/^Synced amocrm in [\d.]+ s: 600 deals/);
      const refreshes = fake.log.filter((r) => r.path === '/oauth2/access_token' && r.query.get('grant_type') === 'refresh_token');
      expect(refreshes.map((r) => r.status)).toEqual([200]);
      // Pages are read ahead, so the one after the expiry may meet the old token too: each is asked again with the new one.
      const answers = fake.requestsTo('/api/v4/leads').map((r) => ({ page: Number(r.query.get('page')), status: r.status }));
      expect(answers.filter((a) => a.status === 200).map((a) => a.page).sort()).toEqual([1, 2, 3]);
      expect(answers.find((a) => a.status === 401)?.page).toBe(2);
      expect(answers.every((a) => a.status === 200 || (a.status === 401 && a.page >= 2) || (a.status === 204 && a.page === 4))).toBe(true);
      // The next run (a new process) starts from the saved pair.
      expect((await cli.run('sync')).code).toBe(0);
    } finally {
      cli.dispose();
    }
  });

  it('concurrent callers after a 401 share one refresh; the rotated pair is in the database before use', async () => {
    fake = await startFakeAmo(amoFixture(), { oauth: OAUTH });
    const db = tempDatabase();
    try {
      const clock = new FixedClock(new Date(AMO_NOW));
      const source = oauthTokenSource({ baseUrl: fake.baseUrl, ...OAUTH, seedRefreshToken: undefined }, crmTokenStore(db.db, 'main'), clock, createLogger('silent'));
      await expect(source.token()).rejects.toThrow(/not connected yet/);
      fake.issueCode('code-2');
      await exchangeAuthorizationCode({ baseUrl: fake.baseUrl, ...OAUTH }, 'code-2', crmTokenStore(db.db, 'main'), clock.now().getTime());
      const first = await source.token();
      const [a, b, c] = await Promise.all([source.afterUnauthorized!(first), source.afterUnauthorized!(first), source.afterUnauthorized!(first)]);
      expect(new Set([a, b, c]).size).toBe(1);
      expect(a).not.toBe(first);
      expect(fake.log.filter((r) => r.path === '/oauth2/access_token' && r.query.get('grant_type') === 'refresh_token')).toHaveLength(1);
      expect(db.db.select().from(crmTokens).get()?.accessToken).toBe(a);
      // A caller whose 401 came with the old token after the refresh gets the new one without another refresh.
      expect(await source.afterUnauthorized!(first)).toBe(a);
      // Close to expiry, the token is refreshed before use.
      clock.advance(OAUTH.accessTtlSeconds * 1000 - 60_000);
      const renewed = await source.token();
      expect(renewed).not.toBe(a);
      expect(fake.log.filter((r) => r.path === '/oauth2/access_token' && r.query.get('grant_type') === 'refresh_token')).toHaveLength(2);
    } finally {
      db.dispose();
    }
  });
});
