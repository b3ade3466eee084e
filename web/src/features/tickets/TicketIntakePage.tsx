/**
 * 受理 (TKT-1…3, TKT-8): one fast form for agents. Find the customer by a name or phone fragment or
 * a serial number, pick contact and equipment (warranty and open tickets show at once), describe
 * the request, set when it was received, stage photos and files; saving opens the new ticket.
 */
import { LinkOutlined, PlusOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  type IntakeContext,
  type TicketSummary,
  ticketCreateInput,
} from '../../../../server/modules/tickets/tickets.contract';
import { PageHeader } from '../../components/PageHeader';
import { WarrantyTag } from '../../components/StatusTags';
import { formatDate, formatDateTime, orDash } from '../../lib/format';
import { parseForForm, useApiErrorHandler } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useIsPhone } from '../../lib/responsive';
import { attachmentAccept } from './TicketAttachments';
import {
  channelOptions,
  classificationOptions,
  FaultLevelLabel,
  FaultLevelPicker,
  regionOptions,
  serviceModeOptions,
  typeOptions,
} from './ticket-fields';
import { FaultLevelTag, TicketStatusTag } from './ticket-format';
import { isPhoto, uploadAttachment, useCreateTicket, useIntakeContext, useIntakeLookup } from './tickets.api';

type Values = {
  /** Only for showing the API's error on the lookup box; the customer itself is page state. */
  customerId?: number;
  channel: string;
  type: string;
  classification: string;
  faultLevel: number;
  serviceMode?: string | null;
  region: string;
  title?: string;
  description?: string;
  address?: string | null;
  receivedAt: Dayjs;
  contactId?: number | null;
  contactName?: string | null;
  contactPhone?: string | null;
  receiptItem?: string;
  receiptAccessories?: string;
  receiptCondition?: string;
};

/** How far back a request may be recorded (the API accepts 30 days). */
const maxBackDays = 30;

