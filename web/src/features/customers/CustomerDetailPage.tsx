import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Flex, Space, Tag } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Contract, Customer, EquipmentItem } from '../../../../server/modules/customers/customers.contract';
import { ActiveToggle } from '../../components/ActiveToggle';
import { type DataColumn, DataTable } from '../../components/DataTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { EditButton, MultilineText, overviewColumns, RecordTabs } from '../../components/RecordDetail';
import { ActiveTag, ContractStateTag, LevelTag, WarrantyTag } from '../../components/StatusTags';
import { formatDate, formatDateTime, orDash } from '../../lib/format';
import { useLocale } from '../../lib/i18n';
import { useDetail, useList, useSetActive } from '../../lib/resource';
import { useCan, useCurrentUser } from '../auth/auth.api';
import { contractsApi } from '../contracts/contracts.api';
import { equipmentApi } from '../equipment/equipment.api';
import { addressOf } from './customer-format';
import { customersApi, type RevealedCustomer, useRevealCustomer } from './customers.api';

const tabKeys = ['overview', 'equipment', 'contracts', 'service', 'history'] as const;
type TabKey = (typeof tabKeys)[number];

export function CustomerDetailPage() {
  const { t } = useLocale();
  const id = Number(useParams().id);
  const [search, setSearch] = useSearchParams();
  const requested = search.get('tab') as TabKey | null;
  const tab: TabKey = requested && tabKeys.includes(requested) ? requested : 'overview';
  const detail = useDetail(customersApi, id);
  const setActive = useSetActive(customersApi);
  const can = useCan();
  const writable = can('writeCustomers');

  return (
    <QueryState query={detail}>
      {(customer) => (
        <>
          <PageHeader
            backTo="/customers"
            title={customer.name}
            tags={
              <>
                <LevelTag level={customer.level} />
                <Tag>{t(`customerKind.${customer.kind}`)}</Tag>
                <ActiveTag active={customer.isActive} />
              </>
            }
            subtitle={customer.code}
            extra={
              writable && (
                <>
                  <EditButton to={`/customers/${id}/edit`} testId="customer-edit" />
                  <ActiveToggle id={id} name={customer.name} active={customer.isActive} mutation={setActive} />
                </>
              )
            }
          />
          <RecordTabs
            resource={customersApi}
            id={id}
            activeKey={tab}
            onChange={(key) =>
              setSearch(
                (previous) => {
                  const next = new URLSearchParams(previous);
                  if (key === 'overview') next.delete('tab');
                  else next.set('tab', key);
                  return next;
                },
                { replace: true },
              )
            }
            overview={<Overview customer={customer} />}
            tabs={[
              {
                key: 'equipment',
                label: t('customers.tabEquipment'),
                children: <CustomerEquipment customerId={id} writable={writable} />,
              },
              {
                key: 'contracts',
                label: t('customers.tabContracts'),
                children: <CustomerContracts customerId={id} writable={writable} />,
              },
              {
                key: 'service',
                label: t('customers.tabService'),
                children: (
                  <Card>
                    <Empty description={t('customers.serviceEmpty')} data-testid="service-empty" />
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

function Overview({ customer }: { customer: Customer }) {
  const { t } = useLocale();
  const user = useCurrentUser();
  const reveal = useRevealCustomer();
  const revealed: RevealedCustomer | undefined = reveal.data;
  const canReveal = customer.masked && user.personalData !== 'none' && !revealed;

  const phone = revealed ? revealed.phone : customer.phone;
  const email = revealed ? revealed.email : customer.email;
  const address = addressOf(customer, revealed ? revealed.addressDetail : customer.addressDetail);
  const contactValue = (contactId: number, field: 'phone' | 'mobile' | 'email', masked: string | null) => {
    if (!revealed) return masked;
    const found = revealed.contacts.find((contact) => contact.id === contactId);
    return found ? found[field] : masked;
  };

  return (
    <Flex vertical gap={16}>
      <Card
        title={t('customers.basics')}
        extra={
          canReveal && (
            <Button
              icon={<EyeOutlined />}
              loading={reveal.isPending}
              onClick={() => reveal.mutate(customer.id)}
              data-testid="reveal-button"
            >
              {t('customers.reveal')}
            </Button>
          )
        }
      >
        {customer.masked && !revealed && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={user.personalData === 'none' ? t('customers.maskedNoReveal') : t('customers.maskedHint')}
          />
        )}
        {revealed && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('customers.revealedHint')} />}
        {reveal.error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={reveal.error.message} />}
        <Descriptions
          column={overviewColumns}
          items={[
            { key: 'code', label: t('field.code'), children: customer.code },
            { key: 'kind', label: t('field.kind'), children: t(`customerKind.${customer.kind}`) },
            { key: 'level', label: t('field.level'), children: t(`customerLevel.${customer.level}`) },
            {
              key: 'phone',
              label: t('field.phone'),
              children: <span data-testid="customer-phone">{orDash(phone)}</span>,
            },
            { key: 'email', label: t('field.email'), children: orDash(email) },
            { key: 'region', label: t('field.region'), children: orDash(customer.region) },
            {
              key: 'address',
              label: t('field.address'),
              children: <span data-testid="customer-address">{orDash(address)}</span>,
              span: 2,
            },
            { key: 'station', label: t('field.station'), children: orDash(customer.stationName) },
            { key: 'equipmentCount', label: t('field.equipmentCount'), children: customer.equipmentCount },
            { key: 'createdAt', label: t('field.createdAt'), children: formatDateTime(customer.createdAt) },
            { key: 'updatedAt', label: t('field.updatedAt'), children: formatDateTime(customer.updatedAt) },
            {
              key: 'notes',
              label: t('field.notes'),
              span: 'filled',
              children: <MultilineText text={customer.notes} />,
            },
          ]}
        />
      </Card>
      <Card title={t('customers.contacts')}>
        {customer.contacts.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.noContacts')} />
        ) : (
          <DataTable
            rows={customer.contacts}
            total={customer.contacts.length}
            loading={false}
            rowKey={(contact) => contact.id}
            cardExtra={(contact) => contact.isPrimary && <Tag color="blue">{t('field.isPrimary')}</Tag>}
            columns={[
              {
                key: 'name',
                title: t('field.contactName'),
                render: (contact) => (
                  <Space>
                    {contact.name}
                    {contact.isPrimary && <Tag color="blue">{t('field.isPrimary')}</Tag>}
                  </Space>
                ),
              },
              { key: 'title', title: t('field.title'), render: (contact) => orDash(contact.title) },
              {
                key: 'mobile',
                title: t('field.mobile'),
                render: (contact) => orDash(contactValue(contact.id, 'mobile', contact.mobile)),
              },
              {
                key: 'phone',
                title: t('field.phone'),
                render: (contact) => orDash(contactValue(contact.id, 'phone', contact.phone)),
              },
              {
                key: 'email',
                title: t('field.email'),
                render: (contact) => orDash(contactValue(contact.id, 'email', contact.email)),
              },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}

function CustomerEquipment({ customerId, writable }: { customerId: number; writable: boolean }) {
  const { t } = useLocale();
  const list = useList(equipmentApi, { customerId, active: 'all', pageSize: 100, sort: 'serialNo', order: 'asc' });
  const columns: DataColumn<EquipmentItem>[] = [
    {
      key: 'serialNo',
      title: t('field.serialNo'),
      render: (row) => <Link to={`/equipment/${row.id}`}>{row.serialNo}</Link>,
    },
    { key: 'model', title: t('field.model'), render: (row) => `${row.modelCode} · ${row.modelName}` },
    { key: 'projectNo', title: t('field.projectNo'), render: (row) => orDash(row.projectNo) },
    { key: 'location', title: t('field.location'), render: (row) => orDash(row.location) },
    {
      key: 'warrantyStatus',
      title: t('field.warrantyStatus'),
      render: (row) => <WarrantyTag status={row.warrantyStatus} />,
    },
    { key: 'warrantyEnd', title: t('field.warrantyEnd'), render: (row) => formatDate(row.warrantyEnd) },
    { key: 'isActive', title: t('common.status'), render: (row) => <ActiveTag active={row.isActive} /> },
  ];
  return (
    <RelatedList
      title={t('customers.equipmentCount', { count: list.data?.total ?? 0 })}
      list={list}
      columns={columns}
      viewAllTo={`/equipment?customerId=${customerId}&active=all`}
      create={writable && { to: `/equipment/new?customerId=${customerId}`, label: t('equipment.new') }}
      emptyText={t('customers.noEquipment')}
    />
  );
}

function CustomerContracts({ customerId, writable }: { customerId: number; writable: boolean }) {
  const { t } = useLocale();
  const list = useList(contractsApi, { customerId, pageSize: 100, sort: 'endsOn', order: 'desc' });
  const columns: DataColumn<Contract>[] = [
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
    { key: 'equipment', title: t('field.equipmentIds'), render: (row) => row.equipmentIds.length },
  ];
  return (
    <RelatedList
      title={t('customers.contractCount', { count: list.data?.total ?? 0 })}
      list={list}
      columns={columns}
      viewAllTo={`/contracts?customerId=${customerId}`}
      create={writable && { to: `/contracts/new?customerId=${customerId}`, label: t('contracts.new') }}
      emptyText={t('customers.noContracts')}
    />
  );
}

/** A tab with the customer's first records of one kind, a link to all of them and a "new" button. */
function RelatedList<T extends { id: number }>({
  title,
  list,
  columns,
  viewAllTo,
  create,
  emptyText,
}: {
  title: string;
  list: { data?: { items: T[]; total: number }; error: Error | null; isFetching: boolean };
  columns: DataColumn<T>[];
  viewAllTo: string;
  create: false | { to: string; label: string };
  emptyText: string;
}) {
  const { t } = useLocale();
  return (
    <Card
      title={title}
      extra={
        <Space wrap>
          {(list.data?.total ?? 0) > (list.data?.items.length ?? 0) && (
            <Link to={viewAllTo}>{t('common.viewAll')}</Link>
          )}
          {create && (
            <Link to={create.to}>
              <Button icon={<PlusOutlined />} size="small">
                {create.label}
              </Button>
            </Link>
          )}
        </Space>
      }
    >
      <DataTable
        columns={columns}
        rows={list.data?.items}
        total={list.data?.total}
        loading={list.isFetching}
        rowKey={(row) => row.id}
        empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={list.error ? list.error.message : emptyText} />}
      />
    </Card>
  );
}
