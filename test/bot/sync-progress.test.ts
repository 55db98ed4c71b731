import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENTITY_NAMES, type SnapshotChunk } from '../../src/crm/model';
import { syncRuns } from '../../src/db/schema';
import { FixedClock } from '../../src/clock';
import { throttledEdits } from '../../src/bot/features/operations';
import { BOT_SNAPSHOT, NOW } from '../support/bot-fixture';
import { ADMIN, startBotHarness, type BotHarness } from '../support/bot-harness';
import type { SentMessage } from '../support/fake-telegram/server';

/** Each page of the CRM takes this long on the bot's clock. */
const PAGE_MS = 2_000;
const EDIT_EVERY_MS = 5_000;
const PROGRESS = /^⏳ Синхронизирую CRM \(demo\): читаю [а-яё ]+\.\nПрочитано записей: \d+ \(в среднем \d+ в секунду\), запросов к CRM: \d+\.( Осталось около \d+ мин\.| Осталось меньше минуты\.| Почти готово\.)?$/;
const SUMMARY = /^Синхронизация прошла за \d+ с: /;

let h: BotHarness;
beforeEach(async () => {
  h = await startBotHarness({ snapshot: BOT_SNAPSHOT, now: NOW });
});
afterEach(() => h.stop());

/** Texts the message has shown after its first, in order. */
const editsOf = (message: SentMessage) => message.edits.map((e) => e.text);

/**
 * The fixture CRM read one row per page, each page PAGE_MS later on the
 * clock, the first held until the test opens the gate (it has the /sync
 * message by then). After each page it waits (on the fake Telegram, no
 * timers) for the progress edit the /sync message must get by then: one
 * whenever 5 s have passed since the last — so a missing edit times out, and
 * an extra one shows in the list of edits.
 */
function pacedCrm(options: { waitForEdits?: boolean } = {}) {
  const pages: SnapshotChunk[] = ENTITY_NAMES.flatMap((entity) => h.crm.snapshot[entity].map((row) => ({ entity, rows: [structuredClone(row)] }) as SnapshotChunk));
  let open!: (status: SentMessage) => void;
  const gate = new Promise<SentMessage>((resolve) => (open = resolve));
  let editsDue = 0;
  h.crm.fetchFull = async function* () {
    const status = await gate;
    // Answered: applied to the message, or refused (an error is set before the answer goes back).
    const editsAnswered = () => status.edits.length + h.fake.callsOf('editMessageText').filter((c) => Number(c.params.message_id) === status.messageId && c.outcome === 'error').length;
    let lastEditAt = h.clock.now().getTime();
    for (const page of pages) {
      h.clock.advance(PAGE_MS);
      yield page;
      // Back here, the page's progress has been told (the sync asks for the next page only after).
      if (options.waitForEdits === false || h.clock.now().getTime() - lastEditAt < EDIT_EVERY_MS) continue;
      lastEditAt = h.clock.now().getTime();
      editsDue += 1;
      await h.fake.waitFor(() => editsAnswered() >= editsDue);
    }
  };
  return { pages: pages.length, editsDue: () => editsDue, open };
}

/** The admin sends /sync; resolves with its status message once the sync has been asked for («typing» is shown after that). */
async function sendSync(): Promise<SentMessage> {
  const before = h.fake.messagesIn(ADMIN.id).length;
  const actionsBefore = h.fake.chatActions.length;
  h.fake.userSends(ADMIN, { id: ADMIN.id, type: 'private' }, '/sync');
  const status = await h.fake.waitFor(() => h.fake.messagesIn(ADMIN.id)[before]);
  await h.fake.waitFor(() => h.fake.chatActions.slice(actionsBefore).some((a) => a.chatId === ADMIN.id));
  return status;
}

/** Waits for the summary edit and for the bot to go quiet. */
async function summaryOf(status: SentMessage): Promise<void> {
  await h.fake.waitFor(() => status.edits.some((e) => SUMMARY.test(e.text ?? '')));
  await h.settle();
}

