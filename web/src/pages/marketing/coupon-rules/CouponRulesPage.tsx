import { useMemo, useState } from 'react';
import { Alert, App, Button, Col, Empty, Form, Input, InputNumber, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, InboxOutlined, PlusOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { byId, useAllStores } from '../../../app/lookups';
import { fenToYuan, formatFen, yuanToFen } from '../../../app/money';
import { PageContainer } from '../../../app/components/PageContainer';
import { ArchivedFilter } from '../../../app/components/ArchivedFilter';
import { FormModal } from '../../../app/components/FormModal';
import { nameRules, requiredRule } from '../../../app/validators';
import { MAX_FEN, NS as COUPONS_NS, RULES_KEY, useCouponTemplates, valueText, type CouponRule, type CouponRuleInput, type RuleTrigger, type TemplateStatus } from '../coupons';

const NS = 'marketing.coupon-rules';

/** Form fields carry the API's names, so a field error of the API lands on them. */
interface RuleForm {
  name: string;
  trigger: RuleTrigger;
  templateId?: string;
  quantity: number;
  minSpendFen?: string;
  storeIds?: string[];
}

function toForm(r?: CouponRule): Partial<RuleForm> {
  if (!r) return { trigger: 'checkout', quantity: 1, storeIds: [] };
  return { name: r.name, trigger: r.trigger, templateId: r.templateId, quantity: r.quantity, minSpendFen: r.minSpendFen ? fenToYuan(r.minSpendFen) : '', storeIds: r.storeIds ?? [] };
}

function RuleFormModal({ open, rule, onClose }: { open: boolean; rule?: CouponRule; onClose: () => void }) {
  const { t } = useTranslation([NS, COUPONS_NS, 'common']);
  const qc = useQueryClient();
  const [form] = Form.useForm<RuleForm>();
  const templates = useCouponTemplates('active', open);
  const { stores } = useAllStores();
  const trigger = Form.useWatch('trigger', form) ?? rule?.trigger ?? 'checkout';
  const options = (templates.data ?? []).map((x) => ({ value: x.id, label: `${x.name} · ${valueText(t, x)}` }));
  // an archived template of the rule still shows by name
  if (rule && !options.some((o) => o.value === rule.templateId)) options.unshift({ value: rule.templateId, label: rule.templateName });
  return (
    <FormModal<RuleForm>
      open={open}
      name="coupon-rule"
      title={rule ? t('editRule') : t('newRule')}
      form={form}
      initialValues={toForm(rule)}
      onClose={onClose}
      onSubmit={async (v) => {
        const body: CouponRuleInput = {
          name: v.name.trim(),
          trigger: v.trigger,
          templateId: v.templateId ?? '',
          quantity: v.quantity,
          minSpendFen: v.trigger === 'checkout' ? (yuanToFen(v.minSpendFen ?? '') ?? 0) : 0,
          storeIds: v.storeIds?.length ? v.storeIds : null,
        };
        if (rule) await api.patch(`${RULES_KEY}/${rule.id}`, body);
        else await api.post(RULES_KEY, body);
        await qc.invalidateQueries({ queryKey: [RULES_KEY] });
      }}
    >
      <Form.Item name="name" label={t('name')} rules={nameRules(t, t('name'))}>
        <Input maxLength={64} placeholder={t('namePlaceholder')} autoComplete="off" data-testid="coupon-rule-name" />
      </Form.Item>
      <Form.Item name="trigger" label={t('trigger')} extra={t(`triggerHelp.${trigger}`)}>
        <Radio.Group optionType="button" buttonStyle="solid" options={(['checkout', 'birthday'] as const).map((k) => ({ value: k, label: t(`triggers.${k}`) }))} data-testid="coupon-rule-trigger" />
      </Form.Item>
      {trigger === 'checkout' ? (
        <Form.Item
          name="minSpendFen"
          label={t('minSpend')}
          rules={[
            {
              validator: (_, s: string | undefined) => {
                const fen = s && s.trim() ? yuanToFen(s) : null;
                return fen !== null && fen > 0 && fen <= MAX_FEN ? Promise.resolve() : Promise.reject(new Error(t('minSpendInvalid')));
              },
            },
          ]}
        >
          <Input prefix="¥" inputMode="decimal" maxLength={16} style={{ width: 200 }} data-testid="coupon-rule-min-spend" />
        </Form.Item>
      ) : null}
      <Row gutter={16}>
        <Col xs={24} sm={16}>
          <Form.Item name="templateId" label={t('template')} rules={[requiredRule(t, t('template'), true)]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('templatePlaceholder')}
              loading={templates.isPending}
              options={options}
              notFoundContent={t('noTemplates')}
              data-testid="coupon-rule-template"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="quantity" label={t('quantity')} rules={[{ required: true, type: 'number', min: 1, max: 10, message: t('quantity') }]}>
            <InputNumber min={1} max={10} precision={0} suffix={t('quantityUnit')} style={{ width: '100%' }} data-testid="coupon-rule-quantity" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="storeIds" label={t('stores')} extra={t('storesHelp')}>
        <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('storesPlaceholder')} options={stores.map((s) => ({ value: s.id, label: s.name }))} />
      </Form.Item>
    </FormModal>
  );
}

