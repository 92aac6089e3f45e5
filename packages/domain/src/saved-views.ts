/**
 * The lists whose filters and sort a staff member may save as a named view (the console offers "Views" on each;
 * the BFF refuses any other, and so does the table's CHECK).
 */
export const SAVED_VIEW_RESOURCES = [
  'payments',
  'orders',
  'refunds',
  'log-entries',
  'fraud-reviews',
  'fraud-decisions',
  'audit-events',
] as const;
export type SavedViewResource = (typeof SAVED_VIEW_RESOURCES)[number];
