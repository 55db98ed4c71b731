import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CrmError } from '../../src/crm/connector';
import type { Call } from '../../src/crm/model';
import { phoneFields } from '../../src/crm/phone';
import { calls as callsTable, pings } from '../../src/db/schema';
import { at, call } from '../support/fixture';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { bindHeads, HEADS, IPPOLIT, linkUser, SERGEY, startBotHarness, type BotHarness } from '../support/bot-harness';

/**
 * A client's missed call nobody returned is pinged like an overdue task: to
 * the deal's manager and their supervisor at once, only after the CRM has
 * confirmed nobody called back since the last sync, and edited when
 * somebody does.
 */
const client = phoneFields('+7 (916) 123-45-67');
/** The client of deal d1 (Ипполит's) called at 10:40 on Monday and nobody picked up. */
const missed: Call = call({ id: 'k1', dealId: 'd1', userId: 'm1', direction: 'in', missed: true, durationSec: 0, at: at('2026-11-23T10:40:00+03:00'), ...client });

let h: BotHarness;
beforeEach(async () => {
  h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
  await bindHeads(h);
  await linkUser(h, 'Ипполит', IPPOLIT);
  await linkUser(h, 'Сергей', SERGEY);
  await h.app.overdueCheck();
  // The call comes into the CRM, and a sync at 10:45 brings it.
  h.crm.snapshot.calls = [missed];
  h.clock.set(new Date('2026-11-23T10:45:00+03:00'));
  await h.app.syncNow();
});
afterEach(() => h.stop());

async function tickAt(iso: string) {
  h.clock.set(new Date(iso));
  const result = await h.app.overdueCheck();
  await h.settle();
  return result;
}

const callPings = (chat: number) => h.fake.messagesIn(chat).filter((m) => m.text?.includes('не перезвонили') || m.text?.includes('Клиенту не перезвонили'));
const returnCall = (iso: string, fields: Partial<Call> = {}) => call({ id: 'k2', dealId: 'd1', userId: 'm1', at: at(iso), ...client, ...fields });

describe('missed-call pings', () => {
  it('are sent 15 working minutes after the call, to the manager and the supervisor, once, with the number masked', async () => {
    expect(await tickAt('2026-11-23T10:55:00+03:00')).toMatchObject({ pinged: 0 });
    expect(await tickAt('2026-11-23T10:56:00+03:00')).toMatchObject({ pinged: 1 });
    const [toManager] = callPings(IPPOLIT.id);
    expect(toManager?.text).toContain('☎️ Клиенту не перезвонили: пропущенный звонок с номера •••45-67');
    expect(toManager?.text).toContain('Звонил 23.11, 10:40, ждёт ответа 16 мин');
    expect(toManager?.text).toContain('ООО «Ромашка» <опт>');
    const [toSupervisor] = callPings(SERGEY.id);
    expect(toSupervisor?.text).toContain('Ипполит: клиенту не перезвонили после пропущенного звонка с номера •••45-67');
    // The CRM was asked for the calls from the missed one on.
    expect(h.crm.callsAsked.at(-1)).toBe(missed.at);
    expect(await tickAt('2026-11-23T10:57:00+03:00')).toMatchObject({ pinged: 0 });
    expect(callPings(IPPOLIT.id)).toHaveLength(1);
    // No chat ever sees the number whole.
    for (const chat of [IPPOLIT.id, SERGEY.id, HEADS.id]) for (const m of h.fake.messagesIn(chat)) expect(m.text ?? '').not.toMatch(/916|123-45/);
  });

  it('a call returned in the CRM after the last sync is not pinged, and the snapshot learns the callback', async () => {
    h.crm.snapshot.calls = [missed, returnCall('2026-11-23T10:50:00+03:00')];
    expect(await tickAt('2026-11-23T10:56:00+03:00')).toMatchObject({ pinged: 0 });
    expect(callPings(IPPOLIT.id)).toHaveLength(0);
    expect(h.db.select().from(callsTable).where(and(eq(callsTable.accountId, 'main'), eq(callsTable.id, 'k2'))).get()).toMatchObject({ direction: 'out' });
  });

  it('a pinged call returned from another number of the contact is edited «☎️ Перезвонили» at the next check, without a sync', async () => {
    await tickAt('2026-11-23T10:56:00+03:00');
    const [ping] = callPings(IPPOLIT.id);
    const [copy] = callPings(SERGEY.id);
    h.crm.snapshot.calls = [missed, returnCall('2026-11-23T11:02:00+03:00', { ...phoneFields('+7 903 555-12-12') })];
    expect(await tickAt('2026-11-23T11:03:00+03:00')).toMatchObject({ closed: 1 });
    for (const [chat, message] of [[IPPOLIT.id, ping], [SERGEY.id, copy]] as const) {
      const edited = h.fake.messagesIn(chat).find((m) => m.messageId === message!.messageId);
      expect(edited?.text).toContain('☎️ Перезвонили 23.11, 11:02');
    }
    expect(h.db.select().from(pings).where(eq(pings.subject, 'missed_call')).get()).toMatchObject({ taskId: 'k1', outcome: 'returned', closedAt: at('2026-11-23T11:02:00+03:00') });
  });

  it('the ladder goes on while nobody calls back: the supervisor is told again two hours later', async () => {
    await tickAt('2026-11-23T10:56:00+03:00');
    // Syncs go on meanwhile (a snapshot over an hour old holds every ping).
    h.clock.set(new Date('2026-11-23T12:50:00+03:00'));
    await h.app.syncNow();
    expect(await tickAt('2026-11-23T12:55:00+03:00')).toMatchObject({ escalated: 0 });
    expect(await tickAt('2026-11-23T12:56:00+03:00')).toMatchObject({ escalated: 1 });
    expect(callPings(SERGEY.id).at(-1)?.text).toContain('🔺 Всё ещё не перезвонили, клиент ждёт 2 ч 16 мин. Ипполит: пропущенный звонок с номера •••45-67');
  });

  it('a CRM that cannot list calls holds the ping until it answers', async () => {
    const answers = h.crm.readCallsSince;
    h.crm.readCallsSince = async () => {
      throw new CrmError('amoCRM answered 503 Service Unavailable', 'amocrm');
    };
    expect(await tickAt('2026-11-23T10:56:00+03:00')).toMatchObject({ pinged: 0, held: 1 });
    expect(callPings(IPPOLIT.id)).toHaveLength(0);
    h.crm.readCallsSince = answers;
    expect(await tickAt('2026-11-23T10:57:00+03:00')).toMatchObject({ pinged: 1, held: 0 });
    expect(callPings(IPPOLIT.id)).toHaveLength(1);
  });

  it('a call missed outside working hours waits for the morning', async () => {
    const night = { ...missed, id: 'k9', at: at('2026-11-23T22:10:00+03:00') };
    h.crm.snapshot.calls = [missed, returnCall('2026-11-23T10:50:00+03:00'), night];
    h.clock.set(new Date('2026-11-23T22:15:00+03:00'));
    await h.app.syncNow();
    expect(await tickAt('2026-11-23T22:30:00+03:00')).toMatchObject({ pinged: 0 });
    h.clock.set(new Date('2026-11-24T09:05:00+03:00'));
    await h.app.syncNow();
    expect(await tickAt('2026-11-24T09:14:00+03:00')).toMatchObject({ pinged: 0 });
    expect(await tickAt('2026-11-24T09:16:00+03:00')).toMatchObject({ pinged: 1 });
  });
});
