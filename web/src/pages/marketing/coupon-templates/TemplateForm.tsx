import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Checkbox, Col, DatePicker, Divider, Form, Input, InputNumber, Modal, Radio, Row, Select, Switch, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, type Paged } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { fieldToNamePath, useApiError } from '../../../app/errors';
import { useAllStores, useMemberLevels } from '../../../app/lookups';
import { fenToYuan, yuanToFen, zheToBp, bpToZhe } from '../../../app/money';
import { useDebounced } from '../../../app/useDebounced';
import { maxRule, nameRules } from '../../../app/validators';
import { CATEGORIES_KEY, PRODUCTS_KEY, type Category, type Product } from '../../catalog/products/catalog';
import {
  COUPON_KINDS,
  MAX_FEN,
  NS as COUPONS_NS,
  TEMPLATES_KEY,
  validityText,
  valueText,
  whenText,
  type CouponKind,
  type CouponTemplate,
  type CouponTemplateInput,
  type CostBearer,
  type ProductScope,
} from '../coupons';

const NS = 'marketing.coupon-templates';
const TIME = 'HH:mm';
type Range = [Dayjs | null, Dayjs | null] | null;

/** Money fields carry the API's names, so the server's field errors land on them. */
export interface TemplateForm {
  name: string;
  kind: CouponKind;
  valueFen?: string;
  rateBp?: string;
  maxOffFen?: string;
  minSpendFen?: string;
  validityKind: 'fixed' | 'days';
  validityRange?: Range;
  validityDays?: number | null;
  limitWeekdays: boolean;
  weekdays?: number[];
  limitHours: boolean;
  hours?: Range;
  productScope: ProductScope;
  productIds?: string[];
  categoryIds?: string[];
  storeIds?: string[];
  levelIds?: string[];
  perMemberLimit?: number | null;
  totalQuantity?: number | null;
  stackable: boolean;
  costBearer: CostBearer;
  description?: string;
}

function toForm(x?: CouponTemplate): Partial<TemplateForm> {
  if (!x) {
    return {
      kind: 'threshold',
      validityKind: 'days',
      validityDays: 30,
      limitWeekdays: false,
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      limitHours: false,
      productScope: 'all',
      storeIds: [],
      levelIds: [],
      perMemberLimit: null,
      totalQuantity: null,
      stackable: false,
      costBearer: 'hq',
      description: '',
    };
  }
  return {
    name: x.name,
    kind: x.kind,
    valueFen: x.kind === 'discount' ? '' : fenToYuan(x.valueFen),
    rateBp: x.rateBp ? bpToZhe(x.rateBp) : '',
    maxOffFen: x.maxOffFen ? fenToYuan(x.maxOffFen) : '',
    minSpendFen: x.minSpendFen ? fenToYuan(x.minSpendFen) : '',
    validityKind: x.validity.kind,
    validityRange: x.validity.kind === 'fixed' ? [dayjs(x.validity.from), dayjs(x.validity.to)] : null,
    validityDays: x.validity.kind === 'days' ? x.validity.days : 30,
    limitWeekdays: !!x.weekdays && x.weekdays.length < 7,
    weekdays: x.weekdays ?? [1, 2, 3, 4, 5, 6, 7],
    limitHours: !!x.hours,
    hours: x.hours ? [dayjs(x.hours.from, TIME), dayjs(x.hours.to, TIME)] : null,
    productScope: x.productScope,
    productIds: x.productScope === 'products' ? x.scopeIds : [],
    categoryIds: x.productScope === 'categories' ? x.scopeIds : [],
    storeIds: x.storeIds ?? [],
    levelIds: x.levelIds ?? [],
    perMemberLimit: x.perMemberLimit,
    totalQuantity: x.totalQuantity,
    stackable: x.stackable,
    costBearer: x.costBearer,
    description: x.description,
  };
}

const fen = (s: string | undefined) => (s && s.trim() ? yuanToFen(s) : null);

