import { Card, Col, Form, Input, Row, Select } from 'antd';
import { roles } from '../../../../server/lib/roles';
import {
  engineerSpecialties,
  productLines,
  type User,
  userCreate,
  userUpdate,
} from '../../../../server/modules/org/org.contract';
import { EditRecordPage, type EditRecordProps, RecordForm } from '../../components/RecordForm';
import { StationSelect } from '../../components/StationSelect';
import { useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useRecordForm } from '../../lib/record-form';
import { useDepartmentOptions } from '../departments/departments.api';
import { usersApi } from './users.api';

type Values = {
  username?: string;
  password?: string;
  displayName?: string;
  phone?: string | null;
  email?: string | null;
  roles?: (typeof roles)[number][];
  stationId?: number;
  departmentId?: number | null;
  skills?: (typeof productLines)[number][];
  specialty?: (typeof engineerSpecialties)[number] | null;
};

export function UserFormPage() {
  return <EditRecordPage resource={usersApi} skeletonRows={8} form={UserForm} />;
}

function UserForm({ record: user, onReload }: EditRecordProps<User>) {
  const { t } = useLocale();
  const { form, save, saving } = useRecordForm<Values>({
    resource: usersApi,
    record: user,
    onReload,
    schemas: { create: userCreate, update: userUpdate },
    path: '/users',
    created: 'users.created',
  });
  const rules = useFieldRules(userCreate);
  const departments = useDepartmentOptions();
  const chosenRoles = Form.useWatch('roles', form) ?? [];

  const initialValues: Values = user
    ? {
        displayName: user.displayName,
        phone: user.phone,
        email: user.email,
        roles: user.roles,
        stationId: user.stationId,
        departmentId: user.departmentId,
        skills: user.skills.filter((skill): skill is (typeof productLines)[number] =>
          (productLines as readonly string[]).includes(skill),
        ),
        specialty: user.specialty,
      }
    : { roles: [], skills: [] };

  const submit = (values: Values) =>
    save({
      ...values,
      departmentId: values.departmentId ?? null,
      specialty: values.roles?.includes('engineer') ? (values.specialty ?? null) : null,
    });

  const half = { xs: 24, md: 12 };
  const backTo = user ? `/users/${user.id}` : '/users';
  return (
    <RecordForm<Values>
      title={user ? t('users.edit') : t('users.new')}
      subtitle={user?.username}
      backTo={backTo}
      form={form}
      initialValues={initialValues}
      onFinish={submit}
      saving={saving}
      submitTestId="user-form-submit"
    >
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          {!user && (
            <>
              <Col {...half}>
                <Form.Item name="username" label={t('field.username')} rules={rules('username')} required>
                  <Input maxLength={32} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col {...half}>
                <Form.Item
                  name="password"
                  label={t('users.initialPassword')}
                  rules={rules('password')}
                  required
                  extra={t('users.initialPasswordHint')}
                >
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
              </Col>
            </>
          )}
          <Col {...half}>
            <Form.Item name="displayName" label={t('field.displayName')} rules={rules('displayName')} required>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="roles" label={t('field.roles')} rules={rules('roles')} required>
              <Select mode="multiple" options={roles.map((role) => ({ value: role, label: t(`role.${role}`) }))} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="stationId" label={t('field.station')} rules={rules('stationId')} required>
              <StationSelect />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="departmentId" label={t('field.department')} rules={rules('departmentId')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                loading={departments.isPending}
                options={departments.options}
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="phone" label={t('field.phone')} rules={rules('phone')} extra={t('users.phoneHint')}>
              <Input inputMode="tel" maxLength={30} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="email" label={t('field.email')} rules={rules('email')}>
              <Input inputMode="email" maxLength={100} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="skills" label={t('field.skills')} rules={rules('skills')}>
              <Select
                mode="multiple"
                options={productLines.map((line) => ({ value: line, label: t(`category.${line}`) }))}
              />
            </Form.Item>
          </Col>
          {chosenRoles.includes('engineer') && (
            <Col {...half}>
              <Form.Item name="specialty" label={t('field.specialty')} rules={rules('specialty')}>
                <Select
                  allowClear
                  options={engineerSpecialties.map((value) => ({ value, label: t(`specialty.${value}`) }))}
                />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Card>
    </RecordForm>
  );
}
