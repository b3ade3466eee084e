/**
 * The loaner pool (备用机, DSP-7): the units of the stations in scope with their status and the
 * loan they are out on; catalogue writers add and edit units, set them to repair or retire them.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { seesAllStations } from '../../../../server/lib/roles';
import {
  type LoanerStatus,
  type LoanerUnit,
  loanerConditions,
  loanerStatuses,
  settableLoanerStatuses,
} from '../../../../server/modules/parts/loans.contract';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { SearchInput } from '../../components/SearchInput';
import { StationSelect } from '../../components/StationSelect';
import { formatDate } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { useT } from '../../lib/i18n';
import { useCan, useCurrentUser } from '../auth/auth.api';
import { useProductModelOptions } from '../product-models/product-models.api';
import { ResponsiveDialog } from '../tickets/ResponsiveDialog';
import { useCreateLoanerUnit, useLoanerUnits, useSetLoanerUnitActive, useUpdateLoanerUnit } from './loans.api';

export const loanerStatusColors: Record<LoanerStatus, string> = {
  available: 'green',
  lent: 'blue',
  repair: 'orange',
  retired: 'default',
};

export function LoanerUnitsPage() {
  const t = useT();
  const can = useCan();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = params.get('status') ?? '';
  const [page, setPage] = useState(1);
  const units = useLoanerUnits({ q: q || undefined, status: status || undefined, page, pageSize: 50 });
  const [editing, setEditing] = useState<LoanerUnit | 'new' | null>(null);
  const setActive = useSetLoanerUnitActive();
  const onError = useApiErrorHandler();
  const update = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value) merged.set(key, value);
      else merged.delete(key);
    }
    setPage(1);
    setParams(merged, { replace: true });
  };
  const allStations = seesAllStations(user.roles);
  return (
    <>
      <PageHeader
        title={t('loans.unitsTitle')}
        extra={
          <Space wrap>
            <Link to="/parts/loans">
              <Button data-testid="loans-link">{t('loans.loansTitle')}</Button>
            </Link>
            {can('manageCatalogue') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="loaner-new">
                {t('loans.newUnit')}
              </Button>
            )}
          </Space>
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <SearchInput
            value={q}
            onSearch={(value) => update({ q: value })}
            placeholder={t('loans.searchUnits')}
            testId="loaner-search"
          />
          <Select
            value={status}
            style={{ width: 160 }}
            onChange={(value) => update({ status: value })}
            data-testid="loaner-status-filter"
            options={[
              { value: '', label: t('loans.allStatuses') },
              ...loanerStatuses.map((value) => ({ value, label: t(`loans.status.${value}`) })),
            ]}
          />
        </Flex>
        {units.error ? (
          <QueryError error={units.error} onRetry={() => units.refetch()} />
        ) : (
          <Table<LoanerUnit>
            rowKey="id"
            size="small"
            loading={units.isPending}
            dataSource={units.data?.items ?? []}
            scroll={{ x: 900 }}
            data-testid="loaner-units-table"
            onRow={(row) => ({ 'data-asset-no': row.assetNo, 'data-status': row.status }) as object}
            pagination={{
              current: page,
              pageSize: 50,
              total: units.data?.total ?? 0,
              onChange: setPage,
              hideOnSinglePage: true,
            }}
            columns={[
              {
                title: t('loans.assetNo'),
                key: 'asset',
                render: (_, row) => (
                  <Flex vertical>
                    <Typography.Text strong>{row.assetNo}</Typography.Text>
                    {!row.isActive && <Tag>{t('common.inactive')}</Tag>}
                  </Flex>
                ),
              },
              ...(allStations
                ? [
                    {
                      title: t('loans.station'),
                      key: 'station',
                      render: (_: unknown, row: LoanerUnit) => row.stationName,
                    },
                  ]
                : []),
              { title: t('loans.model'), key: 'model', render: (_, row) => row.modelName ?? '—' },
              { title: t('loans.serialNo'), key: 'serial', render: (_, row) => row.serialNo ?? '—' },
              {
                title: t('common.status'),
                key: 'status',
                render: (_, row) => (
                  <Space size={4} wrap>
                    <Tag color={loanerStatusColors[row.status]} data-testid="loaner-status">
                      {t(`loans.status.${row.status}`)}
                    </Tag>
                    <Tag>{t(`loans.condition.${row.condition}`)}</Tag>
                  </Space>
                ),
              },
              {
                title: t('loans.currentLoan'),
                key: 'loan',
                render: (_, row) =>
                  row.currentLoan ? (
                    <Flex vertical>
                      <Link to={`/tickets/${row.currentLoan.ticketId}`}>{row.currentLoan.ticketNumber}</Link>
                      <Typography.Text type="secondary">
                        {row.currentLoan.customerName}
                        {row.currentLoan.dueBackAt &&
                          ` · ${t('loans.dueBack', { at: formatDate(row.currentLoan.dueBackAt) })}`}
                      </Typography.Text>
                      {row.currentLoan.isOverdue && <Tag color="red">{t('loans.overdue')}</Tag>}
                    </Flex>
                  ) : (
                    '—'
                  ),
              },
              {
                title: '',
                key: 'actions',
                render: (_, row) =>
                  can('manageCatalogue') && (
                    <Space>
                      <Button size="small" onClick={() => setEditing(row)} data-testid="loaner-edit">
                        {t('common.edit')}
                      </Button>
                      {row.status !== 'lent' && (
                        <Button
                          size="small"
                          onClick={() =>
                            setActive.mutate(
                              { id: row.id, active: !row.isActive },
                              { onError: (error) => onError(error) },
                            )
                          }
                        >
                          {row.isActive ? t('common.deactivate') : t('common.reactivate')}
                        </Button>
                      )}
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </Card>
      {editing && (
        <UnitDialog
          unit={editing === 'new' ? null : editing}
          allStations={allStations}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

type UnitForm = {
  assetNo: string;
  stationId?: number;
  modelId?: number | null;
  serialNo?: string;
  description?: string;
  condition: (typeof loanerConditions)[number];
  status?: (typeof settableLoanerStatuses)[number];
};

function UnitDialog({
  unit,
  allStations,
  onClose,
}: {
  unit: LoanerUnit | null;
  allStations: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<UnitForm>();
  const models = useProductModelOptions();
  const create = useCreateLoanerUnit();
  const update = useUpdateLoanerUnit();
  const onError = useApiErrorHandler();
  const submit = (values: UnitForm) => {
    const common = {
      assetNo: values.assetNo,
      modelId: values.modelId ?? null,
      serialNo: values.serialNo ?? '',
      description: values.description ?? '',
      condition: values.condition,
    };
    if (unit) {
      update.mutate(
        {
          id: unit.id,
          input: {
            ...common,
            version: unit.version,
            ...(unit.status !== 'lent' && values.status ? { status: values.status } : {}),
          },
        },
        { onSuccess: onClose, onError: (error) => onError(error, { form }) },
      );
    } else {
      create.mutate(
        { ...common, ...(values.stationId ? { stationId: values.stationId } : {}) },
        { onSuccess: onClose, onError: (error) => onError(error, { form }) },
      );
    }
  };
  return (
    <ResponsiveDialog
      open
      title={unit ? `${t('common.edit')} ${unit.assetNo}` : t('loans.newUnit')}
      onClose={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={create.isPending || update.isPending}
      okTestId="loaner-save"
    >
      <Form<UnitForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          assetNo: unit?.assetNo ?? '',
          modelId: unit?.modelId ?? undefined,
          serialNo: unit?.serialNo ?? '',
          description: unit?.description ?? '',
          condition: unit?.condition ?? 'good',
          status: unit && unit.status !== 'lent' ? unit.status : undefined,
        }}
      >
        <Form.Item
          name="assetNo"
          label={t('loans.assetNo')}
          rules={[{ required: true, message: t('loans.assetNoRequired') }]}
        >
          <Input maxLength={40} data-testid="loaner-asset-no" />
        </Form.Item>
        {!unit && allStations && (
          <Form.Item
            name="stationId"
            label={t('loans.station')}
            rules={[{ required: true, message: t('loans.stationRequired') }]}
          >
            <StationSelect data-testid="loaner-station" />
          </Form.Item>
        )}
        <Form.Item name="modelId" label={t('loans.model')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={models.isPending}
            options={models.options}
            data-testid="loaner-model"
          />
        </Form.Item>
        <Form.Item name="serialNo" label={t('loans.serialNo')}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="description" label={t('loans.description')}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
        </Form.Item>
        <Form.Item name="condition" label={t('loans.conditionLabel')}>
          <Select options={loanerConditions.map((value) => ({ value, label: t(`loans.condition.${value}`) }))} />
        </Form.Item>
        {unit && unit.status !== 'lent' && (
          <Form.Item name="status" label={t('common.status')}>
            <Select
              data-testid="loaner-status-select"
              options={settableLoanerStatuses.map((value) => ({ value, label: t(`loans.status.${value}`) }))}
            />
          </Form.Item>
        )}
      </Form>
    </ResponsiveDialog>
  );
}
