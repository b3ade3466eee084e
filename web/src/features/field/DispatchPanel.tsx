/**
 * Dispatch on the ticket page (DSP-1, DSP-2): the live and past assignments, and — for the
 * dispatcher — the suggested engineers with the reason for each, multi-select (the first chosen
 * leads), the expected arrival told to the customer, assign / reassign / withdraw.
 *
 *   <DispatchPanel ticketId={ticket.id} version={ticket.version} status={ticket.status} onChanged={refetch} />
 */
import { UserSwitchOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Empty,
  Flex,
  Input,
  List,
  Popconfirm,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { Assignment, EngineerSuggestion } from '../../../../server/modules/dispatch/dispatch.contract';
import type { TicketStatusValue } from '../../../../server/modules/tickets/tickets.contract';
import { QueryError } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { useT } from '../../lib/i18n';
import { useCan } from '../auth/auth.api';
import { useAssign, useAssignments, useSuggestions, useWithdraw } from './field.api';
import './field.css';
import { AssignmentStatusTag, PhoneLink, ReasonTags } from './field-format';

export type DispatchPanelProps = {
  ticketId: number;
  /** The ticket version the page shows (two dispatchers at once: the second gets 409). */
  version: number;
  status: TicketStatusValue;
  /** Called after a change, so the page reloads the ticket (status, version, timeline). */
  onChanged?: () => void;
};

const dispatchableStatuses: TicketStatusValue[] = [
  'classified',
  'reopened',
  'assigned',
  'accepted',
  'en_route',
  'in_progress',
  'waiting_parts',
  'waiting_customer',
];

export function DispatchPanel({ ticketId, version, status, onChanged }: DispatchPanelProps) {
  const t = useT();
  const can = useCan();
  const assignments = useAssignments(ticketId);
  const mayDispatch = can('dispatch') && dispatchableStatuses.includes(status);
  const [open, setOpen] = useState(false);
  const live = (assignments.data?.items ?? []).filter((a) => a.status === 'offered' || a.status === 'accepted');
  const past = (assignments.data?.items ?? []).filter((a) => a.status !== 'offered' && a.status !== 'accepted');
  const showForm = mayDispatch && (open || (live.length === 0 && status !== 'in_progress'));

  return (
    <Card
      title={t('fieldWork.dispatch.title')}
      data-testid="dispatch-panel"
      extra={
        mayDispatch &&
        live.length > 0 &&
        !open && (
          <Button icon={<UserSwitchOutlined />} onClick={() => setOpen(true)} data-testid="dispatch-reassign">
            {t('fieldWork.dispatch.reassign')}
          </Button>
        )
      }
    >
      {assignments.error ? (
        <QueryError error={assignments.error} onRetry={() => assignments.refetch()} />
      ) : assignments.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <>
          {live.length === 0 && !showForm && <Empty description={t('fieldWork.dispatch.none')} />}
          {live.length > 0 && (
            <AssignmentList items={live} canWithdraw={can('dispatch')} ticketId={ticketId} onChanged={onChanged} />
          )}
          {past.length > 0 && (
            <details style={{ marginTop: 8 }}>
              <summary>{t('fieldWork.dispatch.history', { count: past.length })}</summary>
              <AssignmentList items={past} canWithdraw={false} ticketId={ticketId} onChanged={onChanged} />
            </details>
          )}
        </>
      )}
      {showForm && (
        <AssignForm
          ticketId={ticketId}
          version={version}
          hasLive={live.length > 0}
          current={live.map((a) => a.engineerId)}
          onDone={() => {
            setOpen(false);
            onChanged?.();
          }}
          onCancel={live.length > 0 ? () => setOpen(false) : undefined}
        />
      )}
    </Card>
  );
}

function AssignmentList({
  items,
  canWithdraw,
  onChanged,
}: {
  items: Assignment[];
  canWithdraw: boolean;
  ticketId: number;
  onChanged?: () => void;
}) {
  const t = useT();
  const withdraw = useWithdraw();
  const onError = useApiErrorHandler();
  return (
    <List
      size="small"
      dataSource={items}
      renderItem={(item) => (
        <List.Item
          data-testid={`assignment-${item.id}`}
          actions={
            canWithdraw
              ? [
                  <Popconfirm
                    key="withdraw"
                    title={t('fieldWork.dispatch.withdrawConfirm', { name: item.engineerName })}
                    okText={t('fieldWork.dispatch.withdraw')}
                    cancelText={t('common.cancel')}
                    onConfirm={() =>
                      withdraw.mutate(
                        { assignmentId: item.id },
                        { onSuccess: () => onChanged?.(), onError: (error) => onError(error) },
                      )
                    }
                  >
                    <Button size="small" danger type="link">
                      {t('fieldWork.dispatch.withdraw')}
                    </Button>
                  </Popconfirm>,
                ]
              : undefined
          }
        >
          <Flex vertical gap={2} style={{ minWidth: 0 }}>
            <Flex gap={6} wrap align="center">
              <Typography.Text strong>{item.engineerName}</Typography.Text>
              <Tag>{t(`fieldWork.role.${item.role}`)}</Tag>
              <AssignmentStatusTag status={item.status} />
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <PhoneLink phone={item.engineerPhone} />
              {item.expectedArrivalAt &&
                ` · ${t('fieldWork.expectedArrival')} ${formatDateTime(item.expectedArrivalAt)}`}
            </Typography.Text>
            {item.declineReason && (
              <Typography.Text type="danger" style={{ fontSize: 12 }}>
                {t('fieldWork.dispatch.declinedBecause', { reason: item.declineReason })}
              </Typography.Text>
            )}
          </Flex>
        </List.Item>
      )}
    />
  );
}

