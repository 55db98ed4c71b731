import type { EpochMs, Task } from '../model';
import { isWorkingTime, MINUTE } from './calendar';
import type { DemoTimeline } from './generator';

/** Due this long after linking (rounded up to the minute): the every-minute check pings it within three minutes. */
const DUE_AFTER = MINUTE;
/** Then done, late: the ping is edited «✅ Выполнено», the other half of what a manager sees. */
const DONE_AFTER_DUE = 20 * MINUTE;

/**
 * The demo reacting to a new Telegram link as a busy CRM would: a demo user
 * linked during working hours gets a call to make on their latest deal, due
 * a minute later and done twenty minutes late. Without it a newcomer trying
 * the bot would wait an hour or two for their CRM user's next late task.
 * Pure: the same links give the same tasks, across restarts too.
 */
export function welcomeTasks(timeline: DemoTimeline, linkedAt: ReadonlyMap<string, EpochMs>): Task[] {
  const tasks: Task[] = [];
  for (const [userId, at] of linkedAt) {
    if (!isWorkingTime(at) || at > timeline.horizon) continue;
    const deal = latestDealOf(timeline, userId, at);
    if (!deal) continue;
    const dueAt = Math.ceil(at / MINUTE) * MINUTE + DUE_AFTER;
    tasks.push({
      id: `welcome-${userId}-${at}`,
      dealId: deal,
      responsibleId: userId,
      text: 'Перезвонить клиенту: обещали ответ сегодня',
      type: 'Звонок',
      dueAt,
      completed: true,
      completedAt: dueAt + DONE_AFTER_DUE,
      createdAt: at,
    });
  }
  return tasks;
}

/** The user's deal created last by `at`: the one they are most likely working on. */
function latestDealOf(timeline: DemoTimeline, userId: string, at: EpochMs): string | null {
  let latest: { id: string; createdAt: EpochMs } | null = null;
  for (const deal of timeline.deals) {
    if (deal.responsibleId === userId && deal.createdAt <= at && (!latest || deal.createdAt > latest.createdAt)) latest = deal;
  }
  return latest?.id ?? null;
}
