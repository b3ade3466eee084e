import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Col, Flex, Form, Input, Radio, Row } from 'antd';
import { useEffect, useState } from 'react';
import { seesAllStations } from '../../../../server/lib/roles';
import {
  type Customer,
  contactInput,
  customerInput,
  customerKinds,
  customerLevels,
  customerUpdate,
} from '../../../../server/modules/customers/customers.contract';
import { EditRecordPage, type EditRecordProps, RecordForm } from '../../components/RecordForm';
import { StationSelect } from '../../components/StationSelect';
import { useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useRecordForm } from '../../lib/record-form';
import { useCurrentUser } from '../auth/auth.api';
import { customersApi, type RevealedCustomer, useRevealCustomer } from './customers.api';

type ContactValues = {
  id?: number;
  name?: string;
  title?: string | null;
  phone?: string | null;
  mobile?: string | null;
  email?: string | null;
  isPrimary?: boolean;
};
type Values = {
  code?: string;
  kind: (typeof customerKinds)[number];
  name?: string;
  phone?: string | null;
  email?: string | null;
  province?: string | null;
  city?: string | null;
  district?: string | null;
  addressDetail?: string | null;
  region?: string | null;
  level: (typeof customerLevels)[number];
  stationId?: number;
  notes?: string | null;
  contacts?: ContactValues[];
};

function valuesOf(customer: Customer, revealed?: RevealedCustomer): Values {
  const revealedContact = (id: number) => revealed?.contacts.find((contact) => contact.id === id);
  return {
    kind: customer.kind,
    name: customer.name,
    phone: revealed ? revealed.phone : customer.phone,
    email: revealed ? revealed.email : customer.email,
    province: customer.province,
    city: customer.city,
    district: customer.district,
    addressDetail: revealed ? revealed.addressDetail : customer.addressDetail,
    region: customer.region,
    level: customer.level,
    stationId: customer.stationId,
    notes: customer.notes,
    contacts: customer.contacts.map((contact) => {
      const full = revealedContact(contact.id);
      return {
        id: contact.id,
        name: contact.name,
        title: contact.title,
        phone: full ? full.phone : contact.phone,
        mobile: full ? full.mobile : contact.mobile,
        email: full ? full.email : contact.email,
        isPrimary: contact.isPrimary,
      };
    }),
  };
}

export function CustomerFormPage() {
  return <EditRecordPage resource={customersApi} skeletonRows={10} form={CustomerForm} />;
}

