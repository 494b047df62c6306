import { useEffect, useState, type ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Radio, Result, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api';
import { applyApiErrorToForm, useApiError } from '../../../app/errors';
import { LangSwitch } from '../../../app/components/LangSwitch';

interface Values {
  phone: string;
  code: string;
  name?: string;
  gender?: 'male' | 'female';
  birthday?: Dayjs;
}

const MOBILE = /^1[3-9]\d{9}$/;
const RESEND_SECONDS = 60;

/** The mobile page behind a store's QR code: phone + SMS code → member of that store. */
export default function JoinPage() {
  const { merchantCode = '', storeId = '' } = useParams();
  const { t } = useTranslation(['public.join', 'common']);
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const [countdown, setCountdown] = useState(0);
  const [sending, setSending] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<{ alreadyMember: boolean; storeName: string } | null>(null);
  const base = `/public/join/${encodeURIComponent(merchantCode)}/${encodeURIComponent(storeId)}`;

  const store = useQuery({
    queryKey: ['join', merchantCode, storeId],
    queryFn: () => api.get<{ merchantName: string; storeName: string }>(base, undefined, { skipAuthRedirect: true }),
    retry: false,
  });

  useEffect(() => {
    if (countdown <= 0) return undefined;
    const timer = setTimeout(() => setCountdown((c) => c - 1), 1000);
    return () => clearTimeout(timer);
  }, [countdown]);

  const sendCode = async () => {
    const { phone } = await form.validateFields(['phone']);
    setSending(true);
    try {
      await api.post(`${base}/sms-code`, { phone }, { skipAuthRedirect: true });
      void message.success(t('codeSent'));
      setCountdown(RESEND_SECONDS);
    } catch (e) {
      if (!applyApiErrorToForm(form, e)) showError(e);
    } finally {
      setSending(false);
    }
  };

  const submit = async (v: Values) => {
    setSubmitting(true);
    try {
      const body = { phone: v.phone, code: v.code, name: v.name || undefined, gender: v.gender, birthday: v.birthday ? v.birthday.format('YYYY-MM-DD') : undefined };
      setResult(await api.post(`${base}/register`, body, { skipAuthRedirect: true }));
    } catch (e) {
      if (!applyApiErrorToForm(form, e)) showError(e);
    } finally {
      setSubmitting(false);
    }
  };

  const shell = (content: ReactNode) => (
    <div style={{ minHeight: '100vh', background: '#f5f7fa', padding: 16, display: 'flex', justifyContent: 'center' }}>
      <div style={{ width: '100%', maxWidth: 420 }}>
        <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
          <LangSwitch />
        </div>
        {content}
      </div>
    </div>
  );

  if (store.isError) return shell(<Result status="404" title={t('storeMissing')} />);
  if (result) {
    return shell(
      <Result
        status={result.alreadyMember ? 'info' : 'success'}
        title={result.alreadyMember ? t('already') : t('done')}
        subTitle={result.alreadyMember ? t('alreadyHint') : t('doneHint', { store: result.storeName })}
      />,
    );
  }

  return shell(
    <Card loading={store.isLoading} data-testid="join-card">
      <Space direction="vertical" size={4} style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('welcome', { merchant: store.data?.merchantName ?? '' })}
        </Typography.Title>
        <Typography.Text type="secondary">{t('store', { store: store.data?.storeName ?? '' })}</Typography.Text>
      </Space>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large">
        <Form.Item name="phone" label={t('phone')} rules={[{ required: true, pattern: MOBILE, message: t('phoneInvalid') }]}>
          <Input inputMode="numeric" maxLength={11} autoComplete="tel" data-testid="join-phone" />
        </Form.Item>
        <Form.Item label={t('code')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="code" noStyle rules={[{ required: true, pattern: /^\d{6}$/, message: t('codeInvalid') }]}>
              <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" data-testid="join-code" />
            </Form.Item>
            <Button onClick={() => void sendCode()} loading={sending} disabled={countdown > 0} data-testid="join-send-code">
              {countdown > 0 ? t('resend', { seconds: countdown }) : t('sendCode')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item name="name" label={t('name')} rules={[{ max: 64 }]}>
          <Input autoComplete="name" data-testid="join-name" />
        </Form.Item>
        <Form.Item name="gender" label={t('gender')}>
          <Radio.Group>
            <Radio value="male">{t('male')}</Radio>
            <Radio value="female">{t('female')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="birthday" label={t('birthday')}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} inputReadOnly />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="join-submit">
          {t('submit')}
        </Button>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}>
          {t('privacy')}
        </Typography.Paragraph>
      </Form>
    </Card>,
  );
}
