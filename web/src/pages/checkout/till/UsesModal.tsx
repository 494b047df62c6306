import { useEffect, useState } from 'react';
import { Alert, Button, Empty, Flex, InputNumber, Modal, Segmented, Table, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api';
import { formatDateTime, formatNumber } from '../../../app/format';
import type { Order, UsesItem } from './checkout';
import type { PaperWidth } from './Receipt';
import './receipt.css';

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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const available = uses.filter((u) => u.balance > 0);
  useEffect(() => {
    if (!open) return;
    // one use of the only item is the usual case
    setCounts(available.length === 1 ? { [available[0]!.itemId]: 1 } : {});
    setError(null);
    setBusy(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const chosen = available.filter((u) => (counts[u.itemId] ?? 0) > 0).map((u) => ({ serviceProductId: u.itemId, uses: counts[u.itemId]! }));
  const submit = async () => {
    if (busy) return;
    if (chosen.length === 0) {
      setError(t('uses.nothing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onConfirm(chosen);
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
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
  member: { name: string; cardNo: string | null };
  /** uses left per service item after this consumption */
  left: Record<string, number>;
}) {
  const { t } = useTranslation(['checkout.till', 'common']);
  return (
    <div className={`sale-receipt sale-receipt-${width}`} data-testid="till-uses-slip">
      <style>{`@media print { @page { size: ${width}mm auto; margin: 2mm; } }`}</style>
      <h3>{merchantName}</h3>
      <div className="receipt-sub">{t('uses.slipTitle', { store: storeName })}</div>
      <div className="receipt-row">
        <span>{t('receipt.docNo')}</span>
        <span data-testid="uses-slip-doc-no">{order.docNo}</span>
      </div>
      <div className="receipt-row">
        <span>{t('receipt.time')}</span>
        <span>{formatDateTime(order.createdAt)}</span>
      </div>
      <div className="receipt-row">
        <span>{t('receipt.cashier')}</span>
        <span>{order.staffName}</span>
      </div>
      <div className="receipt-row">
        <span>{t('receipt.member')}</span>
        <span>{member.name}</span>
      </div>
      {member.cardNo ? (
        <div className="receipt-row">
          <span>{t('receipt.cardNo')}</span>
          <span>{member.cardNo}</span>
        </div>
      ) : null}
      <div className="receipt-rule" />
      {order.lines.map((l, i) => (
        <div key={i} className="receipt-line">
          <div className="receipt-line-name">{l.name}</div>
          <div className="receipt-row receipt-indent">
            <span>{t('uses.slipUsed')}</span>
            <span data-testid={`uses-slip-used-${i}`}>{formatNumber(l.quantity)}</span>
          </div>
          {l.productId && left[l.productId] !== undefined ? (
            <div className="receipt-row receipt-indent">
              <span>{t('uses.slipLeft')}</span>
              <span data-testid={`uses-slip-left-${i}`}>{formatNumber(left[l.productId])}</span>
            </div>
          ) : null}
        </div>
      ))}
      <div className="receipt-rule" />
      <div className="receipt-foot">{t('uses.slipSign')}</div>
    </div>
  );
}

/** The slip in a dialog, with print and the paper width. */
export function UsesSlipModal({
  slip,
  paper,
  onPaper,
  onClose,
  ...rest
}: {
  slip: { order: Order; member: { name: string; cardNo: string | null }; left: Record<string, number> } | null;
  paper: PaperWidth;
  onPaper: (w: PaperWidth) => void;
  storeName: string;
  merchantName: string;
  onClose: () => void;
}) {
  const { t } = useTranslation(['checkout.till', 'common']);
  return (
    <Modal
      open={!!slip}
      title={t('uses.doneTitle')}
      onCancel={onClose}
      destroyOnHidden
      width={480}
      footer={
        <Flex className="no-print" justify="space-between" align="center">
          <Segmented<PaperWidth>
            value={paper}
            onChange={onPaper}
            options={[
              { value: 58, label: '58 mm' },
              { value: 80, label: '80 mm' },
            ]}
          />
          <Flex gap={8}>
            <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="till-uses-print">
              {t('print')}
            </Button>
            <Button type="primary" onClick={onClose} data-testid="till-uses-close">
              {t('uses.close')}
            </Button>
          </Flex>
        </Flex>
      }
      data-testid="till-uses-done"
    >
      {slip ? <UsesSlip order={slip.order} width={paper} member={slip.member} left={slip.left} storeName={rest.storeName} merchantName={rest.merchantName} /> : null}
    </Modal>
  );
}
