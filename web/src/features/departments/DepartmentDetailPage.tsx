import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ActiveToggle } from '../../components/ActiveToggle';
import { HistoryList } from '../../components/HistoryList';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ActiveTag } from '../../components/StatusTags';
import { formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { useDetail, useHistory, useSetActive } from '../../lib/resource';
import { departmentsApi } from './departments.api';

export function DepartmentDetailPage() {
  const { t } = useLocale();
  const id = Number(useParams().id);
  const [tab, setTab] = useState('overview');
  const detail = useDetail(departmentsApi, id);
  const history = useHistory(departmentsApi, id, tab === 'history');
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
                <Link to={`/departments/${id}/edit`}>
                  <Button icon={<EditOutlined />}>{t('common.edit')}</Button>
                </Link>
                <ActiveToggle id={id} name={department.name} active={department.isActive} mutation={setActive} />
              </>
            }
          />
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              {
                key: 'overview',
                label: t('customers.tabOverview'),
                children: (
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
                ),
              },
              {
                key: 'history',
                label: t('customers.tabHistory'),
                children: (
                  <Card>
                    <HistoryList query={history} />
                  </Card>
                ),
              },
            ]}
          />
        </>
      )}
    </QueryState>
  );
}
