import { Tag } from 'antd';
import { Link } from 'react-router';
import type { Calendar } from '../../../../server/modules/sla/sla.contract';
import type { DataColumn } from '../../components/DataTable';
import { ActiveFilter } from '../../components/ListFilters';
import { CreateButton, ListPage } from '../../components/ListPage';
import { ActiveTag } from '../../components/StatusTags';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, pageLocally, useListParams } from '../../lib/list-params';
import { useList } from '../../lib/resource';
import { useCan } from '../auth/auth.api';
import { calendarsApi } from './sla.api';
import { SlaNav, useSlaFormat } from './sla-ui';

const defaults: ListDefaults = { sort: 'code', order: 'asc', filters: { active: 'true' } };

/** Business calendars (SLA-2): working hours per week, time zone, holidays and make-up days. */
export function CalendarsPage() {
  const { t } = useLocale();
  const format = useSlaFormat();
  const params = useListParams(defaults);
  const list = useList(calendarsApi, { active: params.get('active') });
  const writable = useCan()('manageSla');
  const { rows, total } = pageLocally(list.data?.items ?? [], params, {
    matches: (calendar, q) =>
      [calendar.code, calendar.name, calendar.timeZone].some((v) => v.toLowerCase().includes(q)),
    sortValue: (calendar, sort) =>
      sort === 'name' ? calendar.name : sort === 'weeklyMinutes' ? calendar.weeklyMinutes : calendar.code,
  });

  const columns: DataColumn<Calendar>[] = [
    {
      key: 'code',
      title: t('field.code'),
      sortable: true,
      render: (row) => (
        <Link to={`/sla/calendars/${row.id}`} data-testid="sla-calendar-link">
          {row.code}
        </Link>
      ),
    },
    { key: 'name', title: t('field.name'), sortable: true, render: (row) => row.name },
    {
      key: 'weeklyMinutes',
      title: t('sla.weeklyHours'),
      sortable: true,
      render: (row) => (row.alwaysOpen ? <Tag color="purple">7×24</Tag> : format.duration(row.weeklyMinutes)),
    },
    {
      key: 'monday',
      title: t('sla.weekdayHours'),
      render: (row) => (row.alwaysOpen ? '00:00–24:00' : format.windows(row.weekly[0]) || t('sla.closed')),
    },
    { key: 'timeZone', title: t('field.timeZone'), render: (row) => row.timeZone },
    {
      key: 'days',
      title: t('sla.holidaysAndMakeUp'),
      render: (row) => t('sla.dayCounts', { holidays: row.holidayCount, makeUp: row.makeUpDayCount }),
    },
    { key: 'isActive', title: t('common.status'), render: (row) => <ActiveTag active={row.isActive} /> },
  ];

  return (
    <ListPage
      title={t('sla.title')}
      notice={<SlaNav />}
      actions={
        writable && <CreateButton to="/sla/calendars/new" label={t('sla.newCalendar')} testId="sla-calendar-new" />
      }
      params={params}
      search={{ placeholder: t('sla.searchCalendars'), testId: 'sla-calendar-search' }}
      filters={<ActiveFilter params={params} />}
      query={list}
      rows={rows}
      total={total}
      columns={columns}
      tableTestId="sla-calendar-table"
    />
  );
}
