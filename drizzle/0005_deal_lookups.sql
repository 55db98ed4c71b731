CREATE INDEX `calls_deal` ON `calls` (`account_id`,`deal_id`);--> statement-breakpoint
CREATE INDEX `stage_changes_deal_at` ON `stage_changes` (`account_id`,`deal_id`,`at`);--> statement-breakpoint
CREATE INDEX `tasks_deal` ON `tasks` (`account_id`,`deal_id`);