export function TicketIntakePage() {
  const { t, language } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const isPhone = useIsPhone();
  const [search] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [customerId, setCustomerId] = useState<number | undefined>(Number(search.get('customerId')) || undefined);
  const [equipmentId, setEquipmentId] = useState<number | undefined>(Number(search.get('equipmentId')) || undefined);
  const [repeatOf, setRepeatOf] = useState<{ id: number; number: string } | null>(null);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [saving, setSaving] = useState(false);
  const context = useIntakeContext(customerId, equipmentId);
  const create = useCreateTicket();
  const onError = useApiErrorHandler();
  const data = context.data?.customer.id === customerId ? context.data : undefined;
  const serviceMode = Form.useWatch('serviceMode', form);

  // The customer's address is the default place of service.
  useEffect(() => {
    if (data && !form.isFieldTouched('address')) form.setFieldValue('address', data.customer.address ?? null);
  }, [data, form]);

  const pickCustomer = (id: number | undefined, unit?: number) => {
    setCustomerId(id);
    setEquipmentId(unit);
    setRepeatOf(null);
    form.setFieldsValue({ contactId: null, contactName: null, contactPhone: null });
    form.setFields([{ name: 'customerId', errors: [] }]);
  };

  const save = async (values: Values) => {
    const payload = {
      channel: values.channel,
      type: values.type,
      classification: values.classification,
      customerId,
      contactId: values.contactId ?? null,
      contactName: values.contactName || undefined,
      contactPhone: values.contactPhone || undefined,
      equipmentId: equipmentId ?? null,
      title: values.title,
      description: values.description || undefined,
      faultLevel: values.faultLevel,
      serviceMode: values.serviceMode ?? null,
      region: values.region,
      address: values.address || undefined,
      receivedAt: values.receivedAt ? values.receivedAt.toISOString() : undefined,
      repeatOfTicketId: repeatOf?.id ?? null,
      sendInReceipt:
        values.serviceMode === 'send_in' && values.receiptItem?.trim()
          ? {
              itemDescription: values.receiptItem,
              accessories: values.receiptAccessories || undefined,
              condition: values.receiptCondition || undefined,
              receivedAt: (values.receivedAt ?? dayjs()).toISOString(),
            }
          : null,
    };
    const body = parseForForm(ticketCreateInput, payload, form, language, (field) =>
      field.startsWith('sendInReceipt.itemDescription') ? 'receiptItem' : field,
    );
    if (!body) return;
    setSaving(true);
    try {
      const created = await create.mutateAsync(body);
      // Staged files go up right after the ticket exists; a failed upload does not lose the ticket.
      const failed: string[] = [];
      for (const file of files) {
        const raw = file.originFileObj;
        if (!raw) continue;
        try {
          await uploadAttachment(created.id, raw, isPhoto(raw) ? 'photo' : 'file');
        } catch {
          failed.push(file.name);
        }
      }
      message.success(t('tickets.created', { number: created.number }));
      if (failed.length > 0) message.warning(t('tickets.uploadFailed', { names: failed.join('、') }));
      navigate(`/tickets/${created.id}`, { replace: true });
    } catch (error) {
      onError(error, {
        form,
        mapField: (field) => (field === 'sendInReceipt.itemDescription' ? 'receiptItem' : field),
      });
    } finally {
      setSaving(false);
    }
  };

  const initialValues: Partial<Values> = {
    channel: 'phone',
    type: 'repair',
    classification: 'technical',
    faultLevel: 3,
    region: 'any',
    receivedAt: dayjs(),
  };

  return (
    <>
      <PageHeader
        backTo="/tickets"
        title={t('tickets.intakeTitle')}
        subtitle={!isPhone && t('tickets.intakeSubtitle')}
      />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={save}
        disabled={saving}
        scrollToFirstError
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.submit();
        }}
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={11}>
            <Card title={t('tickets.intake.customerCard')} size="small">
              <Form.Item name="customerId" label={t('tickets.intake.find')} style={{ marginBottom: 12 }}>
                <CustomerLookup onPick={pickCustomer} />
              </Form.Item>
              {customerId ? (
                <CustomerPanel
                  context={data}
                  loading={context.isPending}
                  error={context.error}
                  equipmentId={equipmentId}
                  onEquipment={(id) => {
                    setEquipmentId(id);
                    setRepeatOf(null);
                  }}
                  onClear={() => pickCustomer(undefined)}
                  onContact={(contact) =>
                    form.setFieldsValue({
                      contactName: contact?.name ?? null,
                      contactPhone: contact && !data?.masked ? (contact.mobile ?? contact.phone) : null,
                    })
                  }
                  repeatOf={repeatOf}
                  onRepeat={setRepeatOf}
                />
              ) : (
                <Typography.Text type="secondary">{t('tickets.intake.findHint')}</Typography.Text>
              )}
            </Card>
          </Col>

          <Col xs={24} lg={13}>
            <Card title={t('tickets.intake.requestCard')} size="small">
              <Row gutter={12}>
                <Col xs={12} md={8}>
                  <Form.Item name="channel" label={t('tickets.field.channel')}>
                    <Select options={channelOptions(t)} data-testid="intake-channel" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item name="type" label={t('tickets.field.type')}>
                    <Select options={typeOptions(t)} data-testid="intake-type" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="classification" label={t('tickets.field.classification')}>
                    <Select options={classificationOptions(t)} data-testid="intake-classification" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={14}>
                  <Form.Item name="faultLevel" label={<FaultLevelLabel />}>
                    <FaultLevelPicker />
                  </Form.Item>
                </Col>
                <Col xs={12} md={10}>
                  <Form.Item name="serviceMode" label={t('tickets.field.serviceMode')}>
                    <Select
                      allowClear
                      placeholder={t('tickets.intake.modeLater')}
                      options={serviceModeOptions(t)}
                      data-testid="intake-service-mode"
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={10}>
                  <Form.Item name="region" label={t('tickets.field.region')}>
                    <Select options={regionOptions(t)} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={14}>
                  <Form.Item
                    name="receivedAt"
                    label={t('tickets.field.receivedAt')}
                    extra={t('tickets.intake.receivedHint')}
                  >
                    <DatePicker
                      showTime={{ format: 'HH:mm' }}
                      format="YYYY-MM-DD HH:mm"
                      allowClear={false}
                      style={{ width: '100%' }}
                      disabledDate={(date) =>
                        date.isAfter(dayjs(), 'day') || date.isBefore(dayjs().subtract(maxBackDays, 'day'), 'day')
                      }
                      data-testid="intake-received-at"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24}>
                  <Form.Item name="title" label={t('tickets.field.title')} required>
                    <Input
                      maxLength={200}
                      placeholder={t('tickets.intake.titlePlaceholder')}
                      data-testid="intake-title"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24}>
                  <Form.Item name="description" label={t('tickets.field.description')}>
                    <Input.TextArea
                      autoSize={{ minRows: 3, maxRows: 8 }}
                      maxLength={5000}
                      placeholder={t('tickets.intake.descriptionPlaceholder')}
                      data-testid="intake-description"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24}>
                  <Form.Item name="address" label={t('tickets.field.address')}>
                    <Input maxLength={300} />
                  </Form.Item>
                </Col>
                {serviceMode === 'send_in' && (
                  <Col xs={24}>
                    <Card size="small" type="inner" title={t('tickets.receipt.title')} style={{ marginBottom: 16 }}>
                      <Form.Item name="receiptItem" label={t('tickets.receipt.item')}>
                        <Input maxLength={500} />
                      </Form.Item>
                      <Row gutter={12}>
                        <Col xs={24} md={12}>
                          <Form.Item name="receiptAccessories" label={t('tickets.receipt.accessories')}>
                            <Input maxLength={500} />
                          </Form.Item>
                        </Col>
                        <Col xs={24} md={12}>
                          <Form.Item name="receiptCondition" label={t('tickets.receipt.condition')}>
                            <Input maxLength={500} />
                          </Form.Item>
                        </Col>
                      </Row>
                    </Card>
                  </Col>
                )}
                <Col xs={24}>
                  <Form.Item label={t('tickets.attachments.title')} extra={t('tickets.intake.filesHint')}>
                    <Upload
                      multiple
                      accept={attachmentAccept}
                      fileList={files}
                      beforeUpload={() => false}
                      onChange={({ fileList }) => setFiles(fileList)}
                      listType={files.some((file) => file.type?.startsWith('image/')) ? 'picture' : 'text'}
                    >
                      <Button icon={<UploadOutlined />} data-testid="intake-files">
                        {t('tickets.intake.addFiles')}
                      </Button>
                    </Upload>
                  </Form.Item>
                </Col>
              </Row>
              <Flex gap={8} justify="flex-end" align="center" wrap>
                {!isPhone && <Typography.Text type="secondary">{t('tickets.intake.shortcut')}</Typography.Text>}
                <Button onClick={() => navigate('/tickets')}>{t('common.cancel')}</Button>
                <Button type="primary" htmlType="submit" loading={saving} data-testid="intake-submit">
                  {t('tickets.intake.submit')}
                </Button>
              </Flex>
            </Card>
          </Col>
        </Row>
      </Form>
    </>
  );
}

