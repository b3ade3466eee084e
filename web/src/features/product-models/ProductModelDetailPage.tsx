import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Tabs, Tag, Typography } from 'antd';
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
import { useCan } from '../auth/auth.api';
import { productModelsApi } from './product-models.api';

export function ProductModelDetailPage() {
  const { t } = useLocale();
  const id = Number(useParams().id);
  const [tab, setTab] = useState('overview');
  const detail = useDetail(productModelsApi, id);
  const history = useHistory(productModelsApi, id, tab === 'history');
  const setActive = useSetActive(productModelsApi);
  const writable = useCan()('writeProductModels');

  return (
    <QueryState query={detail}>
      {(model) => (
        <>
          <PageHeader
            backTo="/product-models"
            title={model.name}
            subtitle={model.code}
            tags={
              <>
                <Tag color="blue">{t(`category.${model.category}`)}</Tag>
                <ActiveTag active={model.isActive} />
              </>
            }
            extra={
              writable && (
                <>
                  <Link to={`/product-models/${id}/edit`}>
                    <Button icon={<EditOutlined />}>{t('common.edit')}</Button>
                  </Link>
                  <ActiveToggle id={id} name={model.name} active={model.isActive} mutation={setActive} />
                </>
              )
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
                      column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
                      items={[
                        { key: 'code', label: t('field.code'), children: model.code },
                        { key: 'name', label: t('field.name'), children: model.name },
                        { key: 'category', label: t('field.category'), children: t(`category.${model.category}`) },
                        { key: 'productLine', label: t('field.productLine'), children: orDash(model.productLine) },
                        {
                          key: 'warrantyMonths',
                          label: t('field.warrantyMonths'),
                          children: t('common.months', { count: model.warrantyMonths }),
                        },
                        {
                          key: 'equipmentCount',
                          label: t('field.equipmentCount'),
                          children: (
                            <Link to={`/equipment?modelId=${model.id}&active=all`}>{model.equipmentCount}</Link>
                          ),
                        },
                        { key: 'createdAt', label: t('field.createdAt'), children: formatDateTime(model.createdAt) },
                        { key: 'updatedAt', label: t('field.updatedAt'), children: formatDateTime(model.updatedAt) },
                        {
                          key: 'description',
                          label: t('field.description'),
                          span: 'filled',
                          children: (
                            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                              {orDash(model.description)}
                            </Typography.Paragraph>
                          ),
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
