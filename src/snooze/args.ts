import type { EpochMs } from '../time';
import { parseExpiry, type Expiry, type ExpiryProblem } from './expiry';
import type { SnoozeReason, SnoozeScope } from './model';

/**
 * The typed form of a snooze: `/snooze сделка 123 2 недели ждём оплату`,
 * `/snooze задача 55 до 15.01 клиент в отпуске`, `/snooze deal 123 until
 * end of month season`. Pure: what was meant, or which part is wrong.
 */

/** A typed reason longer than this is cut short by the question, not stored. */
export const MAX_NOTE = 200;

export interface SnoozeRequest {
  scope: SnoozeScope;
  targetId: string;
  expiry: Expiry;
  reason: SnoozeReason;
  note: string | null;
}

export type SnoozeArgsProblem =
  | { problem: 'usage' }
  | { problem: 'bad-target'; value: string }
  | { problem: 'no-expiry' }
  | { problem: 'bad-expiry'; value: string; reason: ExpiryProblem }
  | { problem: 'no-reason' }
  | { problem: 'note-too-long' };

const SCOPES: Record<string, SnoozeScope> = { сделка: 'deal', сделку: 'deal', deal: 'deal', задача: 'task', задачу: 'task', task: 'task' };

/** Words of a preset reason, as people type them; anything else is a typed reason (`other`). */
const PRESETS: Record<string, Exclude<SnoozeReason, 'other'>> = {
  отпуск: 'away', 'в отпуске': 'away', 'клиент в отпуске': 'away', недоступен: 'away', 'клиент недоступен': 'away', 'клиент в отпуске/недоступен': 'away',
  vacation: 'away', away: 'away', 'client away': 'away', 'client on vacation': 'away', 'client away/unavailable': 'away', unavailable: 'away',
  оплата: 'payment', 'ждём оплату': 'payment', документы: 'payment', 'ждём документы': 'payment', 'ждём оплату/документы': 'payment',
  payment: 'payment', documents: 'payment', 'waiting for payment': 'payment', 'waiting for payment/documents': 'payment',
  сезонность: 'season', сезон: 'season', season: 'season', seasonality: 'season', seasonal: 'season',
};

/** A reason as typed: a preset when its words are one, else `other` with the words. */
export function readReason(text: string): { reason: SnoozeReason; note: string | null } {
  const words = text.trim().replace(/\s+/g, ' ');
  const preset = PRESETS[words.toLowerCase().replace(/ё/g, 'е').replace(/ждем/g, 'ждём')];
  return preset ? { reason: preset, note: null } : { reason: 'other', note: words };
}

/** Reads `/snooze` arguments typed at `at` in `timezone`. */
export function parseSnoozeArgs(text: string, at: EpochMs, timezone: string): SnoozeRequest | SnoozeArgsProblem {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return { problem: 'usage' };
  const [scopeWord = '', idWord, ...rest] = words;
  const scope = SCOPES[scopeWord.toLowerCase()];
  if (!scope || !idWord || !/^[\w-]{1,40}$/.test(idWord)) return { problem: 'bad-target', value: [scopeWord, idWord ?? ''].join(' ').trim() };
  if (rest.length === 0) return { problem: 'no-expiry' };
  // The longest beginning of the rest that is an expiry («до конца месяца» is three words); the remainder is the reason.
  let firstProblem: ExpiryProblem = 'unrecognized';
  for (let n = Math.min(5, rest.length); n >= 1; n--) {
    const result = parseExpiry(rest.slice(0, n).join(' '), at, timezone);
    if (result.ok) {
      const reasonText = rest.slice(n).join(' ');
      if (reasonText === '') return { problem: 'no-reason' };
      if (reasonText.length > MAX_NOTE) return { problem: 'note-too-long' };
      return { scope, targetId: idWord, expiry: result.expiry, ...readReason(reasonText) };
    }
    // A date that parses but lies in the past or too far says more than "not understood".
    if (result.problem !== 'unrecognized') firstProblem = result.problem;
  }
  return { problem: 'bad-expiry', value: rest.slice(0, 3).join(' '), reason: firstProblem };
}
