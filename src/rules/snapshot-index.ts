import type { Call, Deal, EpochMs, Pipeline, Snapshot, Stage, StageChange, Task, User } from '../crm/model';

/** A stretch of time a deal spent in one stage: [enteredAt, leftAt). */
export interface StageVisit {
  stageId: string;
  enteredAt: EpochMs;
  /** Null while the deal is still in the stage. */
  leftAt: EpochMs | null;
}

/**
 * The snapshot with the lookups rules need, built once per evaluation so each
 * rule stays a linear pass over deals or tasks.
 */
export class SnapshotIndex {
  readonly deals: readonly Deal[];
  readonly dealById: ReadonlyMap<string, Deal>;
  readonly tasks: readonly Task[];
  readonly users: ReadonlyMap<string, User>;
  readonly stages: ReadonlyMap<string, Stage>;
  readonly pipelines: ReadonlyMap<string, Pipeline>;
  readonly tasksByDeal: ReadonlyMap<string, Task[]>;
  readonly changesByDeal: ReadonlyMap<string, StageChange[]>;
  /** The calls that are a conversation with the client or an attempt at one (isContactCall), by deal. */
  readonly contactCallsByDeal: ReadonlyMap<string, Call[]>;
  private readonly leadOfGroup: ReadonlyMap<string, string | null>;

  constructor(snapshot: Snapshot) {
    this.deals = snapshot.deals;
    this.dealById = byId(snapshot.deals);
    this.tasks = snapshot.tasks;
    this.users = byId(snapshot.users);
    this.stages = byId(snapshot.stages);
    this.pipelines = byId(snapshot.pipelines);
    this.leadOfGroup = new Map(snapshot.userGroups.map((g) => [g.id, g.leadUserId]));
    this.tasksByDeal = groupBy(snapshot.tasks, (t) => t.dealId);
    this.changesByDeal = groupBy(snapshot.stageChanges, (c) => c.dealId);
    for (const changes of this.changesByDeal.values()) changes.sort((a, b) => a.at - b.at);
    this.contactCallsByDeal = groupBy(snapshot.calls.filter(isContactCall), (c) => c.dealId);
  }

  /**
   * When the deal closed, or null while it is open. A deal in a won/lost stage
   * without a close time closed when it entered that stage; a deal moved back
   * to an open stage is open again whatever its old close time says.
   */
  closedAt(deal: Deal): EpochMs | null {
    const kind = this.stages.get(deal.stageId)?.kind ?? 'open';
    if (kind === 'open') return null;
    return deal.closedAt ?? deal.stageEnteredAt;
  }

  isOpenAt(deal: Deal, t: EpochMs): boolean {
    const closed = this.closedAt(deal);
    return deal.createdAt <= t && (closed === null || closed > t);
  }

  /** The stages the deal went through, in order, from its stage history. */
  stageVisits(deal: Deal): StageVisit[] {
    const changes = this.changesByDeal.get(deal.id) ?? [];
    const first = changes[0];
    const visits: StageVisit[] = [];
    if (first?.fromStageId) visits.push({ stageId: first.fromStageId, enteredAt: deal.createdAt, leftAt: first.at });
    changes.forEach((change, i) => {
      visits.push({ stageId: change.toStageId, enteredAt: change.at, leftAt: changes[i + 1]?.at ?? null });
    });
    const last = visits.at(-1);
    // History may be missing or cut short (CRMs keep a limited event log): trust the deal itself for the present.
    if (!last || last.stageId !== deal.stageId) {
      if (last) last.leftAt ??= deal.stageEnteredAt;
      visits.push({ stageId: deal.stageId, enteredAt: deal.stageEnteredAt, leftAt: null });
    }
    return visits;
  }

  /** The supervisor of a manager: the lead of the manager's group, unless that is the manager. */
  supervisorOf(userId: string): string | null {
    const groupId = this.users.get(userId)?.groupId;
    const lead = groupId ? (this.leadOfGroup.get(groupId) ?? null) : null;
    return lead === userId ? null : lead;
  }
}

function byId<T extends { id: string }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((row) => [row.id, row]));
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/**
 * Whether a call is contact with the client for speed to lead: any outgoing
 * call, answered or not (the speed of the first dial is what is measured),
 * or an incoming call that was answered. A missed incoming call is not: the
 * client tried, nobody talked. The snapshot slice for a window
 * (src/db/window-scope.ts) selects the same calls in SQL.
 */
export function isContactCall(call: Pick<Call, 'direction' | 'missed'>): boolean {
  return call.direction === 'out' || !call.missed;
}
