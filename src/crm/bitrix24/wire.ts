import { z } from 'zod';
import { BitrixApiError } from './client';

/**
 * Bitrix24 REST rows as they arrive: classic methods
 * send numbers and ids as strings, `Y`/`N` flags and ISO dates with an
 * offset; crm.item-style lists send ints. Only the fields the bot reads are
 * checked; the rest pass through unread.
 */

const id = z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(String);
const optionalId = z.union([id, z.literal(''), z.null(), z.literal(0), z.literal('0')]).optional().transform((v) => (v === undefined || v === null || v === '' || v === 0 || v === '0' ? null : String(v)));
const number = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]).transform(Number);
/** An ISO 8601 date with an offset, as epoch ms (UTC); empty means none. */
const date = z.string().transform((s, ctx) => {
  // Parsed once: a large portal sends millions of dates.
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) ctx.addIssue({ code: 'custom', message: 'expected an ISO 8601 date', input: s });
  return ms;
});
const optionalDate = z.union([date, z.literal(''), z.null()]).optional().transform((v) => (typeof v === 'number' ? v : null));
const flag = z.union([z.literal('Y'), z.literal('N'), z.boolean()]).transform((v) => v === true || v === 'Y');

export const userWire = z.object({
  ID: id,
  ACTIVE: z.union([z.boolean(), flag]).optional(),
  NAME: z.string().nullish(),
  LAST_NAME: z.string().nullish(),
  EMAIL: z.string().nullish(),
  UF_DEPARTMENT: z.array(z.union([z.number(), z.string()])).nullish(),
});
export type UserWire = z.infer<typeof userWire>;

export const departmentWire = z.object({ ID: id, NAME: z.string(), UF_HEAD: optionalId });
export type DepartmentWire = z.infer<typeof departmentWire>;

export const categoryWire = z.object({ id: id, name: z.string(), sort: number.optional() });
export type CategoryWire = z.infer<typeof categoryWire>;

export const stageWire = z.object({
  STATUS_ID: z.string(),
  NAME: z.string(),
  SORT: number.optional(),
  SEMANTICS: z.string().nullish(),
  EXTRA: z.object({ SEMANTICS: z.string().optional() }).nullish(),
});
export type StageWire = z.infer<typeof stageWire>;

export const dealWire = z.looseObject({
  ID: id,
  TITLE: z.string().nullish(),
  CATEGORY_ID: z.union([id, z.null()]).optional().transform((v) => v ?? '0'),
  STAGE_ID: z.string(),
  STAGE_SEMANTIC_ID: z.string().nullish(),
  OPPORTUNITY: z.union([number, z.literal(''), z.null()]).optional().transform((v) => (typeof v === 'number' ? v : 0)),
  ASSIGNED_BY_ID: optionalId,
  DATE_CREATE: date,
  DATE_MODIFY: date,
  MOVED_TIME: optionalDate,
  /** The main contact («0» or empty: none). crm.deal.list does not give CONTACT_IDS, the deal's other contacts. */
  CONTACT_ID: optionalId,
  COMPANY_ID: optionalId,
});
export type DealWire = z.infer<typeof dealWire> & Record<string, unknown>;

export const stageHistoryWire = z.object({ ID: id, TYPE_ID: number, OWNER_ID: id, CREATED_TIME: date, STAGE_ID: z.string() });
export type StageHistoryWire = z.infer<typeof stageHistoryWire>;

export const taskWire = z.object({
  id: id,
  title: z.string().nullish(),
  responsibleId: optionalId,
  deadline: optionalDate,
  status: z.union([z.string(), z.number()]).transform(String),
  closedDate: optionalDate,
  createdDate: date,
  ufCrmTask: z.union([z.array(z.string()), z.literal(false), z.null()]).optional(),
});
export type TaskWire = z.infer<typeof taskWire>;

export const activityWire = z.object({
  ID: id,
  OWNER_TYPE_ID: id,
  OWNER_ID: id,
  TYPE_ID: id,
  SUBJECT: z.string().nullish(),
  CREATED: date,
  START_TIME: optionalDate,
  END_TIME: optionalDate,
  DEADLINE: optionalDate,
  COMPLETED: flag,
  RESPONSIBLE_ID: optionalId,
  DIRECTION: optionalId,
  LAST_UPDATED: optionalDate,
  /** Who the activity was with, when selected: a call's entries carry the client's number (TYPE `PHONE`). */
  COMMUNICATIONS: z.array(z.looseObject({ TYPE: z.string().nullish(), VALUE: z.string().nullish() })).nullish(),
});
export type ActivityWire = z.infer<typeof activityWire>;

export const callStatWire = z.object({
  ID: id,
  PORTAL_USER_ID: optionalId,
  CALL_TYPE: id,
  CALL_DURATION: number.optional(),
  CALL_START_DATE: date,
  CALL_FAILED_CODE: z.union([z.string(), z.number()]).nullish(),
  CRM_ENTITY_TYPE: z.string().nullish(),
  CRM_ENTITY_ID: optionalId,
  /** The CRM activity this call made, if any: the same call seen from the CRM's side. */
  CRM_ACTIVITY_ID: optionalId,
  PHONE_NUMBER: z.string().nullish(),
});
export type CallStatWire = z.infer<typeof callStatWire>;

export const userFieldWire = z.object({ FIELD_NAME: z.string(), LIST: z.array(z.object({ ID: id, VALUE: z.string() })).nullish() });

/** Checks rows against a wire schema; a row of another shape is an error naming the method and field. */
export function parseRows<T>(schema: z.ZodType<T>, rows: readonly unknown[], method: string): T[] {
  return rows.map((row, i) => {
    const checked = schema.safeParse(row);
    if (checked.success) return checked.data;
    const issue = checked.error.issues[0];
    throw new BitrixApiError(`Bitrix24 answered ${method} with an unexpected row ${i + 1}: ${issue?.path.join('.')}: ${issue?.message}`, 'bad-request', null);
  });
}
