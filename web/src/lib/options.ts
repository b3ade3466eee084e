import type { Translate } from './i18n';

/** The "active / inactive / all" filter every master-data list has. */
export const activeOptions = (t: Translate) => [
  { value: 'true', label: t('filter.activeOnly') },
  { value: 'false', label: t('filter.inactiveOnly') },
  { value: 'all', label: t('filter.all') },
];
