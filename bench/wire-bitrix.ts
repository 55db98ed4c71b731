import { stageEntity } from '../src/crm/bitrix24/mapping';
import type { Deal, Snapshot, Stage, StageChange } from '../src/crm/model';
import { b24Date } from '../test/support/fake-bitrix24/fixture';
import type { BitrixFixture } from '../test/support/fake-bitrix24/server';

/** The deal field the benchmark portal keeps loss reasons in (BITRIX24_LOSS_REASON_FIELD). */
export const BENCH_LOSS_FIELD = 'UF_CRM_LOSS_REASON';

type Row = Record<string, unknown>;

/**
 * The large account as a Bitrix24 portal would serve it (the reverse of
 * src/crm/bitrix24/mapping.ts): pipelines as deal categories 0…n-1 with
 * `C<n>:` stage ids, departments with heads, stage history with a creation
 * row per deal, tasks bound to deals through UF_CRM_TASK, calls as call
 * activities and missed calls in telephony statistics.
 */
export function bitrixFixtureOf(account: Snapshot): BitrixFixture {
  const category = new Map(account.pipelines.map((p, i) => [p.id, i]));
  const stages = new Map(account.stages.map((s) => [s.id, s]));
  const statusOf = (stageId: string) => statusId(stages.get(stageId)!, category.get(stages.get(stageId)!.pipelineId)!);
  const reasons = [...new Set(account.deals.map((d) => d.lossReason).filter((r): r is string => r !== null))];
  const reasonId = new Map(reasons.map((name, i) => [name, String(41 + i)]));
  const yn = (b: boolean) => (b ? 'Y' : 'N');
  return {
    users: account.users.map((u) => ({
      ID: u.id, ACTIVE: u.active, NAME: u.name, LAST_NAME: '', EMAIL: `u${u.id}@example.ru`, UF_DEPARTMENT: u.groupId === null ? [] : [Number(u.groupId)], USER_TYPE: 'employee',
    })),
    departments: account.userGroups.map((g) => ({ ID: g.id, NAME: g.name, SORT: '500', PARENT: null, UF_HEAD: g.leadUserId ?? '' })),
    categories: account.pipelines.map((p, i) => ({ id: i, name: p.name, sort: p.sort, entityTypeId: 2, isDefault: yn(i === 0), originId: '', originatorId: '' })),
    statuses: account.stages.map((s, i) => {
      const n = category.get(s.pipelineId)!;
      const semantics = s.kind === 'won' ? 'success' : s.kind === 'lost' ? 'failure' : 'process';
      return {
        ID: String(i + 1), ENTITY_ID: stageEntity(String(n)), STATUS_ID: statusId(s, n), NAME: s.name, NAME_INIT: '', SORT: String(s.sort), SYSTEM: 'N',
        CATEGORY_ID: String(n), COLOR: '#39A8EF', SEMANTICS: s.kind === 'won' ? 'S' : s.kind === 'lost' ? 'F' : null, EXTRA: { SEMANTICS: semantics, COLOR: '#39A8EF' },
      };
    }),
    deals: account.deals.map((d) => {
      const stage = stages.get(d.stageId)!;
      return {
        ID: d.id, TITLE: d.name, TYPE_ID: 'SALE', CATEGORY_ID: String(category.get(d.pipelineId)!), STAGE_ID: statusOf(d.stageId),
        STAGE_SEMANTIC_ID: stage.kind === 'won' ? 'S' : stage.kind === 'lost' ? 'F' : 'P', OPPORTUNITY: `${d.price}.00`, CURRENCY_ID: 'RUB',
        ASSIGNED_BY_ID: d.responsibleId ?? '0', CREATED_BY_ID: '1', DATE_CREATE: b24Date(d.createdAt), DATE_MODIFY: b24Date(d.updatedAt),
        MOVED_TIME: b24Date(d.stageEnteredAt), CLOSED: yn(stage.kind !== 'open'), OPENED: 'Y',
        [BENCH_LOSS_FIELD]: d.lossReason === null ? null : reasonId.get(d.lossReason)!,
      };
    }),
    stageHistory: stageHistory(account.deals, account.stageChanges, statusOf, (stageId) => category.get(stages.get(stageId)!.pipelineId)!),
    tasks: account.tasks.map((t) => ({
      id: t.id, title: t.text, description: '', responsibleId: t.responsibleId ?? '0', createdBy: '1',
      createdDate: b24Date(t.createdAt), changedDate: b24Date(t.completedAt ?? t.createdAt), closedDate: t.completedAt === null ? null : b24Date(t.completedAt),
      deadline: t.dueAt === null ? null : b24Date(t.dueAt), status: t.completed ? '5' : '2', subStatus: t.completed ? '5' : '2', groupId: '0', priority: '1',
      // Tasks on no deal are bound to a contact: still CRM tasks, as in amoCRM.
      ufCrmTask: [t.dealId === null ? 'C_1' : `D_${t.dealId}`],
    })),
    activities: account.calls
      .filter((c) => !c.missed)
      .map((c) => ({
        ID: c.id, OWNER_TYPE_ID: c.dealId === null ? '3' : '2', OWNER_ID: c.dealId ?? '1', TYPE_ID: '2', PROVIDER_ID: 'VOXIMPLANT_CALL',
        SUBJECT: c.direction === 'in' ? 'Входящий звонок' : 'Исходящий звонок', CREATED: b24Date(c.at), START_TIME: b24Date(c.at),
        END_TIME: b24Date(c.at + c.durationSec * 1000), DEADLINE: b24Date(c.at), COMPLETED: 'Y', STATUS: '2', RESPONSIBLE_ID: c.userId ?? '0',
        DIRECTION: c.direction === 'in' ? '1' : '2', LAST_UPDATED: b24Date(c.at + c.durationSec * 1000),
      })),
    calls: account.calls
      .filter((c) => c.missed)
      .map((c) => ({
        ID: c.id, CALL_ID: `ext-${c.id}`, PORTAL_USER_ID: c.userId ?? '0', PORTAL_NUMBER: 'reg1', PHONE_NUMBER: '+79990000000', CALL_TYPE: '2',
        CALL_DURATION: String(c.durationSec), CALL_START_DATE: b24Date(c.at), CALL_FAILED_CODE: '304', CALL_FAILED_REASON: 'Missed call',
        CRM_ENTITY_TYPE: c.dealId === null ? null : 'DEAL', CRM_ENTITY_ID: c.dealId, CRM_ACTIVITY_ID: null, COST: '0.0000',
      })),
    userFields: [{ ID: '301', ENTITY_ID: 'CRM_DEAL', FIELD_NAME: BENCH_LOSS_FIELD, USER_TYPE_ID: 'enumeration', LIST: reasons.map((name) => ({ ID: reasonId.get(name)!, VALUE: name })) }],
  };
}