describe('/sync shows the sync’s progress in its status message', () => {
  it('edited at most every 5 s of the clock with the progress, never the same text twice; the summary is the last edit', async () => {
    const crm = pacedCrm();
    const status = await sendSync();
    crm.open(status);
    await summaryOf(status);

    const edits = editsOf(status);
    // A row a page, 2 s a page: an edit every third page (6 s), then the summary.
    expect(crm.editsDue()).toBe(Math.floor(crm.pages / 3));
    expect(edits).toHaveLength(crm.editsDue() + 1);
    for (const text of edits.slice(0, -1)) expect(text).toMatch(PROGRESS);
    expect(edits.at(-1)).toMatch(SUMMARY);
    expect(new Set(edits).size).toBe(edits.length);
    expect(h.fake.callsOf('editMessageText').every((c) => c.outcome === 'ok')).toBe(true);
    // The harness's start-up sync read the same rows: the time left is reckoned from it.
    expect(edits[0]).toMatch(/Осталось (около \d+ мин|меньше минуты)\.$/);
    expect(edits.at(-2)).toMatch(/(Осталось меньше минуты|Почти готово)\.$/);
    // The rows read grow edit after edit.
    const rows = edits.slice(0, -1).map((t) => Number(/Прочитано записей: (\d+) /.exec(t ?? '')![1]));
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(rows[0]).toBe(3);
  });

  it('a /sync that joins a sync already running gets that sync’s progress too, and its summary last', async () => {
    const crm = pacedCrm();
    // A scheduled sync is running (its first page held) when the admin asks for one.
    const running = h.app.syncNow();
    const status = await sendSync();
    crm.open(status);
    const outcome = await running;
    await summaryOf(status);

    const edits = editsOf(status);
    expect(crm.editsDue()).toBeGreaterThanOrEqual(2);
    expect(edits).toHaveLength(crm.editsDue() + 1);
    for (const text of edits.slice(0, -1)) expect(text).toMatch(PROGRESS);
    expect(edits.at(-1)).toMatch(SUMMARY);
    // One sync, not two: the /sync was answered with the running one's result.
    expect(outcome.run.finishedAt! - outcome.run.startedAt).toBe(crm.pages * PAGE_MS);
    expect(edits.at(-1)).toContain(`за ${(crm.pages * PAGE_MS) / 1000} с`);
  });

  it('a progress edit Telegram refuses is logged and the sync goes on; the summary still comes', async () => {
    const crm = pacedCrm();
    h.fake.failNext('editMessageText', { code: 400, description: 'Bad Request: message can not be edited' });
    const status = await sendSync();
    crm.open(status);
    await summaryOf(status);
    const calls = h.fake.callsOf('editMessageText');
    expect(calls[0]).toMatchObject({ outcome: 'error', errorCode: 400 });
    // The edits after it went through: the first refused one is simply missing.
    expect(calls).toHaveLength(crm.editsDue() + 1);
    expect(editsOf(status)).toHaveLength(crm.editsDue());
    expect(editsOf(status).at(-1)).toMatch(SUMMARY);
  });

  it('a progress edit still on its way when the sync ends: the summary waits for it and comes last', async () => {
    const crm = pacedCrm({ waitForEdits: false });
    const held = h.fake.holdNext('editMessageText');
    const runsBefore = h.db.select().from(syncRuns).all().length;
    const status = await sendSync();
    crm.open(status);
    await held.arrived;
    // The sync ends while Telegram has not answered the progress edit.
    await h.fake.waitFor(() => h.db.select().from(syncRuns).all().length > runsBefore && h.db.select().from(syncRuns).all().every((r) => r.status === 'ok'));
    held.release();
    await summaryOf(status);
    const texts = editsOf(status);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(PROGRESS);
    expect(status.text).toMatch(SUMMARY);
  });
});

describe('throttledEdits: when the /sync message is edited', () => {
  /** Edits the test answers by hand: each is recorded at its instant and waits until resolved or rejected. */
  function handEdits(startedText = 'Синхронизирую CRM (demo)…') {
    const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
    const edits: { text: string; atSecond: number; answer(): void; refuse(): void }[] = [];
    const failures: unknown[] = [];
    const t0 = clock.now().getTime();
    const throttle = throttledEdits({
      clock,
      shown: startedText,
      edit: (text) =>
        new Promise<void>((resolve, reject) => {
          edits.push({ text, atSecond: (clock.now().getTime() - t0) / 1000, answer: resolve, refuse: () => reject(new Error('400: message can not be edited')) });
        }),
      failed: (error) => failures.push(error),
    });
    /** A page at `second` after the start whose progress reads `text`. */
    const page = (second: number, text: string) => {
      clock.set(new Date(t0 + second * 1000));
      throttle.show(() => text);
    };
    return { throttle, edits, failures, page };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('at most every 5 s, from the start message on; not while an edit is in flight; never the same text', async () => {
    const { edits, page } = handEdits();
    page(1, 'a');
    page(4.999, 'b');
    expect(edits).toEqual([]);
    page(5, 'c');
    expect(edits.map((e) => [e.atSecond, e.text])).toEqual([[5, 'c']]);
    // Telegram has not answered yet: a page 6 s later waits for the next one.
    page(11, 'd');
    expect(edits).toHaveLength(1);
    edits[0]!.answer();
    await settle();
    page(12, 'e');
    expect(edits.map((e) => e.text)).toEqual(['c', 'e']);
    edits[1]!.answer();
    await settle();
    // 5 s on, the text has not changed: no edit (Telegram would answer 400), and the next changed one goes at once.
    page(17, 'e');
    page(18, 'f');
    expect(edits.map((e) => [e.atSecond, e.text])).toEqual([
      [5, 'c'],
      [12, 'e'],
      [18, 'f'],
    ]);
  });

  it('the start message’s own text is not edited in again', () => {
    const { edits, page } = handEdits('same');
    page(10, 'same');
    expect(edits).toEqual([]);
  });

  it('finish waits for the edit in flight, then edits the summary — last; later pages change nothing', async () => {
    const { throttle, edits, page } = handEdits();
    page(5, 'progress');
    const finished = throttle.finish('summary');
    await settle();
    expect(edits.map((e) => e.text)).toEqual(['progress']);
    page(20, 'too late');
    edits[0]!.answer();
    await settle();
    expect(edits.map((e) => e.text)).toEqual(['progress', 'summary']);
    edits[1]!.answer();
    await finished;
  });

  it('a refused progress edit is reported and does not stop the next ones nor the summary', async () => {
    const { throttle, edits, failures, page } = handEdits();
    page(5, 'one');
    edits[0]!.refuse();
    await settle();
    expect(failures).toHaveLength(1);
    page(10, 'two');
    expect(edits.map((e) => e.text)).toEqual(['one', 'two']);
    edits[1]!.answer();
    await settle();
    const finished = throttle.finish('summary');
    await settle();
    edits[2]!.answer();
    await finished;
    expect(edits.map((e) => e.text)).toEqual(['one', 'two', 'summary']);
  });
});
