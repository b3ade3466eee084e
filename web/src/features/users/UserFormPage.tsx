import { App, Button, Card, Col, Flex, Form, Input, Row, Select, Skeleton } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { roles } from '../../../../server/lib/roles';
import {
  engineerSpecialties,
  productLines,
  type User,
  userCreate,
  userUpdate,
} from '../../../../server/modules/org/org.contract';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { StationSelect } from '../../components/StationSelect';
import { parseForForm, useApiErrorHandler, useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useDetail, useSave } from '../../lib/resource';
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
  const { t } = useLocale();
  const id = Number(useParams().id) || undefined;
  const detail = useDetail(usersApi, id ?? 0);
  if (!id) return <UserForm />;
  if (detail.error) return <QueryError error={detail.error} onRetry={() => detail.refetch()} />;
  if (!detail.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  return (
    <UserForm
      key={`${detail.data.id}:${detail.data.version}`}
      user={detail.data}
      onReload={() => detail.refetch()}
      title={t('users.edit')}
    />
  );
}

function UserForm({ user, onReload, title }: { user?: User; onReload?: () => void; title?: string }) {
  const { t, language } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const rules = useFieldRules(userCreate);
  const save = useSave(usersApi);
  const onError = useApiErrorHandler();
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

  const submit = (values: Values) => {
    const payload = {
      ...values,
      departmentId: values.departmentId ?? null,
      specialty: values.roles?.includes('engineer') ? (values.specialty ?? null) : null,
    };
    const body = user
      ? parseForForm(
          userUpdate,
          { ...payload, username: undefined, password: undefined, version: user.version },
          form,
          language,
        )
      : parseForForm(userCreate, payload, form, language);
    if (!body) return;
    save.mutate(
      { id: user?.id, body },
      {
        onSuccess: (saved) => {
          message.success(user ? t('common.saved') : t('users.created'));
          navigate(`/users/${(saved as User).id}`, { replace: true });
        },
        onError: (error) => onError(error, { form, onReload }),
      },
    );
  };

  const half = { xs: 24, md: 12 };
  const backTo = user ? `/users/${user.id}` : '/users';
  return (
    <>
      <PageHeader backTo={backTo} title={title ?? t('users.new')} subtitle={user?.username} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
        disabled={save.isPending}
        scrollToFirstError
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
        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={() => navigate(backTo)}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="user-form-submit">
            {t('common.save')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}
