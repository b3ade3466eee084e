/** Filters several lists share, bound to their URL parameter. */
import { Select } from 'antd';
import { customersApi } from '../features/customers/customers.api';
import { useT } from '../lib/i18n';
import type { ListParams } from '../lib/list-params';
import { activeOptions } from '../lib/options';
import { useDetail } from '../lib/resource';
import { CustomerSelect } from './CustomerSelect';
import { StationSelect } from './StationSelect';

/** Active / inactive / all (`active`). */
export function ActiveFilter({ params }: { params: ListParams }) {
  const t = useT();
  return (
    <Select
      style={{ width: 120 }}
      value={params.get('active')}
      onChange={(active) => params.update({ active })}
      options={activeOptions(t)}
    />
  );
}

/** One station (`stationId`). */
export function StationFilter({ params }: { params: ListParams }) {
  const t = useT();
  return (
    <StationSelect
      allowClear
      style={{ width: 180 }}
      placeholder={t('filter.allStations')}
      value={Number(params.get('stationId')) || undefined}
      onChange={(stationId) => params.update({ stationId })}
    />
  );
}

/** One customer (`customerId`), labelled before a search has loaded it. */
export function CustomerFilter({ params }: { params: ListParams }) {
  const t = useT();
  const customerId = Number(params.get('customerId')) || undefined;
  const customer = useDetail(customersApi, customerId ?? 0);
  return (
    <CustomerSelect
      allowClear
      style={{ width: 220 }}
      placeholder={t('filter.allCustomers')}
      value={customerId}
      initialLabel={customer.data ? `${customer.data.name} (${customer.data.code})` : undefined}
      onChange={(value) => params.update({ customerId: value })}
    />
  );
}
