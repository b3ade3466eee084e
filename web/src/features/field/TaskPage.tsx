/**
 * One task on the engineer's phone (DSP-4): the ticket at a glance and one big button for the next
 * step — accept/decline → start travel → check in (with the position when allowed) → start work →
 * the field service record (diagnosis, work, parts, labour, photos, result, rating) → the customer's
 * signature → check out.
 */
import { CameraOutlined, CheckOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Result,
  Select,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type {
  RemoteProgressInput,
  TaskDetail,
  Visit,
  VisitRecordInput,
} from '../../../../server/modules/dispatch/dispatch.contract';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { isApiError } from '../../lib/api';
import { fenToYuanString, formatDateTime, orDash, yuanToFen } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { useT } from '../../lib/i18n';
import { TicketPartsPanel } from '../parts/TicketPartsPanel';
import { FaultLevelTag, TicketStatusTag } from '../tickets/ticket-format';
import {
  useAcceptAssignment,
  useCheckIn,
  useCheckOut,
  useCreateVisit,
  useDeclineAssignment,
  useRemoteProgress,
  useSaveRecord,
  useSign,
  useTask,
  useUploadPhoto,
  useVisitStep,
} from './field.api';
import './field.css';
import { DueTag, MapLink, PhoneLink, VisitStatusTag } from './field-format';
import { SignaturePad, type SignaturePadHandle } from './SignaturePad';

export function TaskPage() {
  const t = useT();
  const assignmentId = Number(useParams().assignmentId);
  const task = useTask(assignmentId);
  return (
    <div className="field-page">
      <QueryState query={task}>
        {(data) => (
          <>
            <PageHeader
              backTo="/my-tasks"
              title={data.ticket.number}
              tags={<FaultLevelTag level={data.ticket.faultLevel} short />}
              subtitle={t(`fieldWork.step.${data.nextStep}`)}
            />
            <Flex vertical gap={12}>
              <TicketCard task={data} />
              <StepPanel task={data} />
              {/* Catalogue parts: request, then record consumption and returns on site (PRT-3). */}
              {data.nextStep !== 'accept' && (
                <TicketPartsPanel
                  ticketId={data.ticket.id}
                  ticketStatus={data.ticket.status}
                  visitId={data.visit?.id ?? null}
                  compact
                />
              )}
            </Flex>
          </>
        )}
      </QueryState>
    </div>
  );
}

function TicketCard({ task }: { task: TaskDetail }) {
  const t = useT();
  const { ticket } = task;
  return (
    <Card size="small" data-testid="task-ticket">
      <Flex gap={4} wrap style={{ marginBottom: 6 }}>
        <TicketStatusTag status={ticket.status} />
        <DueTag dueAt={task.nextDueAt} kind={task.nextDueKind} isBreached={task.isBreached} />
      </Flex>
      <Typography.Title level={5} style={{ margin: '0 0 4px' }}>
        {ticket.customerName}
      </Typography.Title>
      <div className="field-line">
        <MapLink address={ticket.address} />
      </div>
      <div className="field-line">
        <PhoneLink phone={ticket.contactPhone} />
        {ticket.contactName && <Typography.Text type="secondary">{ticket.contactName}</Typography.Text>}
      </div>
      <Typography.Paragraph strong style={{ margin: '6px 0 2px' }}>
        {ticket.title}
      </Typography.Paragraph>
      {ticket.description && (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true }} style={{ marginBottom: 4 }}>
          {ticket.description}
        </Typography.Paragraph>
      )}
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'type', label: t('fieldWork.ticketType'), children: t(`tickets.type.${ticket.type}`) },
          { key: 'model', label: t('fieldWork.model'), children: orDash(ticket.modelName) },
          { key: 'serial', label: t('fieldWork.serialNo'), children: orDash(ticket.serialNo) },
          {
            key: 'eta',
            label: t('fieldWork.expectedArrival'),
            children: formatDateTime(task.expectedArrivalAt),
          },
        ]}
      />
    </Card>
  );
}

