import {
  Card,
  Checkbox,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Skeleton,
  Typography,
} from 'antd';
import { useSearchParams } from 'react-router';
import { type Contract, contractInput, contractUpdate } from '../../../../server/modules/customers/customers.contract';
import { CustomerSelect } from '../../components/CustomerSelect';
import { EditRecordPage, type EditRecordProps, RecordForm } from '../../components/RecordForm';
import { ActiveTag, WarrantyTag } from '../../components/StatusTags';
import { datePickerProps, fenToYuanString, yuanToFen } from '../../lib/format';
import { useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useRecordForm } from '../../lib/record-form';
import { useDetail, useList } from '../../lib/resource';
import { customersApi } from '../customers/customers.api';
import { equipmentApi } from '../equipment/equipment.api';
import { useCalendarOptions, usePolicyOptions } from '../sla/sla.api';
import { contractsApi } from './contracts.api';

type Values = {
  contractNo?: string;
  customerId?: number;
  title?: string;
  startsOn?: string | null;
  endsOn?: string | null;
  status: 'draft' | 'active';
  scope?: string | null;
  coversParts: boolean;
  coversLabour: boolean;
  coversTravel: boolean;
  extendsWarranty: boolean;
  visitIntervalMonths?: number | null;
  amountYuan?: string | null;
  notes?: string | null;
  equipmentIds: number[];
  /** SLA-1: the contract's own policy and calendar (none = the default policy and its calendar). */
  slaPolicyId?: number | null;
  calendarId?: number | null;
};

/** The amount is entered in yuan and sent in fen; its errors belong to the yuan field. */
const mapField = (field: string) => (field === 'amountFen' ? 'amountYuan' : field);

export function ContractFormPage() {
  return <EditRecordPage resource={contractsApi} skeletonRows={10} form={ContractForm} />;
}

