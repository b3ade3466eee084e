import { UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Input, InputNumber, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { SettingItem } from '../../../../server/modules/org/org.contract';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { api, isApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useApiErrorHandler } from '../../lib/forms';
import { useLocale } from '../../lib/i18n';
import { useIsPhone } from '../../lib/responsive';

const settingsKey = ['settings'] as const;

function useSettings() {
  return useQuery({ queryKey: settingsKey, queryFn: () => api.get<{ items: SettingItem[] }>('/api/settings') });
}

/** 系统设置: the values the requirements mark as company choices, edited one at a time. */
export function SettingsPage() {
  const { t, tOptional } = useLocale();
  const settings = useSettings();

  return (
    <>
      <PageHeader title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <QueryState query={settings}>
        {(data) => {
          const groups = [...new Set(data.items.map((item) => item.group))];
          return (
            <Flex vertical gap={16}>
              {groups.map((group) => (
                <Card key={group} title={tOptional(`settingsGroup.${group}`) ?? group}>
                  <Flex vertical gap={0}>
                    {data.items
                      .filter((item) => item.group === group)
                      .map((item) => (
                        <SettingRow key={`${item.key}:${item.version}`} item={item} />
                      ))}
                  </Flex>
                </Card>
              ))}
            </Flex>
          );
        }}
      </QueryState>
    </>
  );
}

type Kind = 'number' | 'boolean' | 'string' | 'json';
const kindOf = (value: unknown): Kind =>
  typeof value === 'number'
    ? 'number'
    : typeof value === 'boolean'
      ? 'boolean'
      : typeof value === 'string'
        ? 'string'
        : 'json';

function SettingRow({ item }: { item: SettingItem }) {
  const { t, language } = useLocale();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const queryClient = useQueryClient();
  const onError = useApiErrorHandler();
  const kind = kindOf(item.defaultValue ?? item.value);
  const [value, setValue] = useState<unknown>(kind === 'json' ? JSON.stringify(item.value, null, 2) : item.value);
  const [fieldError, setFieldError] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: (next: unknown) =>
      api.put<{ ok: true }>(`/api/settings/${encodeURIComponent(item.key)}`, { value: next, version: item.version }),
    onSuccess: () => {
      message.success(t('common.saved'));
      return queryClient.invalidateQueries({ queryKey: settingsKey });
    },
    onError: (error) => {
      if (isApiError(error) && error.fields.length > 0)
        setFieldError(error.fields.map((field) => field.message).join('; '));
      onError(error, { onReload: () => queryClient.invalidateQueries({ queryKey: settingsKey }) });
    },
  });

  const submit = (next: unknown) => {
    setFieldError(null);
    if (kind === 'json') {
      try {
        save.mutate(JSON.parse(String(next)));
      } catch {
        setFieldError(t('settings.invalidJson'));
      }
      return;
    }
    if (kind === 'number' && (next === null || next === undefined)) {
      setFieldError(t('validation.required'));
      return;
    }
    save.mutate(next);
  };

  const current = kind === 'json' ? JSON.stringify(item.value, null, 2) : item.value;
  const dirty = JSON.stringify(value) !== JSON.stringify(current);
  const unit = item.unit?.[language];
  const defaultText = kind === 'json' ? JSON.stringify(item.defaultValue) : String(item.defaultValue);

  const editor =
    kind === 'number' ? (
      <InputNumber
        id={item.key}
        value={value as number | null}
        onChange={(next) => setValue(next)}
        precision={0}
        suffix={unit}
        style={{ width: isPhone ? '100%' : 200 }}
      />
    ) : kind === 'boolean' ? (
      <Switch id={item.key} checked={value as boolean} onChange={(next) => setValue(next)} />
    ) : kind === 'string' ? (
      <Input
        id={item.key}
        value={value as string}
        onChange={(event) => setValue(event.target.value)}
        style={{ width: isPhone ? '100%' : 280 }}
      />
    ) : (
      <Input.TextArea
        id={item.key}
        value={value as string}
        onChange={(event) => setValue(event.target.value)}
        autoSize={{ minRows: 2, maxRows: 10 }}
      />
    );

  return (
    <Flex
      vertical={isPhone}
      gap={isPhone ? 8 : 16}
      align={isPhone ? 'stretch' : 'flex-start'}
      justify="space-between"
      style={{ padding: '12px 0', borderBottom: '1px solid #f0f0f0' }}
      data-testid={`setting-${item.key}`}
    >
      <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
        <Typography.Text strong>{item.label[language]}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {item.key} · {t('settings.default')}: {defaultText}
          {unit ? ` ${unit}` : ''}
          {item.updatedAt ? ` · ${t('field.updatedAt')}: ${formatDateTime(item.updatedAt)}` : ''}
        </Typography.Text>
        {item.isDefault ? null : (
          <Tag color="blue" style={{ alignSelf: 'flex-start', marginTop: 4 }}>
            {t('settings.changed')}
          </Tag>
        )}
      </Flex>
      <Form.Item
        validateStatus={fieldError ? 'error' : undefined}
        help={fieldError ?? undefined}
        style={{ marginBottom: 0, flex: isPhone ? undefined : 1 }}
      >
        <Flex gap={8} wrap align="flex-start" justify={isPhone ? 'flex-start' : 'flex-end'}>
          {editor}
          <Button type="primary" disabled={!dirty} loading={save.isPending} onClick={() => submit(value)}>
            {t('common.save')}
          </Button>
          {!item.isDefault && (
            <Button
              icon={<UndoOutlined />}
              loading={save.isPending}
              onClick={() => {
                setFieldError(null);
                save.mutate(item.defaultValue);
              }}
              title={t('settings.restoreDefault')}
            >
              {isPhone ? null : t('settings.restoreDefault')}
            </Button>
          )}
        </Flex>
      </Form.Item>
    </Flex>
  );
}
