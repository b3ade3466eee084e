import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Dropdown, Flex, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { ImportReport, importKinds } from '../../../server/modules/customers/customers.contract';
import { downloadFile, isApiError, type QueryParams, uploadFile } from '../lib/api';
import { useLocale } from '../lib/i18n';

export type ImportKind = (typeof importKinds)[number];
type Format = 'xlsx' | 'csv';

/** Downloads the current list (same filters) as .xlsx, or .csv from the menu. */
export function ExportButton({
  kind,
  filters,
  path = `/api/export/${kind}`,
}: {
  kind: ImportKind | 'parts';
  filters: QueryParams;
  /** Where the export lives when not at /api/export/<kind> (the parts catalogue: /api/parts/export). */
  path?: string;
}) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const run = async (format: Format) => {
    setBusy(true);
    try {
      await downloadFile(path, { ...filters, format }, `${kind}.${format}`);
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space.Compact>
      <Button icon={<DownloadOutlined />} loading={busy} data-testid="export-button" onClick={() => run('xlsx')}>
        {t('export.button')}
      </Button>
      <Dropdown
        disabled={busy}
        menu={{
          items: [
            { key: 'xlsx', label: t('export.xlsx') },
            { key: 'csv', label: t('export.csv') },
          ],
          onClick: ({ key }) => run(key as Format),
        }}
      >
        <Button aria-label={t('export.chooseFormat')} data-testid="export-format">
          ▾
        </Button>
      </Dropdown>
    </Space.Compact>
  );
}

/**
 * ORG-8 import: check the file first (dry run, per-row errors), then import it. The server imports
 * all rows or none, so a file with any error changes nothing.
 */
export function ImportButton({
  kind,
  title,
  onImported,
  path = `/api/import/${kind}`,
}: {
  kind: ImportKind | 'parts';
  title: string;
  onImported: () => void;
  /** Where the import lives when not at /api/import/<kind> (its template at `${path}/template`). */
  path?: string;
}) {
  const { t, tOptional } = useLocale();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<'check' | 'commit' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const reset = () => {
    setFile(null);
    setReport(null);
    setFailure(null);
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'check' : 'commit');
    setFailure(null);
    try {
      const result = await uploadFile<ImportReport>(path, file, { dryRun });
      setReport(result);
      if (!dryRun && result.committed) {
        message.success(t('import.done', { created: result.created }));
        onImported();
      }
    } catch (error) {
      const details = isApiError(error) ? (error.details?.report as ImportReport | undefined) : undefined;
      if (details) setReport(details);
      else setReport(null);
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(null);
    }
  };

  const downloadTemplate = async (format: Format) => {
    try {
      await downloadFile(`${path}/template`, { format }, `${kind}-template.${format}`);
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    }
  };

  const errorRows = (report?.rows ?? []).flatMap((row) =>
    row.errors.map((error, index) => ({
      key: `${row.row}-${index}`,
      row: row.row,
      field: error.field,
      message: error.message,
    })),
  );
  const committed = report?.committed === true;
  const canCommit = !!file && !!report && !committed && report.invalid === 0 && report.total > 0;

  return (
    <>
      <Button icon={<UploadOutlined />} data-testid="import-button" onClick={() => setOpen(true)}>
        {t('import.button')}
      </Button>
      <Modal
        open={open}
        title={title}
        width={720}
        destroyOnHidden
        onCancel={() => {
          setOpen(false);
          reset();
        }}
        afterClose={reset}
        footer={
          <Flex justify="end" gap={8} wrap>
            <Button
              onClick={() => {
                setOpen(false);
              }}
            >
              {committed ? t('common.close') : t('common.cancel')}
            </Button>
            {!committed && (
              <Button disabled={!file} loading={busy === 'check'} onClick={() => send(true)} data-testid="import-check">
                {t('import.check')}
              </Button>
            )}
            {!committed && (
              <Button
                type="primary"
                disabled={!canCommit}
                loading={busy === 'commit'}
                onClick={() => send(false)}
                data-testid="import-commit"
              >
                {t('import.commit')}
              </Button>
            )}
          </Flex>
        }
      >
        <Flex vertical gap={16}>
          <Alert type="info" showIcon title={t('import.allOrNothing')} />
          <Flex gap={8} wrap align="center">
            <Typography.Text>{t('import.template')}</Typography.Text>
            <Button size="small" onClick={() => downloadTemplate('xlsx')} data-testid="import-template-xlsx">
              Excel (.xlsx)
            </Button>
            <Button size="small" onClick={() => downloadTemplate('csv')} data-testid="import-template-csv">
              CSV
            </Button>
          </Flex>
          <Upload.Dragger
            accept=".xlsx,.csv"
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
            <p className="ant-upload-text">{t('import.chooseFile')}</p>
            <p className="ant-upload-hint">{t('import.fileHint')}</p>
          </Upload.Dragger>
          {failure && <Alert type="error" showIcon title={failure} />}
          {report && (
            <Alert
              type={committed ? 'success' : report.invalid > 0 ? 'warning' : 'info'}
              showIcon
              data-testid="import-summary"
              title={
                committed
                  ? t('import.done', { created: report.created })
                  : t('import.summary', { total: report.total, valid: report.valid, invalid: report.invalid })
              }
              description={
                committed
                  ? undefined
                  : report.invalid > 0
                    ? t('import.fixAndRetry')
                    : report.total > 0
                      ? t('import.readyToCommit')
                      : t('import.emptyFile')
              }
            />
          )}
          {errorRows.length > 0 && (
            <Table
              size="small"
              rowKey="key"
              dataSource={errorRows}
              pagination={errorRows.length > 10 ? { pageSize: 10, size: 'small' } : false}
              scroll={{ x: 'max-content' }}
              columns={[
                { key: 'row', title: t('import.row'), dataIndex: 'row', width: 80 },
                {
                  key: 'field',
                  title: t('import.field'),
                  dataIndex: 'field',
                  render: (field: string) => tOptional(`field.${field}`) ?? field,
                },
                { key: 'message', title: t('import.message'), dataIndex: 'message' },
              ]}
            />
          )}
        </Flex>
      </Modal>
    </>
  );
}
