ALTER TABLE `account_settings` ADD `crm_unreachable_since` integer;--> statement-breakpoint
ALTER TABLE `account_settings` ADD `snapshot_stale_since` integer;