function StepPanel({ task }: { task: TaskDetail }) {
  const t = useT();
  switch (task.nextStep) {
    case 'accept':
      return <AcceptStep task={task} />;
    case 'start_travel':
      return <TravelStep task={task} />;
    case 'check_in':
      return <CheckInStep task={task} />;
    case 'start_work':
      return (
        <>
          <StartWorkStep visit={task.visit!} />
          <RecordStep task={task} visit={task.visit!} />
        </>
      );
    case 'record':
      return <RecordStep task={task} visit={task.visit!} />;
    case 'work_remotely':
      return <RemoteStep task={task} />;
    case 'waiting':
      return task.ticket.serviceMode === 'on_site' ? (
        <>
          <Alert
            type="warning"
            showIcon
            title={t(`tickets.status.${task.ticket.status}`)}
            description={t('fieldWork.waiting')}
          />
          <TravelStep task={task} secondary />
        </>
      ) : (
        <RemoteStep task={task} />
      );
    default:
      return (
        <>
          <Result status="success" title={t('fieldWork.finished')} />
          {task.visit && <VisitSummary visit={task.visit} />}
        </>
      );
  }
}

/** Remote, send-in and mailed-parts tickets: worked without a visit, step by step. */
function RemoteStep({ task }: { task: TaskDetail }) {
  const t = useT();
  const { message } = App.useApp();
  const progress = useRemoteProgress();
  const onError = useApiErrorHandler();
  const [note, setNote] = useState('');
  const status = task.ticket.status;
  const go = (to: RemoteProgressInput['to']) =>
    progress.mutate(
      { assignmentId: task.assignmentId, body: { to, note, expectedVersion: task.ticket.version } },
      {
        onSuccess: () => {
          setNote('');
          message.success(t(`tickets.status.${to}`));
        },
        onError: (error) => onError(error),
      },
    );
  const waiting = status === 'waiting_parts' || status === 'waiting_customer';
  return (
    <Card size="small" title={t('fieldWork.remote.title')}>
      <Flex vertical gap={8}>
        {waiting && <Alert type="warning" showIcon title={t(`tickets.status.${status}`)} />}
        <Input.TextArea
          rows={3}
          maxLength={2000}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          placeholder={t('fieldWork.remote.note')}
          data-testid="remote-note"
        />
        <Flex gap={8} wrap>
          {status !== 'in_progress' && (
            <Button
              size="large"
              style={{ flex: '1 1 140px' }}
              onClick={() => go('in_progress')}
              loading={progress.isPending}
            >
              {waiting ? t('fieldWork.remote.resume') : t('fieldWork.remote.start')}
            </Button>
          )}
          {status !== 'waiting_parts' && (
            <Button
              size="large"
              style={{ flex: '1 1 140px' }}
              onClick={() => go('waiting_parts')}
              loading={progress.isPending}
            >
              {t('fieldWork.next.waiting_parts')}
            </Button>
          )}
          {status !== 'waiting_customer' && (
            <Button
              size="large"
              style={{ flex: '1 1 140px' }}
              onClick={() => go('waiting_customer')}
              loading={progress.isPending}
            >
              {t('fieldWork.next.waiting_customer')}
            </Button>
          )}
        </Flex>
        <Link to={`/tickets/${task.ticket.id}`} data-testid="open-ticket">
          {t('fieldWork.remote.openTicket')}
        </Link>
      </Flex>
      <BigButton
        icon={<CheckOutlined />}
        loading={progress.isPending}
        onClick={() => go('resolved')}
        data-testid="remote-resolve"
      >
        {t('fieldWork.remote.resolve')}
      </BigButton>
    </Card>
  );
}

/** A big full-width button kept in reach at the bottom of the screen. */
function BigButton(props: React.ComponentProps<typeof Button>) {
  return (
    <div className="field-step-buttons">
      <Button type="primary" size="large" block className="field-big-button" {...props} />
    </div>
  );
}

