import { Alert, Card, Checkbox, Col, Form, Input, Row, Select, Switch, Typography } from 'antd';
import { useMemo } from 'react';
import type { WorkingWindow } from '../../../../server/modules/sla/business-time.rules';
import { type Calendar, calendarInput, calendarUpdate } from '../../../../server/modules/sla/sla.contract';
import { EditRecordPage, type EditRecordProps, RecordForm } from '../../components/RecordForm';
import { useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useRecordForm } from '../../lib/record-form';
import { calendarsApi } from './sla.api';
import { DayWindowsInput, WeeklyEditor } from './WeeklyEditor';

type Values = {
  code?: string;
  name?: string;
  timeZone: string;
  alwaysOpen: boolean;
  weekly: WorkingWindow[][];
  sameAsMonday: boolean;
  makeUpWindows: WorkingWindow[];
};

/**
 * The weekly editor names every bad weekday and window itself, live, with the server's own rules;
 * a refused save only adds the message on top (bound to a field, it would redden every window).
 */
const mapField = (field: string) =>
  field.startsWith('weekly') || field.startsWith('makeUpWindows') ? '_windows' : field;

const office = (): WorkingWindow[] => [{ start: 510, end: 1050 }];

export function CalendarFormPage() {
  return <EditRecordPage resource={calendarsApi} skeletonRows={10} form={CalendarForm} />;
}

function useTimeZones(current?: string) {
  return useMemo(() => {
    const zones: string[] = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.(
      'timeZone',
    ) ?? ['Asia/Shanghai'];
    const all = current && !zones.includes(current) ? [current, ...zones] : zones;
    return all.map((zone) => ({ value: zone, label: zone }));
  }, [current]);
}

function CalendarForm({ record: calendar, onReload }: EditRecordProps<Calendar>) {
  const { t } = useLocale();
  const { form, save, saving } = useRecordForm<Values>({
    resource: calendarsApi,
    record: calendar,
    onReload,
    schemas: { create: calendarInput, update: calendarUpdate },
    path: '/sla/calendars',
    created: 'sla.calendarCreated',
    mapField,
  });
  const rules = useFieldRules(calendarInput);
  const zones = useTimeZones(calendar?.timeZone);
  const alwaysOpen = Form.useWatch('alwaysOpen', form);
  const sameAsMonday = Form.useWatch('sameAsMonday', form);

  const initialValues: Values = calendar
    ? {
        code: calendar.code,
        name: calendar.name,
        timeZone: calendar.timeZone,
        alwaysOpen: calendar.alwaysOpen,
        weekly: calendar.weekly,
        sameAsMonday: !calendar.makeUpWindows,
        makeUpWindows: calendar.makeUpWindows ?? office(),
      }
    : {
        timeZone: 'Asia/Shanghai',
        alwaysOpen: false,
        weekly: [office(), office(), office(), office(), office(), [], []],
        sameAsMonday: true,
        makeUpWindows: office(),
      };

  const submit = (values: Values) => {
    const { sameAsMonday: same, makeUpWindows, ...rest } = values;
    save({ ...rest, makeUpWindows: same ? null : makeUpWindows });
  };

  const half = { xs: 24, md: 12 };
  return (
    <RecordForm<Values>
      title={calendar ? t('sla.editCalendar') : t('sla.newCalendar')}
      subtitle={calendar?.code}
      backTo={calendar ? `/sla/calendars/${calendar.id}` : '/sla/calendars'}
      notice={calendar && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('sla.editRecomputes')} />}
      form={form}
      initialValues={initialValues}
      onFinish={submit}
      saving={saving}
      submitTestId="sla-calendar-submit"
    >
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="code" label={t('field.code')} rules={rules('code')} required>
              <Input maxLength={32} data-testid="sla-calendar-code" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="name" label={t('field.name')} rules={rules('name')} required>
              <Input maxLength={100} data-testid="sla-calendar-name" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="timeZone" label={t('field.timeZone')} rules={rules('timeZone')} required>
              <Select showSearch options={zones} data-testid="sla-calendar-zone" />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item
              name="alwaysOpen"
              label={t('field.alwaysOpen')}
              valuePropName="checked"
              extra={t('sla.alwaysOpenHint')}
            >
              <Switch data-testid="sla-calendar-always-open" />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Card title={t('sla.workingHours')} style={{ marginBottom: 16, display: alwaysOpen ? 'none' : undefined }}>
        <Form.Item name="weekly" style={{ marginBottom: 0 }}>
          <WeeklyEditor />
        </Form.Item>
      </Card>
      <Card title={t('sla.makeUpHours')} style={{ marginBottom: 16, display: alwaysOpen ? 'none' : undefined }}>
        <Form.Item name="sameAsMonday" valuePropName="checked" style={{ marginBottom: sameAsMonday ? 0 : 12 }}>
          <Checkbox>{t('sla.sameAsMonday')}</Checkbox>
        </Form.Item>
        {!sameAsMonday && (
          <Form.Item name="makeUpWindows" style={{ marginBottom: 0 }}>
            <DayWindowsInput label={t('sla.makeUpDay')} field="makeUpWindows" testId="make-up-windows" />
          </Form.Item>
        )}
        <Typography.Text type="secondary">{t('sla.makeUpHint')}</Typography.Text>
      </Card>
    </RecordForm>
  );
}
