import type { z } from 'zod';
import { normsSchema, type Norms } from './schema';

/** One thing wrong with a norms document, with the exact path to it. */
export interface NormsProblem {
  /** Dotted path into the document, e.g. `rules.task_overdue.graceMinutes`. */
  path: string;
  message: string;
}

export type NormsResult = { ok: true; norms: Norms } | { ok: false; problems: NormsProblem[] };

/**
 * Validates a norms document. Missing rules or fields are taken from `base`
 * (so a file may override only what it changes); unknown keys, wrong types
 * and impossible values are all reported at once, each with its path.
 */
export function validateNorms(input: unknown, base: Norms): NormsResult {
  if (!isPlainObject(input)) {
    return { ok: false, problems: [{ path: '(root)', message: 'expected a JSON object with "timezone", "workingHours" and "rules"' }] };
  }
  const parsed = normsSchema.safeParse(mergeDeep(base, input));
  if (parsed.success) return { ok: true, norms: parsed.data };
  return { ok: false, problems: parsed.error.issues.flatMap(toProblems) };
}

/** Formats problems one per line, for the CLI and for chat replies. */
export function formatProblems(problems: readonly NormsProblem[]): string {
  return problems.map((p) => `- ${p.path}: ${p.message}`).join('\n');
}

function toProblems(issue: z.core.$ZodIssue): NormsProblem[] {
  const path = issue.path.map(String).join('.') || '(root)';
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: path === '(root)' ? key : `${path}.${key}`, message: 'unknown key (check the spelling)' }));
  }
  return [{ path, message: issue.message }];
}

/** Overlays `patch` on `base`: objects merge key by key, anything else replaces. */
function mergeDeep(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  // fromEntries defines own properties, so a "__proto__" key stays an (unknown, reported) key.
  const patched = Object.entries(patch).map(([key, value]) => [key, mergeDeep(Object.hasOwn(base, key) ? base[key] : undefined, value)]);
  return Object.fromEntries([...Object.entries(base), ...patched]);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The norms stored for an account no longer validate (say, after a schema change): an error, not a silent reset. */
export class InvalidNormsError extends Error {
  override name = 'InvalidNormsError';

  constructor(
    readonly accountId: string,
    readonly problems: readonly NormsProblem[],
  ) {
    super(`Stored norms of account "${accountId}" are invalid:\n${formatProblems(problems)}\nImport a corrected file with "norms import FILE".`);
  }
}
