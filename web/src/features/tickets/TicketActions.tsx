/**
 * What a user can do with a ticket from its page: classify, respond, record the plan, move it along
 * the lifecycle (from the server's `allowedNextStatuses`), edit it. Moves that belong to dispatch
 * and field work (assign, accept, travel, check-in) are made in the dispatch panels instead.
 */
import {
  CheckOutlined,
  CloseCircleOutlined,
  DownOutlined,
  EditOutlined,
  MessageOutlined,
  PartitionOutlined,
  ReloadOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Dropdown, Form, type FormInstance, Input, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  classifyInput,
  planInput,
  respondInput,
  routingCategories,
  type Ticket,
  type TicketStatusValue,
  ticketUpdateInput,
  transitionInput,
} from '../../../../server/modules/tickets/tickets.contract';
import { api } from '../../lib/api';
import { parseForForm, useApiErrorHandler } from '../../lib/forms';
import { type MessageKey, useLocale } from '../../lib/i18n';
import { useCan } from '../auth/auth.api';
import { useDepartmentOptions } from '../departments/departments.api';
import { ResponsiveDialog } from './ResponsiveDialog';
import {
  channelOptions,
  classificationOptions,
  FaultLevelLabel,
  FaultLevelPicker,
  regionOptions,
  responseMethodOptions,
  serviceModeOptions,
  typeOptions,
} from './ticket-fields';
import { useTicketCommand } from './tickets.api';

/** Moves made by dispatch and field work, not from the ticket's own buttons. */
const dispatchMoves: readonly TicketStatusValue[] = ['assigned', 'accepted', 'en_route', 'on_site'];
/** Moves that need a reason. */
const reasonMoves: readonly TicketStatusValue[] = ['cancelled', 'reopened'];

type Dialog =
  | { kind: 'classify' }
  | { kind: 'respond' }
  | { kind: 'plan' }
  | { kind: 'edit' }
  | { kind: 'transition'; to: TicketStatusValue };

export function TicketActions({ ticket, onReload }: { ticket: Ticket; onReload: () => void }) {
  const { t } = useLocale();
  const can = useCan();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const writable = can('writeTickets');
  const handles = can('handleTickets');
  const open = ticket.status !== 'closed' && ticket.status !== 'cancelled';
  const allowed = ticket.allowedNextStatuses;
  const classifiable = can('classifyTickets') && (ticket.status === 'received' || ticket.status === 'reopened');
  const reclassifiable = can('classifyTickets') && ticket.status === 'classified';
  const moves = writable
    ? allowed.filter((to) => !dispatchMoves.includes(to) && to !== 'classified' && to !== 'cancelled')
    : [];
  const cancellable = writable && allowed.includes('cancelled');
  const close = () => setDialog(null);

  const more = [
    reclassifiable && { key: 'classify', icon: <PartitionOutlined />, label: t('tickets.action.reclassify') },
    open &&
      handles && {
        key: 'plan',
        icon: <SolutionOutlined />,
        label: ticket.technicalPlan ? t('tickets.action.revisePlan') : t('tickets.action.plan'),
      },
    open && writable && { key: 'edit', icon: <EditOutlined />, label: t('tickets.action.edit') },
    cancellable && { type: 'divider' as const },
    cancellable && {
      key: 'cancel',
      icon: <CloseCircleOutlined />,
      label: t('tickets.action.cancel'),
      danger: true,
    },
  ].filter((item): item is NonNullable<Exclude<typeof item, false>> => Boolean(item));

  return (
    <>
      {classifiable && (
        <Button
          type="primary"
          icon={<PartitionOutlined />}
          onClick={() => setDialog({ kind: 'classify' })}
          data-testid="action-classify"
        >
          {t('tickets.action.classify')}
        </Button>
      )}
      {open && handles && !ticket.firstResponseAt && (
        <Button icon={<MessageOutlined />} onClick={() => setDialog({ kind: 'respond' })} data-testid="action-respond">
          {t('tickets.action.respond')}
        </Button>
      )}
      {moves.map((to) => (
        <Button
          key={to}
          icon={
            to === 'reopened' ? (
              <ReloadOutlined />
            ) : to === 'resolved' || to === 'closed' ? (
              <CheckOutlined />
            ) : undefined
          }
          type={to === 'resolved' && !classifiable ? 'primary' : 'default'}
          onClick={() => setDialog({ kind: 'transition', to })}
          data-testid={`action-to-${to}`}
        >
          {t(`tickets.move.${to}`)}
        </Button>
      ))}
      {more.length > 0 && (
        <Dropdown
          trigger={['click']}
          menu={{
            items: more,
            onClick: ({ key }) =>
              setDialog(
                key === 'cancel'
                  ? { kind: 'transition', to: 'cancelled' }
                  : key === 'plan'
                    ? { kind: 'plan' }
                    : key === 'classify'
                      ? { kind: 'classify' }
                      : { kind: 'edit' },
              ),
          }}
        >
          <Button data-testid="action-more">
            {t('tickets.action.more')} <DownOutlined />
          </Button>
        </Dropdown>
      )}

      {dialog?.kind === 'classify' && <ClassifyDialog ticket={ticket} onClose={close} onReload={onReload} />}
      {dialog?.kind === 'respond' && <RespondDialog ticket={ticket} onClose={close} onReload={onReload} />}
      {dialog?.kind === 'plan' && <PlanDialog ticket={ticket} onClose={close} onReload={onReload} />}
      {dialog?.kind === 'edit' && <EditDialog ticket={ticket} onClose={close} onReload={onReload} />}
      {dialog?.kind === 'transition' && (
        <TransitionDialog ticket={ticket} to={dialog.to} onClose={close} onReload={onReload} />
      )}
    </>
  );
}