function AcceptStep({ task }: { task: TaskDetail }) {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const accept = useAcceptAssignment();
  const decline = useDeclineAssignment();
  const onError = useApiErrorHandler();
  const [declining, setDeclining] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();

  return (
    <>
      <Flex gap={8} className="field-step-buttons">
        <Button size="large" className="field-big-button" style={{ flex: 1 }} danger onClick={() => setDeclining(true)}>
          {t('fieldWork.decline')}
        </Button>
        <Button
          type="primary"
          size="large"
          className="field-big-button"
          style={{ flex: 2 }}
          loading={accept.isPending}
          data-testid="task-accept"
          onClick={() =>
            accept.mutate(task.assignmentId, {
              onSuccess: () => message.success(t('fieldWork.accepted')),
              onError: (error) => onError(error),
            })
          }
        >
          {t('fieldWork.accept')}
        </Button>
      </Flex>
      <Modal
        open={declining}
        title={t('fieldWork.declineTitle')}
        okText={t('fieldWork.decline')}
        okButtonProps={{ danger: true, loading: decline.isPending }}
        cancelText={t('common.cancel')}
        onCancel={() => setDeclining(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={({ reason }) =>
            decline.mutate(
              { assignmentId: task.assignmentId, reason },
              {
                onSuccess: () => {
                  message.success(t('fieldWork.declined'));
                  navigate('/my-tasks');
                },
                onError: (error) => onError(error, { form }),
              },
            )
          }
        >
          <Form.Item
            name="reason"
            label={t('fieldWork.declineReason')}
            rules={[{ required: true, whitespace: true, message: t('fieldWork.declineReasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} data-testid="decline-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function TravelStep({ task, secondary = false }: { task: TaskDetail; secondary?: boolean }) {
  const t = useT();
  const create = useCreateVisit();
  const step = useVisitStep();
  const onError = useApiErrorHandler();
  const planned = task.visit?.status === 'planned' ? task.visit : null;
  const start = () =>
    planned
      ? step.mutate({ visitId: planned.id, step: 'start-travel' }, { onError: (error) => onError(error) })
      : create.mutate(
          { ticketId: task.ticket.id, body: { startTravel: true } },
          { onError: (error) => onError(error) },
        );
  return (
    <>
      {planned && (
        <Card size="small">
          {t('fieldWork.plannedVisit', { number: planned.number, at: formatDateTime(planned.plannedAt) })}
        </Card>
      )}
      <BigButton
        type={secondary ? 'default' : 'primary'}
        loading={create.isPending || step.isPending}
        onClick={start}
        data-testid="task-start-travel"
      >
        {t('fieldWork.startTravel')}
      </BigButton>
    </>
  );
}

/** The position for the check-in, or null when the phone cannot or may not tell (we go on without). */
function currentPosition(): Promise<{ latitude: number; longitude: number; accuracy: number } | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) =>
    navigator.geolocation.getCurrentPosition(
      (position) =>
        resolve({
          latitude: position.coords.latitude,
          longitude: position.coords.longitude,
          accuracy: Math.round(position.coords.accuracy),
        }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 8000, maximumAge: 60_000 },
    ),
  );
}

function CheckInStep({ task }: { task: TaskDetail }) {
  const t = useT();
  const { message } = App.useApp();
  const checkIn = useCheckIn();
  const onError = useApiErrorHandler();
  const [locating, setLocating] = useState(false);
  const visit = task.visit!;
  const run = async () => {
    setLocating(true);
    const position = await currentPosition();
    setLocating(false);
    checkIn.mutate(
      { visitId: visit.id, body: position ?? {} },
      {
        onSuccess: () => message.success(position ? t('fieldWork.checkedIn') : t('fieldWork.checkedInNoLocation')),
        onError: (error) => onError(error),
      },
    );
  };
  return (
    <>
      <Card size="small">
        <Flex justify="space-between" wrap gap={8}>
          <span>{visit.number}</span>
          <VisitStatusTag status={visit.status} />
        </Flex>
        <Typography.Text type="secondary">
          {t('fieldWork.travellingSince', { at: formatDateTime(visit.travelStartedAt) })}
        </Typography.Text>
      </Card>
      <BigButton loading={locating || checkIn.isPending} onClick={run} data-testid="task-check-in">
        {locating ? t('fieldWork.locating') : t('fieldWork.checkIn')}
      </BigButton>
    </>
  );
}

function StartWorkStep({ visit }: { visit: Visit }) {
  const t = useT();
  const step = useVisitStep();
  const onError = useApiErrorHandler();
  return (
    <BigButton
      loading={step.isPending}
      onClick={() => step.mutate({ visitId: visit.id, step: 'start-work' }, { onError: (error) => onError(error) })}
      data-testid="task-start-work"
    >
      {t('fieldWork.startWork')}
    </BigButton>
  );
}

type PartRow = { name?: string; quantity?: number; kind?: 'warranty' | 'customer_bought'; unitPrice?: string };
type RecordValues = {
  diagnosis?: string;
  workDone?: string;
  parts?: PartRow[];
  labourMinutes?: number | null;
  result?: 'done' | 'not_done' | null;
  ratingAttitude?: number | null;
  productDamage?: 'none' | 'some' | 'severe' | null;
  siteTidy?: 'good' | 'poor' | null;
  customerSatisfaction?: 'satisfied' | 'dissatisfied' | 'very_dissatisfied' | null;
  customerSuggestion?: string;
};

function initialValues(visit: Visit): RecordValues {
  return {
    diagnosis: visit.diagnosis ?? '',
    workDone: visit.workDone ?? '',
    parts: visit.partsUsed.map((part) => ({
      name: part.name,
      quantity: part.quantity,
      kind: part.kind,
      unitPrice: fenToYuanString(part.unitPriceFen ?? null) ?? undefined,
    })),
    labourMinutes: visit.labourMinutes,
    result: visit.result,
    ratingAttitude: visit.ratingAttitude,
    productDamage: visit.productDamage,
    siteTidy: visit.siteTidy,
    customerSatisfaction: visit.customerSatisfaction,
    customerSuggestion: visit.customerSuggestion ?? '',
  };
}

function toRecordInput(values: RecordValues, version: number): VisitRecordInput {
  return {
    diagnosis: values.diagnosis ?? '',
    workDone: values.workDone ?? '',
    partsUsed: (values.parts ?? [])
      .filter((part) => part?.name?.trim())
      .map((part) => {
        const fen = part.kind === 'customer_bought' ? yuanToFen(part.unitPrice ?? null) : null;
        return {
          name: part.name!.trim(),
          quantity: part.quantity ?? 1,
          kind: part.kind ?? 'warranty',
          ...(fen !== null && !Number.isNaN(fen) ? { unitPriceFen: fen } : {}),
        };
      }),
    labourMinutes: values.labourMinutes ?? null,
    result: values.result ?? null,
    ratingAttitude: values.ratingAttitude ?? null,
    productDamage: values.productDamage ?? null,
    siteTidy: values.siteTidy ?? null,
    customerSatisfaction: values.customerSatisfaction ?? null,
    customerSuggestion: values.customerSuggestion ?? '',
    expectedVersion: version,
  };
}

const attitudeValues = [1, 2, 3, 4, 5] as const;

function RecordStep({ task, visit }: { task: TaskDetail; visit: Visit }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<RecordValues>();
  const save = useSaveRecord();
  const checkOut = useCheckOut();
  const onError = useApiErrorHandler();
  const [nextStatus, setNextStatus] = useState<'waiting_parts' | 'waiting_customer' | 'in_progress'>('waiting_parts');
  const [note, setNote] = useState('');
  const result = Form.useWatch('result', form);
  const onSite = visit.status === 'on_site';
  const working = task.ticket.status !== 'on_site';

  // Unsaved edits survive other changes of the visit (a photo, the signature); saved ones show the server's values.
  const dirty = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload the form when the visit changes on the server
  useEffect(() => {
    if (!dirty.current) form.setFieldsValue(initialValues(visit));
  }, [visit.version]);

  const saveRecord = async (): Promise<Visit | null> => {
    const values = form.getFieldsValue(true) as RecordValues;
    try {
      const saved = await save.mutateAsync({ visitId: visit.id, body: toRecordInput(values, visit.version) });
      dirty.current = false;
      form.setFieldsValue(initialValues(saved));
      return saved;
    } catch (error) {
      onError(error, { form, mapField: (field) => field.replace(/^partsUsed/, 'parts') });
      return null;
    }
  };

  const doCheckOut = async () => {
    const values = form.getFieldsValue(true) as RecordValues;
    if (!values.result) {
      form.setFields([{ name: 'result', errors: [t('fieldWork.resultRequired')] }]);
      form.scrollToField('result', { block: 'center' });
      return;
    }
    // Unsaved edits are saved first, so nothing typed on site is lost.
    const current = dirty.current ? await saveRecord() : visit;
    if (!current) return;
    checkOut.mutate(
      {
        visitId: visit.id,
        body: {
          result: values.result,
          nextStatus: values.result === 'not_done' ? nextStatus : null,
          note,
          expectedVersion: current.version,
        },
      },
      {
        onSuccess: () => message.success(t('fieldWork.checkedOut')),
        onError: (error) => onError(error),
      },
    );
  };

  return (
    <>
      <Card
        size="small"
        title={
          <Flex justify="space-between" wrap gap={8}>
            <span>{t('fieldWork.record.title', { number: visit.number })}</span>
            <VisitStatusTag status={visit.status} />
          </Flex>
        }
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={initialValues(visit)}
          onValuesChange={() => {
            dirty.current = true;
          }}
          disabled={!onSite}
          onFinish={async () => {
            if (await saveRecord()) message.success(t('fieldWork.record.saved'));
          }}
        >
          <Form.Item name="diagnosis" label={t('fieldWork.record.diagnosis')}>
            <Input.TextArea rows={3} maxLength={5000} data-testid="record-diagnosis" />
          </Form.Item>
          <Form.Item name="workDone" label={t('fieldWork.record.workDone')}>
            <Input.TextArea rows={3} maxLength={5000} data-testid="record-work-done" />
          </Form.Item>
          <Typography.Text strong>{t('fieldWork.record.parts')}</Typography.Text>
          <Form.List name="parts">
            {(fields, { add, remove }) => (
              <div style={{ margin: '8px 0 16px' }}>
                {fields.map((field) => (
                  <PartFields key={field.key} name={field.name} onRemove={() => remove(field.name)} />
                ))}
                <Button
                  icon={<PlusOutlined />}
                  block
                  onClick={() => add({ quantity: 1, kind: 'warranty' })}
                  data-testid="record-add-part"
                >
                  {t('fieldWork.record.addPart')}
                </Button>
              </div>
            )}
          </Form.List>
          <Form.Item name="labourMinutes" label={t('fieldWork.record.labourMinutes')}>
            <InputNumber min={0} max={100000} step={15} style={{ width: '100%' }} inputMode="numeric" />
          </Form.Item>
          <Form.Item name="result" label={t('fieldWork.record.result')}>
            <Radio.Group optionType="button" buttonStyle="solid" data-testid="record-result">
              <Radio.Button value="done">{t('fieldWork.result.done')}</Radio.Button>
              <Radio.Button value="not_done">{t('fieldWork.result.not_done')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Typography.Text strong>{t('fieldWork.rating.title')}</Typography.Text>
          <Form.Item name="ratingAttitude" label={t('fieldWork.rating.attitude')} style={{ marginTop: 8 }}>
            <Radio.Group optionType="button" data-testid="record-attitude">
              {attitudeValues.map((value) => (
                <Radio.Button key={value} value={value}>
                  {t(`fieldWork.attitude.${value}`)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="productDamage" label={t('fieldWork.rating.productDamage')}>
            <Radio.Group optionType="button">
              {(['none', 'some', 'severe'] as const).map((value) => (
                <Radio.Button key={value} value={value}>
                  {t(`fieldWork.damage.${value}`)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="siteTidy" label={t('fieldWork.rating.siteTidy')}>
            <Radio.Group optionType="button">
              {(['good', 'poor'] as const).map((value) => (
                <Radio.Button key={value} value={value}>
                  {t(`fieldWork.tidy.${value}`)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="customerSatisfaction" label={t('fieldWork.rating.satisfaction')}>
            <Radio.Group optionType="button">
              {(['satisfied', 'dissatisfied', 'very_dissatisfied'] as const).map((value) => (
                <Radio.Button key={value} value={value}>
                  {t(`fieldWork.satisfaction.${value}`)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="customerSuggestion" label={t('fieldWork.rating.suggestion')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Button htmlType="submit" block size="large" loading={save.isPending} data-testid="record-save">
            {t('fieldWork.record.save')}
          </Button>
        </Form>
      </Card>
      <PhotosCard visit={visit} disabled={!onSite} />
      <SignatureCard visit={visit} disabled={!onSite} />
      {onSite && (
        <Card size="small" title={t('fieldWork.checkOut.title')}>
          {result === 'not_done' && (
            <Radio.Group
              value={nextStatus}
              onChange={(event) => setNextStatus(event.target.value)}
              style={{ display: 'flex', flexDirection: 'column', gap: 8, marginBottom: 12 }}
              data-testid="checkout-next-status"
            >
              {(['waiting_parts', 'waiting_customer', 'in_progress'] as const).map((value) => (
                <Radio key={value} value={value}>
                  {t(`fieldWork.next.${value}`)}
                </Radio>
              ))}
            </Radio.Group>
          )}
          <Input.TextArea
            rows={2}
            maxLength={2000}
            placeholder={t('fieldWork.checkOut.note')}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
          {!working && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {t('fieldWork.checkOut.notStarted')}
            </Typography.Paragraph>
          )}
          <BigButton
            icon={<CheckOutlined />}
            loading={checkOut.isPending || save.isPending}
            onClick={doCheckOut}
            data-testid="task-check-out"
          >
            {t('fieldWork.checkOut.button')}
          </BigButton>
        </Card>
      )}
    </>
  );
}

function PartFields({ name, onRemove }: { name: number; onRemove: () => void }) {
  const t = useT();
  const kind = Form.useWatch(['parts', name, 'kind']);
  return (
    <div className="part-row" data-testid="part-row">
      <Form.Item name={[name, 'name']} noStyle rules={[{ required: true, whitespace: true }]}>
        <Input placeholder={t('fieldWork.part.name')} maxLength={100} />
      </Form.Item>
      <Form.Item name={[name, 'quantity']} noStyle>
        <InputNumber min={0.001} max={100000} placeholder={t('fieldWork.part.quantity')} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name={[name, 'kind']} noStyle>
        <Select
          options={[
            { value: 'warranty', label: t('fieldWork.part.warranty') },
            { value: 'customer_bought', label: t('fieldWork.part.customerBought') },
          ]}
        />
      </Form.Item>
      <Button icon={<DeleteOutlined />} danger onClick={onRemove} aria-label={t('fieldWork.part.remove')} />
      {kind === 'customer_bought' && (
        <Form.Item name={[name, 'unitPrice']} noStyle>
          <Input
            className="part-row-wide"
            inputMode="decimal"
            placeholder={t('fieldWork.part.unitPrice')}
            prefix="¥"
            maxLength={12}
          />
        </Form.Item>
      )}
    </div>
  );
}

function PhotosCard({ visit, disabled }: { visit: Visit; disabled: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const upload = useUploadPhoto();
  const onError = useApiErrorHandler();
  const input = useRef<HTMLInputElement>(null);
  const onFiles = async (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      try {
        await upload.mutateAsync({ visitId: visit.id, file });
      } catch (error) {
        onError(error);
        return;
      }
    }
    if (files?.length) message.success(t('fieldWork.photos.uploaded'));
    if (input.current) input.current.value = '';
  };
  return (
    <Card size="small" title={t('fieldWork.photos.title')}>
      <div className="photo-strip" data-testid="visit-photos">
        {visit.photos.map((photo) => (
          <a key={photo.id} href={photo.url} target="_blank" rel="noreferrer">
            <img src={photo.url} alt={photo.fileName} />
          </a>
        ))}
      </div>
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        hidden
        data-testid="photo-input"
        onChange={(event) => onFiles(event.target.files)}
      />
      {!disabled && (
        <Button
          icon={<CameraOutlined />}
          block
          size="large"
          style={{ marginTop: 8 }}
          loading={upload.isPending}
          onClick={() => input.current?.click()}
        >
          {t('fieldWork.photos.add')}
        </Button>
      )}
    </Card>
  );
}

function SignatureCard({ visit, disabled }: { visit: Visit; disabled: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const sign = useSign();
  const onError = useApiErrorHandler();
  const pad = useRef<SignaturePadHandle>(null);
  const [name, setName] = useState(visit.signedByName ?? '');
  const [resigning, setResigning] = useState(!visit.signedAt);
  const [nameError, setNameError] = useState<string | null>(null);

  const submit = () => {
    const image = pad.current?.toPng();
    if (!image) {
      message.warning(t('fieldWork.signature.empty'));
      return;
    }
    if (!name.trim()) {
      setNameError(t('fieldWork.signature.nameRequired'));
      return;
    }
    sign.mutate(
      { visitId: visit.id, body: { image, signedByName: name.trim() } },
      {
        onSuccess: () => {
          message.success(t('fieldWork.signature.saved'));
          setResigning(false);
        },
        onError: (error) => {
          if (isApiError(error) && error.fields.some((field) => field.field === 'signedByName')) {
            setNameError(error.message);
          }
          onError(error);
        },
      },
    );
  };

  return (
    <Card size="small" title={t('fieldWork.signature.title')}>
      {visit.signedAt && !resigning ? (
        <Flex vertical gap={8}>
          <img
            src={visit.signatureUrl ?? undefined}
            alt={t('fieldWork.signature.title')}
            style={{ maxWidth: '100%', maxHeight: 160, objectFit: 'contain', background: '#fff' }}
            data-testid="signature-image"
          />
          <Typography.Text>
            {t('fieldWork.signature.signedBy', { name: visit.signedByName, at: formatDateTime(visit.signedAt) })}
          </Typography.Text>
          {!disabled && <Button onClick={() => setResigning(true)}>{t('fieldWork.signature.again')}</Button>}
        </Flex>
      ) : disabled ? (
        <Typography.Text type="secondary">{t('fieldWork.signature.onSiteOnly')}</Typography.Text>
      ) : (
        <Flex vertical gap={8}>
          <SignaturePad ref={pad} />
          <Form.Item
            label={t('fieldWork.signature.name')}
            validateStatus={nameError ? 'error' : undefined}
            help={nameError}
            style={{ marginBottom: 0 }}
            layout="vertical"
          >
            <Input
              value={name}
              maxLength={50}
              onChange={(event) => {
                setName(event.target.value);
                setNameError(null);
              }}
              data-testid="signature-name"
            />
          </Form.Item>
          <Button
            type="primary"
            block
            size="large"
            loading={sign.isPending}
            onClick={submit}
            data-testid="signature-save"
          >
            {t('fieldWork.signature.save')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}

function VisitSummary({ visit }: { visit: Visit }) {
  const t = useT();
  return (
    <Card size="small" title={visit.number}>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'status', label: t('fieldWork.visit.status'), children: <VisitStatusTag status={visit.status} /> },
          { key: 'in', label: t('fieldWork.visit.checkedInAt'), children: formatDateTime(visit.checkedInAt) },
          { key: 'out', label: t('fieldWork.visit.checkedOutAt'), children: formatDateTime(visit.checkedOutAt) },
          {
            key: 'result',
            label: t('fieldWork.record.result'),
            children: visit.result ? t(`fieldWork.result.${visit.result}`) : '—',
          },
        ]}
      />
      <Link to={`/print/visits/${visit.id}`}>{t('fieldWork.print.visit')}</Link>
    </Card>
  );
}
