import { useMemo, useState } from 'react';
import { App, Button, Dropdown, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CloudDownloadOutlined, EditOutlined, InboxOutlined, PlusOutlined, ReloadOutlined, RollbackOutlined, ShopOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { formatDateTime } from '../../../app/format';
import { bpToMultiplier, formatFen } from '../../../app/money';
import { PageContainer } from '../../../app/components/PageContainer';
import { ExportCsvButton, TableSearch, sortOrderOf, usePagination, useServerTable } from '../../../app/table';
import {
  PRODUCT_KINDS,
  PRODUCTS_KEY,
  categoryOptions,
  kindSummary,
  needsDetail,
  useCategories,
  type CatalogStatus,
  type Product,
  type ProductDetail,
  type ProductKind,
} from './catalog';
import { ProductForm } from './ProductForm';
import { StorePricesDialog } from './StorePricesDialog';
import { ProductImportDialog, exportProductsUrl } from './ProductImportDialog';

type Filters = {
  q?: string;
  categoryId?: string;
  kind?: ProductKind;
  status: 'active' | 'archived' | 'all';
};

const KIND_COLORS: Record<ProductKind, string> = { goods: 'blue', service: 'green', package: 'purple', count_card: 'gold', timed: 'cyan' };

function download(url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export default function ProductsPage() {
  const { t } = useTranslation(['catalog.products', 'common']);
  const { can } = useAuth();
  const manage = can('catalog.manage');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const categories = useCategories();
  const table = useServerTable<Product, Filters>(PRODUCTS_KEY, { status: 'active' });
  const pagination = usePagination(table.query.data?.total, table.state.page, table.state.pageSize);
  const [editing, setEditing] = useState<{ id?: string } | null>(null);
  const [pricing, setPricing] = useState<Product | null>(null);
  const [importing, setImporting] = useState(false);

  const rows = useMemo(() => table.query.data?.items ?? [], [table.query.data]);
  // packages, count cards and timed items read their summary from the detail
  const detailIds = rows.filter((p) => needsDetail(p.kind)).map((p) => p.id);
  const details = useQueries({
    queries: detailIds.map((id) => ({
      queryKey: [PRODUCTS_KEY, 'detail', id],
      queryFn: () => api.get<ProductDetail>(`/products/${id}`),
      staleTime: 10_000,
    })),
  });
  const detailMap = new Map<string, ProductDetail>();
  for (const d of details) if (d.data) detailMap.set(d.data.id, d.data);

  const summaryOf = (p: Product) => {
    if (!needsDetail(p.kind)) return kindSummary(t, p);
    const d = detailMap.get(p.id);
    return d ? kindSummary(t, d) : '…';
  };

  const setStatus = async (p: Product, status: CatalogStatus) => {
    try {
      await api.patch(`/products/${p.id}`, { status });
      void message.success(status === 'archived' ? t('archived') : t('activated'));
      await qc.invalidateQueries({ queryKey: [PRODUCTS_KEY] });
    } catch (e) {
      showError(e);
    }
  };

  const columns: TableColumnsType<Product> = [
    {
      title: t('code'),
      dataIndex: 'code',
      key: 'code',
      width: 130,
      fixed: 'left',
      sorter: true,
      sortOrder: sortOrderOf(table.state, 'code'),
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    { title: t('barcode'), dataIndex: 'barcode', key: 'barcode', width: 150, render: (v: string | null) => v || '—' },
    {
      title: t('name'),
      dataIndex: 'name',
      key: 'name',
      width: 180,
      sorter: true,
      sortOrder: sortOrderOf(table.state, 'name'),
      render: (v: string, p) => (manage ? <Typography.Link onClick={() => setEditing({ id: p.id })}>{v}</Typography.Link> : v),
    },
    { title: t('category'), dataIndex: 'categoryName', key: 'categoryName', width: 120, render: (v: string | null) => v || '—' },
    {
      title: t('kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 90,
      render: (k: ProductKind) => <Tag color={KIND_COLORS[k]}>{t(`kinds.${k}`)}</Tag>,
    },
    { title: t('summaryCol'), key: 'summary', width: 260, render: (_, p) => <span data-testid={`product-summary-${p.code}`}>{summaryOf(p)}</span> },
    {
      title: t('listPrice'),
      dataIndex: 'listPriceFen',
      key: 'listPriceFen',
      width: 120,
      align: 'right',
      sorter: true,
      sortOrder: sortOrderOf(table.state, 'listPriceFen'),
      render: (f: number) => formatFen(f),
    },
    {
      title: t('memberDiscountAllowed'),
      dataIndex: 'memberDiscountAllowed',
      key: 'memberDiscountAllowed',
      width: 100,
      render: (v: boolean) => (v ? t('common:common.yes') : t('common:common.no')),
    },
    { title: t('pointsMode'), key: 'points', width: 130, render: (_, p) => pointsText(p) },
    {
      title: t('status'),
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (s: CatalogStatus) => <Tag color={s === 'active' ? 'success' : 'default'}>{t(`statuses.${s}`)}</Tag>,
    },
    {
      title: t('common:common.updatedAt'),
      dataIndex: 'updatedAt',
      key: 'updatedAt',
      width: 170,
      sorter: true,
      sortOrder: sortOrderOf(table.state, 'updatedAt'),
      render: (v: string) => formatDateTime(v),
    },
    ...[
          {
            title: t('common:table.actions'),
            key: 'actions',
            width: manage ? 250 : 120,
            fixed: 'right' as const,
            render: (_: unknown, p: Product) => (
              <Space size={0}>
                {manage ? (
                  <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ id: p.id })} data-testid={`product-edit-${p.code}`}>
                    {t('common:actions.edit')}
                  </Button>
                ) : null}
                <Button type="link" size="small" icon={<ShopOutlined />} onClick={() => setPricing(p)} data-testid={`product-stores-${p.code}`}>
                  {t('storePrices')}
                </Button>
                {manage ? (
                  p.status === 'active' ? (
                    <Button type="link" size="small" danger icon={<InboxOutlined />} onClick={() => void setStatus(p, 'archived')} data-testid={`product-archive-${p.code}`}>
                      {t('archive')}
                    </Button>
                  ) : (
                    <Button type="link" size="small" icon={<RollbackOutlined />} onClick={() => void setStatus(p, 'active')} data-testid={`product-activate-${p.code}`}>
                      {t('activate')}
                    </Button>
                  )
                ) : null}
              </Space>
            ),
          },
        ],
  ];

  function pointsText(p: Product) {
    if (p.pointsMode === 'rate' && p.pointsRateBp !== null) return t('pointsRateText', { rate: bpToMultiplier(p.pointsRateBp) });
    return t(`pointsModes.${p.pointsMode}`);
  }

  const csvColumns = [
    { title: t('code'), value: (p: Product) => p.code },
    { title: t('barcode'), value: (p: Product) => p.barcode ?? '' },
    { title: t('name'), value: (p: Product) => p.name },
    { title: t('category'), value: (p: Product) => p.categoryName ?? '' },
    { title: t('kind'), value: (p: Product) => t(`kinds.${p.kind}`) },
    { title: t('unit'), value: (p: Product) => p.unit },
    { title: t('listPrice'), value: (p: Product) => formatFen(p.listPriceFen) },
    { title: t('memberDiscountAllowed'), value: (p: Product) => (p.memberDiscountAllowed ? t('common:common.yes') : t('common:common.no')) },
    { title: t('pointsMode'), value: (p: Product) => pointsText(p) },
    { title: t('status'), value: (p: Product) => t(`statuses.${p.status}`) },
    { title: t('common:common.updatedAt'), value: (p: Product) => formatDateTime(p.updatedAt) },
  ];

  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      extra={
        <>
          <ExportCsvButton<Product> path={PRODUCTS_KEY} query={table.params} columns={csvColumns} filename={t('csvFile')} />
          {manage ? (
            <>
              <Dropdown
                menu={{
                  items: [
                    { key: 'xlsx', label: t('exportXlsx') },
                    { key: 'csv', label: t('exportCsv') },
                  ],
                  onClick: ({ key }) => download(exportProductsUrl(key === 'csv' ? 'csv' : 'xlsx')),
                }}
              >
                <Button icon={<CloudDownloadOutlined />} data-testid="product-server-export">
                  {t('serverExport')}
                </Button>
              </Dropdown>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="product-import">
                {t('import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="product-new">
                {t('newProduct')}
              </Button>
            </>
          ) : null}
        </>
      }
    >
      <Space className="table-toolbar" wrap>
        <TableSearch value={table.state.filters.q} onSearch={(q) => table.setFilters({ q })} placeholder={t('search')} width={280} testId="product-search" />
        <Select
          allowClear
          aria-label={t('category')}
          placeholder={t('allCategories')}
          style={{ width: 170 }}
          showSearch={{ optionFilterProp: 'title' }}
          value={table.state.filters.categoryId}
          onChange={(v?: string) => table.setFilters({ categoryId: v })}
          options={categoryOptions(categories.data)}
          data-testid="product-filter-category"
        />
        <Select
          allowClear
          aria-label={t('kind')}
          placeholder={t('allKinds')}
          style={{ width: 130 }}
          value={table.state.filters.kind}
          onChange={(v?: ProductKind) => table.setFilters({ kind: v })}
          options={PRODUCT_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          data-testid="product-filter-kind"
        />
        <Select
          aria-label={t('status')}
          style={{ width: 130 }}
          value={table.state.filters.status}
          onChange={(v: Filters['status']) => table.setFilters({ status: v })}
          options={[
            { value: 'active', label: t('statuses.active') },
            { value: 'archived', label: t('statuses.archived') },
            { value: 'all', label: t('common:common.all') },
          ]}
          data-testid="product-filter-status"
        />
        <Button onClick={() => table.resetFilters()}>{t('common:actions.reset')}</Button>
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void table.query.refetch()} />
      </Space>
      <Table<Product>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={table.query.isFetching}
        pagination={pagination}
        onChange={table.onChange}
        scroll={{ x: 1700 }}
        data-testid="product-table"
      />
      <ProductForm open={!!editing} productId={editing?.id} onClose={() => setEditing(null)} />
      <StorePricesDialog product={pricing} onClose={() => setPricing(null)} />
      <ProductImportDialog open={importing} onClose={() => setImporting(false)} />
    </PageContainer>
  );
}
