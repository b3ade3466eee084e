/**
 * "Try it": pick a start and a duration of working time and see the deadline this calendar gives,
 * with the ledger that explains it — the way an administrator checks a calendar after editing it.
 * The start is read as wall-clock time in the calendar's zone, whatever the browser's zone is.
 */
import { Alert, Button, Card, Col, DatePicker, Flex, Form, InputNumber, Row, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { Calendar, PreviewResult } from '../../../../server/modules/sla/sla.contract';
import { useApiErrorHandler } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { weekdayIndex } from './CalendarDays';
import { usePreview } from './sla.api';
import { useSlaFormat } from './sla-ui';

dayjs.extend(utc);
dayjs.extend(timezone);

type Values = { start: Dayjs; hours: number | null; minutes: number | null };

const kindColors: Record<PreviewResult['ledger'][number]['kind'], string> = {
  running: 'green',
  paused: 'orange',
  outside_hours: 'default',
  non_working_day: 'default',
  holiday: 'red',
};

export function TryIt({ calendar }: { calendar: Calendar }) {
  const { t } = useLocale();
  const format = useSlaFormat();
  const [form] = Form.useForm<Values>();
  const preview = usePreview(calendar.id);
  const onError = useApiErrorHandler();
  const result = preview.data;

  const submit = (values: Values) => {
    const minutes = (values.hours ?? 0) * 60 + (values.minutes ?? 0);
    if (minutes <= 0) {
      form.setFields([{ name: 'hours', errors: [t('sla.durationRequired')] }]);
      return;
    }
    const start = dayjs.tz(values.start.format('YYYY-MM-DDTHH:mm:00'), calendar.timeZone).toISOString();
    preview.mutateAsync({ start, minutes }).catch((error) => onError(error, { form }));
  };

  const local = (text: string) => `${text} ${format.weekday(weekdayIndex(text.slice(0, 10)))}`;
  const totals = new Map<string, number>();
  for (const segment of result?.ledger ?? [])
    totals.set(segment.kind, (totals.get(segment.kind) ?? 0) + segment.minutes);

  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('sla.tryHint', { zone: calendar.timeZone })}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ start: dayjs().hour(17).minute(0).second(0), hours: 2, minutes: 0 }}
        onFinish={submit}
      >
        <Row gutter={16} align="bottom">
          <Col xs={24} md={10}>
            <Form.Item
              name="start"
              label={t('sla.tryStart')}
              rules={[{ required: true, message: t('sla.tryStartRequired') }]}
            >
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                data-testid="sla-try-start"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item name="hours" label={t('sla.hours')}>
              <InputNumber min={0} max={8760} precision={0} style={{ width: '100%' }} data-testid="sla-try-hours" />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item name="minutes" label={t('sla.minutes')}>
              <InputNumber min={0} max={59} precision={0} style={{ width: '100%' }} data-testid="sla-try-minutes" />
            </Form.Item>
          </Col>
          <Col xs={24} md={4}>
            <Form.Item>
              <Button type="primary" htmlType="submit" block loading={preview.isPending} data-testid="sla-try-run">
                {t('sla.tryRun')}
              </Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>

      {result && (
        <Flex vertical gap={16}>
          {result.dueLocal ? (
            <div>
              <Typography.Text type="secondary">{t('sla.tryDue')}</Typography.Text>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="sla-try-due">
                {local(result.dueLocal)}
              </Typography.Title>
            </div>
          ) : (
            <Alert type="warning" showIcon title={t('sla.tryNever')} />
          )}
          <Flex gap={8} wrap>
            {[...totals].map(([kind, minutes]) => (
              <Tag key={kind} color={kindColors[kind as keyof typeof kindColors]}>
                {t(`sla.ledger.${kind as keyof typeof kindColors}`)} {format.duration(Math.round(minutes))}
              </Tag>
            ))}
          </Flex>
          <Timeline
            data-testid="sla-try-ledger"
            items={result.ledger.map((segment, index) => ({
              key: index,
              color: segment.kind === 'running' ? 'green' : segment.kind === 'holiday' ? 'red' : 'gray',
              content: (
                <Flex gap={8} wrap align="center">
                  <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {segment.startLocal} –{' '}
                    {segment.endLocal.slice(0, 10) === segment.startLocal.slice(0, 10)
                      ? segment.endLocal.slice(11)
                      : segment.endLocal}
                  </Typography.Text>
                  <Tag color={kindColors[segment.kind]}>{t(`sla.ledger.${segment.kind}`)}</Tag>
                  {segment.holidayName && <Typography.Text type="secondary">{segment.holidayName}</Typography.Text>}
                  <Typography.Text type="secondary">{format.duration(Math.round(segment.minutes))}</Typography.Text>
                </Flex>
              ),
            }))}
          />
        </Flex>
      )}
    </Card>
  );
}
