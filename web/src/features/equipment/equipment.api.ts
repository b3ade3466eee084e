import type { EquipmentDetail, EquipmentItem } from '../../../../server/modules/customers/customers.contract';
import { api } from '../../lib/api';
import { defineResource, type Page } from '../../lib/resource';

export const equipmentApi = defineResource<EquipmentItem, Page<EquipmentItem>, EquipmentDetail>(
  '/api/equipment',
  'equipment',
  {
    related: ['customers', 'contracts', 'product-models'],
  },
);

export const findEquipmentBySerial = (serialNo: string) =>
  api.get<EquipmentDetail>(`/api/equipment/by-serial/${encodeURIComponent(serialNo)}`);
