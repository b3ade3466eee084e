/**
 * Training qualifications and leaves of an engineer (DSP-1), on the user page: only engineers who
 * passed the training of a product line are dispatched to it, and not while on leave.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Select, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Leave, Qualification } from '../../../../server/modules/dispatch/dispatch.contract';
import { datePickerProps, formatDate, formatDateTime, orDash } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { useLocale, useT } from '../../lib/i18n';
import {
  useAddLeave,
  useAddQualification,
  useDeleteLeave,
  useDeleteQualification,
  useLeaves,
  useQualifications,
} from './field.api';

const categories = ['hardware', 'software', 'data', 'integration'] as const;

export function EngineerQualifications({ userId }: { userId: number }) {
  return (
    <>
      <QualificationsCard userId={userId} />
      <LeavesCard userId={userId} />
    </>
  );
}

function QualificationsCard({ userId }: { userId: number }) {
  const t = useT();
  const { tOptional } = useLocale();
  const list = useQualifications(userId);
  const remove = useDeleteQualification();
  const onError = useApiErrorHandler();
  const [adding, setAdding] = useState(false);
  const today = dayjs().format('YYYY-MM-DD');
  return (
    <Card
      title={t('fieldWork.qualifications.title')}
      style={{ marginTop: 16 }}
      data-testid="qualifications-card"
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="qualification-add">
          {t('fieldWork.qualifications.add')}
        </Button>
      }
    >
      <Table<Qualification>
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('fieldWork.qualifications.none') }}
        columns={[
          {
            key: 'category',
            title: t('fieldWork.qualifications.category'),
            render: (_, row) => tOptional(`category.${row.productCategory}`) ?? row.productCategory,
          },
          {
            key: 'certificate',
            title: t('fieldWork.qualifications.certificate'),
            render: (_, row) => orDash(row.certificateNo),
          },
          {
            key: 'from',
            title: t('fieldWork.qualifications.validFrom'),
            render: (_, row) => formatDate(row.validFrom),
          },
          {
            key: 'until',
            title: t('fieldWork.qualifications.validUntil'),
            render: (_, row) => (row.validUntil ? formatDate(row.validUntil) : t('fieldWork.qualifications.noEnd')),
          },
          {
            key: 'state',
            title: t('fieldWork.qualifications.state'),
            render: (_, row) =>
              row.validFrom > today ? (
                <Tag>{t('fieldWork.qualifications.future')}</Tag>
              ) : row.validUntil && row.validUntil < today ? (
                <Tag color="red">{t('fieldWork.qualifications.expired')}</Tag>
              ) : (
                <Tag color="green">{t('fieldWork.qualifications.valid')}</Tag>
              ),
          },
          {
            key: 'actions',
            title: '',
            render: (_, row) => (
              <Popconfirm
                title={t('fieldWork.qualifications.removeConfirm')}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={() => remove.mutate({ userId, id: row.id }, { onError: (error) => onError(error) })}
              >
                <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('fieldWork.remove')} />
              </Popconfirm>
            ),
          },
        ]}
      />
      {adding && <QualificationDialog userId={userId} onClose={() => setAdding(false)} />}
    </Card>
  );
}

function QualificationDialog({ userId, onClose }: { userId: number; onClose: () => void }) {
  const t = useT();
  const { tOptional } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const add = useAddQualification();
  const onError = useApiErrorHandler();
  return (
    <Modal
      open
      title={t('fieldWork.qualifications.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: add.isPending }}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ validFrom: dayjs().format('YYYY-MM-DD') }}
        onFinish={(values) =>
          add.mutate(
            { userId, body: { ...values, validUntil: values.validUntil ?? null } },
            {
              onSuccess: () => {
                message.success(t('common.saved'));
                onClose();
              },
              onError: (error) => onError(error, { form }),
            },
          )
        }
      >
        <Form.Item name="productCategory" label={t('fieldWork.qualifications.category')} rules={[{ required: true }]}>
          <Select
            options={categories.map((value) => ({ value, label: tOptional(`category.${value}`) ?? value }))}
            data-testid="qualification-category"
          />
        </Form.Item>
        <Form.Item name="certificateNo" label={t('fieldWork.qualifications.certificate')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="validFrom"
          label={t('fieldWork.qualifications.validFrom')}
          rules={[{ required: true }]}
          {...datePickerProps}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="validUntil" label={t('fieldWork.qualifications.validUntil')} {...datePickerProps}>
          <DatePicker style={{ width: '100%' }} placeholder={t('fieldWork.qualifications.noEnd')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function LeavesCard({ userId }: { userId: number }) {
  const t = useT();
  const list = useLeaves(userId);
  const remove = useDeleteLeave();
  const onError = useApiErrorHandler();
  const [adding, setAdding] = useState(false);
  return (
    <Card
      title={t('fieldWork.leaves.title')}
      style={{ marginTop: 16 }}
      data-testid="leaves-card"
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="leave-add">
          {t('fieldWork.leaves.add')}
        </Button>
      }
    >
      <Table<Leave>
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('fieldWork.leaves.none') }}
        columns={[
          { key: 'from', title: t('fieldWork.leaves.startsAt'), render: (_, row) => formatDateTime(row.startsAt) },
          { key: 'to', title: t('fieldWork.leaves.endsAt'), render: (_, row) => formatDateTime(row.endsAt) },
          { key: 'reason', title: t('fieldWork.leaves.reason'), render: (_, row) => orDash(row.reason) },
          {
            key: 'actions',
            title: '',
            render: (_, row) => (
              <Popconfirm
                title={t('fieldWork.leaves.removeConfirm')}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={() => remove.mutate({ userId, id: row.id }, { onError: (error) => onError(error) })}
              >
                <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('fieldWork.remove')} />
              </Popconfirm>
            ),
          },
        ]}
      />
      {adding && <LeaveDialog userId={userId} onClose={() => setAdding(false)} />}
    </Card>
  );
}

function LeaveDialog({ userId, onClose }: { userId: number; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ range?: [Dayjs, Dayjs]; reason?: string }>();
  const add = useAddLeave();
  const onError = useApiErrorHandler();
  return (
    <Modal
      open
      title={t('fieldWork.leaves.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: add.isPending }}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={({ range, reason }) =>
          range &&
          add.mutate(
            { userId, body: { startsAt: range[0].toISOString(), endsAt: range[1].toISOString(), reason } },
            {
              onSuccess: () => {
                message.success(t('common.saved'));
                onClose();
              },
              onError: (error) =>
                onError(error, {
                  form,
                  mapField: (field) => (field === 'startsAt' || field === 'endsAt' ? 'range' : field),
                }),
            },
          )
        }
      >
        <Form.Item name="range" label={t('fieldWork.leaves.period')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('fieldWork.leaves.reason')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
