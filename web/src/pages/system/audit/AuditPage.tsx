import { useMemo, useState } from 'react';
import { Button, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { fetchAllPages } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { byId, useAllStores } from '../../../app/lookups';
import { PageContainer } from '../../../app/components/PageContainer';
import { ExportCsvButton, usePagination, useServerTable } from '../../../app/table';
import { formatDateTime } from '../../../app/format';
import { AuditDiff } from './AuditDiff';

interface AuditItem {
  id: string;
  at: string;
  staffId: string | null;
  staffName: string;
  action: string;
  entityType: string;
  entityId: string;
  storeId: string | null;
  tillId: string | null;
  ip: string;
  summary: { before?: unknown; after?: unknown };
}
type Filters = {
  action?: string;
  entityType?: string;
  entityId?: string;
  staffId?: string;
  storeId?: string;
  from?: string;
  to?: string;
  q?: string;
};

function actionColor(action: string): string {
  if (/delete|remove|void|disable/i.test(action)) return 'red';
  if (/create|add|open/i.test(action)) return 'green';
  if (/login|logout|auth/i.test(action)) return 'blue';
  return 'geekblue';
}

export default function AuditPage() {
  const { t } = useTranslation(['system.audit', 'common']);
  const { can } = useAuth();
  const { stores } = useAllStores();
  const storeMap = useMemo(() => byId(stores), [stores]);
  const staff = useQuery({
    queryKey: ['/staff', 'all-for-filter'],
    queryFn: () => fetchAllPages<{ id: string; name: string; username: string }>('/staff', {}, 1000, 500).then((r) => r.items),
    enabled: can('staff.view'),
    staleTime: 60_000,
  });
  const table = useServerTable<AuditItem, Filters>('/audit', {});
  const pagination = usePagination(table.query.data?.total, table.state.page, table.state.pageSize);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [text, setText] = useState({ action: '', entityType: '', entityId: '', q: '' });

  const storeName = (id: string | null) => (id ? (storeMap.get(id)?.name ?? id) : '');

  const apply = () =>
    table.setFilters({
      action: text.action.trim() || undefined,
      entityType: text.entityType.trim() || undefined,
      entityId: text.entityId.trim() || undefined,
      q: text.q.trim() || undefined,
    });

  const columns: TableColumnsType<AuditItem> = [
    { title: t('at'), dataIndex: 'at', key: 'at', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('staff'),
      dataIndex: 'staffName',
      key: 'staffName',
      width: 120,
      render: (v: string, r) => v || (r.staffId ? r.staffId : <Typography.Text type="secondary">{t('system')}</Typography.Text>),
    },
    { title: t('action'), dataIndex: 'action', key: 'action', width: 180, render: (v: string) => <Tag color={actionColor(v)}>{v}</Tag> },
    { title: t('entityType'), dataIndex: 'entityType', key: 'entityType', width: 120 },
    {
      title: t('entityId'),
      dataIndex: 'entityId',
      key: 'entityId',
      width: 200,
      ellipsis: true,
      render: (v: string) => <Typography.Text copyable={{ text: v }} style={{ fontFamily: 'monospace', fontSize: 12 }}>{v}</Typography.Text>,
    },
    { title: t('store'), dataIndex: 'storeId', key: 'storeId', width: 140, render: (v: string | null) => storeName(v) || '—' },
    { title: t('ip'), dataIndex: 'ip', key: 'ip', width: 130 },
  ];

  const setTextField = (k: keyof typeof text) => (e: React.ChangeEvent<HTMLInputElement>) => setText((s) => ({ ...s, [k]: e.target.value }));

  return (
    <PageContainer
      title={t('title')}
      subTitle={t('subtitle')}
      extra={
        <ExportCsvButton<AuditItem>
          path="/audit"
          query={table.params}
          filename={t('exportName')}
          columns={[
            { title: t('at'), value: (r) => formatDateTime(r.at) },
            { title: t('staff'), value: (r) => r.staffName },
            { title: t('action'), value: (r) => r.action },
            { title: t('entityType'), value: (r) => r.entityType },
            { title: t('entityId'), value: (r) => r.entityId },
            { title: t('store'), value: (r) => storeName(r.storeId) },
            { title: t('till'), value: (r) => r.tillId },
            { title: t('ip'), value: (r) => r.ip },
            { title: t('before'), value: (r) => (r.summary.before === undefined ? '' : JSON.stringify(r.summary.before)) },
            { title: t('after'), value: (r) => (r.summary.after === undefined ? '' : JSON.stringify(r.summary.after)) },
          ]}
        />
      }
    >
      <Space className="table-toolbar" wrap>
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          aria-label={t('timeRange')}
          value={range}
          onChange={(v) => {
            setRange(v);
            table.setFilters({ from: v?.[0]?.toISOString() ?? undefined, to: v?.[1]?.toISOString() ?? undefined });
          }}
        />
        <Select
          allowClear
          aria-label={t('staff')}
          placeholder={t('allStaff')}
          style={{ width: 150 }}
          showSearch={{ optionFilterProp: 'label' }}
          value={table.state.filters.staffId}
          onChange={(v) => table.setFilters({ staffId: v })}
          options={(staff.data ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.username})` }))}
        />
        <Select
          allowClear
          aria-label={t('store')}
          placeholder={t('allStores')}
          style={{ width: 160 }}
          showSearch={{ optionFilterProp: 'label' }}
          value={table.state.filters.storeId}
          onChange={(v) => table.setFilters({ storeId: v })}
          options={stores.map((s) => ({ value: s.id, label: s.name }))}
        />
        <Input allowClear placeholder={t('action')} aria-label={t('action')} value={text.action} onChange={setTextField('action')} onPressEnter={apply} style={{ width: 150 }} />
        <Input allowClear placeholder={t('entityType')} aria-label={t('entityType')} value={text.entityType} onChange={setTextField('entityType')} onPressEnter={apply} style={{ width: 130 }} />
        <Input allowClear placeholder={t('entityId')} aria-label={t('entityId')} value={text.entityId} onChange={setTextField('entityId')} onPressEnter={apply} style={{ width: 150 }} />
        <Input allowClear placeholder={t('search')} aria-label={t('search')} value={text.q} onChange={setTextField('q')} onPressEnter={apply} style={{ width: 180 }} />
        <Button type="primary" onClick={apply}>
          {t('common:actions.search')}
        </Button>
        <Button
          onClick={() => {
            setRange(null);
            setText({ action: '', entityType: '', entityId: '', q: '' });
            table.resetFilters();
          }}
        >
          {t('common:actions.reset')}
        </Button>
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void table.query.refetch()} />
      </Space>
      <Table<AuditItem>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={table.query.data?.items ?? []}
        loading={table.query.isFetching}
        pagination={pagination}
        onChange={table.onChange}
        scroll={{ x: 1100 }}
        expandable={{
          expandedRowRender: (r) => <AuditDiff before={r.summary.before} after={r.summary.after} />,
          rowExpandable: (r) => r.summary.before !== undefined || r.summary.after !== undefined,
        }}
      />
    </PageContainer>
  );
}
