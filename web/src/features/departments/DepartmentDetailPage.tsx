import { Card, Descriptions, Tag } from 'antd';
import { useParams } from 'react-router';
import { ActiveToggle } from '../../components/ActiveToggle';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { EditButton, RecordTabs } from '../../components/RecordDetail';
import { ActiveTag } from '../../components/StatusTags';
import { formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { useDetail, useSetActive } from '../../lib/resource';
import { departmentsApi } from './departments.api';

export function DepartmentDetailPage() {
  const { t } = useLocale();
  const id = Number(useParams().id);
  const detail = useDetail(departmentsApi, id);
  const setActive = useSetActive(departmentsApi);

  return (
    <QueryState query={detail}>
      {(department) => (
        <>
          <PageHeader
            backTo="/departments"
            title={department.name}
            tags={
              <>
                <Tag color="blue">{department.code}</Tag>
                <ActiveTag active={department.isActive} />
              </>
            }
            extra={
              <>
                <EditButton to={`/departments/${id}/edit`} />
                <ActiveToggle id={id} name={department.name} active={department.isActive} mutation={setActive} />
              </>
            }
          />
          <RecordTabs
            resource={departmentsApi}
            id={id}
            overview={
              <Card>
                <Descriptions
                  column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
                  items={[
                    { key: 'code', label: t('field.code'), children: department.code },
                    { key: 'name', label: t('field.name'), children: department.name },
                    {
                      key: 'description',
                      label: t('field.description'),
                      children: orDash(department.description),
                      span: 'filled',
                    },
                    {
                      key: 'createdAt',
                      label: t('field.createdAt'),
                      children: formatDateTime(department.createdAt),
                    },
                    {
                      key: 'updatedAt',
                      label: t('field.updatedAt'),
                      children: formatDateTime(department.updatedAt),
                    },
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
