import { addDays, isoDate } from '../calendar/local-date';
import { activityQuestions, WEEKS_BACK } from '../control/activity';
import { eveningContent, eveningMessage } from '../control/evening-check';
import type { DealRef } from '../control/labels';
import { morningContent, morningMessage } from '../control/morning-digest';
import { eveningOccasions, localInstant, morningOccasions, type EveningOccasion, type MorningOccasion, type Span } from '../control/when';
import { readSnapshotRowsWhere } from '../db/snapshot-rows';
import { FILES_CHAT } from '../delivery/file-sender';
import { enqueueText } from '../delivery/outbox';
import { translator, type Locale } from '../i18n';
import { loadNorms } from '../norms/store';
import type { Norms, RuleName } from '../norms/schema';
import { listPeople, type Person } from '../people/directory';
import type { PrivacyMode, TextForm } from '../privacy/policy';
import { textFormFor } from '../privacy/reader';
import { evaluateRule } from '../rules';
import type { SnapshotIndex } from '../rules/snapshot-index';
import type { Finding } from '../rules/types';
import { accountSchedule, scheduleOf, type AccountHours, type WorkTime } from '../schedules/work-time';
import { boundChat } from '../settings/bound-chats';
import { loadDailyControl, setDecidedUpTo } from '../settings/daily-control';
import { afterQuietHours, parseQuietHours, type QuietHours } from '../settings/quiet-hours';
import { loadSettings } from '../settings/store';
import type { InlineButtons } from '../telegram-html';
import { HOUR, MINUTE, type EpochMs } from '../time';
import { dataFreshness, readSnapshot } from './account-snapshot';
import type { PingContext } from './context';
import { snoozesInForce } from './snooze';
import { accountWorkTime } from './work-time';

/**
 * The daily control, every minute: each linked manager's morning digest at
 * the start of their working day (src/control/morning-digest.ts) and the
 * evening check in the report chat (src/control/evening-check.ts), both
 * switched and timed with /digest.
 *
 * A tick decides the occasions that fell due since the previous one — the
 * bookkeeping `decidedUpTo`, written in the transaction that queues their
 * messages — so a restart neither repeats an occasion nor loses one. After
 * downtime occasions are caught up for CATCH_UP_MS at most: a digest three
 * hours late is no longer a morning digest. Each message carries a dedupe
 * key of its occasion (`digest:morning:<crmUserId>:<date>`,
 * `digest:evening:<date>`) as a second guard: one digest per person and
 * date, one check per date, whatever happens to the bookkeeping.
 *
 * Both are summaries of the snapshot, which syncs keep within SYNC_SCHEDULE
 * of the CRM. When syncs fail and the data is older than the freshness
 * limit (dataFreshness), the message still goes at its time and says how
 * old its data is: a plan on yesterday's data, said so, beats no plan.
 * Before the first sync nothing is said.
 */

/** How late an occasion missed while the bot was down is still sent. */
export const CATCH_UP_MS = 2 * HOUR;

/** The rules the daily control reads: the three a manager can act on today. */
const CONTROL_RULES: readonly RuleName[] = ['task_overdue', 'missed_call_not_returned', 'deal_without_task'];

export interface DailyControlResult {
  /** Morning digests queued. */
  digests: number;
  /** Evening checks queued. */
  evenings: number;
  /** Occasions that sent nothing: nothing to say, no snapshot yet, or already queued (its dedupe key). */
  quiet: number;
}

const NOTHING: DailyControlResult = { digests: 0, evenings: 0, quiet: 0 };

