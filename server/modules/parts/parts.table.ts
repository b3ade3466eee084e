/**
 * Parts and inventory (REQUIREMENTS §5, DSP-7). Stock is a cache of the append-only ledger:
 * `stock.on_hand = sum(stock_ledger.quantity)` and `stock.reserved = sum(stock_ledger.reserved_delta)`
 * per warehouse, part and condition; both are changed only by `postMovement` (stock-ledger.ts) in
 * the transaction that writes the ledger entry. Quantities are whole units of the part's unit.
 * Money is in fen (integer).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { customers, equipment, productModels } from '../customers/customers.table.js';
import { visits } from '../dispatch/dispatch.table.js';
import { recordColumns, stations, users } from '../org/org.table.js';
import { tickets, ticketTasks } from '../tickets/tickets.table.js';

export const partCategories = ['mechanical', 'electrical', 'electronic', 'consumable', 'software', 'other'] as const;
export const stockConditions = ['good', 'defective'] as const;
/** 三包件 (free under warranty) or 客户购买件 (the customer pays) — the repair record's two columns. */
export const chargeKinds = ['warranty', 'customer_bought'] as const;

export const suppliers = pgTable(
  'suppliers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    contactName: text('contact_name'),
    phone: text('phone'),
    address: text('address'),
    notes: text('notes'),
    ...recordColumns,
  },
  (t) => [uniqueIndex('suppliers_code_key').on(t.code)],
);

/** The parts catalogue (PRT-1). */
export const parts = pgTable(
  'parts',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    spec: text('spec'),
    unit: text('unit').notNull().default('个'),
    category: text('category', { enum: partCategories }).notNull(),
    /** Serialised parts carry a serial number; replacing one swaps it on the equipment record. */
    serialised: boolean('serialised').notNull().default(false),
    /** Suggest a purchase when available stock of a station falls to this level (PRT-5). */
    reorderPoint: integer('reorder_point').notNull().default(0),
    /** Usual order quantity; the suggestion never proposes less. */
    reorderQuantity: integer('reorder_quantity').notNull().default(0),
    defaultSupplierId: integer('default_supplier_id').references(() => suppliers.id),
    notes: text('notes'),
    ...recordColumns,
  },
  (t) => [
    uniqueIndex('parts_code_key').on(t.code),
    index('parts_name_idx').on(t.name),
    index('parts_category_idx').on(t.category, t.code),
    check('parts_reorder', sql`${t.reorderPoint} >= 0 and ${t.reorderQuantity} >= 0`),
  ],
);

/** Which suppliers deliver a part, under which of their numbers. */
export const partSuppliers = pgTable(
  'part_suppliers',
  {
    partId: integer('part_id')
      .notNull()
      .references(() => parts.id),
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    supplierPartNo: text('supplier_part_no'),
    leadTimeDays: integer('lead_time_days'),
  },
  (t) => [primaryKey({ columns: [t.partId, t.supplierId] })],
);

/**
 * The price list (备品备件库定价), versioned by effective date: the price on day D is the row with
 * the latest `effective_from` ≤ D. Rows are never updated, so any day's price stays reproducible.
 */
export const partPrices = pgTable(
  'part_prices',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    partId: integer('part_id')
      .notNull()
      .references(() => parts.id),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    /** What the customer pays for a customer-bought part. */
    priceFen: integer('price_fen').notNull(),
    /** What the part costs us (stock value, warranty cost). */
    costFen: integer('cost_fen').notNull(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('part_prices_part_day_key').on(t.partId, t.effectiveFrom),
    check('part_prices_non_negative', sql`${t.priceFen} >= 0 and ${t.costFen} >= 0`),
  ],
);

/** Which parts fit which product models. */
export const partFits = pgTable(
  'part_fits',
  {
    partId: integer('part_id')
      .notNull()
      .references(() => parts.id),
    modelId: integer('model_id')
      .notNull()
      .references(() => productModels.id),
  },
  (t) => [primaryKey({ columns: [t.partId, t.modelId] }), index('part_fits_model_idx').on(t.modelId)],
);

