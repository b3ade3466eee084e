/** Parts statistics over HTTP (PRT-7): four reports, each also as an Excel/CSV export (logged). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import type { Actor } from '../../lib/access.js';
import { requestLanguage } from '../../lib/error-handler.js';
import type { Role } from '../../lib/roles.js';
import { type Table, writeTable } from '../../lib/spreadsheet.js';
import type { Language } from '../../lib/validation.js';
import { recordAccess } from '../audit/audit.service.js';
import {
  consumptionQuery,
  consumptionReport,
  type StatsReport,
  slowMoverList,
  slowMoversQuery,
  statsExportQueries,
  stockValueQuery,
  stockValueReport,
  warrantyCostQuery,
  warrantyCostReport,
} from './parts-stats.contract.js';
import type { PartsStatsService } from './parts-stats.service.js';

/** Who reads parts statistics: the people who manage stations, stock, quality and money. */
export const partsStatsReaders: readonly Role[] = [
  'admin',
  'executive',
  'station_manager',
  'parts_keeper',
  'quality',
  'finance',
];

const tags = ['parts statistics'];
const contentTypes = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};
const yuan = (fen: number) => (fen / 100).toFixed(2);
const pick = (language: Language, zh: string, en: string) => (language === 'zh' ? zh : en);

const groupTitles = {
  part: { zh: ['配件编码', '配件名称', '单位'], en: ['Part code', 'Part name', 'Unit'] },
  model: { zh: ['型号编码', '产品型号', ''], en: ['Model code', 'Product model', ''] },
  station: { zh: ['站点代码', '站点', ''], en: ['Station code', 'Station', ''] },
  month: { zh: ['月份', '', ''], en: ['Month', '', ''] },
} as const;

/** The report as a table of strings for the spreadsheet, headed in the caller's language. */
async function reportTable(
  service: PartsStatsService,
  actor: Actor,
  report: StatsReport,
  query: Record<string, unknown>,
  language: Language,
): Promise<{ table: Table; rows: number }> {
  const l = (zh: string, en: string) => pick(language, zh, en);
  if (report === 'consumption') {
    const data = await service.consumption(actor, consumptionQuery.parse({ ...query, limit: 5000 }));
    const titles = groupTitles[data.groupBy][language];
    const keep = titles.map((title, index) => (title ? index : -1)).filter((index) => index >= 0);
    const headers = [
      ...keep.map((index) => titles[index]),
      l('出库', 'Issued'),
      l('退回', 'Returned'),
      l('邮寄', 'Mailed'),
      l('净消耗', 'Net consumption'),
      l('三包件数量', 'Warranty parts'),
      l('客户购买件数量', 'Customer-bought parts'),
      l('成本（元）', 'Cost (CNY)'),
      l('三包件成本（元）', 'Warranty cost (CNY)'),
      l('客户购买件成本（元）', 'Customer-bought cost (CNY)'),
    ];
    const line = (labels: (string | null)[], r: (typeof data.items)[number]) => [
      ...keep.map((index) => labels[index] ?? ''),
      String(r.issued),
      String(r.returned),
      String(r.mailed),
      String(r.net),
      String(r.warrantyQuantity),
      String(r.customerQuantity),
      yuan(r.costFen),
      yuan(r.warrantyCostFen),
      yuan(r.customerCostFen),
    ];
    const noModel = l('未关联型号', 'No product model');
    const rows = data.items.map((r) =>
      line([r.code ?? (data.groupBy === 'model' ? noModel : ''), r.name ?? '', r.unit ?? ''], r),
    );
    rows.push(line([l('合计', 'Total'), '', ''], data.totals));
    return { table: { headers, rows }, rows: data.items.length };
  }
  if (report === 'stock-value') {
    const data = await service.stockValue(actor, stockValueQuery.parse(query));
    const headers = [
      l('站点', 'Station'),
      l('仓库编码', 'Warehouse code'),
      l('仓库', 'Warehouse'),
      l('在库配件种数', 'Parts in stock'),
      l('在库数量', 'On hand'),
      l('已预留', 'Reserved'),
      l(`库存金额（元，${data.priceDay} 成本价）`, `Value (CNY, cost of ${data.priceDay})`),
      l('无成本价配件', 'Parts without a price'),
      l('旧件（不良品）数量', 'Defective on hand'),
    ];
    const rows = data.warehouses.map((r) => [
      r.stationName,
      r.warehouseCode,
      r.warehouseName,
      String(r.parts),
      String(r.onHand),
      String(r.reserved),
      yuan(r.valueFen),
      String(r.unpricedParts),
      String(r.defectiveOnHand),
    ]);
    rows.push([l('合计', 'Total'), '', '', '', '', '', yuan(data.totalValueFen), '', '']);
    return { table: { headers, rows }, rows: data.warehouses.length };
  }
  if (report === 'slow-movers') {
    const data = await service.slowMovers(actor, slowMoversQuery.parse({ ...query, page: 1, pageSize: 200 }));
    // All pages: the export is the whole list.
    const items = [...data.items];
    for (let page = 2; (page - 1) * 200 < data.total && page <= 250; page++) {
      items.push(...(await service.slowMovers(actor, slowMoversQuery.parse({ ...query, page, pageSize: 200 }))).items);
    }
    const headers = [
      l('仓库', 'Warehouse'),
      l('配件编码', 'Part code'),
      l('配件名称', 'Part name'),
      l('单位', 'Unit'),
      l('在库数量', 'On hand'),
      l('最近出库', 'Last issued'),
      l('最近变动', 'Last movement'),
      l('金额（元）', 'Value (CNY)'),
    ];
    const rows = items.map((r) => [
      r.warehouseCode,
      r.partCode,
      r.partName,
      r.unit,
      String(r.onHand),
      r.lastIssueAt?.slice(0, 10) ?? l('从未出库', 'never'),
      r.lastMovementAt?.slice(0, 10) ?? '',
      yuan(r.valueFen),
    ]);
    return { table: { headers, rows }, rows: items.length };
  }
  const data = await service.warrantyCost(actor, warrantyCostQuery.parse(query));
  const headers = [
    l('型号编码', 'Model code'),
    l('产品型号', 'Product model'),
    l('工单数', 'Tickets'),
    l('三包件数量', 'Warranty parts'),
    l('三包件成本（元）', 'Warranty cost (CNY)'),
  ];
  const rows = data.items.map((r) => [
    r.modelCode ?? l('未关联型号', 'No product model'),
    r.modelName ?? '',
    String(r.tickets),
    String(r.quantity),
    yuan(r.costFen),
  ]);
  rows.push([l('合计', 'Total'), '', '', String(data.totalQuantity), yuan(data.totalCostFen)]);
  return { table: { headers, rows }, rows: data.items.length };
}

