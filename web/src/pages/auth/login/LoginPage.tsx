import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { IdcardFilled, LockOutlined, ShopOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, isApiError, ApiError } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { applyApiErrorToForm } from '../../../app/errors';
import { LangSwitch } from '../../../app/components/LangSwitch';
import { FullPageSpin } from '../../../app/components/RequireAuth';
import type { Me } from '../../../app/types';

const MERCHANT_KEY = 'merchantCode';

interface Values {
  merchantCode: string;
  username: string;
  password: string;
}

function safeRedirect(v: string | null): string {
  return v && v.startsWith('/') && !v.startsWith('//') && !v.startsWith('/login') ? v : '/';
}

export default function LoginPage() {
  const { t } = useTranslation(['auth.login', 'common']);
  const [form] = Form.useForm<Values>();
  const { me, loading, setMe } = useAuth();
  const qc = useQueryClient();
  const nav = useNavigate();
  const [params] = useSearchParams();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; hint?: string } | null>(null);

  useEffect(() => {
    let saved: string | null = null;
    try {
      saved = localStorage.getItem(MERCHANT_KEY);
    } catch {
      /* ignore */
    }
    if (saved) form.setFieldValue('merchantCode', saved);
    api
      .get<{ defaultMerchantCode: string | null }>('/auth/login-options', undefined, { skipAuthRedirect: true })
      .then((r) => {
        if (!form.getFieldValue('merchantCode') && r.defaultMerchantCode) {
          form.setFieldValue('merchantCode', r.defaultMerchantCode);
        }
      })
      .catch(() => undefined);
  }, [form]);

  if (loading) return <FullPageSpin />;
  if (me) return <Navigate to={safeRedirect(params.get('redirect'))} replace />;

  const onFinish = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<Me>(
        '/auth/login',
        { merchantCode: v.merchantCode.trim(), username: v.username.trim(), password: v.password },
        { skipAuthRedirect: true },
      );
      try {
        localStorage.setItem(MERCHANT_KEY, v.merchantCode.trim());
      } catch {
        /* ignore */
      }
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
      setMe(res);
      nav(safeRedirect(params.get('redirect')), { replace: true });
    } catch (e) {
      if (isApiError(e)) {
        let hint: string | undefined;
        const retry = Number((e as ApiError).details?.retryAfterSeconds);
        if (e.code === 'AUTH_LOCKED' && Number.isFinite(retry) && retry > 0) {
          hint = t('lockedRetry', { minutes: Math.ceil(retry / 60) });
        } else if (e.code === 'AUTH_RATE_LIMITED' && Number.isFinite(retry) && retry > 0) {
          hint = t('rateLimitedRetry', { seconds: Math.ceil(retry) });
        }
        if (e.code !== 'AUTH_INVALID_CREDENTIALS') applyApiErrorToForm(form, e);
        setError({ message: e.message, hint });
        if (e.code === 'AUTH_INVALID_CREDENTIALS') form.setFieldValue('password', '');
      } else {
        setError({ message: t('common:errors.network') });
      }
    } finally {
      setBusy(false);
    }
  };

  const req = (label: string) => [{ required: true, whitespace: true, message: t('common:validation.required', { field: label }) }];

  return (
    <div className="login-page">
      <div className="login-top">
        <LangSwitch />
      </div>
      <div className="login-main">
        <div style={{ width: '100%', maxWidth: 400 }}>
          <div className="login-brand">
            <span className="app-logo-mark"><IdcardFilled /></span>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('common:app.title')}
            </Typography.Title>
          </div>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginBottom: 24 }}>
            {t('subtitle')}
          </Typography.Paragraph>
          <Card className="login-card" variant="borderless" title={t('title')}>
            {error ? (
              <Alert
                type="error"
                showIcon
                title={error.message}
                description={error.hint}
                style={{ marginBottom: 16 }}
                data-testid="login-error"
                role="alert"
              />
            ) : null}
            <Form form={form} layout="vertical" size="large" onFinish={onFinish} requiredMark={false} name="login">
              <Form.Item name="merchantCode" label={t('merchantCode')} rules={req(t('merchantCode'))}>
                <Input prefix={<ShopOutlined />} autoComplete="organization" data-testid="login-merchant" maxLength={64} />
              </Form.Item>
              <Form.Item name="username" label={t('username')} rules={req(t('username'))}>
                <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login-username" maxLength={64} />
              </Form.Item>
              <Form.Item name="password" label={t('password')} rules={req(t('password'))}>
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
              </Form.Item>
              <Form.Item style={{ marginBottom: 0 }}>
                <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
                  {t('submit')}
                </Button>
              </Form.Item>
            </Form>
          </Card>
        </div>
      </div>
    </div>
  );
}
