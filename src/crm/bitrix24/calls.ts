import type { Call, EpochMs } from '../model';
import type { BitrixClient } from './client';
import { ACTIVITY_CALL_PREFIX, activityCallIdOf, activityToCall, CALL_ACTIVITY, telephonyToCall } from './call-mapping';
import { isoWithOffset, PAGE, walkLists, type CursorList, type SkippedList } from './lists';
import { activityWire, callStatWire, parseRows, type CallStatWire } from './wire';

export const TELEPHONY_METHOD = 'voximplant.statistic.get';
const ACTIVITY_METHOD = 'crm.activity.list';

/** What the bot reads of an activity; COMMUNICATIONS (the client's number) comes only when asked for by name. */
export const ACTIVITY_FIELDS = ['ID', 'OWNER_TYPE_ID', 'OWNER_ID', 'TYPE_ID', 'SUBJECT', 'CREATED', 'START_TIME', 'END_TIME', 'DEADLINE', 'COMPLETED', 'RESPONSIBLE_ID', 'DIRECTION', 'LAST_UPDATED'];
export const ACTIVITY_FIELDS_WITH_PHONE = [...ACTIVITY_FIELDS, 'COMMUNICATIONS'];

/**
 * A statistics row is written when its call ends, under the time it began:
 * a call going on while the last sync ran is read by a later one only if its
 * window reaches back to the call's start. An hour covers all but the
 * longest calls (a missed call lasts a minute); rows read again are upserted
 * as they were.
 */
export const TELEPHONY_LOOKBACK_MS = 3_600_000;

/** Telephony statistics filtered so, walked by ID. Optional: a webhook without the telephony scope syncs without it. */
export function telephonyList(filter: Record<string, unknown>): CursorList {
  return { method: TELEPHONY_METHOD, params: { FILTER: filter }, style: 'sort', optional: true };
}

/**
 * A telephony record and the call activity it made (its CRM_ACTIVITY_ID)
 * are one call seen from both sides. The record stands for it: it has the
 * client's number and how the call ended, where the activity has at most a
 * phone communication and a completion flag a manager may set later. The
 * activity's call (`act-<id>`) is dropped; the activity itself stays a task.
 *
 * The lists are walked side by side, so a record may come after its
 * activity, and a full sync's staged snapshot cannot take a row back:
 * activity calls are held until the telephony list has been read, then
 * handed on without the ones claimed (in memory meanwhile: on a large
 * portal, the call activities walked before telephony ends — calls only,
 * a few hundred bytes each). A read of a window (an incremental
 * sync, a live read) also asks telephony about the activity calls handed on
 * unclaimed (`unclaimed`): their record may lie before the window.
 */
export class CallMerge {
  private readonly claimed = new Set<string>();
  private readonly handedOn = new Set<string>();
  private held: Call[] | null = [];

  /** Records as calls, noting the activity calls they claim; `claims` are this page's, for a sync that must delete such calls stored before. */
  telephony(records: readonly CallStatWire[]): { calls: Call[]; claims: string[] } {
    const claims = records.flatMap((r) => activityCallIdOf(r) ?? []);
    for (const id of claims) this.claimed.add(id);
    return { calls: records.flatMap((r) => telephonyToCall(r) ?? []), claims };
  }

  /** Activity calls to hand on now: none while the telephony list is still being read. */
  activities(calls: readonly Call[]): Call[] {
    if (this.held !== null) {
      this.held.push(...calls);
      return [];
    }
    return this.handOn(calls);
  }

  /** The telephony list is read (or refused): the held calls that no record claimed. */
  telephonyRead(): Call[] {
    const held = this.held ?? [];
    this.held = null;
    return this.handOn(held);
  }

  isClaimed = (callId: string): boolean => this.claimed.has(callId);

  /** Activity calls handed on that no record read so far claims. */
  unclaimed(): string[] {
    return [...this.handedOn].filter((id) => !this.claimed.has(id));
  }

