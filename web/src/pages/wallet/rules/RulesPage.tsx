import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Col, DatePicker, Drawer, Flex, Form, Input, InputNumber, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, InboxOutlined, PlusOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../../app/api';
import { useApiError } from '../../../app/errors';
import { byId, useAllStores } from '../../../app/lookups';
import { PageContainer } from '../../../app/components/PageContainer';
import { ArchivedFilter } from '../../../app/components/ArchivedFilter';
import { fenToYuan, yuanToFen } from '../../../app/money';
import { nameRules, requiredNumberRule, requiredRule } from '../../../app/validators';
import { TOPUP_RULES_KEY, shortYuan, tiersText, type RuleStatus, type TopupRule, type TopupRuleInput, type TopupTier } from '../topup/wallet';
import { useAuth } from '../../../app/auth';
import { NS as COUPONS_NS, useCouponTemplates, valueText, type CouponTemplate } from '../../marketing/coupons';

const ALL_STORES = '__all__';
const MAX_TIERS = 20;
const MAX_FEN = 1_000_000_000_000;
const MAX_TIER_COUPONS = 5;

/** 充值送券: the coupons a tier grants (the API's tiers[].coupons). */
interface TierCoupon {
  templateId: string;
  quantity: number;
}
type Tier = TopupTier & { coupons?: TierCoupon[] };
type Rule = Omit<TopupRule, 'tiers'> & { tiers: Tier[] };

interface TierForm {
  threshold?: string;
  bonus?: string;
  points?: number | null;
  coupons?: { templateId?: string; quantity?: number | null }[];
}
interface RuleForm {
  name: string;
  storeId: string;
  startsOn?: Dayjs | null;
  endsOn?: Dayjs | null;
  tiers: TierForm[];
  perEvery: boolean;
  installment: boolean;
  installmentMonths?: number | null;
}

const TIER_FIELDS: Record<string, keyof TierForm> = { thresholdFen: 'threshold', bonusFen: 'bonus', points: 'points', coupons: 'coupons' };

/** The coupon rows of a tier that name a template. */
function formCoupons(x: TierForm | undefined): TierCoupon[] {
  return (x?.coupons ?? []).flatMap((c) => (c?.templateId ? [{ templateId: c.templateId, quantity: c.quantity ?? 1 }] : []));
}

/** The form's tiers as API tiers (invalid rows are left out; validation reports them). */
function formTiers(tiers: TierForm[] | undefined): Tier[] {
  return (tiers ?? []).flatMap((x) => {
    const thresholdFen = yuanToFen(x?.threshold ?? '');
    const bonusFen = x?.bonus?.trim() ? yuanToFen(x.bonus) : 0;
    if (thresholdFen === null || thresholdFen <= 0 || bonusFen === null) return [];
    return [{ thresholdFen, bonusFen, points: x?.points ?? 0, coupons: formCoupons(x) }];
  });
}

/**
 * A rule's tiers as one line with their coupons, e.g. “充100送20+2张满100减20；充500送120”: each
 * tier through the shared tier text, then what it gives in coupons.
 */
function tiersWithCouponsText(
  t: TFunction,
  rule: { tiers: Tier[]; perEvery: boolean; installmentMonths: number | null },
  templates: Map<string, CouponTemplate>,
): string {
  const tiers = [...rule.tiers].sort((a, b) => a.thresholdFen - b.thresholdFen);
  const parts = tiers.map((tier) => {
    const base = tier.bonusFen > 0 || tier.points > 0 || !tier.coupons?.length ? tiersText(t, { tiers: [tier], perEvery: rule.perEvery, installmentMonths: null }) : null;
    const coupons = (tier.coupons ?? []).map((c) => {
      const tpl = templates.get(c.templateId);
      if (!tpl) return t('couponGift', { quantity: c.quantity, name: t('unknownTemplate') });
      // “满100减20” needs no “（满100减20）” after it
      const value = valueText(t, tpl);
      return tpl.name.includes(value) ? t('couponGift', { quantity: c.quantity, name: tpl.name }) : t('couponGiftValue', { quantity: c.quantity, name: tpl.name, value });
    });
    if (base === null) return t(rule.perEvery ? 'tierText.perEvery' : 'tierText.tier', { threshold: shortYuan(tier.thresholdFen), gift: coupons.join(t('tierText.plus')) });
    return [base, ...coupons].join(t('tierText.plus'));
  });
  let text = parts.join(t('tierText.separator'));
  if (rule.installmentMonths) text += t('tierText.installments', { months: rule.installmentMonths });
  return text;
}

