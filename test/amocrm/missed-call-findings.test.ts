import { describe, expect, it } from 'vitest';
import { AMO_NOW, amoFixture } from '../support/fake-amocrm/fixture';
import { startFakeAmo, type AmoFixture } from '../support/fake-amocrm/server';
import { cleanupAfterEach } from '../support/cleanup';
import { cliHarness, ruleFindingsAt } from '../support/cli-harness';

/**
 * Missed calls end to end: the fake amoCRM files calls where amoCRM files
 * them (on leads, on contact cards, on a company), the CLI syncs them
 * through the real connector and `findings --json --at` is read at exact
 * instants of Monday 23 November 2026 (Moscow, working hours 09:00–18:00;
 * the norm: 15 working minutes).
 *
 * - 501 (Ипполит; contacts 77, 78): missed at 10:00, called back at 10:10 from
 *   the same number written otherwise — never a finding;
 * - 502 (Анна; contact 79): missed at 10:05, returned at 10:25 on the contact's
 *   card from the client's other number — a finding from 10:20 to 10:25;
 * - contact 77's card (Ромашка's client, a third number): missed at 10:30, never
 *   returned — a finding on 501 from 10:45;
 * - 503 (lost yesterday): the client rang at 10:40, missed, and got through
 *   when calling again at 10:50 — no finding;
 * - 505, a new lead of 11:00, who called at 11:02 and was answered: reached, so
 *   no slow first contact; 506, new at 11:00 with no contact, is slow at 11:16.
 */
const T = Date.parse(AMO_NOW) / 1000; // 10:00 Moscow
const MIN = 60;
const msk = (time: string) => `2026-11-23T${time}:00+03:00`;
const cleanup = cleanupAfterEach();

const note = (id: number, entityId: number, type: 'call_in' | 'call_out', at: number, phone: string, talked: { duration: number; call_status: number }) => ({
  id,
  entity_id: entityId,
  note_type: type,
  created_by: 11,
  updated_by: 11,
  responsible_user_id: 11,
  group_id: 0,
  account_id: 100,
  created_at: at,
  updated_at: at,
  params: { uniq: `u${id}`, source: 'tel', link: '', phone, ...talked },
});
const MISSED = { duration: 0, call_status: 6 };
const TALKED = { duration: 80, call_status: 4 };

function fixture(): AmoFixture {
  const f = amoFixture();
  f.notes = f.notes.filter((n) => n.note_type === 'common');
  const lead = f.leads[0]!;
  for (const id of [505, 506]) {
    f.leads.push({ ...lead, id, name: `Заявка ${id}`, status_id: 20, created_at: T + 60 * MIN, updated_at: T + 60 * MIN, _embedded: { tags: [], companies: [], contacts: [{ id: id * 10, is_main: true }] } });
  }
  f.notes.push(
    note(9001, 501, 'call_in', T, '+7 (916) 111-11-11', MISSED),
    note(9002, 501, 'call_out', T + 10 * MIN, '89161111111', TALKED),
    note(9003, 502, 'call_in', T + 5 * MIN, '+7 916 222-22-22', MISSED),
    note(9007, 503, 'call_in', T + 40 * MIN, '+7 916 444-44-44', MISSED),
    note(9009, 505, 'call_in', T + 62 * MIN, '+7 916 555-55-55', TALKED),
  );
  f.contactNotes = [
    note(9004, 79, 'call_out', T + 25 * MIN, '+7 903 000-22-22', TALKED),
    note(9005, 77, 'call_in', T + 30 * MIN, '8 (916) 333-33-33', MISSED),
  ];
  f.companyNotes = [note(9008, 4001, 'call_in', T + 50 * MIN, '8-916-444-44-44', TALKED)];
  return f;
}

describe('missed calls and first contact from amoCRM, through the CLI', () => {
  it('findings --json at exact instants', async () => {
    const fake = cleanup.add(await startFakeAmo(fixture()), (f) => f.close());
    const cli = cleanup.add(cliHarness(msk('13:00'), { CRM: 'amocrm', AMOCRM_BASE_URL: fake.baseUrl, AMOCRM_TOKEN: fake.token, AMOCRM_RATE_LIMIT: '50' }), (c) => c.dispose());
    expect((await cli.run('sync')).code).toBe(0);
    const at = (time: string, rule = 'missed_call_not_returned') => ruleFindingsAt(cli, msk(time), rule);
    const iso = (time: string) => new Date(msk(time)).toISOString();

    expect(await at('10:15')).toEqual([]);
    expect(await at('10:20')).toEqual([]);
    expect(await at('10:21')).toEqual([
      { dealId: '502', managerId: '12', since: iso('10:05'), explanation: 'Пропущенный звонок с номера •••22-22 23.11, 10:05: не перезвонили уже 16 мин при норме 15 мин.' },
    ]);
    expect(await at('10:45')).toEqual([]);
    expect(await at('10:46')).toEqual([
      { dealId: '501', managerId: '11', since: iso('10:30'), explanation: 'Пропущенный звонок с номера •••33-33 23.11, 10:30: не перезвонили уже 16 мин при норме 15 мин.' },
    ]);
    // 503's client got through at 10:50, within the norm; 502's was returned at 10:25.
    expect((await at('12:00')).map((f) => f.dealId)).toEqual(['501']);
    // No number is ever printed whole.
    expect(JSON.stringify(await at('12:00'))).not.toMatch(/333|916/);

    expect((await at('11:30', 'first_contact_slow')).map((f) => f.dealId).filter((id) => id === '505' || id === '506')).toEqual(['506']);
  });
});
