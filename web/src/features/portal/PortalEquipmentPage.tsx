import { Alert, Button, Card, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { type MessageKey, useT } from '../../lib/i18n';
import { useEndPortalSession, usePortalEquipment, useSendCode, useVerifyCode } from './portal.api';

const warrantyColor = { in_warranty: 'green', expiring: 'orange', expired: 'red', unknown: 'default' } as const;

/** FBK-4: own equipment and warranty status, after verifying the phone with a one-time SMS code. */
export function PortalEquipmentPage() {
  const t = useT();
  const [verified, setVerified] = useState(true);
  const equipment = usePortalEquipment(verified);
  const sendCode = useSendCode();
  const verify = useVerifyCode();
  const end = useEndPortalSession();
  const [form] = Form.useForm<{ phone: string; code: string }>();
  const [sent, setSent] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const signedIn = verified && equipment.isSuccess && equipment.data.verified;
  if (signedIn) {
    return (
      <Card
        extra={
          <Button
            size="small"
            onClick={async () => {
              await end.mutateAsync();
              setVerified(false);
            }}
          >
            {t('portal.equipment.signOut')}
          </Button>
        }
        title={t('portal.equipment.title')}
      >
        <List
          data-testid="portal-equipment"
          dataSource={equipment.data.items}
          locale={{ emptyText: t('portal.equipment.none') }}
          renderItem={(unit) => (
            <List.Item>
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{unit.modelName}</Typography.Text>
                <Typography.Text type="secondary">
                  {t('portal.equipment.serial')}: {unit.serialNo}
                </Typography.Text>
                <span>
                  <Tag color={warrantyColor[unit.warrantyStatus]}>
                    {t(`portal.warranty.${unit.warrantyStatus}` as MessageKey)}
                  </Tag>
                  {unit.warrantyEnd && t('portal.equipment.until', { date: formatDate(unit.warrantyEnd) })}
                </span>
              </Space>
            </List.Item>
          )}
        />
      </Card>
    );
  }

  const requestCode = async () => {
    setProblem(null);
    try {
      const { phone } = await form.validateFields(['phone']);
      await sendCode.mutateAsync(phone);
      setSent(true);
    } catch (error) {
      if (isApiError(error)) setProblem(error.message);
    }
  };
  const onFinish = async (values: { phone: string; code: string }) => {
    setProblem(null);
    try {
      await verify.mutateAsync(values);
      setVerified(true);
      await equipment.refetch();
    } catch (error) {
      if (isApiError(error)) setProblem(error.message);
    }
  };
  return (
    <Card title={t('portal.equipment.verifyTitle')}>
      <Typography.Paragraph type="secondary">{t('portal.equipment.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item name="phone" label={t('portal.phone')} rules={[{ required: true, message: t('portal.required') }]}>
          <Input inputMode="tel" maxLength={20} data-testid="portal-otp-phone" />
        </Form.Item>
        <Button
          block
          onClick={requestCode}
          loading={sendCode.isPending}
          data-testid="portal-otp-send"
          style={{ marginBottom: 16 }}
        >
          {sent ? t('portal.equipment.resend') : t('portal.equipment.sendCode')}
        </Button>
        {sent && (
          <>
            <Alert type="info" style={{ marginBottom: 12 }} title={t('portal.equipment.sent')} />
            <Form.Item
              name="code"
              label={t('portal.equipment.code')}
              rules={[{ required: true, len: 6, message: t('portal.equipment.codeInvalid') }]}
            >
              <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" data-testid="portal-otp-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={verify.isPending} data-testid="portal-otp-verify">
              {t('portal.equipment.verify')}
            </Button>
          </>
        )}
        {problem && (
          <Typography.Paragraph type="danger" style={{ marginTop: 12 }} data-testid="portal-otp-error">
            {problem}
          </Typography.Paragraph>
        )}
      </Form>
    </Card>
  );
}
