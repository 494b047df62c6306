import { useMemo, useState, type ReactNode } from 'react';
import { App, Badge, Button, Card, Col, Empty, Flex, Form, Input, InputNumber, List, Row, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, InboxOutlined, PlusOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { byId, useAllStores, useMemberLevels } from '../../../app/lookups';
import { formatNumber } from '../../../app/format';
import { PageContainer } from '../../../app/components/PageContainer';
import { FormModal } from '../../../app/components/FormModal';
import { ExportCsvButton, TableSearch, sortOrderOf, usePagination, useServerTable } from '../../../app/table';
import { nameRules } from '../../../app/validators';
import { GiftForm } from './GiftForm';
import { GIFT_CATEGORIES_KEY, GIFT_KINDS, GIFTS_KEY, KIND_COLORS, giftGivesText, stockText, type Gift, type GiftCategory, type GiftKind, type GiftStatus } from './gifts';

type Filters = { categoryId?: string; status?: 'active' | 'archived' | 'all'; q?: string; storeId?: string; kind?: GiftKind };
const ALL = '__all__';

/** The names behind the ids a gift list refers to: service items and coupon templates. */
function useGiftRefs(gifts: Gift[]) {
  const { can } = useAuth();
  const serviceIds = [...new Set(gifts.map((g) => g.serviceProductId).filter((x): x is string => !!x))];
  const services = useQueries({
    queries: serviceIds.map((id) => ({
      queryKey: ['/products', id],
      queryFn: () => api.get<{ id: string; name: string; code: string }>(`/products/${id}`),
      enabled: can('catalog.view'),
      staleTime: 60_000,
      retry: false,
    })),
  });
  const templates = useQuery({
    queryKey: ['/coupon-templates', 'all'],
    queryFn: () => api.get<{ items: { id: string; name: string; status: string }[] }>('/coupon-templates', { status: 'all' }).then((r) => r.items),
    enabled: gifts.some((g) => g.kind === 'coupon') && can(['coupons.view', 'coupons.issue']),
    staleTime: 10_000,
  });
  const serviceNames = new Map<string, string>();
  services.forEach((q, i) => {
    if (q.data) serviceNames.set(serviceIds[i]!, q.data.name);
  });
  const templateNames = new Map((templates.data ?? []).map((x) => [x.id, x.name]));
  return (g: Gift) => ({ service: g.serviceProductId ? serviceNames.get(g.serviceProductId) : undefined, template: g.couponTemplateId ? templateNames.get(g.couponTemplateId) : undefined });
}

/** 礼品分类: the side list; choosing one filters the gifts. */
function CategoryList({
  categories,
  loading,
  selected,
  onSelect,
  canManage,
  onEdit,
  onStatus,
}: {
  categories: GiftCategory[];
  loading: boolean;
  selected: string | undefined;
  onSelect: (id: string | undefined) => void;
  canManage: boolean;
  onEdit: (c?: GiftCategory) => void;
  onStatus: (c: GiftCategory, status: GiftStatus) => void;
}) {
  const { t } = useTranslation(['marketing.gifts', 'common']);
  const [showArchived, setShowArchived] = useState(false);
  const rows = categories.filter((c) => showArchived || c.status === 'active');
  const item = (key: string, label: ReactNode, count: number | null, active: boolean, extra?: ReactNode, testId?: string) => (
    <List.Item
      key={key}
      onClick={() => onSelect(key === ALL ? undefined : key)}
      style={{ cursor: 'pointer', paddingInline: 8, background: active ? 'var(--ant-color-primary-bg, #e6f4ff)' : undefined, borderRadius: 6 }}
      data-testid={testId}
      actions={extra ? [extra] : undefined}
    >
      <Flex justify="space-between" style={{ width: '100%' }} gap={8}>
        <Typography.Text strong={active} ellipsis>
          {label}
        </Typography.Text>
        {count !== null ? <Badge count={count} showZero color="#bfbfbf" overflowCount={9999} /> : null}
      </Flex>
    </List.Item>
  );
  return (
    <Card
      size="small"
      title={t('categories')}
      extra={
        canManage ? (
          <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => onEdit()} data-testid="gift-category-new">
            {t('newCategory')}
          </Button>
        ) : null
      }
    >
      <List size="small" loading={loading} split={false}>
        {item(ALL, t('allCategories'), null, !selected, undefined, 'gift-category-all')}
        {rows.map((c) =>
          item(
            c.id,
            c.status === 'active' ? c.name : <Typography.Text type="secondary">{`${c.name} (${t('archivedShort')})`}</Typography.Text>,
            c.giftCount,
            selected === c.id,
            canManage ? (
              <Space size={0} onClick={(e) => e.stopPropagation()}>
                <Tooltip title={t('renameCategory')}>
                  <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('renameCategory')} onClick={() => onEdit(c)} data-testid={`gift-category-edit-${c.id}`} />
                </Tooltip>
                {c.status === 'active' ? (
                  <Tooltip title={t('archive')}>
                    <Button size="small" type="text" danger icon={<InboxOutlined />} aria-label={t('archive')} onClick={() => onStatus(c, 'archived')} data-testid={`gift-category-archive-${c.id}`} />
                  </Tooltip>
                ) : (
                  <Tooltip title={t('activate')}>
                    <Button size="small" type="text" icon={<RollbackOutlined />} aria-label={t('activate')} onClick={() => onStatus(c, 'active')} data-testid={`gift-category-activate-${c.id}`} />
                  </Tooltip>
                )}
              </Space>
            ) : undefined,
            `gift-category-${c.id}`,
          ),
        )}
      </List>
      {categories.length === 0 && !loading ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noCategories')} /> : null}
      {categories.some((c) => c.status === 'archived') ? (
        <Button type="link" size="small" onClick={() => setShowArchived((x) => !x)} style={{ paddingInline: 0, marginTop: 8 }}>
          {showArchived ? t('hideArchived') : t('showArchived')}
        </Button>
      ) : null}
    </Card>
  );
}

