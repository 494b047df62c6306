import { useMemo, useState } from 'react';
import { App, Button, Col, Form, Input, InputNumber, Row, Select, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, InboxOutlined, PlusOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { useApiError } from '../../../app/errors';
import { formatDateTime } from '../../../app/format';
import { PageContainer } from '../../../app/components/PageContainer';
import { ArchivedFilter } from '../../../app/components/ArchivedFilter';
import { FormModal } from '../../../app/components/FormModal';
import { codeRules, nameRules } from '../../../app/validators';
import { CATEGORIES_KEY, PRODUCTS_KEY, orderedCategories, useCategories, type CatalogStatus, type Category } from '../products/catalog';

interface CategoryForm {
  code: string;
  name: string;
  parentId?: string | null;
  sort?: number | null;
}

type Row = Category & { depth: 0 | 1 };

export default function CategoriesPage() {
  const { t } = useTranslation(['catalog.categories', 'common']);
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const categories = useCategories();
  const [editing, setEditing] = useState<{ category?: Category } | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const [form] = Form.useForm<CategoryForm>();
  const byId = useMemo(() => new Map((categories.data ?? []).map((c) => [c.id, c])), [categories.data]);
  const invalidate = async () => {
    await qc.invalidateQueries({ queryKey: [CATEGORIES_KEY] });
    await qc.invalidateQueries({ queryKey: [PRODUCTS_KEY] });
  };

  const setStatus = async (c: Category, status: CatalogStatus) => {
    try {
      await api.patch(`/product-categories/${c.id}`, { status });
      void message.success(status === 'archived' ? t('archived') : t('activated'));
      await invalidate();
    } catch (e) {
      showError(e);
    }
  };

  const rows: Row[] = orderedCategories(categories.data).filter((c) => showArchived || c.status === 'active');

  const columns: TableColumnsType<Row> = [
    { title: t('code'), dataIndex: 'code', key: 'code', width: 140 },
    {
      title: t('name'),
      dataIndex: 'name',
      key: 'name',
      width: 200,
      render: (v: string, c) => <span style={{ paddingLeft: c.depth * 24 }}>{c.depth ? `└ ${v}` : v}</span>,
    },
    { title: t('parent'), dataIndex: 'parentId', key: 'parentId', width: 160, render: (id: string | null) => (id ? (byId.get(id)?.name ?? '—') : t('topLevel')) },
    { title: t('sort'), dataIndex: 'sort', key: 'sort', width: 80, align: 'right' },
    { title: t('productCount'), dataIndex: 'productCount', key: 'productCount', width: 100, align: 'right' },
    {
      title: t('status'),
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (s: CatalogStatus) => <Tag color={s === 'active' ? 'success' : 'default'}>{t(`statuses.${s}`)}</Tag>,
    },
    { title: t('common:common.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('common:table.actions'),
      key: 'actions',
      width: 170,
      render: (_, c) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ category: c })} data-testid={`category-edit-${c.code}`}>
            {t('common:actions.edit')}
          </Button>
          {c.status === 'active' ? (
            <Button type="link" size="small" danger icon={<InboxOutlined />} onClick={() => void setStatus(c, 'archived')} data-testid={`category-archive-${c.code}`}>
              {t('archive')}
            </Button>
          ) : (
            <Button type="link" size="small" icon={<RollbackOutlined />} onClick={() => void setStatus(c, 'active')} data-testid={`category-activate-${c.code}`}>
              {t('activate')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const cat = editing?.category;
  const hasChildren = !!cat && (categories.data ?? []).some((c) => c.parentId === cat.id);
  // one level of nesting: a parent is an active top-level category other than this one
  const parentOptions = (categories.data ?? [])
    .filter((c) => c.parentId === null && c.id !== cat?.id && (c.status === 'active' || c.id === cat?.parentId))
    .sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code))
    .map((c) => ({ value: c.id, label: c.name }));
  const initial: Partial<CategoryForm> = cat ? { code: cat.code, name: cat.name, parentId: cat.parentId, sort: cat.sort } : { parentId: null, sort: 0 };

  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="category-new">
          {t('newCategory')}
        </Button>
      }
    >
      <Space className="table-toolbar" wrap>
        <ArchivedFilter showArchived={showArchived} onChange={setShowArchived} texts={{ label: t('status'), onlyActive: t('onlyActive'), includeArchived: t('includeArchived') }} />
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void categories.refetch()} />
      </Space>
      <Table<Row> rowKey="id" columns={columns} dataSource={rows} loading={categories.isFetching} pagination={false} scroll={{ x: 1000 }} data-testid="category-table" />
      <FormModal<CategoryForm>
        open={!!editing}
        name="category"
        title={cat ? t('editCategory') : t('newCategory')}
        form={form}
        initialValues={initial}
        onClose={() => setEditing(null)}
        successText={cat ? undefined : t('common:common.created')}
        onSubmit={async (v) => {
          const body = { code: v.code.trim(), name: v.name.trim(), parentId: v.parentId ?? null, sort: v.sort ?? 0 };
          if (cat) await api.patch(`/product-categories/${cat.id}`, body);
          else await api.post('/product-categories', body);
          await invalidate();
        }}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="code" label={t('code')} rules={codeRules(t, t('code'))}>
              <Input maxLength={32} autoComplete="off" data-testid="category-form-code" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('name')} rules={nameRules(t, t('name'))}>
              <Input maxLength={64} autoComplete="off" data-testid="category-form-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="parentId" label={t('parent')} tooltip={hasChildren ? t('parentLocked') : t('parentHelp')}>
              <Select allowClear disabled={hasChildren} placeholder={t('topLevel')} options={parentOptions} aria-label={t('parent')} data-testid="category-form-parent" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="sort" label={t('sort')} tooltip={t('sortHelp')}>
              <InputNumber min={0} max={10_000} precision={0} style={{ width: '100%' }} data-testid="category-form-sort" />
            </Form.Item>
          </Col>
        </Row>
      </FormModal>
    </PageContainer>
  );
}
