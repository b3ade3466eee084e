/**
 * The ticket list (TKT-11): search and filters in the URL, saved views, the next deadline of each
 * ticket with its time left, and keyset "load more" paging; a card list on phones.
 */
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, DatePicker, Flex, Form, Input, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { seesAllStations } from '../../../../server/lib/roles';
import { type TicketSummary, ticketStatuses } from '../../../../server/modules/tickets/tickets.contract';
import { type DataColumn, DataTable } from '../../components/DataTable';
import { FilterBar } from '../../components/FilterBar';
import { StationFilter } from '../../components/ListFilters';
import { CreateButton } from '../../components/ListPage';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { SearchInput } from '../../components/SearchInput';
import { formatDateTime, orDash } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, type ListParams, useListParams } from '../../lib/list-params';
import { useList } from '../../lib/resource';
import { useCan, useCurrentUser } from '../auth/auth.api';
import { usersApi } from '../users/users.api';
import { ResponsiveDialog } from './ResponsiveDialog';
import { channelOptions, typeOptions } from './ticket-fields';
import { DeadlineCell, FaultLevelTag, faultLevelValues, levelKey, TicketStatusTag } from './ticket-format';
import { useDeleteView, useSavedViews, useSaveView, useTicketList } from './tickets.api';

const defaults: ListDefaults = { sort: 'receivedAt', order: 'desc', pageSize: 20 };
const filterKeys = [
  'q',
  'status',
  'open',
  'faultLevel',
  'type',
  'channel',
  'stationId',
  'engineerId',
  'mine',
  'receivedFrom',
  'receivedTo',
  'overdue',
  'atRisk',
] as const;
/** URL parameters that are not part of a saved view. */
const notViewKeys = new Set(['page', 'pageSize']);

const sortChoices = ['receivedAt:desc', 'receivedAt:asc', 'faultLevel:asc', 'number:desc', 'updatedAt:desc'] as const;

/** A comma-separated URL list bound to a multiple Select. */
function listValue(params: ListParams, key: string): string[] {
  return (params.get(key) ?? '').split(',').filter(Boolean);
}

