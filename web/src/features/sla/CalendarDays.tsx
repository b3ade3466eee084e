/**
 * A calendar's holidays and make-up working days (调休) for one year: a list or twelve month grids,
 * add/edit/remove a day, import an .ics file with a preview, and copy the official schedule.
 */
import {
  CloudDownloadOutlined,
  DeleteOutlined,
  EditOutlined,
  InboxOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Segmented,
  Select,
  Skeleton,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  type Calendar,
  type CalendarDay,
  calendarDayInput,
  calendarDayKinds,
  type DayChangeReport,
} from '../../../../server/modules/sla/sla.contract';
import { QueryError } from '../../components/QueryState';
import { datePickerProps } from '../../lib/format';
import { parseForForm, useApiErrorHandler, useFieldRules } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import {
  useApplyOfficial,
  useCalendarDays,
  useImportIcs,
  useOfficialSchedules,
  useRemoveDay,
  useSaveDay,
} from './sla.api';
import { DayKindTag, useSlaFormat } from './sla-ui';

/** Monday = 0 … Sunday = 6 of a 'YYYY-MM-DD'. */
export const weekdayIndex = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

type Props = { calendar: Calendar; writable: boolean };

export function CalendarDays({ calendar, writable }: Props) {
  const { t } = useLocale();
  const format = useSlaFormat();
  const [search, setSearch] = useSearchParams();
  const currentYear = dayjs().year();
  const year = Number(search.get('year')) || currentYear;
  const view = search.get('view') === 'months' ? 'months' : 'list';
  const days = useCalendarDays(calendar.id, year);
  const official = useOfficialSchedules();
  const remove = useRemoveDay(calendar.id);
  const onError = useApiErrorHandler();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<{ day?: CalendarDay; date?: string } | null>(null);
  const [importing, setImporting] = useState(false);
  const [applying, setApplying] = useState(false);

  const setParam = (key: string, value: string | null) =>
    setSearch(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const officialYears = (official.data?.items ?? []).map((schedule) => schedule.year);
  const years = [...new Set([currentYear - 1, currentYear, currentYear + 1, ...officialYears, year])].sort();
  const hasOfficial = officialYears.includes(year);
  const items = days.data?.items ?? [];
  const byDate = new Map(items.map((day) => [day.date, day]));

  return (
    <Card>
      {calendar.alwaysOpen && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('sla.alwaysOpenDays')} />
      )}
      <Flex gap={8} wrap justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Flex gap={8} wrap align="center">
          <Select
            value={year}
            style={{ width: 110 }}
            onChange={(value) => setParam('year', String(value))}
            options={years.map((value) => ({ value, label: t('sla.yearLabel', { year: value }) }))}
            data-testid="sla-days-year"
          />
          <Segmented
            value={view}
            onChange={(value) => setParam('view', value === 'list' ? null : String(value))}
            options={[
              { value: 'list', label: t('sla.viewList') },
              { value: 'months', label: t('sla.viewMonths') },
            ]}
          />
          <Typography.Text type="secondary" data-testid="sla-days-summary">
            {t('sla.dayCounts', {
              holidays: items.filter((day) => day.kind === 'holiday').length,
              makeUp: items.filter((day) => day.kind === 'make_up').length,
            })}
          </Typography.Text>
        </Flex>
        {writable && (
          <Flex gap={8} wrap>
            <Button icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="sla-day-add">
              {t('sla.addDay')}
            </Button>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="sla-ics-import">
              {t('sla.importIcs')}
            </Button>
            {hasOfficial && (
              <Button
                icon={<CloudDownloadOutlined />}
                onClick={() => setApplying(true)}
                data-testid="sla-apply-official"
              >
                {t('sla.applyOfficial', { year })}
              </Button>
            )}
          </Flex>
        )}
      </Flex>

      {days.error && !days.data ? (
        <QueryError error={days.error} onRetry={() => days.refetch()} />
      ) : !days.data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : view === 'months' ? (
        <MonthGrids
          year={year}
          calendar={calendar}
          byDate={byDate}
          onPick={writable ? (date) => setEditing({ day: byDate.get(date), date }) : undefined}
        />
      ) : items.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={hasOfficial ? t('sla.noDaysOfficial', { year }) : t('sla.noDays', { year })}
        />
      ) : (
        <List
          data-testid="sla-days-list"
          dataSource={items}
          rowKey={(day) => day.date}
          renderItem={(day) => (
            <List.Item
              actions={
                writable
                  ? [
                      <Button
                        key="edit"
                        type="text"
                        icon={<EditOutlined />}
                        aria-label={t('common.edit')}
                        onClick={() => setEditing({ day })}
                      />,
                      <Popconfirm
                        key="remove"
                        title={t('sla.removeDayConfirm', { date: day.date, name: day.name })}
                        okText={t('common.confirm')}
                        cancelText={t('common.cancel')}
                        onConfirm={() =>
                          remove.mutateAsync(day.date).then(
                            () => message.success(t('sla.dayRemoved')),
                            (error) => onError(error),
                          )
                        }
                      >
                        <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.remove')} />
                      </Popconfirm>,
                    ]
                  : undefined
              }
            >
              <Flex gap={8} wrap align="center">
                <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {day.date}
                </Typography.Text>
                <Typography.Text type="secondary">{format.weekday(weekdayIndex(day.date))}</Typography.Text>
                <DayKindTag kind={day.kind} />
                <span>{day.name}</span>
              </Flex>
            </List.Item>
          )}
        />
      )}

      {editing && (
        <DayModal calendarId={calendar.id} day={editing.day} date={editing.date} onClose={() => setEditing(null)} />
      )}
      <ImportIcsModal calendarId={calendar.id} open={importing} onClose={() => setImporting(false)} />
      {applying && <ApplyOfficialModal calendarId={calendar.id} year={year} onClose={() => setApplying(false)} />}
    </Card>
  );
}