/** One box that finds customers (name, code, phone fragment) and equipment (serial number). */
function CustomerLookup({ onPick, id }: { onPick: (customerId: number, equipmentId?: number) => void; id?: string }) {
  const { t } = useLocale();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const lookup = useIntakeLookup(q);
  const found = q ? lookup.data : undefined;

  const options = useMemo(() => {
    if (!found) return [];
    const groups: { label: ReactNode; options: { value: string; label: ReactNode; searchText: string }[] }[] = [];
    if (found.customers.length > 0) {
      groups.push({
        label: t('tickets.intake.customers'),
        options: found.customers.map((customer) => ({
          value: `c:${customer.id}`,
          searchText: customer.name,
          label: (
            <Flex justify="space-between" gap={8} data-testid="lookup-customer">
              <span>
                {customer.name} <Typography.Text type="secondary">{customer.code}</Typography.Text>
              </span>
              <Typography.Text type="secondary">{orDash(customer.phone)}</Typography.Text>
            </Flex>
          ),
        })),
      });
    }
    if (found.equipment.length > 0) {
      groups.push({
        label: t('tickets.intake.equipment'),
        options: found.equipment.map((unit) => ({
          value: `e:${unit.id}:${unit.customerId}`,
          searchText: unit.serialNo,
          label: (
            <Flex justify="space-between" gap={8} data-testid="lookup-equipment">
              <span>
                {unit.serialNo} <Typography.Text type="secondary">{unit.modelName}</Typography.Text>
              </span>
              <Typography.Text type="secondary">{unit.customerName}</Typography.Text>
            </Flex>
          ),
        })),
      });
    }
    return groups;
  }, [found, t]);

  return (
    <Select<string>
      id={id}
      autoFocus
      value={null}
      placeholder={t('tickets.intake.findPlaceholder')}
      suffixIcon={<SearchOutlined />}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      notFoundContent={
        q
          ? lookup.isFetching
            ? t('common.loading')
            : t('tickets.intake.nothingFound')
          : t('tickets.intake.typeToFind')
      }
      loading={lookup.isFetching}
      options={options}
      onSelect={(value: string) => {
        const [kind, first, second] = value.split(':');
        if (kind === 'c') onPick(Number(first));
        else onPick(Number(second), Number(first));
        setText('');
      }}
      data-testid="intake-lookup"
      style={{ width: '100%' }}
    />
  );
}

