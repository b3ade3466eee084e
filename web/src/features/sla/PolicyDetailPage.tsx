import { Card, Descriptions, Table, Tag } from 'antd';
import { Link, useParams } from 'react-router';
import type { Policy } from '../../../../server/modules/sla/sla.contract';
import { ActiveToggle } from '../../components/ActiveToggle';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { EditButton, MultilineText, overviewColumns, RecordTabs } from '../../components/RecordDetail';
import { ActiveTag } from '../../components/StatusTags';
import { formatDateTime } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { useDetail, useSetActive } from '../../lib/resource';
import { useCan } from '../auth/auth.api';
import { policiesApi } from './sla.api';
import { DefaultTag, TargetText } from './sla-ui';

export function PolicyDetailPage() {
  const id = Number(useParams().id);
  const detail = useDetail(policiesApi, id);
  const setActive = useSetActive(policiesApi);
  const writable = useCan()('manageSla');

  return (
    <QueryState query={detail}>
      {(policy) => (
        <>
          <PageHeader
            backTo="/sla/policies"
            title={policy.name}
            subtitle={policy.code}
            tags={
              <>
                {policy.isDefault && <DefaultTag />}
                <ActiveTag active={policy.isActive} />
              </>
            }
            extra={
              writable && (
                <>
                  <EditButton to={`/sla/policies/${id}/edit`} testId="sla-policy-edit" />
                  {!policy.isDefault && (
                    <ActiveToggle id={id} name={policy.name} active={policy.isActive} mutation={setActive} />
                  )}
                </>
              )
            }
          />
          <RecordTabs resource={policiesApi} id={id} overview={<Overview policy={policy} />} />
        </>
      )}
    </QueryState>
  );
}

function Overview({ policy }: { policy: Policy }) {
  const { t } = useLocale();
  const rows = policy.targets.map((row) => ({ ...row, key: `${row.level}:${row.region}` }));
  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          column={overviewColumns}
          items={[
            { key: 'code', label: t('field.code'), children: policy.code },
            { key: 'name', label: t('field.name'), children: policy.name },
            {
              key: 'calendar',
              label: t('sla.calendar'),
              children: <Link to={`/sla/calendars/${policy.calendarId}`}>{policy.calendarName}</Link>,
            },
            {
              key: 'pauseForParts',
              label: t('field.pauseForParts'),
              children: policy.pauseForParts ? t('common.yes') : t('common.no'),
            },
            {
              key: 'isDefault',
              label: t('field.isDefault'),
              children: policy.isDefault ? t('common.yes') : t('common.no'),
            },
            { key: 'contracts', label: t('sla.contractCount'), children: policy.contractCount },
            { key: 'updatedAt', label: t('field.updatedAt'), children: formatDateTime(policy.updatedAt) },
            {
              key: 'description',
              label: t('field.description'),
              span: 'filled',
              children: <MultilineText text={policy.description} />,
            },
          ]}
        />
      </Card>
      <Card title={t('sla.targets')}>
        <Table
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={rows}
          data-testid="sla-target-table"
          columns={[
            {
              key: 'level',
              title: t('sla.level'),
              render: (_: unknown, row: (typeof rows)[number]) => (
                <>
                  {t('sla.levelTitle', { level: row.level })}{' '}
                  {row.region !== 'any' && <Tag>{t(`sla.region.${row.region}`)}</Tag>}
                </>
              ),
            },
            {
              key: 'response',
              title: t('sla.clock.response'),
              render: (_: unknown, row: (typeof rows)[number]) => <TargetText target={row.response} />,
            },
            {
              key: 'arrival',
              title: t('sla.clock.arrival'),
              render: (_: unknown, row: (typeof rows)[number]) => <TargetText target={row.arrival} />,
            },
            {
              key: 'resolution',
              title: t('sla.clock.resolution'),
              render: (_: unknown, row: (typeof rows)[number]) => <TargetText target={row.resolution} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
