import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/clock';
import { bitrixTokenSource, exchangeBitrixCode } from '../../src/crm/bitrix24/oauth';
import { crmTokens } from '../../src/db/schema';
import { createLogger } from '../../src/logger';
import { cliHarness } from '../support/cli-harness';
import { BITRIX_NOW, bitrixFixture } from '../support/fake-bitrix24/fixture';
import { startFakeBitrix, type FakeBitrix } from '../support/fake-bitrix24/server';
import { tempDatabase } from '../support/temp-db';
import { crmTokenStore } from '../../src/db/crm-tokens';

const APP = { clientId: 'local.6561.app', clientSecret: 'b24-client-secret-value', accessTtlSeconds: 3_600 };
let fake: FakeBitrix | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const oauthEnv = (f: FakeBitrix) => ({
  CRM: 'bitrix24',
  BITRIX24_PORTAL: f.baseUrl,
  BITRIX24_OAUTH_URL: f.baseUrl,
  BITRIX24_CLIENT_ID: APP.clientId,
  BITRIX24_CLIENT_SECRET: APP.clientSecret,
  BITRIX24_RATE_LIMIT: '50',
});

describe('Bitrix24 through OAuth', () => {
  it('the CLI guides the code exchange; an expired token mid-sync is refreshed once and the rotated pair saved', async () => {
    fake = await startFakeBitrix(bitrixFixture(), { oauth: APP });
    const cli = cliHarness(BITRIX_NOW, oauthEnv(fake));
    try {
      const notYet = await cli.run('sync');
      expect(notYet.code).toBe(1);
      expect(notYet.stderr).toContain('Bitrix24 is not connected yet');
      const url = await cli.run('bitrix24', 'auth-url');
      expect(url.stdout).toContain(`${fake.baseUrl}/oauth/authorize/?client_id=local.6561.app&state=`);
      expect((await cli.run('bitrix24', 'auth', 'stale-code')).stderr).toMatch(/refused the authorization code \(it lives 30 seconds\) \(invalid_grant\)\. Authorize the app again/);
      fake.issueCode('code-1');
      expect((await cli.run('bitrix24', 'auth', 'code-1')).stdout).toContain('Bitrix24 connected');
      expect((await cli.run('sync')).stdout).toMatch(/^Synced bitrix24 in .*4 deals/);
      expect(fake.calls().every((c) => c.via === 'oauth')).toBe(true);

      // The hour is up: the first call gets expired_token, the pair is refreshed once, the sync goes on.
      fake.expireAccessTokens();
      expect((await cli.run('sync', '--full')).code).toBe(0);
      expect(fake.log.filter((c) => c.method === 'oauth/token').map((c) => [c.params.grant_type, c.status])).toEqual([
        ['authorization_code', 400],
        ['authorization_code', 200],
        ['refresh_token', 200],
      ]);
      expect(fake.calls().filter((c) => c.status === 401)).toHaveLength(1);
    } finally {
      cli.dispose();
    }
  });

  it('concurrent calls after expiry share one refresh; a spent refresh token says to authorize again', async () => {
    fake = await startFakeBitrix(bitrixFixture(), { oauth: APP });
    const db = tempDatabase();
    try {
      const clock = new FixedClock(new Date(BITRIX_NOW));
      const settings = { portalUrl: fake.baseUrl, oauthUrl: fake.baseUrl, clientId: APP.clientId, clientSecret: APP.clientSecret };
      fake.issueCode('code-2');
      await exchangeBitrixCode(settings, 'code-2', crmTokenStore(db.db, 'main'), clock.now().getTime());
      const spent = db.db.select().from(crmTokens).get()!.refreshToken;
      const source = bitrixTokenSource(settings, crmTokenStore(db.db, 'main'), clock, createLogger('silent'));
      const rejected = await source.token();
      const fresh = await Promise.all([1, 2, 3].map(() => source.afterUnauthorized!(rejected)));
      expect(new Set(fresh).size).toBe(1);
      expect(fresh[0]).not.toBe(rejected);
      expect(fake.log.filter((c) => c.params.grant_type === 'refresh_token')).toHaveLength(1);
      const saved = db.db.select().from(crmTokens).get()!;
      expect(saved.accessToken).toBe(fresh[0]);

      // Someone restored an old pair: its refresh token was spent, so Bitrix24 answers invalid_grant.
      db.db.update(crmTokens).set({ refreshToken: spent, accessToken: 'stale' }).run();
      await expect(source.afterUnauthorized!('stale')).rejects.toThrow(/refused the refresh token \(invalid_grant\)\. Authorize the app again/);
    } finally {
      db.dispose();
    }
  });
});