type Contact = IntakeContext['contacts'][number];

function CustomerPanel({
  context,
  loading,
  error,
  equipmentId,
  onEquipment,
  onClear,
  onContact,
  repeatOf,
  onRepeat,
}: {
  context: IntakeContext | undefined;
  loading: boolean;
  error: Error | null;
  equipmentId: number | undefined;
  onEquipment: (id: number | undefined) => void;
  onClear: () => void;
  onContact: (contact: Contact | null) => void;
  repeatOf: { id: number; number: string } | null;
  onRepeat: (ticket: { id: number; number: string } | null) => void;
}) {
  const { t } = useLocale();
  if (error) return <Alert type="error" showIcon title={error.message} />;
  if (!context) return <Typography.Text type="secondary">{loading ? t('common.loading') : ''}</Typography.Text>;
  const { customer } = context;
  const unit = context.equipment.find((item) => item.id === equipmentId);
  // A repeat is of a repaired fault: only finished tickets are candidates.
  const repeatCandidates = context.repeatCandidates.filter((ticket) =>
    (['resolved', 'customer_accepted', 'closed'] as const).some((status) => status === ticket.status),
  );

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="flex-start" gap={8} data-testid="intake-customer">
        <Flex vertical>
          <Typography.Text strong style={{ fontSize: 15 }}>
            <Link to={`/customers/${customer.id}`} target="_blank">
              {customer.name}
            </Link>
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {customer.code} · {orDash(customer.phone)} · {orDash(customer.stationName)}
          </Typography.Text>
        </Flex>
        <Button size="small" onClick={onClear}>
          {t('tickets.intake.change')}
        </Button>
      </Flex>

      <Form.Item name="contactId" label={t('tickets.intake.contact')} style={{ marginBottom: 0 }}>
        <Select<number>
          allowClear
          placeholder={context.contacts.length ? t('tickets.intake.pickContact') : t('tickets.intake.noContacts')}
          disabled={context.contacts.length === 0}
          onChange={(id) => onContact(context.contacts.find((contact) => contact.id === id) ?? null)}
          options={context.contacts.map((contact) => ({
            value: contact.id,
            label: `${contact.name}${contact.isPrimary ? ` (${t('field.isPrimary')})` : ''} · ${orDash(contact.mobile ?? contact.phone)}`,
          }))}
          data-testid="intake-contact"
        />
      </Form.Item>
      <Row gutter={8}>
        <Col xs={24} sm={12}>
          <Form.Item name="contactName" label={t('tickets.field.contactName')} style={{ marginBottom: 0 }}>
            <Input maxLength={50} data-testid="intake-contact-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="contactPhone" label={t('tickets.field.contactPhone')} style={{ marginBottom: 0 }}>
            <Input maxLength={30} inputMode="tel" data-testid="intake-contact-phone" />
          </Form.Item>
        </Col>
      </Row>

      <div>
        <Flex justify="space-between" align="center" style={{ marginBottom: 6 }}>
          <Typography.Text>{t('tickets.intake.pickEquipment')}</Typography.Text>
          <Link to={`/equipment/new?customerId=${customer.id}`} target="_blank" data-testid="intake-add-equipment">
            <PlusOutlined /> {t('tickets.intake.addEquipment')}
          </Link>
        </Flex>
        {context.equipment.length === 0 ? (
          <Typography.Text type="secondary">{t('tickets.intake.noEquipment')}</Typography.Text>
        ) : (
          <Radio.Group
            value={equipmentId ?? 0}
            onChange={(event) => onEquipment((event.target.value as number) || undefined)}
            style={{ width: '100%' }}
            data-testid="intake-equipment"
          >
            <Flex vertical gap={4} style={{ maxHeight: 220, overflowY: 'auto' }}>
              {context.equipment.map((item) => (
                <div key={item.id} data-testid="intake-equipment-option">
                  <Radio value={item.id}>
                    <Space size={6} wrap>
                      <Typography.Text strong>{item.serialNo}</Typography.Text>
                      <Typography.Text type="secondary">{item.modelName}</Typography.Text>
                      <WarrantyTag status={item.warrantyStatus} />
                    </Space>
                  </Radio>
                </div>
              ))}
              <Radio value={0}>
                <Typography.Text type="secondary">{t('tickets.intake.noUnit')}</Typography.Text>
              </Radio>
            </Flex>
          </Radio.Group>
        )}
      </div>

      {unit && (
        <Alert
          type={
            unit.warrantyStatus === 'in_warranty'
              ? 'success'
              : unit.warrantyStatus === 'expiring'
                ? 'warning'
                : unit.warrantyStatus === 'expired'
                  ? 'error'
                  : 'info'
          }
          showIcon
          data-testid="intake-warranty"
          title={
            <Space wrap size={6}>
              <WarrantyTag status={unit.warrantyStatus} />
              {unit.warrantyEnd
                ? t('tickets.warrantyUntil', { date: formatDate(unit.warrantyEnd) })
                : t('tickets.intake.warrantyUnknown')}
              {unit.contractNo && <Tag color="blue">{t('tickets.intake.contract', { no: unit.contractNo })}</Tag>}
            </Space>
          }
          description={unit.location ? `${t('field.location')}: ${unit.location}` : undefined}
        />
      )}

      <TicketMiniList
        title={unit ? t('tickets.intake.openOfUnit') : t('tickets.intake.openOfCustomer')}
        tickets={context.openTickets}
        empty={t('tickets.intake.noOpen')}
        testId="intake-open-tickets"
        highlight
      />

      {unit && repeatCandidates.length > 0 && (
        <TicketMiniList
          title={t('tickets.intake.recent')}
          tickets={repeatCandidates}
          empty=""
          testId="intake-recent-tickets"
          action={(ticket) =>
            repeatOf?.id === ticket.id ? (
              <Button size="small" type="primary" onClick={() => onRepeat(null)}>
                {t('tickets.intake.isRepeat')}
              </Button>
            ) : (
              <Button
                size="small"
                onClick={() => onRepeat({ id: ticket.id, number: ticket.number })}
                data-testid="intake-repeat"
              >
                {t('tickets.intake.markRepeat')}
              </Button>
            )
          }
        />
      )}
      {repeatOf && (
        <Alert
          type="info"
          showIcon
          icon={<LinkOutlined />}
          title={t('tickets.intake.repeatOf', { number: repeatOf.number })}
          description={
            unit?.warrantyStatus === 'in_warranty' || unit?.warrantyStatus === 'expiring'
              ? t('tickets.intake.repeatFree')
              : undefined
          }
          closable={{ onClose: () => onRepeat(null) }}
        />
      )}
    </Flex>
  );
}

