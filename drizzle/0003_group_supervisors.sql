CREATE TABLE `group_supervisors` (
	`account_id` text NOT NULL,
	`group_id` text NOT NULL,
	`user_id` text NOT NULL,
	`set_by` text NOT NULL,
	`set_at` integer NOT NULL,
	PRIMARY KEY(`account_id`, `group_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
