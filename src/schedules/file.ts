import { z } from 'zod';
import { compareDates, isoDate, parseIsoDate, type LocalDate } from '../calendar/local-date';
import { ABSENCE_KINDS, type Absence, type PersonalSchedule, type WorkPattern } from './model';

/**
 * People's own schedules as a file an admin edits (`cli schedules
 * export|import`): every person with a pattern or an absence, dates as
 * YYYY-MM-DD. Validated as a whole, every problem with its path, like a
 * norms file; pure (the CLI reads and writes the file).
 *
 *   { "people": [ { "crmUserId": "m1", "name": "Ипполит",
 *       "pattern": { "kind": "cycle", "on": 3, "off": 3, "start": "2026-12-01", "from": "09:00", "to": "21:00" },
 *       "absences": [ { "kind": "vacation", "from": "2026-12-10", "to": "2026-12-20" } ] } ] }
 */

export interface SchedulesProblem {
  /** Dotted path into the document, e.g. `people.0.pattern.on`. */
  path: string;
  message: string;
}

export type SchedulesResult = { ok: true; schedules: Map<string, PersonalSchedule> } | { ok: false; problems: SchedulesProblem[] };

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM, e.g. "09:00"');
const date = z
  .string()
  .refine((text) => parseIsoDate(text) !== null, 'expected a real date as YYYY-MM-DD, e.g. "2026-12-10"')
  .transform((text) => parseIsoDate(text)!);

const patternSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('weekly'),
    days: z
      .array(z.number().int().min(1).max(7))
      .min(1, 'expected at least one weekday, 1 = Monday … 7 = Sunday')
      .refine((days) => new Set(days).size === days.length, 'a weekday is listed twice'),
    from: clockTime,
    to: clockTime,
  }),
  z.strictObject({
    kind: z.literal('cycle'),
    on: z.number().int().min(1).max(14),
    off: z.number().int().min(0).max(14),
    start: date,
    from: clockTime,
    to: clockTime,
  }),
]);

const absenceSchema = z
  .strictObject({ kind: z.enum(ABSENCE_KINDS), from: date, to: date })
  .refine((a) => compareDates(a.to, a.from) >= 0, { message: '"to" is before "from"', path: ['to'] });

const personSchema = z.strictObject({
  crmUserId: z.string().min(1),
  /** For the reader only: who the id is. */
  name: z.string().optional(),
  pattern: patternSchema.nullable().optional(),
  absences: z.array(absenceSchema).optional(),
});

const documentSchema = z.strictObject({ people: z.array(personSchema) });

/** Validates a schedules document: unknown keys, wrong types, impossible dates, a person listed twice and overlapping absences are problems. */
export function validateSchedules(input: unknown, knownUsers: ReadonlySet<string>): SchedulesResult {
  const parsed = documentSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.flatMap(toProblems) };
  const problems: SchedulesProblem[] = [];
  const schedules = new Map<string, PersonalSchedule>();
  parsed.data.people.forEach((person, i) => {
    const at = `people.${i}`;
    if (!knownUsers.has(person.crmUserId)) problems.push({ path: `${at}.crmUserId`, message: `no CRM user "${person.crmUserId}" in the snapshot (run a sync first, or check the id)` });
    if (schedules.has(person.crmUserId)) problems.push({ path: `${at}.crmUserId`, message: `"${person.crmUserId}" is listed twice` });
    const absences = [...(person.absences ?? [])].sort((a, b) => compareDates(a.from, b.from));
    absences.forEach((absence, j) => {
      const before = absences[j - 1];
      if (before && compareDates(absence.from, before.to) <= 0) problems.push({ path: `${at}.absences`, message: `${isoDate(before.from)}–${isoDate(before.to)} and ${isoDate(absence.from)}–${isoDate(absence.to)} overlap` });
    });
    schedules.set(person.crmUserId, { pattern: (person.pattern ?? null) as WorkPattern | null, absences: absences as Absence[] });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, schedules };
}

/** The document for the schedules given, people by name. */
export function schedulesDocument(schedules: ReadonlyMap<string, PersonalSchedule>, names: ReadonlyMap<string, string>): object {
  const people = [...schedules.entries()]
    .map(([crmUserId, schedule]) => ({
      crmUserId,
      name: names.get(crmUserId) ?? crmUserId,
      pattern: schedule.pattern ? patternJson(schedule.pattern) : null,
      absences: schedule.absences.map((a) => ({ kind: a.kind, from: isoDate(a.from), to: isoDate(a.to) })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'ru'));
  return { people };
}

function patternJson(pattern: WorkPattern) {
  return pattern.kind === 'weekly' ? { kind: 'weekly', days: [...pattern.days], from: pattern.from, to: pattern.to } : { ...pattern, start: isoDate(pattern.start as LocalDate) };
}

function toProblems(issue: z.core.$ZodIssue): SchedulesProblem[] {
  const path = issue.path.map(String).join('.') || '(root)';
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: path === '(root)' ? key : `${path}.${key}`, message: 'unknown key (check the spelling)' }));
  return [{ path, message: issue.message }];
}
