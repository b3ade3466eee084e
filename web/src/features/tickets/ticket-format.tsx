/** Tags and text of tickets shared by the list, the detail page, the board and the intake form. */
import { Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import type {
  ClockKindValue,
  TicketStatusValue,
  TicketSummary,
} from '../../../../server/modules/tickets/tickets.contract';
import { formatDateTime } from '../../lib/format';
import { type Translate, useT } from '../../lib/i18n';
import { useIsPhone } from '../../lib/responsive';

const statusColors: Record<TicketStatusValue, string> = {
  received: 'blue',
  classified: 'cyan',
  assigned: 'geekblue',
  accepted: 'geekblue',
  en_route: 'purple',
  on_site: 'purple',
  in_progress: 'processing',
  waiting_parts: 'gold',
  waiting_customer: 'gold',
  resolved: 'green',
  customer_accepted: 'green',
  closed: 'default',
  cancelled: 'default',
  reopened: 'magenta',
};

export function TicketStatusTag({ status }: { status: TicketStatusValue }) {
  const t = useT();
  return (
    <Tag color={statusColors[status]} data-testid="ticket-status">
      {t(`tickets.status.${status}`)}
    </Tag>
  );
}

const levelColors: Record<number, string> = { 1: 'red', 2: 'volcano', 3: 'gold', 4: 'default' };

/** 故障等级 n, with its meaning (TKT-6) on hover. */
export function FaultLevelTag({ level, short = false }: { level: number; short?: boolean }) {
  const t = useT();
  const key = levelKey(level);
  return (
    <Tooltip title={t(`tickets.levelMeaning.${key}`)}>
      <Tag color={levelColors[level] ?? 'default'} data-testid="ticket-level">
        {short ? `L${level}` : t(`tickets.levelLabel.${key}`)}
      </Tag>
    </Tooltip>
  );
}

export const faultLevelValues = [1, 2, 3, 4] as const;
export const levelKey = (level: number) => String(Math.min(4, Math.max(1, level))) as '1' | '2' | '3' | '4';

/** "2 h 30 min" / "2小时30分" from minutes; days only for long calendar spans. */
export function formatMinutes(t: Translate, minutes: number): string {
  const total = Math.round(Math.abs(minutes));
  if (total < 60) return t('tickets.duration.minutes', { m: total });
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const rest = total % 60;
  if (days >= 3)
    return hours ? t('tickets.duration.daysHours', { d: days, h: hours }) : t('tickets.duration.days', { d: days });
  const allHours = Math.floor(total / 60);
  return rest
    ? t('tickets.duration.hoursMinutes', { h: allHours, m: rest })
    : t('tickets.duration.hours', { h: allHours });
}

/** A clock target: "2 小时（工作时间）". */
export function formatTarget(t: Translate, minutes: number, basis: 'business' | 'calendar'): string {
  return t(basis === 'business' ? 'tickets.clock.targetBusiness' : 'tickets.clock.targetCalendar', {
    duration: formatMinutes(t, minutes),
  });
}

export const clockLabel = (t: Translate, kind: ClockKindValue) => t(`tickets.clockKind.${kind}`);

type Deadline = NonNullable<TicketSummary['nextDeadline']>;

/** The next deadline of a list row: which clock, when, and how long is left (or how late it is). */
export function DeadlineCell({ deadline, now }: { deadline: Deadline | null; now: number }) {
  const t = useT();
  const isPhone = useIsPhone();
  if (!deadline) return <span>—</span>;
  const due = dayjs(deadline.dueAt).valueOf();
  const left = Math.round((due - now) / 60_000);
  const color = deadline.state === 'breached' ? 'red' : deadline.state === 'at_risk' ? 'orange' : 'blue';
  return (
    <Tooltip title={`${clockLabel(t, deadline.kind)} · ${formatDateTime(deadline.dueAt)}`}>
      <span data-testid="ticket-deadline" style={{ whiteSpace: isPhone ? 'normal' : 'nowrap' }}>
        <Tag color={color} style={{ marginInlineEnd: 4 }}>
          {deadline.state === 'breached'
            ? t('tickets.deadline.breached')
            : deadline.state === 'at_risk'
              ? t('tickets.deadline.atRisk')
              : clockLabel(t, deadline.kind)}
        </Tag>
        {left >= 0
          ? t('tickets.deadline.left', { duration: formatMinutes(t, left) })
          : t('tickets.deadline.late', { duration: formatMinutes(t, -left) })}
      </span>
    </Tooltip>
  );
}
