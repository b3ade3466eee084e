/**
 * Demo data of the parts module: a warehouse per demo station (WH-BJ, WH-SH, WH-GZ) and the van
 * stock of engineer.bj (VAN-BJ-engineer.bj) with the organisation, so tests can rely on them; for
 * the demo, suppliers and ~40 parts of the demo product models with prices, fits and initial stock
 * received through the ledger (`postMovement`), so on-hand equals the ledger from the start.
 */
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.js';
import { productModels } from '../customers/customers.table.js';
import { partFits, partPrices, partSuppliers, parts, suppliers } from './parts.table.js';
import { postMovement } from './stock-ledger.js';

/** One warehouse per station and the van stock of engineer.bj; idempotent. */
export async function seedWarehouses(db: DbOrTx) {
  await db.execute(sql`
    insert into warehouses (code, name, station_id, kind, address)
    select 'WH-' || s.code, s.name || '备件库', s.id, 'station', s.address from stations s
     where s.code in ('BJ', 'SH', 'GZ')
    on conflict (code) do nothing`);
  await db.execute(sql`
    insert into warehouses (code, name, station_id, kind, engineer_id)
    select 'VAN-' || s.code || '-' || u.username, u.display_name || ' 随车库', u.station_id, 'van', u.id
      from users u join stations s on s.id = u.station_id
     where u.username = 'engineer.bj'
    on conflict (code) do nothing`);
}

type DemoPart = {
  code: string;
  name: string;
  spec: string;
  unit: string;
  category: (typeof parts.$inferInsert)['category'];
  serialised?: boolean;
  reorderPoint: number;
  reorderQuantity: number;
  supplier: string;
  fits: string[];
  /** Price and cost in yuan. */
  price: number;
  cost: number;
  /** Initial good stock in BJ, SH, GZ and engineer.bj's van. */
  stock: [number, number, number, number];
};

export const demoSuppliers = [
  {
    code: 'SUP-SIEMENS',
    name: '西门子（中国）有限公司',
    contactName: '王志强',
    phone: '010-64719999',
    address: '北京市朝阳区望京中环南路 7 号',
  },
  {
    code: 'SUP-DELTA',
    name: '中达电通股份有限公司',
    contactName: '陈丽',
    phone: '021-58635678',
    address: '上海市浦东新区民夏路 238 号',
  },
  {
    code: 'SUP-SKF',
    name: '斯凯孚（中国）有限公司',
    contactName: '刘洋',
    phone: '021-53068866',
    address: '上海市黄浦区淮海中路 398 号',
  },
  {
    code: 'SUP-CHNT',
    name: '浙江正泰电器股份有限公司',
    contactName: '张敏',
    phone: '0577-62877777',
    address: '浙江省乐清市北白象镇正泰工业园',
  },
  {
    code: 'SUP-OMRON',
    name: '欧姆龙自动化（中国）有限公司',
    contactName: '赵磊',
    phone: '021-50372222',
    address: '上海市浦东新区银城中路 501 号',
  },
  {
    code: 'SUP-KANGTAI',
    name: '广州康泰医疗器材有限公司',
    contactName: '黄伟',
    phone: '020-87654321',
    address: '广州市天河区科韵路 16 号',
  },
] as const;

