import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Col, DatePicker, Divider, Drawer, Flex, Form, Input, InputNumber, Row, Select, Spin, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../../app/api';
import { useApiError } from '../../../app/errors';
import { useAllStores, useCustomFields, useMemberLevels } from '../../../app/lookups';
import { CustomFieldsFormItems, customFieldsFromForm, customFieldsToForm, type CustomFieldFormValues } from '../../../app/components/CustomFieldsFormItems';
import { fenToYuan, formatScaled, multiplierToBp, parseScaledDecimal, yuanToFen, bpToMultiplier } from '../../../app/money';
import { codeRules, maxRule, moneyRule, nameRules, requiredRule, requiredNumberRule } from '../../../app/validators';
import {
  CATEGORIES_KEY,
  PRODUCT_KINDS,
  POINTS_MODES,
  PRODUCTS_KEY,
  categoryOptions,
  useCategories,
  useProductDetail,
  type PointsMode,
  type ProductDetail,
  type ProductInput,
  type ProductKind,
} from './catalog';
import { ProductPicker, type PickedProduct } from './ProductPicker';

const MAX_FEN = 1_000_000_000_000;
const BARCODE_RE = /^[A-Za-z0-9-]+$/;
const MAX_SPECIALS = 50;
const MAX_ITEMS = 100;

interface SpecialForm {
  price?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  storeId?: string | null;
}
interface PackageItemForm {
  productId?: string | null;
  quantity?: number | null;
}
interface CountItemForm {
  serviceProductId?: string | null;
  uses?: number | null;
  validityDays?: number | null;
}
export interface ProductFormValues {
  code: string;
  barcode?: string;
  name: string;
  categoryId?: string | null;
  kind: ProductKind;
  unit: string;
  listPrice: string;
  memberDiscountAllowed: boolean;
  /** level id → member price in yuan (empty = none) */
  levelPrices?: Record<string, string | undefined>;
  specialPrices?: SpecialForm[];
  pointsMode: PointsMode;
  pointsRate?: string;
  pointsPrice?: number | null;
  commissionRate?: string;
  commissionFixed?: string;
  stockTracked: boolean;
  description?: string;
  customFields?: CustomFieldFormValues;
  packageItems?: PackageItemForm[];
  countCardItems?: CountItemForm[];
  timeRate?: string;
  unitMinutes?: number | null;
  graceMinutes?: number | null;
  timeCap?: string;
}

/** Rate typed as a percent with up to 2 decimals (5.5 → 550 bp), 0–100. */
const percentToBp = (v: string) => parseScaledDecimal(v, 2);
const bpToPercent = (bp: number) => formatScaled(bp, 2, true);

function toForm(p: ProductDetail | undefined, t: (k: string) => string): Partial<ProductFormValues> {
  if (!p) {
    return {
      kind: 'goods',
      unit: t('defaultUnits.goods'),
      listPrice: '',
      memberDiscountAllowed: true,
      levelPrices: {},
      specialPrices: [],
      pointsMode: 'default',
      stockTracked: false,
      packageItems: [{ productId: null, quantity: 1 }],
      countCardItems: [{ serviceProductId: null, uses: 10, validityDays: 365 }],
      unitMinutes: 15,
      graceMinutes: 5,
    };
  }
  return {
    code: p.code,
    barcode: p.barcode ?? '',
    name: p.name,
    categoryId: p.categoryId,
    kind: p.kind,
    unit: p.unit,
    listPrice: fenToYuan(p.listPriceFen),
    memberDiscountAllowed: p.memberDiscountAllowed,
    levelPrices: Object.fromEntries(p.levelPrices.map((l) => [l.levelId, fenToYuan(l.priceFen)])),
    specialPrices: p.specialPrices.map((s) => ({ price: fenToYuan(s.priceFen), range: [dayjs(s.startsAt), dayjs(s.endsAt)], storeId: s.storeId })),
    pointsMode: p.pointsMode,
    pointsRate: p.pointsRateBp !== null ? bpToMultiplier(p.pointsRateBp) : '',
    pointsPrice: p.pointsPrice,
    commissionRate: p.commissionRateBp !== null ? bpToPercent(p.commissionRateBp) : '',
    commissionFixed: p.commissionFixedFen !== null ? fenToYuan(p.commissionFixedFen) : '',
    stockTracked: p.stockTracked,
    description: p.description,
    packageItems: p.packageItems.length ? p.packageItems.map((i) => ({ productId: i.productId, quantity: i.quantity })) : [{ productId: null, quantity: 1 }],
    countCardItems: p.countCardItems.length
      ? p.countCardItems.map((i) => ({ serviceProductId: i.serviceProductId, uses: i.uses, validityDays: i.validityDays }))
      : [{ serviceProductId: null, uses: 10, validityDays: 365 }],
    timeRate: p.timeSettings ? fenToYuan(p.timeSettings.ratePerHourFen) : '',
    unitMinutes: p.timeSettings?.unitMinutes ?? 15,
    graceMinutes: p.timeSettings?.graceMinutes ?? 5,
    timeCap: p.timeSettings?.capFen != null ? fenToYuan(p.timeSettings.capFen) : '',
  };
}

