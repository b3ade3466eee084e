/** Small pieces the SLA pages share: the section switch, tags, and how times and targets read. */
import { Segmented, Tag, Typography } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import type { WorkingWindow } from '../../../../server/modules/sla/business-time.rules';
import type { CalendarDay } from '../../../../server/modules/sla/sla.contract';
import { clockText, durationText, weekdayNames } from '../../../../server/modules/sla/sla-admin.rules';
import { useLocale } from '../../lib/i18n';

/** Policies | calendars, at the top of both lists. */
export function SlaNav() {
  const { t } = useLocale();
  const navigate = useNavigate();
  const location = useLocation();
  const section = location.pathname.startsWith('/sla/calendars') ? '/sla/calendars' : '/sla/policies';
  return (
    <Segmented
      style={{ marginBottom: 16 }}
      value={section}
      onChange={(value) => navigate(String(value))}
      options={[
        { value: '/sla/policies', label: t('sla.policies') },
        { value: '/sla/calendars', label: t('sla.calendars') },
      ]}
      data-testid="sla-nav"
    />
  );
}

export function useSlaFormat() {
  const { language } = useLocale();
  return {
    /** 150 → "2小时30分钟" / "2 h 30 min". */
    duration: (minutes: number) => durationText(minutes)[language],
    weekday: (index: number) => weekdayNames[language][index],
    /** "08:30–12:00, 13:30–17:30". */
    windows: (windows: readonly WorkingWindow[]) =>
      windows
        .map((window) => `${clockText(window.start)}–${clockText(window.end)}`)
        .join(language === 'zh' ? '，' : ', '),
  };
}

export function DayKindTag({ kind }: { kind: CalendarDay['kind'] }) {
  const { t } = useLocale();
  return kind === 'holiday' ? (
    <Tag color="red">{t('sla.dayKind.holiday')}</Tag>
  ) : (
    <Tag color="blue">{t('sla.dayKind.make_up')}</Tag>
  );
}

export function DefaultTag() {
  const { t } = useLocale();
  return <Tag color="gold">{t('sla.default')}</Tag>;
}

/** A clock target: "2 h · business time", or "—" when there is none. */
export function TargetText({ target }: { target: { minutes: number; basis: 'business' | 'calendar' } | null }) {
  const { t } = useLocale();
  const format = useSlaFormat();
  if (!target) return <Typography.Text type="secondary">{t('sla.noTarget')}</Typography.Text>;
  return (
    <span>
      {format.duration(target.minutes)}{' '}
      <Typography.Text type="secondary">· {t(`sla.basis.${target.basis}`)}</Typography.Text>
    </span>
  );
}