// biome-ignore format: a table reads best one part per line
export const demoParts: DemoPart[] = [
  { code: 'PLC-CPU-1214', name: 'PLC CPU 模块', spec: 'S7-1200 CPU1214C DC/DC/DC', unit: '个', category: 'electronic', serialised: true, reorderPoint: 2, reorderQuantity: 4, supplier: 'SUP-SIEMENS', fits: ['HW-PLC-200', 'SI-WW-2'], price: 3280, cost: 2350, stock: [6, 3, 2, 1] },
  { code: 'PLC-DI-1621', name: 'PLC 数字量输入模块', spec: 'SM1221 DI16×24VDC', unit: '个', category: 'electronic', reorderPoint: 3, reorderQuantity: 6, supplier: 'SUP-SIEMENS', fits: ['HW-PLC-200', 'SI-WW-2'], price: 1260, cost: 860, stock: [8, 4, 3, 1] },
  { code: 'PLC-DO-1622', name: 'PLC 数字量输出模块', spec: 'SM1222 DO16 继电器', unit: '个', category: 'electronic', reorderPoint: 3, reorderQuantity: 6, supplier: 'SUP-SIEMENS', fits: ['HW-PLC-200', 'SI-WW-2'], price: 1380, cost: 940, stock: [7, 2, 3, 0] },
  { code: 'PLC-AI-1231', name: 'PLC 模拟量输入模块', spec: 'SM1231 AI4×13bit', unit: '个', category: 'electronic', reorderPoint: 2, reorderQuantity: 4, supplier: 'SUP-SIEMENS', fits: ['HW-PLC-200', 'SI-DCS-1'], price: 1980, cost: 1420, stock: [4, 2, 1, 0] },
  { code: 'PLC-PS-24V5A', name: 'PLC 电源模块', spec: 'PM1207 24VDC 2.5A', unit: '个', category: 'electrical', reorderPoint: 2, reorderQuantity: 5, supplier: 'SUP-SIEMENS', fits: ['HW-PLC-200', 'SI-WW-2', 'SI-DCS-1'], price: 760, cost: 480, stock: [5, 3, 2, 1] },
  { code: 'PLC-CM-1241', name: 'RS485 通讯模块', spec: 'CM1241 RS422/485', unit: '个', category: 'electronic', reorderPoint: 1, reorderQuantity: 3, supplier: 'SUP-SIEMENS', fits: ['HW-PLC-200', 'SI-DCS-1'], price: 1650, cost: 1100, stock: [3, 1, 1, 0] },
  { code: 'HMI-KTP700', name: '触摸屏 7 寸', spec: 'KTP700 Basic PN', unit: '台', category: 'electronic', serialised: true, reorderPoint: 1, reorderQuantity: 2, supplier: 'SUP-SIEMENS', fits: ['HW-PLC-200', 'HW-VFD-75'], price: 4680, cost: 3300, stock: [2, 1, 1, 0] },
  { code: 'RLY-MY2N-24', name: '中间继电器', spec: 'MY2N-GS DC24V 带底座', unit: '个', category: 'electrical', reorderPoint: 20, reorderQuantity: 50, supplier: 'SUP-OMRON', fits: ['HW-PLC-200', 'SI-WW-2', 'HW-VFD-75'], price: 45, cost: 22, stock: [60, 40, 35, 10] },
  { code: 'CB-NXB-3P32', name: '小型断路器 3P 32A', spec: 'NXB-63 C32', unit: '个', category: 'electrical', reorderPoint: 10, reorderQuantity: 20, supplier: 'SUP-CHNT', fits: ['HW-PLC-200', 'HW-VFD-75', 'SI-WW-2'], price: 68, cost: 35, stock: [25, 18, 12, 4] },
  { code: 'CT-NXC-25', name: '交流接触器 25A', spec: 'NXC-25 AC220V', unit: '个', category: 'electrical', reorderPoint: 6, reorderQuantity: 12, supplier: 'SUP-CHNT', fits: ['HW-PLC-200', 'HW-VFD-75', 'SI-WW-2'], price: 120, cost: 68, stock: [14, 9, 6, 2] },
  { code: 'FUSE-RT18-10', name: '熔断器熔芯 10A', spec: 'RT18-32 10×38 10A', unit: '只', category: 'consumable', reorderPoint: 50, reorderQuantity: 200, supplier: 'SUP-CHNT', fits: ['HW-PLC-200', 'HW-VFD-75', 'HW-CNC-850', 'SI-WW-2'], price: 6, cost: 2, stock: [180, 120, 90, 30] },
  { code: 'FUSE-RS-160', name: '快速熔断器 160A', spec: 'RS3 500V 160A', unit: '只', category: 'consumable', reorderPoint: 6, reorderQuantity: 12, supplier: 'SUP-CHNT', fits: ['HW-VFD-75'], price: 260, cost: 150, stock: [12, 8, 5, 2] },
  { code: 'PSU-S-150-24', name: '开关电源 24V 150W', spec: 'S8VK-G15024', unit: '个', category: 'electrical', reorderPoint: 3, reorderQuantity: 6, supplier: 'SUP-OMRON', fits: ['HW-PLC-200', 'HW-CNC-850', 'SI-WW-2'], price: 580, cost: 360, stock: [8, 5, 4, 1] },
  { code: 'VFD-DRV-75', name: '变频器驱动板', spec: 'VFD-75kW 驱动板 DRV-B75', unit: '块', category: 'electronic', serialised: true, reorderPoint: 2, reorderQuantity: 3, supplier: 'SUP-DELTA', fits: ['HW-VFD-75'], price: 4200, cost: 2900, stock: [3, 2, 1, 0] },
  { code: 'VFD-CTL-75', name: '变频器主控板', spec: 'CTL-M75 含 DSP', unit: '块', category: 'electronic', serialised: true, reorderPoint: 1, reorderQuantity: 2, supplier: 'SUP-DELTA', fits: ['HW-VFD-75'], price: 5600, cost: 3900, stock: [2, 1, 1, 0] },
  { code: 'VFD-IGBT-300', name: 'IGBT 功率模块', spec: 'FF300R12KE3 1200V 300A', unit: '个', category: 'electronic', serialised: true, reorderPoint: 2, reorderQuantity: 4, supplier: 'SUP-DELTA', fits: ['HW-VFD-75'], price: 3900, cost: 2600, stock: [4, 2, 2, 0] },
  { code: 'VFD-CAP-450', name: '电解电容', spec: '450V 4700μF 螺栓式', unit: '只', category: 'electronic', reorderPoint: 6, reorderQuantity: 12, supplier: 'SUP-DELTA', fits: ['HW-VFD-75'], price: 320, cost: 190, stock: [12, 8, 6, 0] },
  { code: 'VFD-FAN-120', name: '变频器散热风扇', spec: '120×120×38 24VDC', unit: '个', category: 'electrical', reorderPoint: 5, reorderQuantity: 10, supplier: 'SUP-DELTA', fits: ['HW-VFD-75', 'HW-PLC-200'], price: 180, cost: 95, stock: [15, 10, 8, 3] },
  { code: 'VFD-KEYPAD', name: '变频器操作面板', spec: 'KPC-CC01 LCD', unit: '个', category: 'electronic', reorderPoint: 1, reorderQuantity: 3, supplier: 'SUP-DELTA', fits: ['HW-VFD-75'], price: 650, cost: 420, stock: [3, 2, 1, 1] },
  { code: 'VFD-BRK-R', name: '制动电阻', spec: '10Ω 6kW 铝壳', unit: '个', category: 'electrical', reorderPoint: 1, reorderQuantity: 2, supplier: 'SUP-DELTA', fits: ['HW-VFD-75'], price: 980, cost: 620, stock: [2, 1, 0, 0] },
  { code: 'CNC-BRG-7014', name: '主轴轴承', spec: 'SKF 7014 CD/P4A 角接触', unit: '套', category: 'mechanical', reorderPoint: 2, reorderQuantity: 4, supplier: 'SUP-SKF', fits: ['HW-CNC-850'], price: 3600, cost: 2500, stock: [4, 2, 2, 0] },
  { code: 'CNC-BRG-6206', name: '深沟球轴承', spec: 'SKF 6206-2RS1', unit: '个', category: 'mechanical', reorderPoint: 10, reorderQuantity: 20, supplier: 'SUP-SKF', fits: ['HW-CNC-850'], price: 85, cost: 42, stock: [30, 20, 15, 4] },
  { code: 'CNC-BELT-8M', name: '主轴同步带', spec: 'HTD 1200-8M-30', unit: '条', category: 'mechanical', reorderPoint: 2, reorderQuantity: 5, supplier: 'SUP-SKF', fits: ['HW-CNC-850'], price: 420, cost: 260, stock: [5, 3, 2, 1] },
  { code: 'CNC-ENC-2500', name: '伺服电机编码器', spec: '2500 线 增量式', unit: '个', category: 'electronic', serialised: true, reorderPoint: 1, reorderQuantity: 2, supplier: 'SUP-OMRON', fits: ['HW-CNC-850'], price: 2300, cost: 1550, stock: [2, 1, 1, 0] },
  { code: 'CNC-LUB-PUMP', name: '自动润滑泵', spec: '电动间歇式 2L', unit: '台', category: 'mechanical', reorderPoint: 1, reorderQuantity: 2, supplier: 'SUP-SKF', fits: ['HW-CNC-850'], price: 1500, cost: 980, stock: [2, 1, 1, 0] },
  { code: 'CNC-LIM-SW', name: '行程开关', spec: 'D4V-8108SZ', unit: '个', category: 'electrical', reorderPoint: 5, reorderQuantity: 10, supplier: 'SUP-OMRON', fits: ['HW-CNC-850'], price: 95, cost: 55, stock: [12, 8, 6, 2] },
  { code: 'CNC-COOL-FLT', name: '切削液过滤网', spec: '不锈钢 80 目', unit: '片', category: 'consumable', reorderPoint: 10, reorderQuantity: 30, supplier: 'SUP-SKF', fits: ['HW-CNC-850'], price: 35, cost: 15, stock: [40, 25, 20, 5] },
  { code: 'SEN-PR-E3Z', name: '光电传感器', spec: 'E3Z-D61 漫反射', unit: '个', category: 'electronic', reorderPoint: 5, reorderQuantity: 10, supplier: 'SUP-OMRON', fits: ['HW-PLC-200', 'HW-CNC-850', 'SI-WW-2'], price: 260, cost: 150, stock: [12, 8, 6, 2] },
  { code: 'SEN-PROX-M18', name: '接近开关', spec: 'E2E-X8MD1 M18', unit: '个', category: 'electronic', reorderPoint: 5, reorderQuantity: 10, supplier: 'SUP-OMRON', fits: ['HW-PLC-200', 'HW-CNC-850'], price: 180, cost: 98, stock: [15, 10, 8, 3] },
  { code: 'SEN-PT100', name: '温度传感器 PT100', spec: 'WZP-230 L=200mm', unit: '支', category: 'electronic', reorderPoint: 4, reorderQuantity: 10, supplier: 'SUP-CHNT', fits: ['SI-DCS-1', 'SI-WW-2'], price: 150, cost: 80, stock: [10, 6, 5, 2] },
  { code: 'SEN-PRS-4-20', name: '压力变送器', spec: '0–1.6MPa 4–20mA', unit: '台', category: 'electronic', serialised: true, reorderPoint: 2, reorderQuantity: 4, supplier: 'SUP-SIEMENS', fits: ['SI-DCS-1', 'SI-WW-2'], price: 1850, cost: 1200, stock: [4, 3, 2, 0] },
  { code: 'SEN-LVL-US', name: '超声波液位计', spec: '0–10m 4–20mA', unit: '台', category: 'electronic', serialised: true, reorderPoint: 1, reorderQuantity: 2, supplier: 'SUP-SIEMENS', fits: ['SI-WW-2'], price: 4200, cost: 2900, stock: [2, 1, 1, 0] },
  { code: 'PT-ELEC-5050', name: '理疗仪导电硅胶电极片', spec: '50×50mm 4 片/包', unit: '包', category: 'consumable', reorderPoint: 30, reorderQuantity: 100, supplier: 'SUP-KANGTAI', fits: ['HW-PT-3'], price: 38, cost: 12, stock: [80, 60, 120, 20] },
  { code: 'PT-ELEC-80120', name: '理疗仪大号电极片', spec: '80×120mm 2 片/包', unit: '包', category: 'consumable', reorderPoint: 20, reorderQuantity: 60, supplier: 'SUP-KANGTAI', fits: ['HW-PT-3'], price: 48, cost: 16, stock: [50, 40, 80, 10] },
  { code: 'PT-LEAD-2CH', name: '理疗仪双通道输出导线', spec: '2 通道 1.5m', unit: '根', category: 'electrical', reorderPoint: 10, reorderQuantity: 30, supplier: 'SUP-KANGTAI', fits: ['HW-PT-3'], price: 120, cost: 45, stock: [25, 20, 40, 6] },
  { code: 'PT-MAIN-BRD', name: '理疗仪主板', spec: 'PT-3 主控板 V2.1', unit: '块', category: 'electronic', serialised: true, reorderPoint: 2, reorderQuantity: 4, supplier: 'SUP-KANGTAI', fits: ['HW-PT-3'], price: 1680, cost: 980, stock: [3, 2, 5, 0] },
  { code: 'PT-PSU-ADP', name: '理疗仪电源适配器', spec: '15V 2A 医用', unit: '个', category: 'electrical', reorderPoint: 5, reorderQuantity: 10, supplier: 'SUP-KANGTAI', fits: ['HW-PT-3'], price: 160, cost: 70, stock: [10, 8, 15, 2] },
  { code: 'PT-LCD-43', name: '理疗仪显示屏', spec: '4.3 寸 TFT 触摸', unit: '块', category: 'electronic', reorderPoint: 2, reorderQuantity: 4, supplier: 'SUP-KANGTAI', fits: ['HW-PT-3'], price: 560, cost: 320, stock: [4, 3, 6, 0] },
  { code: 'CAB-ETH-5M', name: '工业以太网线', spec: 'Cat6 屏蔽 RJ45 5m', unit: '根', category: 'consumable', reorderPoint: 10, reorderQuantity: 30, supplier: 'SUP-SIEMENS', fits: ['HW-PLC-200', 'SI-DCS-1', 'SI-WW-2'], price: 65, cost: 28, stock: [30, 20, 15, 6] },
  { code: 'DCS-IO-AI8', name: 'DCS 模拟量输入卡件', spec: 'AI8 4–20mA HART', unit: '块', category: 'electronic', serialised: true, reorderPoint: 2, reorderQuantity: 4, supplier: 'SUP-SIEMENS', fits: ['SI-DCS-1'], price: 6800, cost: 4900, stock: [3, 2, 1, 0] },
  { code: 'DCS-PWR-RED', name: 'DCS 冗余电源', spec: '24VDC 20A 冗余', unit: '台', category: 'electrical', reorderPoint: 1, reorderQuantity: 2, supplier: 'SUP-SIEMENS', fits: ['SI-DCS-1'], price: 5200, cost: 3700, stock: [1, 1, 1, 0] },
];

