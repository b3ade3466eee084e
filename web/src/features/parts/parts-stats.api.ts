/** Query hooks of the parts statistics (PRT-7) and their exports. */
import { useQuery } from '@tanstack/react-query';
import type {
  ConsumptionReport,
  SlowMoverList,
  StatsReport,
  StockValueReport,
  WarrantyCostReport,
} from '../../../../server/modules/parts/parts-stats.contract';
import { api, downloadFile, type QueryParams } from '../../lib/api';

export const partsStatsKeys = {
  all: ['parts-stats'] as const,
  report: (report: StatsReport, query: QueryParams) => ['parts-stats', report, query] as const,
};

type Reports = {
  consumption: ConsumptionReport;
  'stock-value': StockValueReport;
  'slow-movers': SlowMoverList;
  'warranty-cost': WarrantyCostReport;
};

export const usePartsReport = <R extends StatsReport>(report: R, query: QueryParams, enabled = true) =>
  useQuery({
    queryKey: partsStatsKeys.report(report, query),
    queryFn: ({ signal }) => api.get<Reports[R]>(`/api/parts-stats/${report}`, query, signal),
    enabled,
  });

/** Saves the report as .xlsx with the same filters (the server logs the export). */
export const exportPartsReport = (report: StatsReport, query: QueryParams) =>
  downloadFile(`/api/parts-stats/${report}/export`, { ...query, format: 'xlsx' }, `parts-${report}.xlsx`);
