/**
 * One ticket (售后信息处理单): header with its state and actions, the facts of the request, the SLA
 * clocks with their ledgers, dispatch and visits, photos and files, and the timeline.
 */
import { LinkOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Input, Popover, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Ticket } from '../../../../server/modules/tickets/tickets.contract';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { MultilineText, overviewColumns } from '../../components/RecordDetail';
import { WarrantyTag } from '../../components/StatusTags';
import { formatDate, formatDateTime, orDash } from '../../lib/format';
import { type Translate, useLocale } from '../../lib/i18n';
import { useCan } from '../auth/auth.api';
import { DispatchPanel } from '../field/DispatchPanel';
import { VisitsPanel } from '../field/VisitsPanel';
import { TicketLoansPanel } from '../parts/TicketLoansPanel';
import { TicketPartsPanel } from '../parts/TicketPartsPanel';
import { SlaClocksPanel } from './SlaClocksPanel';
import { TicketActions } from './TicketActions';
import { TicketAttachments } from './TicketAttachments';
import { TicketTimeline } from './TicketTimeline';
import { FaultLevelTag, TicketStatusTag } from './ticket-format';
import { useCompleteTask, useRefreshTicket, useTicket } from './tickets.api';

export function TicketDetailPage() {
  const id = Number(useParams().id);
  const detail = useTicket(id);
  return (
    <QueryState query={detail} rows={12}>
      {(ticket) => <TicketView ticket={ticket} onReload={() => detail.refetch()} />}
    </QueryState>
  );
}

function TicketView({ ticket, onReload }: { ticket: Ticket; onReload: () => void }) {
  const { t } = useLocale();
  const can = useCan();
  const acts = can('handleTickets') || can('classifyTickets');
  const contributes = can('handleTickets');
  const refresh = useRefreshTicket();
  const onChanged = () => refresh(ticket.id);

  return (
    <>
      <PageHeader
        backTo="/tickets"
        title={<span data-testid="ticket-number">{ticket.number}</span>}
        tags={
          <>
            <TicketStatusTag status={ticket.status} />
            <FaultLevelTag level={ticket.faultLevel} />
            <Tag>{t(`tickets.type.${ticket.type}`)}</Tag>
            <Tag>{t(`tickets.channel.${ticket.channel}`)}</Tag>
            <WarrantyTag status={ticket.warrantyStatus} />
            {ticket.isFreeRepeat && <Tag color="purple">{t('tickets.freeRepeat')}</Tag>}
          </>
        }
        extra={
          <Space wrap>
            {acts && <TicketActions ticket={ticket} onReload={onReload} />}
            {/* The parts keeper does not see the visits panel (with its print link) but prints the record. */}
            {!can('viewDispatch') && can('printRepairRecord') && (
              <Link to={`/print/tickets/${ticket.id}/repair-record`} data-testid="print-repair-record">
                <Button icon={<PrinterOutlined />}>{t('fieldWork.print.repairRecord')}</Button>
              </Link>
            )}
            {/* FBK-2: record a complaint about this ticket. */}
            {can('recordComplaints') && (
              <Link to={`/feedback/complaints/new?ticketId=${ticket.id}`} data-testid="ticket-complaint">
                <Button>{t('complaints.fromTicket')}</Button>
              </Link>
            )}
          </Space>
        }
      />
      <Typography.Title level={5} style={{ marginTop: -8 }} data-testid="ticket-title">
        {ticket.title}
      </Typography.Title>
      {ticket.status === 'cancelled' && ticket.cancelReason && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('tickets.cancelledBecause', { reason: ticket.cancelReason })}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Flex vertical gap={16}>
            <Overview ticket={ticket} />
            <SlaClocksPanel
              clocks={ticket.clocks}
              policyName={ticket.slaPolicy.name}
              calendarName={ticket.calendar.name}
            />
            {/* Dispatch and field work (web/src/features/field): assignments, visits, field records. */}
            {can('viewDispatch') && (
              <>
                <DispatchPanel
                  ticketId={ticket.id}
                  version={ticket.version}
                  status={ticket.status}
                  onChanged={onChanged}
                />
                <VisitsPanel
                  ticketId={ticket.id}
                  version={ticket.version}
                  status={ticket.status}
                  onChanged={onChanged}
                />
              </>
            )}
            {/* Parts on the ticket (web/src/features/parts): requests, issue, consumption, returns. */}
            <TicketPartsPanel ticketId={ticket.id} ticketStatus={ticket.status} />
            {/* Loaner units (DSP-7): the SLA-4 loaner task's "lend a unit", the ticket's loans. */}
            <TicketLoansPanel ticket={ticket} />
            {ticket.sendInReceipt && <SendInReceipt ticket={ticket} />}
            <Card title={t('tickets.attachments.title')}>
              <TicketAttachments
                ticketId={ticket.id}
                attachments={ticket.attachments}
                canUpload={contributes && ticket.status !== 'cancelled'}
              />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} xl={9}>
          <Flex vertical gap={16}>
            {ticket.tasks.length > 0 && <TasksCard ticket={ticket} />}
            <Card title={t('tickets.timeline.title')}>
              <TicketTimeline ticketId={ticket.id} canComment={contributes} />
            </Card>
          </Flex>
        </Col>
      </Row>
    </>
  );
}

