import { DatePicker, Flex, Progress, Segmented, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { type MessageKey, useT } from '../../lib/i18n';
import { useSatisfaction } from './surveys.api';

const groupings = ['station', 'engineer', 'month'] as const;

/** FBK-1: the satisfaction rate per station, engineer or month against the target. */
export function SatisfactionPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const groupBy = (params.get('groupBy') as (typeof groupings)[number]) ?? 'station';
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const query = useSatisfaction({ groupBy, from, to });
  const report = query.data;
  const update = (next: Record<string, string | undefined>) => {
    const merged = { groupBy, from, to, ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, value]) => value)) as Record<string, string>);
  };
  const rate = (value: number | null, meets: boolean | null) =>
    value === null ? (
      t('satisfaction.none')
    ) : (
      <Flex gap={8} align="center" style={{ minWidth: 160 }}>
        <Progress
          percent={value}
          size="small"
          showInfo={false}
          strokeColor={meets ? '#52c41a' : '#cf1322'}
          style={{ width: 100, margin: 0 }}
        />
        <span>{value}%</span>
      </Flex>
    );
  return (
    <>
      <PageHeader
        title={t('satisfaction.title')}
        tags={report && <Tag color="blue">{t('satisfaction.target', { target: report.target })}</Tag>}
      />
      <Flex wrap gap={12} style={{ marginBottom: 12 }}>
        <Segmented
          data-testid="satisfaction-group"
          value={groupBy}
          onChange={(value) => update({ groupBy: String(value) })}
          options={groupings.map((value) => ({ value, label: t(`satisfaction.groupBy.${value}` as MessageKey) }))}
        />
        <DatePicker.RangePicker
          value={report ? [dayjs(report.from), dayjs(report.to)] : undefined}
          onChange={(range) => update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
        />
      </Flex>
      {query.error ? (
        <QueryError error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <Table
          rowKey="key"
          size="small"
          data-testid="satisfaction-table"
          loading={query.isFetching}
          dataSource={report?.rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('satisfaction.group'), dataIndex: 'label' },
            { title: t('satisfaction.answered'), dataIndex: 'answered', align: 'right' },
            { title: t('satisfaction.satisfied'), dataIndex: 'satisfied', align: 'right' },
            { title: t('satisfaction.rate'), render: (_, row) => rate(row.rate, row.meetsTarget) },
            {
              title: '',
              render: (_, row) =>
                row.meetsTarget === null ? null : (
                  <Tag color={row.meetsTarget ? 'green' : 'red'}>
                    {row.meetsTarget ? t('satisfaction.meets') : t('satisfaction.misses')}
                  </Tag>
                ),
            },
          ]}
          summary={() =>
            report && (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{t('satisfaction.total')}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {report.total.answered}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {report.total.satisfied}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} colSpan={2}>
                  <span data-testid="satisfaction-total">{rate(report.total.rate, report.total.meetsTarget)}</span>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )
          }
        />
      )}
    </>
  );
}
