import { Segmented, Tabs, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { type Locale, useLocale } from '../../lib/i18n';

const tabs = [
  { key: '/portal', label: 'portal.tab.request' },
  { key: '/portal/track', label: 'portal.tab.track' },
  { key: '/portal/equipment', label: 'portal.tab.equipment' },
] as const;

/**
 * FBK-4: the customer portal's frame — no account, phone-first (one column, 560 px at most),
 * Simplified Chinese by default with a language switch. Knowledge answers appear here once a
 * knowledge base publishes any (none exists yet, so no section is shown).
 */
export function PortalLayout() {
  const { t, locale, setLocale } = useLocale();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const active = tabs.find((tab) => tab.key === pathname)?.key ?? '/portal';
  return (
    <div style={{ maxWidth: 560, margin: '0 auto', padding: 12 }} data-testid="portal">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('portal.title')}
        </Typography.Title>
        <Segmented
          size="small"
          data-testid="portal-language"
          value={locale}
          onChange={(value) => setLocale(value as Locale)}
          options={[
            { value: 'zh-CN', label: '中文' },
            { value: 'en-US', label: 'EN' },
          ]}
        />
      </div>
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(key)}
        items={tabs.map((tab) => ({
          key: tab.key,
          label: <span data-testid={`portal-tab-${tab.key.split('/')[2] ?? 'request'}`}>{t(tab.label)}</span>,
        }))}
      />
      <Outlet />
    </div>
  );
}
