import {
  AlertOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  BulbOutlined,
  CalendarOutlined,
  CommentOutlined,
  DatabaseOutlined,
  DownOutlined,
  ExceptionOutlined,
  FieldTimeOutlined,
  FileProtectOutlined,
  FileTextOutlined,
  HomeOutlined,
  InboxOutlined,
  KeyOutlined,
  LaptopOutlined,
  LikeOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  PhoneOutlined,
  ProfileOutlined,
  ScheduleOutlined,
  SendOutlined,
  SettingOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  SwapOutlined,
  TeamOutlined,
  ToolOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Drawer, Dropdown, Layout, Menu, type MenuProps, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { Navigate, Outlet, useLocation, useNavigate, useNavigation } from 'react-router';
import type { SessionUser } from '../../../server/modules/auth/auth.contract';
import { useMe, useSignOut } from '../features/auth/auth.api';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { type Capability, can } from '../lib/access';
import { type Translate, useLocale } from '../lib/i18n';
import { useIsPhone } from '../lib/responsive';
import { LanguageSwitch } from './LanguageSwitch';
import { FullPageSpin } from './RouteStates';

type NavItem = { key: string; path: string; icon: ReactNode; label: string; capability?: Capability };

function navItems(t: Translate): NavItem[][] {
  return [
    [
      { key: 'home', path: '/', icon: <HomeOutlined />, label: t('nav.home') },
      {
        key: 'my-tasks',
        path: '/my-tasks',
        icon: <ScheduleOutlined />,
        label: t('fieldWork.nav'),
        capability: 'fieldWork',
      },
      { key: 'tickets', path: '/tickets', icon: <FileTextOutlined />, label: t('tickets.nav') },
      { key: 'ticket-board', path: '/tickets/board', icon: <AlertOutlined />, label: t('tickets.navBoard') },
      { key: 'customers', path: '/customers', icon: <TeamOutlined />, label: t('nav.customers') },
      { key: 'equipment', path: '/equipment', icon: <ToolOutlined />, label: t('nav.equipment') },
      { key: 'product-models', path: '/product-models', icon: <AppstoreOutlined />, label: t('nav.productModels') },
      { key: 'contracts', path: '/contracts', icon: <FileProtectOutlined />, label: t('nav.contracts') },
      { key: 'sla', path: '/sla', icon: <FieldTimeOutlined />, label: t('nav.sla') },
      // Surveys, satisfaction and complaints (FBK-1, FBK-2)
      {
        key: 'feedback-surveys',
        path: '/feedback/surveys',
        icon: <PhoneOutlined />,
        label: t('surveys.nav'),
        capability: 'viewFeedback',
      },
      {
        key: 'feedback-complaints',
        path: '/feedback/complaints',
        icon: <CommentOutlined />,
        label: t('complaints.nav'),
        capability: 'viewFeedback',
      },
      {
        key: 'feedback-satisfaction',
        path: '/feedback/satisfaction',
        icon: <LikeOutlined />,
        label: t('satisfaction.nav'),
        capability: 'viewFeedback',
      },
      {
        key: 'feedback-return-visits',
        path: '/feedback/return-visits',
        icon: <CalendarOutlined />,
        label: t('returnVisits.nav'),
        capability: 'viewReturnVisits',
      },
      // Catalogue, stock, ledger, transfers, suppliers, warehouses (PRT-1…3)
      { key: 'parts', path: '/parts', icon: <AppstoreOutlined />, label: t('catalogue.nav'), capability: 'viewStock' },
      { key: 'stock', path: '/stock', icon: <DatabaseOutlined />, label: t('stock.nav'), capability: 'viewStock' },
      {
        key: 'stock-ledger',
        path: '/stock-ledger',
        icon: <ProfileOutlined />,
        label: t('ledger.nav'),
        capability: 'viewStock',
      },
      {
        key: 'transfers',
        path: '/transfers',
        icon: <SwapOutlined />,
        label: t('transfers.nav'),
        capability: 'keepStock',
      },
      {
        key: 'suppliers',
        path: '/suppliers',
        icon: <ShopOutlined />,
        label: t('suppliers.nav'),
        capability: 'manageCatalogue',
      },
      {
        key: 'warehouses',
        path: '/warehouses',
        icon: <HomeOutlined />,
        label: t('warehouses.nav'),
        capability: 'manageCatalogue',
      },
      {
        key: 'part-requests',
        path: '/parts/requests',
        icon: <InboxOutlined />,
        label: t('partRequests.nav'),
        capability: 'keepStock',
      },
      {
        key: 'faulty-returns',
        path: '/parts/faulty-returns',
        icon: <ExceptionOutlined />,
        label: t('faultyReturns.nav'),
        capability: 'inspectFaultyParts',
      },
      {
        key: 'stocktakes',
        path: '/stocktakes',
        icon: <AuditOutlined />,
        label: t('stocktake.nav'),
        capability: 'keepStock',
      },
      {
        key: 'reorder-suggestions',
        path: '/reorder-suggestions',
        icon: <BulbOutlined />,
        label: t('reorder.nav'),
        capability: 'keepStock',
      },
      {
        key: 'purchase-requests',
        path: '/purchase-requests',
        icon: <ShoppingCartOutlined />,
        label: t('purchase.nav'),
        capability: 'keepStock',
      },
      // Loaners and parts statistics (DSP-7, PRT-7)
      {
        key: 'loaners',
        path: '/parts/loaners',
        icon: <LaptopOutlined />,
        label: t('loans.nav'),
        capability: 'viewStock',
      },
      {
        key: 'parts-stats',
        path: '/parts/stats',
        icon: <BarChartOutlined />,
        label: t('partsStats.nav'),
        capability: 'viewPartsStats',
      },
    ],
    [
      { key: 'stations', path: '/stations', icon: <ShopOutlined />, label: t('nav.stations'), capability: 'manageOrg' },
      {
        key: 'departments',
        path: '/departments',
        icon: <ApartmentOutlined />,
        label: t('nav.departments'),
        capability: 'manageOrg',
      },
      { key: 'users', path: '/users', icon: <UserOutlined />, label: t('nav.users'), capability: 'viewUsers' },
      {
        key: 'settings',
        path: '/settings',
        icon: <SettingOutlined />,
        label: t('nav.settings'),
        capability: 'manageSettings',
      },
      { key: 'outbox', path: '/outbox', icon: <SendOutlined />, label: t('nav.outbox'), capability: 'manageOutbox' },
    ],
  ];
}

function menuItems(user: SessionUser, t: Translate): MenuProps['items'] {
  const groups = navItems(t).map((group) => group.filter((item) => !item.capability || can(user, item.capability)));
  const items: NonNullable<MenuProps['items']> = [];
  groups.forEach((group, index) => {
    if (group.length === 0) return;
    if (index > 0) items.push({ type: 'divider' });
    for (const item of group) items.push({ key: item.path, icon: item.icon, label: item.label });
  });
  return items;
}

/** Menu entries one level below another entry's path (they win over their parent). */
const nestedNavPaths = ['/tickets/board', '/parts/requests', '/parts/faulty-returns', '/parts/loaners', '/parts/stats'];

const selectedKey = (pathname: string) => {
  const nested = nestedNavPaths.find((path) => pathname === path || pathname.startsWith(`${path}/`));
  if (nested) return nested;
  const first = pathname.split('/')[1];
  return first ? `/${first}` : '/';
};

/** The signed-in frame: side menu by role, header with station, language and user menu. */
export function AppLayout() {
  const me = useMe();
  const location = useLocation();

  if (me.isPending) return <FullPageSpin />;
  const user = me.data?.user;
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (user.mustChangePassword) return <Navigate to="/change-password" replace />;
  return <SignedInLayout user={user} />;
}

function SignedInLayout({ user }: { user: SessionUser }) {
  const { t } = useLocale();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const location = useLocation();
  const navigation = useNavigation();
  const signOut = useSignOut();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);

  // A page change closes the phone drawer.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation only
  useEffect(() => setDrawerOpen(false), [location.pathname]);

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[selectedKey(location.pathname)]}
      items={menuItems(user, t)}
      onClick={({ key }) => navigate(key)}
      data-testid="side-menu"
    />
  );
  const logo = (
    <div className="app-logo">
      <img src="/favicon.svg" alt="" />
      {(!collapsed || isPhone) && <span>{t('app.name')}</span>}
    </div>
  );

  const userMenu: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword') },
    ...(can(user, 'manageOrg') ? [{ key: 'docs', icon: <ApiOutlined />, label: t('header.apiDocs') }] : []),
    { type: 'divider' as const },
    { key: 'sign-out', icon: <LogoutOutlined />, label: t('header.signOut'), danger: true },
  ];
  const onUserMenu: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') navigate('/change-password');
    if (key === 'docs') window.open('/api/docs', '_blank', 'noopener');
    if (key === 'sign-out') signOut.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
  };

  return (
    <Layout style={{ minHeight: '100%' }}>
      {navigation.state === 'loading' && <div className="route-progress" />}
      {isPhone ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          {logo}
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider
          collapsible
          collapsed={collapsed}
          trigger={null}
          width={220}
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          {logo}
          {menu}
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header className="app-header">
          <Button
            type="text"
            data-testid="menu-toggle"
            aria-label={t('header.menu')}
            icon={isPhone ? <MenuOutlined /> : collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => (isPhone ? setDrawerOpen(true) : setCollapsed((value) => !value))}
          />
          <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0 }} data-testid="header-station">
            <ShopOutlined style={{ marginRight: 6 }} />
            {user.stationName}
          </Typography.Text>
          <NotificationBell />
          <LanguageSwitch />
          <Dropdown menu={{ items: userMenu, onClick: onUserMenu }} trigger={['click']}>
            <Button type="text" data-testid="user-menu" style={{ paddingInline: 6 }}>
              <Avatar size="small" style={{ background: '#1677ff' }}>
                {user.displayName.slice(0, 1)}
              </Avatar>
              {!isPhone && <span>{user.displayName}</span>}
              <DownOutlined style={{ fontSize: 10 }} />
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content className="app-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
