import { z } from 'zod';
import type { Task } from '../model';
import { readAllOrNone } from '../http/abort';
import { AmoApiError, type AmoClient } from './client';
import { toTask } from './mapping';
import { accountWire, taskWire, type TaskWire } from './wire';

/** amoCRM's largest page of tasks: a request with this many ids brings all of them back on one page. */
export const IDS_PER_REQUEST = 250;

const taskPage = z.object({ _embedded: z.object({ tasks: z.array(z.unknown()) }).partial().optional() });

/**
 * The task types by id, as the account lists them (`with=task_types`): a
 * task's type is named from it. One request.
 */
export async function readTaskTypes(client: AmoClient, signal?: AbortSignal): Promise<Map<number, string>> {
  const answer = await client.get('/api/v4/account?with=task_types', signal ? { signal } : {});
  const parsed = accountWire.safeParse(answer);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AmoApiError(`amoCRM answered /api/v4/account with an unexpected shape: ${issue?.path.join('.')}: ${issue?.message}`, 'bad-request', 200);
  }
  return new Map((parsed.data._embedded?.task_types ?? []).map((t) => [t.id, t.name]));
}

/**
 * The tasks with these ids as amoCRM has them now, unmapped: GET /api/v4/tasks
 * filtered by id (`filter[id][]`, repeated), up to 250 ids a request, so each
 * request is one page and never a second one. The requests go out together;
 * the client's token bucket paces them with everything else sent to the
 * account. amoCRM answers 204 when none of the ids exists any more. Ids that
 * cannot be amoCRM task ids (not a number) are not asked about: the account
 * has no such task. The first request to fail gives up the others; an
 * answer holding a task not asked about fails the read.
 */
export async function readTaskRows(client: AmoClient, ids: readonly string[], signal?: AbortSignal): Promise<TaskWire[]> {
  const wanted = amoTaskIds(ids);
  if (wanted.length === 0) return [];
  const chunks: string[][] = [];
  for (let i = 0; i < wanted.length; i += IDS_PER_REQUEST) chunks.push(wanted.slice(i, i + IDS_PER_REQUEST));
  return readAllOrNone(chunks, signal, async (chunk, callSignal) => {
    // Brackets left as they are (ids are digits, nothing else needs escaping): 250 ids then make a
    // URL of about 6 KB, where escaped ones would pass the 8 KB request line web servers commonly accept.
    const query = [...chunk.map((id) => `filter[id][]=${id}`), `limit=${IDS_PER_REQUEST}`].join('&');
    const tasks = parsePage(await client.get(`/api/v4/tasks?${query}`, { signal: callSignal }));
    // A filter amoCRM ignored would answer with other tasks, and the ones asked about would look deleted: that is an error, not an answer.
    const asked = new Set(chunk);
    const stray = tasks.find((task) => !asked.has(String(task.id)));
    if (stray) throw new AmoApiError(`amoCRM answered /api/v4/tasks filtered by id with task ${stray.id}, which was not asked for: the filter was not applied`, 'bad-request', 200);
    return tasks;
  });
}

/** The ids worth asking amoCRM about, once each: its task ids are numbers. */
export const amoTaskIds = (ids: readonly string[]): string[] => [...new Set(ids)].filter((id) => /^\d+$/.test(id));

/** The tasks of one answer; null is amoCRM's 204, nothing found. */
function parsePage(body: unknown): TaskWire[] {
  if (body === null) return [];
  const page = taskPage.safeParse(body);
  if (!page.success) throw new AmoApiError(`amoCRM answered /api/v4/tasks (by id) with an unexpected shape: ${page.error.issues[0]?.message}`, 'bad-request', 200);
  return (page.data._embedded?.tasks ?? []).map((row, i) => {
    const checked = taskWire.safeParse(row);
    if (checked.success) return checked.data;
    const issue = checked.error.issues[0];
    throw new AmoApiError(`amoCRM answered /api/v4/tasks (by id, row ${i + 1}) with an unexpected tasks row: ${issue?.path.join('.')}: ${issue?.message}`, 'bad-request', 200);
  });
}

/** Task types a read needs named: those of its tasks the known list does not hold. */
export function unnamedTypes(tasks: readonly TaskWire[], known: ReadonlyMap<number, string>): number[] {
  return [...new Set(tasks.flatMap((t) => (t.task_type_id && !known.has(t.task_type_id) ? [t.task_type_id] : [])))];
}

export const mapTasks = (tasks: readonly TaskWire[], taskTypes: ReadonlyMap<number, string>): Task[] => tasks.map((t) => toTask(t, taskTypes));
