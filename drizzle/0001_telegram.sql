CREATE TABLE `account_settings` (
	`account_id` text PRIMARY KEY NOT NULL,
	`report_schedule` text,
	`quiet_hours` text,
	`supervisor_pings` text DEFAULT 'working' NOT NULL,
	`pings_since` integer,
	`last_report_for` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `admins` (
	`account_id` text NOT NULL,
	`telegram_user_id` text NOT NULL,
	`granted_by` text NOT NULL,
	`granted_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `telegram_user_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`before` text,
	`after` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `bound_chats` (
	`account_id` text NOT NULL,
	`chat_id` text NOT NULL,
	`role` text NOT NULL,
	`title` text NOT NULL,
	`bound_by` text NOT NULL,
	`bound_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `role`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `conversation_state` (
	`key` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `link_codes` (
	`code` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`crm_user_id` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`chat_id` text NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`edit_of` integer,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`not_before` integer NOT NULL,
	`last_error` text,
	`message_ids` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe` ON `outbox` (`account_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`not_before`);--> statement-breakpoint
CREATE TABLE `outbox_files` (
	`outbox_id` integer NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`bytes` blob NOT NULL,
	PRIMARY KEY(`outbox_id`, `position`),
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `pings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` text NOT NULL,
	`task_id` text NOT NULL,
	`due_at` integer NOT NULL,
	`manager_id` text,
	`deal_id` text,
	`detected_at` integer NOT NULL,
	`facts` text NOT NULL,
	`manager_message` integer,
	`supervisor_message` integer,
	`escalated_at` integer,
	`escalation_message` integer,
	`outcome` text,
	`closed_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pings_task_due` ON `pings` (`account_id`,`task_id`,`due_at`);--> statement-breakpoint
CREATE INDEX `pings_open` ON `pings` (`account_id`,`closed_at`);--> statement-breakpoint
CREATE TABLE `telegram_links` (
	`account_id` text NOT NULL,
	`crm_user_id` text NOT NULL,
	`telegram_user_id` text NOT NULL,
	`telegram_name` text NOT NULL,
	`locale` text NOT NULL,
	`linked_at` integer NOT NULL,
	`unreachable_since` integer,
	PRIMARY KEY(`account_id`, `crm_user_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `telegram_links_user` ON `telegram_links` (`account_id`,`telegram_user_id`);--> statement-breakpoint
CREATE TABLE `user_preferences` (
	`account_id` text NOT NULL,
	`telegram_user_id` text NOT NULL,
	`locale` text,
	`supervisor_pings` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `telegram_user_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
