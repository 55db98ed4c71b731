import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, environment, parseConfig } from '../src/config';

const DEFAULTS = {
  CRM: 'demo',
  DATABASE_PATH: './data/crm-qc.sqlite',
  TIMEZONE: 'Europe/Moscow',
  OUT_DIR: './out',
  LOCALE: 'ru',
  DEMO_SEED: 42,
  SYNC_SCHEDULE: '*/15 * * * *',
  REPORT_SCHEDULE: '0 9 * * 1',
};

const VALID_TOKEN = '123456789:AAH-abcdefghijklmnopqrstuvwxyz012345';

/** The ConfigError parseConfig throws for `env` (fails the test if it does not throw). */
function configErrorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected parseConfig to throw a ConfigError');
}

describe('parseConfig', () => {
  it('uses the defaults when nothing is set', () => {
    const config = parseConfig({});
    expect(config).toMatchObject(DEFAULTS);
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  it.each(['', '   '])('treats %j as unset and falls back to the default', (empty) => {
    const env = { CRM: empty, TIMEZONE: empty, DEMO_SEED: empty, TELEGRAM_BOT_TOKEN: empty, LOCALE: empty };
    const config = parseConfig(env);
    expect(config).toMatchObject(DEFAULTS);
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
  });

  it('takes the values that are set, with DEMO_SEED as a number', () => {
    const config = parseConfig({
      CRM: 'amocrm',
      AMOCRM_SUBDOMAIN: 'example',
      AMOCRM_TOKEN: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.long-lived',
      TIMEZONE: 'Asia/Novosibirsk',
      DEMO_SEED: '7',
      LOCALE: 'en',
      REPORT_SCHEDULE: '30 8 * * 1-5',
      TELEGRAM_BOT_TOKEN: VALID_TOKEN,
    });
    expect(config).toMatchObject({
      CRM: 'amocrm',
      TIMEZONE: 'Asia/Novosibirsk',
      DEMO_SEED: 7,
      LOCALE: 'en',
      REPORT_SCHEDULE: '30 8 * * 1-5',
      TELEGRAM_BOT_TOKEN: VALID_TOKEN,
    });
  });

  it('reports every bad variable at once, each problem starting with its name', () => {
    const bad = {
      CRM: 'hubspot',
      TIMEZONE: 'Nowhere/City',
      DEMO_SEED: 'abc',
      REPORT_SCHEDULE: 'every monday',
      TELEGRAM_BOT_TOKEN: 'oops',
      LOCALE: 'de',
    };
    const { problems } = configErrorOf(bad);
    expect(problems).toHaveLength(6);
    for (const name of Object.keys(bad)) {
      expect(problems.filter((p) => p.startsWith(`${name}: `)), name).toHaveLength(1);
    }
  });

  it.each([
    ['CRM', 'hubspot', 'expected one of: demo, amocrm, bitrix24'],
    ['TIMEZONE', 'Nowhere/City', 'unknown IANA time zone'],
    ['DEMO_SEED', 'abc', 'expected a whole number'],
    ['DEMO_SEED', '1.5', 'expected a whole number'],
    ['REPORT_SCHEDULE', 'every monday', 'not a valid cron expression'],
    ['SYNC_SCHEDULE', '*/15 * *', 'not a valid cron expression'],
    ['LOCALE', 'de', 'expected one of: ru, en'],
    ['ACCOUNT_ID', 'main account', 'letters, digits'],
  ])('rejects %s=%j with a helpful message', (name, value, message) => {
    const { problems } = configErrorOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
    expect(problems[0]).toContain(message);
  });

  it('lists every problem in the error message', () => {
    const error = configErrorOf({ CRM: 'hubspot', LOCALE: 'de' });
    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain('  - CRM: expected one of: demo, amocrm, bitrix24');
    expect(error.message).toContain('  - LOCALE: expected one of: ru, en');
  });

  it('accepts a token shaped like one from @BotFather', () => {
    expect(parseConfig({ TELEGRAM_BOT_TOKEN: VALID_TOKEN }).TELEGRAM_BOT_TOKEN).toBe(VALID_TOKEN);
  });

  it('never echoes a rejected token in the problems or the message', () => {
    const secret = '123456789:secretPartTooShort';
    const error = configErrorOf({ TELEGRAM_BOT_TOKEN: secret });
    expect(error.problems).toEqual([expect.stringMatching(/^TELEGRAM_BOT_TOKEN: /)]);
    expect(error.message).not.toContain('secretPartTooShort');
    expect(error.problems.join('\n')).not.toContain('secretPartTooShort');
  });

  it('accepts .env.example as it is (every documented value is valid)', () => {
    const example = parseEnv(readFileSync(new URL('../.env.example', import.meta.url), 'utf8'));
    expect(parseConfig(example)).toEqual(parseConfig({}));
  });
});

describe('environment', () => {
  const FROM_FILE = `CRM_QC_TEST_${process.pid}_FROM_FILE`;
  const IN_BOTH = `CRM_QC_TEST_${process.pid}_IN_BOTH`;
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-qc-env-'));
  });
  afterEach(() => {
    delete process.env[FROM_FILE];
    delete process.env[IN_BOTH];
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads variables from the .env file', () => {
    const envFile = join(dir, '.env');
    writeFileSync(envFile, `# comment\n${FROM_FILE}=from-file\n`);
    expect(environment(envFile)[FROM_FILE]).toBe('from-file');
  });

  it('lets the real environment win over the .env file', () => {
    const envFile = join(dir, '.env');
    writeFileSync(envFile, `${IN_BOTH}=from-file\n`);
    process.env[IN_BOTH] = 'from-process';
    expect(environment(envFile)[IN_BOTH]).toBe('from-process');
  });

  it('does not let an empty real variable hide the .env value', () => {
    const envFile = join(dir, '.env');
    writeFileSync(envFile, `${IN_BOTH}=from-file\n`);
    process.env[IN_BOTH] = '';
    expect(environment(envFile)[IN_BOTH]).toBe('from-file');
  });

  it('is just the real environment when the file does not exist', () => {
    process.env[IN_BOTH] = 'from-process';
    const env = environment(join(dir, 'no-such.env'));
    expect(env[IN_BOTH]).toBe('from-process');
    expect(env[FROM_FILE]).toBeUndefined();
    const nonEmpty = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ''));
    expect(env).toEqual(nonEmpty);
  });
});