export function runDailyControl(ctx: PingContext, at: EpochMs): DailyControlResult {
  const { config, handle } = ctx;
  const accountId = config.ACCOUNT_ID;
  const settings = loadDailyControl(handle.db, accountId);
  // The very first tick looks at its own minute only: switching the feature on mid-morning sends no late digests.
  const span: Span = { after: Math.max(settings.decidedUpTo ?? at - MINUTE, at - CATCH_UP_MS), until: at };
  if (span.after >= span.until) return NOTHING;
  const norms = loadNorms(handle.db, accountId, config.TIMEZONE);
  const work = accountWorkTime(handle.db, accountId);
  const hours: AccountHours = { ...norms.workingHours, timezone: norms.timezone };
  const people = listPeople(handle.db, accountId);
  const readers = settings.morning ? people.filter(reachable) : [];
  const mornings = morningOccasions(
    readers.map((p) => ({ personId: p.crmUserId, schedule: scheduleOf(work, hours, p.crmUserId) })),
    span,
  );
  const chat = settings.evening ? reportChat(ctx) : null;
  const evenings = chat ? eveningOccasions(accountSchedule(hours, work.calendar), settings.eveningAt, span) : [];

  const { syncedAt, stale } = dataFreshness(ctx);
  const due = mornings.length + evenings.length;
  const say = due > 0 && syncedAt !== null ? new Speaker(ctx, { at, norms, work, hours, people, staleSince: stale ? syncedAt : null }) : null;
  const queued = handle.sqlite
    .transaction(() => {
      const digests = say ? mornings.filter((o) => say.morning(o)).length : 0;
      const evening = say && chat ? evenings.filter((o) => say.evening(o, chat)).length : 0;
      setDecidedUpTo(handle.db, accountId, at);
      return { digests, evenings: evening };
    })
    .immediate();
  const result = { ...queued, quiet: due - queued.digests - queued.evenings };
  if (due > 0) ctx.logger.info(result, 'daily control');
  return result;
}

/** A linked person the bot can write to privately: active in the CRM, and not having blocked the bot. */
function reachable(person: Person): boolean {
  return person.active && person.link !== undefined && person.link.unreachableSince === null;
}

/** The report chat in the account's language; without a bot, the files the demo shows. */
function reportChat(ctx: PingContext): { chatId: string; locale: Locale } | null {
  const bound = boundChat(ctx.handle.db, ctx.config.ACCOUNT_ID, 'report');
  if (bound) return { chatId: bound.chatId, locale: ctx.config.LOCALE };
  return ctx.config.TELEGRAM_BOT_TOKEN ? null : { chatId: FILES_CHAT, locale: ctx.config.LOCALE };
}

/** What a tick with occasions due reads once, and writes each occasion's messages from. */
class Speaker {
  private readonly snapshot: SnapshotIndex;
  private readonly findings: Finding[];
  private readonly hidden: (subject: { dealId: string | null; taskId: string | null }) => boolean;
  private readonly people: Map<string, Person>;
  private readonly privacy: PrivacyMode;
  private readonly quiet: QuietHours | null;

  constructor(
    private readonly ctx: PingContext,
    private readonly read: { at: EpochMs; norms: Norms; work: WorkTime; hours: AccountHours; people: readonly Person[]; staleSince: EpochMs | null },
  ) {
    const { at, norms, work } = read;
    this.snapshot = readSnapshot(ctx, norms, at);
    this.findings = CONTROL_RULES.flatMap((rule) => evaluateRule(rule, this.snapshot, norms, work, { from: at, at }));
    const snoozed = snoozesInForce(ctx, at);
    this.hidden = (subject) => snoozed.hides(subject);
    this.people = new Map(read.people.map((p) => [p.crmUserId, p]));
    const settings = loadSettings(ctx.handle.db, ctx.config.ACCOUNT_ID);
    this.privacy = settings.privacy;
    this.quiet = settings.quietHours ? parseQuietHours(settings.quietHours) : null;
  }

