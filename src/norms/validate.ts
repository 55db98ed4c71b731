import type { z } from 'zod';
import { legacyLadder } from './ladder';
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
  const upgraded = upgradeLegacy(input);
  if ('problems' in upgraded) return { ok: false, problems: upgraded.problems };
  const parsed = normsSchema.safeParse(mergeDeep(base, upgraded.document));
  if (parsed.success) return { ok: true, norms: parsed.data };
  return { ok: false, problems: parsed.error.issues.flatMap(toProblems) };
}

const LEGACY_PATH = 'rules.task_overdue.escalateAfterMinutes';

/**
 * Documents written before the escalation ladder — norms stored in the
 * database, exported files — carry `task_overdue.escalateAfterMinutes`: it
 * becomes the ladder it meant (legacyLadder: the manager and the supervisor
 * at once, the supervisor again after that many minutes), so they load and
 * ping exactly as before. Returns a new document; the input is not changed.
 */
function upgradeLegacy(document: Record<string, unknown>): { document: Record<string, unknown> } | { problems: NormsProblem[] } {
  const rules = document.rules;
  if (!isPlainObject(rules) || !isPlainObject(rules.task_overdue) || !Object.hasOwn(rules.task_overdue, 'escalateAfterMinutes')) return { document };
  const { escalateAfterMinutes, ...rule } = rules.task_overdue;
  if (Object.hasOwn(rule, 'escalation')) {
    return { problems: [{ path: LEGACY_PATH, message: 'the old form of "escalation": give the ladder alone, without escalateAfterMinutes' }] };
  }
  if (typeof escalateAfterMinutes !== 'number' || !Number.isInteger(escalateAfterMinutes) || escalateAfterMinutes <= 0) {
    return { problems: [{ path: LEGACY_PATH, message: 'expected a whole number of minutes above 0 (or write the ladder as "escalation")' }] };
  }
  return { document: { ...document, rules: { ...rules, task_overdue: { ...rule, escalation: legacyLadder(escalateAfterMinutes) } } } };
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
