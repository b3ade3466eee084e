import { UploadOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Result, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../../lib/api';
import { useT } from '../../lib/i18n';
import { type PortalRequestValues, useSubmitPortalRequest } from './portal.api';

const MAX_PHOTOS = 3;

/** FBK-4: a service request without an account — contact, serial or product, description, photos. */
export function PortalRequestPage() {
  const t = useT();
  const [form] = Form.useForm<Omit<PortalRequestValues, 'photos'>>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [done, setDone] = useState<{ number: string; phone: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = useSubmitPortalRequest();

  const onFinish = async (values: Omit<PortalRequestValues, 'photos'>) => {
    setFailure(null);
    try {
      const photos = files.map((file) => file.originFileObj).filter((file): file is NonNullable<typeof file> => !!file);
      const created = await submit.mutateAsync({ ...values, photos: photos as File[] });
      setDone({ number: created.ticketNumber, phone: values.phone });
    } catch (error) {
      if (isApiError(error)) {
        form.setFields(
          error.fields
            .filter((field) => field.field !== 'altcha' && field.field !== 'photos')
            .map((field) => ({ name: field.field as never, errors: [field.message] })),
        );
        setFailure(error.message);
      } else setFailure(t('portal.request.failed'));
    }
  };

  if (done) {
    return (
      <Result
        status="success"
        data-testid="portal-request-done"
        title={t('portal.request.done')}
        subTitle={
          <>
            {t('portal.request.number')}
            <Typography.Text strong copyable data-testid="portal-ticket-number">
              {done.number}
            </Typography.Text>
          </>
        }
        extra={
          <Link to={`/portal/track?number=${encodeURIComponent(done.number)}`} data-testid="portal-track-link">
            <Button type="primary">{t('portal.request.track')}</Button>
          </Link>
        }
      />
    );
  }
  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('portal.request.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item
          name="name"
          label={t('portal.request.name')}
          rules={[{ required: true, message: t('portal.required') }]}
        >
          <Input maxLength={50} autoComplete="name" data-testid="portal-name" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('portal.phone')}
          rules={[
            { required: true, pattern: /^\s*(\+86)?\s*1[3-9]\d([\s-]?\d){8}\s*$/, message: t('portal.phoneInvalid') },
          ]}
        >
          <Input inputMode="tel" maxLength={20} autoComplete="tel" data-testid="portal-phone" />
        </Form.Item>
        <Form.Item name="serialNo" label={t('portal.request.serialNo')} extra={t('portal.request.serialHint')}>
          <Input maxLength={64} data-testid="portal-serial" />
        </Form.Item>
        <Form.Item name="product" label={t('portal.request.product')}>
          <Input maxLength={100} data-testid="portal-product" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('portal.request.description')}
          rules={[{ required: true, message: t('portal.required') }]}
        >
          <Input.TextArea rows={4} maxLength={2000} data-testid="portal-description" />
        </Form.Item>
        <Form.Item label={t('portal.request.photos', { max: MAX_PHOTOS })}>
          <Upload
            accept="image/*"
            listType="picture"
            multiple
            maxCount={MAX_PHOTOS}
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList.slice(0, MAX_PHOTOS))}
          >
            <Button icon={<UploadOutlined />} data-testid="portal-photos">
              {t('portal.request.addPhotos')}
            </Button>
          </Upload>
        </Form.Item>
        {failure && (
          <Typography.Paragraph type="danger" data-testid="portal-request-error">
            {failure}
          </Typography.Paragraph>
        )}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('portal.request.challengeNote')}
        </Typography.Paragraph>
        <Button
          type="primary"
          htmlType="submit"
          block
          size="large"
          loading={submit.isPending}
          data-testid="portal-submit"
        >
          {submit.isPending ? t('portal.request.sending') : t('portal.request.submit')}
        </Button>
      </Form>
    </Card>
  );
}
