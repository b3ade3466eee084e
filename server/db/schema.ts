/** Every table, for Drizzle's relational queries and typed transactions. */
export * from '../modules/audit/audit.table.js';
export * from '../modules/auth/auth.table.js';
export * from '../modules/customers/customers.table.js';
export * from '../modules/dispatch/dispatch.table.js';
export * from '../modules/feedback/complaints.table.js';
export * from '../modules/feedback/portal.table.js';
export * from '../modules/feedback/return-visits.table.js';
export * from '../modules/feedback/surveys.table.js';
export * from '../modules/notify/notify.table.js';
export * from '../modules/org/org.table.js';
export * from '../modules/parts/parts.table.js';
export * from '../modules/sla/sla.table.js';
export * from '../modules/tickets/tickets.table.js';
