import type { UseMutationResult } from '@tanstack/react-query';
import { App, Button, Popconfirm } from 'antd';
import { useLocale } from '../lib/i18n';

type Props = {
  id: number;
  name: string;
  active: boolean;
  mutation: UseMutationResult<unknown, Error, { id: number; active: boolean }>;
};

/** Deactivate / reactivate with a confirmation; records are never deleted (PLT-2). */
export function ActiveToggle({ id, name, active, mutation }: Props) {
  const { t } = useLocale();
  const { message } = App.useApp();
  return (
    <Popconfirm
      title={active ? t('common.deactivateConfirm', { name }) : t('common.reactivateConfirm', { name })}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      onConfirm={() =>
        mutation.mutateAsync({ id, active: !active }).then(
          () => message.success(active ? t('common.deactivated') : t('common.reactivated')),
          (error: Error) => message.error(error.message),
        )
      }
    >
      <Button danger={active} loading={mutation.isPending} data-testid="active-toggle">
        {active ? t('common.deactivate') : t('common.reactivate')}
      </Button>
    </Popconfirm>
  );
}