export const warehouseKinds = ['station', 'van'] as const;

/** A station's warehouse, or an engineer's van stock (PRT-2). */
export const warehouses = pgTable(
  'warehouses',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    kind: text('kind', { enum: warehouseKinds }).notNull().default('station'),
    /** The engineer who keeps a van stock. */
    engineerId: integer('engineer_id').references(() => users.id),
    address: text('address'),
    ...recordColumns,
  },
  (t) => [
    uniqueIndex('warehouses_code_key').on(t.code),
    index('warehouses_station_idx').on(t.stationId),
    check('warehouses_van_engineer', sql`(${t.kind} = 'van') = (${t.engineerId} is not null)`),
  ],
);

/**
 * On hand and reserved per warehouse, part and condition (good or defective stock). Written only by
 * `postMovement`; the checks make a negative or over-reserved balance impossible even for a bug.
 */
export const stock = pgTable(
  'stock',
  {
    warehouseId: integer('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    partId: integer('part_id')
      .notNull()
      .references(() => parts.id),
    condition: text('condition', { enum: stockConditions }).notNull(),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    lastMovementAt: timestamp('last_movement_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.warehouseId, t.partId, t.condition] }),
    index('stock_part_idx').on(t.partId),
    check('stock_never_negative', sql`${t.onHand} >= 0 and ${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`),
  ],
);

/**
 * Movement kinds of the ledger (PRT-3). `quantity` is the signed change of on-hand, `reserved_delta`
 * the signed change of reserved; a reservation moves only `reserved_delta`.
 */
export const movementKinds = [
  'receipt', // goods received and accepted (验收), optionally against a purchase request
  'reserve', // reserved for a ticket's part request
  'unreserve', // reservation released
  'issue', // issued against a ticket (出库)
  'return', // unused part returned from a ticket
  'transfer_out', // shipped to another warehouse (in transit until received)
  'transfer_in', // received from another warehouse
  'mail', // mailed to a customer (TKT-8 parts by mail)
  'scrap', // scrapped (报废)
  'adjustment', // stocktake adjustment (盘盈/盘亏)
  'defective_in', // faulty part booked into defective stock (PRT-6)
  'defective_out', // defective part sent to the supplier, repaired back to good stock or scrapped
] as const;

export const stockLedger = pgTable(
  'stock_ledger',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind', { enum: movementKinds }).notNull(),
    warehouseId: integer('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    partId: integer('part_id')
      .notNull()
      .references(() => parts.id),
    condition: text('condition', { enum: stockConditions }).notNull(),
    quantity: integer('quantity').notNull(),
    reservedDelta: integer('reserved_delta').notNull().default(0),
    /** On hand of this warehouse/part/condition after the entry — the 台账 balance column. */
    balanceAfter: integer('balance_after').notNull(),
    /** Cost per unit at the time (stock value, warranty cost statistics). */
    unitCostFen: integer('unit_cost_fen'),
    chargeKind: text('charge_kind', { enum: chargeKinds }),
    ticketId: integer('ticket_id').references(() => tickets.id),
    partRequestId: integer('part_request_id'),
    transferId: integer('transfer_id'),
    purchaseRequestId: integer('purchase_request_id'),
    stocktakeId: integer('stocktake_id'),
    faultyReturnId: integer('faulty_return_id'),
    serialNo: text('serial_no'),
    actorId: integer('actor_id')
      .notNull()
      .references(() => users.id),
    note: text('note'),
  },
  (t) => [
    index('stock_ledger_item_idx').on(t.warehouseId, t.partId, t.id),
    index('stock_ledger_part_at_idx').on(t.partId, t.at),
    index('stock_ledger_at_idx').on(t.at),
    index('stock_ledger_ticket_idx').on(t.ticketId).where(sql`${t.ticketId} is not null`),
    check('stock_ledger_moves_something', sql`${t.quantity} <> 0 or ${t.reservedDelta} <> 0`),
  ],
);

export const partRequestStatuses = [
  'requested', // the engineer asked for it
  'reserved', // the parts keeper set it aside
  'issued', // handed to the engineer (stock left the warehouse)
  'consumed', // recorded as used on site (some may have been returned)
  'returned', // nothing used, all returned
  'cancelled',
] as const;

/** A part asked for on a ticket and what became of it (parts on a ticket, PRT-3). */
export const partRequests = pgTable(
  'part_requests',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    visitId: integer('visit_id').references(() => visits.id),
    partId: integer('part_id')
      .notNull()
      .references(() => parts.id),
    warehouseId: integer('warehouse_id').references(() => warehouses.id),
    quantity: integer('quantity').notNull(),
    issuedQuantity: integer('issued_quantity').notNull().default(0),
    consumedQuantity: integer('consumed_quantity').notNull().default(0),
    returnedQuantity: integer('returned_quantity').notNull().default(0),
    chargeKind: text('charge_kind', { enum: chargeKinds }).notNull(),
    /** Price per unit the customer pays (customer-bought), from the price list on the day of issue. */
    unitPriceFen: integer('unit_price_fen'),
    status: text('status', { enum: partRequestStatuses }).notNull().default('requested'),
    /** Serialised parts: the part taken out of the equipment and the one put in. */
    removedSerialNo: text('removed_serial_no'),
    installedSerialNo: text('installed_serial_no'),
    equipmentId: integer('equipment_id').references(() => equipment.id),
    note: text('note'),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    issuedBy: integer('issued_by').references(() => users.id),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('part_requests_ticket_idx').on(t.ticketId),
    index('part_requests_station_open_idx')
      .on(t.stationId, t.requestedAt)
      .where(sql`${t.status} in ('requested', 'reserved', 'issued')`),
    check(
      'part_requests_quantities',
      sql`${t.quantity} > 0 and ${t.issuedQuantity} between 0 and ${t.quantity}
      and ${t.consumedQuantity} >= 0 and ${t.returnedQuantity} >= 0
      and ${t.consumedQuantity} + ${t.returnedQuantity} <= ${t.issuedQuantity}`,
    ),
  ],
);

export const faultyReturnStatuses = ['due', 'received', 'inspected', 'closed'] as const;
export const responsibilities = ['ours', 'customer', 'supplier'] as const;
export const faultyDispositions = ['repair', 'scrap', 'return_to_supplier'] as const;

/**
 * A part replaced under warranty must come back (PRT-6): due within `parts.faultyReturnHours` of the
 * engineer's return, booked into defective stock, inspected with a nonconformance report
 * (不合格品报告处理单), responsibility decided.
 */
export const faultyReturns = pgTable(
  'faulty_returns',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    partRequestId: integer('part_request_id')
      .notNull()
      .references(() => partRequests.id),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    partId: integer('part_id')
      .notNull()
      .references(() => parts.id),
    quantity: integer('quantity').notNull(),
    serialNo: text('serial_no'),
    engineerId: integer('engineer_id').references(() => users.id),
    status: text('status', { enum: faultyReturnStatuses }).notNull().default('due'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }),
    receivedBy: integer('received_by').references(() => users.id),
    warehouseId: integer('warehouse_id').references(() => warehouses.id),
    /** 不合格品报告处理单 number, e.g. BHG2604001. */
    ncrNumber: text('ncr_number'),
    defectDescription: text('defect_description'),
    cause: text('cause'),
    disposition: text('disposition', { enum: faultyDispositions }),
    responsibility: text('responsibility', { enum: responsibilities }),
    supplierId: integer('supplier_id').references(() => suppliers.id),
    /** What the customer is charged when the fault is theirs. */
    chargeFen: integer('charge_fen'),
    inspectedBy: integer('inspected_by').references(() => users.id),
    inspectedAt: timestamp('inspected_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('faulty_returns_ncr_key').on(t.ncrNumber),
    index('faulty_returns_station_due_idx').on(t.stationId, t.dueAt).where(sql`${t.status} = 'due'`),
    index('faulty_returns_ticket_idx').on(t.ticketId),
    check('faulty_returns_quantity', sql`${t.quantity} > 0`),
  ],
);