function toForm(r?: Rule): Partial<RuleForm> {
  if (!r) return { storeId: ALL_STORES, tiers: [{ threshold: '', bonus: '', points: 0, coupons: [] }], perEvery: false, installment: false, installmentMonths: null };
  return {
    name: r.name,
    storeId: r.storeId ?? ALL_STORES,
    startsOn: r.startsOn ? dayjs(r.startsOn) : null,
    endsOn: r.endsOn ? dayjs(r.endsOn) : null,
    tiers: [...r.tiers]
      .sort((a, b) => a.thresholdFen - b.thresholdFen)
      .map((x) => ({ threshold: fenToYuan(x.thresholdFen), bonus: fenToYuan(x.bonusFen), points: x.points, coupons: (x.coupons ?? []).map((c) => ({ ...c })) })),
    perEvery: r.perEvery,
    installment: r.installmentMonths !== null,
    installmentMonths: r.installmentMonths,
  };
}

function RuleDrawer({ open, rule, onClose }: { open: boolean; rule?: Rule; onClose: () => void }) {
  const { t } = useTranslation(['wallet.rules', COUPONS_NS, 'common']);
  const { can } = useAuth();
  const canListTemplates = can(['coupons.view', 'coupons.issue']);
  const templates = useCouponTemplates('all', open);
  const templateMap = useMemo(() => byId(templates.data), [templates.data]);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const { stores } = useAllStores();
  const [form] = Form.useForm<RuleForm>();
  const [busy, setBusy] = useState(false);
  const watchedTiers = Form.useWatch('tiers', form);
  const perEvery = Form.useWatch('perEvery', form);
  const installment = Form.useWatch('installment', form);
  const months = Form.useWatch('installmentMonths', form);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(toForm(rule) as RuleForm);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, rule?.id]);

  const previewTiers = formTiers(watchedTiers);
  const previewText = previewTiers.length ? tiersWithCouponsText(t, { tiers: previewTiers, perEvery: !!perEvery, installmentMonths: installment && months ? months : null }, templateMap) : '';
  const templateOptions = (templates.data ?? []).filter((x) => x.status === 'active').map((x) => ({ value: x.id, label: `${x.name} · ${valueText(t, x)}` }));
  /** the options of one coupon row: the active templates, and the row's own even if it was archived since */
  const optionsWith = (id: string | undefined) => {
    const own = id ? templateMap.get(id) : undefined;
    if (!id || templateOptions.some((o) => o.value === id)) return templateOptions;
    return [{ value: id, label: own ? `${own.name} · ${valueText(t, own)}` : t('unknownTemplate') }, ...templateOptions];
  };

  const submit = async () => {
    let v: RuleForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body: Omit<TopupRuleInput, 'tiers'> & { tiers: Tier[] } = {
      name: v.name.trim(),
      storeId: v.storeId === ALL_STORES ? null : v.storeId,
      startsOn: v.startsOn ? v.startsOn.format('YYYY-MM-DD') : null,
      endsOn: v.endsOn ? v.endsOn.format('YYYY-MM-DD') : null,
      tiers: v.tiers.map((x) => ({ thresholdFen: yuanToFen(x.threshold ?? '') ?? 0, bonusFen: x.bonus?.trim() ? (yuanToFen(x.bonus) ?? 0) : 0, points: x.points ?? 0, coupons: formCoupons(x) })),
      perEvery: !!v.perEvery,
      installmentMonths: v.installment ? (v.installmentMonths ?? null) : null,
    };
    setBusy(true);
    try {
      if (rule) await api.patch(`/topup-rules/${rule.id}`, body);
      else await api.post('/topup-rules', body);
      await qc.invalidateQueries({ queryKey: [TOPUP_RULES_KEY] });
      void message.success(rule ? t('common:common.saved') : t('common:common.created'));
      onClose();
    } catch (e) {
      // tiers.1.thresholdFen → the row's threshold field; tiers.1.coupons.0.templateId → that coupon row
      const m = isApiError(e) && e.field ? /tiers\.(\d+)\.(\w+)(?:\.(\d+)\.(\w+))?/.exec(e.field) : null;
      const field = m ? TIER_FIELDS[m[2]!] : undefined;
      if (m && field && isApiError(e)) {
        const tier = Number(m[1]);
        if (field === 'coupons' && m[3]) form.setFields([{ name: ['tiers', tier, 'coupons', Number(m[3]), m[4] === 'quantity' ? 'quantity' : 'templateId'], errors: [e.message] }]);
        else form.setFields([{ name: ['tiers', tier, field], errors: [e.message] }]);
        showError(e);
      } else showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  const moneyValidator = (allowZero: boolean) => ({
    validator: (_: unknown, v: string | undefined) => {
      if (!v || !v.trim()) return allowZero ? Promise.resolve() : Promise.reject(new Error(t('thresholdInvalid')));
      const fen = yuanToFen(v);
      const ok = fen !== null && fen <= MAX_FEN && (allowZero ? fen >= 0 : fen > 0);
      return ok ? Promise.resolve() : Promise.reject(new Error(allowZero ? t('bonusInvalid') : t('thresholdInvalid')));
    },
  });

  return (
    <Drawer
      open={open}
      title={rule ? t('editRule') : t('newRule')}
      size={720}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="rule-form-submit">
            {t('common:actions.save')}
          </Button>
        </Flex>
      }
    >
      <Form form={form} layout="vertical" name="topup-rule" scrollToFirstError onFinish={() => void submit()}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('name')} rules={nameRules(t, t('name'))}>
              <Input maxLength={64} placeholder={t('namePlaceholder')} autoComplete="off" data-testid="rule-form-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="storeId" label={t('store')} rules={[requiredRule(t, t('store'), true)]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={[{ value: ALL_STORES, label: t('allStores') }, ...stores.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="startsOn" label={t('startsOn')} tooltip={t('validityHelp')}>
              <DatePicker style={{ width: '100%' }} placeholder={t('noStart')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="endsOn"
              label={t('endsOn')}
              dependencies={['startsOn']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, v: Dayjs | null | undefined) => {
                    const start = getFieldValue('startsOn') as Dayjs | null | undefined;
                    return v && start && v.isBefore(start, 'day') ? Promise.reject(new Error(t('endBeforeStart'))) : Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} placeholder={t('noEnd')} />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('tiers')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {t('tiersHelp')}
        </Typography.Paragraph>
        <Form.List
          name="tiers"
          rules={[
            {
              validator: async (_, tiers: TierForm[] | undefined) => {
                if (!tiers || tiers.length === 0) throw new Error(t('tiersRequired'));
                if (tiers.length > MAX_TIERS) throw new Error(t('tiersMax', { max: MAX_TIERS }));
                const seen = new Set<number>();
                for (const x of tiers) {
                  const f = yuanToFen(x?.threshold ?? '');
                  if (f === null) continue;
                  if (seen.has(f)) throw new Error(t('tiersDuplicate'));
                  seen.add(f);
                }
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field, i) => (
                <Row key={field.key} gutter={8} align="top" data-testid={`rule-tier-${i}`}>
                  <Col span={8}>
                    <Form.Item name={[field.name, 'threshold']} label={i === 0 ? t('threshold') : undefined} rules={[moneyValidator(false)]}>
                      <Input prefix="¥" inputMode="decimal" maxLength={16} aria-label={t('threshold')} data-testid={`rule-tier-threshold-${i}`} />
                    </Form.Item>
                  </Col>
                  <Col span={7}>
                    <Form.Item
                      name={[field.name, 'bonus']}
                      label={i === 0 ? t('bonus') : undefined}
                      dependencies={[
                        ['tiers', field.name, 'points'],
                        ['tiers', field.name, 'coupons'],
                      ]}
                      rules={[
                        moneyValidator(true),
                        ({ getFieldValue }) => ({
                          validator: (_, v: string | undefined) => {
                            const pts = getFieldValue(['tiers', field.name, 'points']) as number | null | undefined;
                            const coupons = formCoupons({ coupons: getFieldValue(['tiers', field.name, 'coupons']) as TierForm['coupons'] });
                            const fen = v?.trim() ? yuanToFen(v) : 0;
                            return (fen ?? 0) > 0 || (pts ?? 0) > 0 || coupons.length > 0 ? Promise.resolve() : Promise.reject(new Error(t('tierGiftRequired')));
                          },
                        }),
                      ]}
                    >
                      <Input prefix="¥" inputMode="decimal" maxLength={16} aria-label={t('bonus')} placeholder="0" data-testid={`rule-tier-bonus-${i}`} />
                    </Form.Item>
                  </Col>
                  <Col span={7}>
                    <Form.Item name={[field.name, 'points']} label={i === 0 ? t('points') : undefined}>
                      <InputNumber min={0} max={MAX_FEN} precision={0} style={{ width: '100%' }} aria-label={t('points')} placeholder="0" data-testid={`rule-tier-points-${i}`} />
                    </Form.Item>
                  </Col>
                  <Col span={2} style={{ paddingTop: i === 0 ? 30 : 0 }}>
                    {fields.length > 1 ? <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('removeTier')} onClick={() => remove(field.name)} /> : null}
                  </Col>
                  <Col span={22}>
                    <TierCoupons
                      tierName={field.name}
                      tierIndex={i}
                      disabled={!canListTemplates}
                      optionsWith={optionsWith}
                      loading={templates.isPending && canListTemplates}
                      onChanged={() => void form.validateFields([['tiers', field.name, 'bonus']]).catch(() => undefined)}
                    />
                  </Col>
                </Row>
              ))}
              <Form.Item>
                <Button type="dashed" icon={<PlusOutlined />} disabled={fields.length >= MAX_TIERS} onClick={() => add({ threshold: '', bonus: '', points: 0, coupons: [] })} data-testid="rule-add-tier">
                  {t('addTier')}
                </Button>
                <Form.ErrorList errors={errors} />
              </Form.Item>
            </>
          )}
        </Form.List>

        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="perEvery" label={t('perEvery')} tooltip={t('perEveryHelp')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="installment" label={t('installment')} tooltip={t('installmentHelp')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            {installment ? (
              <Form.Item name="installmentMonths" label={t('installmentMonths')} rules={[requiredNumberRule(t, t('installmentMonths'))]}>
                <InputNumber min={2} max={60} precision={0} style={{ width: '100%' }} suffix={t('monthsUnit')} />
              </Form.Item>
            ) : null}
          </Col>
        </Row>
        {previewText ? <Alert type="info" showIcon title={t('preview')} description={<span data-testid="rule-form-preview">{previewText}</span>} /> : null}
        <button type="submit" hidden />
      </Form>
    </Drawer>
  );
}

