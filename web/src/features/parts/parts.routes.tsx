import type { RouteObject } from 'react-router';
import { guarded, lazyPage } from '../../app/route-helpers';

/** Pages of parts and inventory (§5, DSP-7), spread into the signed-in part of the router. */
export const partsRoutes: RouteObject[] = [
  // Catalogue, warehouses, stock, ledger, receipts and transfers (helper A: PRT-1, PRT-2, PRT-3).
  guarded('viewStock', [
    {
      path: 'parts',
      lazy: lazyPage(
        () => import('./CataloguePages'),
        (m) => m.PartsPage,
      ),
    },
    {
      path: 'parts/:id',
      lazy: lazyPage(
        () => import('./CataloguePages'),
        (m) => m.PartDetailPage,
      ),
    },
    {
      path: 'suppliers',
      lazy: lazyPage(
        () => import('./SuppliersPage'),
        (m) => m.SuppliersPage,
      ),
    },
    {
      path: 'warehouses',
      lazy: lazyPage(
        () => import('./WarehousesPage'),
        (m) => m.WarehousesPage,
      ),
    },
    {
      path: 'stock',
      lazy: lazyPage(
        () => import('./StockPage'),
        (m) => m.StockPage,
      ),
    },
    {
      path: 'stock-ledger',
      lazy: lazyPage(
        () => import('./LedgerPage'),
        (m) => m.LedgerPage,
      ),
    },
    {
      path: 'transfers',
      lazy: lazyPage(
        () => import('./TransfersPage'),
        (m) => m.TransfersPage,
      ),
    },
    {
      path: 'transfers/:id',
      lazy: lazyPage(
        () => import('./TransfersPage'),
        (m) => m.TransferDetailPage,
      ),
    },
  ]),
  guarded('manageCatalogue', [
    {
      path: 'parts/new',
      lazy: lazyPage(
        () => import('./CataloguePages'),
        (m) => m.PartFormPage,
      ),
    },
    {
      path: 'parts/:id/edit',
      lazy: lazyPage(
        () => import('./CataloguePages'),
        (m) => m.PartFormPage,
      ),
    },
    {
      path: 'suppliers/new',
      lazy: lazyPage(
        () => import('./SuppliersPage'),
        (m) => m.SupplierFormPage,
      ),
    },
    {
      path: 'suppliers/:id',
      lazy: lazyPage(
        () => import('./SuppliersPage'),
        (m) => m.SupplierFormPage,
      ),
    },
    {
      path: 'suppliers/:id/edit',
      lazy: lazyPage(
        () => import('./SuppliersPage'),
        (m) => m.SupplierFormPage,
      ),
    },
    {
      path: 'warehouses/new',
      lazy: lazyPage(
        () => import('./WarehousesPage'),
        (m) => m.WarehouseFormPage,
      ),
    },
    {
      path: 'warehouses/:id',
      lazy: lazyPage(
        () => import('./WarehousesPage'),
        (m) => m.WarehouseFormPage,
      ),
    },
    {
      path: 'warehouses/:id/edit',
      lazy: lazyPage(
        () => import('./WarehousesPage'),
        (m) => m.WarehouseFormPage,
      ),
    },
  ]),
  guarded('keepStock', [
    {
      path: 'receipts/new',
      lazy: lazyPage(
        () => import('./ReceiptPage'),
        (m) => m.ReceiptPage,
      ),
    },
    {
      path: 'transfers/new',
      lazy: lazyPage(
        () => import('./TransfersPage'),
        (m) => m.TransferFormPage,
      ),
    },
  ]),
  // Loaners and parts statistics (helper D: DSP-7, PRT-7).
  guarded('viewStock', [
    {
      path: 'parts/loaners',
      lazy: lazyPage(
        () => import('./LoanerUnitsPage'),
        (m) => m.LoanerUnitsPage,
      ),
    },
    {
      path: 'parts/loans',
      lazy: lazyPage(
        () => import('./LoansPage'),
        (m) => m.LoansPage,
      ),
    },
  ]),
  guarded('viewPartsStats', [
    {
      path: 'parts/stats',
      lazy: lazyPage(
        () => import('./PartsStatsPage'),
        (m) => m.PartsStatsPage,
      ),
    },
  ]),
  // Parts on tickets and faulty-part returns (PRT-3, PRT-6).
  guarded('viewStock', [
    {
      path: 'parts/requests',
      lazy: lazyPage(
        () => import('./PartRequestsPage'),
        (m) => m.PartRequestsPage,
      ),
    },
    {
      path: 'parts/faulty-returns',
      lazy: lazyPage(
        () => import('./FaultyReturnsPage'),
        (m) => m.FaultyReturnsPage,
      ),
    },
    {
      path: 'print/faulty-returns/:id',
      lazy: lazyPage(
        () => import('./NcrPrintPage'),
        (m) => m.NcrPrintPage,
      ),
    },
  ]),
  // Stocktake and replenishment (PRT-4, PRT-5).
  guarded('keepStock', [
    {
      path: 'stocktakes',
      lazy: lazyPage(
        () => import('./StocktakesPage'),
        (m) => m.StocktakesPage,
      ),
    },
    {
      path: 'stocktakes/:id',
      lazy: lazyPage(
        () => import('./StocktakeDetailPage'),
        (m) => m.StocktakeDetailPage,
      ),
    },
    {
      path: 'print/stocktakes/:id',
      lazy: lazyPage(
        () => import('./StocktakePrintPage'),
        (m) => m.StocktakePrintPage,
      ),
    },
    {
      path: 'reorder-suggestions',
      lazy: lazyPage(
        () => import('./ReorderSuggestionsPage'),
        (m) => m.ReorderSuggestionsPage,
      ),
    },
    {
      path: 'purchase-requests',
      lazy: lazyPage(
        () => import('./PurchaseRequestsPage'),
        (m) => m.PurchaseRequestsPage,
      ),
    },
    {
      path: 'purchase-requests/new',
      lazy: lazyPage(
        () => import('./PurchaseRequestFormPage'),
        (m) => m.PurchaseRequestFormPage,
      ),
    },
    {
      path: 'purchase-requests/:id',
      lazy: lazyPage(
        () => import('./PurchaseRequestDetailPage'),
        (m) => m.PurchaseRequestDetailPage,
      ),
    },
    {
      path: 'purchase-requests/:id/edit',
      lazy: lazyPage(
        () => import('./PurchaseRequestFormPage'),
        (m) => m.PurchaseRequestFormPage,
      ),
    },
  ]),
];
