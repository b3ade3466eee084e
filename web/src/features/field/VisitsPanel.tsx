/**
 * The visits of a ticket with their field service records (DSP-4) and the print links of both paper
 * forms (DSP-5); a dispatcher may plan a visit for an assigned engineer.
 *
 *   <VisitsPanel ticketId={ticket.id} version={ticket.version} status={ticket.status} onChanged={refetch} />
 */
import { PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Descriptions, Empty, Flex, Modal, Select, Skeleton, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Visit } from '../../../../server/modules/dispatch/dispatch.contract';
import type { TicketStatusValue } from '../../../../server/modules/tickets/tickets.contract';
import { QueryError } from '../../components/QueryState';
import { formatDateTime, orDash } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { useT } from '../../lib/i18n';
import { useCan } from '../auth/auth.api';
import { useAssignments, useCreateVisit, useTicketVisits } from './field.api';
import './field.css';
import { VisitStatusTag, yuan } from './field-format';

export type VisitsPanelProps = {
  ticketId: number;
  version?: number;
  status?: TicketStatusValue;
  onChanged?: () => void;
};

export function VisitsPanel({ ticketId, status, onChanged }: VisitsPanelProps) {
  const t = useT();
  const can = useCan();
  const visits = useTicketVisits(ticketId);
  const [planning, setPlanning] = useState(false);
  const mayPlan = can('dispatch') && status !== 'closed' && status !== 'cancelled' && status !== 'resolved';
  return (
    <Card
      title={t('fieldWork.visits.title')}
      data-testid="visits-panel"
      extra={
        <Flex gap={8} wrap>
          <Link to={`/print/tickets/${ticketId}/repair-record`} data-testid="print-repair-record">
            <Button size="small" icon={<PrinterOutlined />}>
              {t('fieldWork.print.repairRecord')}
            </Button>
          </Link>
          {mayPlan && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setPlanning(true)} data-testid="plan-visit">
              {t('fieldWork.visits.plan')}
            </Button>
          )}
        </Flex>
      }
    >
      {visits.error ? (
        <QueryError error={visits.error} onRetry={() => visits.refetch()} />
      ) : visits.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : visits.data.items.length === 0 ? (
        <Empty description={t('fieldWork.visits.none')} />
      ) : (
        <Flex vertical gap={12}>
          {visits.data.items.map((visit) => (
            <VisitRecord key={visit.id} visit={visit} />
          ))}
        </Flex>
      )}
      {planning && (
        <PlanVisitDialog
          ticketId={ticketId}
          onClose={() => setPlanning(false)}
          onDone={() => {
            setPlanning(false);
            onChanged?.();
          }}
        />
      )}
    </Card>
  );
}

function VisitRecord({ visit }: { visit: Visit }) {
  const t = useT();
  const parts = visit.partsUsed
    .map(
      (part) =>
        `${part.name} × ${part.quantity}（${t(part.kind === 'warranty' ? 'fieldWork.part.warranty' : 'fieldWork.part.customerBought')}${
          part.unitPriceFen !== undefined ? ` ¥${yuan(part.unitPriceFen)}` : ''
        }）`,
    )
    .join('；');
  return (
    <Card
      size="small"
      type="inner"
      data-testid={`visit-${visit.id}`}
      title={
        <Flex gap={8} wrap align="center">
          <span>{visit.number}</span>
          <VisitStatusTag status={visit.status} />
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {visit.engineerName} · {visit.departmentName}
          </Typography.Text>
        </Flex>
      }
      extra={
        <Link to={`/print/visits/${visit.id}`} data-testid="print-visit">
          <PrinterOutlined /> {t('fieldWork.print.visit')}
        </Link>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'planned', label: t('fieldWork.visit.plannedAt'), children: formatDateTime(visit.plannedAt) },
          {
            key: 'travel',
            label: t('fieldWork.visit.travelStartedAt'),
            children: formatDateTime(visit.travelStartedAt),
          },
          { key: 'in', label: t('fieldWork.visit.checkedInAt'), children: formatDateTime(visit.checkedInAt) },
          { key: 'out', label: t('fieldWork.visit.checkedOutAt'), children: formatDateTime(visit.checkedOutAt) },
          {
            key: 'diagnosis',
            label: t('fieldWork.record.diagnosis'),
            children: orDash(visit.diagnosis),
            span: 'filled',
          },
          { key: 'work', label: t('fieldWork.record.workDone'), children: orDash(visit.workDone), span: 'filled' },
          { key: 'parts', label: t('fieldWork.record.parts'), children: parts || '—', span: 'filled' },
          {
            key: 'labour',
            label: t('fieldWork.record.labourMinutes'),
            children: visit.labourMinutes ?? '—',
          },
          {
            key: 'result',
            label: t('fieldWork.record.result'),
            children: visit.result ? t(`fieldWork.result.${visit.result}`) : '—',
          },
          {
            key: 'signature',
            label: t('fieldWork.signature.title'),
            span: 'filled',
            children: visit.signedAt ? (
              <Flex gap={8} align="center" wrap>
                {visit.signatureUrl && (
                  <img src={visit.signatureUrl} alt="" style={{ height: 40, background: '#fff' }} />
                )}
                <span>
                  {t('fieldWork.signature.signedBy', { name: visit.signedByName, at: formatDateTime(visit.signedAt) })}
                </span>
              </Flex>
            ) : (
              '—'
            ),
          },
        ]}
      />
      {visit.photos.length > 0 && (
        <div className="photo-strip" style={{ marginTop: 8 }}>
          {visit.photos.map((photo) => (
            <a key={photo.id} href={photo.url} target="_blank" rel="noreferrer">
              <img src={photo.url} alt={photo.fileName} />
            </a>
          ))}
        </div>
      )}
    </Card>
  );
}

function PlanVisitDialog({ ticketId, onClose, onDone }: { ticketId: number; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const assignments = useAssignments(ticketId);
  const create = useCreateVisit();
  const onError = useApiErrorHandler();
  const live = (assignments.data?.items ?? []).filter((a) => a.status === 'offered' || a.status === 'accepted');
  const [engineerId, setEngineerId] = useState<number | undefined>();
  const [plannedAt, setPlannedAt] = useState<Dayjs | null>(null);
  const chosen = engineerId ?? live[0]?.engineerId;
  return (
    <Modal
      open
      title={t('fieldWork.visits.plan')}
      okText={t('fieldWork.visits.plan')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !chosen, loading: create.isPending }}
      onCancel={onClose}
      onOk={() =>
        create.mutate(
          { ticketId, body: { engineerId: chosen, plannedAt: plannedAt?.toISOString() ?? null } },
          {
            onSuccess: (visit) => {
              message.success(t('fieldWork.visits.planned', { number: visit.number }));
              onDone();
            },
            onError: (error) => onError(error),
          },
        )
      }
    >
      {live.length === 0 ? (
        <Typography.Text type="secondary">{t('fieldWork.visits.noEngineer')}</Typography.Text>
      ) : (
        <Flex vertical gap={12}>
          <Select
            value={chosen}
            onChange={setEngineerId}
            options={live.map((a) => ({ value: a.engineerId, label: a.engineerName }))}
          />
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            value={plannedAt}
            onChange={setPlannedAt}
            placeholder={t('fieldWork.visit.plannedAt')}
          />
        </Flex>
      )}
    </Modal>
  );
}
