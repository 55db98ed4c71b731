import { describe, expect, it } from 'vitest';
import { callActivity, telephonyRecord } from '../support/fake-bitrix24/calls-fixture';
import { BITRIX_NOW, bitrixFixture } from '../support/fake-bitrix24/fixture';
import { startFakeBitrix, type BitrixFixture } from '../support/fake-bitrix24/server';
import { cleanupAfterEach } from '../support/cleanup';
import { cliHarness, ruleFindingsAt } from '../support/cli-harness';

/**
 * Missed calls end to end from Bitrix24: the fake portal's telephony records
 * and call activities, synced by the CLI through the real connector, and
 * `findings --json --at` at exact instants of Monday 23 November 2026
 * (Moscow, working hours 09:00–18:00; the norm: 15 working minutes).
 *
 * - deal 101 (user 11; contact 7, company 3): missed at 10:00 (304), called back
 *   at 10:10 to the number written otherwise — never a finding;
 * - deal 102 (user 12): the line busy at 10:05 (486, rang 12 s), called back at
 *   10:25 — a finding from 10:20 to 10:25;
 * - contact 9's card (deal 104, lost): missed at 10:30, never returned — a
 *   finding from 10:45, on no deal (the contact has none open), the line's user;
 * - a lead's missed call logged by hand (an incoming activity left open) at
 *   10:40, returned by a call to the contact 7 card from the same number at
 *   10:50 — no finding.
 */
const T = Date.parse(BITRIX_NOW); // 10:00 Moscow
const MIN = 60_000;
const msk = (time: string) => `2026-11-23T${time}:00+03:00`;
const cleanup = cleanupAfterEach();

function fixture(): BitrixFixture {
  const f = bitrixFixture();
  f.calls = [
    telephonyRecord('7001', { type: '2', code: '304', seconds: 0, at: T, on: ['DEAL', '101'], phone: '+7 (916) 111-11-11', user: '11' }),
    telephonyRecord('7002', { type: '1', code: '200', seconds: 70, at: T + 10 * MIN, on: ['DEAL', '101'], phone: '89161111111', user: '11' }),
    telephonyRecord('7003', { type: '2', code: '486', seconds: 12, at: T + 5 * MIN, on: ['DEAL', '102'], phone: '+7 916 222-22-22', user: '12' }),
    telephonyRecord('7004', { type: '4', code: '200', seconds: 40, at: T + 25 * MIN, on: ['DEAL', '102'], phone: '8 916 222 22 22', user: '12' }),
    telephonyRecord('7005', { type: '2', code: '304', seconds: 0, at: T + 30 * MIN, on: ['CONTACT', '9'], phone: '+7 916 333-33-33', user: '12' }),
    telephonyRecord('7006', { type: '1', code: '200', seconds: 30, at: T + 50 * MIN, on: ['CONTACT', '7'], phone: '+7 916 444-44-44', user: '11' }),
  ];
  f.activities.push(callActivity('981', { owner: ['lead', '55'], direction: 'in', completed: false, at: T + 40 * MIN, seconds: 0, user: '11', phone: '8 (916) 444-44-44' }));
  return f;
}

describe('missed calls from Bitrix24, through the CLI', () => {
  it('findings --json at exact instants', async () => {
    const fake = cleanup.add(await startFakeBitrix(fixture()), (f) => f.close());
    const cli = cleanup.add(cliHarness(msk('13:00'), { CRM: 'bitrix24', BITRIX24_WEBHOOK_URL: fake.webhookUrl, BITRIX24_RATE_LIMIT: '50', BITRIX24_BURST: '50' }), (c) => c.dispose());
    const sync = await cli.run('sync');
    expect(sync.stderr).toBe('');
    const at = (time: string) => ruleFindingsAt(cli, msk(time), 'missed_call_not_returned');
    const iso = (time: string) => new Date(msk(time)).toISOString();

    expect(await at('10:15')).toEqual([]);
    expect(await at('10:20')).toEqual([]);
    expect(await at('10:21')).toEqual([
      { dealId: '102', managerId: '12', since: iso('10:05'), explanation: 'Пропущенный звонок с номера •••22-22 23.11, 10:05: не перезвонили уже 16 мин при норме 15 мин.' },
    ]);
    expect(await at('10:26')).toEqual([]);
    expect(await at('10:46')).toEqual([
      { dealId: null, managerId: '12', since: iso('10:30'), explanation: 'Пропущенный звонок с номера •••33-33 23.11, 10:30: не перезвонили уже 16 мин при норме 15 мин.' },
    ]);
    expect((await at('12:00')).map((f) => f.since)).toEqual([iso('10:30')]);
    expect(JSON.stringify(await at('12:00'))).not.toMatch(/333|916/);
  });
});
