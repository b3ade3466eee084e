import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { signInBody } from '../../../../server/modules/auth/auth.contract';
import { parseForForm, useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { AuthCard } from './AuthCard';
import { useMe, useSignIn } from './auth.api';

type Values = { login?: string; password?: string };

/** Only same-site paths are followed after sign-in. */
const safeNext = (next: string | null) => (next?.startsWith('/') && !next.startsWith('//') ? next : '/');

export function LoginPage() {
  const { t, language } = useLocale();
  const [form] = Form.useForm<Values>();
  const rules = useFieldRules(signInBody);
  const me = useMe();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const [failure, setFailure] = useState<string | null>(null);
  const next = safeNext(search.get('next'));

  if (me.data?.user && !signIn.isPending && !signIn.isSuccess) {
    return <Navigate to={me.data.user.mustChangePassword ? '/change-password' : next} replace />;
  }

  const submit = (values: Values) => {
    const body = parseForForm(signInBody, values, form, language);
    if (!body) return;
    setFailure(null);
    signIn.mutate(body, {
      onSuccess: (result) => navigate(result.user?.mustChangePassword ? '/change-password' : next, { replace: true }),
      onError: (error) => setFailure(error.message),
    });
  };

  return (
    <AuthCard
      footer={
        <Typography.Text type="secondary" style={{ textAlign: 'center', fontSize: 12 }}>
          {t('login.footer')}
        </Typography.Text>
      }
    >
      <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
        <img src="/favicon.svg" alt="" width={48} height={48} />
        <Typography.Title level={3} style={{ margin: '8px 0 0' }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('app.fullName')}</Typography.Text>
      </Flex>
      {failure && (
        <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} data-testid="login-error" />
      )}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={signIn.isPending}>
        <Form.Item name="login" label={t('login.login')} rules={rules('login')}>
          <Input
            prefix={<UserOutlined />}
            autoComplete="username"
            placeholder={t('login.loginPlaceholder')}
            data-testid="login-username"
            autoFocus
          />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={rules('password')}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          block
          size="large"
          loading={signIn.isPending}
          data-testid="login-submit"
        >
          {t('login.submit')}
        </Button>
      </Form>
    </AuthCard>
  );
}
