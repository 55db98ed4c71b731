CREATE TABLE `snoozes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`scope` text NOT NULL,
	`target_id` text NOT NULL,
	`deal_id` text,
	`manager_id` text,
	`task_due_at` integer,
	`reason` text NOT NULL,
	`note` text,
	`until` integer NOT NULL,
	`status` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`ended_at` integer,
	`ended_by` text,
	`end_reason` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `snoozes_live_target` ON `snoozes` (`account_id`,`scope`,`target_id`) WHERE status <> 'ended';--> statement-breakpoint
CREATE INDEX `snoozes_status` ON `snoozes` (`account_id`,`status`,`until`);