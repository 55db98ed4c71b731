CREATE TABLE `calendar_days` (
	`account_id` text NOT NULL,
	`day` text NOT NULL,
	`working` integer NOT NULL,
	`actor` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `day`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
