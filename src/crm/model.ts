/**
 * The neutral model every connector produces, so rules never see a CRM's
 * own shapes: users and their groups, pipelines and stages, deals, tasks,
 * stage changes and calls.
 * Ids are the CRM's own ids as strings; times are epoch milliseconds in UTC,
 * so rules do plain arithmetic and the model survives a JSON round trip.
 */

import type { EpochMs } from '../time';

export type { EpochMs };

export type CrmKind = 'demo' | 'amocrm' | 'bitrix24';

export interface UserGroup {
  id: string;
  name: string;
  /** The group's lead is the supervisor of everyone else in the group. */
  leadUserId: string | null;
}

export interface User {
  id: string;
  name: string;
  active: boolean;
  groupId: string | null;
}

export interface Pipeline {
  id: string;
  name: string;
  sort: number;
}

export type StageKind = 'open' | 'won' | 'lost';

export interface Stage {
  id: string;
  pipelineId: string;
  name: string;
  sort: number;
  kind: StageKind;
}

export interface Deal {
  id: string;
  name: string;
  /** Roubles (or the account's currency), whole units. */
  price: number;
  pipelineId: string;
  stageId: string;
  responsibleId: string | null;
  createdAt: EpochMs;
  updatedAt: EpochMs;
  /** Set when the deal reached a won or lost stage. */
  closedAt: EpochMs | null;
  /** When the deal entered the stage it is in now. */
  stageEnteredAt: EpochMs;
  lossReason: string | null;
  /** The deal's contacts (the CRM's contact ids), the main one first; empty when it has none. */
  contactIds: string[];
  /** The deal's company, if any. */
  companyId: string | null;
}

export interface Task {
  id: string;
  /** Null for tasks on contacts or companies, which no deal owns. */
  dealId: string | null;
  responsibleId: string | null;
  text: string;
  type: string;
  /** Bitrix24 allows tasks without a deadline. */
  dueAt: EpochMs | null;
  completed: boolean;
  completedAt: EpochMs | null;
  createdAt: EpochMs;
}

export interface StageChange {
  id: string;
  dealId: string;
  fromStageId: string | null;
  toStageId: string;
  at: EpochMs;
  byUserId: string | null;
}

/**
 * A phone call, filed by the CRM on a deal, a contact or a company (or on
 * nothing, a number the CRM does not know). The client's number is not kept
 * as such (src/crm/phone.ts): a one-way key to match a callback to the call
 * it returns, and its last four digits to say which number it was.
 */
export interface Call {
  id: string;
  direction: 'in' | 'out';
  /** An incoming call not talked through (nobody answered, or zero length). An outgoing call is never missed: an attempt is an attempt. */
  missed: boolean;
  /** The manager on the line: who answered, or whose line it rang on. */
  userId: string | null;
  dealId: string | null;
  /** The contact or company the CRM filed the call on (amoCRM: a contact's or company's call note; Bitrix24: the activity's owner). */
  contactId: string | null;
  companyId: string | null;
  /** The client's number as a key (phoneKey of its last 10 digits); null when the CRM did not say. */
  phoneKey: string | null;
  /** The number's last four digits, to name it masked («•••45-67»). */
  phoneTail: string | null;
  at: EpochMs;
  durationSec: number;
}

/** Everything one full sync brings, entity by entity. */
export interface SnapshotEntities {
  userGroups: UserGroup;
  users: User;
  pipelines: Pipeline;
  stages: Stage;
  deals: Deal;
  tasks: Task;
  stageChanges: StageChange;
  calls: Call;
}

export type EntityName = keyof SnapshotEntities;

/** A page of one entity, as a connector streams it. */
export type SnapshotChunk = {
  [E in EntityName]: { entity: E; rows: SnapshotEntities[E][] };
}[EntityName];

/** The whole account in memory: what rules read. */
export type Snapshot = { [E in EntityName]: SnapshotEntities[E][] };

export const ENTITY_NAMES: readonly EntityName[] = [
  'userGroups',
  'users',
  'pipelines',
  'stages',
  'deals',
  'tasks',
  'stageChanges',
  'calls',
];
