/**
 * One stocktake (PRT-4). While counting: the count sheet for the phone — a scan-friendly code field
 * with a quantity, and every line with a big quantity input, skip and recount; never a book
 * quantity. After submission the station manager sees the variance (盘盈/盘亏 with value), gives a
 * reason per variance, approves (adjustments posted) or sends it back for recounting.
 */
import { CheckOutlined, PrinterOutlined, ScanOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  type GetRef,
  Input,
  InputNumber,
  type InputRef,
  Modal,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatDateTime, formatFen } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { useT } from '../../lib/i18n';
import { useIsPhone } from '../../lib/responsive';
import { useCan } from '../auth/auth.api';
import { StocktakeStatusTag } from './StocktakesPage';
import {
  type CountLine,
  type StocktakeDetail,
  useApproveStocktake,
  useCancelStocktake,
  useCount,
  useRejectStocktake,
  useSaveReasons,
  useStocktake,
  useSubmitStocktake,
  useVariance,
  type VarianceView,
} from './stocktake.api';
import '../field/field.css';

export function StocktakeDetailPage() {
  const id = Number(useParams().id);
  const query = useStocktake(id);
  const can = useCan();
  return (
    <QueryState query={query}>
      {(stocktake) => {
        const review = can('approveParts') && (stocktake.status === 'submitted' || stocktake.status === 'approved');
        return (
          <div className="field-page" style={{ maxWidth: review ? 1200 : 760 }}>
            <Header stocktake={stocktake} />
            {review ? (
              <VarianceReview stocktake={stocktake} />
            ) : stocktake.status === 'counting' && can('keepStock') ? (
              <CountSheet stocktake={stocktake} />
            ) : (
              <ReadOnlySheet stocktake={stocktake} />
            )}
          </div>
        );
      }}
    </QueryState>
  );
}

function Header({ stocktake }: { stocktake: StocktakeDetail }) {
  const t = useT();
  const can = useCan();
  const { modal } = App.useApp();
  const cancel = useCancelStocktake(stocktake.id);
  const onError = useApiErrorHandler();
  const open = stocktake.status === 'counting' || stocktake.status === 'submitted';
  return (
    <>
      <PageHeader
        title={`${t('stocktake.sheet')} ${stocktake.number}`}
        backTo="/stocktakes"
        tags={<StocktakeStatusTag status={stocktake.status} />}
        extra={
          <>
            <Link to={`/print/stocktakes/${stocktake.id}`}>
              <Button icon={<PrinterOutlined />} data-testid="stocktake-print">
                {t('stocktake.print')}
              </Button>
            </Link>
            {open && can('keepStock') && (
              <Button
                danger
                data-testid="stocktake-cancel"
                loading={cancel.isPending}
                onClick={() =>
                  modal.confirm({
                    title: t('stocktake.cancelConfirm'),
                    okText: t('stocktake.cancel'),
                    okButtonProps: { danger: true },
                    onOk: () => cancel.mutateAsync({ version: stocktake.version }).catch((error) => onError(error)),
                  })
                }
              >
                {t('stocktake.cancel')}
              </Button>
            )}
          </>
        }
      />
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('stocktake.warehouse')}>
          {stocktake.warehouseName}（{stocktake.warehouseCode}）
        </Descriptions.Item>
        <Descriptions.Item label={t('stocktake.startedAt')}>
          {formatDateTime(stocktake.startedAt)} · {stocktake.startedByName}
        </Descriptions.Item>
        <Descriptions.Item label={t('stocktake.progress')}>
          <span data-testid="stocktake-progress">
            {t('stocktake.progressValue', {
              counted: stocktake.countedCount,
              skipped: stocktake.skippedCount,
              total: stocktake.lineCount,
            })}
          </span>
        </Descriptions.Item>
        {stocktake.note && <Descriptions.Item label={t('stocktake.note')}>{stocktake.note}</Descriptions.Item>}
      </Descriptions>
    </>
  );
}

const lineLabel = (line: CountLine) => `${line.partCode} ${line.partName}${line.spec ? ` ${line.spec}` : ''}`;

function ConditionTag({ condition }: { condition: 'good' | 'defective' }) {
  const t = useT();
  return condition === 'defective' ? <Tag color="orange">{t('stocktake.defective')}</Tag> : null;
}

// ---------- counting (phone first) ----------

