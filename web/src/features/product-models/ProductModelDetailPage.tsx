import { Card, Descriptions, Tag } from 'antd';
import { Link, useParams } from 'react-router';
import { ActiveToggle } from '../../components/ActiveToggle';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { EditButton, MultilineText, overviewColumns, RecordTabs } from '../../components/RecordDetail';
import { ActiveTag } from '../../components/StatusTags';
import { formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { useDetail, useSetActive } from '../../lib/resource';
import { useCan } from '../auth/auth.api';
import { productModelsApi } from './product-models.api';

export function ProductModelDetailPage() {
  const { t } = useLocale();
  const id = Number(useParams().id);
  const detail = useDetail(productModelsApi, id);
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
                  <EditButton to={`/product-models/${id}/edit`} />
                  <ActiveToggle id={id} name={model.name} active={model.isActive} mutation={setActive} />
                </>
              )
            }
          />
          <RecordTabs
            resource={productModelsApi}
            id={id}
            overview={
              <Card>
                <Descriptions
                  column={overviewColumns}
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
                      children: <Link to={`/equipment?modelId=${model.id}&active=all`}>{model.equipmentCount}</Link>,
                    },
                    { key: 'createdAt', label: t('field.createdAt'), children: formatDateTime(model.createdAt) },
                    { key: 'updatedAt', label: t('field.updatedAt'), children: formatDateTime(model.updatedAt) },
                    {
                      key: 'description',
                      label: t('field.description'),
                      span: 'filled',
                      children: <MultilineText text={model.description} />,
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
