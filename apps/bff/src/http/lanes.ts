import type { RequestHandler } from 'express';
import { inLane, type Lane } from '../db/database.ts';

/**
 * Each request on its lane of database connections (db/database.ts): health on its own, reads (GET, HEAD) on
 * theirs, everything else on the commands' — so a pile of commands waiting on one locked payment cannot
 * take the connections that health and the lists need.
 */
export const databaseLane: RequestHandler = (req, _res, next) => {
  const lane: Lane =
    req.path === '/health' ? 'health' : req.method === 'GET' || req.method === 'HEAD' ? 'reads' : 'commands';
  inLane(lane, next);
};