const optFen = (v: string | undefined) => (v && v.trim() ? yuanToFen(v) : null);

function toInput(v: ProductFormValues, levelIds: string[], defs: Parameters<typeof customFieldsFromForm>[1]): ProductInput {
  const kind = v.kind;
  return {
    code: v.code.trim(),
    barcode: v.barcode?.trim() ? v.barcode.trim() : null,
    name: v.name.trim(),
    categoryId: v.categoryId ?? null,
    kind,
    unit: v.unit.trim(),
    listPriceFen: yuanToFen(v.listPrice) ?? 0,
    memberDiscountAllowed: !!v.memberDiscountAllowed,
    levelPrices: levelIds.flatMap((levelId) => {
      const fen = optFen(v.levelPrices?.[levelId]);
      return fen === null ? [] : [{ levelId, priceFen: fen }];
    }),
    specialPrices: (v.specialPrices ?? []).map((s) => ({
      priceFen: yuanToFen(s.price ?? '') ?? 0,
      startsAt: s.range?.[0]?.toISOString() ?? '',
      endsAt: s.range?.[1]?.toISOString() ?? '',
      storeId: s.storeId ?? null,
    })),
    pointsMode: v.pointsMode,
    pointsRateBp: v.pointsMode === 'rate' ? multiplierToBp(v.pointsRate ?? '') : null,
    pointsPrice: v.pointsPrice ?? null,
    commissionRateBp: v.commissionRate?.trim() ? percentToBp(v.commissionRate) : null,
    commissionFixedFen: optFen(v.commissionFixed),
    stockTracked: kind === 'goods' ? !!v.stockTracked : false,
    description: (v.description ?? '').trim(),
    customFields: customFieldsFromForm(v.customFields, defs),
    packageItems: kind === 'package' ? (v.packageItems ?? []).map((i) => ({ productId: i.productId ?? '', quantity: i.quantity ?? 1 })) : [],
    countCardItems:
      kind === 'count_card' ? (v.countCardItems ?? []).map((i) => ({ serviceProductId: i.serviceProductId ?? '', uses: i.uses ?? 1, validityDays: i.validityDays ?? 1 })) : [],
    timeSettings:
      kind === 'timed'
        ? { ratePerHourFen: yuanToFen(v.timeRate ?? '') ?? 0, unitMinutes: v.unitMinutes ?? 15, graceMinutes: v.graceMinutes ?? 0, capFen: optFen(v.timeCap) }
        : null,
  };
}