export const transferStatuses = ['in_transit', 'received', 'cancelled'] as const;

/** Stock moving between warehouses: out of the source on shipping, into the target on receipt. */
export const transfers = pgTable(
  'transfers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    number: text('number').notNull(),
    fromWarehouseId: integer('from_warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    toWarehouseId: integer('to_warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    status: text('status', { enum: transferStatuses }).notNull().default('in_transit'),
    note: text('note'),
    shippedBy: integer('shipped_by')
      .notNull()
      .references(() => users.id),
    shippedAt: timestamp('shipped_at', { withTimezone: true }).notNull(),
    receivedBy: integer('received_by').references(() => users.id),
    receivedAt: timestamp('received_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('transfers_number_key').on(t.number),
    index('transfers_to_open_idx').on(t.toWarehouseId).where(sql`${t.status} = 'in_transit'`),
    check('transfers_two_warehouses', sql`${t.fromWarehouseId} <> ${t.toWarehouseId}`),
  ],
);

export const transferLines = pgTable(
  'transfer_lines',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    transferId: integer('transfer_id')
      .notNull()
      .references(() => transfers.id),
    partId: integer('part_id')
      .notNull()
      .references(() => parts.id),
    condition: text('condition', { enum: stockConditions }).notNull().default('good'),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    index('transfer_lines_transfer_idx').on(t.transferId),
    check('transfer_lines_quantity', sql`${t.quantity} > 0`),
  ],
);