type DialogProps = { ticket: Ticket; onClose: () => void; onReload: () => void };

/** Sends one command; on success closes the dialog, on failure shows the errors (409 offers a reload). */
function useDialogCommand(ticket: Ticket, onClose: () => void, onReload: () => void) {
  const command = useTicketCommand(ticket.id);
  const onError = useApiErrorHandler();
  const { message } = App.useApp();
  const { t } = useLocale();
  // biome-ignore lint/suspicious/noExplicitAny: any form of the dialogs
  const run = (body: Parameters<typeof command.mutateAsync>[0], form: FormInstance<any>, done: MessageKey) =>
    command
      .mutateAsync(body)
      .then(() => {
        message.success(t(done));
        onClose();
      })
      .catch((error) =>
        onError(error, {
          form,
          onReload: () => {
            onClose();
            onReload();
          },
        }),
      );
  return { run, pending: command.isPending };
}

function ClassifyDialog({ ticket, onClose, onReload }: DialogProps) {
  const { t, language } = useLocale();
  const [form] = Form.useForm();
  const { run, pending } = useDialogCommand(ticket, onClose, onReload);
  const departments = useDepartmentOptions();
  const classification = Form.useWatch('classification', form) ?? ticket.classification;
  const type = Form.useWatch('type', form) ?? ticket.type;
  const productCategory = Form.useWatch('productCategory', form) ?? ticket.productCategory ?? 'undetermined';
  const preview = useQuery({
    queryKey: ['tickets', 'routing-preview', classification, type, productCategory],
    queryFn: ({ signal }) =>
      api.get<{ department: { id: number; code: string; name: string } | null; departmentCode: string }>(
        '/api/tickets/routing-preview',
        { classification, type, productCategory },
        signal,
      ),
    retry: false,
  });

  const submit = () => {
    const body = parseForForm(
      classifyInput,
      { ...form.getFieldsValue(), expectedVersion: ticket.version },
      form,
      language,
    );
    if (body) run({ kind: 'classify', body }, form, 'tickets.done.classified');
  };

  return (
    <ResponsiveDialog
      open
      title={t('tickets.action.classify')}
      onClose={onClose}
      onOk={submit}
      okText={t('tickets.action.classify')}
      confirmLoading={pending}
      okTestId="classify-submit"
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        disabled={pending}
        initialValues={{
          classification: ticket.classification,
          type: ticket.type,
          faultLevel: ticket.faultLevel,
          serviceMode: ticket.serviceMode ?? (ticket.type === 'consultation' ? 'remote' : 'on_site'),
          region: ticket.region,
          productCategory: ticket.productCategory ?? undefined,
          handlingDepartmentId: undefined,
        }}
      >
        <Form.Item name="classification" label={t('tickets.field.classification')} extra={t('tickets.classifyHint')}>
          <Select options={classificationOptions(t)} data-testid="classify-classification" />
        </Form.Item>
        <Form.Item name="type" label={t('tickets.field.type')}>
          <Select options={typeOptions(t)} />
        </Form.Item>
        <Form.Item name="faultLevel" label={<FaultLevelLabel />}>
          <FaultLevelPicker />
        </Form.Item>
        <Form.Item name="serviceMode" label={t('tickets.field.serviceMode')}>
          <Select options={serviceModeOptions(t)} data-testid="classify-service-mode" />
        </Form.Item>
        <Form.Item name="region" label={t('tickets.field.region')}>
          <Select options={regionOptions(t)} />
        </Form.Item>
        <Form.Item name="productCategory" label={t('tickets.field.productCategory')}>
          <Select
            allowClear
            placeholder={t('tickets.category.fromEquipment')}
            options={routingCategories.map((value) => ({ value, label: t(`tickets.category.${value}`) }))}
          />
        </Form.Item>
        {preview.data && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="routing-preview"
            title={
              preview.data.department
                ? t('tickets.routingPreview', {
                    name: preview.data.department.name,
                    code: preview.data.department.code,
                  })
                : t('tickets.routingPreviewNone')
            }
          />
        )}
        <Form.Item name="handlingDepartmentId" label={t('tickets.field.handlingDepartmentOverride')}>
          <Select
            allowClear
            options={departments.options}
            loading={departments.isPending}
            placeholder={t('tickets.routingAuto')}
          />
        </Form.Item>
        <Form.Item name="note" label={t('tickets.field.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </ResponsiveDialog>
  );
}

function RespondDialog({ ticket, onClose, onReload }: DialogProps) {
  const { t, language } = useLocale();
  const [form] = Form.useForm();
  const { run, pending } = useDialogCommand(ticket, onClose, onReload);
  const submit = () => {
    const values = form.getFieldsValue() as { method?: string; note?: string; at?: Dayjs | null };
    const body = parseForForm(
      respondInput,
      {
        method: values.method,
        note: values.note,
        at: values.at ? values.at.toISOString() : undefined,
        expectedVersion: ticket.version,
      },
      form,
      language,
    );
    if (body) run({ kind: 'respond', body }, form, 'tickets.done.responded');
  };
  return (
    <ResponsiveDialog
      open
      title={t('tickets.action.respond')}
      onClose={onClose}
      onOk={submit}
      confirmLoading={pending}
      okTestId="respond-submit"
    >
      <Typography.Paragraph type="secondary">{t('tickets.respondHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" disabled={pending} initialValues={{ method: 'phone', at: dayjs() }}>
        <Form.Item name="method" label={t('tickets.field.responseMethod')} required>
          <Select options={responseMethodOptions(t)} />
        </Form.Item>
        <Form.Item name="note" label={t('tickets.field.responseNote')} required>
          <Input.TextArea rows={3} maxLength={2000} autoFocus data-testid="respond-note" />
        </Form.Item>
        <Form.Item name="at" label={t('tickets.field.respondedAt')}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
            disabledDate={(date) => date.isAfter(dayjs(), 'day') || date.isBefore(dayjs(ticket.receivedAt), 'day')}
          />
        </Form.Item>
      </Form>
    </ResponsiveDialog>
  );
}

function PlanDialog({ ticket, onClose, onReload }: DialogProps) {
  const { t, language } = useLocale();
  const [form] = Form.useForm();
  const { run, pending } = useDialogCommand(ticket, onClose, onReload);
  const submit = () => {
    const body = parseForForm(
      planInput,
      { plan: form.getFieldValue('plan'), expectedVersion: ticket.version },
      form,
      language,
    );
    if (body) run({ kind: 'plan', body }, form, 'tickets.done.planned');
  };
  return (
    <ResponsiveDialog
      open
      title={ticket.technicalPlan ? t('tickets.action.revisePlan') : t('tickets.action.plan')}
      onClose={onClose}
      onOk={submit}
      confirmLoading={pending}
      okTestId="plan-submit"
      width={680}
    >
      <Form form={form} layout="vertical" disabled={pending} initialValues={{ plan: ticket.technicalPlan ?? '' }}>
        <Form.Item name="plan" label={t('tickets.field.technicalPlan')} required extra={t('tickets.planHint')}>
          <Input.TextArea rows={8} maxLength={5000} showCount autoFocus data-testid="plan-text" />
        </Form.Item>
      </Form>
    </ResponsiveDialog>
  );
}

function TransitionDialog({ ticket, to, onClose, onReload }: DialogProps & { to: TicketStatusValue }) {
  const { t, language } = useLocale();
  const [form] = Form.useForm();
  const { run, pending } = useDialogCommand(ticket, onClose, onReload);
  const needsReason = reasonMoves.includes(to);
  const submit = () => {
    const values = form.getFieldsValue() as { note?: string; reason?: string };
    if (needsReason && !values.reason?.trim()) {
      form.setFields([{ name: 'reason', errors: [t('tickets.reasonRequired')] }]);
      return;
    }
    const body = parseForForm(
      transitionInput,
      { to, note: values.note, reason: values.reason, expectedVersion: ticket.version },
      form,
      language,
    );
    if (body) run({ kind: 'transition', body }, form, 'tickets.done.moved');
  };
  const hint: MessageKey | null =
    to === 'waiting_customer' || to === 'waiting_parts'
      ? 'tickets.moveHint.waiting'
      : to === 'cancelled'
        ? 'tickets.moveHint.cancel'
        : to === 'reopened'
          ? 'tickets.moveHint.reopen'
          : to === 'closed'
            ? 'tickets.moveHint.close'
            : null;
  return (
    <ResponsiveDialog
      open
      title={t(`tickets.move.${to}`)}
      onClose={onClose}
      onOk={submit}
      okText={t(`tickets.move.${to}`)}
      okDanger={to === 'cancelled'}
      confirmLoading={pending}
      okTestId="transition-submit"
    >
      {hint && (
        <Alert type={to === 'cancelled' ? 'warning' : 'info'} showIcon style={{ marginBottom: 16 }} title={t(hint)} />
      )}
      <Form form={form} layout="vertical" disabled={pending}>
        {needsReason && (
          <Form.Item name="reason" label={t('tickets.field.reason')} required>
            <Input.TextArea rows={2} maxLength={500} autoFocus data-testid="transition-reason" />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('tickets.field.note')}>
          <Input.TextArea rows={3} maxLength={2000} autoFocus={!needsReason} data-testid="transition-note" />
        </Form.Item>
      </Form>
    </ResponsiveDialog>
  );
}

type EditValues = {
  type: string;
  channel: string;
  title: string;
  description: string;
  faultLevel: number;
  serviceMode: string | null;
  region: string;
  address: string | null;
  contactName: string | null;
  contactPhone: string | null;
  note?: string;
};

function EditDialog({ ticket, onClose, onReload }: DialogProps) {
  const { t, language } = useLocale();
  const [form] = Form.useForm<EditValues>();
  const { run, pending } = useDialogCommand(ticket, onClose, onReload);
  const initial: EditValues = {
    type: ticket.type,
    channel: ticket.channel,
    title: ticket.title,
    description: ticket.description,
    faultLevel: ticket.faultLevel,
    serviceMode: ticket.serviceMode,
    region: ticket.region,
    address: ticket.address,
    contactName: ticket.contactName,
    contactPhone: ticket.masked ? null : ticket.contactPhone,
  };
  const level = Form.useWatch('faultLevel', form);
  const serviceMode = Form.useWatch('serviceMode', form);
  const region = Form.useWatch('region', form);
  const recomputes =
    (level !== undefined && level !== ticket.faultLevel) ||
    (serviceMode !== undefined && serviceMode !== ticket.serviceMode) ||
    (region !== undefined && region !== ticket.region);

  const submit = () => {
    const values = form.getFieldsValue();
    // Only what changed is sent; the server recomputes deadlines for level/region/mode changes.
    const changed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
      if (key === 'note') continue;
      const before = initial[key as keyof EditValues] ?? null;
      const after = value === '' || value === undefined ? null : value;
      if (after !== before) changed[key] = after;
    }
    if (ticket.masked) delete changed.contactPhone;
    if (Object.keys(changed).length === 0) {
      onClose();
      return;
    }
    if (changed.faultLevel !== undefined && !values.note?.trim()) {
      form.setFields([{ name: 'note', errors: [t('tickets.levelChangeNoteRequired')] }]);
      return;
    }
    const body = parseForForm(
      ticketUpdateInput,
      { ...changed, note: values.note, expectedVersion: ticket.version },
      form,
      language,
    );
    if (body) run({ kind: 'update', body }, form, 'tickets.done.updated');
  };

  return (
    <ResponsiveDialog
      open
      title={t('tickets.action.edit')}
      onClose={onClose}
      onOk={submit}
      confirmLoading={pending}
      okTestId="edit-submit"
      width={680}
    >
      <Form form={form} layout="vertical" disabled={pending} initialValues={initial}>
        <Form.Item name="title" label={t('tickets.field.title')} required>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="type" label={t('tickets.field.type')}>
          <Select options={typeOptions(t)} />
        </Form.Item>
        <Form.Item name="channel" label={t('tickets.field.channel')}>
          <Select options={channelOptions(t)} />
        </Form.Item>
        <Form.Item name="faultLevel" label={<FaultLevelLabel />}>
          <FaultLevelPicker />
        </Form.Item>
        <Form.Item name="serviceMode" label={t('tickets.field.serviceMode')}>
          <Select allowClear options={serviceModeOptions(t)} />
        </Form.Item>
        <Form.Item name="region" label={t('tickets.field.region')}>
          <Select options={regionOptions(t)} />
        </Form.Item>
        {recomputes && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('tickets.recomputeWarning')}
            data-testid="recompute-warning"
          />
        )}
        <Form.Item name="contactName" label={t('tickets.field.contactName')}>
          <Input maxLength={50} />
        </Form.Item>
        {!ticket.masked && (
          <Form.Item name="contactPhone" label={t('tickets.field.contactPhone')}>
            <Input maxLength={30} />
          </Form.Item>
        )}
        <Form.Item name="address" label={t('tickets.field.address')}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="description" label={t('tickets.field.description')}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        <Form.Item name="note" label={t('tickets.field.changeNote')} extra={t('tickets.changeNoteHint')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </ResponsiveDialog>
  );
}