/** Where a server error naming a list row belongs in this form. */
function formPathOf(field: string, levelIds: string[]): (string | number)[] | null {
  const parts = field.replace(/^body\./, '').split('.');
  const [head, idx, leaf] = parts;
  const i = Number(idx);
  if (head === 'levelPrices' && Number.isInteger(i) && levelIds[i]) return ['levelPrices', levelIds[i]];
  if (head === 'specialPrices' && Number.isInteger(i)) return ['specialPrices', i, leaf === 'storeId' ? 'storeId' : leaf === 'priceFen' ? 'price' : 'range'];
  if (head === 'packageItems' && Number.isInteger(i)) return ['packageItems', i, leaf === 'quantity' ? 'quantity' : 'productId'];
  if (head === 'countCardItems' && Number.isInteger(i)) return ['countCardItems', i, leaf === 'uses' || leaf === 'validityDays' ? leaf : 'serviceProductId'];
  const simple: Record<string, string> = {
    listPriceFen: 'listPrice',
    pointsRateBp: 'pointsRate',
    commissionRateBp: 'commissionRate',
    commissionFixedFen: 'commissionFixed',
    timeSettings: 'timeRate',
    packageItems: 'packageItems',
    countCardItems: 'countCardItems',
  };
  if (head === 'timeSettings' && idx) return [{ ratePerHourFen: 'timeRate', unitMinutes: 'unitMinutes', graceMinutes: 'graceMinutes', capFen: 'timeCap' }[idx] ?? 'timeRate'];
  if (head && simple[head]) return [simple[head]];
  return null;
}

