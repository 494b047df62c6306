import { useMemo, useState } from 'react';
import { Button, Col, DatePicker, Divider, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api } from '../../../app/api';
import { useAuth, ME_KEY } from '../../../app/auth';
import { byId, lookupKeys, useRegions } from '../../../app/lookups';
import { PageContainer } from '../../../app/components/PageContainer';
import { FormModal } from '../../../app/components/FormModal';
import { StatusTag } from '../../../app/components/StatusTag';
import { ExportCsvButton, TableSearch, sortOrderOf, usePagination, useServerTable } from '../../../app/table';
import { bpToMultiplier, bpToPercentOff, bpToZhe, fenToYuan, formatFen, multiplierToBp, yuanToFen, zheToBp } from '../../../app/money';
import { formatDateTime } from '../../../app/format';
import { StoreQrButton } from './StoreQrButton';
import { codeRules, maxRule, moneyRule, multiplierRule, nameRules, phoneRule, requiredRule, zheRule } from '../../../app/validators';

export interface Store {
  id: string;
  code: string;
  name: string;
  kind: 'direct' | 'franchise';
  regionId: string | null;
  cityId: string | null;
  address: string;
  phone: string;
  openedOn: string | null;
  status: 'active' | 'suspended' | 'closed';
  timeZone: string;
  businessDayCutoff: string;
  discountBp: number | null;
  pointsRatioBp: number;
  topupApprovalThresholdFen: number;
  topupDailyQuotaFen: number | null;
  topupMonthlyQuotaFen: number | null;
  createdAt: string;
  updatedAt: string;
}

type Filters = { q?: string; kind?: string; status?: string; regionId?: string };

interface StoreFormValues {
  code: string;
  name: string;
  kind: Store['kind'];
  regionId?: string;
  cityId?: string;
  address?: string;
  phone?: string;
  openedOn?: Dayjs | null;
  status: Store['status'];
  timeZone: string;
  businessDayCutoff: string;
  discount?: string;
  pointsRatio: string;
  topupApprovalThreshold: string;
  topupDailyQuota?: string;
  topupMonthlyQuota?: string;
}

const KINDS = ['direct', 'franchise'] as const;
const STATUSES = ['active', 'suspended', 'closed'] as const;
const TIME_ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Macau',
  'Asia/Taipei',
  'Asia/Urumqi',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Europe/London',
  'America/New_York',
  'UTC',
];
const CUTOFF_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export function discountText(t: TFunction, bp: number | null | undefined): string {
  if (bp === null || bp === undefined || bp >= 10000) return t('org.stores:noDiscount');
  return t('org.stores:zhe', { zhe: bpToZhe(bp), pct: bpToPercentOff(bp) });
}

function toForm(s?: Store): Partial<StoreFormValues> {
  if (!s) {
    return {
      kind: 'direct',
      status: 'active',
      timeZone: 'Asia/Shanghai',
      businessDayCutoff: '04:00',
      pointsRatio: '1',
      topupApprovalThreshold: '0',
    };
  }
  return {
    code: s.code,
    name: s.name,
    kind: s.kind,
    regionId: s.regionId ?? undefined,
    cityId: s.cityId ?? undefined,
    address: s.address ?? '',
    phone: s.phone ?? '',
    openedOn: s.openedOn ? dayjs(s.openedOn) : null,
    status: s.status,
    timeZone: s.timeZone,
    businessDayCutoff: s.businessDayCutoff,
    discount: s.discountBp === null ? '' : bpToZhe(s.discountBp),
    pointsRatio: bpToMultiplier(s.pointsRatioBp),
    topupApprovalThreshold: fenToYuan(s.topupApprovalThresholdFen),
    topupDailyQuota: s.topupDailyQuotaFen === null ? '' : fenToYuan(s.topupDailyQuotaFen),
    topupMonthlyQuota: s.topupMonthlyQuotaFen === null ? '' : fenToYuan(s.topupMonthlyQuotaFen),
  };
}

