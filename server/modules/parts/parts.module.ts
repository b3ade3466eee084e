import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { SettingsService } from '../org/settings.service.js';
import { catalogueRoutes } from './catalogue.routes.js';
import { createCatalogueService } from './catalogue.service.js';
import { createPartsTransfer } from './catalogue.transfer.js';
import { faultyReturnsRoutes } from './faulty-returns.routes.js';
import { createFaultyReturnsService } from './faulty-returns.service.js';
import { loansRoutes } from './loans.routes.js';
import { createLoansService } from './loans.service.js';
import { partRequestsRoutes } from './part-requests.routes.js';
import { createPartRequestsService } from './part-requests.service.js';
import { partsStatsRoutes } from './parts-stats.routes.js';
import { createPartsStatsService } from './parts-stats.service.js';
import { purchasingRoutes } from './purchasing.routes.js';
import { createPurchasingService } from './purchasing.service.js';
import { stockRoutes } from './stock.routes.js';
import { createStockService } from './stock.service.js';
import { stocktakeRoutes } from './stocktake.routes.js';
import { createStocktakeService } from './stocktake.service.js';
import { transfersRoutes } from './transfers.routes.js';
import { createTransfersService } from './transfers.service.js';
import { warehousesRoutes } from './warehouses.routes.js';
import { createWarehousesService } from './warehouses.service.js';

/**
 * Parts and inventory (§5, DSP-7). Each part of the module is a service + routes pair in its own
 * files; all stock changes go through `postMovement` (stock-ledger.ts).
 */
export function createPartsModule(deps: { db: Db; clock: Clock; settings: SettingsService }) {
  // Catalogue, warehouses, stock views, ledger, receipts, transfers (PRT-1, PRT-2, PRT-3).
  const catalogue = createCatalogueService(deps);
  const partsTransfer = createPartsTransfer({ db: deps.db, catalogue });
  const warehouses = createWarehousesService(deps);
  const stock = createStockService(deps);
  const transfers = createTransfersService(deps);
  // Loaners and statistics (DSP-7, PRT-7).
  const loans = createLoansService(deps);
  const partsStats = createPartsStatsService(deps);
  // Parts on tickets and faulty-part returns (PRT-3, PRT-6).
  const partRequests = createPartRequestsService(deps);
  const faultyReturns = createFaultyReturnsService(deps);
  // Stocktake and replenishment (PRT-4, PRT-5).
  const stocktakes = createStocktakeService(deps);
  const purchasing = createPurchasingService(deps);
  const services = {
    catalogue,
    warehouses,
    stock,
    transfers,
    loans,
    partsStats,
    partRequests,
    faultyReturns,
    stocktakes,
    purchasing,
  };
  const plugins: FastifyPluginAsync[] = [
    catalogueRoutes({ db: deps.db, catalogue, transfer: partsTransfer }),
    warehousesRoutes({ db: deps.db, warehouses }),
    stockRoutes({ stock }),
    transfersRoutes({ transfers }),
    loansRoutes({ db: deps.db, loans }),
    partsStatsRoutes({ db: deps.db, partsStats }),
    partRequestsRoutes(partRequests),
    faultyReturnsRoutes(faultyReturns),
    stocktakeRoutes(stocktakes),
    purchasingRoutes(purchasing),
  ];
  const routes: FastifyPluginAsync = async (app) => {
    for (const plugin of plugins) await app.register(plugin);
  };
  return { services, routes };
}