function CountSheet({ stocktake }: { stocktake: StocktakeDetail }) {
  const t = useT();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const count = useCount(stocktake.id);
  const submit = useSubmitStocktake(stocktake.id);
  const [code, setCode] = useState('');
  const [quantity, setQuantity] = useState<number | null>(null);
  const [condition, setCondition] = useState<'good' | 'defective'>('good');
  const [filter, setFilter] = useState('');
  const [onlyOpen, setOnlyOpen] = useState(false);
  const quantityRef = useRef<GetRef<typeof InputNumber>>(null);
  const codeRef = useRef<InputRef>(null);

  const lines = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return stocktake.lines.filter(
      (line) =>
        (!onlyOpen || line.state === 'open') &&
        (!needle || line.partCode.toLowerCase().includes(needle) || line.partName.toLowerCase().includes(needle)),
    );
  }, [stocktake.lines, filter, onlyOpen]);
  const openCount = stocktake.lines.filter((line) => line.state === 'open').length;

  const saveScanned = () => {
    if (!code.trim() || quantity === null) return;
    count.mutate(
      { partCode: code.trim(), condition, countedQuantity: quantity },
      {
        onSuccess: (line) => {
          message.success(t('stocktake.countSaved', { part: line.partCode, quantity: line.countedQuantity ?? 0 }));
          setCode('');
          setQuantity(null);
          codeRef.current?.focus();
        },
        onError: (error) => onError(error),
      },
    );
  };

  return (
    <Flex vertical gap={12}>
      <Card size="small" title={t('stocktake.scanTitle')}>
        <Flex vertical gap={8}>
          <Input
            ref={codeRef}
            size="large"
            prefix={<ScanOutlined />}
            placeholder={t('stocktake.scanPlaceholder')}
            value={code}
            autoFocus
            autoComplete="off"
            autoCapitalize="characters"
            enterKeyHint="next"
            onChange={(event) => setCode(event.target.value)}
            onPressEnter={() => quantityRef.current?.focus()}
            data-testid="count-code"
          />
          <Flex gap={8}>
            <InputNumber
              ref={quantityRef}
              size="large"
              min={0}
              precision={0}
              inputMode="numeric"
              placeholder={t('stocktake.countedQuantity')}
              value={quantity}
              onChange={(value) => setQuantity(value)}
              onPressEnter={saveScanned}
              style={{ flex: 1 }}
              data-testid="count-quantity"
            />
            <Radio.Group
              size="large"
              optionType="button"
              value={condition}
              onChange={(event) => setCondition(event.target.value)}
              options={[
                { value: 'good', label: t('stocktake.good') },
                { value: 'defective', label: t('stocktake.defective') },
              ]}
            />
          </Flex>
          <Button
            type="primary"
            size="large"
            className="field-big-button"
            icon={<CheckOutlined />}
            disabled={!code.trim() || quantity === null}
            loading={count.isPending}
            onClick={saveScanned}
            data-testid="count-save"
          >
            {t('stocktake.saveCount')}
          </Button>
        </Flex>
      </Card>

      <Flex gap={8} align="center" wrap>
        <Input.Search
          allowClear
          placeholder={t('stocktake.filterLines')}
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          style={{ flex: 1, minWidth: 180 }}
          data-testid="count-filter"
        />
        <Radio.Group
          optionType="button"
          value={onlyOpen ? 'open' : 'all'}
          onChange={(event) => setOnlyOpen(event.target.value === 'open')}
          options={[
            { value: 'all', label: t('stocktake.allLines') },
            { value: 'open', label: t('stocktake.openLines', { count: openCount }) },
          ]}
        />
      </Flex>

      <div data-testid="count-lines">
        {lines.map((line) => (
          // A count saved elsewhere (the scan field, another counter) refreshes the row's input.
          <CountLineRow key={`${line.id}:${line.countedAt ?? ''}`} stocktakeId={stocktake.id} line={line} />
        ))}
        {lines.length === 0 && <Typography.Text type="secondary">{t('stocktake.noLines')}</Typography.Text>}
      </div>

      <div className="field-step-buttons">
        {openCount > 0 && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 8 }}
            message={t('stocktake.openHint', { count: openCount })}
          />
        )}
        <Button
          type="primary"
          block
          className="field-big-button"
          disabled={openCount > 0}
          loading={submit.isPending}
          onClick={() => submit.mutate(stocktake.version, { onError: (error) => onError(error) })}
          data-testid="stocktake-submit"
        >
          {t('stocktake.submit')}
        </Button>
      </div>
    </Flex>
  );
}

