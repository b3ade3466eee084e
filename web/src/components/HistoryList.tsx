import { Empty, Flex, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatDateTime } from '../lib/format';
import { useLocale } from '../lib/i18n';
import type { HistoryItem } from '../lib/resource';
import { QueryState } from './QueryState';

type Query = { data: { items: HistoryItem[] } | undefined; error: unknown; isPending: boolean; refetch: () => unknown };

const actionColors: Record<string, string> = {
  create: 'green',
  update: 'blue',
  deactivate: 'red',
  reactivate: 'cyan',
  import: 'purple',
  terminate: 'volcano',
};

const hiddenFields = new Set(['id', 'version', 'createdAt', 'updatedAt', 'searchText', 'searchGrams']);

/** The audit trail of one record (PLT-2): when, who, what, and each changed field before → after. */
export function HistoryList({ query }: { query: Query }) {
  const { t, tOptional } = useLocale();

  const fieldLabel = (field: string) => tOptional(`field.${field}`) ?? field;
  const valueText = (value: unknown): ReactNode => {
    if (value === null || value === undefined || value === '')
      return <Typography.Text type="secondary">{t('history.empty')}</Typography.Text>;
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (Array.isArray(value))
      return value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item))).join(', ');
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  };

  return (
    <QueryState query={query}>
      {(data) =>
        data.items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('history.none')} />
        ) : (
          <Timeline
            style={{ marginTop: 8 }}
            items={data.items.map((entry) => {
              const before = (entry.before ?? {}) as Record<string, unknown>;
              const after = (entry.after ?? {}) as Record<string, unknown>;
              const changed =
                entry.action === 'update' && typeof after === 'object'
                  ? Object.keys({ ...before, ...after }).filter((key) => !hiddenFields.has(key))
                  : [];
              return {
                key: entry.id,
                color: actionColors[entry.action] ?? 'gray',
                content: (
                  <Flex vertical gap={4} data-testid="history-entry">
                    <Flex gap={8} wrap align="center">
                      <Tag color={actionColors[entry.action]}>{tOptional(`audit.${entry.action}`) ?? entry.action}</Tag>
                      <Typography.Text strong>{entry.actorName ?? t('history.system')}</Typography.Text>
                      <Typography.Text type="secondary">{formatDateTime(entry.at)}</Typography.Text>
                    </Flex>
                    {changed.map((key) => (
                      <div key={key} style={{ overflowWrap: 'anywhere' }}>
                        <Typography.Text type="secondary">{fieldLabel(key)}：</Typography.Text>
                        <Typography.Text delete type="secondary">
                          {valueText(before[key])}
                        </Typography.Text>
                        {' → '}
                        <Typography.Text>{valueText(after[key])}</Typography.Text>
                      </div>
                    ))}
                  </Flex>
                ),
              };
            })}
          />
        )
      }
    </QueryState>
  );
}