/** "Now", refreshed every 30 s so times left stay current without reloading. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function TicketsPage() {
  const { t } = useLocale();
  const user = useCurrentUser();
  const can = useCan();
  const params = useListParams(defaults);
  const filters = params.filters(filterKeys);
  const query = { ...filters, sort: params.sort, order: params.order, pageSize: params.pageSize };
  const list = useTicketList(query);
  const now = useNow();
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const total = list.data?.pages[0]?.total ?? null;
  // A search counts up to 500 matches (a list without search up to 10 000): then “500+”.
  const totalLabel = total !== null && list.data?.pages[0]?.totalIsLowerBound ? `${total}+` : total;
  const isEngineer = user.roles.includes('engineer');

  const columns: DataColumn<TicketSummary>[] = [
    {
      key: 'number',
      title: t('tickets.field.number'),
      hideOnPhone: true,
      render: (row) => (
        <Link to={`/tickets/${row.id}`} data-testid="ticket-link" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {row.number}
        </Link>
      ),
    },
    {
      key: 'customer',
      title: t('tickets.field.customer'),
      render: (row) => (
        <Flex vertical>
          <span>{row.customerName}</span>
          {row.serialNo && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {row.serialNo}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'title',
      title: t('tickets.field.title'),
      render: (row) => (
        <Typography.Text ellipsis={{ tooltip: row.title }} style={{ maxWidth: 260 }}>
          {row.title}
        </Typography.Text>
      ),
    },
    { key: 'type', title: t('tickets.field.type'), render: (row) => t(`tickets.type.${row.type}`) },
    {
      key: 'level',
      title: t('tickets.field.faultLevel'),
      render: (row) => <FaultLevelTag level={row.faultLevel} short />,
    },
    {
      key: 'status',
      title: t('tickets.field.status'),
      hideOnPhone: true,
      render: (row) => <TicketStatusTag status={row.status} />,
    },
    {
      key: 'engineer',
      title: t('tickets.field.engineer'),
      render: (row) => orDash(row.engineerNames.join('、')),
    },
    {
      key: 'receivedAt',
      title: t('tickets.field.receivedAt'),
      render: (row) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.receivedAt)}</span>,
    },
    {
      key: 'deadline',
      title: t('tickets.field.nextDeadline'),
      render: (row) => <DeadlineCell deadline={row.nextDeadline} now={now} />,
    },
  ];

  const statusValue = listValue(params, 'status');
  const receivedFrom = params.get('receivedFrom');
  const receivedTo = params.get('receivedTo');

  return (
    <>
      <PageHeader
        title={t('tickets.listTitle')}
        extra={
          <>
            <SavedViews params={params} />
            {can('writeTickets') && <CreateButton to="/tickets/new" label={t('tickets.new')} testId="ticket-new" />}
          </>
        }
      />
      <FilterBar
        params={params}
        search={
          <SearchInput
            value={params.get('q')}
            onSearch={(q) => params.update({ q })}
            placeholder={t('tickets.searchPlaceholder')}
            testId="ticket-search"
            width={300}
          />
        }
      >
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          style={{ width: 220 }}
          placeholder={t('tickets.filter.status')}
          value={statusValue}
          onChange={(values: string[]) => params.update({ status: values.join(',') })}
          options={ticketStatuses.map((status) => ({ value: status, label: t(`tickets.status.${status}`) }))}
          data-testid="filter-status"
        />
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          style={{ width: 160 }}
          placeholder={t('tickets.filter.level')}
          value={listValue(params, 'faultLevel')}
          onChange={(values: string[]) => params.update({ faultLevel: values.join(',') })}
          options={faultLevelValues.map((level) => ({
            value: String(level),
            label: t(`tickets.levelLabel.${levelKey(level)}`),
          }))}
        />
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          style={{ width: 180 }}
          placeholder={t('tickets.filter.type')}
          value={listValue(params, 'type')}
          onChange={(values: string[]) => params.update({ type: values.join(',') })}
          options={typeOptions(t)}
        />
        <Select
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          style={{ width: 160 }}
          placeholder={t('tickets.filter.channel')}
          value={listValue(params, 'channel')}
          onChange={(values: string[]) => params.update({ channel: values.join(',') })}
          options={channelOptions(t)}
        />
        {seesAllStations(user.roles) && <StationFilter params={params} />}
        {can('viewUsers') && <EngineerFilter params={params} />}
        <DatePicker.RangePicker
          style={{ width: 250 }}
          allowEmpty={[true, true]}
          placeholder={[t('tickets.filter.receivedFrom'), t('tickets.filter.receivedTo')]}
          value={[receivedFrom ? dayjs(receivedFrom) : null, receivedTo ? dayjs(receivedTo) : null]}
          onChange={(range) =>
            params.update({
              receivedFrom: range?.[0] ? range[0].startOf('day').toISOString() : undefined,
              receivedTo: range?.[1] ? range[1].endOf('day').toISOString() : undefined,
            })
          }
        />
        <Flex gap={4} align="center" wrap>
          <Checkbox
            checked={params.get('open') === 'true'}
            onChange={(event) => params.update({ open: event.target.checked ? 'true' : undefined })}
            data-testid="filter-open"
          >
            {t('tickets.filter.open')}
          </Checkbox>
          <Checkbox
            checked={params.get('atRisk') === 'true'}
            onChange={(event) => params.update({ atRisk: event.target.checked ? 'true' : undefined })}
            data-testid="filter-at-risk"
          >
            {t('tickets.filter.atRisk')}
          </Checkbox>
          <Checkbox
            checked={params.get('overdue') === 'true'}
            onChange={(event) => params.update({ overdue: event.target.checked ? 'true' : undefined })}
            data-testid="filter-overdue"
          >
            {t('tickets.filter.overdue')}
          </Checkbox>
          {isEngineer && (
            <Checkbox
              checked={params.get('mine') === 'true'}
              onChange={(event) => params.update({ mine: event.target.checked ? 'true' : undefined })}
            >
              {t('tickets.filter.mine')}
            </Checkbox>
          )}
        </Flex>
        <Select
          style={{ width: 180 }}
          aria-label={t('common.sortBy')}
          value={`${params.sort}:${params.order}`}
          onChange={(value: string) => {
            const [sort, order] = value.split(':');
            params.update({ sort, order });
          }}
          options={sortChoices.map((value) => ({ value, label: t(`tickets.sort.${value}`) }))}
        />
      </FilterBar>

      {list.error && !list.data ? (
        <QueryError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <>
          <DataTable
            testId="ticket-table"
            columns={columns}
            rows={rows}
            total={total ?? rows.length}
            loading={list.isFetching && !list.isFetchingNextPage}
            rowKey={(row) => row.id}
            cardTitle={(row) => (
              <Link to={`/tickets/${row.id}`} data-testid="ticket-link">
                {row.number}
              </Link>
            )}
            cardExtra={(row) => <TicketStatusTag status={row.status} />}
            empty={
              <Typography.Text type="secondary">
                {params.hasFilters ? t('common.noMatches') : t('tickets.empty')}
              </Typography.Text>
            }
          />
          <Flex justify="center" align="center" gap={12} style={{ marginTop: 16 }} wrap>
            {rows.length > 0 && (
              <Typography.Text type="secondary" data-testid="ticket-count">
                {total !== null
                  ? t('tickets.loadedOf', { shown: rows.length, total: totalLabel ?? rows.length })
                  : t('tickets.loaded', { shown: rows.length })}
              </Typography.Text>
            )}
            {list.hasNextPage && (
              <Button
                onClick={() => list.fetchNextPage()}
                loading={list.isFetchingNextPage}
                data-testid="ticket-load-more"
              >
                {t('tickets.loadMore')}
              </Button>
            )}
          </Flex>
        </>
      )}
    </>
  );
}

function EngineerFilter({ params }: { params: ListParams }) {
  const { t } = useLocale();
  const engineers = useList(usersApi, {
    role: 'engineer',
    active: 'true',
    pageSize: 100,
    sort: 'displayName',
    order: 'asc',
  });
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width: 160 }}
      placeholder={t('tickets.filter.engineer')}
      loading={engineers.isPending}
      value={Number(params.get('engineerId')) || undefined}
      onChange={(engineerId?: number) => params.update({ engineerId })}
      options={(engineers.data?.items ?? []).map((user) => ({ value: user.id, label: user.displayName }))}
    />
  );
}

/** The current filters as a view's query string (sorted so equal filters compare equal). */
function viewQueryOf(search: URLSearchParams): string {
  const entries = [...search.entries()].filter(([key]) => !notViewKeys.has(key)).sort(([a], [b]) => a.localeCompare(b));
  return new URLSearchParams(entries).toString();
}

