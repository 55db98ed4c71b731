DROP INDEX `tasks_deal`;--> statement-breakpoint
CREATE INDEX `tasks_deal_times` ON `tasks` (`account_id`,`deal_id`,`created_at`,`completed`,`completed_at`);