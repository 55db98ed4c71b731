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
  readonly calls: readonly Call[];
  private readonly leadOfGroup: ReadonlyMap<string, string | null>;
  /** Built on first use: most evaluations (the every-minute overdue check) never read calls. */
  private clientIndex: ClientIndex | null = null;
  private contactCalls: Map<string, Call[]> | null = null;

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
    this.calls = snapshot.calls;
  }

  /**
   * The calls that are a conversation with the client or an attempt at one
   * (isContactCall), by deal: a call filed on a contact or a company counts
   * for each of its deals open at the time.
   */
  get contactCallsByDeal(): ReadonlyMap<string, Call[]> {
    if (this.contactCalls) return this.contactCalls;
    const byDeal = new Map<string, Call[]>();
    for (const call of this.calls) {
      if (!isContactCall(call)) continue;
      const deals = call.dealId !== null ? [call.dealId] : this.openDealsOfCall(call).map((d) => d.id);
      for (const id of deals) {
        const group = byDeal.get(id);
        if (group) group.push(call);
        else byDeal.set(id, [call]);
      }
    }
    return (this.contactCalls = byDeal);
  }

  /** Incoming calls nobody answered, in time order. */
  get missedCalls(): readonly Call[] {
    return this.clients().missed;
  }

  /**
   * Who a call was with, as keys two calls with the same client share: the
   * number (its last ten digits' key), the contact (the call's own, or its
   * deal's contacts), the deal.
   */
  clientKeys(call: Call): string[] {
    const keys: string[] = [];
    if (call.phoneKey !== null) keys.push(`phone:${call.phoneKey}`);
    if (call.contactId !== null) keys.push(`contact:${call.contactId}`);
    if (call.dealId !== null) {
      keys.push(`deal:${call.dealId}`);
      for (const contactId of this.dealById.get(call.dealId)?.contactIds ?? []) if (contactId !== call.contactId) keys.push(`contact:${contactId}`);
    }
    return keys;
  }

  /** The missed calls of a client key, in time order. */
  missedCallsOf(key: string): readonly Call[] {
    return this.clients().missedByKey.get(key) ?? [];
  }

  /**
   * When a missed call was returned: the first outgoing call attempt or
   * answered call with the same client at or after it; null while none is.
   */
  returnedAt(call: Call): EpochMs | null {
    const index = this.clients();
    const known = index.returned.get(call.id);
    if (known !== undefined) return known;
    let first: EpochMs | null = null;
    for (const key of this.clientKeys(call)) {
      const times = index.contactTimesByKey.get(key);
      if (!times) continue;
      const at = times[firstAtOrAfter(times, call.at)];
      if (at !== undefined && (first === null || at < first)) first = at;
    }
    index.returned.set(call.id, first);
    return first;
  }

  /** The deal a call is about: its own; for a call on a contact or company, their newest deal open at the time. */
  dealOfCall(call: Call): Deal | undefined {
    if (call.dealId !== null) return this.dealById.get(call.dealId);
    return this.openDealsOfCall(call).reduce<Deal | undefined>((newest, d) => (!newest || d.createdAt > newest.createdAt ? d : newest), undefined);
  }

  /** The deals of a call's contact (else its company) open when the call was made. */
  private openDealsOfCall(call: Call): Deal[] {
    const index = this.clients();
    const deals = call.contactId !== null ? index.dealsByContact.get(call.contactId) : call.companyId !== null ? index.dealsByCompany.get(call.companyId) : undefined;
    return (deals ?? []).filter((d) => this.isOpenAt(d, call.at));
  }

  private clients(): ClientIndex {
    if (this.clientIndex) return this.clientIndex;
    const dealsByContact = new Map<string, Deal[]>();
    for (const deal of this.deals) for (const id of deal.contactIds) push(dealsByContact, id, deal);
    const index: ClientIndex = {
      missed: this.calls.filter((c) => c.direction === 'in' && c.missed).sort(byTime),
      dealsByContact,
      dealsByCompany: groupBy(this.deals, (d) => d.companyId),
      missedByKey: new Map(),
      contactTimesByKey: new Map(),
      returned: new Map(),
    };
    this.clientIndex = index;
    for (const call of index.missed) for (const key of this.clientKeys(call)) push(index.missedByKey, key, call);
    for (const call of this.calls) {
      if (!isContactCall(call)) continue;
      for (const key of this.clientKeys(call)) push(index.contactTimesByKey, key, call.at);
    }
    for (const times of index.contactTimesByKey.values()) times.sort((a, b) => a - b);
    return index;
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

/** Lookups of calls by client, for the missed-call rule and first contact. */
interface ClientIndex {
  missed: Call[];
  dealsByContact: Map<string, Deal[]>;
  dealsByCompany: Map<string, Deal[]>;
  missedByKey: Map<string, Call[]>;
  /** The times of the calls that are contact with the client (isContactCall), sorted, by client key. */
  contactTimesByKey: Map<string, EpochMs[]>;
  /** returnedAt, memoised by call id. */
  returned: Map<string, EpochMs | null>;
}

const byTime = (a: Call, b: Call) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const group = map.get(key);
  if (group) group.push(value);
  else map.set(key, [value]);
}

/** The index of the first of sorted `times` at or after `t` (times.length when none is). */
function firstAtOrAfter(times: readonly EpochMs[], t: EpochMs): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
 * client tried, nobody talked.
 */
export function isContactCall(call: Pick<Call, 'direction' | 'missed'>): boolean {
  return call.direction === 'out' || !call.missed;
}