function CustomerForm({ record: customer, onReload }: EditRecordProps<Customer>) {
  const { t } = useLocale();
  const user = useCurrentUser();
  const { form, save, saving } = useRecordForm<Values>({
    resource: customersApi,
    record: customer,
    onReload,
    schemas: { create: customerInput, update: customerUpdate },
    path: '/customers',
    created: 'customers.created',
  });
  const rules = useFieldRules(customerInput);
  const contactRules = useFieldRules(contactInput);
  const reveal = useRevealCustomer();
  const allStations = seesAllStations(user.roles);
  // Personal data is masked for some writers (e.g. admins); editing it needs the full values first,
  // so saving never writes a mask back.
  const needsReveal = !!customer?.masked;
  const [ready, setReady] = useState(!needsReveal);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reveal once per loaded version
  useEffect(() => {
    if (!customer || !needsReveal) return;
    reveal.mutate(customer.id, {
      onSuccess: (revealed) => {
        form.setFieldsValue(valuesOf(customer, revealed));
        setReady(true);
      },
    });
  }, [customer?.id, customer?.version]);

  const initialValues: Values = customer
    ? valuesOf(customer)
    : { kind: 'organisation', level: 'regular', stationId: user.stationId, contacts: [] };

  const submit = (values: Values) => save({ ...values, contacts: values.contacts ?? [] });

  const half = { xs: 24, md: 12 };
  const third = { xs: 24, md: 8 };
  const backTo = customer ? `/customers/${customer.id}` : '/customers';

  return (
    <RecordForm<Values>
      title={customer ? t('customers.edit') : t('customers.new')}
      subtitle={customer?.code}
      notice={
        <>
          {needsReveal && reveal.error && (
            <Alert type="error" showIcon title={reveal.error.message} style={{ marginBottom: 16 }} />
          )}
          {needsReveal && (
            <Alert type="info" showIcon title={t('customers.editRevealHint')} style={{ marginBottom: 16 }} />
          )}
        </>
      }
      backTo={backTo}
      form={form}
      initialValues={initialValues}
      onFinish={submit}
      disabled={!ready}
      saving={saving}
      submitTestId="customer-form-submit"
    >
      <Card title={t('customers.basics')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="kind" label={t('field.kind')} rules={rules('kind')} required>
              <Radio.Group
                optionType="button"
                options={customerKinds.map((kind) => ({ value: kind, label: t(`customerKind.${kind}`) }))}
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="level" label={t('field.level')} rules={rules('level')} required>
              <Radio.Group
                optionType="button"
                options={customerLevels.map((level) => ({ value: level, label: t(`customerLevel.${level}`) }))}
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="name" label={t('field.name')} rules={rules('name')} required>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          {!customer && (
            <Col {...half}>
              <Form.Item name="code" label={t('field.code')} rules={rules('code')} extra={t('customers.codeHint')}>
                <Input maxLength={32} />
              </Form.Item>
            </Col>
          )}
          <Col {...half}>
            <Form.Item name="stationId" label={t('field.station')} rules={rules('stationId')} required>
              <StationSelect disabled={!allStations} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="phone" label={t('field.phone')} rules={rules('phone')}>
              <Input inputMode="tel" maxLength={30} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="email" label={t('field.email')} rules={rules('email')}>
              <Input inputMode="email" maxLength={100} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="region"
              label={t('field.region')}
              rules={rules('region')}
              extra={t('customers.regionHint')}
            >
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name="province" label={t('field.province')} rules={rules('province')}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name="city" label={t('field.city')} rules={rules('city')}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name="district" label={t('field.district')} rules={rules('district')}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="addressDetail" label={t('field.addressDetail')} rules={rules('addressDetail')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="notes" label={t('field.notes')} rules={rules('notes')}>
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card title={t('customers.contacts')} style={{ marginBottom: 16 }}>
        <Form.List name="contacts">
          {(fields, { add, remove }) => (
            <Flex vertical gap={12}>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  type="inner"
                  title={t('customers.contactN', { n: index + 1 })}
                  extra={
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={t('common.remove')}
                    >
                      {t('common.remove')}
                    </Button>
                  }
                >
                  <Row gutter={16}>
                    <Form.Item name={[field.name, 'id']} hidden>
                      <Input />
                    </Form.Item>
                    <Col {...half}>
                      <Form.Item
                        name={[field.name, 'name']}
                        label={t('field.contactName')}
                        rules={contactRules('name')}
                        required
                      >
                        <Input maxLength={50} />
                      </Form.Item>
                    </Col>
                    <Col {...half}>
                      <Form.Item name={[field.name, 'title']} label={t('field.title')} rules={contactRules('title')}>
                        <Input maxLength={50} />
                      </Form.Item>
                    </Col>
                    <Col {...half}>
                      <Form.Item name={[field.name, 'mobile']} label={t('field.mobile')} rules={contactRules('mobile')}>
                        <Input inputMode="tel" maxLength={30} />
                      </Form.Item>
                    </Col>
                    <Col {...half}>
                      <Form.Item name={[field.name, 'phone']} label={t('field.phone')} rules={contactRules('phone')}>
                        <Input inputMode="tel" maxLength={30} />
                      </Form.Item>
                    </Col>
                    <Col {...half}>
                      <Form.Item name={[field.name, 'email']} label={t('field.email')} rules={contactRules('email')}>
                        <Input inputMode="email" maxLength={100} />
                      </Form.Item>
                    </Col>
                    <Col {...half}>
                      <Form.Item name={[field.name, 'isPrimary']} valuePropName="checked" label=" ">
                        <Checkbox>{t('field.isPrimary')}</Checkbox>
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ isPrimary: fields.length === 0 })}
                data-testid="contact-add"
                block
              >
                {t('customers.addContact')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Card>
    </RecordForm>
  );
}
