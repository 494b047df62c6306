import { Suspense, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App, Avatar, Breadcrumb, Button, Drawer, Dropdown, Grid, Input, Layout, Menu, Select, Space, Tooltip, theme } from 'antd';
import type { InputRef } from 'antd';
import type { MenuProps } from 'antd';
import {
  IdcardFilled,
  IdcardOutlined,
  ScanOutlined,
  ApartmentOutlined,
  NotificationOutlined,
  BarChartOutlined,
  HomeOutlined,
  LockOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  SettingOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  ShoppingOutlined,
  TeamOutlined,
  UserOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api';
import { useAuth, useMe } from '../auth';
import { useApiError } from '../errors';
import { menuGroupOrder, pageRoutes, visibleMenuRoutes } from '../routes';
import type { Me, MenuGroup, PageRoute } from '../types';
import type { CardBlock, Member } from '../members';
import { LangSwitch } from '../components/LangSwitch';
import { ChangePasswordModal } from '../components/ChangePasswordModal';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { FullPageSpin } from '../components/RequireAuth';

const { Header, Sider, Content, Footer } = Layout;

const groupIcons: Record<MenuGroup, ReactNode> = {
  home: <HomeOutlined />,
  checkout: <ShoppingCartOutlined />,
  members: <IdcardOutlined />,
  wallet: <WalletOutlined />,
  marketing: <NotificationOutlined />,
  catalog: <ShoppingOutlined />,
  org: <ApartmentOutlined />,
  staff: <TeamOutlined />,
  system: <SettingOutlined />,
  reports: <BarChartOutlined />,
};

function findRoute(pathname: string): PageRoute | undefined {
  return pageRoutes.find((r) => r.path === pathname) ?? pageRoutes.find((r) => r.path !== '/' && pathname.startsWith(`${r.path}/`));
}

function StoreSwitcher({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { setMe } = useAuth();
  const qc = useQueryClient();
  const showError = useApiError();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const onChange = async (storeId: string) => {
    setBusy(true);
    try {
      const next = await api.post<Me>('/auth/switch-store', { storeId });
      setMe(next);
      await qc.invalidateQueries();
      const s = next.stores.find((x) => x.id === storeId);
      void message.success(t('header.storeSwitched', { name: s?.name ?? '' }));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Select
      data-testid="store-switcher"
      aria-label={t('header.store')}
      value={me.currentStoreId ?? undefined}
      placeholder={t('header.noStore')}
      onChange={onChange}
      loading={busy}
      disabled={busy || me.stores.length === 0}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ minWidth: 180, maxWidth: 260 }}
      prefix={<ShopOutlined />}
      options={me.stores.map((s) => ({ value: s.id, label: `${s.name}` }))}
      popupMatchSelectWidth={false}
    />
  );
}

/**
 * Till lookup: a scanner types the card number and presses Enter (or staff type a phone).
 * F2 anywhere focuses it.
 */
function MemberLookup() {
  const { t } = useTranslation();
  const nav = useNavigate();
  const { modal } = App.useApp();
  const showError = useApiError();
  const ref = useRef<InputRef>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2') {
        e.preventDefault();
        ref.current?.focus({ cursor: 'all' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const lookup = async () => {
    const text = code.trim();
    if (!text || busy) return;
    setBusy(true);
    try {
      const r = await api.get<{ member: Member; cardBlock: CardBlock | null }>('/members/lookup', { code: text });
      setCode('');
      nav(`/members/${r.member.id}`);
      if (r.cardBlock) {
        modal.warning({
          title: t('memberLookup.blocked'),
          content: t(`memberLookup.blocks.${r.cardBlock}`, { defaultValue: r.cardBlock }),
          okText: t('actions.confirm'),
        });
      }
    } catch (e) {
      showError(e);
      ref.current?.focus({ cursor: 'all' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Input
      ref={ref}
      data-testid="member-lookup"
      aria-label={t('memberLookup.label')}
      placeholder={t('memberLookup.placeholder')}
      prefix={<ScanOutlined />}
      value={code}
      onChange={(e) => setCode(e.target.value)}
      onPressEnter={() => void lookup()}
      readOnly={busy}
      allowClear
      autoComplete="off"
      maxLength={64}
      style={{ width: 220 }}
    />
  );
}

export function AppLayout() {
  const me = useMe();
  const { can, logout } = useAuth();
  const { t } = useTranslation();
  const nav = useNavigate();
  const loc = useLocation();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.lg === false;
  const [collapsed, setCollapsed] = useState<boolean | null>(null);
  const effectiveCollapsed = collapsed ?? isMobile;
  // crossing the lg breakpoint resets to the default (expanded sider / closed drawer)
  useEffect(() => setCollapsed(null), [isMobile]);
  const [pwOpen, setPwOpen] = useState(false);
  const { token } = theme.useToken();

  const items = useMemo<MenuProps['items']>(() => {
    const visible = visibleMenuRoutes(can);
    const out: NonNullable<MenuProps['items']> = [];
    for (const g of menuGroupOrder) {
      const routes = visible.filter((r) => r.menu?.group === g);
      if (routes.length === 0) continue;
      if (g === 'home') {
        for (const r of routes) out.push({ key: r.path, icon: r.menu?.icon, label: t(r.titleKey) });
        continue;
      }
      out.push({
        key: `group:${g}`,
        icon: groupIcons[g],
        label: t(`menuGroups.${g}`),
        children: routes.map((r) => ({ key: r.path, icon: r.menu?.icon, label: t(r.titleKey) })),
      });
    }
    return out;
  }, [can, t]);

  const current = findRoute(loc.pathname);
  const selectedKey = current?.path ?? loc.pathname;
  const [openKeys, setOpenKeys] = useState<string[]>(() => menuGroupOrder.map((g) => `group:${g}`));

  const userMenu: MenuProps = {
    items: [
      { key: 'password', icon: <LockOutlined />, label: t('actions.changePassword') },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: t('actions.logout'), danger: true },
    ],
    onClick: async ({ key }) => {
      if (key === 'password') setPwOpen(true);
      if (key === 'logout') {
        await logout();
        nav('/login', { replace: true });
      }
    },
  };

  const crumbs = [{ title: <Link to="/">{t('menuGroups.home')}</Link> }];
  if (current && current.path !== '/') {
    if (current.menu && current.menu.group !== 'home') crumbs.push({ title: <>{t(`menuGroups.${current.menu.group}`)}</> });
    crumbs.push({ title: <>{t(current.titleKey)}</> });
  }

  const logo = (
    <Link to="/" className="app-logo" aria-label={t('app.title')}>
      <span className="app-logo-mark"><IdcardFilled /></span>
      {!(effectiveCollapsed && !isMobile) ? <span>{t('app.shortTitle')}</span> : null}
    </Link>
  );
  const menu = (
    <Menu
      className="app-menu"
      data-testid="main-menu"
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={[selectedKey]}
      openKeys={effectiveCollapsed && !isMobile ? undefined : openKeys}
      onOpenChange={(keys) => setOpenKeys(keys as string[])}
      onClick={({ key }) => {
        if (!key.startsWith('group:')) {
          nav(key);
          if (isMobile) setCollapsed(true);
        }
      }}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isMobile ? (
        <Drawer
          placement="left"
          open={!effectiveCollapsed}
          onClose={() => setCollapsed(true)}
          size={240}
          forceRender
          closable={false}
          styles={{ body: { padding: 0, background: '#001529', display: 'flex', flexDirection: 'column' } }}
        >
          {logo}
          {menu}
        </Drawer>
      ) : (
        <Sider
          className="app-sider"
          width={220}
          collapsedWidth={64}
          collapsible
          collapsed={effectiveCollapsed}
          onCollapse={(c) => setCollapsed(c)}
          trigger={null}
          style={{ position: 'sticky', top: 0, height: '100vh', zIndex: 20 }}
        >
          {logo}
          {menu}
        </Sider>
      )}
      <Layout>
        <Header className="app-header" style={{ background: token.colorBgContainer }}>
          <Tooltip title={effectiveCollapsed ? t('header.expand') : t('header.collapse')}>
            <Button
              type="text"
              aria-label={effectiveCollapsed ? t('header.expand') : t('header.collapse')}
              icon={effectiveCollapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed(!effectiveCollapsed)}
            />
          </Tooltip>
          <Breadcrumb className="hide-mobile" items={crumbs} />
          <div className="app-header-right">
            {can('members.view') ? <MemberLookup /> : null}
            <StoreSwitcher me={me} />
            <LangSwitch />
            <Dropdown menu={userMenu} trigger={['click']}>
              <span className="app-header-user" role="button" aria-label={t('header.userMenu')} data-testid="user-menu">
                <Avatar size="small" style={{ background: token.colorPrimary }} icon={<UserOutlined />} />
                <span className="hide-mobile">{me.staff.name || me.staff.username}</span>
              </span>
            </Dropdown>
          </div>
        </Header>
        <Content className="app-content">
          <ErrorBoundary resetKey={loc.pathname}>
            <Suspense fallback={<FullPageSpin />}>
              <Outlet />
            </Suspense>
          </ErrorBoundary>
        </Content>
        <Footer className="app-footer">
          <Space>
            {t('app.copyright')} · {me.merchant.name}
          </Space>
        </Footer>
      </Layout>
      <ChangePasswordModal open={pwOpen} onClose={() => setPwOpen(false)} />
      <ChangePasswordModal open={me.staff.mustChangePassword} forced onClose={() => undefined} />
    </Layout>
  );
}
