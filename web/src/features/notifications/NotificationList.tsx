import { Badge, Empty, Flex, List, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { useT } from '../../lib/i18n';
import { type NotificationItem, useMarkRead } from './notifications.api';

/**
 * Notifications as a list; a click marks one read and opens its page (ticket…). Shared by the
 * bell's dropdown and the notifications page.
 */
export function NotificationList({
  items,
  loading,
  empty,
  onOpen,
  footer,
  testId,
}: {
  items: NotificationItem[] | undefined;
  loading: boolean;
  empty: string;
  /** Called after a click (e.g. to close the dropdown). */
  onOpen?: () => void;
  footer?: ReactNode;
  testId?: string;
}) {
  const t = useT();
  const navigate = useNavigate();
  const markRead = useMarkRead();

  const open = (item: NotificationItem) => {
    if (!item.readAt) markRead.mutate(item.id);
    onOpen?.();
    if (item.link) navigate(item.link);
  };

  return (
    <List
      data-testid={testId}
      loading={loading}
      dataSource={items ?? []}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
      footer={footer}
      rowKey={(item) => item.id}
      renderItem={(item) => (
        <List.Item
          style={{ cursor: 'pointer', paddingInline: 12, alignItems: 'flex-start' }}
          onClick={() => open(item)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault();
              open(item);
            }
          }}
          tabIndex={0}
          role="button"
          data-testid="notification-item"
          data-unread={!item.readAt || undefined}
        >
          <Flex vertical gap={2} style={{ minWidth: 0, width: '100%' }}>
            <Flex gap={8} align="baseline" justify="space-between">
              <Typography.Text strong={!item.readAt} ellipsis style={{ minWidth: 0 }}>
                {!item.readAt && <Badge status="processing" aria-label={t('notifications.unread')} />} {item.title}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12, flexShrink: 0 }}>
                {formatDateTime(item.createdAt)}
              </Typography.Text>
            </Flex>
            <Typography.Paragraph
              type="secondary"
              ellipsis={{ rows: 2 }}
              style={{ margin: 0, overflowWrap: 'anywhere' }}
            >
              {item.body}
            </Typography.Paragraph>
          </Flex>
        </List.Item>
      )}
    />
  );
}