/** 送券 rows of one tier: up to five templates with a quantity each. */
function TierCoupons({
  tierName,
  tierIndex,
  disabled,
  loading,
  optionsWith,
  onChanged,
}: {
  tierName: number;
  tierIndex: number;
  disabled: boolean;
  loading: boolean;
  optionsWith: (id: string | undefined) => { value: string; label: string }[];
  onChanged: () => void;
}) {
  const { t } = useTranslation(['wallet.rules', 'common']);
  const form = Form.useFormInstance<RuleForm>();
  return (
    <Form.List name={[tierName, 'coupons']}>
      {(fields, { add, remove }) => (
        <div style={{ marginTop: -8, marginBottom: 8 }} data-testid={`rule-tier-coupons-${tierIndex}`}>
          {fields.map((f, j) => {
            const id = form.getFieldValue(['tiers', tierName, 'coupons', f.name, 'templateId']) as string | undefined;
            return (
              <Flex key={f.key} gap={8} align="flex-start">
                <Typography.Text type="secondary" style={{ paddingTop: 5, whiteSpace: 'nowrap' }}>
                  {t('couponLabel')}
                </Typography.Text>
                <Form.Item name={[f.name, 'templateId']} style={{ flex: 1, marginBottom: 8 }} rules={[requiredRule(t, t('couponTemplate'), true)]}>
                  <Select
                    showSearch={{ optionFilterProp: 'label' }}
                    disabled={disabled}
                    loading={loading}
                    placeholder={t('couponTemplate')}
                    aria-label={t('couponTemplate')}
                    options={optionsWith(id)}
                    onChange={onChanged}
                    data-testid={`rule-tier-coupon-${tierIndex}-${j}`}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'quantity']} style={{ width: 110, marginBottom: 8 }} rules={[requiredNumberRule(t, t('couponQuantity'))]}>
                  <InputNumber min={1} max={10} precision={0} disabled={disabled} suffix={t('couponUnit')} aria-label={t('couponQuantity')} style={{ width: '100%' }} />
                </Form.Item>
                <Button
                  type="text"
                  danger
                  disabled={disabled}
                  icon={<DeleteOutlined />}
                  aria-label={t('removeCoupon')}
                  onClick={() => {
                    remove(f.name);
                    onChanged();
                  }}
                />
              </Flex>
            );
          })}
          {disabled ? (
            fields.length ? <Typography.Text type="secondary">{t('couponsNoPermission')}</Typography.Text> : null
          ) : (
            <Button type="link" size="small" icon={<PlusOutlined />} disabled={fields.length >= MAX_TIER_COUPONS} onClick={() => add({ quantity: 1 })} style={{ paddingInline: 0 }} data-testid={`rule-tier-add-coupon-${tierIndex}`}>
              {fields.length >= MAX_TIER_COUPONS ? t('couponsMax', { max: MAX_TIER_COUPONS }) : t('addCoupon')}
            </Button>
          )}
        </div>
      )}
    </Form.List>
  );
}

