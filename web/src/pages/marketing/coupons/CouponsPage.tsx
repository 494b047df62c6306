import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../app/auth';
import { formatDateTime } from '../../../app/format';
import { formatFen } from '../../../app/money';
import { PageContainer } from '../../../app/components/PageContainer';
import { ExportCsvButton, TableSearch, usePagination, useServerTable } from '../../../app/table';
import { COUPON_CHANNELS, COUPON_STATUSES, COUPONS_KEY, KIND_COLORS, NS, couponDays, useCouponTemplates, valueText, type Coupon, type CouponChannel, type CouponStatus } from '../coupons';
import { CouponStatusTag, VoidCouponDialog, useCouponCsvColumns } from '../CouponParts';

type Filters = { code?: string; templateId?: string; status?: CouponStatus; channel?: CouponChannel; memberId?: string };

export default function CouponsPage() {
  const { t } = useTranslation([NS, 'common']);
  const { can } = useAuth();
  const canVoid = can('coupons.issue');
  const table = useServerTable<Coupon, Filters>(COUPONS_KEY, {});
  const pagination = usePagination(table.query.data?.total, table.state.page, table.state.pageSize);
  const templates = useCouponTemplates('all');
  const csvColumns = useCouponCsvColumns();
  const [voiding, setVoiding] = useState<Coupon | null>(null);
  const f = table.state.filters;

  const columns: TableColumnsType<Coupon> = [
    {
      title: t('code'),
      dataIndex: 'code',
      key: 'code',
      width: 150,
      fixed: 'left',
      render: (code: string) => (
        <Typography.Text code copyable style={{ fontSize: 13 }}>
          {code}
        </Typography.Text>
      ),
    },
    { title: t('template'), dataIndex: 'templateName', key: 'templateName', width: 170, ellipsis: true },
    {
      title: t('value'),
      key: 'value',
      width: 230,
      render: (_, c) => (
        <Space size={4}>
          <Tag color={KIND_COLORS[c.kind]}>{t(`kinds.${c.kind}`)}</Tag>
          <span>{valueText(t, c)}</span>
        </Space>
      ),
    },
    {
      title: t('member'),
      key: 'member',
      width: 130,
      render: (_, c) => (c.memberId ? <Link to={`/members/${c.memberId}`}>{c.memberName ?? c.memberId}</Link> : <Typography.Text type="secondary">{t('bearer')}</Typography.Text>),
    },
    { title: t('channel'), dataIndex: 'channel', key: 'channel', width: 100, render: (ch: CouponChannel) => t(`channels.${ch}`) },
    { title: t('status'), dataIndex: 'status', key: 'status', width: 90, render: (s: CouponStatus) => <CouponStatusTag status={s} /> },
    { title: t('issuedAt'), dataIndex: 'issuedAt', key: 'issuedAt', width: 165, render: (v: string) => formatDateTime(v) },
    { title: t('validity'), key: 'validity', width: 200, render: (_, c) => couponDays(c) },
    { title: t('usedAt'), dataIndex: 'usedAt', key: 'usedAt', width: 165, render: (v: string | null) => formatDateTime(v) || '—' },
    { title: t('discount'), dataIndex: 'discountFen', key: 'discountFen', width: 110, align: 'right', render: (v: number | null) => (v === null ? '—' : formatFen(v)) },
    {
      title: t('common:table.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, c) =>
        canVoid && c.status === 'available' ? (
          <Button type="link" size="small" danger icon={<StopOutlined />} onClick={() => setVoiding(c)} data-testid={`coupon-void-${c.code}`}>
            {t('void')}
          </Button>
        ) : null,
    },
  ];

  return (
    <PageContainer title={t('title')} subTitle={t('subtitle')}>
      <Space className="table-toolbar" wrap>
        <TableSearch value={f.code} onSearch={(code) => table.setFilters({ code })} placeholder={t('codePlaceholder')} testId="coupons-code" width={220} />
        <Select
          allowClear
          aria-label={t('template')}
          placeholder={t('allTemplates')}
          style={{ width: 200 }}
          showSearch={{ optionFilterProp: 'label' }}
          value={f.templateId}
          onChange={(v?: string) => table.setFilters({ templateId: v })}
          options={(templates.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
          data-testid="coupons-template-filter"
        />
        <Select
          allowClear
          aria-label={t('status')}
          placeholder={t('allStatuses')}
          style={{ width: 130 }}
          value={f.status}
          onChange={(v?: CouponStatus) => table.setFilters({ status: v })}
          options={COUPON_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
          data-testid="coupons-status-filter"
        />
        <Select
          allowClear
          aria-label={t('channel')}
          placeholder={t('allChannels')}
          style={{ width: 140 }}
          value={f.channel}
          onChange={(v?: CouponChannel) => table.setFilters({ channel: v })}
          options={COUPON_CHANNELS.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
          data-testid="coupons-channel-filter"
        />
        <Button onClick={() => table.resetFilters()}>{t('common:actions.reset')}</Button>
        <Button icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void table.query.refetch()} />
        <ExportCsvButton<Coupon> path={COUPONS_KEY} query={table.params} filename={t('exportName')} columns={csvColumns} />
      </Space>
      <Table<Coupon>
        rowKey="id"
        size="middle"
        data-testid="coupons-table"
        columns={columns}
        dataSource={table.query.data?.items ?? []}
        loading={table.query.isFetching}
        pagination={pagination}
        onChange={table.onChange}
        scroll={{ x: 1600 }}
      />
      <VoidCouponDialog coupon={voiding} onClose={() => setVoiding(null)} />
    </PageContainer>
  );
}
