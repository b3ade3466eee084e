import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useSwitchLocale } from '../features/auth/auth.api';
import { useLocale } from '../lib/i18n';

/** Switches between 中文 and English; shows the language it switches to. */
export function LanguageSwitch() {
  const { locale, t } = useLocale();
  const switchLocale = useSwitchLocale();
  const next = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      data-testid="lang-switch"
      aria-label={t('header.switchLanguage')}
      lang={next}
      onClick={() => switchLocale(next)}
    >
      {next === 'en-US' ? 'EN' : '中文'}
    </Button>
  );
}
