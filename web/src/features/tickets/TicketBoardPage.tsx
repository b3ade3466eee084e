/**
 * 风险看板 (TKT-11, SLA-3, SLA-4): running deadlines that are breached or at risk — breached first,
 * most urgent first — and the open loaner tasks; refreshed every 30 s.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Flex, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { seesAllStations } from '../../../../server/lib/roles';
import type { TicketBoard } from '../../../../server/modules/tickets/tickets.contract';
import { type DataColumn, DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { StationSelect } from '../../components/StationSelect';
import { formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { useCurrentUser } from '../auth/auth.api';
import { useNow } from './TicketsPage';
import { clockLabel, FaultLevelTag, formatMinutes, TicketStatusTag } from './ticket-format';
import { useBoard } from './tickets.api';

type BoardItem = TicketBoard['breached'][number];
type BoardTask = TicketBoard['loanerTasks'][number];

export function TicketBoardPage() {
  const { t } = useLocale();
  const user = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const stationId = Number(search.get('stationId')) || undefined;
  const board = useBoard(stationId);
  const now = useNow(15_000);

  const lateness = (item: { dueAt: string }) => {
    const minutes = Math.round((dayjs(item.dueAt).valueOf() - now) / 60_000);
    return minutes < 0
      ? t('tickets.deadline.late', { duration: formatMinutes(t, -minutes) })
      : t('tickets.deadline.left', { duration: formatMinutes(t, minutes) });
  };

  const columns: DataColumn<BoardItem & { id: string }>[] = [
    {
      key: 'number',
      title: t('tickets.field.number'),
      hideOnPhone: true,
      render: (row) => (
        <Link to={`/tickets/${row.ticketId}`} data-testid="board-ticket">
          {row.number}
        </Link>
      ),
    },
    { key: 'clock', title: t('tickets.board.clock'), render: (row) => <Tag>{clockLabel(t, row.kind)}</Tag> },
    {
      key: 'left',
      title: t('tickets.board.left'),
      hideOnPhone: true,
      render: (row) => (
        <Typography.Text strong type={row.state === 'breached' ? 'danger' : 'warning'} data-testid="board-left">
          {lateness(row)}
        </Typography.Text>
      ),
    },
    { key: 'due', title: t('tickets.board.due'), render: (row) => formatDateTime(row.dueAt) },
    {
      key: 'title',
      title: t('tickets.field.title'),
      render: (row) => (
        <Typography.Text ellipsis={{ tooltip: row.title }} style={{ maxWidth: 240 }}>
          {row.title}
        </Typography.Text>
      ),
    },
    { key: 'customer', title: t('tickets.field.customer'), render: (row) => row.customerName },
    {
      key: 'level',
      title: t('tickets.field.faultLevel'),
      render: (row) => <FaultLevelTag level={row.faultLevel} short />,
    },
    { key: 'status', title: t('tickets.field.status'), render: (row) => <TicketStatusTag status={row.status} /> },
    ...(seesAllStations(user.roles)
      ? [{ key: 'station', title: t('tickets.field.station'), render: (row: BoardItem) => orDash(row.stationName) }]
      : []),
  ];

  const taskColumns: DataColumn<BoardTask>[] = [
    {
      key: 'number',
      title: t('tickets.field.number'),
      render: (row) => <Link to={`/tickets/${row.ticketId}`}>{row.number}</Link>,
    },
    { key: 'kind', title: t('tickets.board.task'), render: (row) => t(`tickets.taskKind.${row.kind}`) },
    {
      key: 'due',
      title: t('tickets.board.due'),
      render: (row) => (
        <Space size={4}>
          {formatDateTime(row.dueAt)}
          {row.isOverdue && <Tag color="red">{t('tickets.deadline.breached')}</Tag>}
        </Space>
      ),
    },
    { key: 'left', title: t('tickets.board.left'), render: (row) => lateness(row) },
    { key: 'note', title: t('tickets.field.note'), render: (row) => orDash(row.note) },
  ];

  const section = (title: string, color: string, items: BoardItem[], total: number, more: boolean, testId: string) => (
    <Card
      title={
        <Flex align="center" gap={8}>
          <Badge color={color} />
          {title}
          <Badge count={more ? `${total}+` : total} showZero overflowCount={Number.MAX_SAFE_INTEGER} color={color} />
        </Flex>
      }
      extra={
        total > items.length ? (
          <Typography.Text type="secondary" data-testid={`${testId}-more`}>
            {t('tickets.board.mostUrgent', { shown: items.length })}
          </Typography.Text>
        ) : undefined
      }
      data-testid={testId}
    >
      <DataTable
        columns={columns}
        rows={items.map((item) => ({ ...item, id: `${item.ticketId}:${item.kind}` }))}
        total={items.length}
        loading={false}
        rowKey={(row) => row.id}
        cardTitle={(row) => (
          <Flex justify="space-between" gap={8}>
            <Link to={`/tickets/${row.ticketId}`}>{row.number}</Link>
            <Typography.Text strong type={row.state === 'breached' ? 'danger' : 'warning'}>
              {lateness(row)}
            </Typography.Text>
          </Flex>
        )}
        empty={<Typography.Text type="secondary">{t('tickets.board.nothing')}</Typography.Text>}
      />
    </Card>
  );

  return (
    <>
      <PageHeader
        title={t('tickets.board.title')}
        subtitle={
          board.data && (
            <span data-testid="board-updated">
              {t('tickets.board.updated', { at: dayjs(board.data.generatedAt).format('HH:mm:ss') })}
            </span>
          )
        }
        extra={
          <>
            {seesAllStations(user.roles) && (
              <StationSelect
                allowClear
                style={{ width: 180 }}
                value={stationId}
                placeholder={t('filter.allStations')}
                onChange={(value?: number) =>
                  setSearch(value ? new URLSearchParams({ stationId: String(value) }) : new URLSearchParams(), {
                    replace: true,
                  })
                }
              />
            )}
            <Button icon={<ReloadOutlined />} loading={board.isFetching} onClick={() => board.refetch()}>
              {t('tickets.refresh')}
            </Button>
          </>
        }
      />
      <QueryState query={board}>
        {(data) => (
          <Flex vertical gap={16}>
            {section(
              t('tickets.board.breached'),
              '#f5222d',
              data.breached,
              data.breachedTotal,
              data.totalsAreLowerBounds && data.breachedTotal >= 1000,
              'board-breached',
            )}
            {section(
              t('tickets.board.atRisk'),
              '#fa8c16',
              data.atRisk,
              data.atRiskTotal,
              data.totalsAreLowerBounds && data.atRiskTotal >= 1000,
              'board-at-risk',
            )}
            <Card
              title={
                <Flex align="center" gap={8}>
                  {t('tickets.board.loanerTasks')}
                  <Badge count={data.loanerTasks.length} showZero color="#722ed1" />
                </Flex>
              }
              data-testid="board-tasks"
            >
              <DataTable
                columns={taskColumns}
                rows={data.loanerTasks}
                total={data.loanerTasks.length}
                loading={false}
                rowKey={(row) => row.id}
                empty={<Typography.Text type="secondary">{t('tickets.board.noTasks')}</Typography.Text>}
              />
            </Card>
          </Flex>
        )}
      </QueryState>
    </>
  );
}
