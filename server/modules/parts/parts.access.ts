/** Who may do what with parts and stock (server side; web/src/lib/access.ts mirrors it). */
import type { Role } from '../../lib/roles.js';

/** Everyone who works with tickets reads the catalogue and stock levels. */
export const stockReaders: readonly Role[] = [
  'admin',
  'executive',
  'station_manager',
  'agent',
  'engineer',
  'parts_keeper',
  'quality',
  'finance',
];
/** Catalogue, suppliers, price list, fits, warehouses, loaner pool. */
export const catalogueWriters: readonly Role[] = ['admin', 'station_manager', 'parts_keeper'];
/** Receipts, reservations, issues, returns, transfers, mailing, scrap, counting, loans. */
export const stockKeepers: readonly Role[] = ['admin', 'station_manager', 'parts_keeper'];
/** Stocktake and purchase request approval (PRT-4, PRT-5). */
export const partsApprovers: readonly Role[] = ['admin', 'station_manager'];
/** Ask for parts on a ticket and record what was consumed or returned. */
export const partRequesters: readonly Role[] = ['admin', 'station_manager', 'agent', 'engineer'];
/** Inspect returned faulty parts and decide responsibility (PRT-6). */
export const faultyInspectors: readonly Role[] = ['admin', 'station_manager', 'parts_keeper', 'quality'];