function SavedViews({ params }: { params: ListParams }) {
  const { t } = useLocale();
  const { message, modal } = App.useApp();
  const [, setSearch] = useSearchParams();
  const views = useSavedViews();
  const saveView = useSaveView();
  const deleteView = useDeleteView();
  const onError = useApiErrorHandler();
  const [naming, setNaming] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const current = viewQueryOf(params.search);
  const active = views.data?.items.find((view) => viewQueryOf(new URLSearchParams(view.query)) === current);

  const save = () => {
    const name = (form.getFieldValue('name') as string | undefined)?.trim();
    if (!name) {
      form.setFields([{ name: 'name', errors: [t('tickets.views.nameRequired')] }]);
      return;
    }
    saveView.mutate(
      { name, query: current },
      {
        onSuccess: () => {
          message.success(t('tickets.views.saved', { name }));
          setNaming(false);
          form.resetFields();
        },
        onError: (error) => onError(error, { form }),
      },
    );
  };

  return (
    <>
      <Space.Compact>
        <Select
          style={{ width: 180 }}
          placeholder={t('tickets.views.pick')}
          value={active?.id}
          loading={views.isPending}
          onChange={(id: number) => {
            const view = views.data?.items.find((item) => item.id === id);
            if (view) setSearch(new URLSearchParams(view.query), { replace: true });
          }}
          options={(views.data?.items ?? []).map((view) => ({ value: view.id, label: view.name }))}
          notFoundContent={t('tickets.views.none')}
          data-testid="saved-views"
        />
        {active ? (
          <Button
            icon={<DeleteOutlined />}
            aria-label={t('tickets.views.delete')}
            title={t('tickets.views.delete')}
            onClick={() =>
              modal.confirm({
                title: t('tickets.views.deleteConfirm', { name: active.name }),
                okButtonProps: { danger: true },
                onOk: () => deleteView.mutateAsync(active.id).catch((error) => onError(error)),
              })
            }
          />
        ) : (
          <Button
            icon={<SaveOutlined />}
            disabled={!params.hasFilters}
            onClick={() => setNaming(true)}
            data-testid="save-view"
          >
            {t('tickets.views.save')}
          </Button>
        )}
      </Space.Compact>
      <ResponsiveDialog
        open={naming}
        title={t('tickets.views.save')}
        onClose={() => setNaming(false)}
        onOk={save}
        confirmLoading={saveView.isPending}
        okTestId="save-view-submit"
        width={420}
      >
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="name" label={t('tickets.views.name')} required>
            <Input maxLength={50} autoFocus data-testid="save-view-name" onPressEnter={save} />
          </Form.Item>
        </Form>
      </ResponsiveDialog>
    </>
  );
}