export default function RulesPage() {
  const { t } = useTranslation(['wallet.rules', COUPONS_NS, 'common']);
  const templates = useCouponTemplates('all');
  const templateMap = useMemo(() => byId(templates.data), [templates.data]);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const { stores } = useAllStores();
  const storeMap = useMemo(() => byId(stores), [stores]);
  const rules = useQuery({
    queryKey: [TOPUP_RULES_KEY],
    queryFn: () => api.get<{ items: Rule[] }>('/topup-rules').then((r) => r.items),
  });
  const [editing, setEditing] = useState<{ rule?: Rule } | null>(null);
  const [showArchived, setShowArchived] = useState(false);

  const setStatus = async (r: Rule, status: RuleStatus) => {
    try {
      await api.patch(`/topup-rules/${r.id}`, { status });
      void message.success(status === 'archived' ? t('archived') : t('activated'));
      await qc.invalidateQueries({ queryKey: [TOPUP_RULES_KEY] });
    } catch (e) {
      showError(e);
    }
  };

  const validityText = (r: Rule) => (!r.startsOn && !r.endsOn ? t('alwaysValid') : `${r.startsOn ?? t('noStart')} ~ ${r.endsOn ?? t('noEnd')}`);

  const columns: TableColumnsType<Rule> = [
    { title: t('name'), dataIndex: 'name', key: 'name', width: 160 },
    {
      title: t('tiers'),
      key: 'tiers',
      width: 320,
      render: (_, r) => <span data-testid={`rule-tiers-${r.id}`}>{tiersWithCouponsText(t, { ...r, installmentMonths: null }, templateMap)}</span>,
    },
    {
      title: t('store'),
      dataIndex: 'storeId',
      key: 'storeId',
      width: 150,
      render: (id: string | null) => (id ? (storeMap.get(id)?.name ?? '—') : <Tag color="blue">{t('allStores')}</Tag>),
    },
    { title: t('validity'), key: 'validity', width: 190, render: (_, r) => validityText(r) },
    { title: t('perEvery'), dataIndex: 'perEvery', key: 'perEvery', width: 90, render: (v: boolean) => (v ? t('yes') : t('no')) },
    {
      title: t('installmentsCol'),
      dataIndex: 'installmentMonths',
      key: 'installmentMonths',
      width: 110,
      render: (m: number | null) => (m ? t('installmentsText', { months: m }) : t('atOnce')),
    },
    {
      title: t('status'),
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (s: RuleStatus) => <Tag color={s === 'active' ? 'success' : 'default'}>{t(`statuses.${s}`)}</Tag>,
    },
    {
      title: t('common:table.actions'),
      key: 'actions',
      width: 170,
      fixed: 'right',
      render: (_, r) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ rule: r })} data-testid={`rule-edit-${r.id}`}>
            {t('common:actions.edit')}
          </Button>
          {r.status === 'active' ? (
            <Button type="link" size="small" danger icon={<InboxOutlined />} onClick={() => void setStatus(r, 'archived')} data-testid={`rule-archive-${r.id}`}>
              {t('archive')}
            </Button>
          ) : (
            <Button type="link" size="small" icon={<RollbackOutlined />} onClick={() => void setStatus(r, 'active')} data-testid={`rule-activate-${r.id}`}>
              {t('activate')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const rows = (rules.data ?? []).filter((r) => showArchived || r.status === 'active');

  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="rule-new">
          {t('newRule')}
        </Button>
      }
    >
      <Space className="table-toolbar" wrap>
        <ArchivedFilter showArchived={showArchived} onChange={setShowArchived} texts={{ label: t('status'), onlyActive: t('onlyActive'), includeArchived: t('includeArchived') }} />
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void rules.refetch()} />
      </Space>
      <Table<Rule> rowKey="id" columns={columns} dataSource={rows} loading={rules.isFetching} pagination={false} scroll={{ x: 1300 }} />
      <RuleDrawer open={!!editing} rule={editing?.rule} onClose={() => setEditing(null)} />
    </PageContainer>
  );
}
