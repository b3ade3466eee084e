import { Card, Descriptions, Table, Tag } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import type { Calendar } from '../../../../server/modules/sla/sla.contract';
import { ActiveToggle } from '../../components/ActiveToggle';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { EditButton, overviewColumns, RecordTabs } from '../../components/RecordDetail';
import { ActiveTag } from '../../components/StatusTags';
import { formatDateTime } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { useDetail, useSetActive } from '../../lib/resource';
import { useCan } from '../auth/auth.api';
import { CalendarDays } from './CalendarDays';
import { calendarsApi } from './sla.api';
import { useSlaFormat } from './sla-ui';
import { TryIt } from './TryIt';

const tabKeys = ['overview', 'days', 'try', 'history'] as const;
type TabKey = (typeof tabKeys)[number];

export function CalendarDetailPage() {
  const { t } = useLocale();
  const id = Number(useParams().id);
  const [search, setSearch] = useSearchParams();
  const requested = search.get('tab') as TabKey | null;
  const tab: TabKey = requested && tabKeys.includes(requested) ? requested : 'overview';
  const detail = useDetail(calendarsApi, id);
  const setActive = useSetActive(calendarsApi);
  const writable = useCan()('manageSla');

  return (
    <QueryState query={detail}>
      {(calendar) => (
        <>
          <PageHeader
            backTo="/sla/calendars"
            title={calendar.name}
            subtitle={calendar.code}
            tags={
              <>
                {calendar.alwaysOpen && <Tag color="purple">7×24</Tag>}
                <ActiveTag active={calendar.isActive} />
              </>
            }
            extra={
              writable && (
                <>
                  <EditButton to={`/sla/calendars/${id}/edit`} testId="sla-calendar-edit" />
                  <ActiveToggle id={id} name={calendar.name} active={calendar.isActive} mutation={setActive} />
                </>
              )
            }
          />
          <RecordTabs
            resource={calendarsApi}
            id={id}
            activeKey={tab}
            onChange={(key) =>
              setSearch(
                (previous) => {
                  const next = new URLSearchParams();
                  if (key !== 'overview') next.set('tab', key);
                  if (key === 'days')
                    for (const name of ['year', 'view']) {
                      const value = previous.get(name);
                      if (value) next.set(name, value);
                    }
                  return next;
                },
                { replace: true },
              )
            }
            overview={<Overview calendar={calendar} />}
            tabs={[
              {
                key: 'days',
                label: t('sla.tabDays'),
                children: <CalendarDays calendar={calendar} writable={writable} />,
              },
              { key: 'try', label: t('sla.tabTry'), children: <TryIt calendar={calendar} /> },
            ]}
          />
        </>
      )}
    </QueryState>
  );
}

function Overview({ calendar }: { calendar: Calendar }) {
  const { t } = useLocale();
  const format = useSlaFormat();
  const rows = calendar.weekly.map((windows, day) => ({
    key: day,
    day: format.weekday(day),
    windows: calendar.alwaysOpen ? '00:00–24:00' : format.windows(windows) || t('sla.closed'),
    minutes: calendar.alwaysOpen ? 1440 : windows.reduce((sum, w) => sum + w.end - w.start, 0),
  }));
  return (
    <Card>
      <Descriptions
        column={overviewColumns}
        items={[
          { key: 'code', label: t('field.code'), children: calendar.code },
          { key: 'name', label: t('field.name'), children: calendar.name },
          { key: 'timeZone', label: t('field.timeZone'), children: calendar.timeZone },
          {
            key: 'weeklyMinutes',
            label: t('sla.weeklyHours'),
            children: <span data-testid="sla-weekly-hours">{format.duration(calendar.weeklyMinutes)}</span>,
          },
          {
            key: 'makeUp',
            label: t('sla.makeUpHours'),
            children: calendar.makeUpWindows ? format.windows(calendar.makeUpWindows) : t('sla.sameAsMonday'),
          },
          {
            key: 'days',
            label: t('sla.holidaysAndMakeUp'),
            children: t('sla.dayCounts', { holidays: calendar.holidayCount, makeUp: calendar.makeUpDayCount }),
          },
          { key: 'policies', label: t('sla.policyCount'), children: calendar.policyCount },
          { key: 'updatedAt', label: t('field.updatedAt'), children: formatDateTime(calendar.updatedAt) },
        ]}
      />
      <Table
        style={{ marginTop: 16 }}
        size="small"
        pagination={false}
        dataSource={rows}
        data-testid="sla-weekly-table"
        columns={[
          { key: 'day', title: t('sla.weekday'), dataIndex: 'day', width: 90 },
          { key: 'windows', title: t('sla.workingHours'), dataIndex: 'windows' },
          {
            key: 'minutes',
            title: t('sla.dayTotal'),
            align: 'right',
            render: (_: unknown, row: (typeof rows)[number]) => (row.minutes ? format.duration(row.minutes) : '—'),
          },
        ]}
      />
    </Card>
  );
}