function AssignForm({
  ticketId,
  version,
  hasLive,
  current,
  onDone,
  onCancel,
}: {
  ticketId: number;
  version: number;
  hasLive: boolean;
  current: number[];
  onDone: () => void;
  onCancel?: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [eta, setEta] = useState<Dayjs | null>(null);
  const [selected, setSelected] = useState<number[]>(current);
  const [note, setNote] = useState('');
  const at = eta ? eta.toISOString() : undefined;
  const suggestions = useSuggestions(ticketId, at);
  const assign = useAssign();
  const onError = useApiErrorHandler();

  const byId = useMemo(
    () => new Map((suggestions.data?.items ?? []).map((item) => [item.engineerId, item])),
    [suggestions.data],
  );
  const toggle = (engineerId: number, checked: boolean) =>
    setSelected((list) => (checked ? [...list, engineerId] : list.filter((id) => id !== engineerId)));

  const submit = () =>
    assign.mutate(
      {
        ticketId,
        body: { engineerIds: selected, expectedArrivalAt: at ?? null, note, expectedVersion: version },
      },
      {
        onSuccess: () => {
          message.success(t('fieldWork.dispatch.assigned'));
          onDone();
        },
        onError: (error) => onError(error, { onReload: onDone }),
      },
    );

  return (
    <div style={{ marginTop: hasLive ? 16 : 0 }} data-testid="assign-form">
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <DatePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          value={eta}
          onChange={setEta}
          placeholder={t('fieldWork.dispatch.eta')}
          disabledDate={(day) => day.isBefore(dayjs().startOf('day'))}
          style={{ flex: '1 1 200px' }}
          data-testid="assign-eta"
        />
        <Input
          value={note}
          onChange={(event) => setNote(event.target.value)}
          maxLength={1000}
          placeholder={t('fieldWork.dispatch.note')}
          style={{ flex: '2 1 220px' }}
        />
      </Flex>
      <Typography.Text type="secondary">{t('fieldWork.dispatch.hint')}</Typography.Text>
      {suggestions.error ? (
        <QueryError error={suggestions.error} onRetry={() => suggestions.refetch()} />
      ) : suggestions.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <List
          size="small"
          dataSource={suggestions.data?.items ?? []}
          locale={{ emptyText: t('fieldWork.dispatch.noCandidates') }}
          renderItem={(item) => (
            <SuggestionRow
              item={item}
              order={selected.indexOf(item.engineerId)}
              onToggle={(checked) => toggle(item.engineerId, checked)}
            />
          )}
        />
      )}
      <Flex gap={8} justify="flex-end" wrap style={{ marginTop: 12 }}>
        {selected.length > 0 && (
          <Typography.Text style={{ marginRight: 'auto' }}>
            {t('fieldWork.dispatch.selected', {
              names: selected.map((id) => byId.get(id)?.displayName ?? `#${id}`).join('、'),
            })}
          </Typography.Text>
        )}
        {onCancel && <Button onClick={onCancel}>{t('common.cancel')}</Button>}
        <Button
          type="primary"
          disabled={selected.length === 0}
          loading={assign.isPending}
          onClick={submit}
          data-testid="assign-submit"
        >
          {hasLive ? t('fieldWork.dispatch.reassign') : t('fieldWork.dispatch.assign')}
        </Button>
      </Flex>
    </div>
  );
}

function SuggestionRow({
  item,
  order,
  onToggle,
}: {
  item: EngineerSuggestion;
  order: number;
  onToggle: (checked: boolean) => void;
}) {
  const t = useT();
  const checked = order >= 0;
  return (
    <List.Item data-testid={`suggestion-${item.engineerId}`} style={{ alignItems: 'flex-start' }}>
      <Flex gap={10} align="flex-start" style={{ width: '100%', minWidth: 0 }}>
        <Checkbox
          checked={checked}
          disabled={!item.isEligible && !checked}
          onChange={(event) => onToggle(event.target.checked)}
          aria-label={item.displayName}
          style={{ marginTop: 2 }}
        />
        <Flex vertical gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Flex gap={6} wrap align="center">
            <Typography.Text strong delete={!item.isEligible}>
              {item.displayName}
            </Typography.Text>
            {checked && (
              <Tag color="blue">{order === 0 ? t('fieldWork.role.lead') : t('fieldWork.role.assistant')}</Tag>
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {item.stationName}
              {item.departmentName ? ` · ${item.departmentName}` : ''} ·{' '}
              {t('fieldWork.dispatch.score', { score: item.score })}
            </Typography.Text>
          </Flex>
          <ReasonTags reasons={item.reasons} />
        </Flex>
      </Flex>
    </List.Item>
  );
}
