import { useEffect, useState } from 'react';
import { Alert, Empty, InputNumber, Modal, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../../app/format';
import { useDialogSubmit } from '../../../app/useDialogSubmit';
import { ReceiptRow } from '../../../app/components/Receipt';
import type { PaperWidth } from './Receipt';
import type { Order, UsesItem } from './checkout';
import { MemberSlip, MemberSlipModal, type SlipDialogProps, type SlipMember } from './MemberSlip';

/** The soonest expiry of the lots that still have uses (null: never expires or unknown). */
export function soonestExpiry(u: UsesItem): string | null {
  const dates = (u.lots ?? []).filter((l) => l.remaining > 0 && l.expiresAt).map((l) => l.expiresAt!);
  dates.sort();
  return dates[0] ?? null;
}

/**
 * 计次消费: the member's service items with their balances and soonest expiry; the cashier
 * chooses how many uses of each (↑/↓ in a field, Enter confirms). Soonest-expiring lots go first.
 */
export function UsesModal({
  open,
  memberName,
  uses,
  onConfirm,
  onClose,
}: {
  open: boolean;
  memberName: string;
  uses: UsesItem[];
  onConfirm: (items: { serviceProductId: string; uses: number }[]) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation(['checkout.till', 'common']);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const { busy, error, setError, run, reset } = useDialogSubmit();
  const available = uses.filter((u) => u.balance > 0);
  useEffect(() => {
    if (!open) return;
    // one use of the only item is the usual case
    setCounts(available.length === 1 ? { [available[0]!.itemId]: 1 } : {});
    reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const chosen = available.filter((u) => (counts[u.itemId] ?? 0) > 0).map((u) => ({ serviceProductId: u.itemId, uses: counts[u.itemId]! }));
  const submit = async () => {
    if (busy) return;
    if (chosen.length === 0) setError(t('uses.nothing'));
    else await run(() => onConfirm(chosen));
  };
  return (
    <Modal
      open={open}
      title={t('uses.title', { name: memberName })}
      onCancel={onClose}
      destroyOnHidden
      width={640}
      okText={t('uses.ok', { count: chosen.reduce((s, c) => s + c.uses, 0) })}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ loading: busy, disabled: chosen.length === 0, ...{ 'data-testid': 'till-uses-ok' } }}
      onOk={() => void submit()}
      data-testid="till-uses-modal"
    >
      <Typography.Text type="secondary">{t('uses.hint')}</Typography.Text>
      <Table<UsesItem>
        size="small"
        rowKey="itemId"
        style={{ marginTop: 8 }}
        pagination={false}
        dataSource={available}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('uses.none')} /> }}
        columns={[
          { title: t('uses.item'), dataIndex: 'label', ellipsis: true },
          { title: t('uses.balance'), dataIndex: 'balance', width: 90, align: 'right', render: (v: number, _r, i) => <span data-testid={`till-uses-balance-${i}`}>{formatNumber(v)}</span> },
          {
            title: t('uses.expires'),
            key: 'expires',
            width: 170,
            render: (_, u) => {
              const d = soonestExpiry(u);
              return d ? formatDateTime(d).slice(0, 16) : t('uses.noExpiry');
            },
          },
          {
            title: t('uses.use'),
            key: 'use',
            width: 110,
            render: (_, u, i) => (
              <InputNumber
                size="small"
                min={0}
                max={u.balance}
                precision={0}
                autoFocus={i === 0}
                value={counts[u.itemId] ?? 0}
                aria-label={t('uses.use')}
                data-testid={`till-uses-count-${i}`}
                onChange={(v) => setCounts((c) => ({ ...c, [u.itemId]: typeof v === 'number' ? v : 0 }))}
                onPressEnter={(e) => {
                  e.preventDefault();
                  e.stopPropagation();
                  void submit();
                }}
              />
            ),
          },
        ]}
      />
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} data-testid="till-uses-error" /> : null}
    </Modal>
  );
}

/** The small printable slip of a 计次消费, with what is left of each item used. */
export function UsesSlip({
  order,
  width,
  storeName,
  merchantName,
  member,
  left,
}: {
  order: Order;
  width: PaperWidth;
  storeName: string;
  merchantName: string;
  member: SlipMember;
  /** uses left per service item after this consumption */
  left: Record<string, number>;
}) {
  const { t } = useTranslation(['checkout.till', 'common']);
  return (
    <MemberSlip kind="uses" title={t('uses.slipTitle', { store: storeName })} order={order} member={member} width={width} merchantName={merchantName}>
      {order.lines.map((l, i) => (
        <div key={i} className="receipt-line">
          <div className="receipt-line-name">{l.name}</div>
          <ReceiptRow indent label={t('uses.slipUsed')} value={formatNumber(l.quantity)} testId={`uses-slip-used-${i}`} />
          {l.productId && left[l.productId] !== undefined ? <ReceiptRow indent label={t('uses.slipLeft')} value={formatNumber(left[l.productId])} testId={`uses-slip-left-${i}`} /> : null}
        </div>
      ))}
    </MemberSlip>
  );
}

/** The slip in a dialog, with print and the paper width. */
export function UsesSlipModal({ slip, ...dialog }: SlipDialogProps & { slip: { order: Order; member: SlipMember; left: Record<string, number> } | null }) {
  const { t } = useTranslation(['checkout.till', 'common']);
  return (
    <MemberSlipModal kind="uses" title={t('uses.doneTitle')} open={!!slip} {...dialog}>
      {slip ? <UsesSlip order={slip.order} width={dialog.paper} member={slip.member} left={slip.left} storeName={dialog.storeName} merchantName={dialog.merchantName} /> : null}
    </MemberSlipModal>
  );
}
