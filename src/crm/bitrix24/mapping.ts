import type { Deal, Pipeline, Stage, StageChange, StageKind, Task, User, UserGroup } from '../model';
import type { ActivityWire, CategoryWire, DealWire, DepartmentWire, StageHistoryWire, StageWire, TaskWire, UserWire } from './wire';

/**
 * Bitrix24 REST → the neutral model. Pure functions. A
 * stage is keyed by its STATUS_ID, unique across pipelines (`C3:NEW`).
 */

/** Activities the bot reads: meetings, calls and to-dos; tasks (3) come from tasks.task.list and e-mails (4) are not a next step. */
export const ACTIVITY_TYPES_READ = ['1', '2', '6'];
const ACTIVITY_TYPE_NAMES: Record<string, string> = { '1': 'Встреча', '2': 'Звонок', '6': 'Дело' };
const TASK_COMPLETED = '5';
/** crm.activity.list's OWNER_TYPE_ID: what the activity is filed on. */
export const OWNER = { lead: '1', deal: '2', contact: '3', company: '4' } as const;

/** A department is a group; its head (UF_HEAD) supervises everyone in it. */
export function toUserGroup(department: DepartmentWire): UserGroup {
  return { id: department.ID, name: department.NAME, leadUserId: department.UF_HEAD };
}

export function toUser(user: UserWire): User {
  const name = [user.NAME, user.LAST_NAME].filter((part) => part && part.trim() !== '').join(' ');
  const department = user.UF_DEPARTMENT?.[0];
  // Not the e-mail when the name is empty: a user's name goes to group chats and chart labels.
  return { id: user.ID, name: name || `#${user.ID}`, active: user.ACTIVE !== false, groupId: department === undefined ? null : String(department) };
}

export function toPipeline(category: CategoryWire): Pipeline {
  return { id: category.id, name: category.name, sort: category.sort ?? 0 };
}

/** The stage list's ENTITY_ID for a pipeline: DEAL_STAGE for the default one (0), DEAL_STAGE_<n> for the rest. */
export const stageEntity = (pipelineId: string): string => (pipelineId === '0' ? 'DEAL_STAGE' : `DEAL_STAGE_${pipelineId}`);

/** Kind from the stage's semantics, never from its id: a pipeline may have several failure stages. */
export function toStage(stage: StageWire, pipelineId: string): Stage {
  const semantics = stage.EXTRA?.SEMANTICS ?? stage.SEMANTICS ?? 'process';
  const kind: StageKind = semantics === 'success' || semantics === 'S' ? 'won' : semantics === 'failure' || semantics === 'F' ? 'lost' : 'open';
  return { id: stage.STATUS_ID, pipelineId, name: stage.NAME, sort: stage.SORT ?? 0, kind };
}

/** The pipeline's generic failure stage (`LOSE`, `C3:LOSE`): a deal there gave no reason by its stage. */
const isGenericLoss = (stageId: string) => stageId === 'LOSE' || /^C\d+:LOSE$/.test(stageId);

export interface LossReasonSource {
  /** A deal user field holding the reason (BITRIX24_LOSS_REASON_FIELD), with its list values by id. */
  field: string | null;
  values: ReadonlyMap<string, string>;
  stages: ReadonlyMap<string, Stage>;
}

/**
 * A deal. MOVED_TIME is when it entered its stage; a closed deal closed
 * then. Bitrix24 has no native loss reason: it is the configured user field,
 * else the failure stage itself when the pipeline names its failure stages
 * by reason («Дорого», «Выбрали конкурента»), else none.
 */
export function toDeal(deal: DealWire, loss: LossReasonSource): Deal {
  const stage = loss.stages.get(deal.STAGE_ID);
  const closed = stage ? stage.kind !== 'open' : deal.STAGE_SEMANTIC_ID === 'S' || deal.STAGE_SEMANTIC_ID === 'F';
  const stageEnteredAt = deal.MOVED_TIME ?? deal.DATE_CREATE;
  return {
    id: deal.ID,
    name: deal.TITLE ?? '',
    price: Math.round(deal.OPPORTUNITY),
    pipelineId: deal.CATEGORY_ID,
    stageId: deal.STAGE_ID,
    responsibleId: deal.ASSIGNED_BY_ID,
    createdAt: deal.DATE_CREATE,
    updatedAt: deal.DATE_MODIFY,
    closedAt: closed ? stageEnteredAt : null,
    stageEnteredAt,
    lossReason: stage?.kind === 'lost' ? lossReason(deal, stage, loss) : null,
    // The main contact only: crm.deal.list cannot give a deal's other contacts (CONTACT_IDS), and
    // crm.deal.contact.items.get, which can, is a request per deal — too dear for a sync.
    contactIds: deal.CONTACT_ID === null ? [] : [deal.CONTACT_ID],
    companyId: deal.COMPANY_ID,
  };
}

function lossReason(deal: DealWire, stage: Stage, loss: LossReasonSource): string | null {
  if (loss.field) {
    const raw = deal[loss.field];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value === null || value === '' || value === false) return null;
    return loss.values.get(String(value)) ?? String(value);
  }
  return isGenericLoss(stage.id) ? null : stage.name;
}

/** A stage-history row after the deal's previous row (`from`); creation rows are no change. */
export function toStageChange(row: StageHistoryWire, from: string | null): StageChange {
  return { id: row.ID, dealId: row.OWNER_ID, fromStageId: from, toStageId: row.STAGE_ID, at: row.CREATED_TIME, byUserId: null };
}

export const CREATED_ROW = 1;

/** The deal a task is bound to: the first `D_<id>` of UF_CRM_TASK. */
export function taskDealId(task: TaskWire): string | null {
  const binding = (task.ufCrmTask || []).find((b) => b.startsWith('D_'));
  return binding ? binding.slice(2) : null;
}

/** Tasks bound to the CRM; a task on a contact or company has no deal. Status 5 is completed. */
export function toTask(task: TaskWire): Task {
  const completed = task.status === TASK_COMPLETED;
  return {
    id: task.id,
    dealId: taskDealId(task),
    responsibleId: task.responsibleId,
    text: task.title ?? '',
    type: 'Задача',
    dueAt: task.deadline,
    completed,
    completedAt: completed ? (task.closedDate ?? null) : null,
    createdAt: task.createdDate,
  };
}

export const isCrmTask = (task: TaskWire): boolean => (task.ufCrmTask || []).length > 0;

/**
 * A CRM activity (дело) as a task: the next step planned on a deal, with its
 * deadline. Ids are prefixed so they never meet a task's. Bitrix24 keeps no
 * completion time: a completed activity's last update stands for it.
 */
export function activityToTask(activity: ActivityWire): Task {
  return {
    id: `act-${activity.ID}`,
    dealId: activity.OWNER_TYPE_ID === OWNER.deal ? activity.OWNER_ID : null,
    responsibleId: activity.RESPONSIBLE_ID,
    text: activity.SUBJECT ?? '',
    type: ACTIVITY_TYPE_NAMES[activity.TYPE_ID] ?? 'Дело',
    dueAt: activity.DEADLINE,
    completed: activity.COMPLETED,
    completedAt: activity.COMPLETED ? (activity.LAST_UPDATED ?? activity.END_TIME ?? activity.CREATED) : null,
    createdAt: activity.CREATED,
  };
}
