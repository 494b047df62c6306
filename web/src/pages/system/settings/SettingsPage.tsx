import { useEffect, useState } from 'react';
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Skeleton, Space, Switch } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Rule } from 'antd/es/form';
import { api } from '../../../app/api';
import { ME_KEY } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { PageContainer } from '../../../app/components/PageContainer';
import { nameRules } from '../../../app/validators';

export interface Settings {
  passwordPolicy: { minLength: number; requireLetter: boolean; requireDigit: boolean; requireSymbol: boolean; maxAgeDays: number | null };
  lockout: { maxFailures: number; lockMinutes: number };
  sessionIdleMinutes: number;
  merchantName: string;
}

export default function SettingsPage() {
  const { t } = useTranslation(['system.settings', 'common']);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<Settings>();
  const [busy, setBusy] = useState(false);
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api.get<Settings>('/settings') });

  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  const range = (min: number, max: number, required = true): Rule[] => [
    { required, type: 'number', message: t('range', { min, max }) },
    { type: 'integer', min, max, message: t('range', { min, max }) },
  ];

  const save = async (v: Settings) => {
    setBusy(true);
    try {
      const body: Settings = {
        merchantName: v.merchantName.trim(),
        passwordPolicy: { ...v.passwordPolicy, maxAgeDays: v.passwordPolicy.maxAgeDays ?? null },
        lockout: v.lockout,
        sessionIdleMinutes: v.sessionIdleMinutes,
      };
      const next = await api.patch<Settings>('/settings', body);
      qc.setQueryData(['settings'], next);
      void message.success(t('common:common.saved'));
      await qc.invalidateQueries({ queryKey: ME_KEY });
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      noCard
      extra={
        <Space>
          <Button onClick={() => settings.data && form.setFieldsValue(settings.data)}>{t('common:actions.reset')}</Button>
          <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => form.submit()} disabled={!settings.data}>
            {t('common:actions.save')}
          </Button>
        </Space>
      }
    >
      {settings.isPending ? (
        <Card variant="borderless">
          <Skeleton active />
        </Card>
      ) : (
        <Form form={form} layout="vertical" name="settings" onFinish={save} scrollToFirstError>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Card variant="borderless" title={t('merchantSection')} style={{ height: '100%' }}>
                <Form.Item name="merchantName" label={t('merchantName')} rules={nameRules(t, t('merchantName'))}>
                  <Input maxLength={64} />
                </Form.Item>
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card variant="borderless" title={t('sessionSection')} style={{ height: '100%' }}>
                <Form.Item name="sessionIdleMinutes" label={t('sessionIdleMinutes')} tooltip={t('sessionIdleHelp')} rules={range(5, 1440)}>
                  <InputNumber min={5} max={1440} precision={0} suffix={t('minutes')} style={{ width: 200 }} />
                </Form.Item>
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card variant="borderless" title={t('passwordSection')}>
                <Form.Item name={['passwordPolicy', 'minLength']} label={t('minLength')} rules={range(6, 64)}>
                  <InputNumber min={6} max={64} precision={0} suffix={t('chars')} style={{ width: 200 }} />
                </Form.Item>
                <Space size="large" wrap style={{ marginBottom: 16 }}>
                  <Form.Item name={['passwordPolicy', 'requireLetter']} valuePropName="checked" label={t('requireLetter')} style={{ marginBottom: 0 }}>
                    <Switch />
                  </Form.Item>
                  <Form.Item name={['passwordPolicy', 'requireDigit']} valuePropName="checked" label={t('requireDigit')} style={{ marginBottom: 0 }}>
                    <Switch />
                  </Form.Item>
                  <Form.Item name={['passwordPolicy', 'requireSymbol']} valuePropName="checked" label={t('requireSymbol')} style={{ marginBottom: 0 }}>
                    <Switch />
                  </Form.Item>
                </Space>
                <Form.Item name={['passwordPolicy', 'maxAgeDays']} label={t('maxAgeDays')} tooltip={t('maxAgeHelp')} rules={range(1, 3650, false)}>
                  <InputNumber min={1} max={3650} precision={0} placeholder={t('never')} suffix={t('days')} style={{ width: 200 }} />
                </Form.Item>
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card variant="borderless" title={t('lockoutSection')}>
                <Form.Item name={['lockout', 'maxFailures']} label={t('maxFailures')} tooltip={t('maxFailuresHelp')} rules={range(3, 20)}>
                  <InputNumber min={3} max={20} precision={0} suffix={t('times')} style={{ width: 200 }} />
                </Form.Item>
                <Form.Item name={['lockout', 'lockMinutes']} label={t('lockMinutes')} rules={range(1, 1440)}>
                  <InputNumber min={1} max={1440} precision={0} suffix={t('minutes')} style={{ width: 200 }} />
                </Form.Item>
              </Card>
            </Col>
          </Row>
        </Form>
      )}
    </PageContainer>
  );
}
