/** The parts catalogue (PRT-1): list with import/export, edit form, and the part's detail tabs. */
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Switch,
  Table,
  Tag,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  type Part,
  type PartSummary,
  partCategories,
  partInput,
  partUpdate,
} from '../../../../server/modules/parts/catalogue.contract';
import { ActiveToggle } from '../../components/ActiveToggle';
import type { DataColumn } from '../../components/DataTable';
import { ExportButton, ImportButton } from '../../components/ImportExport';
import { ActiveFilter } from '../../components/ListFilters';
import { CreateButton, ListPage } from '../../components/ListPage';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { EditButton, MultilineText, overviewColumns, RecordTabs } from '../../components/RecordDetail';
import { EditRecordPage, type EditRecordProps, RecordForm } from '../../components/RecordForm';
import { ActiveTag } from '../../components/StatusTags';
import { formatDate, formatDateTime, formatFen, orDash } from '../../lib/format';
import { useApiErrorHandler, useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { type ListDefaults, useListParams } from '../../lib/list-params';
import { useRecordForm } from '../../lib/record-form';
import { useDetail, useInvalidate, useList, useSetActive } from '../../lib/resource';
import { useCan } from '../auth/auth.api';
import { useProductModelOptions } from '../product-models/product-models.api';
import {
  partsApi,
  useAddPrice,
  usePartStock,
  usePrices,
  useSetFits,
  useSetPartSuppliers,
  useSupplierOptions,
} from './parts.api';

const defaults: ListDefaults = { sort: 'code', order: 'asc', filters: { active: 'true' } };
const filterKeys = ['q', 'category', 'modelId', 'active'] as const;

export function PartsPage() {
  const { t } = useLocale();
  const can = useCan();
  const params = useListParams(defaults);
  const filters = params.filters(filterKeys);
  const list = useList(partsApi, params.pageQuery(filters));
  const invalidate = useInvalidate(partsApi);
  const models = useProductModelOptions();
  const writable = can('manageCatalogue');

  const columns: DataColumn<PartSummary>[] = [
    {
      key: 'code',
      title: t('catalogue.code'),
      sortable: true,
      render: (row) => (
        <Link to={`/parts/${row.id}`} data-testid="part-link">
          {row.code}
        </Link>
      ),
    },
    { key: 'name', title: t('field.name'), sortable: true, render: (row) => row.name },
    { key: 'spec', title: t('catalogue.spec'), render: (row) => orDash(row.spec) },
    { key: 'category', title: t('field.category'), render: (row) => t(`catalogue.category.${row.category}`) },
    {
      key: 'available',
      title: t('stock.available'),
      align: 'right',
      render: (row) => (
        <span style={row.reorderPoint > 0 && row.available <= row.reorderPoint ? { color: '#cf1322' } : undefined}>
          {row.available} / {row.onHand} {row.unit}
        </span>
      ),
    },
    { key: 'price', title: t('catalogue.price'), align: 'right', render: (row) => formatFen(row.priceFen) },
    { key: 'isActive', title: t('common.status'), render: (row) => <ActiveTag active={row.isActive} /> },
    { key: 'updatedAt', title: t('field.updatedAt'), sortable: true, render: (row) => formatDateTime(row.updatedAt) },
  ];

  return (
    <ListPage
      title={t('catalogue.title')}
      actions={
        <>
          {writable && (
            <ImportButton
              kind="parts"
              path="/api/parts/import"
              title={t('catalogue.importTitle')}
              onImported={invalidate}
            />
          )}
          <ExportButton
            kind="parts"
            path="/api/parts/export"
            filters={{ ...filters, sort: params.sort, order: params.order }}
          />
          {writable && <CreateButton to="/parts/new" label={t('catalogue.new')} testId="part-new" />}
        </>
      }
      params={params}
      search={{ placeholder: t('catalogue.searchPlaceholder'), testId: 'part-search' }}
      filters={
        <>
          <Select
            allowClear
            style={{ width: 130 }}
            placeholder={t('catalogue.allCategories')}
            value={params.get('category')}
            onChange={(category) => params.update({ category })}
            options={partCategories.map((c) => ({ value: c, label: t(`catalogue.category.${c}`) }))}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            placeholder={t('catalogue.fitsModel')}
            value={params.get('modelId') ? Number(params.get('modelId')) : undefined}
            onChange={(modelId) => params.update({ modelId })}
            options={models.options}
          />
          <ActiveFilter params={params} />
        </>
      }
      query={list}
      columns={columns}
      tableTestId="part-table"
      emptyText={t('catalogue.empty')}
    />
  );
}

type Values = {
  code?: string;
  name?: string;
  spec?: string | null;
  unit?: string;
  category?: (typeof partCategories)[number];
  serialised?: boolean;
  reorderPoint?: number;
  reorderQuantity?: number;
  defaultSupplierId?: number | null;
  notes?: string | null;
};

export function PartFormPage() {
  return <EditRecordPage resource={partsApi} skeletonRows={8} form={PartForm} />;
}

function PartForm({ record: part, onReload }: EditRecordProps<Part>) {
  const { t } = useLocale();
  const suppliers = useSupplierOptions();
  const { form, save, saving } = useRecordForm<Values>({
    resource: partsApi,
    record: part,
    onReload,
    schemas: { create: partInput, update: partUpdate },
    path: '/parts',
    created: 'catalogue.created',
  });
  const rules = useFieldRules(part ? partUpdate : partInput);
  const initialValues: Values = part
    ? {
        code: part.code,
        name: part.name,
        spec: part.spec,
        unit: part.unit,
        category: part.category,
        serialised: part.serialised,
        reorderPoint: part.reorderPoint,
        reorderQuantity: part.reorderQuantity,
        defaultSupplierId: part.defaultSupplierId,
        notes: part.notes,
      }
    : { unit: '个', category: 'electrical', serialised: false, reorderPoint: 0, reorderQuantity: 0 };
  const half = { xs: 24, md: 12 };
  return (
    <RecordForm<Values>
      title={part ? t('catalogue.edit') : t('catalogue.new')}
      subtitle={part?.code}
      backTo={part ? `/parts/${part.id}` : '/parts'}
      form={form}
      initialValues={initialValues}
      onFinish={(values) => save({ ...values, defaultSupplierId: values.defaultSupplierId ?? null })}
      saving={saving}
      submitTestId="part-form-submit"
    >
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="code" label={t('catalogue.code')} rules={rules('code')} required={!part}>
              <Input maxLength={32} disabled={!!part} data-testid="part-code" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="name" label={t('field.name')} rules={rules('name')} required>
              <Input maxLength={100} data-testid="part-name" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="spec" label={t('catalogue.spec')} rules={rules('spec')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="unit" label={t('catalogue.unit')} rules={rules('unit')} required>
              <Input maxLength={10} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="category" label={t('field.category')} rules={rules('category')} required>
              <Select options={partCategories.map((c) => ({ value: c, label: t(`catalogue.category.${c}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="reorderPoint" label={t('catalogue.reorderPoint')} rules={rules('reorderPoint')}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="reorderQuantity" label={t('catalogue.reorderQuantity')} rules={rules('reorderQuantity')}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="defaultSupplierId"
              label={t('catalogue.defaultSupplier')}
              rules={rules('defaultSupplierId')}
            >
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={suppliers.options} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="serialised" label={t('catalogue.serialised')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="notes" label={t('field.notes')} rules={rules('notes')}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
    </RecordForm>
  );
}

export function PartDetailPage() {
  const { t } = useLocale();
  const id = Number(useParams().id);
  const detail = useDetail(partsApi, id);
  const setActive = useSetActive(partsApi);
  const can = useCan();
  const writable = can('manageCatalogue');
  const [tab, setTab] = useState('overview');

  return (
    <QueryState query={detail}>
      {(part) => (
        <>
          <PageHeader
            backTo="/parts"
            title={part.name}
            subtitle={part.code}
            tags={
              <>
                <Tag color="blue">{t(`catalogue.category.${part.category}`)}</Tag>
                {part.serialised && <Tag>{t('catalogue.serialised')}</Tag>}
                <ActiveTag active={part.isActive} />
              </>
            }
            extra={
              writable && (
                <>
                  <EditButton to={`/parts/${id}/edit`} />
                  <ActiveToggle id={id} name={part.name} active={part.isActive} mutation={setActive} />
                </>
              )
            }
          />
          <RecordTabs
            resource={partsApi}
            id={id}
            activeKey={tab}
            onChange={setTab}
            overview={
              <Card>
                <Descriptions
                  column={overviewColumns}
                  items={[
                    { key: 'code', label: t('catalogue.code'), children: part.code },
                    { key: 'spec', label: t('catalogue.spec'), children: orDash(part.spec) },
                    { key: 'unit', label: t('catalogue.unit'), children: part.unit },
                    { key: 'price', label: t('catalogue.priceToday'), children: formatFen(part.priceFen) },
                    { key: 'cost', label: t('catalogue.cost'), children: formatFen(part.costFen) },
                    {
                      key: 'stock',
                      label: t('stock.available'),
                      children: `${part.available} / ${part.onHand} ${part.unit}`,
                    },
                    { key: 'reorderPoint', label: t('catalogue.reorderPoint'), children: part.reorderPoint },
                    { key: 'reorderQuantity', label: t('catalogue.reorderQuantity'), children: part.reorderQuantity },
                    {
                      key: 'supplier',
                      label: t('catalogue.defaultSupplier'),
                      children: orDash(part.defaultSupplierName),
                    },
                    {
                      key: 'ledger',
                      label: t('ledger.title'),
                      children: <Link to={`/stock-ledger?partId=${part.id}`}>{t('common.viewAll')}</Link>,
                    },
                    {
                      key: 'notes',
                      label: t('field.notes'),
                      span: 'filled',
                      children: <MultilineText text={part.notes} />,
                    },
                  ]}
                />
              </Card>
            }
            tabs={[
              { key: 'stock', label: t('catalogue.tabStock'), children: <PartStockTab partId={id} /> },
              {
                key: 'prices',
                label: t('catalogue.tabPrices'),
                children: <PricesTab partId={id} writable={writable} />,
              },
              { key: 'fits', label: t('catalogue.tabFits'), children: <FitsTab part={part} writable={writable} /> },
              {
                key: 'suppliers',
                label: t('catalogue.tabSuppliers'),
                children: <SuppliersTab part={part} writable={writable} />,
              },
            ]}
          />
        </>
      )}
    </QueryState>
  );
}

function PartStockTab({ partId }: { partId: number }) {
  const { t } = useLocale();
  const stock = usePartStock(partId);
  return (
    <Card>
      <Table
        size="small"
        rowKey="warehouseId"
        loading={stock.isPending}
        dataSource={stock.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        data-testid="part-stock-table"
        onRow={(row) => ({ 'data-warehouse-code': row.warehouseCode }) as object}
        columns={[
          {
            key: 'warehouse',
            title: t('stock.warehouse'),
            render: (_, row) => <Link to={`/stock?warehouseId=${row.warehouseId}`}>{row.warehouseName}</Link>,
          },
          { key: 'station', title: t('field.station'), dataIndex: 'stationName' },
          { key: 'onHand', title: t('stock.onHand'), dataIndex: 'onHand', align: 'right' },
          { key: 'reserved', title: t('stock.reserved'), dataIndex: 'reserved', align: 'right' },
          { key: 'available', title: t('stock.available'), dataIndex: 'available', align: 'right' },
          { key: 'defective', title: t('stock.defective'), dataIndex: 'defective', align: 'right' },
          { key: 'inTransit', title: t('stock.inTransit'), dataIndex: 'inTransit', align: 'right' },
        ]}
      />
    </Card>
  );
}

function PricesTab({ partId, writable }: { partId: number; writable: boolean }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [on, setOn] = useState<string | undefined>();
  const prices = usePrices(partId, on);
  const add = useAddPrice(partId);
  const onError = useApiErrorHandler();
  const [form] = Form.useForm<{ effectiveFrom: dayjs.Dayjs; price: number; cost: number }>();
  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
          <span>{t('catalogue.priceOn')}</span>
          <DatePicker
            allowClear
            value={on ? dayjs(on) : null}
            onChange={(value) => setOn(value ? value.format('YYYY-MM-DD') : undefined)}
            data-testid="price-on"
          />
          <strong data-testid="price-current">
            {prices.data?.current ? formatFen(prices.data.current.priceFen) : t('catalogue.noPrice')}
          </strong>
        </Flex>
        <Table
          size="small"
          rowKey="id"
          loading={prices.isPending}
          dataSource={prices.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { key: 'from', title: t('catalogue.effectiveFrom'), render: (_, row) => formatDate(row.effectiveFrom) },
            { key: 'price', title: t('catalogue.price'), align: 'right', render: (_, row) => formatFen(row.priceFen) },
            { key: 'cost', title: t('catalogue.cost'), align: 'right', render: (_, row) => formatFen(row.costFen) },
            { key: 'by', title: t('catalogue.createdBy'), render: (_, row) => orDash(row.createdByName) },
          ]}
        />
      </Card>
      {writable && (
        <Card title={t('catalogue.addPrice')}>
          <Form
            form={form}
            layout="inline"
            onFinish={(values) =>
              add
                .mutateAsync({
                  effectiveFrom: values.effectiveFrom.format('YYYY-MM-DD'),
                  priceFen: Math.round(values.price * 100),
                  costFen: Math.round(values.cost * 100),
                })
                .then(() => {
                  message.success(t('common.saved'));
                  form.resetFields();
                })
                .catch((error) => onError(error, { form }))
            }
          >
            <Form.Item name="effectiveFrom" label={t('catalogue.effectiveFrom')} rules={[{ required: true }]}>
              <DatePicker disabledDate={(day) => day.isBefore(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item name="price" label={t('catalogue.priceYuan')} rules={[{ required: true }]}>
              <InputNumber min={0} precision={2} />
            </Form.Item>
            <Form.Item name="cost" label={t('catalogue.costYuan')} rules={[{ required: true }]}>
              <InputNumber min={0} precision={2} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="price-add">
              {t('catalogue.addPrice')}
            </Button>
          </Form>
          <div style={{ marginTop: 8, color: '#888' }}>{t('catalogue.priceHint')}</div>
        </Card>
      )}
    </Flex>
  );
}

function FitsTab({ part, writable }: { part: Part; writable: boolean }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const models = useProductModelOptions();
  const setFits = useSetFits(part.id);
  const onError = useApiErrorHandler();
  const [value, setValue] = useState<number[]>(part.fits.map((fit) => fit.modelId));
  return (
    <Card>
      {writable ? (
        <Flex vertical gap={12}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            value={value}
            onChange={setValue}
            options={models.options}
            style={{ width: '100%' }}
            data-testid="fits-select"
          />
          <Button
            type="primary"
            style={{ alignSelf: 'flex-start' }}
            loading={setFits.isPending}
            onClick={() =>
              setFits
                .mutateAsync(value)
                .then(() => message.success(t('common.saved')))
                .catch((error) => onError(error))
            }
          >
            {t('common.save')}
          </Button>
        </Flex>
      ) : part.fits.length ? (
        <Flex gap={8} wrap>
          {part.fits.map((fit) => (
            <Tag key={fit.modelId}>
              {fit.code} · {fit.name}
            </Tag>
          ))}
        </Flex>
      ) : (
        t('common.noData')
      )}
    </Card>
  );
}

type LinkRow = { supplierId?: number; supplierPartNo?: string | null; leadTimeDays?: number | null };

function SuppliersTab({ part, writable }: { part: Part; writable: boolean }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const suppliers = useSupplierOptions();
  const save = useSetPartSuppliers(part.id);
  const onError = useApiErrorHandler();
  const [form] = Form.useForm<{ items: LinkRow[] }>();
  if (!writable)
    return (
      <Card>
        <Table
          size="small"
          rowKey="supplierId"
          pagination={false}
          dataSource={part.suppliers}
          columns={[
            {
              key: 'name',
              title: t('suppliers.name'),
              render: (_, row) => `${row.supplierCode} · ${row.supplierName}`,
            },
            { key: 'no', title: t('catalogue.supplierPartNo'), render: (_, row) => orDash(row.supplierPartNo) },
            { key: 'lead', title: t('catalogue.leadTimeDays'), render: (_, row) => orDash(row.leadTimeDays) },
          ]}
        />
      </Card>
    );
  return (
    <Card>
      <Form
        form={form}
        initialValues={{ items: part.suppliers }}
        onFinish={(values) =>
          save
            .mutateAsync(values.items.filter((item): item is Required<LinkRow> => !!item.supplierId))
            .then(() => message.success(t('common.saved')))
            .catch((error) => onError(error, { form }))
        }
      >
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4}>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} wrap align="baseline">
                  <Form.Item
                    name={[field.name, 'supplierId']}
                    rules={[{ required: true }]}
                    style={{ minWidth: 220, flex: 1 }}
                  >
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      options={suppliers.options}
                      placeholder={t('suppliers.name')}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'supplierPartNo']}>
                    <Input placeholder={t('catalogue.supplierPartNo')} maxLength={64} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'leadTimeDays']}>
                    <InputNumber min={0} max={365} placeholder={t('catalogue.leadTimeDays')} />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)}>{t('common.remove')}</Button>
                </Flex>
              ))}
              <Flex gap={8}>
                <Button onClick={() => add({})}>{t('catalogue.addSupplier')}</Button>
                <Button type="primary" htmlType="submit" loading={save.isPending}>
                  {t('common.save')}
                </Button>
              </Flex>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Card>
  );
}
