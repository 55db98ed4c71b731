import { fitsCallbackData } from '../telegram-html';
import type { SnoozeReason, SnoozeScope } from './model';

/**
 * The callback data of snooze buttons, under Telegram's 64 bytes. It names
 * what was pressed, never who may do it: the bot checks the presser itself.
 *
 *   zz:t:ID              «Отложить» under a task (`d` for a deal): pick a reason
 *   zz:t:ID:R            a reason picked (a, p, s, o): pick a time
 *   zz:t:ID:R:E          a time picked (d3, w1, w2, me): snooze
 *   zz:ok:N / zz:no:N    confirm / decline pending snooze N
 *   zz:x:N               cancel snooze N
 */

export const REASON_CODES: Record<string, SnoozeReason> = { a: 'away', p: 'payment', s: 'season', o: 'other' };
const CODE_OF: Record<SnoozeReason, string> = { away: 'a', payment: 'p', season: 's', other: 'o' };
/** The times a button offers, as parseExpiry reads them. */
export const EXPIRY_CODES: Record<string, string> = { d3: '3 дня', w1: '1 неделя', w2: '2 недели', me: 'до конца месяца' };

export type SnoozeCallback =
  | { kind: 'start'; scope: SnoozeScope; targetId: string }
  | { kind: 'reason'; scope: SnoozeScope; targetId: string; reason: SnoozeReason }
  | { kind: 'expiry'; scope: SnoozeScope; targetId: string; reason: SnoozeReason; expiry: string }
  | { kind: 'confirm' | 'decline' | 'cancel'; id: number };

export const SNOOZE_CALLBACK = /^zz:/;

const scopeCode = (scope: SnoozeScope) => (scope === 'deal' ? 'd' : 't');

/** The data of a button, or null when the target's id is too long for Telegram (no button then; the command still works). */
export function snoozeData(callback: SnoozeCallback): string | null {
  const data = dataOf(callback);
  return fitsCallbackData(data) ? data : null;
}

function dataOf(callback: SnoozeCallback): string {
  switch (callback.kind) {
    case 'confirm':
      return `zz:ok:${callback.id}`;
    case 'decline':
      return `zz:no:${callback.id}`;
    case 'cancel':
      return `zz:x:${callback.id}`;
    case 'start':
      return `zz:${scopeCode(callback.scope)}:${callback.targetId}`;
    case 'reason':
      return `zz:${scopeCode(callback.scope)}:${callback.targetId}:${CODE_OF[callback.reason]}`;
    case 'expiry':
      return `zz:${scopeCode(callback.scope)}:${callback.targetId}:${CODE_OF[callback.reason]}:${callback.expiry}`;
  }
}

/** What a pressed button asks; null for data this bot never made. */
export function readSnoozeData(data: string): SnoozeCallback | null {
  const decision = /^zz:(ok|no|x):(\d{1,12})$/.exec(data);
  if (decision) return { kind: decision[1] === 'ok' ? 'confirm' : decision[1] === 'no' ? 'decline' : 'cancel', id: Number(decision[2]) };
  const m = /^zz:([dt]):([\w-]{1,40})(?::([apso]))?(?::(d3|w1|w2|me))?$/.exec(data);
  if (!m) return null;
  const scope: SnoozeScope = m[1] === 'd' ? 'deal' : 'task';
  const targetId = m[2]!;
  if (m[3] === undefined) return m[4] === undefined ? { kind: 'start', scope, targetId } : null;
  const reason = REASON_CODES[m[3]]!;
  return m[4] === undefined ? { kind: 'reason', scope, targetId, reason } : { kind: 'expiry', scope, targetId, reason, expiry: m[4] };
}
