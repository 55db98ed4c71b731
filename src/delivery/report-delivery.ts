import type { EpochMs } from '../time';
import type { DatabaseHandle } from '../db/client';
import { enqueueAlbum, enqueueText } from './outbox';

/** A report as delivery sees it: charts for one album, then texts, each a Telegram message. */
export interface ReportMessages {
  charts: readonly { name: string; png: Buffer; caption: string }[];
  messages: readonly string[];
}

/**
 * Queues a weekly report for a chat: the charts as one album first, then the
 * text parts, all in one transaction and under one dedupe key prefix, so the
 * same report is never queued twice for the same chat (e.g. a scheduled
 * report re-run after a restart). Returns false when it was queued before.
 */
export function enqueueReport(
  handle: DatabaseHandle,
  target: { accountId: string; chatId: string; dedupeKey: string },
  report: ReportMessages,
  at: EpochMs,
): boolean {
  return handle.sqlite
    .transaction(() => {
      const key = (part: string) => `${target.dedupeKey}:${target.chatId}:${part}`;
      const base = { accountId: target.accountId, chatId: target.chatId };
      const photos = report.charts.map((c) => ({ name: `${c.name}.png`, png: c.png, caption: c.caption }));
      const album = photos.length > 0 ? enqueueAlbum(handle.db, { ...base, dedupeKey: key('charts'), photos }, at) : null;
      const texts = report.messages.map((html, i) => enqueueText(handle.db, { ...base, dedupeKey: key(`text-${i + 1}`), html }, at));
      return album !== null || texts.some((id) => id !== null);
    })
    .immediate();
}
