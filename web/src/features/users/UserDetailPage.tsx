import { KeyOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Form, Input, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { resetPasswordBody, type User } from '../../../../server/modules/org/org.contract';
import { ActiveToggle } from '../../components/ActiveToggle';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { EditButton, overviewColumns, RecordTabs } from '../../components/RecordDetail';
import { ActiveTag } from '../../components/StatusTags';
import { formatDateTime, orDash } from '../../lib/format';
import { parseForForm, useApiErrorHandler, useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useDetail, useSetActive } from '../../lib/resource';
import { useCan } from '../auth/auth.api';
import { EngineerQualifications } from '../field/EngineerQualifications';
import { useResetPassword, usersApi } from './users.api';

export function UserDetailPage() {
  const { t } = useLocale();
  const id = Number(useParams().id);
  const [resetting, setResetting] = useState(false);
  const admin = useCan()('manageOrg');
  const canKeepQualifications = useCan()('manageQualifications');
  const detail = useDetail(usersApi, id);
  const setActive = useSetActive(usersApi);

  return (
    <QueryState query={detail}>
      {(user) => (
        <>
          <PageHeader
            backTo="/users"
            title={user.displayName}
            subtitle={user.username}
            tags={
              <>
                <ActiveTag active={user.isActive} />
                {user.mustChangePassword && <Tag color="orange">{t('users.mustChangePassword')}</Tag>}
              </>
            }
            extra={
              admin && (
                <>
                  <EditButton to={`/users/${id}/edit`} />
                  <Button icon={<KeyOutlined />} onClick={() => setResetting(true)} data-testid="user-reset-password">
                    {t('users.resetPassword')}
                  </Button>
                  <ActiveToggle id={id} name={user.displayName} active={user.isActive} mutation={setActive} />
                </>
              )
            }
          />
          <RecordTabs resource={usersApi} id={id} history={admin} overview={<Overview user={user} />} />
          {canKeepQualifications && user.roles.includes('engineer') && <EngineerQualifications userId={id} />}
          <ResetPasswordDialog user={user} open={resetting} onClose={() => setResetting(false)} />
        </>
      )}
    </QueryState>
  );
}

function Overview({ user }: { user: User }) {
  const { t, tOptional } = useLocale();
  return (
    <Card>
      <Descriptions
        column={overviewColumns}
        items={[
          { key: 'username', label: t('field.username'), children: user.username },
          { key: 'displayName', label: t('field.displayName'), children: user.displayName },
          {
            key: 'roles',
            label: t('field.roles'),
            children: (
              <Flex gap={4} wrap>
                {user.roles.map((role) => (
                  <Tag key={role} color="blue">
                    {t(`role.${role}`)}
                  </Tag>
                ))}
              </Flex>
            ),
          },
          { key: 'station', label: t('field.station'), children: orDash(user.stationName) },
          { key: 'department', label: t('field.department'), children: orDash(user.departmentName) },
          { key: 'phone', label: t('field.phone'), children: orDash(user.phone) },
          { key: 'email', label: t('field.email'), children: orDash(user.email) },
          {
            key: 'skills',
            label: t('field.skills'),
            children: user.skills.length
              ? user.skills.map((skill) => tOptional(`category.${skill}`) ?? skill).join('、')
              : '—',
          },
          {
            key: 'specialty',
            label: t('field.specialty'),
            children: user.specialty ? t(`specialty.${user.specialty}`) : '—',
          },
          { key: 'lastSignInAt', label: t('field.lastSignInAt'), children: formatDateTime(user.lastSignInAt) },
          { key: 'createdAt', label: t('field.createdAt'), children: formatDateTime(user.createdAt) },
          { key: 'updatedAt', label: t('field.updatedAt'), children: formatDateTime(user.updatedAt) },
        ]}
      />
    </Card>
  );
}

function ResetPasswordDialog({ user, open, onClose }: { user: User; open: boolean; onClose: () => void }) {
  const { t, language } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password?: string }>();
  const rules = useFieldRules(resetPasswordBody);
  const reset = useResetPassword();
  const onError = useApiErrorHandler();

  const submit = (values: { password?: string }) => {
    const body = parseForForm(resetPasswordBody, values, form, language);
    if (!body) return;
    reset.mutate(
      { id: user.id, password: body.password },
      {
        onSuccess: () => {
          message.success(t('users.passwordReset'));
          onClose();
        },
        onError: (error) => onError(error, { form }),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('users.resetPasswordTitle', { name: user.displayName })}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: reset.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('users.resetPasswordHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          name="password"
          label={t('users.temporaryPassword')}
          rules={rules('password')}
          extra={t('password.rule')}
          required
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
