import { BellOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Drawer, Flex, Popover } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../lib/i18n';
import { useIsPhone } from '../../lib/responsive';
import { NotificationList } from './NotificationList';
import { notificationKeys, useMarkAllRead, useNotifications, useUnreadCount } from './notifications.api';

const RECENT = 8;

/** The header bell: unread count (polled every 30 s) and the latest notifications on click. */
export function NotificationBell() {
  const t = useT();
  const isPhone = useIsPhone();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const count = unread.data ?? 0;

  // New notifications arrived (or some were read elsewhere): lists shown anywhere are stale.
  useEffect(() => {
    if (unread.data !== undefined) void queryClient.invalidateQueries({ queryKey: [...notificationKeys.all, 'list'] });
  }, [unread.data, queryClient]);

  const button = (
    <Button
      type="text"
      data-testid="notification-bell"
      aria-label={count > 0 ? t('notifications.bellUnread', { count }) : t('notifications.bell')}
      onClick={isPhone ? () => setOpen(true) : undefined}
      style={{ paddingInline: 8 }}
    >
      <Badge count={count} size="small" overflowCount={99} offset={[4, -2]}>
        <BellOutlined style={{ fontSize: 16 }} />
      </Badge>
    </Button>
  );
  const content = <RecentNotifications open={open} unread={count} onDone={() => setOpen(false)} />;

  if (isPhone) {
    return (
      <>
        {button}
        <Drawer
          title={t('notifications.recent')}
          placement="right"
          size="100%"
          open={open}
          onClose={() => setOpen(false)}
          destroyOnHidden
          styles={{ body: { padding: 0 } }}
        >
          {content}
        </Drawer>
      </>
    );
  }
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      destroyOnHidden
      title={t('notifications.recent')}
      content={<div style={{ width: 380, maxHeight: '70vh', overflow: 'auto' }}>{content}</div>}
    >
      {button}
    </Popover>
  );
}

function RecentNotifications({ open, unread, onDone }: { open: boolean; unread: number; onDone: () => void }) {
  const t = useT();
  const recent = useNotifications({ page: 1, pageSize: RECENT }, open);
  const markAllRead = useMarkAllRead();
  return (
    <NotificationList
      testId="notification-dropdown"
      items={recent.data?.items}
      loading={recent.isPending}
      empty={t('notifications.empty')}
      onOpen={onDone}
      footer={
        <Flex justify="space-between" wrap gap={8} style={{ paddingInline: 12 }}>
          <Link to="/notifications" onClick={onDone} data-testid="notification-view-all">
            {t('notifications.viewAll')}
          </Link>
          <Button
            type="link"
            size="small"
            disabled={unread === 0}
            loading={markAllRead.isPending}
            onClick={() => markAllRead.mutate()}
            style={{ padding: 0 }}
          >
            {t('notifications.markAllRead')}
          </Button>
        </Flex>
      }
    />
  );
}
