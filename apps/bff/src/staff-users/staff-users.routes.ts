import { Router } from 'express';
import type { Db } from '../db/database.ts';
import type { StaffUserRow } from '../db/schema.ts';
import { addReadRoutes } from '../http/read-routes.ts';
import { findStaffUserById, listStaffUsers, staffUserListSpec } from './staff-users.repository.ts';

/** Never the password hash. */
export function staffUserToWire({ password_hash: _hash, ...user }: StaffUserRow) {
  return user;
}

export function staffUsersRouter(db: Db): Router {
  const router = Router();
  addReadRoutes(router, db, { spec: staffUserListSpec, noun: 'staff user', list: listStaffUsers, find: findStaffUserById, toWire: staffUserToWire });
  return router;
}
