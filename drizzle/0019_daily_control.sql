CREATE TABLE `daily_control` (
	`account_id` text PRIMARY KEY NOT NULL,
	`morning` integer DEFAULT true NOT NULL,
	`evening` integer DEFAULT true NOT NULL,
	`evening_at` text DEFAULT '19:00' NOT NULL,
	`decided_up_to` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
