import { FilterOutlined } from '@ant-design/icons';
import { Badge, Button, Flex } from 'antd';
import { type ReactNode, useState } from 'react';
import { useT } from '../lib/i18n';
import type { ListParams } from '../lib/list-params';
import { useIsPhone } from '../lib/responsive';

const notFilters = new Set(['q', 'page', 'pageSize', 'sort', 'order']);

/**
 * Search plus filters of a list. On phones only the search shows; the other filters fold behind a
 * button that counts the ones in use, so the list starts near the top of the screen.
 */
export function FilterBar({
  params,
  search,
  children,
}: {
  params: ListParams;
  search: ReactNode;
  children?: ReactNode;
}) {
  const t = useT();
  const isPhone = useIsPhone();
  const [open, setOpen] = useState(false);
  const inUse = [...params.search.keys()].filter((key) => !notFilters.has(key)).length;
  const clear = params.hasFilters && (
    <Button type="link" onClick={params.reset}>
      {t('common.clearFilters')}
    </Button>
  );

  if (!isPhone) {
    return (
      <Flex className="filter-bar" gap={8} wrap>
        {search}
        {children}
        {clear}
      </Flex>
    );
  }
  return (
    <Flex vertical gap={8} className="filter-bar">
      <Flex gap={8} align="center">
        <div style={{ flex: 1, minWidth: 0 }}>{search}</div>
        {children && (
          <Badge count={inUse} size="small">
            <Button
              icon={<FilterOutlined />}
              onClick={() => setOpen((value) => !value)}
              aria-expanded={open}
              data-testid="filter-toggle"
            >
              {t('common.filters')}
            </Button>
          </Badge>
        )}
      </Flex>
      {open && (
        <Flex wrap gap={8} className="filter-bar-panel">
          {children}
          {clear}
        </Flex>
      )}
    </Flex>
  );
}
