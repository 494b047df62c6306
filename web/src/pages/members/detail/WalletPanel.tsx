import { useState } from 'react';
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { GiftOutlined, ReloadOutlined, RollbackOutlined, SwapOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import type { Member } from '../../../app/members';
import { formatFen } from '../../../app/money';
import { formatNumber } from '../../../app/format';
import { formatDay, useWallet, type AnnualFee, type UsesItem } from './wallet';
import { StatementTable } from './StatementTable';
import { PointsAdjustDialog } from './PointsAdjustDialog';
import { TransferDialog } from './TransferDialog';
import { CardRefundDialog } from './CardRefundDialog';
import { AnnualFeeDialog } from './AnnualFeeDialog';

type Dialog = { kind: 'points' } | { kind: 'transfer' } | { kind: 'refund' } | { kind: 'fee'; action: 'pay' | 'waive'; fee: AnnualFee } | null;

/** Cards that can still be cancelled with a refund (a replaced or cancelled card is dead). */
const REFUNDABLE = new Set(['active', 'lost', 'frozen', 'expired']);

/** 储值与积分: balances, count uses, annual fees, the statement, and the operations on them. */
export function WalletPanel({ member }: { member: Member }) {
  const { t } = useTranslation(['members.detail', 'common']);
  const { can } = useAuth();
  const wallet = useWallet(member.id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const active = member.status === 'active';
  const w = wallet.data;

  const soonest = w?.pointsExpiring[0];
  const canFees = can('wallet.annual_fee');

  const usesColumns: TableColumnsType<UsesItem> = [
    { title: t('wallet.uses.item'), dataIndex: 'label', key: 'label' },
    { title: t('wallet.uses.balance'), dataIndex: 'balance', key: 'balance', width: 120, align: 'right', render: (n: number) => formatNumber(n) },
    {
      title: t('wallet.uses.lots'),
      key: 'lots',
      render: (_, r) =>
        r.lots.length ? (
          <Space size={[4, 4]} wrap>
            {r.lots.map((l, i) => (
              <Tag key={i}>{t('wallet.uses.lot', { n: formatNumber(l.remaining), until: l.expiresAt ? formatDay(l.expiresAt) : t('wallet.noExpiry') })}</Tag>
            ))}
          </Space>
        ) : (
          '—'
        ),
    },
  ];

  const feeColumns: TableColumnsType<AnnualFee> = [
    { title: t('wallet.fees.dueOn'), dataIndex: 'dueOn', key: 'dueOn', width: 130, render: (v: string) => formatDay(v) },
    { title: t('wallet.fees.amount'), dataIndex: 'amountFen', key: 'amountFen', width: 130, align: 'right', render: (v: number) => formatFen(v) },
    {
      title: t('wallet.fees.status'),
      dataIndex: 'status',
      key: 'status',
      width: 110,
      render: (s: AnnualFee['status']) => <Tag color={s === 'due' ? 'warning' : s === 'paid' ? 'success' : 'default'}>{t(`wallet.fees.statuses.${s}`)}</Tag>,
    },
    { title: t('wallet.fees.paidVia'), dataIndex: 'paidVia', key: 'paidVia', render: (v: string | null) => (v ? t(`wallet.payVia.${v}`, { defaultValue: v }) : '—') },
    ...(canFees && active
      ? [
          {
            title: t('common:table.actions'),
            key: 'actions',
            width: 170,
            render: (_: unknown, r: AnnualFee) =>
              r.status === 'due' ? (
                <Space size={4}>
                  <Button size="small" type="link" data-testid={`annual-fee-pay-${r.id}`} onClick={() => setDialog({ kind: 'fee', action: 'pay', fee: r })}>
                    {t('wallet.fees.pay')}
                  </Button>
                  <Button size="small" type="link" data-testid={`annual-fee-waive-${r.id}`} onClick={() => setDialog({ kind: 'fee', action: 'waive', fee: r })}>
                    {t('wallet.fees.waive')}
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  const actions = active ? (
    <Space wrap size={4}>
      {can('points.adjust') ? (
        <Button size="small" icon={<GiftOutlined />} data-testid="wallet-points-adjust" onClick={() => setDialog({ kind: 'points' })}>
          {t('wallet.actions.pointsAdjust')}
        </Button>
      ) : null}
      {can('wallet.transfer') ? (
        <Button size="small" icon={<SwapOutlined />} data-testid="wallet-transfer" onClick={() => setDialog({ kind: 'transfer' })}>
          {t('wallet.actions.transfer')}
        </Button>
      ) : null}
      {can('wallet.card_refund') && member.card && REFUNDABLE.has(member.card.status) ? (
        <Button size="small" danger icon={<RollbackOutlined />} data-testid="wallet-card-refund" onClick={() => setDialog({ kind: 'refund' })}>
          {t('wallet.actions.cardRefund')}
        </Button>
      ) : null}
      <Button size="small" icon={<ReloadOutlined />} aria-label={t('common:actions.refresh')} onClick={() => void wallet.refetch()} />
    </Space>
  ) : null;

  let body;
  if (wallet.isPending) body = <Skeleton active />;
  else if (wallet.isError || !w)
    body = <Alert type="error" showIcon title={isApiError(wallet.error) ? wallet.error.message : t('wallet.loadFailed')} />;
  else
    body = (
      <Row gutter={[16, 16]}>
        <Col xs={12} md={8} xl={4}>
          <Statistic title={t('wallet.principal')} value={formatFen(w.principalFen)} valueRender={(n) => <span data-testid="wallet-principal">{n}</span>} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Statistic title={t('wallet.bonus')} value={formatFen(w.bonusFen)} valueRender={(n) => <span data-testid="wallet-bonus">{n}</span>} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Statistic
            title={t('wallet.storedValue')}
            value={formatFen(w.storedValueFen)}
            valueRender={(n) => <span data-testid="wallet-stored-value">{n}</span>}
            styles={{ content: { fontWeight: 600 } }}
          />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Statistic title={t('wallet.points')} value={formatNumber(w.points)} valueRender={(n) => <span data-testid="wallet-points">{n}</span>} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="wallet-points-expiry">
            {soonest ? t('wallet.pointsExpiring', { points: formatNumber(soonest.points), date: formatDay(soonest.expiresAt) }) : t('wallet.pointsNoExpiry')}
          </Typography.Text>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Statistic
            title={t('wallet.pendingInstallments')}
            value={formatFen(w.pendingInstallmentsFen)}
            valueRender={(n) => <span data-testid="wallet-pending-installments">{n}</span>}
          />
        </Col>
      </Row>
    );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title={t('wallet.title')} extra={actions}>
        {body}
      </Card>
      {w && w.uses.length > 0 ? (
        <Card size="small" title={t('wallet.uses.title')}>
          <Table<UsesItem> rowKey="itemId" size="small" columns={usesColumns} dataSource={w.uses} pagination={false} />
        </Card>
      ) : null}
      {w ? (
        <Card size="small" title={t('wallet.fees.title')}>
          {w.annualFees.length ? (
            <Table<AnnualFee> rowKey="id" size="small" columns={feeColumns} dataSource={w.annualFees} pagination={false} data-testid="wallet-annual-fees" />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('wallet.fees.none')} />
          )}
        </Card>
      ) : null}
      <StatementTable member={member} uses={w?.uses ?? []} />

      <PointsAdjustDialog open={dialog?.kind === 'points'} member={member} points={w?.points ?? 0} onClose={() => setDialog(null)} />
      <TransferDialog open={dialog?.kind === 'transfer'} member={member} onClose={() => setDialog(null)} />
      <CardRefundDialog open={dialog?.kind === 'refund'} member={member} onClose={() => setDialog(null)} />
      <AnnualFeeDialog
        open={dialog?.kind === 'fee'}
        member={member}
        action={dialog?.kind === 'fee' ? dialog.action : 'pay'}
        fee={dialog?.kind === 'fee' ? dialog.fee : null}
        storedValueFen={w?.storedValueFen ?? 0}
        onClose={() => setDialog(null)}
      />
    </Space>
  );
}