/** The form as the API's template (call after validation; invalid parts become neutral values). */
export function toInput(v: TemplateForm): CouponTemplateInput {
  const discount = v.kind === 'discount';
  const range = v.validityRange;
  return {
    name: v.name.trim(),
    kind: v.kind,
    valueFen: discount ? 0 : (fen(v.valueFen) ?? 0),
    rateBp: discount ? zheToBp(v.rateBp ?? '') : null,
    maxOffFen: discount ? fen(v.maxOffFen) || null : null,
    minSpendFen: fen(v.minSpendFen) ?? 0,
    validity:
      v.validityKind === 'fixed' && range?.[0] && range[1]
        ? { kind: 'fixed', from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }
        : { kind: 'days', days: v.validityDays ?? 1 },
    weekdays: v.limitWeekdays && v.weekdays?.length ? [...v.weekdays].sort() : null,
    hours: v.limitHours && v.hours?.[0] && v.hours[1] ? { from: v.hours[0].format(TIME), to: v.hours[1].format(TIME) } : null,
    productScope: v.productScope,
    scopeIds: v.productScope === 'products' ? (v.productIds ?? []) : v.productScope === 'categories' ? (v.categoryIds ?? []) : [],
    storeIds: v.storeIds?.length ? v.storeIds : null,
    levelIds: v.levelIds?.length ? v.levelIds : null,
    perMemberLimit: v.perMemberLimit ?? null,
    totalQuantity: v.totalQuantity ?? null,
    stackable: !!v.stackable,
    costBearer: v.costBearer,
    description: (v.description ?? '').trim(),
  };
}

/** An API field of a template → the form field that shows it. */
function formFieldOf(apiField: string, v: Partial<TemplateForm>): keyof TemplateForm | null {
  const head = String(fieldToNamePath(apiField)[0] ?? '');
  switch (head) {
    case 'validity':
      return v.validityKind === 'fixed' ? 'validityRange' : 'validityDays';
    case 'scopeIds':
      return v.productScope === 'categories' ? 'categoryIds' : 'productIds';
    case 'rateBp':
      return v.kind === 'discount' ? 'rateBp' : 'valueFen';
    case 'name':
    case 'valueFen':
    case 'maxOffFen':
    case 'minSpendFen':
    case 'weekdays':
    case 'hours':
    case 'productScope':
    case 'storeIds':
    case 'levelIds':
    case 'perMemberLimit':
    case 'totalQuantity':
    case 'costBearer':
    case 'description':
    case 'kind':
      return head;
    default:
      return null;
  }
}

/** Products picked by server search; the labels of those already chosen are fetched by id. */
function ProductsSelect({ value, onChange }: { value?: string[]; onChange?: (v: string[]) => void }) {
  const { t } = useTranslation(NS);
  const { can } = useAuth();
  const [q, setQ] = useState('');
  const debounced = useDebounced(q.trim(), 250);
  const search = useQuery({
    queryKey: [PRODUCTS_KEY, 'coupon-scope', debounced],
    queryFn: ({ signal }) => api.get<Paged<Product>>(PRODUCTS_KEY, { q: debounced || undefined, status: 'active', pageSize: 30, sort: 'code' }, { signal }),
    staleTime: 5_000,
  });
  const found = search.data?.items ?? [];
  const missing = (value ?? []).filter((id) => !found.some((p) => p.id === id));
  const chosen = useQueries({
    queries: missing.map((id) => ({
      queryKey: [PRODUCTS_KEY, id],
      queryFn: () => api.get<Product>(`${PRODUCTS_KEY}/${id}`),
      enabled: can('catalog.view'),
      staleTime: 60_000,
      retry: false,
    })),
  });
  const options = [
    ...missing.map((id, i) => {
      const p = chosen[i]?.data;
      return { value: id, label: p ? `${p.name} (${p.code})` : id };
    }),
    ...found.map((p) => ({ value: p.id, label: `${p.name} (${p.code})` })),
  ];
  return (
    <Select
      mode="multiple"
      data-testid="template-products"
      aria-label={t('products')}
      showSearch={{ filterOption: false, onSearch: setQ, searchValue: q }}
      value={value ?? []}
      onChange={(v: string[]) => {
        onChange?.(v);
        setQ('');
      }}
      placeholder={t('productsPlaceholder')}
      loading={search.isFetching}
      notFoundContent={search.isFetching ? null : t('productsNone')}
      options={options}
    />
  );
}

