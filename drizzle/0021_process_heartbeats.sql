CREATE TABLE `process_heartbeats` (
	`id` text PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`host` text NOT NULL,
	`pid` integer NOT NULL,
	`started_at` integer NOT NULL,
	`beat_at` integer NOT NULL
);
