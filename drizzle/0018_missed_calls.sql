DROP INDEX `pings_task_due`;--> statement-breakpoint
ALTER TABLE `pings` ADD `subject` text DEFAULT 'task' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `pings_subject_due` ON `pings` (`account_id`,`subject`,`task_id`,`due_at`);--> statement-breakpoint
ALTER TABLE `calls` ADD `contact_id` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `company_id` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `phone_key` text;--> statement-breakpoint
ALTER TABLE `calls` ADD `phone_tail` text;--> statement-breakpoint
CREATE INDEX `calls_at` ON `calls` (`account_id`,`at`);--> statement-breakpoint
ALTER TABLE `deals` ADD `contact_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `deals` ADD `company_id` text;