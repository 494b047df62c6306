import { useState } from 'react';
import { Button, Empty, Flex, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { SendOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../app/auth';
import { formatDateTime } from '../../../app/format';
import { formatFen } from '../../../app/money';
import type { Member } from '../../../app/members';
import { usePagination, useServerTable } from '../../../app/table';
import { COUPONS_KEY, KIND_COLORS, NS as COUPONS_NS, couponDays, valueText, type Coupon, type CouponChannel, type CouponStatus } from '../../marketing/coupons';
import { CouponStatusTag, VoidCouponDialog } from '../../marketing/CouponParts';
import { IssueDialog } from '../../marketing/IssueDialog';

type Filters = { memberId: string; status?: CouponStatus };
const STATUS_CHOICES = ['available', 'used', 'expired', 'all'] as const;

/** 优惠券: the member's coupons by status, and 发券 to this member. */
export function CouponsPanel({ member }: { member: Member }) {
  const { t } = useTranslation(['members.detail', COUPONS_NS, 'common']);
  const { can } = useAuth();
  const canIssue = can('coupons.issue');
  const table = useServerTable<Coupon, Filters>(COUPONS_KEY, { memberId: member.id, status: 'available' }, { pageSize: 10 });
  const pagination = usePagination(table.query.data?.total, table.state.page, table.state.pageSize);
  const [issuing, setIssuing] = useState(false);
  const [voiding, setVoiding] = useState<Coupon | null>(null);
  const status = table.state.filters.status ?? 'all';

  const columns: TableColumnsType<Coupon> = [
    {
      title: t(`${COUPONS_NS}:code`),
      dataIndex: 'code',
      key: 'code',
      width: 150,
      render: (code: string) => (
        <Typography.Text code copyable>
          {code}
        </Typography.Text>
      ),
    },
    { title: t(`${COUPONS_NS}:template`), dataIndex: 'templateName', key: 'templateName', width: 160, ellipsis: true },
    {
      title: t(`${COUPONS_NS}:value`),
      key: 'value',
      width: 200,
      render: (_, c) => (
        <Space size={4}>
          <Tag color={KIND_COLORS[c.kind]}>{t(`${COUPONS_NS}:kinds.${c.kind}`)}</Tag>
          <span>{valueText(t, c)}</span>
        </Space>
      ),
    },
    { title: t(`${COUPONS_NS}:validity`), key: 'validity', width: 200, render: (_, c) => couponDays(c) },
    { title: t(`${COUPONS_NS}:status`), dataIndex: 'status', key: 'status', width: 90, render: (s: CouponStatus) => <CouponStatusTag status={s} /> },
    { title: t(`${COUPONS_NS}:channel`), dataIndex: 'channel', key: 'channel', width: 100, render: (ch: CouponChannel) => t(`${COUPONS_NS}:channels.${ch}`) },
    { title: t(`${COUPONS_NS}:issuedAt`), dataIndex: 'issuedAt', key: 'issuedAt', width: 165, render: (v: string) => formatDateTime(v) },
    {
      title: t(`${COUPONS_NS}:usedAt`),
      key: 'usedAt',
      width: 200,
      render: (_, c) => (c.usedAt ? `${formatDateTime(c.usedAt)}${c.discountFen !== null ? ` · −${formatFen(c.discountFen)}` : ''}` : '—'),
    },
    ...(canIssue
      ? [
          {
            title: t('common:table.actions'),
            key: 'actions',
            width: 90,
            fixed: 'right' as const,
            render: (_: unknown, c: Coupon) =>
              c.status === 'available' ? (
                <Button type="link" size="small" danger icon={<StopOutlined />} onClick={() => setVoiding(c)} data-testid={`member-coupon-void-${c.code}`}>
                  {t(`${COUPONS_NS}:void`)}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <div data-testid="member-coupons">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Segmented
          aria-label={t('coupons.status')}
          value={status}
          onChange={(v) => table.setFilters({ status: v === 'all' ? undefined : (v as CouponStatus) })}
          options={STATUS_CHOICES.map((s) => ({ value: s, label: s === 'all' ? t('coupons.all') : t(`${COUPONS_NS}:statuses.${s}`) }))}
          data-testid="member-coupons-status"
        />
        {canIssue && member.status === 'active' ? (
          <Button type="primary" icon={<SendOutlined />} onClick={() => setIssuing(true)} data-testid="member-coupon-issue">
            {t('coupons.issue')}
          </Button>
        ) : null}
      </Flex>
      <Table<Coupon>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={table.query.data?.items ?? []}
        loading={table.query.isFetching}
        pagination={pagination}
        onChange={table.onChange}
        scroll={{ x: 1200 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coupons.empty')} /> }}
      />
      <IssueDialog open={issuing} member={{ id: member.id, name: member.name }} onClose={() => setIssuing(false)} />
      <VoidCouponDialog coupon={voiding} onClose={() => setVoiding(null)} />
    </div>
  );
}