export default function CouponRulesPage() {
  const { t } = useTranslation([NS, COUPONS_NS, 'common']);
  const { can } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const canManage = can('coupons.manage');
  const { stores } = useAllStores();
  const storeMap = useMemo(() => byId(stores), [stores]);
  const rules = useQuery({
    queryKey: [RULES_KEY],
    queryFn: () => api.get<{ items: CouponRule[] }>(RULES_KEY).then((r) => r.items),
  });
  const [editing, setEditing] = useState<{ rule?: CouponRule } | null>(null);
  const [showArchived, setShowArchived] = useState(false);

  const setStatus = async (r: CouponRule, status: TemplateStatus) => {
    try {
      await api.patch(`${RULES_KEY}/${r.id}`, { status });
      void message.success(status === 'archived' ? t('archived') : t('activated'));
      await qc.invalidateQueries({ queryKey: [RULES_KEY] });
    } catch (e) {
      showError(e);
    }
  };

  const whenText = (r: CouponRule) => (r.trigger === 'checkout' ? t('whenCheckout', { min: formatFen(r.minSpendFen), quantity: r.quantity }) : t('whenBirthday', { quantity: r.quantity }));

  const columns: TableColumnsType<CouponRule> = [
    { title: t('name'), dataIndex: 'name', key: 'name', width: 200 },
    { title: t('trigger'), dataIndex: 'trigger', key: 'trigger', width: 110, render: (tr: RuleTrigger) => <Tag color={tr === 'checkout' ? 'blue' : 'magenta'}>{t(`triggers.${tr}`)}</Tag> },
    { title: t('when'), key: 'when', width: 200, render: (_, r) => <span data-testid={`coupon-rule-when-${r.id}`}>{whenText(r)}</span> },
    { title: t('template'), dataIndex: 'templateName', key: 'templateName', width: 180 },
    {
      title: t('stores'),
      dataIndex: 'storeIds',
      key: 'storeIds',
      width: 180,
      render: (ids: string[] | null) =>
        ids ? (
          <Typography.Text ellipsis={{ tooltip: ids.map((id) => storeMap.get(id)?.name ?? id).join('、') }}>
            {ids.length <= 2 ? ids.map((id) => storeMap.get(id)?.name ?? '—').join('、') : t('storesCount', { count: ids.length })}
          </Typography.Text>
        ) : (
          <Tag color="blue">{t('allStores')}</Tag>
        ),
    },
    { title: t('status'), dataIndex: 'status', key: 'status', width: 90, render: (s: TemplateStatus) => <Tag color={s === 'active' ? 'success' : 'default'}>{t(`statuses.${s}`)}</Tag> },
    ...(canManage
      ? [
          {
            title: t('common:table.actions'),
            key: 'actions',
            width: 170,
            fixed: 'right' as const,
            render: (_: unknown, r: CouponRule) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ rule: r })} data-testid={`coupon-rule-edit-${r.id}`}>
                  {t('common:actions.edit')}
                </Button>
                {r.status === 'active' ? (
                  <Button type="link" size="small" danger icon={<InboxOutlined />} onClick={() => void setStatus(r, 'archived')} data-testid={`coupon-rule-archive-${r.id}`}>
                    {t('archive')}
                  </Button>
                ) : (
                  <Button type="link" size="small" icon={<RollbackOutlined />} onClick={() => void setStatus(r, 'active')} data-testid={`coupon-rule-activate-${r.id}`}>
                    {t('activate')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const rows = (rules.data ?? []).filter((r) => showArchived || r.status === 'active');

  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      extra={
        canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="coupon-rule-new">
            {t('newRule')}
          </Button>
        ) : null
      }
    >
      {!canManage ? <Alert type="info" showIcon title={t('noPermission')} style={{ marginBottom: 12 }} /> : null}
      <Space className="table-toolbar" wrap>
        <ArchivedFilter showArchived={showArchived} onChange={setShowArchived} texts={{ label: t('status'), onlyActive: t('onlyActive'), includeArchived: t('includeArchived') }} />
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void rules.refetch()} />
      </Space>
      <Table<CouponRule>
        rowKey="id"
        data-testid="coupon-rules-table"
        columns={columns}
        dataSource={rows}
        loading={rules.isFetching}
        pagination={false}
        scroll={{ x: 1200 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} /> }}
      />
      <RuleFormModal open={!!editing} rule={editing?.rule} onClose={() => setEditing(null)} />
    </PageContainer>
  );
}