export const stocktakeStatuses = ['counting', 'submitted', 'approved', 'cancelled'] as const;

/**
 * A stocktake (盘点, PRT-4) of one warehouse. Counters never see the book quantity; each line keeps
 * the book quantity at the moment it was counted, so movements during the count are not mistaken
 * for variance. Approval posts one adjustment per line with a variance.
 */
export const stocktakes = pgTable(
  'stocktakes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    number: text('number').notNull(),
    warehouseId: integer('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    status: text('status', { enum: stocktakeStatuses }).notNull().default('counting'),
    note: text('note'),
    startedBy: integer('started_by')
      .notNull()
      .references(() => users.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    submittedBy: integer('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    approvedBy: integer('approved_by').references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('stocktakes_number_key').on(t.number),
    uniqueIndex('stocktakes_one_open_per_warehouse')
      .on(t.warehouseId)
      .where(sql`${t.status} in ('counting', 'submitted')`),
  ],
);

export const stocktakeLines = pgTable(
  'stocktake_lines',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    stocktakeId: integer('stocktake_id')
      .notNull()
      .references(() => stocktakes.id),
    partId: integer('part_id')
      .notNull()
      .references(() => parts.id),
    condition: text('condition', { enum: stockConditions }).notNull().default('good'),
    countedQuantity: integer('counted_quantity'),
    /** Book on-hand when the count was entered (hidden from counters). */
    bookQuantity: integer('book_quantity'),
    countedBy: integer('counted_by').references(() => users.id),
    countedAt: timestamp('counted_at', { withTimezone: true }),
    /** Why it differs (盘盈/盘亏 reason); required when counted ≠ book. */
    varianceReason: text('variance_reason'),
  },
  (t) => [
    uniqueIndex('stocktake_lines_item_key').on(t.stocktakeId, t.partId, t.condition),
    check('stocktake_lines_counted', sql`${t.countedQuantity} >= 0`),
  ],
);

export const purchaseRequestStatuses = [
  'draft',
  'submitted',
  'approved',
  'rejected',
  'partially_received',
  'received',
  'closed',
] as const;

/** A purchase request (采购计划, PRT-5) to one supplier for one station's warehouse. */
export const purchaseRequests = pgTable(
  'purchase_requests',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    number: text('number').notNull(),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    warehouseId: integer('warehouse_id')
      .notNull()
      .references(() => warehouses.id),
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    status: text('status', { enum: purchaseRequestStatuses }).notNull().default('draft'),
    note: text('note'),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    /** Closing keeps the approval's note: who closed it, when and why are kept apart. */
    closedBy: integer('closed_by').references(() => users.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closeNote: text('close_note'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('purchase_requests_number_key').on(t.number),
    index('purchase_requests_station_idx').on(t.stationId, t.status),
  ],
);

export const purchaseRequestLines = pgTable(
  'purchase_request_lines',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    purchaseRequestId: integer('purchase_request_id')
      .notNull()
      .references(() => purchaseRequests.id),
    partId: integer('part_id')
      .notNull()
      .references(() => parts.id),
    quantity: integer('quantity').notNull(),
    receivedQuantity: integer('received_quantity').notNull().default(0),
    rejectedQuantity: integer('rejected_quantity').notNull().default(0),
    unitCostFen: integer('unit_cost_fen'),
  },
  (t) => [
    uniqueIndex('purchase_request_lines_part_key').on(t.purchaseRequestId, t.partId),
    check(
      'purchase_request_lines_quantities',
      sql`${t.quantity} > 0 and ${t.receivedQuantity} >= 0 and ${t.rejectedQuantity} >= 0
        and ${t.receivedQuantity} <= ${t.quantity}`,
    ),
  ],
);

export const loanerStatuses = ['available', 'lent', 'repair', 'retired'] as const;
export const loanerConditions = ['good', 'worn', 'damaged'] as const;

/** A unit of a station's loaner pool (DSP-7, SLA-4). */
export const loanerUnits = pgTable(
  'loaner_units',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    assetNo: text('asset_no').notNull(),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    modelId: integer('model_id').references(() => productModels.id),
    serialNo: text('serial_no'),
    description: text('description'),
    status: text('status', { enum: loanerStatuses }).notNull().default('available'),
    condition: text('condition', { enum: loanerConditions }).notNull().default('good'),
    ...recordColumns,
  },
  (t) => [uniqueIndex('loaner_units_asset_no_key').on(t.assetNo), index('loaner_units_station_idx').on(t.stationId)],
);

