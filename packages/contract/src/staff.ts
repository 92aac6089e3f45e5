import { SAVED_VIEW_RESOURCES, STAFF_ROLES } from '@paydesk/domain';
import { z } from 'zod';
import { jsonObject, nullableTimestamp, recordId, timestamp } from './common.ts';

/** The staff API's staff members (`/api/staff-users`), their session (`/api/auth`) and their saved views. */

/** A staff account: never its password hash or its count of failed sign-ins. */
export const staffUser = z
  .object({
    id: recordId,
    full_name: z.string(),
    email: z.string(),
    role: z.enum(STAFF_ROLES),
    active: z.boolean(),
    locked_until: nullableTimestamp.meta({
      description: 'While the account is locked after too many wrong passwords: when the lock ends.',
    }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .strict()
  .meta({ id: 'StaffUser' });

export type StaffUser = z.infer<typeof staffUser>;

export const staffUserList = z.array(staffUser);

/** `POST /api/auth/login` and `GET /api/auth/me`: who is signed in, and the token writes carry. */
export const staffSession = z
  .object({
    id: recordId,
    full_name: z.string(),
    email: z.string(),
    role: z.enum(STAFF_ROLES),
    csrf_token: z.string().meta({ description: 'Sent as X-CSRF-Token on every state-changing request.' }),
  })
  .strict()
  .meta({ id: 'StaffSession' });

export type StaffSession = z.infer<typeof staffSession>;

/** `GET /api/auth/demo-accounts`: the demo's accounts (none outside the demo) and their shared password. */
export const demoAccounts = z
  .object({
    accounts: z.array(z.object({ email: z.string(), full_name: z.string(), role: z.enum(STAFF_ROLES) }).strict()),
    password: z.string().optional(),
  })
  .strict()
  .meta({ id: 'DemoAccounts' });

export type DemoAccounts = z.infer<typeof demoAccounts>;

/** `POST /api/auth/password` and `/logout`: done, nothing to say. */
export const emptyAnswer = z.object({}).strict().meta({ id: 'Empty' });

/** A staff member's own named filter and sort of a list (`/api/saved-views`). */
export const savedView = z
  .object({
    id: recordId,
    resource: z.enum(SAVED_VIEW_RESOURCES),
    name: z.string(),
    filter: jsonObject,
    sort: z
      .object({ field: z.string(), order: z.enum(['ASC', 'DESC']) })
      .strict()
      .nullable(),
    created_at: timestamp,
  })
  .strict()
  .meta({ id: 'SavedView' });

export type SavedView = z.infer<typeof savedView>;

export const savedViewList = z.array(savedView);
