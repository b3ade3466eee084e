import { SearchOutlined } from '@ant-design/icons';
import { Input } from 'antd';
import { useEffect, useRef, useState } from 'react';

type Props = {
  value: string | undefined;
  onSearch: (value: string) => void;
  placeholder?: string;
  testId?: string;
  width?: number | string;
};

/** Searches as the user types (debounced) and at once on Enter; follows the URL when it changes. */
export function SearchInput({ value, onSearch, placeholder, testId, width = 280 }: Props) {
  const [text, setText] = useState(value ?? '');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(onSearch);
  latest.current = onSearch;

  useEffect(() => {
    setText(value ?? '');
  }, [value]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const commit = (next: string) => {
    clearTimeout(timer.current);
    if (next.trim() !== (value ?? '')) latest.current(next.trim());
  };

  return (
    <Input
      allowClear
      prefix={<SearchOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />}
      value={text}
      placeholder={placeholder}
      data-testid={testId}
      style={{ width, maxWidth: '100%' }}
      onChange={(event) => {
        const next = event.target.value;
        setText(next);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => commit(next), 400);
      }}
      onPressEnter={() => commit(text)}
      onClear={() => commit('')}
    />
  );
}
