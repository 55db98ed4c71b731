/**
 * Time as the whole project counts it: instants are UTC epoch milliseconds
 * (the account's timezone is applied only at the edges: working hours,
 * schedules, dates people read), durations are plain milliseconds.
 */

/** An instant, as UTC epoch milliseconds. */
export type EpochMs = number;

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;
