import type { ProductModel } from '../../../../server/modules/customers/customers.contract';
import { defineResource, useList } from '../../lib/resource';

export const productModelsApi = defineResource<ProductModel>('/api/product-models', 'product-models', {
  related: ['equipment'],
});

/** Active models for the equipment form's picker. */
export function useProductModelOptions() {
  const query = useList(productModelsApi, { active: 'true', pageSize: 200, sort: 'code', order: 'asc' });
  const options = (query.data?.items ?? []).map((model) => ({
    value: model.id,
    label: `${model.code} · ${model.name}`,
    model,
  }));
  return { ...query, options };
}
