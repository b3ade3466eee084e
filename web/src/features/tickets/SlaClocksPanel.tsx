/**
 * The ticket's deadlines (SLA-3, TKT-9) and, for each, the answer to "why is this deadline X?":
 * the explanation sentence and the clock ledger drawn as a strip of segments (running, paused with
 * its reason, outside working hours, non-working day, holiday) with their durations.
 */
import {
  CheckCircleFilled,
  ClockCircleOutlined,
  CloseCircleFilled,
  ExclamationCircleFilled,
  PauseCircleFilled,
  QuestionCircleOutlined,
} from '@ant-design/icons';
import { Button, Card, Empty, Flex, Tag, Tooltip, Typography, theme } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import type { ClockViewItem } from '../../../../server/modules/tickets/tickets.contract';
import { formatDateTime } from '../../lib/format';
import { type Translate, useLocale } from '../../lib/i18n';
import { clockLabel, formatMinutes, formatTarget } from './ticket-format';

type ClockState = ClockViewItem['state'];
type LedgerItem = ClockViewItem['ledger'][number];

/** Colours shared by the state tags, the progress bars and the ledger strip. */
export const clockStateColors: Record<ClockState, string> = {
  running: '#1677ff',
  at_risk: '#fa8c16',
  breached: '#f5222d',
  met: '#52c41a',
  paused: '#8c8c8c',
  stopped: '#bfbfbf',
};
const stateTagColors: Record<ClockState, string> = {
  running: 'processing',
  at_risk: 'orange',
  breached: 'red',
  met: 'green',
  paused: 'default',
  stopped: 'default',
};
const stateIcons: Record<ClockState, ReactNode> = {
  running: <ClockCircleOutlined />,
  at_risk: <ExclamationCircleFilled />,
  breached: <CloseCircleFilled />,
  met: <CheckCircleFilled />,
  paused: <PauseCircleFilled />,
  stopped: <CheckCircleFilled />,
};

export const ledgerColors: Record<LedgerItem['kind'], string> = {
  running: '#1677ff',
  paused: '#faad14',
  outside_hours: '#d9d9d9',
  non_working_day: '#bfbfbf',
  holiday: '#eb2f96',
};
const ledgerStripe: Partial<Record<LedgerItem['kind'], string>> = {
  paused: 'repeating-linear-gradient(45deg, #faad14 0 6px, #ffd666 6px 12px)',
};

export function ClockStateTag({ state }: { state: ClockState }) {
  const { t } = useLocale();
  return (
    <Tag color={stateTagColors[state]} icon={stateIcons[state]} data-testid="clock-state">
      {t(`tickets.clockState.${state}`)}
    </Tag>
  );
}

/** Order: what needs attention first, then running, then finished. */
const stateOrder: Record<ClockState, number> = { breached: 0, at_risk: 1, running: 2, paused: 3, met: 4, stopped: 5 };

export function SlaClocksPanel({
  clocks,
  policyName,
  calendarName,
}: {
  clocks: ClockViewItem[];
  policyName?: string;
  calendarName?: string;
}) {
  const { t } = useLocale();
  const sorted = [...clocks].sort((a, b) => stateOrder[a.state] - stateOrder[b.state]);
  return (
    <Card
      title={t('tickets.clocks.title')}
      data-testid="sla-clocks"
      extra={
        policyName && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('tickets.clocks.policy', { policy: policyName, calendar: calendarName ?? '' })}
          </Typography.Text>
        )
      }
    >
      {sorted.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tickets.clocks.none')} />
      ) : (
        <Flex vertical gap={12}>
          {sorted.map((clock) => (
            <ClockRow key={clock.kind} clock={clock} />
          ))}
        </Flex>
      )}
    </Card>
  );
}

