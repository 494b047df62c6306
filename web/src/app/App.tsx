import { Suspense, useEffect, useState } from 'react';
import { BrowserRouter, Route, Routes, useNavigate } from 'react-router-dom';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { App as AntdApp, ConfigProvider } from 'antd';
import type { Locale } from 'antd/es/locale';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';
import { isApiError, setUnauthorizedHandler } from './api';
import { AuthProvider, ME_KEY } from './auth';
import { pageRoutes } from './routes';
import { AppLayout } from './layout/AppLayout';
import { FullPageSpin, RequireAuth, RequirePermission } from './components/RequireAuth';
import { NotFoundPage } from './components/ResultPages';
import { ErrorBoundary } from './components/ErrorBoundary';
import type { Lang } from './i18n';
import './global.css';

const antdLocales: Record<Lang, Locale> = { 'zh-CN': zhCN, 'en-US': enUS };

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (count, e) => !(isApiError(e) && e.status > 0 && e.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        staleTime: 5_000,
      },
    },
  });
}

/** On any 401: forget the session and show the login page. */
function UnauthorizedBridge() {
  const qc = useQueryClient();
  const nav = useNavigate();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      qc.setQueryData(ME_KEY, null);
      if (!window.location.pathname.startsWith('/login')) {
        const redirect = window.location.pathname + window.location.search;
        nav(`/login?redirect=${encodeURIComponent(redirect)}`, { replace: true });
      }
    });
    return () => setUnauthorizedHandler(null);
  }, [qc, nav]);
  return null;
}

function AppRoutes() {
  const publicRoutes = pageRoutes.filter((r) => r.public);
  const privateRoutes = pageRoutes.filter((r) => !r.public);
  return (
    <Routes>
      {publicRoutes.map((r) => (
        <Route
          key={r.path}
          path={r.path}
          element={
            <Suspense fallback={<FullPageSpin />}>
              <r.component />
            </Suspense>
          }
        />
      ))}
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        {privateRoutes.map((r) => (
          <Route
            key={r.path}
            path={r.path}
            element={
              <RequirePermission permission={r.permission}>
                <r.component />
              </RequirePermission>
            }
          />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export default function App() {
  const [queryClient] = useState(makeQueryClient);
  const { i18n } = useTranslation();
  const lang = (i18n.language === 'en-US' ? 'en-US' : 'zh-CN') as Lang;
  useEffect(() => {
    dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
    document.title = i18n.t('app.title');
  }, [lang, i18n]);

  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={antdLocales[lang]}
        theme={{
          token: { colorPrimary: '#1677ff', borderRadius: 6 },
          components: { Layout: { siderBg: '#001529', headerBg: '#ffffff', bodyBg: '#f5f7fa' } },
        }}
      >
        <AntdApp>
          <ErrorBoundary>
            <BrowserRouter>
              <AuthProvider>
                <UnauthorizedBridge />
                <AppRoutes />
              </AuthProvider>
            </BrowserRouter>
          </ErrorBoundary>
        </AntdApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
