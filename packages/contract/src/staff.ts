import { SAVED_VIEW_RESOURCES, STAFF_ROLES } from '@paydesk/domain';
import { z } from 'zod';
import { jsonObject, nullableTimestamp, recordId, timestamp } from './common.ts';
import { EMAIL_MAX, FULL_NAME_MAX, MIN_PASSWORD_LENGTH, PASSWORD_MAX_LENGTH, SAVED_VIEW_NAME_MAX } from './rules.ts';

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

/** A new password, as every account's is checked. */
export const newPassword = z
  .string({ error: 'This field is required.' })
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, 'Use at most 1,024 characters.');

/** `POST /api/auth/login`. */
export const loginBody = z
  .object({
    email: z.string({ error: 'This field is required.' }).trim().min(1, 'This field is required.').max(EMAIL_MAX),
    password: z.string({ error: 'This field is required.' }).min(1, 'This field is required.').max(PASSWORD_MAX_LENGTH),
  })
  .meta({ id: 'LoginRequest' });

export type LoginRequest = z.input<typeof loginBody>;

/** `POST /api/auth/password`: one's own password, changed. */
export const passwordChangeBody = z
  .object({
    current_password: z.string({ error: 'This field is required.' }).min(1, 'This field is required.'),
    new_password: newPassword,
  })
  .meta({ id: 'PasswordChangeRequest' });

const account = {
  full_name: z.string({ error: 'This field is required.' }).trim().min(1, 'This field is required.').max(FULL_NAME_MAX),
  email: z
    .string({ error: 'This field is required.' })
    .trim()
    .toLowerCase()
    .email('Must be an email address.')
    .max(EMAIL_MAX),
  role: z.enum(STAFF_ROLES, { error: `Must be one of ${STAFF_ROLES.join(', ')}.` }),
};

/** `POST /api/staff-users`: a new account and its first password. */
export const staffUserCreateBody = z
  .object({ ...account, password: newPassword })
  .meta({ id: 'StaffUserCreateRequest' });

/** `PUT /api/staff-users/<id>`: name, email, role, and whether the account may sign in. */
export const staffUserUpdateBody = z.object({ ...account, active: z.boolean() }).meta({ id: 'StaffUserUpdateRequest' });

/** `POST /api/staff-users/<id>/password`: an admin sets a staff member's password. */
export const passwordResetBody = z.object({ password: newPassword }).meta({ id: 'PasswordResetRequest' });

export type PasswordResetRequest = z.input<typeof passwordResetBody>;

/** `POST /api/saved-views`: a list's filter and sort under a name. */
export const savedViewBody = z
  .object({
    resource: z.enum(SAVED_VIEW_RESOURCES, { error: `Must be one of ${SAVED_VIEW_RESOURCES.join(', ')}.` }),
    name: z
      .string({ error: 'This field is required.' })
      .trim()
      .min(1, 'This field is required.')
      .max(SAVED_VIEW_NAME_MAX, `Use at most ${SAVED_VIEW_NAME_MAX} characters.`),
    filter: z
      .custom<Record<string, unknown>>(
        (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
        'Must be a JSON object.',
      )
      .default({}),
    sort: z
      .object({
        field: z.string().min(1, 'This field is required.').max(100, 'Use at most 100 characters.'),
        order: z.enum(['ASC', 'DESC'], { error: 'Must be ASC or DESC.' }),
      })
      .nullable()
      .default(null),
  })
  .meta({ id: 'SavedViewRequest' });

export type SavedViewRequest = z.input<typeof savedViewBody>;
