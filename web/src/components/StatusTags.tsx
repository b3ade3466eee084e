import { Tag } from 'antd';
import type { contractStates, warrantyStatuses } from '../../../server/modules/customers/customers.contract';
import { useT } from '../lib/i18n';

export function ActiveTag({ active }: { active: boolean }) {
  const t = useT();
  return active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>;
}

const warrantyColors: Record<(typeof warrantyStatuses)[number], string> = {
  in_warranty: 'green',
  expiring: 'orange',
  expired: 'red',
  unknown: 'default',
};

export function WarrantyTag({ status }: { status: (typeof warrantyStatuses)[number] }) {
  const t = useT();
  return (
    <Tag color={warrantyColors[status]} data-testid="warranty-status">
      {t(`warranty.${status}`)}
    </Tag>
  );
}

const contractColors: Record<(typeof contractStates)[number], string> = {
  draft: 'default',
  upcoming: 'blue',
  active: 'green',
  expired: 'orange',
  terminated: 'red',
};

export function ContractStateTag({ state }: { state: (typeof contractStates)[number] }) {
  const t = useT();
  return <Tag color={contractColors[state]}>{t(`contractState.${state}`)}</Tag>;
}

export function LevelTag({ level }: { level: 'key' | 'regular' }) {
  const t = useT();
  return level === 'key' ? <Tag color="gold">{t('customerLevel.key')}</Tag> : <Tag>{t('customerLevel.regular')}</Tag>;
}