function ClockRow({ clock }: { clock: ClockViewItem }) {
  const { t, language } = useLocale();
  const { token } = theme.useToken();
  const [open, setOpen] = useState(false);
  const color = clockStateColors[clock.state];
  const percent = clock.targetMinutes > 0 ? (clock.usedMinutes / clock.targetMinutes) * 100 : 0;

  return (
    <div
      data-testid={`clock-${clock.kind}`}
      data-state={clock.state}
      style={{
        border: `1px solid ${token.colorBorderSecondary}`,
        borderInlineStart: `4px solid ${color}`,
        borderRadius: token.borderRadiusLG,
        padding: '10px 12px',
      }}
    >
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Flex align="center" gap={8} wrap>
          <Typography.Text strong>{clockLabel(t, clock.kind)}</Typography.Text>
          <ClockStateTag state={clock.state} />
          <Typography.Text type="secondary" data-testid="clock-target">
            {formatTarget(t, clock.targetMinutes, clock.basis)}
          </Typography.Text>
        </Flex>
        <Typography.Text strong style={{ color }} data-testid="clock-left">
          {timeLeftText(t, clock)}
        </Typography.Text>
      </Flex>

      <ProgressBar percent={percent} color={color} />

      <Flex justify="space-between" gap={8} wrap style={{ fontSize: 12 }}>
        <Typography.Text type="secondary">
          {t('tickets.clock.started', { at: formatDateTime(clock.startedAt) })}
        </Typography.Text>
        <Typography.Text type="secondary" data-testid="clock-due">
          {clock.dueAt
            ? t('tickets.clock.due', { at: formatDateTime(clock.dueAt) })
            : t('tickets.clock.dueWhenResumed')}
        </Typography.Text>
      </Flex>

      <Button
        type="link"
        size="small"
        icon={<QuestionCircleOutlined />}
        style={{ paddingInline: 0, marginTop: 4 }}
        onClick={() => setOpen((value) => !value)}
        aria-expanded={open}
        data-testid={`clock-why-${clock.kind}`}
      >
        {t('tickets.clock.why')}
      </Button>
      {open && (
        <div data-testid="clock-ledger" style={{ marginTop: 4 }}>
          <Typography.Paragraph
            style={{
              background: token.colorFillQuaternary,
              padding: '8px 12px',
              borderRadius: token.borderRadius,
              marginBottom: 12,
            }}
            data-testid="clock-explanation"
          >
            {clock.explanation[language]}
          </Typography.Paragraph>
          <LedgerView clock={clock} />
        </div>
      )}
    </div>
  );
}

function timeLeftText(t: Translate, clock: ClockViewItem): string {
  if (clock.state === 'met') return t('tickets.clock.metIn', { duration: formatMinutes(t, clock.usedMinutes) });
  if (clock.state === 'stopped') return t('tickets.clock.stoppedText');
  if (clock.state === 'breached' || clock.remainingMinutes < 0) {
    return t('tickets.clock.lateBy', { duration: formatMinutes(t, clock.remainingMinutes) });
  }
  if (clock.state === 'paused')
    return t('tickets.clock.pausedLeft', { duration: formatMinutes(t, clock.remainingMinutes) });
  return t('tickets.clock.left', { duration: formatMinutes(t, clock.remainingMinutes) });
}

function ProgressBar({ percent, color }: { percent: number; color: string }) {
  const { token } = theme.useToken();
  const shown = Math.max(0, Math.min(100, percent));
  return (
    <div
      role="progressbar"
      aria-valuenow={Math.round(percent)}
      aria-valuemin={0}
      aria-valuemax={100}
      style={{
        position: 'relative',
        height: 8,
        margin: '8px 0 6px',
        borderRadius: 4,
        background: token.colorFillSecondary,
        overflow: 'hidden',
      }}
    >
      <div
        style={{ width: `${shown}%`, height: '100%', background: color, borderRadius: 4, transition: 'width .3s' }}
      />
    </div>
  );
}

/** Wall-clock minutes of a segment (the width in the strip). */
const spanMinutes = (entry: LedgerItem) =>
  Math.max(0, (dayjs(entry.end).valueOf() - dayjs(entry.start).valueOf()) / 60_000);

function segmentLabel(t: Translate, entry: LedgerItem): string {
  if (entry.kind === 'paused') {
    const reason =
      entry.reason && ['waiting_customer', 'waiting_parts'].includes(entry.reason)
        ? t(`tickets.pauseReason.${entry.reason as 'waiting_customer' | 'waiting_parts'}`)
        : entry.reason;
    return reason ? t('tickets.ledger.pausedBecause', { reason }) : t('tickets.ledger.paused');
  }
  if (entry.kind === 'holiday' && entry.holidayName)
    return t('tickets.ledger.holidayNamed', { name: entry.holidayName });
  return t(`tickets.ledger.${entry.kind}`);
}

/** Start–end of a segment: the date once per day, then only times. */
function rangeText(entry: LedgerItem, previous: LedgerItem | undefined): string {
  const start = dayjs(entry.start);
  const end = dayjs(entry.end);
  const showDate = !previous || !dayjs(previous.start).isSame(start, 'day');
  const left = showDate ? start.format('MM-DD ddd HH:mm') : start.format('HH:mm');
  const right = end.isSame(start, 'day') ? end.format('HH:mm') : end.format('MM-DD HH:mm');
  return `${left} → ${right}`;
}

