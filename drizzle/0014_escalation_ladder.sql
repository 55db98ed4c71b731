CREATE TABLE `ping_steps` (
	`account_id` text NOT NULL,
	`ping_id` integer NOT NULL,
	`after_minutes` integer NOT NULL,
	`recipient` text NOT NULL,
	`fired_at` integer NOT NULL,
	`message_id` integer,
	`chat_id` text,
	PRIMARY KEY(`ping_id`, `after_minutes`, `recipient`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ping_id`) REFERENCES `pings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ping_steps_message` ON `ping_steps` (`message_id`);