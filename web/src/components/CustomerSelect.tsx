import { Select, type SelectProps } from 'antd';
import { useEffect, useState } from 'react';
import { customersApi } from '../features/customers/customers.api';
import { useT } from '../lib/i18n';
import { useList } from '../lib/resource';

type Props = Omit<SelectProps<number>, 'options' | 'showSearch'> & {
  /** Label for the current value before a search has loaded it (e.g. the customer being edited). */
  initialLabel?: string;
};

/** Picks a customer by searching the server (name, code, phone or contact fragments). */
export function CustomerSelect({ initialLabel, value, ...props }: Props) {
  const t = useT();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');

  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);

  const list = useList(customersApi, { q: q || undefined, active: 'true', pageSize: 20, sort: 'name', order: 'asc' });
  const options = (list.data?.items ?? []).map((customer) => ({
    value: customer.id,
    label: `${customer.name} (${customer.code})`,
  }));
  if (value && initialLabel && !options.some((option) => option.value === value)) {
    options.unshift({ value, label: initialLabel });
  }

  return (
    <Select<number>
      placeholder={t('customers.pickPlaceholder')}
      notFoundContent={list.isFetching ? t('common.loading') : t('common.noMatches')}
      loading={list.isFetching}
      {...props}
      value={value}
      showSearch={{ filterOption: false, onSearch: setText }}
      options={options}
    />
  );
}