function TicketMiniList({
  title,
  tickets,
  empty,
  testId,
  highlight,
  action,
}: {
  title: string;
  tickets: (TicketSummary & { resolvedAt?: string | null })[];
  empty: string;
  testId: string;
  highlight?: boolean;
  action?: (ticket: TicketSummary) => ReactNode;
}) {
  return (
    <div data-testid={testId}>
      <Flex gap={6} align="center" style={{ marginBottom: 4 }}>
        <Typography.Text>{title}</Typography.Text>
        {highlight && tickets.length > 0 && <Tag color="orange">{tickets.length}</Tag>}
      </Flex>
      {tickets.length === 0 ? (
        empty && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} style={{ margin: '4px 0' }} />
      ) : (
        <Flex vertical gap={4}>
          {tickets.map((ticket) => (
            <Flex
              key={ticket.id}
              justify="space-between"
              align="center"
              gap={8}
              wrap
              style={{ padding: '4px 8px', background: highlight ? '#fff7e6' : '#fafafa', borderRadius: 6 }}
            >
              <Space size={6} wrap>
                <Link to={`/tickets/${ticket.id}`} target="_blank">
                  {ticket.number}
                </Link>
                <TicketStatusTag status={ticket.status} />
                <FaultLevelTag level={ticket.faultLevel} short />
                <Typography.Text ellipsis style={{ maxWidth: 200 }}>
                  {ticket.title}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(ticket.resolvedAt ?? ticket.receivedAt)}
                </Typography.Text>
              </Space>
              {action?.(ticket)}
            </Flex>
          ))}
        </Flex>
      )}
    </div>
  );
}
