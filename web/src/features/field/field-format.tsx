/** Tags, links and texts shared by the field pages and panels. */
import { EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import dayjs from 'dayjs';
import type {
  AssignmentStatus,
  EngineerSuggestion,
  VisitStatusValue,
} from '../../../../server/modules/dispatch/dispatch.contract';
import { fenToYuanString, formatDateTime } from '../../lib/format';
import { type Translate, useLocale, useT } from '../../lib/i18n';
import { formatMinutes } from '../tickets/ticket-format';

const visitColors: Record<VisitStatusValue, string> = {
  planned: 'blue',
  travelling: 'purple',
  on_site: 'processing',
  checked_out: 'green',
  cancelled: 'default',
};

export function VisitStatusTag({ status }: { status: VisitStatusValue }) {
  const t = useT();
  return (
    <Tag color={visitColors[status]} data-testid="visit-status">
      {t(`fieldWork.visitStatus.${status}`)}
    </Tag>
  );
}

const assignmentColors: Record<AssignmentStatus, string> = {
  offered: 'blue',
  accepted: 'green',
  declined: 'red',
  withdrawn: 'default',
  completed: 'cyan',
};

export function AssignmentStatusTag({ status }: { status: AssignmentStatus }) {
  const t = useT();
  return (
    <Tag color={assignmentColors[status]} data-testid="assignment-status">
      {t(`fieldWork.assignmentStatus.${status}`)}
    </Tag>
  );
}

const effectColors = { positive: 'green', negative: 'orange', blocking: 'red', neutral: 'default' } as const;

/** The reasons of a suggestion, in the UI language, coloured by effect. */
export function ReasonTags({ reasons }: { reasons: EngineerSuggestion['reasons'] }) {
  const { language } = useLocale();
  return (
    <div className="reason-tags">
      {reasons.map((reason) => (
        <Tag key={reason.code} color={effectColors[reason.effect]} data-testid={`reason-${reason.code}`}>
          {language === 'en' ? reason.en : reason.zh}
        </Tag>
      ))}
    </div>
  );
}

/** Links inside a tappable card do their own thing only. */
const stop = (event: React.MouseEvent) => event.stopPropagation();

/** A phone number the engineer taps to call. */
export function PhoneLink({ phone }: { phone: string | null | undefined }) {
  if (!phone) return <span>—</span>;
  return (
    <a href={`tel:${phone.replace(/[^\d+]/g, '')}`} data-testid="call-link" onClick={stop}>
      <PhoneOutlined /> {phone}
    </a>
  );
}

/** An address that opens the map app (高德地图 URI, which also works in a desktop browser). */
export function MapLink({ address }: { address: string | null | undefined }) {
  if (!address) return <span>—</span>;
  return (
    <a
      href={`https://uri.amap.com/search?keyword=${encodeURIComponent(address)}`}
      target="_blank"
      rel="noopener noreferrer"
      data-testid="map-link"
      onClick={stop}
    >
      <EnvironmentOutlined /> {address}
    </a>
  );
}

/** "剩余 2小时" / "已超时 30分钟" until a due time. */
export function timeLeftText(t: Translate, dueAt: string, now = Date.now()): string {
  const minutes = Math.round((dayjs(dueAt).valueOf() - now) / 60_000);
  return minutes >= 0
    ? t('fieldWork.timeLeft', { duration: formatMinutes(t, minutes) })
    : t('fieldWork.timeLate', { duration: formatMinutes(t, -minutes) });
}

export function DueTag({
  dueAt,
  kind,
  isBreached,
}: {
  dueAt: string | null;
  kind: string | null;
  isBreached: boolean;
}) {
  const t = useT();
  const { tOptional } = useLocale();
  if (!dueAt) return null;
  const label = kind ? (tOptional(`tickets.clockKind.${kind}`) ?? kind) : '';
  return (
    <Tooltip title={`${label} · ${formatDateTime(dueAt)}`}>
      <Tag color={isBreached ? 'red' : 'blue'} data-testid="task-due">
        {label ? `${label} · ` : ''}
        {timeLeftText(t, dueAt)}
      </Tag>
    </Tooltip>
  );
}

/** Yuan text of an integer fen amount, or empty. */
export const yuan = (fen: number | null | undefined) => fenToYuanString(fen) ?? '';