function ContractForm({ record: contract, onReload }: EditRecordProps<Contract>) {
  const { t } = useLocale();
  const [search] = useSearchParams();
  const { form, save, saving } = useRecordForm<Values>({
    resource: contractsApi,
    record: contract,
    onReload,
    schemas: { create: contractInput, update: contractUpdate },
    path: '/contracts',
    created: 'contracts.created',
    mapField,
  });
  const rules = useFieldRules(contractInput);
  const presetCustomerId = Number(search.get('customerId')) || undefined;
  const presetCustomer = useDetail(customersApi, contract ? 0 : (presetCustomerId ?? 0));

  const customerId = Form.useWatch('customerId', form) as number | undefined;
  const equipment = useList(
    equipmentApi,
    { customerId: customerId ?? 0, active: 'all', pageSize: 200, sort: 'serialNo', order: 'asc' },
    !!customerId,
  );

  const initialValues: Values = contract
    ? {
        contractNo: contract.contractNo,
        customerId: contract.customerId,
        title: contract.title,
        startsOn: contract.startsOn,
        endsOn: contract.endsOn,
        status: contract.status === 'draft' ? 'draft' : 'active',
        scope: contract.scope,
        coversParts: contract.coversParts,
        coversLabour: contract.coversLabour,
        coversTravel: contract.coversTravel,
        extendsWarranty: contract.extendsWarranty,
        visitIntervalMonths: contract.visitIntervalMonths,
        amountYuan: fenToYuanString(contract.amountFen),
        notes: contract.notes,
        equipmentIds: contract.equipmentIds,
        slaPolicyId: contract.slaPolicyId,
        calendarId: contract.calendarId,
      }
    : {
        customerId: presetCustomerId,
        status: 'active',
        coversParts: true,
        coversLabour: true,
        coversTravel: true,
        extendsWarranty: false,
        equipmentIds: [],
      };

  const customerLabel = contract
    ? contract.customerName
    : presetCustomer.data
      ? `${presetCustomer.data.name} (${presetCustomer.data.code})`
      : undefined;

  const submit = (values: Values) => {
    const { amountYuan, ...rest } = values;
    const amountFen = yuanToFen(amountYuan);
    if (Number.isNaN(amountFen)) {
      form.setFields([{ name: 'amountYuan', errors: [t('contracts.amountInvalid')] }]);
      return;
    }
    save({
      ...rest,
      amountFen,
      equipmentIds: values.equipmentIds ?? [],
      slaPolicyId: values.slaPolicyId ?? null,
      calendarId: values.calendarId ?? null,
    });
  };

  const half = { xs: 24, md: 12 };
  const quarter = { xs: 24, sm: 12, md: 6 };
  const backTo = contract
    ? `/contracts/${contract.id}`
    : presetCustomerId
      ? `/customers/${presetCustomerId}?tab=contracts`
      : '/contracts';
  const equipmentItems = equipment.data?.items ?? [];
  const policies = usePolicyOptions(contract?.slaPolicyId);
  const calendars = useCalendarOptions(contract?.calendarId);

  return (
    <RecordForm<Values>
      title={contract ? t('contracts.edit') : t('contracts.new')}
      subtitle={contract?.contractNo}
      backTo={backTo}
      form={form}
      initialValues={initialValues}
      onFinish={submit}
      saving={saving}
      submitTestId="contract-form-submit"
      onValuesChange={(changed) => {
        // Covered equipment belongs to the chosen customer; a new customer starts a new selection.
        if ('customerId' in changed) form.setFieldValue('equipmentIds', []);
      }}
    >
      <Card title={t('contracts.basics')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="contractNo" label={t('field.contractNo')} rules={rules('contractNo')} required>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="title" label={t('field.contractTitle')} rules={rules('title')} required>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="customerId" label={t('field.customer')} rules={rules('customerId')} required>
              <CustomerSelect initialLabel={customerLabel} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="status" label={t('field.status')} rules={rules('status')} required>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'draft', label: t('contractState.draft') },
                  { value: 'active', label: t('contracts.statusActive') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col {...quarter}>
            <Form.Item
              name="startsOn"
              label={t('field.startsOn')}
              rules={rules('startsOn')}
              required
              {...datePickerProps}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col {...quarter}>
            <Form.Item name="endsOn" label={t('field.endsOn')} rules={rules('endsOn')} required {...datePickerProps}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col {...quarter}>
            <Form.Item name="amountYuan" label={t('contracts.amountYuan')}>
              <InputNumber<string> stringMode min="0" precision={2} style={{ width: '100%' }} prefix="¥" />
            </Form.Item>
          </Col>
          <Col {...quarter}>
            <Form.Item
              name="visitIntervalMonths"
              label={t('field.visitIntervalMonths')}
              rules={rules('visitIntervalMonths')}
            >
              <InputNumber min={1} max={60} precision={0} style={{ width: '100%' }} suffix={t('common.monthsUnit')} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('contracts.coverage')}>
              <Flex gap={16} wrap>
                <Form.Item name="coversParts" valuePropName="checked" noStyle>
                  <Checkbox>{t('field.coversParts')}</Checkbox>
                </Form.Item>
                <Form.Item name="coversLabour" valuePropName="checked" noStyle>
                  <Checkbox>{t('field.coversLabour')}</Checkbox>
                </Form.Item>
                <Form.Item name="coversTravel" valuePropName="checked" noStyle>
                  <Checkbox>{t('field.coversTravel')}</Checkbox>
                </Form.Item>
                <Form.Item name="extendsWarranty" valuePropName="checked" noStyle>
                  <Checkbox>{t('field.extendsWarranty')}</Checkbox>
                </Form.Item>
              </Flex>
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="scope" label={t('field.scope')} rules={rules('scope')}>
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="notes" label={t('field.notes')} rules={rules('notes')}>
              <Input.TextArea rows={2} maxLength={2000} showCount />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card title={t('sla.contractSection')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="slaPolicyId" label={t('sla.contractPolicy')} rules={rules('slaPolicyId')}>
              <Select
                allowClear
                loading={policies.isPending}
                options={policies.options}
                placeholder={
                  policies.defaultPolicy
                    ? t('sla.contractPolicyDefault', { name: policies.defaultPolicy.name })
                    : t('sla.contractPolicyPlaceholder')
                }
                data-testid="contract-sla-policy"
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="calendarId" label={t('sla.contractCalendar')} rules={rules('calendarId')}>
              <Select
                allowClear
                loading={calendars.isPending}
                options={calendars.options}
                placeholder={t('sla.contractCalendarPlaceholder')}
                data-testid="contract-sla-calendar"
              />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text type="secondary">{t('sla.contractHint')}</Typography.Text>
      </Card>

      <Card title={t('contracts.coveredEquipmentPick')} style={{ marginBottom: 16 }}>
        {!customerId ? (
          <Typography.Text type="secondary">{t('contracts.pickCustomerFirst')}</Typography.Text>
        ) : equipment.isPending ? (
          <Skeleton active paragraph={{ rows: 3 }} />
        ) : equipmentItems.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contracts.customerHasNoEquipment')} />
        ) : (
          <Form.Item name="equipmentIds" rules={rules('equipmentIds')} style={{ marginBottom: 0 }}>
            <Checkbox.Group style={{ width: '100%' }}>
              <Flex vertical gap={8} style={{ width: '100%' }}>
                {equipmentItems.map((item) => (
                  <Checkbox key={item.id} value={item.id}>
                    <Flex gap={8} wrap align="center">
                      <Typography.Text strong>{item.serialNo}</Typography.Text>
                      <Typography.Text type="secondary">{`${item.modelCode} · ${item.modelName}`}</Typography.Text>
                      {item.location && <Typography.Text type="secondary">{item.location}</Typography.Text>}
                      <WarrantyTag status={item.warrantyStatus} />
                      {!item.isActive && <ActiveTag active={false} />}
                    </Flex>
                  </Checkbox>
                ))}
              </Flex>
            </Checkbox.Group>
          </Form.Item>
        )}
      </Card>
    </RecordForm>
  );
}