export const partsStatsRoutes =
  (deps: { db: Db; partsStats: PartsStatsService }): FastifyPluginAsyncZod =>
  async (app) => {
    const { partsStats, db } = deps;

    app.get(
      '/api/parts-stats/consumption',
      {
        config: { access: partsStatsReaders },
        schema: {
          tags,
          summary:
            'Parts consumption (issued − returned + mailed) by part, product model, station or month over a period, split into 三包件 and 客户购买件, with cost',
          querystring: consumptionQuery,
          response: { 200: consumptionReport },
        },
      },
      async (request) => partsStats.consumption(request.actor!, request.query),
    );
    app.get(
      '/api/parts-stats/stock-value',
      {
        config: { access: partsStatsReaders },
        schema: {
          tags,
          summary: 'Stock value per warehouse and station: good stock on hand × the cost of the price list valid today',
          querystring: stockValueQuery,
          response: { 200: stockValueReport },
        },
      },
      async (request) => partsStats.stockValue(request.actor!, request.query),
    );
    app.get(
      '/api/parts-stats/slow-movers',
      {
        config: { access: partsStatsReaders },
        schema: {
          tags,
          summary:
            'Slow movers (呆滞件): parts in good stock not issued for N days (default: setting parts.slowMoverDays)',
          querystring: slowMoversQuery,
          response: { 200: slowMoverList },
        },
      },
      async (request) => partsStats.slowMovers(request.actor!, request.query),
    );
    app.get(
      '/api/parts-stats/warranty-cost',
      {
        config: { access: partsStatsReaders },
        schema: {
          tags,
          summary: 'Warranty-part (三包件) cost per product model over a period',
          querystring: warrantyCostQuery,
          response: { 200: warrantyCostReport },
        },
      },
      async (request) => partsStats.warrantyCost(request.actor!, request.query),
    );

    for (const report of ['consumption', 'stock-value', 'slow-movers', 'warranty-cost'] as const) {
      app.get(
        `/api/parts-stats/${report}/export`,
        {
          config: { access: partsStatsReaders },
          schema: {
            tags,
            summary: `Export the ${report} report as .xlsx or .csv (same filters; logged in the access log)`,
            querystring: statsExportQueries[report],
          },
        },
        async (request, reply) => {
          const { format, ...query } = request.query as { format: 'xlsx' | 'csv' } & Record<string, unknown>;
          const language = requestLanguage(request);
          const { table, rows } = await reportTable(partsStats, request.actor!, report, query, language);
          await recordAccess(db, {
            actor: request.actor!,
            action: 'export',
            entityType: `parts-stats/${report}`,
            detail: { filters: query, format, rows },
            ip: request.ip,
          });
          const stamp = new Date().toISOString().slice(0, 10);
          return reply
            .header('content-type', contentTypes[format])
            .header('content-disposition', `attachment; filename="parts-${report}-${stamp}.${format}"`)
            .send(await writeTable(table, format, pick(language, '配件统计', 'Parts statistics')));
        },
      );
    }
  };
