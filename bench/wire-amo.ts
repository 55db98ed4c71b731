import type { Snapshot, Stage } from '../src/crm/model';
import type { AmoFixture } from '../test/support/fake-amocrm/server';

/**
 * The large account as amoCRM's API v4 would serve it (the reverse of
 * src/crm/amocrm/mapping.ts): unix seconds, numeric ids, won and lost as
 * statuses 142 and 143 in every pipeline, loss reasons as a list.
 */
export function amoFixtureOf(account: Snapshot): AmoFixture {
  const s = (ms: number) => Math.floor(ms / 1000);
  const stages = new Map(account.stages.map((st) => [st.id, st]));
  const statusOf = (stageId: string) => statusId(stages.get(stageId)!);
  const pipelineOf = (stageId: string) => Number(stages.get(stageId)!.pipelineId);
  const reasons = [...new Set(account.deals.map((d) => d.lossReason).filter((r): r is string => r !== null))];
  const reasonId = new Map(reasons.map((name, i) => [name, 900 + i]));
  const taskTypes = [...new Set(account.tasks.map((t) => t.type))].map((name, i) => ({ id: i + 1, name }));
  const typeId = new Map(taskTypes.map((t) => [t.name, t.id]));
  return {
    account: { id: 100, name: 'ООО «Большой отдел продаж»', subdomain: 'bench', is_loss_reason_enabled: true, is_api_filter_enabled: true },
    usersGroups: account.userGroups.map((g) => ({ id: Number(g.id), name: g.name })),
    taskTypes,
    users: account.users.map((u) => ({
      id: Number(u.id), name: u.name, email: `u${u.id}@example.ru`, lang: 'ru',
      rights: { is_admin: false, is_free: false, is_active: u.active, group_id: u.groupId === null ? null : Number(u.groupId), role_id: null },
    })),
    pipelines: account.pipelines.map((p) => ({
      id: Number(p.id), name: p.name, sort: p.sort, is_main: false, is_unsorted_on: false, is_archive: false, account_id: 100,
      _embedded: {
        statuses: account.stages
          .filter((st) => st.pipelineId === p.id)
          .map((st) => ({ id: statusId(st), name: st.name, sort: st.sort, is_editable: st.kind === 'open', pipeline_id: Number(p.id), color: '#99ccff', type: 0, account_id: 100 })),
      },
    })),
    lossReasons: reasons.map((name) => ({ id: reasonId.get(name)!, name, sort: reasonId.get(name)!, created_at: 0, updated_at: 0 })),
    leads: account.deals.map((d) => ({
      id: Number(d.id), name: d.name, price: d.price, responsible_user_id: d.responsibleId === null ? 0 : Number(d.responsibleId),
      group_id: 0, status_id: statusOf(d.stageId), pipeline_id: Number(d.pipelineId), loss_reason_id: d.lossReason === null ? null : reasonId.get(d.lossReason)!,
      created_by: 0, updated_by: 0, created_at: s(d.createdAt), updated_at: s(d.updatedAt), closed_at: d.closedAt === null ? null : s(d.closedAt),
      closest_task_at: null, is_deleted: false, custom_fields_values: null, score: null, account_id: 100, labor_cost: null,
      _embedded: { tags: [], companies: [] },
    })),
    tasks: account.tasks.map((t) => ({
      id: Number(t.id), entity_id: t.dealId === null ? null : Number(t.dealId), entity_type: t.dealId === null ? null : 'leads',
      responsible_user_id: t.responsibleId === null ? 0 : Number(t.responsibleId), text: t.text, task_type_id: typeId.get(t.type) ?? 1,
      complete_till: t.dueAt === null ? 0 : s(t.dueAt), is_completed: t.completed, created_by: 0, updated_by: 0, group_id: 0, duration: 0, account_id: 100,
      created_at: s(t.createdAt), updated_at: s(t.completedAt ?? t.createdAt), result: t.completed ? { text: 'Сделано' } : [],
    })),
    events: account.stageChanges.map((c) => ({
      id: `ev${c.id}`, type: 'lead_status_changed', entity_id: Number(c.dealId), entity_type: 'lead', created_by: c.byUserId === null ? 0 : Number(c.byUserId),
      created_at: s(c.at), account_id: 100,
      value_before: c.fromStageId === null ? [] : [{ lead_status: { id: statusOf(c.fromStageId), pipeline_id: pipelineOf(c.fromStageId) } }],
      value_after: [{ lead_status: { id: statusOf(c.toStageId), pipeline_id: pipelineOf(c.toStageId) } }],
    })),
    notes: account.calls.map((c) => ({
      id: Number(c.id), entity_id: c.dealId === null ? 0 : Number(c.dealId), note_type: c.direction === 'in' ? 'call_in' : 'call_out',
      created_by: c.userId === null ? 0 : Number(c.userId), responsible_user_id: c.userId === null ? 0 : Number(c.userId),
      created_at: s(c.at), updated_at: s(c.at),
      params: { uniq: `c${c.id}`, duration: c.durationSec, source: 'tel', link: '', phone: '+79990000000', call_status: c.missed ? 6 : 4 },
    })),
  };
}

function statusId(stage: Stage): number {
  if (stage.kind === 'won') return 142;
  if (stage.kind === 'lost') return 143;
  return Number(stage.id);
}