  /** Queues a manager's morning digest; false when there was nothing to say, or it was queued before. */
  morning(occasion: MorningOccasion): boolean {
    const person = this.people.get(occasion.personId);
    const link = person?.link;
    if (!person || !link) return false;
    const { at } = this.read;
    const content = morningContent({
      personId: person.crmUserId,
      shift: occasion,
      timezone: this.read.hours.timezone,
      findings: this.findings,
      openTasks: this.snapshot.tasks.filter((t) => !t.completed),
      hidden: this.hidden,
    });
    if (!content) return false;
    // Everything in it is theirs: as typed in their own chat (textFormFor says so, and would say otherwise).
    const form = textFormFor({ chat: 'private', crmUserId: person.crmUserId }, { managerId: person.crmUserId, supervisorId: person.supervisorId }, this.privacy);
    const message = morningMessage(content, { ...this.style(link.locale, form), at, date: occasion.date });
    // Someone with a pattern of their own is told within it, as their pings are; the rest wait for quiet hours to end.
    const ownPattern = this.read.work.personal.get(person.crmUserId)?.pattern;
    const notBefore = ownPattern ? at : afterQuietHours(at, this.quiet, this.read.hours.timezone);
    return this.queue(`digest:morning:${person.crmUserId}:${isoDate(occasion.date)}`, { chatId: link.telegramUserId, locale: link.locale, form, notBefore }, message);
  }

  /** Queues the evening check of a date; false when there was nothing to say, or it was queued before. */
  evening(occasion: EveningOccasion, chat: { chatId: string; locale: Locale }): boolean {
    const { norms, work, hours } = this.read;
    const active = [...this.people.values()].filter((p) => p.active);
    const questions = activityQuestions({
      date: occasion.date,
      at: occasion.at,
      timezone: hours.timezone,
      people: active.map((p) => ({ personId: p.crmUserId, schedule: scheduleOf(work, hours, p.crmUserId) })),
      completions: this.completionsSince(localInstant(addDays(occasion.date, -7 * WEEKS_BACK), '00:00', norms.timezone)),
    });
    const managerName = (id: string | null) => (id ? this.people.get(id)?.name : undefined) ?? translator(chat.locale).t('control-no-manager');
    const content = eveningContent({ date: occasion.date, timezone: hours.timezone, findings: this.findings, hidden: this.hidden, questions, managerName });
    if (!content) return false;
    const form: TextForm = this.privacy;
    const message = eveningMessage(content, { ...this.style(chat.locale, form), date: occasion.date, at: occasion.at, managerName });
    const notBefore = afterQuietHours(this.read.at, this.quiet, hours.timezone);
    return this.queue(`digest:evening:${isoDate(occasion.date)}`, { ...chat, form, notBefore }, message);
  }

  private style(locale: Locale, form: TextForm) {
    return { locale, timezone: this.read.hours.timezone, form, deal: (id: string | null) => this.deal(id), staleSince: this.read.staleSince };
  }

  private deal(id: string | null): DealRef | null {
    const deal = id === null ? undefined : this.snapshot.dealById.get(id);
    return deal ? { id: deal.id, name: deal.name, url: this.ctx.dealUrl(deal.id) } : null;
  }

  /** Tasks completed from `from` until now: whose, and when. */
  private completionsSince(from: EpochMs): { personId: string; at: EpochMs }[] {
    const { sqlite } = this.ctx.handle;
    return readSnapshotRowsWhere(sqlite, 'tasks', this.ctx.config.ACCOUNT_ID, 'completed = 1 AND completed_at >= ? AND completed_at <= ?', [from, this.read.at]).flatMap((t) =>
      t.responsibleId !== null && t.completedAt !== null ? [{ personId: t.responsibleId, at: t.completedAt }] : [],
    );
  }

  /**
   * The messages of one occasion, under its dedupe key (a second part, rare,
   * under `…:2`); the buttons under the last. Whether the first was new.
   */
  private queue(key: string, to: { chatId: string; locale: Locale; form: TextForm; notBefore: EpochMs }, message: { messages: string[]; buttons: InlineButtons }): boolean {
    const ids = message.messages.map((html, i) => {
      const last = i === message.messages.length - 1;
      return enqueueText(
        this.ctx.handle.db,
        { accountId: this.ctx.config.ACCOUNT_ID, dedupeKey: i === 0 ? key : `${key}:${i + 1}`, ...to, html, buttons: last ? message.buttons : [] },
        this.read.at,
      );
    });
    return ids[0] !== null;
  }
}
