import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run';
import { cliHarness } from '../support/cli-harness';
import { cleanupAfterEach } from '../support/cleanup';
import { AMO_NOW, amoFixture } from '../support/fake-amocrm/fixture';
import { startFakeAmo } from '../support/fake-amocrm/server';

const cleanup = cleanupAfterEach();
const CLEAR_LINE = '\r\x1b[2K';
/** Each request to the fake amoCRM takes this long on the CLI's clock: pages arrive as from a slow CRM, without any real waiting. */
const SECONDS_PER_REQUEST = 5;

/** The CLI against a fake amoCRM whose every request moves the CLI's clock on; stdout and stderr written in one log, each write with its instant. */
async function slowAmoCli() {
  const fake = cleanup.add(await startFakeAmo(amoFixture()), (f) => f.close());
  const cli = cleanup.add(cliHarness(AMO_NOW, { CRM: 'amocrm', AMOCRM_BASE_URL: fake.baseUrl, AMOCRM_TOKEN: fake.token, AMOCRM_RATE_LIMIT: '50' }), (c) => c.dispose());
  fake.hooks.beforeRequest = () => cli.clock.advance(SECONDS_PER_REQUEST * 1000);
  return {
    fake,
    cli,
    async run(isTTY: boolean | undefined, ...argv: string[]) {
      const writes: { stream: 'stdout' | 'stderr'; text: string; at: number }[] = [];
      const at = () => cli.clock.now().getTime();
      const io = {
        stdout: { write: (text: string) => writes.push({ stream: 'stdout', text, at: at() }) },
        stderr: { write: (text: string) => writes.push({ stream: 'stderr', text, at: at() }), ...(isTTY === undefined ? {} : { isTTY }) },
      };
      const startedAt = at();
      const code = await runCli(argv, cli.env, io, cli.clock);
      const of = (stream: 'stdout' | 'stderr') => writes.filter((w) => w.stream === stream);
      return { code, writes, startedAt, stdout: of('stdout'), stderr: of('stderr') };
    },
  };
}

const PLAIN = /^Syncing \((full|incremental)\): \w+, \d+ rows, \d+ requests, \d+ rows\/s(, about (\d+h \d\dm|\d+m \d\ds|\d+s) left|, almost done)?\n$/;

describe('cli sync: progress on stderr while a long sync runs', () => {
  it('not on a terminal: a plain line at most every 10 s of the clock; stdout only the summary', async () => {
    const amo = await slowAmoCli();
    const result = await amo.run(undefined, 'sync');
    expect(result.code).toBe(0);
    expect(result.stdout.map((w) => w.text)).toEqual([expect.stringMatching(/^Synced amocrm in [\d.]+ s: 4 deals, 4 tasks, 2 stage changes, 3 users\. Findings: .*\n$/)]);
    const lines = result.stderr;
    // Without the 10 s step there would be a line per page.
    const seconds = (result.stdout[0]!.at - result.startedAt) / 1000;
    expect(seconds).toBeGreaterThan(40);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(Math.floor(seconds / 10));
    for (const line of lines) expect(line.text).toMatch(PLAIN);
    const instants = [result.startedAt, ...lines.map((l) => l.at)];
    for (let i = 1; i < instants.length; i++) expect(instants[i]! - instants[i - 1]!).toBeGreaterThanOrEqual(10_000);
    // Requests counted since the sync began, never more than the CRM answered by then; rows never go back.
    const numbers = lines.map((l) => ({ rows: Number(/(\d+) rows,/.exec(l.text)![1]), requests: Number(/(\d+) requests/.exec(l.text)![1]) }));
    expect(numbers[0]!.requests).toBeGreaterThan(0);
    expect(numbers.at(-1)!.requests).toBeLessThanOrEqual(amo.fake.log.length);
    for (let i = 1; i < numbers.length; i++) expect(numbers[i]!.rows).toBeGreaterThanOrEqual(numbers[i - 1]!.rows);
    // A first sync has nothing to reckon the time left against.
    expect(lines.some((l) => /left|almost done/.test(l.text))).toBe(false);
  });

  it('a second full sync says how long is left, from the first one’s rows', async () => {
    const amo = await slowAmoCli();
    await amo.run(false, 'sync');
    const result = await amo.run(false, 'sync', '--full');
    expect(result.code).toBe(0);
    expect(result.stderr.length).toBeGreaterThan(0);
    expect(result.stderr.every((l) => /^Syncing \(full\): .*(left|almost done)\n$/.test(l.text))).toBe(true);
  });

  it('on a terminal: one line rewritten in place with \\r, cleared before the summary', async () => {
    const amo = await slowAmoCli();
    const result = await amo.run(true, 'sync');
    expect(result.code).toBe(0);
    const progress = result.stderr.slice(0, -1);
    // Every page: far more often than the plain lines, each rewriting the one line.
    expect(progress.length).toBeGreaterThan(5);
    for (const write of progress) expect(write.text).toMatch(/^\r\x1b\[2KSyncing \(full\): \w+, \d+ rows, \d+ requests, \d+ rows\/s$/);
    // Last on stderr, and before stdout's summary: the line erased, so the summary starts on a clean line.
    expect(result.writes.at(-2)).toMatchObject({ stream: 'stderr', text: CLEAR_LINE });
    expect(result.writes.at(-1)).toMatchObject({ stream: 'stdout', text: expect.stringMatching(/^Synced amocrm in /) });
    expect(result.stdout).toHaveLength(1);
  });

  it('on a terminal, a sync that fails: the line is cleared before the error', async () => {
    const amo = await slowAmoCli();
    // The account and its users are read first (progress shown), then the pipelines are refused.
    amo.fake.failNext('/api/v4/leads/pipelines', { status: 400, body: '{"title":"Bad Request"}' });
    const result = await amo.run(true, 'sync');
    expect(result.code).toBe(1);
    expect(result.stdout).toEqual([]);
    const texts = result.stderr.map((w) => w.text);
    expect(texts.length).toBeGreaterThanOrEqual(3);
    expect(texts[0]).toMatch(/^\r\x1b\[2KSyncing \(full\): /);
    expect(texts.at(-2)).toBe(CLEAR_LINE);
    expect(texts.at(-1)).toMatch(/^sync failed: .*\(400: Bad Request\)/);
  });
});
