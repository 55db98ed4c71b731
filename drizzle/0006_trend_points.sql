CREATE TABLE `trend_points` (
	`account_id` text NOT NULL,
	`week_end` integer NOT NULL,
	`norms_key` text NOT NULL,
	`violations` integer NOT NULL,
	`remarks` integer NOT NULL,
	`counted_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `week_end`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