  private handOn(calls: readonly Call[]): Call[] {
    const kept = calls.filter((c) => !this.claimed.has(c.id));
    for (const call of kept) this.handedOn.add(call.id);
    return kept;
  }
}

/**
 * The telephony records made by these call activities (`act-…` ids), by
 * CRM_ACTIVITY_ID, 50 ids a command and up to 50 commands a request (each
 * walked by ID, in case an activity has more records than one). No ids, no
 * request; a portal refusing telephony answers none. CRM_ACTIVITY_ID is
 * among the method's documented filter fields and the docs filter `ID` by a
 * list; that a list works for CRM_ACTIVITY_ID alike is inferred (as for
 * every field of the ORM filter behind it), not seen on a portal.
 */
export async function* telephonyOfActivities(client: BitrixClient, activityCallIds: readonly string[], signal?: AbortSignal): AsyncGenerator<CallStatWire[]> {
  const ids = activityCallIds.map((id) => id.slice(ACTIVITY_CALL_PREFIX.length));
  if (ids.length === 0) return;
  const lists: Record<string, CursorList> = {};
  for (let i = 0; i < ids.length; i += PAGE) lists[`byActivity${i / PAGE}`] = telephonyList({ CRM_ACTIVITY_ID: ids.slice(i, i + PAGE) });
  for await (const { rows } of walkLists(client, lists, () => {}, signal)) {
    if (rows.length > 0) yield parseRows(callStatWire, rows, TELEPHONY_METHOD);
  }
}

/**
 * Every call the portal has from `since` on, mapped and merged as a sync
 * does, oldest first: telephony records with CALL_START_DATE ≥ since and
 * call activities with START_TIME ≥ since, walked by ID side by side in
 * `batch` requests — one request while each list has fewer than 50 rows in
 * the window, one more per 2 500 rows beyond — then, only when activity calls
 * were left that no record in the window claims (calls logged by hand, or a
 * record begun just before `since`), one request asking telephony about
 * them (CallMerge). A portal that refuses telephony (`onSkipped`) answers
 * with its call activities, as its sync does. Fails with BitrixApiError (a
 * CrmError) when the portal cannot answer; `signal` gives the read up.
 */
export async function readCallsSince(client: BitrixClient, since: EpochMs, options: { signal?: AbortSignal | undefined; onSkipped: (skipped: SkippedList) => void }): Promise<Call[]> {
  const { signal } = options;
  const from = isoWithOffset(since);
  const lists = {
    telephony: telephonyList({ '>=CALL_START_DATE': from }),
    activities: { method: ACTIVITY_METHOD, params: { select: ACTIVITY_FIELDS_WITH_PHONE, filter: { TYPE_ID: CALL_ACTIVITY, '>=START_TIME': from } } },
  };
  let telephonyAllowed = true;
  const onSkipped = (skipped: SkippedList) => {
    telephonyAllowed = false;
    options.onSkipped(skipped);
  };
  const merge = new CallMerge();
  const calls = new Map<string, Call>();
  const add = (found: readonly Call[]) => found.forEach((call) => calls.set(call.id, call));
  for await (const { list, rows } of walkLists(client, lists, onSkipped, signal)) {
    // Everything is gathered before it is answered: the merge needs no holding back here.
    if (list === 'telephony') add(merge.telephony(parseRows(callStatWire, rows, TELEPHONY_METHOD)).calls);
    else add(merge.activities(parseRows(activityWire, rows, ACTIVITY_METHOD).flatMap((a) => activityToCall(a) ?? [])));
  }
  add(merge.telephonyRead());
  if (telephonyAllowed) {
    for await (const records of telephonyOfActivities(client, merge.unclaimed(), signal)) add(merge.telephony(records).calls);
  }
  return [...calls.values()].filter((call) => call.at >= since && !merge.isClaimed(call.id)).sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}