function LedgerView({ clock }: { clock: ClockViewItem }) {
  const { t } = useLocale();
  const { token } = theme.useToken();
  const ledger = clock.ledger;
  if (ledger.length === 0) return <Typography.Text type="secondary">{t('tickets.ledger.empty')}</Typography.Text>;

  const totalSpan = ledger.reduce((sum, entry) => sum + spanMinutes(entry), 0) || 1;
  const kindsPresent = [...new Set(ledger.map((entry) => entry.kind))];
  let counted = 0;
  // Where "now" falls on the strip of a clock still counting (the rest of the strip is the plan).
  const first = dayjs(ledger[0].start).valueOf();
  const last = dayjs(ledger[ledger.length - 1].end).valueOf();
  const now = Date.now();
  const nowShare =
    clock.stoppedAt === null && now > first && now < last ? ((now - first) / (last - first)) * 100 : null;

  return (
    <Flex vertical gap={10}>
      {/* The strip: every segment in proportion to its real duration. */}
      <div style={{ position: 'relative', paddingTop: nowShare === null ? 0 : 16 }}>
        {nowShare !== null && (
          <div
            data-testid="ledger-now"
            style={{
              position: 'absolute',
              top: 0,
              bottom: -2,
              left: `${nowShare}%`,
              borderInlineStart: `2px solid ${token.colorText}`,
              zIndex: 1,
              pointerEvents: 'none',
            }}
          >
            <span
              style={{
                position: 'absolute',
                top: -2,
                fontSize: 11,
                lineHeight: '14px',
                whiteSpace: 'nowrap',
                ...(nowShare > 80 ? { right: 4 } : { left: 4 }),
              }}
            >
              {t('tickets.ledger.now')}
            </span>
          </div>
        )}
        <div
          style={{
            display: 'flex',
            height: 18,
            borderRadius: 4,
            overflow: 'hidden',
            border: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          {ledger.map((entry, index) => (
            <Tooltip
              key={`${entry.start}-${entry.kind}`}
              title={`${segmentLabel(t, entry)} · ${rangeText(entry, undefined)} · ${formatMinutes(t, entry.minutes)}`}
            >
              <div
                data-testid="ledger-strip-segment"
                style={{
                  flexGrow: spanMinutes(entry) / totalSpan,
                  flexBasis: 0,
                  minWidth: 2,
                  background: ledgerStripe[entry.kind] ?? ledgerColors[entry.kind],
                  borderInlineEnd: index < ledger.length - 1 ? '1px solid #fff' : undefined,
                }}
              />
            </Tooltip>
          ))}
        </div>
      </div>
      <Flex gap={12} wrap style={{ fontSize: 12 }}>
        {kindsPresent.map((kind) => (
          <Flex key={kind} align="center" gap={4}>
            <span
              style={{
                display: 'inline-block',
                width: 10,
                height: 10,
                borderRadius: 2,
                background: ledgerStripe[kind] ?? ledgerColors[kind],
              }}
            />
            <Typography.Text type="secondary">{t(`tickets.ledger.${kind}`)}</Typography.Text>
          </Flex>
        ))}
      </Flex>

      {/* The segments one by one, with the counted time adding up to the target. */}
      <div style={{ maxHeight: 320, overflowY: 'auto' }}>
        <table style={{ width: '100%', borderCollapse: 'collapse', fontSize: 13 }} data-testid="ledger-table">
          <tbody>
            {ledger.map((entry, index) => {
              if (entry.kind === 'running') counted += entry.minutes;
              return (
                <tr
                  key={`${entry.start}-${entry.kind}`}
                  data-testid="ledger-row"
                  data-kind={entry.kind}
                  title={
                    nowShare !== null && dayjs(entry.start).valueOf() > now ? t('tickets.ledger.planned') : undefined
                  }
                  style={{
                    borderBottom: `1px solid ${token.colorSplit}`,
                    // Segments still ahead are the plan, not history.
                    opacity: nowShare !== null && dayjs(entry.start).valueOf() > now ? 0.55 : 1,
                  }}
                >
                  <td style={{ padding: '4px 8px 4px 0', width: 14 }}>
                    <span
                      style={{
                        display: 'inline-block',
                        width: 10,
                        height: 10,
                        borderRadius: '50%',
                        background: ledgerStripe[entry.kind] ?? ledgerColors[entry.kind],
                      }}
                    />
                  </td>
                  <td style={{ padding: '4px 8px 4px 0', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                    {rangeText(entry, ledger[index - 1])}
                  </td>
                  <td
                    style={{
                      padding: '4px 8px 4px 0',
                      color: entry.kind === 'running' ? undefined : token.colorTextSecondary,
                    }}
                  >
                    {segmentLabel(t, entry)}
                  </td>
                  <td
                    style={{
                      padding: '4px 0',
                      textAlign: 'right',
                      whiteSpace: 'nowrap',
                      fontVariantNumeric: 'tabular-nums',
                    }}
                  >
                    {entry.kind === 'running' ? (
                      <Tooltip
                        title={t('tickets.ledger.countedSoFar', {
                          counted: formatMinutes(t, counted),
                          target: formatMinutes(t, clock.targetMinutes),
                        })}
                      >
                        <Typography.Text strong>+{formatMinutes(t, entry.minutes)}</Typography.Text>
                      </Tooltip>
                    ) : (
                      <Typography.Text type="secondary">{formatMinutes(t, entry.minutes)}</Typography.Text>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="ledger-total">
        {t('tickets.ledger.total', {
          counted: formatMinutes(
            t,
            ledger.filter((entry) => entry.kind === 'running').reduce((sum, entry) => sum + entry.minutes, 0),
          ),
          target: formatMinutes(t, clock.targetMinutes),
        })}
      </Typography.Text>
    </Flex>
  );
}
