import { useEffect, useState } from 'react';
import { App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Skeleton, Space, Switch } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Rule } from 'antd/es/form';
import { api } from '../../../app/api';
import { ME_KEY } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { PageContainer } from '../../../app/components/PageContainer';
import { multiplierRule, nameRules, requiredRule } from '../../../app/validators';
import { bpToMultiplier, formatScaled, multiplierToBp, parseScaledDecimal } from '../../../app/money';

export type SpendSplit = 'proportional' | 'principal_first' | 'bonus_first';
export type PointsExpiry = { mode: 'never' } | { mode: 'year_end_next' } | { mode: 'days'; days: number };

/** Stored value and points (RULES R3, R4). */
export interface WalletSettings {
  spendSplit: SpendSplit;
  pointsExpiry: PointsExpiry;
  /** points earned per ¥1 of eligible spend, in basis points (10000 = 1 point per ¥1) */
  earnRateBp: number;
  /** points worth ¥1 when used as cash */
  pointsPerYuan: number;
  /** at most this share of an order may be paid with points, in basis points */
  maxPointsShareBp: number;
  /** text the member after each stored-value payment */
  balanceSms: boolean;
}

export interface Settings {
  passwordPolicy: { minLength: number; requireLetter: boolean; requireDigit: boolean; requireSymbol: boolean; maxAgeDays: number | null };
  lockout: { maxFailures: number; lockMinutes: number };
  sessionIdleMinutes: number;
  merchantName: string;
  wallet: WalletSettings;
}

const SPEND_SPLITS: SpendSplit[] = ['proportional', 'principal_first', 'bonus_first'];
const EXPIRY_MODES: PointsExpiry['mode'][] = ['year_end_next', 'days', 'never'];
const MAX_EARN_RATE_BP = 1_000_000;

/**
 * The form holds the wallet's rates as the staff type them (points per ¥1 as '1.5', the share
 * as a percentage '50'); the field names follow the API so its field errors land on them.
 */
interface SettingsForm extends Omit<Settings, 'wallet'> {
  wallet: {
    spendSplit: SpendSplit;
    pointsExpiry: { mode: PointsExpiry['mode']; days?: number | null };
    earnRateBp: string;
    pointsPerYuan: number;
    maxPointsShareBp: string;
    balanceSms: boolean;
  };
}

function toForm(s: Settings): SettingsForm {
  const w = s.wallet;
  return {
    ...s,
    wallet: {
      spendSplit: w.spendSplit,
      pointsExpiry: { mode: w.pointsExpiry.mode, days: w.pointsExpiry.mode === 'days' ? w.pointsExpiry.days : null },
      earnRateBp: bpToMultiplier(w.earnRateBp),
      pointsPerYuan: w.pointsPerYuan,
      maxPointsShareBp: formatScaled(w.maxPointsShareBp, 2, true),
      balanceSms: w.balanceSms,
    },
  };
}

function walletOf(f: SettingsForm['wallet']): WalletSettings {
  const e = f.pointsExpiry;
  return {
    spendSplit: f.spendSplit,
    pointsExpiry: e.mode === 'days' ? { mode: 'days', days: e.days ?? 0 } : { mode: e.mode },
    earnRateBp: multiplierToBp(f.earnRateBp) ?? 0,
    pointsPerYuan: f.pointsPerYuan,
    // a percentage with up to 2 decimals is exactly basis points
    maxPointsShareBp: parseScaledDecimal(f.maxPointsShareBp, 2) ?? 0,
    balanceSms: f.balanceSms,
  };
}

