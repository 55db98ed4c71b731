import { describe, expect, it } from 'vitest';
import { isoWeekStart } from '../../src/crm/demo/calendar';
import { customerFor, dialledNumber } from '../../src/crm/demo/customers';
import { generateDemoAccount } from '../../src/crm/demo/generator';
import { Random } from '../../src/crm/demo/random';
import type { Call, Deal } from '../../src/crm/model';
import { phoneFields } from '../../src/crm/phone';

/**
 * The demo's calls carry the client's number and contact as a CRM files
 * them, and its missed calls are returned in time, late or never, so the
 * missed-call rule has something to find. The returns are judged here the
 * way the rule judges them — the first outgoing call or answered call with
 * the same number, contact or deal — on a working clock of the test's own
 * (Monday to Friday, 09:00–18:00 Moscow), not the generator's.
 */
const ANCHOR = isoWeekStart(Date.parse('2026-12-02T12:00:00+03:00'));
const timeline = generateDemoAccount({ seed: 42, anchor: ANCHOR });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NORM = 15 * MINUTE;

/** Working milliseconds between two instants, minute by minute: Mon–Fri 09:00–18:00 at UTC+3. */
function workingTimeBetween(from: number, to: number): number {
  let worked = 0;
  for (let t = from; t < to; t += MINUTE) {
    const moscow = new Date(t + 3 * HOUR);
    const weekday = moscow.getUTCDay();
    const hour = moscow.getUTCHours();
    if (weekday >= 1 && weekday <= 5 && hour >= 9 && hour < 18) worked += Math.min(MINUTE, to - t);
  }
  return worked;
}

const dealById = new Map(timeline.deals.map((d) => [d.id, d]));
const contactOwner = new Map<string, Deal>();
for (const deal of timeline.deals) for (const id of deal.contactIds) contactOwner.set(id, deal);

/** The deal a call is about: its own, or the deal of the contact card it is filed on. */
function dealOf(call: Call): string {
  if (call.dealId !== null) return call.dealId;
  const deal = contactOwner.get(call.contactId ?? '');
  if (!deal) throw new Error(`call ${call.id} is on contact ${call.contactId}, which no deal has`);
  return deal.id;
}

/** Who a call was with: its number, its contact (its own or its deal's) and its deal. */
function clientKeys(call: Call): string[] {
  const keys: string[] = [];
  if (call.phoneKey !== null) keys.push(`phone:${call.phoneKey}`);
  if (call.contactId !== null) keys.push(`contact:${call.contactId}`);
  if (call.dealId !== null) {
    keys.push(`deal:${call.dealId}`);
    for (const id of dealById.get(call.dealId)?.contactIds ?? []) keys.push(`contact:${id}`);
  }
  return keys;
}

const isContact = (call: Call) => call.direction === 'out' || !call.missed;
const contactCallsByKey = new Map<string, Call[]>();
for (const call of timeline.calls.filter(isContact)) {
  for (const key of new Set(clientKeys(call))) contactCallsByKey.set(key, [...(contactCallsByKey.get(key) ?? []), call]);
}

/** The call that returned a missed call: the first contact with the same client at or after it. */
function returnOf(missed: Call): Call | null {
  let first: Call | null = null;
  for (const key of clientKeys(missed)) {
    for (const call of contactCallsByKey.get(key) ?? []) if (call.at >= missed.at && (!first || call.at < first.at)) first = call;
  }
  return first;
}

const missedCalls = timeline.calls.filter((c) => c.missed);
const judged = missedCalls.map((call) => {
  const returned = returnOf(call);
  const waited = returned ? workingTimeBetween(call.at, returned.at) : null;
  const kind = waited === null ? 'never' : waited <= NORM ? 'in time' : 'late';
  return { call, returned, waited, kind };
});
const ofKind = (kind: string) => judged.filter((j) => j.kind === kind);

