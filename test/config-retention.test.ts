import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config';

/** RETENTION_DAYS: how long finished messages, closed pings and old sync runs are kept. */
describe('RETENTION_DAYS', () => {
  it('is 90 days unless set, and takes a whole number of at least 7', () => {
    expect(parseConfig({}).RETENTION_DAYS).toBe(90);
    expect(parseConfig({ RETENTION_DAYS: '' }).RETENTION_DAYS).toBe(90);
    expect(parseConfig({ RETENTION_DAYS: '7' }).RETENTION_DAYS).toBe(7);
    expect(parseConfig({ RETENTION_DAYS: ' 365 ' }).RETENTION_DAYS).toBe(365);
  });

  it.each(['6', '0', '-30', '30.5', 'ninety', '90d', 'Infinity'])('rejects %j, naming the variable and what it expects', (value) => {
    let error: unknown;
    try {
      parseConfig({ RETENTION_DAYS: value });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(['RETENTION_DAYS: expected a whole number of days, at least 7 (e.g. 90)']);
  });
});
