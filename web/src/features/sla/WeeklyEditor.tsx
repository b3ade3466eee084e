/**
 * The weekly working windows of a calendar (SLA-2): per weekday any number of time ranges, added
 * and removed freely, checked as you type with the same rules the server applies (overlaps and
 * ranges are named per weekday), and the day's and the week's working time at a glance.
 */
import { CopyOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { WorkingWindow } from '../../../../server/modules/sla/business-time.rules';
import { weeklyWorkingMinutes, windowProblems } from '../../../../server/modules/sla/sla-admin.rules';
import { useLocale } from '../../lib/i18n';
import { useIsPhone } from '../../lib/responsive';
import { useSlaFormat } from './sla-ui';

const MIDNIGHT = dayjs('2000-01-01T00:00:00');
/** A time picker cannot show 24:00: the last minute of the day stands for it. */
const toDayjs = (minutes: number) => MIDNIGHT.add(Math.min(minutes, 1439), 'minute');
const toMinutes = (value: Dayjs, isEnd: boolean) => {
  const minutes = value.hour() * 60 + value.minute();
  return isEnd && minutes === 1439 ? 1440 : minutes;
};

function nextWindow(windows: readonly WorkingWindow[]): WorkingWindow {
  if (windows.length === 0) return { start: 510, end: 1050 };
  const last = Math.max(...windows.map((window) => window.end));
  const start = Math.min(last + 60, 1380);
  return { start, end: Math.min(start + 180, 1440) };
}

type DayProps = {
  value?: WorkingWindow[];
  onChange?: (value: WorkingWindow[]) => void;
  label: string;
  field: string;
  testId: string;
};

/** One day's windows. */
export function DayWindowsInput({ value = [], onChange, label, field, testId }: DayProps) {
  const { t, language } = useLocale();
  const format = useSlaFormat();
  const isPhone = useIsPhone();
  const problems = windowProblems(value, field, { zh: label, en: label });
  const total = weeklyWorkingMinutes({ alwaysOpen: false, weekly: [value] });
  const set = (index: number, window: WorkingWindow) => onChange?.(value.map((w, i) => (i === index ? window : w)));
  return (
    <Flex vertical gap={6} data-testid={testId}>
      <Flex gap={8} wrap align="center">
        {value.length === 0 && <Typography.Text type="secondary">{t('sla.closed')}</Typography.Text>}
        {value.map((window, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a window is its position in the day's list while it is edited
          <Flex key={index} gap={4} align="center">
            <TimePicker.RangePicker
              format="HH:mm"
              minuteStep={5}
              allowClear={false}
              inputReadOnly={isPhone}
              needConfirm={false}
              style={{ width: 170 }}
              value={[toDayjs(window.start), toDayjs(window.end)]}
              onChange={(range) => {
                if (!range?.[0] || !range[1]) return;
                set(index, { start: toMinutes(range[0], false), end: toMinutes(range[1], true) });
              }}
              aria-label={`${label} ${index + 1}`}
            />
            <Button
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('sla.removeWindow')}
              onClick={() => onChange?.(value.filter((_, i) => i !== index))}
            />
          </Flex>
        ))}
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => onChange?.([...value, nextWindow(value)])}
          data-testid={`${testId}-add`}
        >
          {t('sla.addWindow')}
        </Button>
        {total > 0 && <Typography.Text type="secondary">{format.duration(total)}</Typography.Text>}
      </Flex>
      {problems.map((problem) => (
        <Typography.Text key={problem.field + problem.en} type="danger">
          {problem[language]}
        </Typography.Text>
      ))}
    </Flex>
  );
}

/** The seven weekdays, Monday first. */
export function WeeklyEditor({
  value = [[], [], [], [], [], [], []],
  onChange,
}: {
  value?: WorkingWindow[][];
  onChange?: (value: WorkingWindow[][]) => void;
}) {
  const { t } = useLocale();
  const format = useSlaFormat();
  const total = weeklyWorkingMinutes({ alwaysOpen: false, weekly: value });
  return (
    <Flex vertical gap={12} data-testid="weekly-editor">
      {value.map((windows, day) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the index is the weekday (Monday = 0)
        <Flex key={day} gap={12} wrap align="flex-start">
          <Typography.Text strong style={{ width: 64, paddingTop: 4 }}>
            {format.weekday(day)}
          </Typography.Text>
          <div style={{ flex: 1, minWidth: 220 }}>
            <DayWindowsInput
              value={windows}
              onChange={(next) => onChange?.(value.map((w, i) => (i === day ? next : w)))}
              label={format.weekday(day)}
              field={`weekly.${day}`}
              testId={`weekday-${day}`}
            />
          </div>
        </Flex>
      ))}
      <Flex gap={12} wrap align="center" justify="space-between">
        <Button
          size="small"
          icon={<CopyOutlined />}
          onClick={() => onChange?.(value.map((w, i) => (i >= 1 && i <= 4 ? value[0].map((x) => ({ ...x })) : w)))}
        >
          {t('sla.copyMonday')}
        </Button>
        <Typography.Text strong data-testid="weekly-total">
          {t('sla.weeklyTotal', { total: format.duration(total) })}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}
