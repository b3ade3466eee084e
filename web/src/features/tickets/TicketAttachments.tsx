/** Photos and files of a ticket: upload, thumbnails for photos (click to enlarge), download. */
import { DownloadOutlined, FileOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, Image, Typography, Upload } from 'antd';
import type { AttachmentMeta } from '../../../../server/modules/tickets/tickets.contract';
import { formatDateTime } from '../../lib/format';
import { useT } from '../../lib/i18n';
import { isPhoto, useUploadAttachment } from './tickets.api';

export const formatBytes = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(0)} KB`
      : `${(bytes / 1048576).toFixed(1)} MB`;

/** What the upload accepts (the server checks type and size again). */
export const attachmentAccept =
  'image/jpeg,image/png,image/webp,image/heic,.heic,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt';

export function TicketAttachments({
  ticketId,
  attachments,
  canUpload,
}: {
  ticketId: number;
  attachments: AttachmentMeta[];
  canUpload: boolean;
}) {
  const t = useT();
  const { message } = App.useApp();
  const upload = useUploadAttachment(ticketId);
  const photos = attachments.filter((item) => isPhoto(item) && item.kind !== 'signature');
  const signatures = attachments.filter((item) => item.kind === 'signature');
  const files = attachments.filter((item) => !isPhoto(item) && item.kind !== 'signature');

  return (
    <Flex vertical gap={12} data-testid="ticket-attachments">
      {canUpload && (
        <Upload
          multiple
          accept={attachmentAccept}
          showUploadList={false}
          customRequest={({ file, onSuccess, onError }) => {
            upload
              .mutateAsync(file as File)
              .then((saved) => {
                message.success(t('tickets.attachments.uploaded', { name: saved.fileName }));
                onSuccess?.(saved);
              })
              .catch((error: Error) => {
                message.error(error.message);
                onError?.(error);
              });
          }}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="attachment-upload">
            {t('tickets.attachments.upload')}
          </Button>
        </Upload>
      )}
      {attachments.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tickets.attachments.none')} />
      )}
      {photos.length + signatures.length > 0 && (
        <Image.PreviewGroup>
          <Flex gap={8} wrap>
            {[...photos, ...signatures].map((item) => (
              <Flex key={item.id} vertical align="center" gap={2} style={{ width: 104 }}>
                <Image
                  src={item.url}
                  alt={item.fileName}
                  width={96}
                  height={96}
                  style={{ objectFit: 'cover', borderRadius: 6 }}
                  data-testid="attachment-thumbnail"
                />
                <Typography.Text type="secondary" ellipsis style={{ fontSize: 11, maxWidth: 100 }}>
                  {item.kind === 'signature' ? t('tickets.attachments.signature') : item.fileName}
                </Typography.Text>
              </Flex>
            ))}
          </Flex>
        </Image.PreviewGroup>
      )}
      {files.map((item) => (
        <Flex key={item.id} align="center" gap={8} wrap data-testid="attachment-file">
          <FileOutlined />
          <a href={item.url} download={item.fileName}>
            {item.fileName}
          </a>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatBytes(item.byteSize)} · {item.uploadedByName ?? '—'} · {formatDateTime(item.createdAt)}
          </Typography.Text>
          <a href={item.url} download={item.fileName} aria-label={t('tickets.attachments.download')}>
            <DownloadOutlined />
          </a>
        </Flex>
      ))}
    </Flex>
  );
}