/** Suppliers, ~40 parts of the demo product models with prices and fits, and stock received through the ledger. */
export async function seedDemoParts(db: Db): Promise<number> {
  const existing = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from parts where code = ${demoParts[0].code}`,
  );
  if (existing.rows[0].n > 0) return 0;
  await seedWarehouses(db);
  const supplierRows = await db
    .insert(suppliers)
    .values(demoSuppliers.map((s) => ({ ...s })))
    .onConflictDoNothing()
    .returning({ id: suppliers.id, code: suppliers.code });
  const supplierId = new Map(supplierRows.map((s) => [s.code, s.id]));
  const models = await db.select({ id: productModels.id, code: productModels.code }).from(productModels);
  const modelId = new Map(models.map((m) => [m.code, m.id]));
  const keeper = await db.execute<{ id: number }>(sql`select id from users where username = 'parts.bj'`);
  const admin = await db.execute<{ id: number }>(sql`select id from users where username = 'admin'`);
  const actorId = keeper.rows[0]?.id ?? admin.rows[0]?.id;
  if (!actorId) return 0;
  const warehouseRows = await db.execute<{ id: number; code: string }>(sql`
    select id, code from warehouses where code in ('WH-BJ', 'WH-SH', 'WH-GZ', 'VAN-BJ-engineer.bj')`);
  const warehouseId = new Map(warehouseRows.rows.map((w) => [w.code, w.id]));
  const stockOrder = ['WH-BJ', 'WH-SH', 'WH-GZ', 'VAN-BJ-engineer.bj'];
  const received = new Date(Date.now() - 30 * 86_400_000);
  const firstPriceDay = '2025-01-01';
  const secondPriceDay = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);

  await db.transaction(async (tx) => {
    for (const [index, demo] of demoParts.entries()) {
      const { supplier, fits, price, cost, stock, ...fields } = demo;
      const [part] = await tx
        .insert(parts)
        .values({ ...fields, defaultSupplierId: supplierId.get(supplier) ?? null })
        .returning({ id: parts.id });
      if (supplierId.has(supplier))
        await tx.insert(partSuppliers).values({
          partId: part.id,
          supplierId: supplierId.get(supplier)!,
          supplierPartNo: `${supplier.slice(4)}-${demo.code}`,
          leadTimeDays: 7 + (index % 4) * 7,
        });
      const fitIds = fits.map((code) => modelId.get(code)).filter((id): id is number => id !== undefined);
      if (fitIds.length) await tx.insert(partFits).values(fitIds.map((id) => ({ partId: part.id, modelId: id })));
      // An older price and, for every third part, a price rise two months ago: history to look at.
      await tx.insert(partPrices).values({
        partId: part.id,
        effectiveFrom: firstPriceDay,
        priceFen: Math.round(price * (index % 3 === 0 ? 0.9 : 1) * 100),
        costFen: Math.round(cost * (index % 3 === 0 ? 0.92 : 1) * 100),
        createdBy: actorId,
      });
      if (index % 3 === 0)
        await tx.insert(partPrices).values({
          partId: part.id,
          effectiveFrom: secondPriceDay,
          priceFen: price * 100,
          costFen: cost * 100,
          createdBy: actorId,
        });
      for (const [slot, quantity] of stock.entries()) {
        const target = warehouseId.get(stockOrder[slot]);
        if (!target || quantity <= 0) continue;
        await postMovement(tx, {
          kind: 'receipt',
          warehouseId: target,
          partId: part.id,
          quantity,
          unitCostFen: cost * 100,
          at: received,
          actorId,
          note: `期初入库；供应商 ${supplier}`,
        });
      }
    }
  });
  return demoParts.length;
}