/** Create (no `template`) or edit a coupon template in a modal. */
export function TemplateFormModal({ open, template, onClose }: { open: boolean; template?: CouponTemplate; onClose: () => void }) {
  const { t } = useTranslation([NS, COUPONS_NS, 'common']);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const { can } = useAuth();
  const [form] = Form.useForm<TemplateForm>();
  const [busy, setBusy] = useState(false);
  const { stores } = useAllStores();
  const levels = useMemberLevels(open);
  const categories = useQuery({
    queryKey: [CATEGORIES_KEY, 'active'],
    queryFn: () => api.get<{ items: Category[] }>(CATEGORIES_KEY, { status: 'active' }).then((r) => r.items),
    enabled: open && can('catalog.view'),
    staleTime: 30_000,
  });

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(toForm(template) as TemplateForm);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, template?.id]);

  const v = (Form.useWatch([], form) ?? {}) as Partial<TemplateForm>;
  const kind = v.kind ?? 'threshold';

  const categoryOptions = useMemo(() => {
    const list = categories.data ?? [];
    const byId = new Map(list.map((c) => [c.id, c]));
    return list
      .map((c) => {
        const parent = c.parentId ? byId.get(c.parentId) : undefined;
        return { value: c.id, label: parent ? `${parent.name} / ${c.name}` : c.name };
      })
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [categories.data]);

  // what the coupon will read like, once the offer is valid
  const preview = (() => {
    try {
      const x = toInput({ ...(v as TemplateForm), name: v.name ?? '' });
      if (x.kind === 'discount' ? !x.rateBp : x.valueFen <= 0) return '';
      const when = whenText(t, x);
      return [valueText(t, x), validityText(t, x.validity), when].filter(Boolean).join(' · ');
    } catch {
      return '';
    }
  })();

  const submit = async () => {
    let values: TemplateForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      const body = toInput(values);
      if (template) await api.patch(`${TEMPLATES_KEY}/${template.id}`, body);
      else await api.post(TEMPLATES_KEY, body);
      await qc.invalidateQueries({ queryKey: [TEMPLATES_KEY] });
      void message.success(template ? t('common:common.saved') : t('common:common.created'));
      onClose();
    } catch (e) {
      const f = isApiError(e) && e.field ? formFieldOf(e.field, values) : null;
      if (f && isApiError(e)) {
        form.setFields([{ name: f, errors: [e.message] }]);
        form.scrollToField(f);
      }
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const money = (required: boolean, message: string) => ({
    validator: (_: unknown, s: string | undefined) => {
      if (!s || !s.trim()) return required ? Promise.reject(new Error(message)) : Promise.resolve();
      const n = yuanToFen(s);
      return n !== null && n > 0 && n <= MAX_FEN ? Promise.resolve() : Promise.reject(new Error(message));
    },
  });

  return (
    <Modal
      open={open}
      title={template ? t('editTemplate') : t('newTemplate')}
      width={760}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common:actions.save')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={busy}
      okButtonProps={{ ...{ 'data-testid': 'template-form-submit' } }}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form form={form} layout="vertical" name="coupon-template" scrollToFirstError onFinish={() => void submit()}>
        {template && template.issuedCount > 0 ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('editIssued', { count: template.issuedCount })} /> : null}
        <Row gutter={16}>
          <Col xs={24} sm={14}>
            <Form.Item name="name" label={t('name')} rules={nameRules(t, t('name'))}>
              <Input maxLength={64} placeholder={t('namePlaceholder')} autoComplete="off" data-testid="template-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="costBearer" label={t('costBearer')}>
              <Radio.Group optionType="button" options={(['hq', 'store'] as const).map((k) => ({ value: k, label: t(`costBearers.${k}`) }))} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('sections.value')}
        </Divider>
        <Form.Item name="kind" label={t('kind')} extra={t(`kindHelp.${kind}`)}>
          <Radio.Group
            data-testid="template-kind"
            optionType="button"
            buttonStyle="solid"
            options={COUPON_KINDS.map((k) => ({ value: k, label: t(`${COUPONS_NS}:kinds.${k}`) }))}
          />
        </Form.Item>
        <Row gutter={16}>
          {kind === 'threshold' ? (
            <Col xs={24} sm={8}>
              <Form.Item
                name="minSpendFen"
                label={t('threshold')}
                dependencies={['valueFen']}
                rules={[
                  money(true, t('amountInvalid')),
                  ({ getFieldValue }) => ({
                    validator: (_, s: string | undefined) => {
                      const min = fen(s);
                      const off = fen(getFieldValue('valueFen') as string | undefined);
                      return min !== null && off !== null && min < off ? Promise.reject(new Error(t('thresholdBelowAmount'))) : Promise.resolve();
                    },
                  }),
                ]}
              >
                <Input prefix="¥" inputMode="decimal" maxLength={16} data-testid="template-threshold" />
              </Form.Item>
            </Col>
          ) : null}
          {kind !== 'discount' ? (
            <Col xs={24} sm={8}>
              <Form.Item name="valueFen" label={t('amount')} rules={[money(true, t('amountInvalid'))]}>
                <Input prefix="¥" inputMode="decimal" maxLength={16} data-testid="template-amount" />
              </Form.Item>
            </Col>
          ) : (
            <>
              <Col xs={24} sm={8}>
                <Form.Item
                  name="rateBp"
                  label={t('rate')}
                  rules={[
                    {
                      validator: (_, s: string | undefined) => {
                        const bp = s && s.trim() ? zheToBp(s) : null;
                        return bp !== null && bp >= 1 && bp <= 9999 ? Promise.resolve() : Promise.reject(new Error(t('rateInvalid')));
                      },
                    },
                  ]}
                >
                  <Input suffix={t('rateSuffix')} inputMode="decimal" maxLength={5} placeholder={t('ratePlaceholder')} data-testid="template-rate" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={8}>
                <Form.Item name="maxOffFen" label={t('maxOff')} rules={[money(false, t('amountInvalid'))]}>
                  <Input prefix="¥" inputMode="decimal" maxLength={16} placeholder={t('maxOffPlaceholder')} data-testid="template-max-off" />
                </Form.Item>
              </Col>
            </>
          )}
          {kind !== 'threshold' ? (
            <Col xs={24} sm={8}>
              <Form.Item name="minSpendFen" label={t('minSpend')} tooltip={t('minSpendHelp')} rules={[money(false, t('moneyInvalid'))]}>
                <Input prefix="¥" inputMode="decimal" maxLength={16} placeholder={t('minSpendPlaceholder')} data-testid="template-min-spend" />
              </Form.Item>
            </Col>
          ) : null}
        </Row>

        <Divider titlePlacement="start" plain>
          {t('sections.time')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} sm={10}>
            <Form.Item name="validityKind" label={t('validity')}>
              <Radio.Group optionType="button" options={(['days', 'fixed'] as const).map((k) => ({ value: k, label: t(`validityKinds.${k}`) }))} data-testid="template-validity-kind" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            {v.validityKind === 'fixed' ? (
              <Form.Item
                name="validityRange"
                label={t('validityRange')}
                rules={[{ validator: (_, r: Range | undefined) => (r?.[0] && r[1] ? Promise.resolve() : Promise.reject(new Error(t('validityRequired')))) }]}
              >
                <DatePicker.RangePicker style={{ width: '100%' }} data-testid="template-validity-range" />
              </Form.Item>
            ) : (
              <Form.Item name="validityDays" label={t('validityDays')} tooltip={t('validityDaysHelp')} rules={[{ required: true, type: 'number', min: 1, max: 3650, message: t('validityDays') }]}>
                <InputNumber min={1} max={3650} precision={0} suffix={t('daysUnit')} style={{ width: 180 }} data-testid="template-validity-days" />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={10}>
            <Form.Item name="limitWeekdays" label={t('weekdays')}>
              <Radio.Group
                options={[
                  { value: false, label: t('weekdaysAll') },
                  { value: true, label: t('weekdaysLimit') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            {v.limitWeekdays ? (
              <Form.Item name="weekdays" label=" " rules={[{ required: true, type: 'array', min: 1, message: t('weekdaysRequired') }]}>
                <Checkbox.Group options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`${COUPONS_NS}:weekdays.${d}`) }))} data-testid="template-weekdays" />
              </Form.Item>
            ) : null}
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={10}>
            <Form.Item name="limitHours" label={t('hours')}>
              <Radio.Group
                options={[
                  { value: false, label: t('hoursAll') },
                  { value: true, label: t('hoursLimit') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            {v.limitHours ? (
              <Form.Item
                name="hours"
                label={t('hoursRange')}
                tooltip={t('hoursHelp')}
                rules={[
                  {
                    validator: (_, r: Range | undefined) => {
                      if (!r?.[0] || !r[1]) return Promise.reject(new Error(t('hoursRequired')));
                      return r[0].format(TIME) === r[1].format(TIME) ? Promise.reject(new Error(t('hoursEmpty'))) : Promise.resolve();
                    },
                  },
                ]}
              >
                <TimePicker.RangePicker format={TIME} order={false} minuteStep={5} style={{ width: '100%' }} data-testid="template-hours" />
              </Form.Item>
            ) : null}
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('sections.scope')}
        </Divider>
        <Form.Item name="productScope" label={t('productScope')}>
          <Radio.Group optionType="button" options={(['all', 'products', 'categories'] as const).map((k) => ({ value: k, label: t(`productScopes.${k}`) }))} data-testid="template-scope" />
        </Form.Item>
        {v.productScope === 'products' ? (
          <Form.Item name="productIds" label={t('products')} rules={[{ required: true, type: 'array', min: 1, message: t('scopeRequired') }]}>
            <ProductsSelect />
          </Form.Item>
        ) : null}
        {v.productScope === 'categories' ? (
          <Form.Item name="categoryIds" label={t('categories')} rules={[{ required: true, type: 'array', min: 1, message: t('scopeRequired') }]}>
            <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} placeholder={t('categoriesPlaceholder')} loading={categories.isPending && categories.fetchStatus !== 'idle'} options={categoryOptions} data-testid="template-categories" />
          </Form.Item>
        ) : null}
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="storeIds" label={t('stores')} extra={t('emptyMeansAll')}>
              <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('storesPlaceholder')} options={stores.map((s) => ({ value: s.id, label: s.name }))} data-testid="template-stores" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="levelIds" label={t('levels')} extra={t('emptyMeansAll')}>
              <Select
                mode="multiple"
                allowClear
                placeholder={t('levelsPlaceholder')}
                options={[...(levels.data ?? [])].sort((a, b) => a.rank - b.rank).map((l) => ({ value: l.id, label: l.name }))}
                data-testid="template-levels"
              />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('sections.limits')}
        </Divider>
        <Row gutter={16}>
          <Col xs={12} sm={8}>
            <Form.Item name="perMemberLimit" label={t('perMemberLimit')}>
              <InputNumber min={1} max={1000} precision={0} placeholder={t('unlimitedPlaceholder')} suffix={t('sheetsUnit')} style={{ width: '100%' }} data-testid="template-per-member" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="totalQuantity" label={t('totalQuantity')}>
              <InputNumber min={1} max={10_000_000} precision={0} placeholder={t('unlimitedPlaceholder')} suffix={t('sheetsUnit')} style={{ width: '100%' }} data-testid="template-total" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="stackable" label={t('stackable')} tooltip={t('stackableHelp')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('description')} rules={[maxRule(t, t('description'), 500)]}>
          <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('descriptionPlaceholder')} />
        </Form.Item>
        {preview ? (
          <Alert
            type="success"
            showIcon
            title={t('preview')}
            description={
              <Typography.Text strong data-testid="template-preview">
                {preview}
              </Typography.Text>
            }
          />
        ) : null}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