function CountLineRow({ stocktakeId, line }: { stocktakeId: number; line: CountLine }) {
  const t = useT();
  const count = useCount(stocktakeId);
  const onError = useApiErrorHandler();
  const [value, setValue] = useState<number | null>(line.countedQuantity);
  const save = (skip: boolean) =>
    count.mutate(skip ? { lineId: line.id, skip: true } : { lineId: line.id, countedQuantity: value ?? 0 }, {
      onError: (error) => onError(error),
    });
  return (
    <div
      className="part-row"
      style={{ gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)' }}
      data-testid={`count-line-${line.partCode}${line.condition === 'defective' ? '-defective' : ''}`}
    >
      <div className="part-row-wide">
        <Typography.Text strong>{lineLabel(line)}</Typography.Text> <ConditionTag condition={line.condition} />
        <div>
          <Typography.Text type="secondary">
            {line.state === 'counted'
              ? t('stocktake.countedBy', {
                  quantity: line.countedQuantity ?? 0,
                  unit: line.unit,
                  by: line.countedByName ?? '',
                })
              : line.state === 'skipped'
                ? t('stocktake.skipped')
                : t('stocktake.notCounted')}
          </Typography.Text>
        </div>
      </div>
      <InputNumber
        size="large"
        min={0}
        precision={0}
        inputMode="numeric"
        value={value}
        onChange={(next) => setValue(next)}
        onPressEnter={() => value !== null && save(false)}
        style={{ width: '100%' }}
        aria-label={t('stocktake.countedQuantity')}
        data-testid="count-line-quantity"
      />
      <Space.Compact style={{ width: '100%' }}>
        <Button
          size="large"
          type={line.state === 'counted' ? 'default' : 'primary'}
          disabled={value === null}
          loading={count.isPending}
          onClick={() => save(false)}
          style={{ flex: 1 }}
          data-testid="count-line-save"
        >
          {line.state === 'counted' ? t('stocktake.recount') : t('stocktake.saveCount')}
        </Button>
        <Button
          size="large"
          disabled={line.state === 'skipped'}
          onClick={() => save(true)}
          data-testid="count-line-skip"
        >
          {t('stocktake.skip')}
        </Button>
      </Space.Compact>
    </div>
  );
}

function ReadOnlySheet({ stocktake }: { stocktake: StocktakeDetail }) {
  const t = useT();
  return (
    <Table<CountLine>
      size="small"
      rowKey="id"
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={stocktake.lines}
      columns={[
        { key: 'part', title: t('stocktake.part'), render: (_, line) => lineLabel(line) },
        {
          key: 'condition',
          title: t('stocktake.condition'),
          render: (_, line) => <ConditionTag condition={line.condition} />,
        },
        {
          key: 'counted',
          title: t('stocktake.countedQuantity'),
          align: 'right',
          render: (_, line) => (line.state === 'skipped' ? t('stocktake.skipped') : (line.countedQuantity ?? '—')),
        },
      ]}
    />
  );
}

// ---------- variance review (station manager) ----------

type VarianceLine = VarianceView['lines'][number];

function VarianceReview({ stocktake }: { stocktake: StocktakeDetail }) {
  const t = useT();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const variance = useVariance(stocktake.id, true);
  const saveReasons = useSaveReasons(stocktake.id);
  const approve = useApproveStocktake(stocktake.id);
  const reject = useRejectStocktake(stocktake.id);
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const [rejecting, setRejecting] = useState(false);
  const [rejectNote, setRejectNote] = useState('');
  const editable = stocktake.status === 'submitted';

  return (
    <QueryState query={variance}>
      {(view) => {
        const reasonOf = (line: VarianceLine) => reasons[line.id] ?? line.varianceReason ?? '';
        const payload = () =>
          view.lines
            .filter((line) => line.variance !== 0 && reasons[line.id] !== undefined)
            .map((line) => ({ lineId: line.id, reason: reasons[line.id] || null }));
        const missing = view.lines.filter((line) => line.variance !== 0 && !reasonOf(line).trim());
        return (
          <Flex vertical gap={12}>
            <Flex gap={16} wrap data-testid="variance-totals">
              <Typography.Text>
                {t('stocktake.surplusTotal')}：<b>{view.surplusQuantity}</b> · {formatFen(view.surplusValueFen)}
              </Typography.Text>
              <Typography.Text>
                {t('stocktake.shortageTotal')}：<b>{view.shortageQuantity}</b> · {formatFen(-view.shortageValueFen)}
              </Typography.Text>
            </Flex>
            <Table<VarianceLine>
              size="small"
              rowKey="id"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={view.lines}
              data-testid="variance-table"
              rowClassName={(line) => (line.variance !== 0 ? 'variance-row' : '')}
              columns={[
                {
                  key: 'part',
                  title: t('stocktake.part'),
                  render: (_, line) => lineLabel(line),
                  fixed: isPhone ? undefined : 'left',
                },
                {
                  key: 'condition',
                  title: t('stocktake.condition'),
                  render: (_, line) => <ConditionTag condition={line.condition} />,
                },
                {
                  key: 'book',
                  title: t('stocktake.bookQuantity'),
                  align: 'right',
                  render: (_, line) => line.bookQuantity ?? '—',
                },
                {
                  key: 'counted',
                  title: t('stocktake.countedQuantity'),
                  align: 'right',
                  render: (_, line) =>
                    line.state === 'skipped' ? t('stocktake.skipped') : (line.countedQuantity ?? '—'),
                },
                {
                  key: 'variance',
                  title: t('stocktake.variance'),
                  align: 'right',
                  render: (_, line) =>
                    line.kind === 'none' ? (
                      0
                    ) : (
                      <Tag color={line.kind === 'surplus' ? 'green' : 'red'} data-testid={`variance-${line.partCode}`}>
                        {line.kind === 'surplus' ? t('stocktake.surplus') : t('stocktake.shortage')}{' '}
                        {line.variance > 0 ? `+${line.variance}` : line.variance}
                      </Tag>
                    ),
                },
                {
                  key: 'value',
                  title: t('stocktake.value'),
                  align: 'right',
                  render: (_, line) => (line.variance === 0 ? '—' : formatFen(line.valueFen)),
                },
                {
                  key: 'reason',
                  title: t('stocktake.reason'),
                  render: (_, line) =>
                    line.variance === 0 ? null : editable ? (
                      <Input
                        value={reasonOf(line)}
                        maxLength={500}
                        status={reasonOf(line).trim() ? undefined : 'warning'}
                        placeholder={t('stocktake.reasonPlaceholder')}
                        onChange={(event) => setReasons((previous) => ({ ...previous, [line.id]: event.target.value }))}
                        style={{ minWidth: 200 }}
                        data-testid={`variance-reason-${line.partCode}`}
                      />
                    ) : (
                      line.varianceReason
                    ),
                },
              ]}
            />
            {editable && (
              <>
                {missing.length > 0 && (
                  <Alert type="warning" showIcon message={t('stocktake.reasonsMissing', { count: missing.length })} />
                )}
                <Flex gap={8} wrap justify="flex-end">
                  <Button onClick={() => setRejecting(true)} data-testid="stocktake-reject">
                    {t('stocktake.reject')}
                  </Button>
                  <Button
                    loading={saveReasons.isPending}
                    onClick={() =>
                      saveReasons.mutate(
                        { version: view.version, reasons: payload() },
                        {
                          onSuccess: () => {
                            setReasons({});
                            message.success(t('common.saved'));
                          },
                          onError: (error) => onError(error),
                        },
                      )
                    }
                  >
                    {t('stocktake.saveReasons')}
                  </Button>
                  <Button
                    type="primary"
                    disabled={missing.length > 0}
                    loading={approve.isPending}
                    onClick={() =>
                      approve.mutate(
                        { version: view.version, reasons: payload() },
                        {
                          onSuccess: () => {
                            setReasons({});
                            message.success(t('stocktake.approved'));
                          },
                          onError: (error) => onError(error),
                        },
                      )
                    }
                    data-testid="stocktake-approve"
                  >
                    {t('stocktake.approve')}
                  </Button>
                </Flex>
              </>
            )}
            <Modal
              open={rejecting}
              title={t('stocktake.reject')}
              onCancel={() => setRejecting(false)}
              okButtonProps={{ disabled: !rejectNote.trim() }}
              confirmLoading={reject.isPending}
              onOk={() =>
                reject.mutate(
                  { version: view.version, note: rejectNote },
                  { onSuccess: () => setRejecting(false), onError: (error) => onError(error) },
                )
              }
            >
              <Input.TextArea
                rows={3}
                maxLength={500}
                value={rejectNote}
                placeholder={t('stocktake.rejectPlaceholder')}
                onChange={(event) => setRejectNote(event.target.value)}
              />
            </Modal>
          </Flex>
        );
      }}
    </QueryState>
  );
}
