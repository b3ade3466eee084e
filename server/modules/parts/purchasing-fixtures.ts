/**
 * Sample ids for the authorization matrix (stocktake and purchasing, PRT-4, PRT-5): an open count of
 * the BJ station warehouse and a draft purchase request to a sample supplier, created through HTTP.
 */
import type { TestApp } from '../../test/test-app.js';
import { createPart, warehouseOf } from './parts-fixtures.js';

export async function stocktakePurchasingSamples(t: TestApp): Promise<Record<string, string>> {
  const warehouse = await warehouseOf(t.db, 'BJ');
  const part = await createPart(t.db);
  const [supplier] = await t.query<{ id: number }>(
    `insert into suppliers (code, name) values ('SUP-MATRIX', '矩阵供应商') returning id`,
  );
  const keeper = await t.client('parts.bj');
  const stocktake = await keeper.post('/api/stocktakes', { warehouseId: warehouse.id });
  const request = await keeper.post('/api/purchase-requests', {
    supplierId: supplier.id,
    warehouseId: warehouse.id,
    lines: [{ partId: part.id, quantity: 1 }],
  });
  if (stocktake.status !== 200 || request.status !== 200) {
    throw new Error(`stocktake/purchasing samples: ${JSON.stringify([stocktake.body, request.body])}`);
  }
  return { stocktakes: String(stocktake.body.id), 'purchase-requests': String(request.body.id) };
}
