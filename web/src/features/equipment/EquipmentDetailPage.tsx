import { Alert, Card, Descriptions, Empty, Flex, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import type { EquipmentDetail } from '../../../../server/modules/customers/customers.contract';
import { ActiveToggle } from '../../components/ActiveToggle';
import { DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { EditButton, MultilineText, overviewColumns, RecordTabs } from '../../components/RecordDetail';
import { ActiveTag, ContractStateTag, WarrantyTag } from '../../components/StatusTags';
import { formatDate, formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { useDetail, useSetActive } from '../../lib/resource';
import { useCan } from '../auth/auth.api';
import { equipmentApi } from './equipment.api';

export function EquipmentDetailPage() {
  const id = Number(useParams().id);
  const detail = useDetail(equipmentApi, id);
  const setActive = useSetActive(equipmentApi);
  const writable = useCan()('writeCustomers');

  return (
    <QueryState query={detail}>
      {(equipment) => (
        <>
          <PageHeader
            backTo="/equipment"
            title={equipment.serialNo}
            subtitle={`${equipment.modelCode} · ${equipment.modelName}`}
            tags={
              <>
                <WarrantyTag status={equipment.warrantyStatus} />
                <ActiveTag active={equipment.isActive} />
              </>
            }
            extra={
              writable && (
                <>
                  <EditButton to={`/equipment/${id}/edit`} testId="equipment-edit" />
                  <ActiveToggle id={id} name={equipment.serialNo} active={equipment.isActive} mutation={setActive} />
                </>
              )
            }
          />
          <RecordTabs resource={equipmentApi} id={id} overview={<Overview equipment={equipment} />} />
        </>
      )}
    </QueryState>
  );
}

function Overview({ equipment }: { equipment: EquipmentDetail }) {
  const { t, tOptional } = useLocale();
  return (
    <Flex vertical gap={16}>
      <Card title={t('equipment.basics')}>
        <Descriptions
          column={overviewColumns}
          items={[
            { key: 'serialNo', label: t('field.serialNo'), children: equipment.serialNo },
            {
              key: 'model',
              label: t('field.model'),
              children: (
                <Link
                  to={`/product-models/${equipment.modelId}`}
                >{`${equipment.modelCode} · ${equipment.modelName}`}</Link>
              ),
            },
            { key: 'category', label: t('field.category'), children: t(`category.${equipment.category}`) },
            {
              key: 'customer',
              label: t('field.customer'),
              children: <Link to={`/customers/${equipment.customerId}`}>{equipment.customerName}</Link>,
            },
            { key: 'station', label: t('field.station'), children: orDash(equipment.stationName) },
            { key: 'projectNo', label: t('field.projectNo'), children: orDash(equipment.projectNo) },
            { key: 'invoiceNo', label: t('field.invoiceNo'), children: orDash(equipment.invoiceNo) },
            { key: 'location', label: t('field.location'), children: orDash(equipment.location) },
            { key: 'purchaseDate', label: t('field.purchaseDate'), children: formatDate(equipment.purchaseDate) },
            { key: 'deliveryDate', label: t('field.deliveryDate'), children: formatDate(equipment.deliveryDate) },
            { key: 'acceptanceDate', label: t('field.acceptanceDate'), children: formatDate(equipment.acceptanceDate) },
            {
              key: 'commissioningDate',
              label: t('field.commissioningDate'),
              children: formatDate(equipment.commissioningDate),
            },
            { key: 'createdAt', label: t('field.createdAt'), children: formatDateTime(equipment.createdAt) },
            { key: 'updatedAt', label: t('field.updatedAt'), children: formatDateTime(equipment.updatedAt) },
            {
              key: 'notes',
              label: t('field.notes'),
              span: 'filled',
              children: <MultilineText text={equipment.notes} />,
            },
          ]}
        />
      </Card>
      <Card title={t('equipment.warranty')}>
        {equipment.warrantyStatus === 'unknown' && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('equipment.unknownWarrantyHint')} />
        )}
        <Descriptions
          column={overviewColumns}
          items={[
            {
              key: 'status',
              label: t('field.warrantyStatus'),
              children: <WarrantyTag status={equipment.warrantyStatus} />,
            },
            {
              key: 'end',
              label: t('field.warrantyEnd'),
              children: <span data-testid="warranty-end">{formatDate(equipment.warrantyEnd)}</span>,
            },
            {
              key: 'basis',
              label: t('field.warrantyBasis'),
              children: equipment.warrantyBasis
                ? (tOptional(`warrantyBasis.${equipment.warrantyBasis}`) ?? equipment.warrantyBasis)
                : '—',
            },
            {
              key: 'override',
              label: t('field.warrantyMonthsOverride'),
              children:
                equipment.warrantyMonthsOverride === null ? (
                  <Typography.Text type="secondary">{t('equipment.modelDefault')}</Typography.Text>
                ) : (
                  t('common.months', { count: equipment.warrantyMonthsOverride })
                ),
            },
          ]}
        />
      </Card>
      <Card title={t('equipment.contracts')}>
        {equipment.contracts.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('equipment.noContracts')} />
        ) : (
          <DataTable
            rows={equipment.contracts}
            total={equipment.contracts.length}
            loading={false}
            rowKey={(row) => row.id}
            columns={[
              {
                key: 'contractNo',
                title: t('field.contractNo'),
                render: (row) => <Link to={`/contracts/${row.id}`}>{row.contractNo}</Link>,
              },
              { key: 'title', title: t('field.contractTitle'), render: (row) => row.title },
              {
                key: 'period',
                title: t('field.period'),
                render: (row) => `${formatDate(row.startsOn)} ~ ${formatDate(row.endsOn)}`,
              },
              { key: 'state', title: t('field.state'), render: (row) => <ContractStateTag state={row.state} /> },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}