/** Bitrix24 writes a row when a deal is created (TYPE_ID 1) and one per move (2), ids growing with time. */
function stageHistory(deals: readonly Deal[], changes: readonly StageChange[], statusOf: (id: string) => string, categoryOf: (id: string) => number): Row[] {
  const firstChange = new Map<string, StageChange>();
  for (const c of changes) if (!firstChange.has(c.dealId) || firstChange.get(c.dealId)!.at > c.at) firstChange.set(c.dealId, c);
  const events: { type: number; dealId: string; at: number; stageId: string }[] = deals.map((d) => ({
    type: 1, dealId: d.id, at: d.createdAt, stageId: firstChange.get(d.id)?.fromStageId ?? firstChange.get(d.id)?.toStageId ?? d.stageId,
  }));
  for (const c of changes) events.push({ type: 2, dealId: c.dealId, at: c.at, stageId: c.toStageId });
  events.sort((a, b) => a.at - b.at || a.type - b.type);
  return events.map((e, i) => {
    const status = statusOf(e.stageId);
    return {
      ID: i + 1, TYPE_ID: e.type, OWNER_ID: Number(e.dealId), CREATED_TIME: new Date(e.at).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
      CATEGORY_ID: categoryOf(e.stageId), STAGE_SEMANTIC_ID: status.endsWith('LOSE') ? 'F' : status.endsWith('WON') ? 'S' : 'P', STAGE_ID: status,
    };
  });
}

function statusId(stage: Stage, category: number): string {
  const prefix = category === 0 ? '' : `C${category}:`;
  if (stage.kind === 'won') return `${prefix}WON`;
  if (stage.kind === 'lost') return `${prefix}LOSE`;
  return `${prefix}S${stage.id}`;
}
