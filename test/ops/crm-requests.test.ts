import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAmoClient } from '../../src/crm/amocrm/client';
import { createBitrixClient } from '../../src/crm/bitrix24/client';
import { createLogger } from '../../src/logger';
import { crmRequests } from '../../src/metrics';
import { TokenBucket } from '../../src/token-bucket';
import { cliHarness } from '../support/cli-harness';
import { AMO_NOW, amoFixture } from '../support/fake-amocrm/fixture';
import { startFakeAmo, type FakeOAuth } from '../support/fake-amocrm/server';
import { BITRIX_NOW, bitrixFixture } from '../support/fake-bitrix24/fixture';
import { startFakeBitrix } from '../support/fake-bitrix24/server';

// crmqc_crm_requests_total against what the fake CRMs saw: every exchange, the OAuth token endpoint's included, under its status.
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** The counter's value per status for one CRM, e.g. { '200': 12, '401': 1 }. */
async function countedByStatus(crm: string): Promise<Record<string, number>> {
  const { values } = await crmRequests.get();
  return Object.fromEntries(values.filter((v) => v.labels.crm === crm).map((v) => [String(v.labels.status), v.value]));
}

/** What `after` adds to `before`, per status, without the statuses it left alone. */
function added(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).flatMap(([status, n]) => (n - (before[status] ?? 0) > 0 ? [[status, n - (before[status] ?? 0)]] : [])));
}

function tally(statuses: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statuses) out[String(s)] = (out[String(s)] ?? 0) + 1;
  return out;
}

/** A port on 127.0.0.1 nobody listens on: a request there gets no answer (connection refused). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('crmqc_crm_requests_total', () => {
  it('amoCRM: the code exchange (refused and granted), the pages, a 401 and the refresh after it — each under its status', async () => {
    const oauth: FakeOAuth = { clientId: 'client-123', clientSecret: 'secret-456-very-secret', redirectUri: 'https://bot.example/amocrm', accessTtlSeconds: 86_400 };
    const fake = await startFakeAmo(amoFixture(), { oauth });
    cleanup.push(() => fake.close());
    const cli = cliHarness(AMO_NOW, { CRM: 'amocrm', AMOCRM_BASE_URL: fake.baseUrl, AMOCRM_CLIENT_ID: oauth.clientId, AMOCRM_CLIENT_SECRET: oauth.clientSecret, AMOCRM_REDIRECT_URI: oauth.redirectUri, AMOCRM_RATE_LIMIT: '50' });
    cleanup.push(() => cli.dispose());
    const before = await countedByStatus('amocrm');

    expect((await cli.run('amocrm', 'auth', 'never-issued')).code).toBe(1);
    fake.issueCode('code-1');
    expect((await cli.run('amocrm', 'auth', 'code-1')).code).toBe(0);
    let expired = false;
    fake.hooks.beforeRequest = (path) => {
      if (path === '/api/v4/leads' && !expired) {
        expired = true;
        fake.expireAccessTokens();
      }
    };
    expect((await cli.run('sync')).code).toBe(0);

    const seen = tally(fake.log.map((r) => r.status));
    expect(seen).toMatchObject({ '200': expect.any(Number) as number, '400': 1, '401': expect.any(Number) as number });
    expect(added(before, await countedByStatus('amocrm'))).toEqual(seen);
  });

  it('Bitrix24: the OAuth server and the REST calls, an expired token included — each under its status', async () => {
    const app = { clientId: 'local.6561.app', clientSecret: 'b24-client-secret-value', accessTtlSeconds: 3_600 };
    const fake = await startFakeBitrix(bitrixFixture(), { oauth: app });
    cleanup.push(() => fake.close());
    const cli = cliHarness(BITRIX_NOW, { CRM: 'bitrix24', BITRIX24_PORTAL: fake.baseUrl, BITRIX24_OAUTH_URL: fake.baseUrl, BITRIX24_CLIENT_ID: app.clientId, BITRIX24_CLIENT_SECRET: app.clientSecret, BITRIX24_RATE_LIMIT: '50' });
    cleanup.push(() => cli.dispose());
    const before = await countedByStatus('bitrix24');

    expect((await cli.run('bitrix24', 'auth', 'stale-code')).code).toBe(1);
    fake.issueCode('code-1');
    expect((await cli.run('bitrix24', 'auth', 'code-1')).code).toBe(0);
    expect((await cli.run('sync')).code).toBe(0);
    fake.expireAccessTokens();
    expect((await cli.run('sync', '--full')).code).toBe(0);

    const seen = tally(fake.log.map((c) => c.status));
    expect(seen).toMatchObject({ '200': expect.any(Number) as number, '400': 1, '401': 1 });
    expect(added(before, await countedByStatus('bitrix24'))).toEqual(seen);
  });

  it('a request that gets no answer counts as "error", once per attempt', async () => {
    const port = await closedPort();
    const logger = createLogger('silent');
    const amo = createAmoClient({ baseUrl: `http://127.0.0.1:${port}`, tokens: { token: () => Promise.resolve('t') }, bucket: new TokenBucket(1000, 10), logger, maxRetries: 2, retryBaseMs: 0 });
    const bitrix = createBitrixClient({ endpoint: `http://127.0.0.1:${port}/rest/1/secret/`, bucket: new TokenBucket(1000, 10), logger, maxRetries: 2, retryBaseMs: 0 });
    const before = { amocrm: await countedByStatus('amocrm'), bitrix24: await countedByStatus('bitrix24') };

    await expect(amo.get('/api/v4/users')).rejects.toMatchObject({ failure: 'unavailable' });
    await expect(bitrix.call('user.get', {})).rejects.toMatchObject({ failure: 'unavailable' });

    expect(added(before.amocrm, await countedByStatus('amocrm'))).toEqual({ error: 3 });
    expect(added(before.bitrix24, await countedByStatus('bitrix24'))).toEqual({ error: 3 });
  });
});
