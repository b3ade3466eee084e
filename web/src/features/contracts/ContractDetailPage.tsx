import { CheckOutlined, CloseOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Empty, Flex, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  type Contract,
  type EquipmentItem,
  terminateBody,
} from '../../../../server/modules/customers/customers.contract';
import { DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { EditButton, MultilineText, overviewColumns, RecordTabs } from '../../components/RecordDetail';
import { ContractStateTag, WarrantyTag } from '../../components/StatusTags';
import { formatDate, formatDateTime, formatFen, orDash } from '../../lib/format';
import { parseForForm, useApiErrorHandler, useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useDetail, useList } from '../../lib/resource';
import { useCan } from '../auth/auth.api';
import { equipmentApi } from '../equipment/equipment.api';
import { ContractSlaCard } from '../sla/ContractSla';
import { contractsApi, useTerminateContract } from './contracts.api';

export function ContractDetailPage() {
  const { t } = useLocale();
  const id = Number(useParams().id);
  const [terminating, setTerminating] = useState(false);
  const detail = useDetail(contractsApi, id);
  const writable = useCan()('writeCustomers');

  return (
    <QueryState query={detail}>
      {(contract) => (
        <>
          <PageHeader
            backTo="/contracts"
            title={contract.title}
            subtitle={contract.contractNo}
            tags={<ContractStateTag state={contract.state} />}
            extra={
              writable &&
              contract.status !== 'terminated' && (
                <>
                  <EditButton to={`/contracts/${id}/edit`} testId="contract-edit" />
                  <Button
                    danger
                    icon={<StopOutlined />}
                    onClick={() => setTerminating(true)}
                    data-testid="contract-terminate"
                  >
                    {t('contracts.terminate')}
                  </Button>
                </>
              )
            }
          />
          <RecordTabs resource={contractsApi} id={id} overview={<Overview contract={contract} />} />
          <TerminateDialog
            contract={contract}
            open={terminating}
            onClose={() => setTerminating(false)}
            onReload={() => detail.refetch()}
          />
        </>
      )}
    </QueryState>
  );
}

function Covered({ value }: { value: boolean }) {
  const { t } = useLocale();
  return value ? (
    <Typography.Text type="success">
      <CheckOutlined /> {t('common.yes')}
    </Typography.Text>
  ) : (
    <Typography.Text type="secondary">
      <CloseOutlined /> {t('common.no')}
    </Typography.Text>
  );
}

function Overview({ contract }: { contract: Contract }) {
  const { t, locale } = useLocale();
  const equipment = useList(equipmentApi, {
    customerId: contract.customerId,
    active: 'all',
    pageSize: 200,
    sort: 'serialNo',
    order: 'asc',
  });
  const covered = (equipment.data?.items ?? []).filter((item) => contract.equipmentIds.includes(item.id));

  return (
    <Flex vertical gap={16}>
      <Card title={t('contracts.basics')}>
        <Descriptions
          column={overviewColumns}
          items={[
            { key: 'contractNo', label: t('field.contractNo'), children: contract.contractNo },
            { key: 'title', label: t('field.contractTitle'), children: contract.title },
            {
              key: 'customer',
              label: t('field.customer'),
              children: <Link to={`/customers/${contract.customerId}`}>{contract.customerName}</Link>,
            },
            {
              key: 'period',
              label: t('field.period'),
              children: `${formatDate(contract.startsOn)} ~ ${formatDate(contract.endsOn)}`,
            },
            { key: 'state', label: t('field.state'), children: <ContractStateTag state={contract.state} /> },
            { key: 'amount', label: t('field.amountFen'), children: formatFen(contract.amountFen, locale) },
            {
              key: 'visit',
              label: t('field.visitIntervalMonths'),
              children: contract.visitIntervalMonths
                ? t('contracts.everyMonths', { count: contract.visitIntervalMonths })
                : '—',
            },
            { key: 'createdAt', label: t('field.createdAt'), children: formatDateTime(contract.createdAt) },
            { key: 'updatedAt', label: t('field.updatedAt'), children: formatDateTime(contract.updatedAt) },
            {
              key: 'scope',
              label: t('field.scope'),
              span: 'filled',
              children: <MultilineText text={contract.scope} />,
            },
            {
              key: 'notes',
              label: t('field.notes'),
              span: 'filled',
              children: <MultilineText text={contract.notes} />,
            },
          ]}
        />
      </Card>
      <Card title={t('contracts.coverage')}>
        <Descriptions
          column={{ xs: 1, sm: 2, md: 4, lg: 4, xl: 4, xxl: 4 }}
          items={[
            { key: 'parts', label: t('field.coversParts'), children: <Covered value={contract.coversParts} /> },
            { key: 'labour', label: t('field.coversLabour'), children: <Covered value={contract.coversLabour} /> },
            { key: 'travel', label: t('field.coversTravel'), children: <Covered value={contract.coversTravel} /> },
            {
              key: 'extends',
              label: t('field.extendsWarranty'),
              children: <Covered value={contract.extendsWarranty} />,
            },
          ]}
        />
      </Card>
      <ContractSlaCard slaPolicyId={contract.slaPolicyId} calendarId={contract.calendarId} />
      <Card title={t('contracts.coveredEquipment', { count: contract.equipmentIds.length })}>
        {contract.equipmentIds.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contracts.noEquipment')} />
        ) : (
          <DataTable<EquipmentItem>
            rows={covered}
            total={covered.length}
            loading={equipment.isPending}
            rowKey={(row) => row.id}
            columns={[
              {
                key: 'serialNo',
                title: t('field.serialNo'),
                render: (row) => <Link to={`/equipment/${row.id}`}>{row.serialNo}</Link>,
              },
              { key: 'model', title: t('field.model'), render: (row) => `${row.modelCode} · ${row.modelName}` },
              { key: 'location', title: t('field.location'), render: (row) => orDash(row.location) },
              {
                key: 'warrantyStatus',
                title: t('field.warrantyStatus'),
                render: (row) => <WarrantyTag status={row.warrantyStatus} />,
              },
              { key: 'warrantyEnd', title: t('field.warrantyEnd'), render: (row) => formatDate(row.warrantyEnd) },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}

function TerminateDialog({
  contract,
  open,
  onClose,
  onReload,
}: {
  contract: Contract;
  open: boolean;
  onClose: () => void;
  onReload: () => void;
}) {
  const { t, language } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const rules = useFieldRules(terminateBody);
  const terminate = useTerminateContract();
  const onError = useApiErrorHandler();

  const submit = (values: { reason?: string }) => {
    const body = parseForForm(terminateBody, { reason: values.reason, version: contract.version }, form, language);
    if (!body) return;
    terminate.mutate(
      { id: contract.id, ...body },
      {
        onSuccess: () => {
          message.success(t('contracts.terminated'));
          onClose();
        },
        onError: (error) =>
          onError(error, {
            form,
            onReload: () => {
              onClose();
              onReload();
            },
          }),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('contracts.terminateTitle', { contractNo: contract.contractNo })}
      okText={t('contracts.terminate')}
      okButtonProps={{ danger: true, loading: terminate.isPending }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">{t('contracts.terminateHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item name="reason" label={t('contracts.terminateReason')} rules={rules('reason')} required>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Space>
    </Modal>
  );
}
