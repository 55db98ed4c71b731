import { listSchedules } from '../people/schedules';
import type { WorkTime } from '../schedules/work-time';
import { accountCalendar } from '../settings/calendar-days';
import type { Db } from '../db/client';

/** Who works when in the account: its working calendar and everyone's own schedule, as the rules, the report and the pings read them. */
export function accountWorkTime(db: Db, accountId: string): WorkTime {
  return { calendar: accountCalendar(db, accountId), personal: listSchedules(db, accountId) };
}