function optMoney(v: string | undefined): number | null {
  return v === undefined || v.trim() === '' ? null : yuanToFen(v);
}

function fromForm(v: StoreFormValues) {
  return {
    code: v.code.trim(),
    name: v.name.trim(),
    kind: v.kind,
    regionId: v.regionId ?? null,
    cityId: v.cityId ?? null,
    address: v.address?.trim() ?? '',
    phone: v.phone?.trim() ?? '',
    openedOn: v.openedOn ? v.openedOn.format('YYYY-MM-DD') : null,
    status: v.status,
    timeZone: v.timeZone,
    businessDayCutoff: v.businessDayCutoff.trim(),
    discountBp: v.discount && v.discount.trim() ? zheToBp(v.discount) : null,
    pointsRatioBp: multiplierToBp(v.pointsRatio) ?? 10000,
    topupApprovalThresholdFen: yuanToFen(v.topupApprovalThreshold) ?? 0,
    topupDailyQuotaFen: optMoney(v.topupDailyQuota),
    topupMonthlyQuotaFen: optMoney(v.topupMonthlyQuota),
  };
}

export default function StoresPage() {
  const { t } = useTranslation(['org.stores', 'common']);
  const { can } = useAuth();
  const manage = can('org.stores.manage');
  const qc = useQueryClient();
  const regions = useRegions();
  const regionMap = useMemo(() => byId(regions.data), [regions.data]);
  const cityMap = useMemo(() => byId((regions.data ?? []).flatMap((r) => r.cities)), [regions.data]);
  const table = useServerTable<Store, Filters>('/stores', {});
  const pagination = usePagination(table.query.data?.total, table.state.page, table.state.pageSize);
  const [editing, setEditing] = useState<{ store?: Store } | null>(null);
  const [form] = Form.useForm<StoreFormValues>();
  const formRegionId = Form.useWatch('regionId', form);

  const regionName = (id: string | null) => (id ? (regionMap.get(id)?.name ?? '') : '');
  const cityName = (id: string | null) => (id ? (cityMap.get(id)?.name ?? '') : '');
  const kindText = (k: string) => t(`kinds.${k}`, { defaultValue: k });
  const statusText = (s: string) => t(`common:status.${s}`, { defaultValue: s });

  const columns: TableColumnsType<Store> = [
    { title: t('code'), dataIndex: 'code', key: 'code', width: 120, sorter: true, sortOrder: sortOrderOf(table.state, 'code'), fixed: 'left' },
    { title: t('name'), dataIndex: 'name', key: 'name', sorter: true, sortOrder: sortOrderOf(table.state, 'name'), width: 180 },
    {
      title: t('kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 90,
      render: (k: string) => <Tag color={k === 'direct' ? 'blue' : 'purple'}>{kindText(k)}</Tag>,
    },
    {
      title: `${t('region')} / ${t('city')}`,
      key: 'region',
      width: 160,
      render: (_, s) => [regionName(s.regionId), cityName(s.cityId)].filter(Boolean).join(' / ') || '—',
    },
    { title: t('phone'), dataIndex: 'phone', key: 'phone', width: 130, render: (v: string | null) => v || '—' },
    { title: t('discount'), dataIndex: 'discountBp', key: 'discountBp', width: 100, render: (bp: number | null) => discountText(t, bp) },
    {
      title: t('pointsRatio'),
      dataIndex: 'pointsRatioBp',
      key: 'pointsRatioBp',
      width: 100,
      render: (bp: number) => t('multiplier', { value: bpToMultiplier(bp) }),
    },
    {
      title: t('topupApprovalThreshold'),
      dataIndex: 'topupApprovalThresholdFen',
      key: 'topupApprovalThresholdFen',
      width: 170,
      align: 'right',
      render: (f: number) => formatFen(f),
    },
    {
      title: t('openedOn'),
      dataIndex: 'openedOn',
      key: 'openedOn',
      width: 120,
      sorter: true,
      sortOrder: sortOrderOf(table.state, 'openedOn'),
      render: (v: string | null) => v ?? '—',
    },
    { title: t('status'), dataIndex: 'status', key: 'status', width: 100, render: (s: string) => <StatusTag status={s} /> },
    {
      title: t('common:common.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      width: 170,
      sorter: true,
      sortOrder: sortOrderOf(table.state, 'createdAt'),
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('common:table.actions'),
      key: 'actions',
      width: manage ? 190 : 110,
      fixed: 'right' as const,
      render: (_: unknown, s: Store) => (
        <Space size={0}>
          <StoreQrButton store={s} />
          {manage ? (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ store: s })}>
              {t('common:actions.edit')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  const cities = formRegionId ? (regionMap.get(formRegionId)?.cities ?? []) : [];

  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      extra={
        <>
          <ExportCsvButton<Store>
            path="/stores"
            query={table.params}
            filename={t('exportName')}
            columns={[
              { title: t('code'), value: (s) => s.code },
              { title: t('name'), value: (s) => s.name },
              { title: t('kind'), value: (s) => kindText(s.kind) },
              { title: t('region'), value: (s) => regionName(s.regionId) },
              { title: t('city'), value: (s) => cityName(s.cityId) },
              { title: t('address'), value: (s) => s.address },
              { title: t('phone'), value: (s) => s.phone },
              { title: t('openedOn'), value: (s) => s.openedOn },
              { title: t('status'), value: (s) => statusText(s.status) },
              { title: t('timeZone'), value: (s) => s.timeZone },
              { title: t('businessDayCutoff'), value: (s) => s.businessDayCutoff },
              { title: t('discount'), value: (s) => discountText(t, s.discountBp) },
              { title: t('pointsRatio'), value: (s) => bpToMultiplier(s.pointsRatioBp) },
              { title: t('topupApprovalThreshold'), value: (s) => fenToYuan(s.topupApprovalThresholdFen) },
              { title: t('topupDailyQuota'), value: (s) => (s.topupDailyQuotaFen === null ? '' : fenToYuan(s.topupDailyQuotaFen)) },
              { title: t('topupMonthlyQuota'), value: (s) => (s.topupMonthlyQuotaFen === null ? '' : fenToYuan(s.topupMonthlyQuotaFen)) },
              { title: t('common:common.createdAt'), value: (s) => formatDateTime(s.createdAt) },
            ]}
          />
          {manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
              {t('newStore')}
            </Button>
          ) : null}
        </>
      }
    >
      <Space className="table-toolbar" wrap>
        <TableSearch value={table.state.filters.q} onSearch={(q) => table.setFilters({ q })} placeholder={t('search')} width={260} />
        <Select
          allowClear
          aria-label={t('kind')}
          placeholder={t('allKinds')}
          style={{ width: 130 }}
          value={table.state.filters.kind}
          onChange={(v) => table.setFilters({ kind: v })}
          options={KINDS.map((k) => ({ value: k, label: kindText(k) }))}
        />
        <Select
          allowClear
          aria-label={t('status')}
          placeholder={t('allStatuses')}
          style={{ width: 130 }}
          value={table.state.filters.status}
          onChange={(v) => table.setFilters({ status: v })}
          options={STATUSES.map((s) => ({ value: s, label: statusText(s) }))}
        />
        <Select
          allowClear
          aria-label={t('region')}
          placeholder={t('allRegions')}
          style={{ width: 150 }}
          value={table.state.filters.regionId}
          onChange={(v) => table.setFilters({ regionId: v })}
          options={(regions.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
        />
        <Button onClick={table.resetFilters}>
          {t('common:actions.reset')}
        </Button>
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void table.query.refetch()} />
      </Space>
      <Table<Store>
        rowKey="id"
        columns={columns}
        dataSource={table.query.data?.items ?? []}
        loading={table.query.isFetching}
        pagination={pagination}
        onChange={table.onChange}
        scroll={{ x: 1500 }}
      />

      <FormModal<StoreFormValues>
        open={!!editing}
        name="store"
        width={760}
        title={editing?.store ? t('editStore') : t('newStore')}
        form={form}
        initialValues={toForm(editing?.store)}
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          const body = fromForm(v);
          if (editing?.store) await api.patch(`/stores/${editing.store.id}`, body);
          else await api.post('/stores', body);
          await Promise.all([
            qc.invalidateQueries({ queryKey: ['/stores'] }),
            qc.invalidateQueries({ queryKey: lookupKeys.storesAll }),
            qc.invalidateQueries({ queryKey: ME_KEY }),
          ]);
        }}
      >
        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
          <Typography.Text strong>{t('basicSection')}</Typography.Text>
        </Divider>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="code" label={t('code')} rules={codeRules(t, t('code'))}>
              <Input maxLength={32} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('name')} rules={nameRules(t, t('name'))}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="kind" label={t('kind')} rules={[requiredRule(t, t('kind'), true)]}>
              <Select options={KINDS.map((k) => ({ value: k, label: kindText(k) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="status" label={t('status')} rules={[requiredRule(t, t('status'), true)]}>
              <Select options={STATUSES.map((s) => ({ value: s, label: statusText(s) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="regionId" label={t('region')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={(regions.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
                onChange={() => form.setFieldValue('cityId', undefined)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="cityId" label={t('city')}>
              <Select
                allowClear
                disabled={!formRegionId}
                showSearch={{ optionFilterProp: 'label' }}
                options={cities.map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('phone')} rules={[phoneRule(t), maxRule(t, t('phone'), 32)]}>
              <Input maxLength={32} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="openedOn" label={t('openedOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="address" label={t('address')} rules={[maxRule(t, t('address'), 200)]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          <Typography.Text strong>{t('rulesSection')}</Typography.Text>
        </Divider>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="timeZone" label={t('timeZone')} rules={[requiredRule(t, t('timeZone'), true)]}>
              <Select showSearch options={TIME_ZONES.map((z) => ({ value: z, label: z }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="businessDayCutoff"
              label={t('businessDayCutoff')}
              tooltip={t('businessDayCutoffHelp')}
              rules={[requiredRule(t, t('businessDayCutoff')), { pattern: CUTOFF_RE, message: t('cutoffInvalid') }]}
            >
              <Input placeholder="04:00" maxLength={5} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="discount"
              label={t('discount')}
              tooltip={t('discountHelp')}
              rules={[zheRule(t('discountInvalid'))]}
            >
              <Input suffix={t('zheSuffix')} placeholder={t('noDiscount')} inputMode="decimal" maxLength={5} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="pointsRatio"
              label={t('pointsRatio')}
              tooltip={t('pointsRatioHelp')}
              rules={[requiredRule(t, t('pointsRatio')), multiplierRule(t('pointsRatioInvalid'))]}
            >
              <Input suffix="×" inputMode="decimal" maxLength={8} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          <Typography.Text strong>{t('topupSection')}</Typography.Text>
        </Divider>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="topupApprovalThreshold"
              label={t('topupApprovalThreshold')}
              tooltip={t('topupApprovalThresholdHelp')}
              rules={[requiredRule(t, t('topupApprovalThreshold')), moneyRule(t)]}
            >
              <Input prefix="¥" inputMode="decimal" maxLength={16} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="topupDailyQuota" label={t('topupDailyQuota')} tooltip={t('quotaHelp')} rules={[moneyRule(t)]}>
              <Input prefix="¥" inputMode="decimal" placeholder={t('unlimited')} maxLength={16} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="topupMonthlyQuota" label={t('topupMonthlyQuota')} tooltip={t('quotaHelp')} rules={[moneyRule(t)]}>
              <Input prefix="¥" inputMode="decimal" placeholder={t('unlimited')} maxLength={16} />
            </Form.Item>
          </Col>
        </Row>
      </FormModal>
    </PageContainer>
  );
}
