import { useMemo, useState } from 'react';
import { App, Button, Empty, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, InboxOutlined, PlusOutlined, ReloadOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { PageContainer } from '../../../app/components/PageContainer';
import { ArchivedFilter } from '../../../app/components/ArchivedFilter';
import { KIND_COLORS, NS as COUPONS_NS, TEMPLATES_KEY, quantityText, useCouponTemplates, validityText, valueText, whenText, type CouponKind, type CouponTemplate, type TemplateStatus } from '../coupons';
import { IssueDialog } from '../IssueDialog';
import { TemplateFormModal } from './TemplateForm';

const NS = 'marketing.coupon-templates';

export default function TemplatesPage() {
  const { t } = useTranslation([NS, COUPONS_NS, 'common']);
  const { can } = useAuth();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const canManage = can('coupons.manage');
  const canIssue = can('coupons.issue');
  const [showArchived, setShowArchived] = useState(false);
  const [q, setQ] = useState('');
  const templates = useCouponTemplates(showArchived ? 'all' : 'active');
  const [editing, setEditing] = useState<{ template?: CouponTemplate } | null>(null);
  // the template stays while the dialog closes, so its title does not change mid-animation
  const [issuing, setIssuing] = useState<{ open: boolean; template?: CouponTemplate }>({ open: false });

  const setStatus = async (x: CouponTemplate, status: TemplateStatus) => {
    try {
      await api.patch(`${TEMPLATES_KEY}/${x.id}`, { status });
      void message.success(status === 'archived' ? t('archived') : t('activated'));
      await qc.invalidateQueries({ queryKey: [TEMPLATES_KEY] });
    } catch (e) {
      showError(e);
    }
  };
  const archive = (x: CouponTemplate) =>
    modal.confirm({
      title: t('archiveConfirm', { name: x.name }),
      content: t('archiveHint'),
      okText: t('archive'),
      okButtonProps: { danger: true, ...{ 'data-testid': 'template-archive-ok' } },
      cancelText: t('common:actions.cancel'),
      onOk: () => setStatus(x, 'archived'),
    });

  const scopeText = (x: CouponTemplate) => {
    const products = x.productScope === 'all' ? t('scopeText.allProducts') : t(`scopeText.${x.productScope}`, { count: x.scopeIds.length });
    const stores = x.storeIds ? t('scopeText.stores', { count: x.storeIds.length }) : t('scopeText.allStores');
    const levels = x.levelIds ? t('scopeText.levels', { count: x.levelIds.length }) : t('scopeText.allLevels');
    return [products, stores, levels];
  };

  const columns: TableColumnsType<CouponTemplate> = [
    {
      title: t('col.name'),
      dataIndex: 'name',
      key: 'name',
      width: 170,
      fixed: 'left',
      render: (name: string, x) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{name}</Typography.Text>
          {x.description ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: x.description }}>
              {x.description}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    { title: t('col.kind'), dataIndex: 'kind', key: 'kind', width: 96, render: (k: CouponKind) => <Tag color={KIND_COLORS[k]}>{t(`${COUPONS_NS}:kinds.${k}`)}</Tag> },
    {
      title: t('col.value'),
      key: 'value',
      width: 180,
      render: (_, x) => (
        <Space size={4} wrap>
          <Typography.Text strong data-testid={`template-value-${x.id}`}>
            {valueText(t, x)}
          </Typography.Text>
          {x.stackable ? <Tag>{t('stackable')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('col.validity'),
      key: 'validity',
      width: 185,
      render: (_, x) => {
        const when = whenText(t, x);
        return (
          <Space orientation="vertical" size={0}>
            <span>{validityText(t, x.validity)}</span>
            {when ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {when}
              </Typography.Text>
            ) : null}
          </Space>
        );
      },
    },
    {
      title: t('col.scope'),
      key: 'scope',
      width: 120,
      render: (_, x) => (
        <Space orientation="vertical" size={0}>
          {scopeText(x).map((s, i) => (
            <Typography.Text key={i} type={i === 0 ? undefined : 'secondary'} style={i === 0 ? undefined : { fontSize: 12 }}>
              {s}
            </Typography.Text>
          ))}
        </Space>
      ),
    },
    {
      title: t('col.issued'),
      key: 'issued',
      width: 105,
      align: 'right',
      render: (_, x) => (
        <Tooltip title={x.perMemberLimit ? `${t('perMemberLimit')} ${x.perMemberLimit}` : undefined}>
          <span data-testid={`template-issued-${x.id}`}>{quantityText(t, x.issuedCount, x.totalQuantity)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('col.status'),
      dataIndex: 'status',
      key: 'status',
      width: 84,
      render: (s: TemplateStatus) => <Tag color={s === 'active' ? 'success' : 'default'}>{t(`statuses.${s}`)}</Tag>,
    },
    {
      title: t('common:table.actions'),
      key: 'actions',
      width: 160,
      fixed: 'right',
      render: (_, x) => (
        <Space size={0} wrap>
          {canIssue && x.status === 'active' ? (
            <Button type="link" size="small" icon={<SendOutlined />} onClick={() => setIssuing({ open: true, template: x })} data-testid={`template-issue-${x.id}`}>
              {t(`${COUPONS_NS}:issue.button`)}
            </Button>
          ) : null}
          {canManage ? (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ template: x })} data-testid={`template-edit-${x.id}`}>
              {t('common:actions.edit')}
            </Button>
          ) : null}
          {canManage && x.status === 'active' ? (
            <Button type="link" size="small" danger icon={<InboxOutlined />} onClick={() => archive(x)} data-testid={`template-archive-${x.id}`}>
              {t('archive')}
            </Button>
          ) : null}
          {canManage && x.status === 'archived' ? (
            <Button type="link" size="small" icon={<RollbackOutlined />} onClick={() => void setStatus(x, 'active')} data-testid={`template-activate-${x.id}`}>
              {t('activate')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (templates.data ?? []).filter((x) => !needle || x.name.toLowerCase().includes(needle));
  }, [templates.data, q]);

  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      extra={
        canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="template-new">
            {t('newTemplate')}
          </Button>
        ) : null
      }
    >
      <Space className="table-toolbar" wrap>
        <Input.Search allowClear aria-label={t('searchPlaceholder')} placeholder={t('searchPlaceholder')} value={q} onChange={(e) => setQ(e.target.value)} style={{ width: 220 }} />
        <ArchivedFilter showArchived={showArchived} onChange={setShowArchived} texts={{ label: t('col.status'), onlyActive: t('onlyActive'), includeArchived: t('includeArchived') }} />
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void templates.refetch()} />
      </Space>
      <Table<CouponTemplate>
        rowKey="id"
        data-testid="templates-table"
        columns={columns}
        dataSource={rows}
        loading={templates.isFetching}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} /> }}
      />
      <TemplateFormModal open={!!editing} template={editing?.template} onClose={() => setEditing(null)} />
      <IssueDialog open={issuing.open} template={issuing.template} onClose={() => setIssuing((s) => ({ ...s, open: false }))} />
    </PageContainer>
  );
}