function Overview({ ticket }: { ticket: Ticket }) {
  const { t } = useLocale();
  const contact = [ticket.contactName, ticket.contactPhone].filter(Boolean).join(' · ');
  return (
    <Card title={t('tickets.overview')}>
      {ticket.masked && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('tickets.maskedHint')} />}
      <Descriptions
        column={{ xs: 1, sm: 2, md: 2, lg: 3, xl: 2, xxl: 3 }}
        size="small"
        items={[
          {
            key: 'customer',
            label: t('tickets.field.customer'),
            children: (
              <Link to={`/customers/${ticket.customerId}`} data-testid="ticket-customer">
                {ticket.customerName}
              </Link>
            ),
          },
          {
            key: 'customerPhone',
            label: t('tickets.field.customerPhone'),
            children: <span data-testid="ticket-customer-phone">{orDash(ticket.customerPhone)}</span>,
          },
          {
            key: 'contact',
            label: t('tickets.field.contact'),
            children: <span data-testid="ticket-contact">{orDash(contact)}</span>,
          },
          {
            key: 'equipment',
            label: t('tickets.field.equipment'),
            children: ticket.equipmentId ? (
              <Link to={`/equipment/${ticket.equipmentId}`} data-testid="ticket-equipment">
                {ticket.serialNo}
                {ticket.modelName ? ` · ${ticket.modelName}` : ''}
              </Link>
            ) : (
              orDash(ticket.modelName)
            ),
          },
          {
            key: 'warranty',
            label: t('tickets.field.warranty'),
            children: (
              <Space size={4} wrap>
                <WarrantyTag status={ticket.warrantyStatus} />
                {ticket.warrantyEnd && (
                  <Typography.Text type="secondary">
                    {t('tickets.warrantyUntil', { date: formatDate(ticket.warrantyEnd) })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            key: 'contract',
            label: t('tickets.field.contract'),
            children: ticket.contractId ? <Link to={`/contracts/${ticket.contractId}`}>{ticket.contractNo}</Link> : '—',
          },
          { key: 'station', label: t('tickets.field.station'), children: orDash(ticket.stationName) },
          {
            key: 'departments',
            label: t('tickets.field.departments'),
            children: `${ticket.receivingDepartment.name} → ${ticket.handlingDepartment?.name ?? t('tickets.notRouted')}`,
          },
          {
            key: 'classification',
            label: t('tickets.field.classification'),
            children: t(`tickets.classification.${ticket.classification}`),
          },
          {
            key: 'serviceMode',
            label: t('tickets.field.serviceMode'),
            children: ticket.serviceMode ? t(`tickets.serviceMode.${ticket.serviceMode}`) : '—',
          },
          { key: 'region', label: t('tickets.field.region'), children: t(`tickets.region.${ticket.region}`) },
          {
            key: 'received',
            label: t('tickets.field.receivedAt'),
            children: (
              <span data-testid="ticket-received-at">
                {formatDateTime(ticket.receivedAt)} · {ticket.receivedBy.name}
              </span>
            ),
          },
          {
            key: 'firstResponse',
            label: t('tickets.field.firstResponseAt'),
            children: formatDateTime(ticket.firstResponseAt),
          },
          { key: 'address', label: t('tickets.field.address'), children: orDash(ticket.address), span: 2 },
          ...(ticket.repeatOf
            ? [
                {
                  key: 'repeatOf',
                  label: t('tickets.field.repeatOf'),
                  children: (
                    <Link to={`/tickets/${ticket.repeatOf.id}`} data-testid="ticket-repeat-of">
                      <LinkOutlined /> {ticket.repeatOf.number}
                    </Link>
                  ),
                },
              ]
            : []),
          ...(ticket.repeats.length > 0
            ? [
                {
                  key: 'repeats',
                  label: t('tickets.field.repeats'),
                  children: (
                    <Space wrap>
                      {ticket.repeats.map((repeat) => (
                        <Link key={repeat.id} to={`/tickets/${repeat.id}`}>
                          {repeat.number}
                        </Link>
                      ))}
                    </Space>
                  ),
                },
              ]
            : []),
          {
            key: 'description',
            label: t('tickets.field.description'),
            span: 'filled' as const,
            children: <MultilineText text={ticket.description} />,
          },
          ...(ticket.technicalPlan
            ? [
                {
                  key: 'plan',
                  label: t('tickets.field.technicalPlan'),
                  span: 'filled' as const,
                  children: (
                    <Flex vertical gap={2}>
                      <MultilineText text={ticket.technicalPlan} />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDateTime(ticket.technicalPlanAt)}
                      </Typography.Text>
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function CompleteTask({ ticketId, taskId }: { ticketId: number; taskId: number }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const complete = useCompleteTask(ticketId);
  const [note, setNote] = useState('');
  const [open, setOpen] = useState(false);
  const submit = async () => {
    try {
      await complete.mutateAsync({ taskId, note });
      setOpen(false);
      message.success(t('common.saved'));
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      content={
        <Flex vertical gap={8} style={{ width: 260 }}>
          <Input.TextArea
            value={note}
            onChange={(event) => setNote(event.target.value)}
            placeholder={t('tickets.tasks.notePlaceholder')}
            autoSize={{ minRows: 2 }}
            data-testid="task-note"
          />
          <Button type="primary" disabled={!note.trim()} loading={complete.isPending} onClick={submit}>
            {t('tickets.tasks.complete')}
          </Button>
        </Flex>
      }
    >
      <Button size="small" data-testid="task-complete">
        {t('tickets.tasks.complete')}
      </Button>
    </Popover>
  );
}

function TasksCard({ ticket }: { ticket: Ticket }) {
  const { t } = useLocale();
  const can = useCan();
  const now = Date.now();
  return (
    <Card title={t('tickets.tasks.title')} data-testid="ticket-tasks">
      <Flex vertical gap={8}>
        {ticket.tasks.map((task) => {
          const overdue = task.status === 'open' && new Date(task.dueAt).getTime() < now;
          return (
            <Flex key={task.id} gap={8} wrap align="center">
              <Typography.Text strong>{t(`tickets.taskKind.${task.kind}`)}</Typography.Text>
              <Tag
                color={
                  task.status === 'done' ? 'green' : overdue ? 'red' : task.status === 'open' ? 'orange' : 'default'
                }
              >
                {overdue ? t('tickets.deadline.breached') : t(`tickets.taskStatus.${task.status}`)}
              </Tag>
              <Typography.Text type="secondary">
                {t('tickets.tasks.due', { at: formatDateTime(task.dueAt) })}
              </Typography.Text>
              {task.note && <Typography.Text>{task.note}</Typography.Text>}
              {task.status === 'open' && can('handleTickets') && <CompleteTask ticketId={ticket.id} taskId={task.id} />}
            </Flex>
          );
        })}
      </Flex>
    </Card>
  );
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );

/** 客户商品领取收据 as a printable page (two copies: the customer's and ours). */
function printReceipt(t: Translate, ticket: Ticket) {
  const receipt = ticket.sendInReceipt;
  if (!receipt) return;
  const rows: [string, string][] = [
    [t('tickets.field.number'), ticket.number],
    [t('tickets.field.customer'), ticket.customerName],
    [t('tickets.field.contact'), [ticket.contactName, ticket.contactPhone].filter(Boolean).join(' ')],
    [t('tickets.field.equipment'), [ticket.serialNo, ticket.modelName].filter(Boolean).join(' · ')],
    [t('tickets.receipt.item'), receipt.itemDescription],
    [t('tickets.receipt.accessories'), receipt.accessories ?? ''],
    [t('tickets.receipt.condition'), receipt.condition ?? ''],
    [t('tickets.receipt.receivedAt'), formatDateTime(receipt.receivedAt)],
    [t('tickets.receipt.returnedAt'), receipt.returnedAt ? formatDateTime(receipt.returnedAt) : ''],
  ];
  const copy = (label: string) => `
    <section>
      <h2>${escapeHtml(t('tickets.receipt.title'))} <small>${escapeHtml(label)}</small></h2>
      <table>${rows.map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>
      <p class="sign"><span>${escapeHtml(t('tickets.receipt.customerSign'))}</span><span>${escapeHtml(t('tickets.receipt.staffSign'))}</span></p>
    </section>`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(ticket.number)}</title>
    <style>
      @page { size: A4; margin: 15mm; }
      body { font-family: "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; font-size: 13px; }
      section { border-bottom: 1px dashed #999; padding-bottom: 16px; margin-bottom: 24px; }
      h2 { text-align: center; font-size: 18px; } h2 small { font-size: 12px; font-weight: normal; }
      table { width: 100%; border-collapse: collapse; }
      th, td { border: 1px solid #333; padding: 6px 8px; text-align: left; }
      th { width: 28%; background: #f5f5f5; }
      .sign { display: flex; justify-content: space-between; margin-top: 28px; }
    </style></head><body>${copy(t('tickets.receipt.customerCopy'))}${copy(t('tickets.receipt.serviceCopy'))}</body></html>`;
  const win = window.open('', '_blank', 'width=800,height=900');
  if (!win) return;
  win.document.write(html);
  win.document.close();
  win.focus();
  win.print();
}

function SendInReceipt({ ticket }: { ticket: Ticket }) {
  const { t } = useLocale();
  const receipt = ticket.sendInReceipt;
  if (!receipt) return null;
  return (
    <Card
      title={t('tickets.receipt.title')}
      data-testid="send-in-receipt"
      extra={
        <Button icon={<PrinterOutlined />} onClick={() => printReceipt(t, ticket)} data-testid="receipt-print">
          {t('tickets.receipt.print')}
        </Button>
      }
    >
      <Descriptions
        column={overviewColumns}
        size="small"
        items={[
          { key: 'item', label: t('tickets.receipt.item'), children: receipt.itemDescription },
          { key: 'accessories', label: t('tickets.receipt.accessories'), children: orDash(receipt.accessories) },
          { key: 'condition', label: t('tickets.receipt.condition'), children: orDash(receipt.condition) },
          { key: 'receivedAt', label: t('tickets.receipt.receivedAt'), children: formatDateTime(receipt.receivedAt) },
          { key: 'returnedAt', label: t('tickets.receipt.returnedAt'), children: formatDateTime(receipt.returnedAt) },
        ]}
      />
    </Card>
  );
}
