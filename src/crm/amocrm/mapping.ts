import type { Call, Deal, EpochMs, Pipeline, Stage, StageChange, Task, User, UserGroup } from '../model';
import { phoneFields } from '../phone';
import type { AccountWire, CallNoteWire, LeadWire, PipelineWire, StatusEventWire, TaskWire, UserWire } from './wire';

/**
 * amoCRM v4 → the neutral model. Pure functions. A stage is
 * keyed `pipeline:status`, since the won (142) and lost (143) statuses repeat
 * in every pipeline.
 */

const WON = 142;
const LOST = 143;
/** amoCRM's "talked" call status: any other outcome of an incoming call is a missed call. */
const TALKED = 4;

const ms = (seconds: number): EpochMs => seconds * 1000;
const str = (value: number | null | undefined): string | null => (value === null || value === undefined ? null : String(value));

export const stageKey = (pipelineId: number, statusId: number): string => `${pipelineId}:${statusId}`;

/** amoCRM groups have no lead: supervisors are not known from the CRM alone. */
export function toUserGroups(account: AccountWire): UserGroup[] {
  return (account._embedded?.users_groups ?? []).map((g) => ({ id: String(g.id), name: g.name, leadUserId: null }));
}

export function toUser(user: UserWire): User {
  return { id: String(user.id), name: user.name, active: user.rights?.is_active ?? true, groupId: str(user.rights?.group_id) };
}

export function toPipeline(pipeline: PipelineWire): { pipeline: Pipeline; stages: Stage[] } {
  return {
    pipeline: { id: String(pipeline.id), name: pipeline.name, sort: pipeline.sort },
    stages: pipeline._embedded.statuses.map((s) => ({
      id: stageKey(pipeline.id, s.id),
      pipelineId: String(pipeline.id),
      name: s.name,
      sort: s.sort,
      kind: s.id === WON ? 'won' : s.id === LOST ? 'lost' : 'open',
    })),
  };
}

/**
 * A lead as a deal. `stageEnteredAt` comes from the last status change seen
 * in the events (the lead's creation when it never moved); the loss reason's
 * name from the account's list, else from the lead itself.
 */
export function toDeal(lead: LeadWire, context: { stageEnteredAt: EpochMs | undefined; lossReasons: ReadonlyMap<number, string> }): Deal {
  const embedded = lead._embedded?.loss_reason;
  const embeddedReason = Array.isArray(embedded) ? embedded[0]?.name : embedded?.name;
  const reasonById = lead.loss_reason_id ? context.lossReasons.get(lead.loss_reason_id) : undefined;
  return {
    id: String(lead.id),
    name: lead.name ?? '',
    price: lead.price ?? 0,
    pipelineId: String(lead.pipeline_id),
    stageId: stageKey(lead.pipeline_id, lead.status_id),
    responsibleId: str(lead.responsible_user_id),
    createdAt: ms(lead.created_at),
    updatedAt: ms(lead.updated_at),
    closedAt: lead.closed_at ? ms(lead.closed_at) : null,
    stageEnteredAt: context.stageEnteredAt ?? ms(lead.created_at),
    lossReason: reasonById ?? embeddedReason ?? null,
    contactIds: contactIds(lead),
    companyId: str(lead._embedded?.companies?.[0]?.id),
  };
}

/** The lead's contacts (read `with=contacts`), the main one first, the others in amoCRM's order. */
function contactIds(lead: LeadWire): string[] {
  const contacts = lead._embedded?.contacts ?? [];
  const main = contacts.filter((c) => c.is_main === true);
  const others = contacts.filter((c) => c.is_main !== true);
  return [...new Set([...main, ...others].map((c) => String(c.id)))];
}

/**
 * A task. Only tasks on leads belong to a deal. amoCRM keeps no completion
 * time: a completed task's last update stands for it.
 */
export function toTask(task: TaskWire, taskTypes: ReadonlyMap<number, string>): Task {
  const onLead = task.entity_type === 'leads' && task.entity_id !== null && task.entity_id !== undefined;
  return {
    id: String(task.id),
    dealId: onLead ? String(task.entity_id) : null,
    responsibleId: str(task.responsible_user_id),
    text: task.text ?? '',
    type: task.task_type_id ? (taskTypes.get(task.task_type_id) ?? String(task.task_type_id)) : '',
    dueAt: task.complete_till ? ms(task.complete_till) : null,
    completed: task.is_completed,
    completedAt: task.is_completed ? ms(task.updated_at) : null,
    createdAt: ms(task.created_at),
  };
}

export function toStageChange(event: StatusEventWire): StageChange {
  const before = event.value_before[0]?.lead_status;
  const after = event.value_after[0]!.lead_status;
  return {
    id: event.id,
    dealId: String(event.entity_id),
    fromStageId: before ? stageKey(before.pipeline_id, before.id) : null,
    toStageId: stageKey(after.pipeline_id, after.id),
    at: ms(event.created_at),
    byUserId: event.created_by ? String(event.created_by) : null,
  };
}

/** Where amoCRM files a note: the collection it was read from (`/api/v4/{entity}/notes`). */
export type NoteEntity = 'leads' | 'contacts' | 'companies';

/**
 * A call note, filed on a lead, a contact or a company by where it was read
 * (`entity_id` is the id of that entity). amoCRM has no "missed" flag: an
 * incoming call not talked through (or of zero length) is missed; an
 * outgoing one never is. The number is kept only as a key and its last
 * digits. The id is the note's own: amoCRM numbers notes across the account
 * (an event names a note by its id alone, `value_after: [{note: {id}}]`), so
 * a contact's note cannot take the id of a lead's, and lead notes keep the
 * ids earlier snapshots gave them.
 */
export function toCall(note: CallNoteWire, on: NoteEntity): Call {
  const duration = note.params.duration ?? 0;
  const direction = note.note_type === 'call_in' ? 'in' : 'out';
  const filedOn = String(note.entity_id);
  const phone = note.params.phone;
  return {
    id: String(note.id),
    direction,
    missed: direction === 'in' && (duration === 0 || (note.params.call_status ?? TALKED) !== TALKED),
    userId: str(note.responsible_user_id ?? note.created_by),
    dealId: on === 'leads' ? filedOn : null,
    contactId: on === 'contacts' ? filedOn : null,
    companyId: on === 'companies' ? filedOn : null,
    ...phoneFields(phone === null || phone === undefined ? null : String(phone)),
    at: ms(note.created_at),
    durationSec: duration,
  };
}
