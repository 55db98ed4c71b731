import type { Call } from '../model';
import { phoneFields } from '../phone';
import { OWNER } from './mapping';
import type { ActivityWire, CallStatWire } from './wire';

/**
 * Bitrix24's calls → the neutral model. A call is seen from two sides:
 * telephony statistics (voximplant.statistic.get: every call through the
 * portal's telephony or an integration, with the client's number and how it
 * ended) and the CRM's call activities (crm.activity.list TYPE_ID 2: the
 * call on the card, and calls managers log by hand). Ids keep the prefix
 * each side always had (`vox-`, `act-`), so snapshots stay continuous.
 */

export const CALL_ACTIVITY = '2';
const INCOMING_ACTIVITY = '1';
export const ACTIVITY_CALL_PREFIX = 'act-';
export const TELEPHONY_CALL_PREFIX = 'vox-';

/**
 * CALL_TYPE → direction. 1 outgoing; 2 incoming; 3 incoming, redirected
 * to a manager's mobile or desk phone; 4 a callback the portal places to a
 * client who asked for one on the site — the portal dials, so outgoing (an
 * attempt to reach the client, never a missed call). 5, an informational
 * call, is a robot reading a message to a number (voximplant.infocall.*):
 * nobody spoke with the client, nobody has to call it back, and it is no
 * manager's attempt either — not a call of the sales process, so skipped.
 */
const TELEPHONY_DIRECTION: Readonly<Record<string, Call['direction']>> = { '1': 'out', '2': 'in', '3': 'in', '4': 'out' };

/**
 * CALL_FAILED_CODEs of an incoming call on which nobody answered the client:
 * - 304 missed: it rang and nobody picked up;
 * - 603 declined: a manager (or the line's rules) turned it down;
 * - 603-S cancelled: it ended before anyone answered (the client hung up
 *   while it rang or waited in the queue);
 * - 486 busy: whoever it went to was on another call;
 * - 480 temporarily unavailable: the manager's phone, or the mobile it was
 *   redirected to, could not be reached.
 * Left out: 200 (talked through) and the codes of a call the telephony could
 * not route — 404 invalid number, 484/503 direction unavailable, 402 no
 * funds, 423 blocked, 403 forbidden — which belong to dialling out (and an
 * outgoing call is never missed). An incoming call that fails so never
 * connects and has no length: the zero-length rule counts it as missed all
 * the same. The list is what counts a call as missed when the statistics
 * give it a length although nobody spoke (the time it rang or waited).
 */
export const NOT_ANSWERED_CODES: ReadonlySet<string> = new Set(['304', '603', '603-S', '486', '480']);

/** A telephony record as a call; null for an informational call (CALL_TYPE 5) or a type Bitrix24 does not document. */
export function telephonyToCall(record: CallStatWire): Call | null {
  const direction = TELEPHONY_DIRECTION[record.CALL_TYPE];
  if (direction === undefined) return null;
  const durationSec = Math.max(0, Math.round(record.CALL_DURATION ?? 0));
  const code = record.CALL_FAILED_CODE === null || record.CALL_FAILED_CODE === undefined ? null : String(record.CALL_FAILED_CODE).trim().toUpperCase();
  return {
    id: `${TELEPHONY_CALL_PREFIX}${record.ID}`,
    direction,
    missed: direction === 'in' && ((code !== null && NOT_ANSWERED_CODES.has(code)) || durationSec === 0),
    userId: record.PORTAL_USER_ID,
    ...telephonyBinding(record),
    ...phoneFields(record.PHONE_NUMBER),
    at: record.CALL_START_DATE,
    durationSec,
  };
}

/** What the statistics filed the call on. A lead is no deal, contact or company of the model: such a call is matched by its number. */
function telephonyBinding(record: CallStatWire): Pick<Call, 'dealId' | 'contactId' | 'companyId'> {
  const id = record.CRM_ENTITY_ID;
  const type = record.CRM_ENTITY_TYPE?.toUpperCase();
  return { dealId: type === 'DEAL' ? id : null, contactId: type === 'CONTACT' ? id : null, companyId: type === 'COMPANY' ? id : null };
}

/** The call activity a telephony record made (`act-…`), which is the same call: null when it made none. */
export const activityCallIdOf = (record: CallStatWire): string | null => (record.CRM_ACTIVITY_ID === null ? null : `${ACTIVITY_CALL_PREFIX}${record.CRM_ACTIVITY_ID}`);

/**
 * A call activity as a call, or null when it is none. An outgoing call
 * activity not completed is a call planned (a to-do on the card), not made
 * yet. An incoming one not completed is a missed call: the CRM closes an
 * answered call as it ends and leaves an unanswered one open, for someone to
 * call back. Its times are no measure of that: a hand-logged call's END_TIME
 * is whatever the form said. So once a manager closes that to-do (after
 * calling back) the activity reads as answered — one more reason the
 * telephony record, which keeps how the call ended, stands for the call
 * whenever there is one (see CallMerge).
 */
export function activityToCall(activity: ActivityWire): Call | null {
  if (activity.TYPE_ID !== CALL_ACTIVITY) return null;
  const incoming = activity.DIRECTION === INCOMING_ACTIVITY;
  if (!incoming && !activity.COMPLETED) return null;
  const start = activity.START_TIME ?? activity.CREATED;
  return {
    id: `${ACTIVITY_CALL_PREFIX}${activity.ID}`,
    direction: incoming ? 'in' : 'out',
    missed: incoming && !activity.COMPLETED,
    userId: activity.RESPONSIBLE_ID,
    ...activityBinding(activity),
    ...phoneFields(activityPhone(activity)),
    at: start,
    durationSec: activity.END_TIME !== null ? Math.max(0, Math.round((activity.END_TIME - start) / 1000)) : 0,
  };
}

/** The activity's owner (OWNER_TYPE_ID 2 deal, 3 contact, 4 company; 1 a lead, which is none of them). */
function activityBinding(activity: ActivityWire): Pick<Call, 'dealId' | 'contactId' | 'companyId'> {
  const on = (type: string) => (activity.OWNER_TYPE_ID === type ? activity.OWNER_ID : null);
  return { dealId: on(OWNER.deal), contactId: on(OWNER.contact), companyId: on(OWNER.company) };
}

/** The client's number: the call's first phone communication (selected with the list), or null. */
function activityPhone(activity: ActivityWire): string | null {
  const phone = (activity.COMMUNICATIONS ?? []).find((c) => c.TYPE?.toUpperCase() === 'PHONE' && c.VALUE);
  return phone?.VALUE ?? null;
}
