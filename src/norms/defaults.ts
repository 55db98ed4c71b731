import { DEFAULT_LADDER } from './ladder';
import { DEFAULT_SNOOZE_MAX_DAYS, type Norms } from './schema';

/**
 * Norms an account starts with. The numbers follow the seed case: overdue is
 * overdue the minute it happens, a deal lives 7 days in the sales pipeline,
 * a lead is answered within 15 minutes; an overdue task is told to the
 * manager and the supervisor at once, and to the supervisor again after 2
 * hours (DEFAULT_LADDER).
 */
export function defaultNorms(timezone: string): Norms {
  return {
    timezone,
    workingHours: { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' },
    snoozeMaxDays: DEFAULT_SNOOZE_MAX_DAYS,
    keyStages: {},
    rules: {
      task_overdue: { enabled: true, severity: 'violation', clock: 'calendar', graceMinutes: 0, escalation: DEFAULT_LADDER.map((step) => ({ ...step })) },
      deal_without_task: { enabled: true, severity: 'violation', clock: 'calendar', graceMinutes: 60 },
      stage_time_exceeded: { enabled: true, severity: 'remark', clock: 'calendar', hours: 72, stages: {} },
      deal_lifetime_exceeded: { enabled: true, severity: 'remark', days: 7, pipelines: {} },
      first_contact_slow: { enabled: true, severity: 'violation', clock: 'calendar', minutes: 15, lookbackDays: 7 },
      // On the manager's own working clock: a client who called at night is called back in the morning, not blamed on nobody.
      missed_call_not_returned: { enabled: true, severity: 'violation', clock: 'working', minutes: 15, lookbackDays: 7 },
      lost_without_reason: { enabled: true, severity: 'remark', lookbackDays: 7 },
      task_without_deadline: { enabled: true, severity: 'remark' },
      manager_overloaded: { enabled: true, severity: 'remark', maxOpenDeals: 150 },
      high_value_unattended: { enabled: true, severity: 'violation', minAmount: 300_000 },
    },
  };
}