describe('the demo\'s missed calls', () => {
  it('are incoming calls, some 200–400 over the 18 weeks (282 for seed 42)', () => {
    expect(missedCalls.every((c) => c.direction === 'in' && c.durationSec === 0)).toBe(true);
    expect(missedCalls.length).toBeGreaterThanOrEqual(200);
    expect(missedCalls.length).toBeLessThanOrEqual(400);
  });

  it('are mostly returned within 15 working minutes, a fair share late, and some never', () => {
    const share = (kind: string) => ofKind(kind).length / judged.length;
    expect(share('in time')).toBeGreaterThan(0.5);
    expect(share('late')).toBeGreaterThan(0.15);
    expect(share('late')).toBeLessThan(0.35);
    expect(share('never')).toBeGreaterThan(0.1);
    expect(share('never')).toBeLessThan(0.25);
  });

  it('returned late: many by a call-back 20 minutes to a few working hours after, the rest by a call made days later', () => {
    const waits = ofKind('late').map((j) => j.waited!);
    const callBacks = waits.filter((w) => w >= 20 * MINUTE && w <= 5 * HOUR);
    expect(callBacks.length).toBeGreaterThan(waits.length / 3);
    expect(waits.some((w) => w > 9 * HOUR)).toBe(true);
  });

  it('never returned: nobody called the client after, and the client never got through', () => {
    for (const { call } of ofKind('never')) {
      const later = timeline.calls.filter((c) => c.phoneKey === call.phoneKey && c.at >= call.at);
      expect(later.every((c) => c.direction === 'in' && c.missed)).toBe(true);
    }
  });

  it('are returned now and then by a call on the contact card, or by the client getting through', () => {
    const returns = judged.flatMap((j) => (j.returned ? [j.returned] : []));
    expect(returns.filter((c) => c.dealId === null && c.contactId !== null).length).toBeGreaterThan(0);
    expect(returns.filter((c) => c.direction === 'in' && !c.missed).length).toBeGreaterThan(0);
  });

  it('keep the same ids and returns in the next week\'s timeline', () => {
    const next = generateDemoAccount({ seed: 42, anchor: ANCHOR + 7 * 24 * HOUR });
    const nextById = new Map(next.calls.map((c) => [c.id, c]));
    const start = next.anchor - 126 * 24 * HOUR;
    const shared = judged.filter((j) => dealById.get(dealOf(j.call))!.createdAt >= start && (j.returned?.at ?? 0) <= ANCHOR + 7 * 24 * HOUR);
    expect(shared.length).toBeGreaterThan(200);
    for (const { call, returned } of shared) {
      expect(nextById.get(call.id)).toEqual(call);
      if (returned) expect(nextById.get(returned.id)).toEqual(returned);
    }
  });
});

describe('the demo\'s numbers and contacts', () => {
  it('every deal has one contact of its own; wholesale lots have a company, shared by the station\'s deals', () => {
    expect(timeline.deals.every((d) => d.contactIds.length === 1)).toBe(true);
    expect(contactOwner.size).toBe(timeline.deals.length);
    const wholesale = timeline.deals.filter((d) => d.name.startsWith('Опт:'));
    expect(wholesale.length).toBeGreaterThan(0);
    expect(wholesale.every((d) => d.companyId !== null)).toBe(true);
    expect(timeline.deals.filter((d) => !d.name.startsWith('Опт:')).every((d) => d.companyId === null)).toBe(true);
    expect(new Set(wholesale.map((d) => d.companyId)).size).toBe(8);
  });

  it('a call is filed on its deal or, about one in seven, on the customer\'s contact card, never on both', () => {
    const onCard = timeline.calls.filter((c) => c.dealId === null);
    expect(timeline.calls.every((c) => (c.dealId === null) !== (c.contactId === null) && c.companyId === null)).toBe(true);
    expect(onCard.every((c) => contactOwner.has(c.contactId!))).toBe(true);
    expect(onCard.length / timeline.calls.length).toBeGreaterThan(0.1);
    expect(onCard.length / timeline.calls.length).toBeLessThan(0.2);
  });

  it('every call carries its customer\'s number: one key per deal, the number in the deal\'s name where it has one', () => {
    const keyOfDeal = new Map<string, string>();
    for (const call of timeline.calls) {
      const dealId = dealOf(call);
      expect(call.phoneKey).not.toBeNull();
      expect(call.phoneTail).toMatch(/^\d{4}$/);
      const known = keyOfDeal.get(dealId);
      if (known === undefined) keyOfDeal.set(dealId, call.phoneKey!);
      else expect(call.phoneKey).toBe(known);
    }
    const named = timeline.deals.flatMap((d) => {
      const phone = /, ([+\d][\d ()+-]{9,})$/.exec(d.name)?.[1];
      return phone && keyOfDeal.has(d.id) ? [[d, phone] as const] : [];
    });
    expect(named.length).toBeGreaterThan(100);
    for (const [deal, phone] of named) expect(keyOfDeal.get(deal.id)).toBe(phoneFields(phone).phoneKey);
    // Customers are told apart by their numbers.
    expect(new Set(keyOfDeal.values()).size).toBeGreaterThan(keyOfDeal.size * 0.99);
  });

  it('the telephony writes a customer\'s number its several ways, all one number to the bot', () => {
    const { customer } = customerFor('retail', 205_490_001, null, new Random(1));
    const rng = new Random(2);
    const written = Array.from({ length: 40 }, () => dialledNumber(customer, rng));
    expect(new Set(written).size).toBeGreaterThan(3);
    expect(new Set(written.map((raw) => phoneFields(raw).phoneKey))).toEqual(new Set([phoneFields(customer.phone).phoneKey]));
  });
});

describe('the demo account', () => {
  it('comes out the same for the same seed, calls and contacts included, and otherwise for another', () => {
    const again = () => generateDemoAccount({ seed: 42, anchor: ANCHOR, scale: 0.2 });
    const first = again();
    expect(again()).toEqual(first);
    const other = generateDemoAccount({ seed: 43, anchor: ANCHOR, scale: 0.2 });
    expect(other.calls.map((c) => c.phoneKey)).not.toEqual(first.calls.map((c) => c.phoneKey));
  });
});
