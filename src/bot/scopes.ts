import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { pipelines, stages } from '../db/schema';
import type { ScopeNames } from './norms-text';

/** Pipelines and their open stages, in CRM order: what a per-stage or per-pipeline norm can be set for. */
export interface ScopeCatalog {
  pipelines: { id: string; name: string }[];
  stages: { id: string; name: string; pipelineId: string; pipelineName: string }[];
}

export function scopeCatalog(db: Db, accountId: string): ScopeCatalog {
  const pipelineRows = db.select().from(pipelines).where(eq(pipelines.accountId, accountId)).orderBy(asc(pipelines.sort)).all();
  const pipelineName = new Map(pipelineRows.map((p) => [p.id, p.name]));
  const stageRows = db.select().from(stages).where(eq(stages.accountId, accountId)).orderBy(asc(stages.sort)).all();
  return {
    pipelines: pipelineRows.map((p) => ({ id: p.id, name: p.name })),
    stages: stageRows
      .filter((s) => s.kind === 'open')
      .sort((a, b) => pipelineRows.findIndex((p) => p.id === a.pipelineId) - pipelineRows.findIndex((p) => p.id === b.pipelineId) || a.sort - b.sort)
      .map((s) => ({ id: s.id, name: s.name, pipelineId: s.pipelineId, pipelineName: pipelineName.get(s.pipelineId) ?? s.pipelineId })),
  };
}

export function scopeNames(catalog: ScopeCatalog): ScopeNames {
  return {
    stages: new Map(catalog.stages.map((s) => [s.id, { name: s.name, pipelineName: s.pipelineName }])),
    pipelines: new Map(catalog.pipelines.map((p) => [p.id, p.name])),
  };
}