export default function SettingsPage() {
  const { t } = useTranslation(['system.settings', 'common']);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<SettingsForm>();
  const expiryMode = Form.useWatch(['wallet', 'pointsExpiry', 'mode'], form);
  const [busy, setBusy] = useState(false);
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api.get<Settings>('/settings') });

  useEffect(() => {
    if (settings.data) form.setFieldsValue(toForm(settings.data));
  }, [settings.data, form]);

  const range = (min: number, max: number, required = true): Rule[] => [
    { required, type: 'number', message: t('range', { min, max }) },
    { type: 'integer', min, max, message: t('range', { min, max }) },
  ];

  const percentRule: Rule = {
    validator: (_, v: string | undefined) => {
      const bp = v && v.trim() ? parseScaledDecimal(v, 2) : null;
      return bp !== null && bp >= 0 && bp <= 10_000 ? Promise.resolve() : Promise.reject(new Error(t('percentRange')));
    },
  };

  const save = async (v: SettingsForm) => {
    setBusy(true);
    try {
      const body: Settings = {
        merchantName: v.merchantName.trim(),
        passwordPolicy: { ...v.passwordPolicy, maxAgeDays: v.passwordPolicy.maxAgeDays ?? null },
        lockout: v.lockout,
        sessionIdleMinutes: v.sessionIdleMinutes,
        wallet: walletOf(v.wallet),
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
          <Button onClick={() => settings.data && form.setFieldsValue(toForm(settings.data))}>{t('common:actions.reset')}</Button>
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
        <Form<SettingsForm> form={form} layout="vertical" name="settings" onFinish={save} scrollToFirstError>
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
            <Col xs={24}>
              <Card variant="borderless" title={t('walletSection')} data-testid="settings-wallet">
                <Row gutter={24}>
                  <Col xs={24} xl={12}>
                    <Form.Item name={['wallet', 'spendSplit']} label={t('spendSplit')} tooltip={t('spendSplitHelp')} rules={[requiredRule(t, t('spendSplit'), true)]}>
                      <Select style={{ maxWidth: 360 }} options={SPEND_SPLITS.map((v) => ({ value: v, label: t(`spendSplits.${v}`) }))} />
                    </Form.Item>
                    <Form.Item name={['wallet', 'pointsExpiry', 'mode']} label={t('pointsExpiry')} rules={[requiredRule(t, t('pointsExpiry'), true)]}>
                      <Radio.Group options={EXPIRY_MODES.map((v) => ({ value: v, label: t(`pointsExpiryModes.${v}`) }))} />
                    </Form.Item>
                    {expiryMode === 'days' ? (
                      <Form.Item name={['wallet', 'pointsExpiry', 'days']} label={t('pointsExpiryDays')} tooltip={t('pointsExpiryDaysHelp')} rules={range(1, 3650)}>
                        <InputNumber min={1} max={3650} precision={0} suffix={t('days')} style={{ width: 200 }} />
                      </Form.Item>
                    ) : null}
                  </Col>
                  <Col xs={24} xl={12}>
                    <Form.Item
                      name={['wallet', 'earnRateBp']}
                      label={t('earnRate')}
                      tooltip={t('earnRateHelp')}
                      rules={[{ required: true, whitespace: true, message: t('earnRateInvalid') }, multiplierRule(t('earnRateInvalid'), MAX_EARN_RATE_BP)]}
                    >
                      <Input suffix={t('pointsPerYuanUnit')} inputMode="decimal" style={{ width: 200 }} />
                    </Form.Item>
                    <Form.Item name={['wallet', 'pointsPerYuan']} label={t('pointsPerYuan')} tooltip={t('pointsPerYuanHelp')} rules={range(1, 100_000)}>
                      <InputNumber min={1} max={100_000} precision={0} suffix={t('pointsUnit')} style={{ width: 200 }} />
                    </Form.Item>
                    <Form.Item name={['wallet', 'maxPointsShareBp']} label={t('maxPointsShare')} tooltip={t('maxPointsShareHelp')} rules={[percentRule]} required>
                      <Input suffix="%" inputMode="decimal" style={{ width: 200 }} />
                    </Form.Item>
                    <Form.Item name={['wallet', 'balanceSms']} label={t('balanceSms')} tooltip={t('balanceSmsHelp')} valuePropName="checked">
                      <Switch />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
            </Col>
          </Row>
        </Form>
      )}
    </PageContainer>
  );
}
