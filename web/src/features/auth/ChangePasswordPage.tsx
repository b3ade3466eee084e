import { KeyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Form, Input, Typography } from 'antd';
import { Navigate, useNavigate } from 'react-router';
import { changePasswordBody } from '../../../../server/modules/auth/auth.contract';
import { parseForForm, useApiErrorHandler, useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { AuthCard } from './AuthCard';
import { useChangePassword, useMe, useSignOut } from './auth.api';

type Values = { currentPassword?: string; newPassword?: string; confirm?: string };

/** Change my password; forced after sign-in while `mustChangePassword` is set. */
export function ChangePasswordPage() {
  const { t, language } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const rules = useFieldRules(changePasswordBody);
  const me = useMe();
  const change = useChangePassword();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const onError = useApiErrorHandler();

  if (me.isPending) return null;
  const user = me.data?.user;
  if (!user) return <Navigate to="/login?next=%2Fchange-password" replace />;
  const forced = user.mustChangePassword;

  const submit = (values: Values) => {
    const body = parseForForm(changePasswordBody, values, form, language);
    if (!body) return;
    change.mutate(body, {
      onSuccess: () => {
        message.success(t('password.changed'));
        navigate('/', { replace: true });
      },
      onError: (error) => onError(error, { form }),
    });
  };

  return (
    <AuthCard>
      <Flex vertical align="center" gap={4} style={{ marginBottom: 16 }}>
        <KeyOutlined style={{ fontSize: 32, color: '#1677ff' }} />
        <Typography.Title level={4} style={{ margin: '8px 0 0' }}>
          {t('password.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{user.displayName}</Typography.Text>
      </Flex>
      {forced && <Alert type="warning" showIcon title={t('password.forcedHint')} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit} disabled={change.isPending}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={rules('currentPassword')}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('password.new')} rules={rules('newPassword')} extra={t('password.rule')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_rule, value) => {
                if (value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Flex vertical gap={8}>
          <Button type="primary" htmlType="submit" block loading={change.isPending} data-testid="password-submit">
            {t('password.submit')}
          </Button>
          {forced ? (
            <Button
              block
              onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })}
            >
              {t('header.signOut')}
            </Button>
          ) : (
            <Button block onClick={() => navigate(-1)}>
              {t('common.cancel')}
            </Button>
          )}
        </Flex>
      </Form>
    </AuthCard>
  );
}
