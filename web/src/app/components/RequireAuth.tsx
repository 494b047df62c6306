import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Flex, Spin, Result, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth';
import { isApiError } from '../api';
import { ForbiddenPage } from './ResultPages';

export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '60vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { me, loading, error, refresh, loggedOut } = useAuth();
  const { t } = useTranslation();
  const loc = useLocation();
  if (loading) return <FullPageSpin />;
  if (error && !me) {
    return (
      <Result
        status="error"
        title={isApiError(error) ? error.message : t('errors.network')}
        extra={<Button onClick={() => void refresh()}>{t('actions.refresh')}</Button>}
      />
    );
  }
  if (!me) {
    const redirect = loc.pathname + loc.search;
    return <Navigate to={!loggedOut && redirect && redirect !== '/' ? `/login?redirect=${encodeURIComponent(redirect)}` : '/login'} replace />;
  }
  return <>{children}</>;
}

export function RequirePermission({ permission, children }: { permission?: string | string[]; children: ReactNode }) {
  const { can } = useAuth();
  if (!can(permission)) return <ForbiddenPage />;
  return <>{children}</>;
}
