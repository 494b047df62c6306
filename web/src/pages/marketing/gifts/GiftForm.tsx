import { useEffect, useMemo, useState } from 'react';
import { App, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { useAllStores, useMemberLevels } from '../../../app/lookups';
import { fenToYuan, yuanToFen } from '../../../app/money';
import { maxRule, nameRules, requiredNumberRule, requiredRule } from '../../../app/validators';
import { ProductPicker, type PickedProduct } from '../../catalog/products/ProductPicker';
import { GIFT_CATEGORIES_KEY, GIFT_KINDS, GIFTS_KEY, type Gift, type GiftCategory, type GiftInput, type GiftKind } from './gifts';

const MAX_FEN = 1_000_000_000_000;
const MAX_STOCK = 1_000_000_000;

/** A coupon template as the gift form needs it (GET /api/coupon-templates). */
interface TemplateOption {
  id: string;
  name: string;
  status: 'active' | 'archived';
}

type Scope = 'all' | 'chosen';
interface GiftFormValues {
  name: string;
  description?: string;
  categoryId?: string | null;
  kind: GiftKind;
  pointsPrice: number | null;
  unlimited: boolean;
  stock?: number | null;
  valueYuan?: string;
  serviceProductId?: string | null;
  uses?: number | null;
  validityDays?: number | null;
  couponTemplateId?: string | null;
  couponQuantity?: number | null;
  storeScope: Scope;
  storeIds?: string[];
  levelScope: Scope;
  levelIds?: string[];
}

/** The server's field names that the form shows under another name. */
const FIELD_ALIASES: Record<string, string> = { valueFen: 'valueYuan' };
const FORM_FIELDS = new Set(['name', 'description', 'categoryId', 'kind', 'pointsPrice', 'stock', 'valueYuan', 'serviceProductId', 'uses', 'validityDays', 'couponTemplateId', 'couponQuantity', 'storeIds', 'levelIds']);

function toForm(g: Gift | undefined, categoryId: string | undefined): GiftFormValues {
  if (!g) {
    return { name: '', description: '', categoryId: categoryId ?? null, kind: 'goods', pointsPrice: null, unlimited: false, stock: null, storeScope: 'all', storeIds: [], levelScope: 'all', levelIds: [], uses: null, validityDays: null, couponQuantity: 1 };
  }
  return {
    name: g.name,
    description: g.description,
    categoryId: g.categoryId,
    kind: g.kind,
    pointsPrice: g.pointsPrice,
    unlimited: g.stock === null,
    stock: g.stock,
    valueYuan: g.valueFen !== null ? fenToYuan(g.valueFen) : '',
    serviceProductId: g.serviceProductId,
    uses: g.uses,
    validityDays: g.validityDays,
    couponTemplateId: g.couponTemplateId,
    couponQuantity: g.couponQuantity,
    storeScope: g.storeIds ? 'chosen' : 'all',
    storeIds: g.storeIds ?? [],
    levelScope: g.levelIds ? 'chosen' : 'all',
    levelIds: g.levelIds ?? [],
  };
}

function toBody(v: GiftFormValues): GiftInput {
  const k = v.kind;
  return {
    categoryId: v.categoryId ?? null,
    name: v.name.trim(),
    description: (v.description ?? '').trim(),
    kind: k,
    pointsPrice: v.pointsPrice ?? 0,
    stock: v.unlimited ? null : (v.stock ?? 0),
    valueFen: k === 'stored_value' ? yuanToFen(v.valueYuan ?? '') : null,
    serviceProductId: k === 'uses' ? (v.serviceProductId ?? null) : null,
    uses: k === 'uses' ? (v.uses ?? null) : null,
    validityDays: k === 'uses' ? (v.validityDays ?? null) : null,
    couponTemplateId: k === 'coupon' ? (v.couponTemplateId ?? null) : null,
    couponQuantity: k === 'coupon' ? (v.couponQuantity ?? null) : null,
    storeIds: v.storeScope === 'chosen' && v.storeIds?.length ? v.storeIds : null,
    levelIds: v.levelScope === 'chosen' && v.levelIds?.length ? v.levelIds : null,
  };
}

/** Create or edit a gift: its kind's own fields, points price, stock, and where and to whom it is offered. */
export function GiftForm({ open, gift, categoryId, categories, onClose }: { open: boolean; gift?: Gift; categoryId?: string; categories: GiftCategory[]; onClose: () => void }) {
  const { t } = useTranslation(['marketing.gifts', 'common']);
  const { can } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const { stores } = useAllStores();
  const levels = useMemberLevels(open);
  const [form] = Form.useForm<GiftFormValues>();
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('kind', form);
  const unlimited = Form.useWatch('unlimited', form);
  const storeScope = Form.useWatch('storeScope', form);
  const levelScope = Form.useWatch('levelScope', form);

  const templates = useQuery({
    queryKey: ['/coupon-templates', 'all'],
    queryFn: () => api.get<{ items: TemplateOption[] }>('/coupon-templates', { status: 'all' }).then((r) => r.items),
    enabled: open && can(['coupons.view', 'coupons.issue']),
    staleTime: 10_000,
  });
  // the label of the service item already chosen (the picker only lists what a search finds)
  const service = useQuery({
    queryKey: ['/products', gift?.serviceProductId],
    queryFn: () => api.get<PickedProduct>(`/products/${gift?.serviceProductId}`),
    enabled: open && !!gift?.serviceProductId && can('catalog.view'),
    staleTime: 60_000,
    retry: false,
  });
  const knownServices = useMemo(() => (service.data ? [{ id: service.data.id, code: service.data.code, name: service.data.name }] : []), [service.data]);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(toForm(gift, categoryId));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, gift?.id]);

  const categoryOptions = categories.filter((c) => c.status === 'active' || c.id === gift?.categoryId).map((c) => ({ value: c.id, label: c.status === 'active' ? c.name : `${c.name} (${t('archivedShort')})` }));
  const templateOptions = (templates.data ?? [])
    .filter((x) => x.status === 'active' || x.id === gift?.couponTemplateId)
    .map((x) => ({ value: x.id, label: x.status === 'active' ? x.name : `${x.name} (${t('archivedShort')})` }));

  const submit = async () => {
    let v: GiftFormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body = toBody(v);
    setBusy(true);
    try {
      if (gift) await api.patch<Gift>(`${GIFTS_KEY}/${gift.id}`, body);
      else await api.post<Gift>(GIFTS_KEY, body);
      await qc.invalidateQueries({ queryKey: [GIFTS_KEY] });
      await qc.invalidateQueries({ queryKey: [GIFT_CATEGORIES_KEY] });
      void message.success(gift ? t('common:common.saved') : t('common:common.created'));
      onClose();
    } catch (e) {
      const field = isApiError(e) && e.field ? e.field.replace(/^body\./, '').split('.')[0]! : null;
      const name = field ? (FIELD_ALIASES[field] ?? field) : null;
      if (isApiError(e) && name && FORM_FIELDS.has(name)) form.setFields([{ name: name as keyof GiftFormValues, errors: [e.message] }]);
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={gift ? t('editGift') : t('newGift')}
      width={720}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common:actions.save')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={busy}
      okButtonProps={{ ...{ 'data-testid': 'gift-form-submit' } }}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form form={form} layout="vertical" name="gift" scrollToFirstError onFinish={() => void submit()}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('name')} rules={nameRules(t, t('name'))}>
              <Input maxLength={64} autoComplete="off" placeholder={t('namePlaceholder')} data-testid="gift-form-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="categoryId" label={t('category')}>
              <Select allowClear placeholder={t('noCategory')} options={categoryOptions} data-testid="gift-form-category" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="kind" label={t('kind')} rules={[requiredRule(t, t('kind'), true)]} extra={kind ? t(`kindHelp.${kind}`) : undefined}>
              <Radio.Group optionType="button" buttonStyle="solid" data-testid="gift-form-kind" options={GIFT_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
            </Form.Item>
          </Col>

          {kind === 'stored_value' ? (
            <Col xs={24} sm={12}>
              <Form.Item
                name="valueYuan"
                label={t('valueYuan')}
                tooltip={t('valueHelp')}
                rules={[
                  {
                    validator: (_, v: string | undefined) => {
                      const fen = yuanToFen(v ?? '');
                      return fen !== null && fen > 0 && fen <= MAX_FEN ? Promise.resolve() : Promise.reject(new Error(t('valueInvalid')));
                    },
                  },
                ]}
              >
                <Input prefix="¥" inputMode="decimal" maxLength={16} autoComplete="off" data-testid="gift-form-value" />
              </Form.Item>
            </Col>
          ) : null}
          {kind === 'uses' ? (
            <>
              <Col xs={24} sm={12}>
                <Form.Item name="serviceProductId" label={t('service')} rules={[requiredRule(t, t('service'), true)]}>
                  <ProductPicker kinds={['service']} known={knownServices} ariaLabel={t('service')} testId="gift-form-service" />
                </Form.Item>
              </Col>
              <Col xs={12} sm={6}>
                <Form.Item name="uses" label={t('uses')} rules={[requiredNumberRule(t, t('uses'))]}>
                  <InputNumber min={1} max={100_000} precision={0} style={{ width: '100%' }} suffix={t('usesUnit')} data-testid="gift-form-uses" />
                </Form.Item>
              </Col>
              <Col xs={12} sm={6}>
                <Form.Item name="validityDays" label={t('validityDays')} rules={[requiredNumberRule(t, t('validityDays'))]}>
                  <InputNumber min={1} max={36_500} precision={0} style={{ width: '100%' }} suffix={t('daysUnit')} data-testid="gift-form-days" />
                </Form.Item>
              </Col>
            </>
          ) : null}
          {kind === 'coupon' ? (
            <>
              <Col xs={24} sm={16}>
                <Form.Item name="couponTemplateId" label={t('couponTemplate')} rules={[requiredRule(t, t('couponTemplate'), true)]} extra={templates.isError ? t('templatesUnavailable') : undefined}>
                  <Select showSearch={{ optionFilterProp: 'label' }} loading={templates.isFetching} options={templateOptions} notFoundContent={t('noTemplates')} data-testid="gift-form-template" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={8}>
                <Form.Item name="couponQuantity" label={t('couponQuantity')} rules={[requiredNumberRule(t, t('couponQuantity'))]}>
                  <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} suffix={t('couponUnit')} data-testid="gift-form-coupons" />
                </Form.Item>
              </Col>
            </>
          ) : null}

          <Col xs={24} sm={8}>
            <Form.Item name="pointsPrice" label={t('pointsPrice')} rules={[requiredNumberRule(t, t('pointsPrice'))]}>
              <InputNumber min={1} max={MAX_FEN} precision={0} style={{ width: '100%' }} suffix={t('pointsUnit')} data-testid="gift-form-points" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="unlimited" label={t('unlimitedStock')} valuePropName="checked">
              <Switch data-testid="gift-form-unlimited" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            {!unlimited ? (
              <Form.Item name="stock" label={gift ? t('stockOnHand') : t('stock')} tooltip={gift ? t('stockHelp') : undefined} rules={[requiredNumberRule(t, gift ? t('stockOnHand') : t('stock'))]}>
                <InputNumber min={0} max={MAX_STOCK} precision={0} style={{ width: '100%' }} data-testid="gift-form-stock" />
              </Form.Item>
            ) : null}
          </Col>

          <Col xs={24} sm={12}>
            <Form.Item name="storeScope" label={t('stores')}>
              <Radio.Group
                options={[
                  { value: 'all', label: t('allStores') },
                  { value: 'chosen', label: t('chosenStores') },
                ]}
              />
            </Form.Item>
            {storeScope === 'chosen' ? (
              <Form.Item name="storeIds" rules={[{ required: true, type: 'array', min: 1, message: t('storesRequired') }]}>
                <Select mode="multiple" aria-label={t('stores')} showSearch={{ optionFilterProp: 'label' }} options={stores.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))} data-testid="gift-form-stores" />
              </Form.Item>
            ) : null}
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="levelScope" label={t('levels')}>
              <Radio.Group
                options={[
                  { value: 'all', label: t('allLevels') },
                  { value: 'chosen', label: t('chosenLevels') },
                ]}
              />
            </Form.Item>
            {levelScope === 'chosen' ? (
              <Form.Item name="levelIds" rules={[{ required: true, type: 'array', min: 1, message: t('levelsRequired') }]}>
                <Select mode="multiple" aria-label={t('levels')} showSearch={{ optionFilterProp: 'label' }} loading={levels.isFetching} options={(levels.data ?? []).map((l) => ({ value: l.id, label: l.name }))} data-testid="gift-form-levels" />
              </Form.Item>
            ) : null}
          </Col>
          <Col span={24}>
            <Form.Item name="description" label={t('description')} rules={[maxRule(t, t('description'), 500)]}>
              <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
            </Form.Item>
          </Col>
        </Row>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
