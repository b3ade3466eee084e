import { Card, Descriptions, Tag } from 'antd';
import { Link, useParams } from 'react-router';
import { ActiveToggle } from '../../components/ActiveToggle';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { EditButton, overviewColumns, RecordTabs } from '../../components/RecordDetail';
import { ActiveTag } from '../../components/StatusTags';
import { formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { useDetail, useSetActive } from '../../lib/resource';
import { stationsApi } from './stations.api';

export function StationDetailPage() {
  const { t } = useLocale();
  const id = Number(useParams().id);
  const detail = useDetail(stationsApi, id);
  const setActive = useSetActive(stationsApi);
  const parent = useDetail(stationsApi, detail.data?.parentId ?? 0);

  return (
    <QueryState query={detail}>
      {(station) => (
        <>
          <PageHeader
            backTo="/stations"
            title={station.name}
            subtitle={station.code}
            tags={
              <>
                <Tag color="blue">{t(`stationType.${station.type}`)}</Tag>
                <ActiveTag active={station.isActive} />
              </>
            }
            extra={
              <>
                <EditButton to={`/stations/${id}/edit`} />
                <ActiveToggle id={id} name={station.name} active={station.isActive} mutation={setActive} />
              </>
            }
          />
          <RecordTabs
            resource={stationsApi}
            id={id}
            overview={
              <Card>
                <Descriptions
                  column={overviewColumns}
                  items={[
                    { key: 'code', label: t('field.code'), children: station.code },
                    { key: 'name', label: t('field.name'), children: station.name },
                    { key: 'type', label: t('field.type'), children: t(`stationType.${station.type}`) },
                    { key: 'region', label: t('field.region'), children: orDash(station.region) },
                    { key: 'phone', label: t('field.phone'), children: orDash(station.phone) },
                    {
                      key: 'parent',
                      label: t('field.parentId'),
                      children: station.parentId ? (
                        <Link to={`/stations/${station.parentId}`}>{parent.data?.name ?? '…'}</Link>
                      ) : (
                        '—'
                      ),
                    },
                    {
                      key: 'address',
                      label: t('field.address'),
                      children: orDash(station.address),
                      span: 'filled',
                    },
                    { key: 'createdAt', label: t('field.createdAt'), children: formatDateTime(station.createdAt) },
                    { key: 'updatedAt', label: t('field.updatedAt'), children: formatDateTime(station.updatedAt) },
                  ]}
                />
              </Card>
            }
          />
        </>
      )}
    </QueryState>
  );
}
