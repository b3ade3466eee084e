import { Button, Checkbox, Flex, Select, Table, Tag } from 'antd';
import { Link, useSearchParams } from 'react-router';
import type { Complaint } from '../../../../server/modules/feedback/complaints.contract';
import { complaintCategories, complaintStatuses } from '../../../../server/modules/feedback/complaints.contract';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { StationSelect } from '../../components/StationSelect';
import { formatDateTime } from '../../lib/format';
import { type MessageKey, useT } from '../../lib/i18n';
import { useCan } from '../auth/auth.api';
import { useComplaintList } from './complaints.api';

/** FBK-2: complaints with filters (status, overdue, category, station). */
export function ComplaintsPage() {
  const t = useT();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'open';
  const category = params.get('category') ?? undefined;
  const stationId = params.get('stationId') ? Number(params.get('stationId')) : undefined;
  const overdue = params.get('overdue') === 'true';
  const page = Number(params.get('page') ?? 1);
  const query = useComplaintList({
    status: status === 'all' ? undefined : status,
    category,
    stationId,
    overdue: overdue ? 'true' : undefined,
    page,
    pageSize: 20,
  });
  const update = (next: Record<string, string | number | boolean | undefined>) => {
    const merged: Record<string, unknown> = { status, category, stationId, overdue: overdue || undefined, ...next };
    if (!('page' in next)) delete merged.page;
    setParams(
      Object.fromEntries(
        Object.entries(merged)
          .filter(([, value]) => value !== undefined && value !== false && value !== '')
          .map(([key, value]) => [key, String(value)]),
      ),
    );
  };
  return (
    <>
      <PageHeader
        title={t('complaints.title')}
        extra={
          can('recordComplaints') && (
            <Link to="/feedback/complaints/new">
              <Button type="primary" data-testid="complaint-new">
                {t('complaints.new')}
              </Button>
            </Link>
          )
        }
      />
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Select
          data-testid="complaint-status-filter"
          style={{ width: 160 }}
          value={status}
          onChange={(value) => update({ status: value })}
          options={[
            { value: 'open', label: t('complaints.openOnly') },
            { value: 'all', label: t('complaints.all') },
            ...complaintStatuses.map((value) => ({ value, label: t(`complaints.status.${value}` as MessageKey) })),
          ]}
        />
        <Select
          allowClear
          style={{ width: 220 }}
          placeholder={t('complaints.category')}
          value={category}
          onChange={(value) => update({ category: value })}
          options={complaintCategories.map((value) => ({ value, label: t(`complaints.cat.${value}` as MessageKey) }))}
        />
        <StationSelect
          allowClear
          style={{ width: 160 }}
          value={stationId}
          onChange={(value) => update({ stationId: value })}
        />
        <Checkbox
          checked={overdue}
          onChange={(event) => update({ overdue: event.target.checked })}
          data-testid="complaint-overdue"
        >
          {t('complaints.overdueOnly')}
        </Checkbox>
      </Flex>
      {query.error ? (
        <QueryError error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <Table<Complaint>
          rowKey="id"
          size="small"
          data-testid="complaint-table"
          loading={query.isFetching}
          dataSource={query.data?.items}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize: 20,
            total: query.data?.total,
            onChange: (next) => update({ page: next }),
          }}
          columns={[
            {
              title: t('complaints.number'),
              render: (_, row) => (
                <Link to={`/feedback/complaints/${row.id}`} data-testid={`complaint-link-${row.id}`}>
                  {row.number}
                </Link>
              ),
            },
            { title: t('complaints.status'), render: (_, row) => <ComplaintStatusTag complaint={row} /> },
            {
              title: t('complaints.category'),
              render: (_, row) => (row.category ? t(`complaints.cat.${row.category}` as MessageKey) : '—'),
            },
            { title: t('complaints.customer'), dataIndex: 'customerName' },
            { title: t('complaints.ticket'), dataIndex: 'ticketNumber' },
            { title: t('complaints.station'), dataIndex: 'stationName' },
            { title: t('complaints.recordedAt'), render: (_, row) => formatDateTime(row.recordedAt) },
            {
              title: t('complaints.stepDueAt'),
              render: (_, row) => (
                <span style={row.overdue ? { color: '#cf1322' } : undefined}>{formatDateTime(row.stepDueAt)}</span>
              ),
            },
          ]}
        />
      )}
    </>
  );
}

export function ComplaintStatusTag({ complaint }: { complaint: Pick<Complaint, 'status' | 'overdue' | 'severity'> }) {
  const t = useT();
  const color = complaint.status === 'closed' ? 'green' : complaint.status === 'withdrawn' ? 'default' : 'blue';
  return (
    <>
      <Tag color={color} data-testid="complaint-status">
        {t(`complaints.status.${complaint.status}` as MessageKey)}
      </Tag>
      {complaint.severity === 'major' && <Tag color="volcano">{t('complaints.sev.major')}</Tag>}
      {complaint.overdue && <Tag color="red">{t('complaints.overdue')}</Tag>}
    </>
  );
}