/** Twelve month grids, Monday first: days off red, make-up days blue, ordinary days off grey. */
function MonthGrids({
  year,
  calendar,
  byDate,
  onPick,
}: {
  year: number;
  calendar: Calendar;
  byDate: Map<string, CalendarDay>;
  onPick?: (date: string) => void;
}) {
  const { t, language } = useLocale();
  const format = useSlaFormat();
  const weekdayShort = Array.from({ length: 7 }, (_, w) =>
    language === 'zh' ? format.weekday(w).slice(-1) : format.weekday(w).slice(0, 2),
  );
  return (
    <>
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <Tag color="red">{t('sla.dayKind.holiday')}</Tag>
        <Tag color="blue">{t('sla.dayKind.make_up')}</Tag>
        <Tag>{t('sla.restDay')}</Tag>
      </Flex>
      <Row gutter={[16, 16]} data-testid="sla-month-grids">
        {Array.from({ length: 12 }, (_, month) => {
          const first = dayjs(new Date(year, month, 1));
          const offset = (first.day() + 6) % 7;
          const count = first.daysInMonth();
          const cells = [
            ...Array.from({ length: offset }, (_, blank) => ({ key: `blank-${blank}`, d: null })),
            ...Array.from({ length: count }, (_, d) => ({ key: `day-${d + 1}`, d: d + 1 })),
          ];
          return (
            <Col key={first.format('YYYY-MM')} xs={24} sm={12} lg={8} xxl={6}>
              <Typography.Text strong>{first.format(t('sla.monthFormat'))}</Typography.Text>
              <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, marginTop: 4 }}>
                {weekdayShort.map((label) => (
                  <Typography.Text key={label} type="secondary" style={{ textAlign: 'center', fontSize: 12 }}>
                    {label}
                  </Typography.Text>
                ))}
                {cells.map(({ key, d }) => {
                  if (d === null) return <span key={key} />;
                  const date = `${year}-${String(month + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
                  const special = byDate.get(date);
                  const rest = !calendar.alwaysOpen && calendar.weekly[weekdayIndex(date)].length === 0;
                  const background =
                    special?.kind === 'holiday' ? '#fff1f0' : special?.kind === 'make_up' ? '#e6f4ff' : undefined;
                  const color =
                    special?.kind === 'holiday'
                      ? '#cf1322'
                      : special?.kind === 'make_up'
                        ? '#0958d9'
                        : rest
                          ? 'rgba(0,0,0,0.35)'
                          : undefined;
                  const style = {
                    border: 'none',
                    borderRadius: 4,
                    padding: '4px 0',
                    textAlign: 'center' as const,
                    background: background ?? 'transparent',
                    color: color ?? 'inherit',
                    cursor: onPick ? 'pointer' : 'default',
                    fontVariantNumeric: 'tabular-nums',
                    font: 'inherit',
                  };
                  const cell = onPick ? (
                    <button type="button" key={date} data-date={date} onClick={() => onPick(date)} style={style}>
                      {d}
                    </button>
                  ) : (
                    <span key={date} data-date={date} style={style}>
                      {d}
                    </span>
                  );
                  return special ? (
                    <Tooltip key={date} title={`${date} ${special.name}`}>
                      {cell}
                    </Tooltip>
                  ) : (
                    cell
                  );
                })}
              </div>
            </Col>
          );
        })}
      </Row>
    </>
  );
}

type DayValues = { date?: string | null; kind: CalendarDay['kind']; name?: string };

function DayModal({
  calendarId,
  day,
  date,
  onClose,
}: {
  calendarId: number;
  day?: CalendarDay;
  date?: string;
  onClose: () => void;
}) {
  const { t, language } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<DayValues>();
  const save = useSaveDay(calendarId);
  const onError = useApiErrorHandler();
  const rules = useFieldRules(calendarDayInput);
  const submit = (values: DayValues) => {
    const body = parseForForm(calendarDayInput, values, form, language);
    if (!body) return;
    save.mutateAsync({ existing: !!day, day: body }).then(
      () => {
        message.success(t('common.saved'));
        onClose();
      },
      (error) => onError(error, { form }),
    );
  };
  return (
    <Modal
      open
      title={day ? t('sla.editDay') : t('sla.addDay')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'sla-day-save' }}
      destroyOnHidden
    >
      <Form<DayValues>
        form={form}
        layout="vertical"
        initialValues={day ?? { date: date ?? null, kind: 'holiday' }}
        onFinish={submit}
        disabled={save.isPending}
      >
        <Form.Item name="date" label={t('sla.date')} rules={rules('date')} required {...datePickerProps}>
          <DatePicker style={{ width: '100%' }} disabled={!!day} data-testid="sla-day-date" />
        </Form.Item>
        <Form.Item name="kind" label={t('field.dayKind')} rules={rules('kind')} required>
          <Radio.Group
            optionType="button"
            options={calendarDayKinds.map((kind) => ({ value: kind, label: t(`sla.dayKind.${kind}`) }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t('field.name')} rules={rules('name')} required>
          <Input maxLength={50} placeholder={t('sla.dayNamePlaceholder')} data-testid="sla-day-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** What an import or the official schedule would do: added and replaced days, skipped lines. */
function ChangeReportView({ report }: { report: DayChangeReport }) {
  const { t } = useLocale();
  const format = useSlaFormat();
  const rows = [
    ...report.add.map((day) => ({ ...day, change: 'add' as const, previous: null as CalendarDay | null })),
    ...report.replace.map((day) => ({
      ...day,
      change: 'replace' as const,
      previous: { date: day.date, kind: day.previousKind, name: day.previousName },
    })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  return (
    <Flex vertical gap={12}>
      <Alert
        type={report.committed ? 'success' : 'info'}
        showIcon
        data-testid="sla-change-summary"
        title={t(report.committed ? 'sla.changeDone' : 'sla.changeSummary', {
          add: report.add.length,
          replace: report.replace.length,
          unchanged: report.unchanged,
          skipped: report.skipped.length,
        })}
      />
      {rows.length > 0 && (
        <List
          size="small"
          bordered
          style={{ maxHeight: 280, overflow: 'auto' }}
          dataSource={rows}
          rowKey={(row) => row.date}
          renderItem={(row) => (
            <List.Item>
              <Flex gap={8} wrap align="center">
                <Tag color={row.change === 'add' ? 'green' : 'orange'}>{t(`sla.change.${row.change}`)}</Tag>
                <Typography.Text strong>{row.date}</Typography.Text>
                <Typography.Text type="secondary">{format.weekday(weekdayIndex(row.date))}</Typography.Text>
                <DayKindTag kind={row.kind} />
                <span>{row.name}</span>
                {row.previous && (
                  <Typography.Text type="secondary">
                    {t('sla.previously', {
                      kind: t(`sla.dayKind.${row.previous.kind}`),
                      name: row.previous.name,
                    })}
                  </Typography.Text>
                )}
              </Flex>
            </List.Item>
          )}
        />
      )}
      {report.skipped.length > 0 && (
        <details>
          <summary>{t('sla.skippedLines', { count: report.skipped.length })}</summary>
          <ul style={{ maxHeight: 160, overflow: 'auto', margin: '8px 0 0', paddingLeft: 20 }}>
            {report.skipped.map((line) => (
              <li key={line}>
                <Typography.Text type="secondary">{line}</Typography.Text>
              </li>
            ))}
          </ul>
        </details>
      )}
    </Flex>
  );
}

function ImportIcsModal({ calendarId, open, onClose }: { calendarId: number; open: boolean; onClose: () => void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<DayChangeReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const run = useImportIcs(calendarId);
  const reset = () => {
    setFile(null);
    setReport(null);
    setFailure(null);
  };
  const send = (dryRun: boolean) => {
    if (!file) return;
    setFailure(null);
    run.mutateAsync({ file, dryRun }).then(
      (result) => {
        setReport(result);
        if (result.committed) message.success(t('sla.importDone'));
      },
      (error: Error) => {
        setReport(null);
        setFailure(error.message);
      },
    );
  };
  const committed = report?.committed === true;
  const canCommit = !!report && !committed && report.add.length + report.replace.length > 0;
  return (
    <Modal
      open={open}
      title={t('sla.importIcs')}
      width={680}
      destroyOnHidden
      onCancel={onClose}
      afterClose={reset}
      footer={
        <Flex justify="end" gap={8} wrap>
          <Button onClick={onClose}>{committed ? t('common.close') : t('common.cancel')}</Button>
          {!committed && (
            <Button
              disabled={!file}
              loading={run.isPending && run.variables?.dryRun}
              onClick={() => send(true)}
              data-testid="sla-ics-check"
            >
              {t('sla.preview')}
            </Button>
          )}
          {!committed && (
            <Button
              type="primary"
              disabled={!canCommit}
              loading={run.isPending && !run.variables?.dryRun}
              onClick={() => send(false)}
              data-testid="sla-ics-commit"
            >
              {t('sla.importCommit')}
            </Button>
          )}
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        <Typography.Text type="secondary">{t('sla.importIcsHint')}</Typography.Text>
        <Upload.Dragger
          accept=".ics,text/calendar"
          maxCount={1}
          multiple={false}
          fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
          beforeUpload={(chosen) => {
            setFile(chosen);
            setReport(null);
            setFailure(null);
            return false;
          }}
          onRemove={() => {
            reset();
            return true;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('sla.chooseIcs')}</p>
        </Upload.Dragger>
        {failure && <Alert type="error" showIcon title={failure} data-testid="sla-ics-error" />}
        {report && <ChangeReportView report={report} />}
      </Flex>
    </Modal>
  );
}

function ApplyOfficialModal({ calendarId, year, onClose }: { calendarId: number; year: number; onClose: () => void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const official = useOfficialSchedules();
  const run = useApplyOfficial(calendarId);
  const [report, setReport] = useState<DayChangeReport | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const schedule = official.data?.items.find((item) => item.year === year);
  const send = (dryRun: boolean) =>
    run.mutateAsync({ year, dryRun }).then(
      (result) => {
        setReport(result);
        if (result.committed) message.success(t('sla.applyDone', { year }));
      },
      (error: Error) => setFailure(error.message),
    );
  // The preview loads when the dialog opens; committing is the user's decision.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per opened dialog
  useEffect(() => {
    void send(true);
  }, []);
  const committed = report?.committed === true;
  return (
    <Modal
      open
      title={t('sla.applyOfficial', { year })}
      width={680}
      onCancel={onClose}
      footer={
        <Flex justify="end" gap={8} wrap>
          <Button onClick={onClose}>{committed ? t('common.close') : t('common.cancel')}</Button>
          {!committed && (
            <Button
              type="primary"
              disabled={!report || report.add.length + report.replace.length === 0}
              loading={run.isPending}
              onClick={() => send(false)}
              data-testid="sla-apply-commit"
            >
              {t('sla.applyCommit')}
            </Button>
          )}
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        {schedule && <Typography.Text type="secondary">{schedule.notice}</Typography.Text>}
        {failure && <Alert type="error" showIcon title={failure} />}
        {report ? <ChangeReportView report={report} /> : !failure && <Skeleton active paragraph={{ rows: 4 }} />}
      </Flex>
    </Modal>
  );
}
