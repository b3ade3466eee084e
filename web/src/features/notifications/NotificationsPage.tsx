import { CheckOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Pagination, Segmented } from 'antd';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryState';
import { useT } from '../../lib/i18n';
import { type ListDefaults, pageSizeOptions, useListParams } from '../../lib/list-params';
import { useIsPhone } from '../../lib/responsive';
import { NotificationList } from './NotificationList';
import { useMarkAllRead, useNotifications, useUnreadCount } from './notifications.api';

const defaults: ListDefaults = { sort: 'createdAt', order: 'desc' };

/** 我的通知: everything the system told me, newest first; unread filter in the URL. */
export function NotificationsPage() {
  const t = useT();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const params = useListParams(defaults);
  const unreadOnly = params.get('unread') === 'true';
  const list = useNotifications({ page: params.page, pageSize: params.pageSize, unread: unreadOnly || undefined });
  const unread = useUnreadCount();
  const markAllRead = useMarkAllRead();

  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        extra={
          <Button
            icon={<CheckOutlined />}
            disabled={!unread.data}
            loading={markAllRead.isPending}
            data-testid="notifications-read-all"
            onClick={() =>
              markAllRead.mutate(undefined, {
                onSuccess: (result) => message.success(t('notifications.markedAllRead', { count: result.updated })),
                onError: (error) => message.error(error.message),
              })
            }
          >
            {t('notifications.markAllRead')}
          </Button>
        }
      />
      <Segmented
        className="filter-bar"
        value={unreadOnly ? 'unread' : 'all'}
        onChange={(value) => params.update({ unread: value === 'unread' ? 'true' : undefined })}
        options={[
          { value: 'all', label: t('notifications.filterAll') },
          {
            value: 'unread',
            label: unread.data
              ? `${t('notifications.filterUnread')} (${unread.data})`
              : t('notifications.filterUnread'),
          },
        ]}
        data-testid="notifications-filter"
      />
      {list.error && !list.data ? (
        <QueryError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <NotificationList
            testId="notifications-list"
            items={list.data?.items}
            loading={list.isFetching}
            empty={unreadOnly ? t('notifications.emptyUnread') : t('notifications.empty')}
          />
        </Card>
      )}
      {(list.data?.total ?? 0) > params.pageSize && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Pagination
            simple={isPhone}
            current={params.page}
            pageSize={params.pageSize}
            total={list.data?.total}
            showSizeChanger={!isPhone}
            pageSizeOptions={pageSizeOptions}
            onChange={(page, pageSize) =>
              params.update(pageSize !== params.pageSize ? { page: 1, pageSize } : { page, pageSize })
            }
          />
        </Flex>
      )}
    </>
  );
}