export function ProductForm({ open, productId, onClose }: { open: boolean; productId?: string; onClose: () => void }) {
  const { t } = useTranslation(['catalog.products', 'common']);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const { stores } = useAllStores();
  const levels = useMemberLevels(open);
  const categories = useCategories(open);
  const customDefs = useCustomFields('product', open);
  const detail = useProductDetail(open ? productId : undefined);
  const product = productId ? detail.data : undefined;
  const [form] = Form.useForm<ProductFormValues>();
  const [busy, setBusy] = useState(false);
  const kind = (Form.useWatch('kind', form) ?? 'goods') as ProductKind;
  const pointsMode = Form.useWatch('pointsMode', form) as PointsMode | undefined;
  const sortedLevels = useMemo(() => [...(levels.data ?? [])].sort((a, b) => a.rank - b.rank), [levels.data]);
  const levelIds = sortedLevels.map((l) => l.id);
  const loading = !!productId && !product;

  const known: PickedProduct[] = useMemo(
    () => [
      ...(product?.packageItems ?? []).map((i) => ({ id: i.productId, code: i.code, name: i.name })),
      ...(product?.countCardItems ?? []).map((i) => ({ id: i.serviceProductId, code: i.code, name: i.name })),
    ],
    [product],
  );

  useEffect(() => {
    if (!open || loading) return;
    form.resetFields();
    const values = toForm(product, (k) => t(k));
    form.setFieldsValue({ ...values, customFields: customFieldsToForm(product?.customFields, customDefs.data) } as ProductFormValues);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, loading, product?.id, product?.updatedAt, customDefs.data]);

  const onKindChange = (next: ProductKind) => {
    // a fresh product gets the usual unit of its kind unless the unit was typed by hand
    const unit = form.getFieldValue('unit') as string | undefined;
    if (!product && (!unit || PRODUCT_KINDS.some((k) => t(`defaultUnits.${k}`) === unit))) form.setFieldValue('unit', t(`defaultUnits.${next}`));
  };

  const submit = async () => {
    let v: ProductFormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body: Partial<ProductInput> = toInput(v, levelIds, customDefs.data);
    // without the level list (no members.view) the member prices are left as they are
    if (!levels.data) delete body.levelPrices;
    setBusy(true);
    try {
      if (product) await api.patch(`/products/${product.id}`, body);
      else await api.post('/products', body);
      await qc.invalidateQueries({ queryKey: [PRODUCTS_KEY] });
      await qc.invalidateQueries({ queryKey: [CATEGORIES_KEY] });
      void message.success(product ? t('common:common.saved') : t('common:common.created'));
      onClose();
    } catch (e) {
      const path = isApiError(e) && e.field ? formPathOf(e.field, levelIds) : null;
      if (path && isApiError(e)) {
        form.setFields([{ name: path as never, errors: [e.message] }]);
        try {
          form.scrollToField(path as never);
        } catch {
          /* not rendered */
        }
        showError(e);
      } else showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  // InputNumber values are numbers: the string checks of requiredRule would refuse them
  const numberRequired = (label: string) => requiredNumberRule(t, label);
  const money = (label: string, required = false) => [...(required ? [requiredRule(t, label)] : []), moneyRule(t), maxFenRule];
  const maxFenRule = {
    validator: (_: unknown, v: string | undefined) => {
      const fen = v && v.trim() ? yuanToFen(v) : null;
      return fen !== null && fen > MAX_FEN ? Promise.reject(new Error(t('tooLarge'))) : Promise.resolve();
    },
  };
  const percentRule = {
    validator: (_: unknown, v: string | undefined) => {
      if (!v || !v.trim()) return Promise.resolve();
      const bp = percentToBp(v);
      return bp !== null && bp >= 0 && bp <= 10_000 ? Promise.resolve() : Promise.reject(new Error(t('commissionRateInvalid')));
    },
  };
  const pointsRateRule = {
    validator: (_: unknown, v: string | undefined) => {
      if (!v || !v.trim()) return Promise.reject(new Error(t('pointsRateRequired')));
      const bp = multiplierToBp(v);
      return bp !== null && bp >= 0 && bp <= 1_000_000 ? Promise.resolve() : Promise.reject(new Error(t('pointsRateInvalid')));
    },
  };
  const storeOptions = stores.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }));

  return (
    <Drawer
      open={open}
      title={productId ? t('editProduct') : t('newProduct')}
      size={820}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button type="primary" loading={busy} disabled={loading} onClick={() => void submit()} data-testid="product-form-submit">
            {t('common:actions.save')}
          </Button>
        </Flex>
      }
    >
      {loading ? (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      ) : (
        <Form form={form} layout="vertical" name="product" scrollToFirstError onFinish={() => void submit()}>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item name="kind" label={t('kind')} rules={[requiredRule(t, t('kind'), true)]}>
                <Select
                  data-testid="product-form-kind"
                  aria-label={t('kind')}
                  onChange={onKindChange}
                  options={PRODUCT_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="categoryId" label={t('category')}>
                <Select
                  allowClear
                  aria-label={t('category')}
                  data-testid="product-form-category"
                  placeholder={t('noCategory')}
                  showSearch={{ optionFilterProp: 'title' }}
                  options={categoryOptions(categories.data, { activeOnly: true, keepId: product?.categoryId })}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="code" label={t('code')} tooltip={t('codeHelp')} rules={codeRules(t, t('code'))}>
                <Input maxLength={32} autoComplete="off" data-testid="product-form-code" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                name="barcode"
                label={t('barcode')}
                tooltip={t('barcodeHelp')}
                rules={[maxRule(t, t('barcode'), 64), { pattern: BARCODE_RE, message: t('barcodeInvalid') }]}
              >
                {/* a scanner ends with Enter: keep it in the field instead of submitting */}
                <Input maxLength={64} autoComplete="off" data-testid="product-form-barcode" onPressEnter={(e) => e.preventDefault()} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="name" label={t('name')} rules={nameRules(t, t('name'))}>
                <Input maxLength={64} autoComplete="off" data-testid="product-form-name" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="unit" label={t('unit')} rules={[requiredRule(t, t('unit')), maxRule(t, t('unit'), 10)]}>
                <Input maxLength={10} data-testid="product-form-unit" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="listPrice" label={t('listPrice')} rules={money(t('listPrice'), true)}>
                <Input prefix="¥" inputMode="decimal" maxLength={16} data-testid="product-form-list-price" />
              </Form.Item>
            </Col>
          </Row>

          {kind === 'package' ? (
            <>
              <Divider titlePlacement="start">{t('sections.package')}</Divider>
              <Form.List
                name="packageItems"
                rules={[
                  {
                    validator: async (_, items: PackageItemForm[] | undefined) => {
                      if (!items || items.length === 0) throw new Error(t('itemsRequired'));
                      const ids = items.map((i) => i?.productId).filter(Boolean);
                      if (new Set(ids).size !== ids.length) throw new Error(t('itemsRepeated'));
                    },
                  },
                ]}
              >
                {(fields, { add, remove }, { errors }) => (
                  <>
                    {fields.map((field, i) => (
                      <Row key={field.key} gutter={8} align="top" data-testid={`package-item-${i}`}>
                        <Col span={15}>
                          <Form.Item name={[field.name, 'productId']} label={i === 0 ? t('packageProduct') : undefined} rules={[requiredRule(t, t('packageProduct'), true)]}>
                            <ProductPicker kinds={['goods', 'service']} known={known} excludeId={productId} ariaLabel={t('packageProduct')} testId={`package-item-product-${i}`} />
                          </Form.Item>
                        </Col>
                        <Col span={7}>
                          <Form.Item name={[field.name, 'quantity']} label={i === 0 ? t('quantity') : undefined} rules={[numberRequired(t('quantity'))]}>
                            <InputNumber min={1} max={9999} precision={0} style={{ width: '100%' }} aria-label={t('quantity')} />
                          </Form.Item>
                        </Col>
                        <Col span={2} style={{ paddingTop: i === 0 ? 30 : 0 }}>
                          {fields.length > 1 ? <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('removeItem')} onClick={() => remove(field.name)} /> : null}
                        </Col>
                      </Row>
                    ))}
                    <Form.Item>
                      <Button type="dashed" icon={<PlusOutlined />} disabled={fields.length >= MAX_ITEMS} onClick={() => add({ productId: null, quantity: 1 })}>
                        {t('addItem')}
                      </Button>
                      <Form.ErrorList errors={errors} />
                    </Form.Item>
                  </>
                )}
              </Form.List>
            </>
          ) : null}

          {kind === 'count_card' ? (
            <>
              <Divider titlePlacement="start">{t('sections.countCard')}</Divider>
              <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
                {t('countCardHelp')}
              </Typography.Paragraph>
              <Form.List
                name="countCardItems"
                rules={[
                  {
                    validator: async (_, items: CountItemForm[] | undefined) => {
                      if (!items || items.length === 0) throw new Error(t('itemsRequired'));
                      const ids = items.map((i) => i?.serviceProductId).filter(Boolean);
                      if (new Set(ids).size !== ids.length) throw new Error(t('itemsRepeated'));
                    },
                  },
                ]}
              >
                {(fields, { add, remove }, { errors }) => (
                  <>
                    {fields.map((field, i) => (
                      <Row key={field.key} gutter={8} align="top" data-testid={`count-item-${i}`}>
                        <Col span={12}>
                          <Form.Item name={[field.name, 'serviceProductId']} label={i === 0 ? t('countService') : undefined} rules={[requiredRule(t, t('countService'), true)]}>
                            <ProductPicker kinds={['service']} known={known} excludeId={productId} ariaLabel={t('countService')} testId={`count-item-service-${i}`} />
                          </Form.Item>
                        </Col>
                        <Col span={5}>
                          <Form.Item name={[field.name, 'uses']} label={i === 0 ? t('uses') : undefined} rules={[numberRequired(t('uses'))]}>
                            <InputNumber min={1} max={100_000} precision={0} style={{ width: '100%' }} aria-label={t('uses')} suffix={t('usesUnit')} data-testid={`count-item-uses-${i}`} />
                          </Form.Item>
                        </Col>
                        <Col span={5}>
                          <Form.Item name={[field.name, 'validityDays']} label={i === 0 ? t('validityDays') : undefined} rules={[numberRequired(t('validityDays'))]}>
                            <InputNumber min={1} max={36_500} precision={0} style={{ width: '100%' }} aria-label={t('validityDays')} suffix={t('daysUnit')} data-testid={`count-item-days-${i}`} />
                          </Form.Item>
                        </Col>
                        <Col span={2} style={{ paddingTop: i === 0 ? 30 : 0 }}>
                          {fields.length > 1 ? <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('removeItem')} onClick={() => remove(field.name)} /> : null}
                        </Col>
                      </Row>
                    ))}
                    <Form.Item>
                      <Button type="dashed" icon={<PlusOutlined />} disabled={fields.length >= MAX_ITEMS} onClick={() => add({ serviceProductId: null, uses: 10, validityDays: 365 })}>
                        {t('addItem')}
                      </Button>
                      <Form.ErrorList errors={errors} />
                    </Form.Item>
                  </>
                )}
              </Form.List>
            </>
          ) : null}

          {kind === 'timed' ? (
            <>
              <Divider titlePlacement="start">{t('sections.timed')}</Divider>
              <Row gutter={16}>
                <Col xs={12} sm={6}>
                  <Form.Item name="timeRate" label={t('ratePerHour')} rules={money(t('ratePerHour'), true)}>
                    <Input prefix="¥" inputMode="decimal" maxLength={16} />
                  </Form.Item>
                </Col>
                <Col xs={12} sm={6}>
                  <Form.Item name="unitMinutes" label={t('unitMinutes')} tooltip={t('unitMinutesHelp')} rules={[numberRequired(t('unitMinutes'))]}>
                    <InputNumber min={1} max={1440} precision={0} style={{ width: '100%' }} suffix={t('minutesUnit')} />
                  </Form.Item>
                </Col>
                <Col xs={12} sm={6}>
                  <Form.Item name="graceMinutes" label={t('graceMinutes')} tooltip={t('graceMinutesHelp')} rules={[numberRequired(t('graceMinutes'))]}>
                    <InputNumber min={0} max={1440} precision={0} style={{ width: '100%' }} suffix={t('minutesUnit')} />
                  </Form.Item>
                </Col>
                <Col xs={12} sm={6}>
                  <Form.Item name="timeCap" label={t('cap')} tooltip={t('capHelp')} rules={money(t('cap'))}>
                    <Input prefix="¥" inputMode="decimal" maxLength={16} placeholder={t('noCap')} />
                  </Form.Item>
                </Col>
              </Row>
            </>
          ) : null}

          <Divider titlePlacement="start">{t('sections.prices')}</Divider>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item name="memberDiscountAllowed" label={t('memberDiscountAllowed')} tooltip={t('memberDiscountHelp')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Text strong>{t('levelPrices')}</Typography.Text>
          <Typography.Paragraph type="secondary">{t('levelPricesHelp')}</Typography.Paragraph>
          {!levels.data && !levels.isLoading ? (
            <Typography.Paragraph type="secondary">{t('levelsUnavailable')}</Typography.Paragraph>
          ) : sortedLevels.length === 0 ? (
            <Typography.Paragraph type="secondary">{t('noLevels')}</Typography.Paragraph>
          ) : (
            <Row gutter={16}>
              {sortedLevels.map((l) => (
                <Col xs={12} sm={8} key={l.id}>
                  <Form.Item name={['levelPrices', l.id]} label={l.name} rules={money(l.name)}>
                    <Input prefix="¥" inputMode="decimal" maxLength={16} placeholder={t('noLevelPrice')} aria-label={t('levelPriceOf', { level: l.name })} data-testid={`product-form-level-${l.code}`} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          )}

          <Typography.Text strong>{t('specialPrices')}</Typography.Text>
          <Typography.Paragraph type="secondary">{t('specialPricesHelp')}</Typography.Paragraph>
          <Form.List name="specialPrices">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <Row key={field.key} gutter={8} align="top" data-testid={`special-price-${i}`}>
                    <Col span={5}>
                      <Form.Item name={[field.name, 'price']} label={i === 0 ? t('specialPrice') : undefined} rules={money(t('specialPrice'), true)}>
                        <Input prefix="¥" inputMode="decimal" maxLength={16} aria-label={t('specialPrice')} />
                      </Form.Item>
                    </Col>
                    <Col span={11}>
                      <Form.Item
                        name={[field.name, 'range']}
                        label={i === 0 ? t('specialWindow') : undefined}
                        rules={[
                          requiredRule(t, t('specialWindow'), true),
                          {
                            validator: (_, r: SpecialForm['range']) =>
                              r?.[0] && r?.[1] && !r[1].isAfter(r[0]) ? Promise.reject(new Error(t('windowInvalid'))) : Promise.resolve(),
                          },
                        ]}
                      >
                        <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} aria-label={t('specialWindow')} />
                      </Form.Item>
                    </Col>
                    <Col span={6}>
                      <Form.Item name={[field.name, 'storeId']} label={i === 0 ? t('specialStore') : undefined}>
                        <Select allowClear placeholder={t('allStores')} showSearch={{ optionFilterProp: 'label' }} options={storeOptions} aria-label={t('specialStore')} />
                      </Form.Item>
                    </Col>
                    <Col span={2} style={{ paddingTop: i === 0 ? 30 : 0 }}>
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('removeSpecial')} onClick={() => remove(field.name)} />
                    </Col>
                  </Row>
                ))}
                <Form.Item>
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    disabled={fields.length >= MAX_SPECIALS}
                    onClick={() => add({ price: '', range: [dayjs().startOf('day'), dayjs().add(7, 'day').startOf('day')], storeId: null })}
                  >
                    {t('addSpecial')}
                  </Button>
                </Form.Item>
              </>
            )}
          </Form.List>

          <Divider titlePlacement="start">{t('sections.pointsCommission')}</Divider>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item name="pointsMode" label={t('pointsMode')} rules={[requiredRule(t, t('pointsMode'), true)]}>
                <Select options={POINTS_MODES.map((m) => ({ value: m, label: t(`pointsModes.${m}`) }))} aria-label={t('pointsMode')} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              {pointsMode === 'rate' ? (
                <Form.Item name="pointsRate" label={t('pointsRate')} tooltip={t('pointsRateHelp')} rules={[pointsRateRule]}>
                  <Input inputMode="decimal" maxLength={12} suffix={t('pointsPerYuan')} />
                </Form.Item>
              ) : null}
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="pointsPrice" label={t('pointsPrice')} tooltip={t('pointsPriceHelp')}>
                <InputNumber min={1} max={1_000_000_000_000} precision={0} style={{ width: '100%' }} placeholder={t('none')} suffix={t('pointsUnit')} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="commissionRate" label={t('commissionRate')} tooltip={t('commissionHelp')} rules={[percentRule]}>
                <Input inputMode="decimal" maxLength={8} suffix="%" placeholder={t('none')} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="commissionFixed" label={t('commissionFixed')} tooltip={t('commissionHelp')} rules={money(t('commissionFixed'))}>
                <Input prefix="¥" inputMode="decimal" maxLength={16} placeholder={t('none')} />
              </Form.Item>
            </Col>
          </Row>

          <Divider titlePlacement="start">{t('sections.other')}</Divider>
          <Row gutter={16}>
            {kind === 'goods' ? (
              <Col xs={24} sm={12}>
                <Form.Item name="stockTracked" label={t('stockTracked')} tooltip={t('stockTrackedHelp')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
            ) : null}
            <Col span={24}>
              <Form.Item name="description" label={t('description')} rules={[maxRule(t, t('description'), 500)]}>
                <Input.TextArea maxLength={500} rows={2} showCount />
              </Form.Item>
            </Col>
          </Row>
          <CustomFieldsFormItems fields={customDefs.data} />
          {product && product.status === 'archived' ? <Alert type="warning" showIcon title={t('archivedHint')} /> : null}
          <button type="submit" hidden />
        </Form>
      )}
    </Drawer>
  );
}
