import type { EntityName } from '../crm/model';
import { calls, deals, pipelines, stageChanges, stages, tasks, userGroups, users } from './schema';

/** The table each neutral entity is stored in; the snapshot reader and writer share it. */
export const SNAPSHOT_TABLES = {
  userGroups,
  users,
  pipelines,
  stages,
  deals,
  tasks,
  stageChanges,
  calls,
} as const satisfies Record<EntityName, unknown>;