export default function GiftsPage() {
  const { t } = useTranslation(['marketing.gifts', 'common']);
  const { can } = useAuth();
  const canManage = can('gifts.manage');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const { stores } = useAllStores();
  const storeMap = useMemo(() => byId(stores), [stores]);
  const levels = useMemberLevels();
  const levelMap = useMemo(() => byId(levels.data), [levels.data]);

  const categories = useQuery({
    queryKey: [GIFT_CATEGORIES_KEY, 'all'],
    queryFn: () => api.get<{ items: GiftCategory[] }>(GIFT_CATEGORIES_KEY, { status: 'all' }).then((r) => r.items),
  });
  const table = useServerTable<Gift, Filters>(GIFTS_KEY, { status: 'active' });
  const pagination = usePagination(table.query.data?.total, table.state.page, table.state.pageSize);
  const items = table.query.data?.items ?? [];
  const refsOf = useGiftRefs(items);

  const [editing, setEditing] = useState<{ gift?: Gift } | null>(null);
  const [categoryEdit, setCategoryEdit] = useState<{ category?: GiftCategory } | null>(null);
  const [categoryForm] = Form.useForm<{ name: string; sort: number }>();

  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: [GIFTS_KEY] });
    await qc.invalidateQueries({ queryKey: [GIFT_CATEGORIES_KEY] });
  };

  const setGiftStatus = async (g: Gift, status: GiftStatus) => {
    try {
      await api.patch<Gift>(`${GIFTS_KEY}/${g.id}`, { status });
      void message.success(status === 'archived' ? t('giftArchived') : t('giftActivated'));
      await refresh();
    } catch (e) {
      showError(e);
    }
  };
  const setCategoryStatus = async (c: GiftCategory, status: GiftStatus) => {
    try {
      await api.patch<GiftCategory>(`${GIFT_CATEGORIES_KEY}/${c.id}`, { status });
      void message.success(status === 'archived' ? t('categoryArchived') : t('categoryActivated'));
      await refresh();
    } catch (e) {
      showError(e);
    }
  };

  const storesText = (ids: string[] | null) => (ids ? ids.map((id) => storeMap.get(id)?.name ?? t('unknownStore')).join(t('listSeparator')) : null);
  const levelsText = (ids: string[] | null) => (ids ? ids.map((id) => levelMap.get(id)?.name ?? t('unknownLevel')).join(t('listSeparator')) : null);

  const columns: TableColumnsType<Gift> = [
    {
      title: t('name'),
      dataIndex: 'name',
      key: 'name',
      width: 200,
      fixed: 'left',
      sorter: true,
      sortOrder: sortOrderOf(table.state, 'name'),
      render: (_, g) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong data-testid={`gift-name-${g.id}`}>
            {g.name}
          </Typography.Text>
          {g.description ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: g.description }}>
              {g.description}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    { title: t('category'), dataIndex: 'categoryName', key: 'categoryName', width: 110, render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('noCategory')}</Typography.Text> },
    {
      title: t('kind'),
      key: 'kind',
      width: 230,
      render: (_, g) => (
        <Space size={4} wrap>
          <Tag color={KIND_COLORS[g.kind]}>{t(`kinds.${g.kind}`)}</Tag>
          {g.kind !== 'goods' ? <Typography.Text style={{ fontSize: 12 }}>{giftGivesText(t, g, refsOf(g))}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      title: t('pointsPrice'),
      dataIndex: 'pointsPrice',
      key: 'pointsPrice',
      width: 110,
      align: 'right',
      sorter: true,
      sortOrder: sortOrderOf(table.state, 'pointsPrice'),
      render: (v: number, g) => <span data-testid={`gift-points-${g.id}`}>{formatNumber(v)}</span>,
    },
    {
      title: t('stock'),
      dataIndex: 'stock',
      key: 'stock',
      width: 90,
      align: 'right',
      render: (v: number | null, g) => (
        <Typography.Text type={v === 0 ? 'danger' : undefined} data-testid={`gift-stock-${g.id}`}>
          {stockText(v)}
        </Typography.Text>
      ),
    },
    { title: t('stores'), key: 'stores', width: 160, ellipsis: true, render: (_, g) => storesText(g.storeIds) ?? <Tag color="blue">{t('allStores')}</Tag> },
    { title: t('levels'), key: 'levels', width: 140, ellipsis: true, render: (_, g) => levelsText(g.levelIds) ?? <Tag color="blue">{t('allLevels')}</Tag> },
    { title: t('status'), dataIndex: 'status', key: 'status', width: 90, render: (s: GiftStatus) => <Tag color={s === 'active' ? 'success' : 'default'}>{t(`statuses.${s}`)}</Tag> },
  ];
  if (canManage) {
    columns.push({
      title: t('common:table.actions'),
      key: 'actions',
      width: 160,
      fixed: 'right',
      render: (_, g) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ gift: g })} data-testid={`gift-edit-${g.id}`}>
            {t('common:actions.edit')}
          </Button>
          {g.status === 'active' ? (
            <Button type="link" size="small" danger icon={<InboxOutlined />} onClick={() => void setGiftStatus(g, 'archived')} data-testid={`gift-archive-${g.id}`}>
              {t('archiveGift')}
            </Button>
          ) : (
            <Button type="link" size="small" icon={<RollbackOutlined />} onClick={() => void setGiftStatus(g, 'active')} data-testid={`gift-activate-${g.id}`}>
              {t('activateGift')}
            </Button>
          )}
        </Space>
      ),
    });
  }

  const csvColumns = [
    { title: t('name'), value: (g: Gift) => g.name },
    { title: t('category'), value: (g: Gift) => g.categoryName ?? '' },
    { title: t('kind'), value: (g: Gift) => t(`kinds.${g.kind}`) },
    { title: t('givesCol'), value: (g: Gift) => giftGivesText(t, g, refsOf(g)) },
    { title: t('pointsPrice'), value: (g: Gift) => g.pointsPrice },
    { title: t('stock'), value: (g: Gift) => (g.stock === null ? t('unlimited') : g.stock) },
    { title: t('stores'), value: (g: Gift) => storesText(g.storeIds) ?? t('allStores') },
    { title: t('levels'), value: (g: Gift) => levelsText(g.levelIds) ?? t('allLevels') },
    { title: t('status'), value: (g: Gift) => t(`statuses.${g.status}`) },
    { title: t('description'), value: (g: Gift) => g.description },
  ];

  const f = table.state.filters;
  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      noCard
      extra={
        canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="gift-new">
            {t('newGift')}
          </Button>
        ) : null
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} md={7} lg={6} xl={5}>
          <CategoryList
            categories={categories.data ?? []}
            loading={categories.isFetching}
            selected={f.categoryId}
            onSelect={(id) => table.setFilters({ categoryId: id })}
            canManage={canManage}
            onEdit={(c) => setCategoryEdit({ category: c })}
            onStatus={(c, s) => void setCategoryStatus(c, s)}
          />
        </Col>
        <Col xs={24} md={17} lg={18} xl={19}>
          <Card variant="borderless">
            <Space className="table-toolbar" wrap>
              <TableSearch value={f.q} onSearch={(q) => table.setFilters({ q })} placeholder={t('searchPlaceholder')} testId="gift-search" />
              <Select
                allowClear
                aria-label={t('kind')}
                placeholder={t('allKinds')}
                style={{ width: 130 }}
                value={f.kind}
                onChange={(v?: GiftKind) => table.setFilters({ kind: v })}
                options={GIFT_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
                data-testid="gift-kind-filter"
              />
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                aria-label={t('storeFilter')}
                placeholder={t('storeFilter')}
                style={{ width: 180 }}
                value={f.storeId}
                onChange={(v?: string) => table.setFilters({ storeId: v })}
                options={stores.map((s) => ({ value: s.id, label: s.name }))}
              />
              <Select
                aria-label={t('status')}
                style={{ width: 130 }}
                value={f.status ?? 'active'}
                onChange={(v: 'active' | 'archived' | 'all') => table.setFilters({ status: v })}
                options={[
                  { value: 'active', label: t('statuses.active') },
                  { value: 'archived', label: t('statuses.archived') },
                  { value: 'all', label: t('allStatuses') },
                ]}
                data-testid="gift-status-filter"
              />
              <Button onClick={() => table.resetFilters()}>{t('common:actions.reset')}</Button>
              <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void refresh()} />
              <ExportCsvButton<Gift> path={GIFTS_KEY} query={table.params} filename={t('exportName')} columns={csvColumns} />
            </Space>
            <Table<Gift>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={items}
              loading={table.query.isFetching}
              pagination={pagination}
              onChange={table.onChange}
              scroll={{ x: 1300 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} /> }}
            />
          </Card>
        </Col>
      </Row>
      <GiftForm open={!!editing} gift={editing?.gift} categoryId={f.categoryId} categories={categories.data ?? []} onClose={() => setEditing(null)} />
      <FormModal<{ name: string; sort: number }>
        open={!!categoryEdit}
        name="gift-category"
        title={categoryEdit?.category ? t('renameCategoryTitle', { name: categoryEdit.category.name }) : t('newCategory')}
        form={categoryForm}
        initialValues={categoryEdit?.category ? { name: categoryEdit.category.name, sort: categoryEdit.category.sort } : { name: '', sort: 0 }}
        successText={categoryEdit?.category ? t('common:common.saved') : t('common:common.created')}
        onClose={() => setCategoryEdit(null)}
        onSubmit={async (v) => {
          const body = { name: v.name.trim(), sort: v.sort ?? 0 };
          if (categoryEdit?.category) await api.patch(`${GIFT_CATEGORIES_KEY}/${categoryEdit.category.id}`, body);
          else await api.post(GIFT_CATEGORIES_KEY, body);
          await refresh();
        }}
      >
        <Form.Item name="name" label={t('categoryName')} rules={nameRules(t, t('categoryName'))}>
          <Input maxLength={64} autoFocus autoComplete="off" data-testid="gift-category-name" />
        </Form.Item>
        <Form.Item name="sort" label={t('sort')} tooltip={t('sortHelp')}>
          <InputNumber min={0} max={10_000} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </FormModal>
    </PageContainer>
  );
}
