/**
 * Parts statistics (PRT-7): consumption by part, product model, station or month over a period
 * (三包件 / 客户购买件, cost), stock value per warehouse and station, slow movers and warranty-part
 * cost per product model — each exportable to Excel. Station roles see their own station.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Flex, InputNumber, Progress, Segmented, Table, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { seesAllStations } from '../../../../server/lib/roles';
import {
  type ConsumptionGroup,
  type ConsumptionRow,
  consumptionGroups,
  type StatsReport,
} from '../../../../server/modules/parts/parts-stats.contract';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { StationSelect } from '../../components/StationSelect';
import { formatDate, formatFen } from '../../lib/format';
import { useT } from '../../lib/i18n';
import { useCurrentUser } from '../auth/auth.api';
import { exportPartsReport, usePartsReport } from './parts-stats.api';

const tabs: StatsReport[] = ['consumption', 'stock-value', 'slow-movers', 'warranty-cost'];

export function PartsStatsPage() {
  const t = useT();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const tab = (tabs.includes(params.get('tab') as StatsReport) ? params.get('tab') : 'consumption') as StatsReport;
  const stationId = params.get('stationId') ? Number(params.get('stationId')) : undefined;
  const [period, setPeriod] = useState<[string, string] | null>(null);
  const [groupBy, setGroupBy] = useState<ConsumptionGroup>('part');
  const [days, setDays] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const periodQuery = period ? { from: period[0], to: period[1] } : {};
  const queries: Record<StatsReport, Record<string, string | number | undefined>> = {
    consumption: { ...periodQuery, groupBy, stationId },
    'stock-value': { stationId },
    'slow-movers': { stationId, days: days ?? undefined, page, pageSize: 50 },
    'warranty-cost': { ...periodQuery, stationId },
  };
  const onExport = () =>
    exportPartsReport(tab, { ...queries[tab], page: undefined, pageSize: undefined }).catch((error: Error) =>
      message.error(error.message),
    );
  const periodPicker = (
    <DatePicker.RangePicker
      value={period ? [dayjs(period[0]), dayjs(period[1])] : null}
      onChange={(values) =>
        setPeriod(values?.[0] && values[1] ? [values[0].format('YYYY-MM-DD'), values[1].format('YYYY-MM-DD')] : null)
      }
      allowClear
      placeholder={[t('partsStats.from'), t('partsStats.to')]}
      data-testid="stats-period"
    />
  );
  return (
    <>
      <PageHeader
        title={t('partsStats.title')}
        extra={
          <Button icon={<DownloadOutlined />} onClick={onExport} data-testid="stats-export">
            {t('partsStats.export')}
          </Button>
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 8 }}>
          {seesAllStations(user.roles) && (
            <StationSelect
              allowClear
              value={stationId}
              onChange={(value) => set('stationId', value ? String(value) : undefined)}
              placeholder={t('partsStats.allStations')}
              style={{ width: 200 }}
              data-testid="stats-station"
            />
          )}
          {(tab === 'consumption' || tab === 'warranty-cost') && periodPicker}
          {tab === 'consumption' && (
            <Segmented
              value={groupBy}
              onChange={(value) => setGroupBy(value as ConsumptionGroup)}
              options={consumptionGroups.map((value) => ({ value, label: t(`partsStats.groupBy.${value}`) }))}
              data-testid="stats-group-by"
            />
          )}
          {tab === 'slow-movers' && (
            <InputNumber
              min={1}
              max={3650}
              value={days}
              onChange={(value) => {
                setPage(1);
                setDays(value);
              }}
              placeholder={t('partsStats.daysDefault')}
              suffix={t('partsStats.days')}
              style={{ width: 200 }}
            />
          )}
        </Flex>
        <Tabs
          activeKey={tab}
          onChange={(key) => set('tab', key === 'consumption' ? undefined : key)}
          items={tabs.map((key) => ({ key, label: t(`partsStats.tab.${key}`) }))}
        />
        {tab === 'consumption' && <ConsumptionTable query={queries.consumption} groupBy={groupBy} />}
        {tab === 'stock-value' && <StockValueTable query={queries['stock-value']} />}
        {tab === 'slow-movers' && <SlowMoversTable query={queries['slow-movers']} page={page} onPage={setPage} />}
        {tab === 'warranty-cost' && <WarrantyCostTable query={queries['warranty-cost']} />}
      </Card>
    </>
  );
}

type QueryProps = { query: Record<string, string | number | undefined> };

function ConsumptionTable({ query, groupBy }: QueryProps & { groupBy: ConsumptionGroup }) {
  const t = useT();
  const report = usePartsReport('consumption', query);
  if (report.error) return <QueryError error={report.error} onRetry={() => report.refetch()} />;
  const data = report.data;
  const max = Math.max(1, ...(data?.items ?? []).map((row) => Math.abs(row.net)));
  const label = (row: ConsumptionRow) =>
    groupBy === 'month'
      ? row.key
      : row.code
        ? `${row.code} ${row.name ?? ''}`
        : groupBy === 'model'
          ? t('partsStats.noModel')
          : row.key;
  return (
    <>
      {data && (
        <Typography.Paragraph type="secondary">
          {t('partsStats.period', { from: formatDate(data.period.from), to: formatDate(data.period.to) })}
          {data.truncated && ` · ${t('partsStats.truncated', { count: data.items.length })}`}
        </Typography.Paragraph>
      )}
      <Table<ConsumptionRow>
        rowKey={(row) => row.key ?? 'none'}
        size="small"
        loading={report.isPending}
        dataSource={data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="stats-consumption-table"
        onRow={(row) => ({ 'data-key': row.key ?? '' }) as object}
        summary={() =>
          data && data.items.length > 0 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>{t('partsStats.total')}</Table.Summary.Cell>
              <Table.Summary.Cell index={1}>{data.totals.net}</Table.Summary.Cell>
              <Table.Summary.Cell index={2}>{data.totals.issued}</Table.Summary.Cell>
              <Table.Summary.Cell index={3}>{data.totals.returned}</Table.Summary.Cell>
              <Table.Summary.Cell index={4}>{data.totals.mailed}</Table.Summary.Cell>
              <Table.Summary.Cell index={5}>{data.totals.warrantyQuantity}</Table.Summary.Cell>
              <Table.Summary.Cell index={6}>{data.totals.customerQuantity}</Table.Summary.Cell>
              <Table.Summary.Cell index={7}>{formatFen(data.totals.costFen)}</Table.Summary.Cell>
              <Table.Summary.Cell index={8}>{formatFen(data.totals.warrantyCostFen)}</Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
        columns={[
          { title: t(`partsStats.groupBy.${groupBy}`), key: 'label', render: (_, row) => label(row) },
          {
            title: t('partsStats.net'),
            key: 'net',
            width: 180,
            render: (_, row) => (
              <Flex gap={8} align="center">
                <span style={{ minWidth: 40 }}>{row.net}</span>
                <Progress
                  percent={(Math.abs(row.net) / max) * 100}
                  showInfo={false}
                  size="small"
                  style={{ width: 100 }}
                />
              </Flex>
            ),
          },
          { title: t('partsStats.issued'), dataIndex: 'issued' },
          { title: t('partsStats.returned'), dataIndex: 'returned' },
          { title: t('partsStats.mailed'), dataIndex: 'mailed' },
          { title: t('partsStats.warrantyQuantity'), dataIndex: 'warrantyQuantity' },
          { title: t('partsStats.customerQuantity'), dataIndex: 'customerQuantity' },
          { title: t('partsStats.cost'), key: 'cost', render: (_, row) => formatFen(row.costFen) },
          { title: t('partsStats.warrantyCost'), key: 'wcost', render: (_, row) => formatFen(row.warrantyCostFen) },
        ]}
      />
    </>
  );
}

function StockValueTable({ query }: QueryProps) {
  const t = useT();
  const report = usePartsReport('stock-value', query);
  if (report.error) return <QueryError error={report.error} onRetry={() => report.refetch()} />;
  const data = report.data;
  type Row = NonNullable<typeof data>['warehouses'][number];
  return (
    <>
      {data && (
        <Flex gap={16} wrap style={{ marginBottom: 12 }}>
          {data.stations.map((station) => (
            <Card size="small" key={station.stationId} data-testid="stats-station-value">
              <Typography.Text type="secondary">{station.stationName}</Typography.Text>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {formatFen(station.valueFen)}
              </Typography.Title>
              <Typography.Text type="secondary">
                {t('partsStats.onHandUnits', { count: station.onHand })}
              </Typography.Text>
            </Card>
          ))}
        </Flex>
      )}
      {data && (
        <Typography.Paragraph type="secondary">
          {t('partsStats.priceDay', { day: formatDate(data.priceDay) })}
        </Typography.Paragraph>
      )}
      <Table<Row>
        rowKey="warehouseId"
        size="small"
        loading={report.isPending}
        dataSource={data?.warehouses ?? []}
        scroll={{ x: 800 }}
        pagination={false}
        data-testid="stats-stock-value-table"
        columns={[
          {
            title: t('partsStats.warehouse'),
            key: 'wh',
            render: (_, row) => `${row.warehouseCode} ${row.warehouseName}`,
          },
          { title: t('partsStats.station'), dataIndex: 'stationName' },
          { title: t('partsStats.partsInStock'), dataIndex: 'parts' },
          { title: t('partsStats.onHand'), dataIndex: 'onHand' },
          { title: t('partsStats.reserved'), dataIndex: 'reserved' },
          { title: t('partsStats.value'), key: 'value', render: (_, row) => formatFen(row.valueFen) },
          { title: t('partsStats.unpriced'), dataIndex: 'unpricedParts' },
          { title: t('partsStats.defective'), dataIndex: 'defectiveOnHand' },
        ]}
      />
    </>
  );
}

function SlowMoversTable({ query, page, onPage }: QueryProps & { page: number; onPage: (page: number) => void }) {
  const t = useT();
  const report = usePartsReport('slow-movers', query);
  if (report.error) return <QueryError error={report.error} onRetry={() => report.refetch()} />;
  const data = report.data;
  type Row = NonNullable<typeof data>['items'][number];
  return (
    <>
      {data && (
        <Typography.Paragraph type="secondary">
          {t('partsStats.slowSince', { days: data.days, since: formatDate(data.since) })}
        </Typography.Paragraph>
      )}
      <Table<Row>
        rowKey={(row) => `${row.warehouseId}-${row.partId}`}
        size="small"
        loading={report.isPending}
        dataSource={data?.items ?? []}
        scroll={{ x: 800 }}
        data-testid="stats-slow-movers-table"
        pagination={{ current: page, pageSize: 50, total: data?.total ?? 0, onChange: onPage, hideOnSinglePage: true }}
        columns={[
          { title: t('partsStats.warehouse'), dataIndex: 'warehouseCode' },
          { title: t('partsStats.part'), key: 'part', render: (_, row) => `${row.partCode} ${row.partName}` },
          { title: t('partsStats.onHand'), key: 'onHand', render: (_, row) => `${row.onHand} ${row.unit}` },
          {
            title: t('partsStats.lastIssue'),
            key: 'last',
            render: (_, row) => (row.lastIssueAt ? formatDate(row.lastIssueAt) : t('partsStats.neverIssued')),
          },
          { title: t('partsStats.value'), key: 'value', render: (_, row) => formatFen(row.valueFen) },
        ]}
      />
    </>
  );
}

function WarrantyCostTable({ query }: QueryProps) {
  const t = useT();
  const report = usePartsReport('warranty-cost', query);
  if (report.error) return <QueryError error={report.error} onRetry={() => report.refetch()} />;
  const data = report.data;
  type Row = NonNullable<typeof data>['items'][number];
  return (
    <>
      {data && (
        <Typography.Paragraph type="secondary">
          {t('partsStats.period', { from: formatDate(data.period.from), to: formatDate(data.period.to) })} ·{' '}
          {t('partsStats.warrantyTotal', { quantity: data.totalQuantity, cost: formatFen(data.totalCostFen) })}
        </Typography.Paragraph>
      )}
      <Table<Row>
        rowKey={(row) => row.modelId ?? 0}
        size="small"
        loading={report.isPending}
        dataSource={data?.items ?? []}
        scroll={{ x: 600 }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        data-testid="stats-warranty-cost-table"
        columns={[
          {
            title: t('partsStats.groupBy.model'),
            key: 'model',
            render: (_, row) => (row.modelCode ? `${row.modelCode} ${row.modelName ?? ''}` : t('partsStats.noModel')),
          },
          { title: t('partsStats.tickets'), dataIndex: 'tickets' },
          { title: t('partsStats.warrantyQuantity'), dataIndex: 'quantity' },
          { title: t('partsStats.warrantyCost'), key: 'cost', render: (_, row) => formatFen(row.costFen) },
        ]}
      />
    </>
  );
}
