-- Entries written before actions were typed: `<area>:<detail>` becomes `<area>.<verb>` with the detail as subject.
UPDATE `audit_log` SET `action` = 'norms.changed', `subject` = substr(`action`, 7) WHERE `action` LIKE 'norms:%';
--> statement-breakpoint
UPDATE `audit_log` SET `action` = 'settings.changed', `subject` = substr(`action`, 10) WHERE `action` LIKE 'settings:%';
--> statement-breakpoint
UPDATE `audit_log` SET `action` = 'chat.bound', `subject` = substr(`action`, 6) WHERE `action` LIKE 'bind:%';
--> statement-breakpoint
UPDATE `audit_log` SET `action` = 'chat.unbound', `subject` = substr(`action`, 8) WHERE `action` LIKE 'unbind:%';
--> statement-breakpoint
UPDATE `audit_log` SET `action` = CASE `action`
  WHEN 'link:invite' THEN 'link.invited'
  WHEN 'link:linked' THEN 'link.linked'
  WHEN 'link:unlinked' THEN 'link.unlinked'
  WHEN 'admins:add' THEN 'admin.added'
  WHEN 'admins:remove' THEN 'admin.removed'
  WHEN 'supervisors:set' THEN 'supervisor.set'
  ELSE `action` END;
