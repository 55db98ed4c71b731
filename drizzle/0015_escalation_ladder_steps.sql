-- Pings recorded before the escalation ladder kept their messages in columns
-- of their own: manager_message, supervisor_message (a digest may be shared),
-- escalated_at / escalation_message. They followed the ladder that replaced
-- escalateAfterMinutes (0 manager, 0 supervisor, N supervisor), so those
-- steps are recorded as had, with their messages: no open ping is told again,
-- and a ping that closes edits every message it sent. Steps with no message
-- (an unlinked manager) are had too, as they always were.
INSERT OR IGNORE INTO `ping_steps` (`account_id`, `ping_id`, `after_minutes`, `recipient`, `fired_at`, `message_id`, `chat_id`)
SELECT p.`account_id`, p.`id`, 0, 'manager', p.`detected_at`, p.`manager_message`, (SELECT o.`chat_id` FROM `outbox` o WHERE o.`id` = p.`manager_message`)
FROM `pings` p;
--> statement-breakpoint
INSERT OR IGNORE INTO `ping_steps` (`account_id`, `ping_id`, `after_minutes`, `recipient`, `fired_at`, `message_id`, `chat_id`)
SELECT p.`account_id`, p.`id`, 0, 'supervisor', p.`detected_at`, p.`supervisor_message`, (SELECT o.`chat_id` FROM `outbox` o WHERE o.`id` = p.`supervisor_message`)
FROM `pings` p;
--> statement-breakpoint
-- The escalation is the step N minutes on, N read from the account's norms as
-- src/norms/validate.ts converts them (at most 30 days; 120 when none saved).
INSERT OR IGNORE INTO `ping_steps` (`account_id`, `ping_id`, `after_minutes`, `recipient`, `fired_at`, `message_id`, `chat_id`)
SELECT p.`account_id`, p.`id`,
  COALESCE((SELECT MIN(CAST(json_extract(n.`document`, '$.rules.task_overdue.escalateAfterMinutes') AS INTEGER), 43200) FROM `norms` n WHERE n.`account_id` = p.`account_id`), 120),
  'supervisor', p.`escalated_at`, p.`escalation_message`, (SELECT o.`chat_id` FROM `outbox` o WHERE o.`id` = p.`escalation_message`)
FROM `pings` p
WHERE p.`escalated_at` IS NOT NULL;
