import { Select } from 'antd';
import { Link } from 'react-router';
import { type Station, stationTypes } from '../../../../server/modules/org/org.contract';
import type { DataColumn } from '../../components/DataTable';
import { ActiveFilter } from '../../components/ListFilters';
import { CreateButton, ListPage } from '../../components/ListPage';
import { ActiveTag } from '../../components/StatusTags';
import { orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, pageLocally, useListParams } from '../../lib/list-params';
import { useList } from '../../lib/resource';
import { stationsApi } from './stations.api';

const defaults: ListDefaults = { sort: 'code', order: 'asc', filters: { active: 'true' } };

export function StationsPage() {
  const { t } = useLocale();
  const params = useListParams(defaults);
  const list = useList(stationsApi, { active: params.get('active') });
  const all = useList(stationsApi, { active: 'all' });
  const names = new Map((all.data?.items ?? []).map((station) => [station.id, station.name]));
  const type = params.get('type');
  const items = (list.data?.items ?? []).filter((station) => !type || station.type === type);
  const { rows, total } = pageLocally(items, params, {
    matches: (station, q) =>
      [station.code, station.name, station.region, station.address, station.phone].some((value) =>
        value?.toLowerCase().includes(q),
      ),
    sortValue: (station, sort) =>
      sort === 'name' ? station.name : sort === 'region' ? (station.region ?? '') : station.code,
  });

  const columns: DataColumn<Station>[] = [
    {
      key: 'code',
      title: t('field.code'),
      sortable: true,
      render: (row) => <Link to={`/stations/${row.id}`}>{row.code}</Link>,
    },
    { key: 'name', title: t('field.name'), sortable: true, render: (row) => row.name },
    { key: 'type', title: t('field.type'), render: (row) => t(`stationType.${row.type}`) },
    { key: 'region', title: t('field.region'), sortable: true, render: (row) => orDash(row.region) },
    { key: 'phone', title: t('field.phone'), render: (row) => orDash(row.phone) },
    {
      key: 'parent',
      title: t('field.parentId'),
      render: (row) => orDash(row.parentId ? names.get(row.parentId) : null),
    },
    { key: 'isActive', title: t('common.status'), render: (row) => <ActiveTag active={row.isActive} /> },
  ];

  return (
    <ListPage
      title={t('stations.title')}
      actions={<CreateButton to="/stations/new" label={t('stations.new')} testId="station-new" />}
      params={params}
      search={{ placeholder: t('stations.searchPlaceholder'), testId: 'station-search' }}
      filters={
        <>
          <Select
            allowClear
            style={{ width: 150 }}
            placeholder={t('filter.allTypes')}
            value={type}
            onChange={(value) => params.update({ type: value })}
            options={stationTypes.map((value) => ({ value, label: t(`stationType.${value}`) }))}
          />
          <ActiveFilter params={params} />
        </>
      }
      query={list}
      rows={rows}
      total={total}
      columns={columns}
    />
  );
}
