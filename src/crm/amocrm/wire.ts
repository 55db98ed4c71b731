import { z } from 'zod';

/**
 * The parts of amoCRM API v4 answers the connector reads,
 * checked at the edge: an answer of an unexpected shape is an error naming
 * the field, not a silent NaN in a report. Unknown fields are ignored.
 * Times are unix seconds.
 */

const id = z.number().int();
const seconds = z.number().int();

export const accountWire = z.object({
  id,
  name: z.string(),
  subdomain: z.string(),
  is_loss_reason_enabled: z.boolean().optional(),
  is_api_filter_enabled: z.boolean().optional(),
  _embedded: z
    .object({
      users_groups: z.array(z.object({ id, name: z.string() })).optional(),
      task_types: z.array(z.object({ id, name: z.string() })).optional(),
    })
    .optional(),
});

export const userWire = z.object({
  id,
  name: z.string(),
  rights: z.object({ is_active: z.boolean().optional(), group_id: id.nullable().optional() }).optional(),
});

export const statusWire = z.object({ id, name: z.string(), sort: z.number(), pipeline_id: id, type: z.number().optional() });

export const pipelineWire = z.object({
  id,
  name: z.string(),
  sort: z.number(),
  is_archive: z.boolean().optional(),
  _embedded: z.object({ statuses: z.array(statusWire) }),
});

export const lossReasonWire = z.object({ id, name: z.string() });

export const leadWire = z.object({
  id,
  name: z.string().nullable().optional(),
  price: z.number().nullable().optional(),
  responsible_user_id: id.nullable().optional(),
  status_id: id,
  pipeline_id: id,
  loss_reason_id: id.nullable().optional(),
  created_at: seconds,
  updated_at: seconds,
  closed_at: seconds.nullable().optional(),
  is_deleted: z.boolean().optional(),
  _embedded: z
    .object({
      // amoCRM documents it as an object but its example shows an array (API v4, /api/v4/leads): both are read.
      loss_reason: z.union([z.array(lossReasonWire), lossReasonWire]).nullable().optional(),
      // Only with `with=contacts`; `is_main` marks the main contact (API v4, /api/v4/leads).
      contacts: z.array(z.object({ id, is_main: z.boolean().nullable().optional() })).nullable().optional(),
      // Always there; a lead has at most one company.
      companies: z.array(z.object({ id })).nullable().optional(),
    })
    .optional(),
});

export const taskWire = z.object({
  id,
  entity_id: id.nullable().optional(),
  entity_type: z.string().nullable().optional(),
  responsible_user_id: id.nullable().optional(),
  text: z.string().nullable().optional(),
  task_type_id: id.nullable().optional(),
  complete_till: seconds.nullable().optional(),
  is_completed: z.boolean(),
  created_at: seconds,
  updated_at: seconds,
});

const leadStatus = z.object({ lead_status: z.object({ id, pipeline_id: id }) });

export const statusEventWire = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  type: z.literal('lead_status_changed'),
  entity_id: id,
  created_by: id.nullable().optional(),
  created_at: seconds,
  value_before: z.array(leadStatus).default([]),
  value_after: z.array(leadStatus).min(1),
});

export const deletionEventWire = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  type: z.literal('lead_deleted'),
  entity_id: id,
  created_at: seconds,
});

export const callNoteWire = z.object({
  id,
  entity_id: id,
  note_type: z.enum(['call_in', 'call_out']),
  created_by: id.nullable().optional(),
  responsible_user_id: id.nullable().optional(),
  created_at: seconds,
  params: z
    .object({
      duration: z.number().nullable().optional(),
      call_status: z.number().nullable().optional(),
      // A string in amoCRM's examples; telephony integrations write it themselves, so a bare number is read too.
      phone: z.union([z.string(), z.number()]).nullable().optional(),
    })
    .default({}),
});

export type AccountWire = z.infer<typeof accountWire>;
export type UserWire = z.infer<typeof userWire>;
export type PipelineWire = z.infer<typeof pipelineWire>;
export type LeadWire = z.infer<typeof leadWire>;
export type TaskWire = z.infer<typeof taskWire>;
export type StatusEventWire = z.infer<typeof statusEventWire>;
export type CallNoteWire = z.infer<typeof callNoteWire>;