export const loanStatuses = ['lent', 'returned'] as const;

/** A loaner unit lent to a customer on a ticket; fulfils the ticket's loaner task. */
export const loans = pgTable(
  'loans',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    loanerUnitId: integer('loaner_unit_id')
      .notNull()
      .references(() => loanerUnits.id),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    stationId: integer('station_id')
      .notNull()
      .references(() => stations.id),
    taskId: integer('task_id').references(() => ticketTasks.id),
    status: text('status', { enum: loanStatuses }).notNull().default('lent'),
    lentAt: timestamp('lent_at', { withTimezone: true }).notNull(),
    lentBy: integer('lent_by')
      .notNull()
      .references(() => users.id),
    dueBackAt: timestamp('due_back_at', { withTimezone: true }),
    conditionOut: text('condition_out', { enum: loanerConditions }).notNull(),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    receivedBy: integer('received_by').references(() => users.id),
    conditionBack: text('condition_back', { enum: loanerConditions }),
    returnNote: text('return_note'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('loans_one_open_per_unit').on(t.loanerUnitId).where(sql`${t.status} = 'lent'`),
    index('loans_ticket_idx').on(t.ticketId),
    index('loans_station_open_idx').on(t.stationId, t.dueBackAt).where(sql`${t.status} = 'lent'`),
  ],
);
