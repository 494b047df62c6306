import { useEffect, useState } from 'react';
import { Alert, Button, Empty, Flex, Input, InputNumber, Modal, Space, Table, Typography } from 'antd';
import { DeleteOutlined, ScanOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api';
import { formatNumber } from '../../../app/format';
import { useDialogSubmit } from '../../../app/useDialogSubmit';
import { ReceiptRow } from '../../../app/components/Receipt';
import type { PaperWidth } from './Receipt';
import type { Order, Product } from './checkout';
import { MemberSlip, MemberSlipModal, type SlipDialogProps, type SlipMember } from './MemberSlip';
import { findScanned } from './productScan';

export interface PointsLine {
  productId: string;
  name: string;
  pointsPrice: number;
  quantity: number;
}

/** The products that can be bought with points: a 积分价 and not archived. */
export function hasPointsPrice(p: { pointsPrice?: number | null; status?: string }): p is { pointsPrice: number } {
  return typeof p.pointsPrice === 'number' && p.pointsPrice > 0 && p.status !== 'archived';
}

/**
 * 积分购买: the cart's lines that have a points price (more can be scanned or searched here),
 * points per unit × quantity, the total against the member's balance. Enter in a quantity confirms.
 */
export function PointsModal({
  open,
  memberName,
  balance,
  initial,
  onConfirm,
  onClose,
}: {
  open: boolean;
  memberName: string;
  /** the member's points now (null: not known) */
  balance: number | null;
  /** the cart's lines that have a points price */
  initial: PointsLine[];
  onConfirm: (lines: { productId: string; quantity: number }[]) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation(['checkout.till', 'common']);
  const [rows, setRows] = useState<PointsLine[]>([]);
  const [scanText, setScanText] = useState('');
  const [scanBusy, setScanBusy] = useState(false);
  const [scanError, setScanError] = useState<string | null>(null);
  const [found, setFound] = useState<Product[]>([]);
  const { busy, error, setError, run, reset } = useDialogSubmit();
  useEffect(() => {
    if (!open) return;
    setRows(initial);
    setScanText('');
    setScanError(null);
    setFound([]);
    reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const chosen = rows.filter((r) => r.quantity > 0);
  const total = chosen.reduce((s, r) => s + r.pointsPrice * r.quantity, 0);
  const short = balance !== null && total > balance;

  const add = (p: Product) => {
    if (!hasPointsPrice(p)) {
      setScanError(t('pointsSale.notForPoints', { name: p.name }));
      return;
    }
    setScanError(null);
    setFound([]);
    setScanText('');
    setError(null);
    setRows((rs) => (rs.some((r) => r.productId === p.id) ? rs.map((r) => (r.productId === p.id ? { ...r, quantity: Math.min(9999, r.quantity + 1) } : r)) : [...rs, { productId: p.id, name: p.name, pointsPrice: p.pointsPrice, quantity: 1 }]));
  };

  /** Enter in the scan box: the barcode (or code), else the products by name that have a points price. */
  const scan = async (raw: string) => {
    const code = raw.trim();
    if (!code || scanBusy) return;
    setScanBusy(true);
    setScanError(null);
    setFound([]);
    try {
      const found = await findScanned(code);
      if ('product' in found) {
        add(found.product);
        return;
      }
      const items = found.byName.filter(hasPointsPrice);
      if (items.length === 1) add(items[0]!);
      else if (items.length > 1) setFound(items);
      else setScanError(t('pointsSale.notFound', { code }));
    } catch (e) {
      setScanError(isApiError(e) ? e.message : String(e));
    } finally {
      setScanBusy(false);
    }
  };

  // a refusal shows in the dialog: CHECKOUT_NOT_FOR_POINTS names the product, WALLET_INSUFFICIENT_POINTS the shortfall
  const submit = async () => {
    if (busy) return;
    if (chosen.length === 0) setError(t('pointsSale.nothing'));
    else await run(() => onConfirm(chosen.map((r) => ({ productId: r.productId, quantity: r.quantity }))));
  };

  return (
    <Modal
      open={open}
      title={t('pointsSale.title', { name: memberName })}
      onCancel={onClose}
      destroyOnHidden
      width={680}
      okText={t('pointsSale.ok', { points: formatNumber(total) })}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ loading: busy, disabled: chosen.length === 0 || short, ...{ 'data-testid': 'till-points-ok' } }}
      onOk={() => void submit()}
      data-testid="till-points-modal"
    >
      <Typography.Text type="secondary">{t('pointsSale.hint')}</Typography.Text>
      <Input
        style={{ marginTop: 8 }}
        data-testid="till-points-scan"
        aria-label={t('pointsSale.scan')}
        placeholder={t('pointsSale.scan')}
        prefix={<ScanOutlined />}
        autoFocus={initial.length === 0}
        autoComplete="off"
        maxLength={100}
        value={scanText}
        readOnly={scanBusy}
        status={scanError ? 'error' : undefined}
        onChange={(e) => {
          setScanText(e.target.value);
          if (scanError) setScanError(null);
        }}
        onPressEnter={(e) => {
          e.preventDefault();
          e.stopPropagation();
          void scan(scanText);
        }}
      />
      {scanError ? (
        <Typography.Text type="danger" style={{ display: 'block', marginTop: 4 }} data-testid="till-points-scan-error">
          {scanError}
        </Typography.Text>
      ) : null}
      {found.length > 0 ? (
        <Space wrap size={6} style={{ marginTop: 6 }} data-testid="till-points-found">
          {found.map((p, i) => (
            <Button key={p.id} size="small" onClick={() => add(p)} data-testid={`till-points-found-${i}`}>
              {p.name} · {t('pointsSale.perUnit', { points: formatNumber(p.pointsPrice ?? 0) })}
            </Button>
          ))}
        </Space>
      ) : null}
      <Table<PointsLine>
        size="small"
        rowKey="productId"
        style={{ marginTop: 8 }}
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pointsSale.none')} /> }}
        columns={[
          { title: t('pointsSale.item'), dataIndex: 'name', ellipsis: true },
          { title: t('pointsSale.price'), dataIndex: 'pointsPrice', width: 100, align: 'right', render: (v: number, _r, i) => <span data-testid={`till-points-price-${i}`}>{formatNumber(v)}</span> },
          {
            title: t('pointsSale.qty'),
            key: 'qty',
            width: 100,
            render: (_, r, i) => (
              <InputNumber
                size="small"
                min={0}
                max={9999}
                precision={0}
                autoFocus={i === 0}
                value={r.quantity}
                aria-label={t('pointsSale.qty')}
                data-testid={`till-points-qty-${i}`}
                onChange={(v) => setRows((rs) => rs.map((x) => (x.productId === r.productId ? { ...x, quantity: typeof v === 'number' ? v : 0 } : x)))}
                onPressEnter={(e) => {
                  e.preventDefault();
                  e.stopPropagation();
                  void submit();
                }}
              />
            ),
          },
          { title: t('pointsSale.subtotal'), key: 'sub', width: 110, align: 'right', render: (_, r, i) => <span data-testid={`till-points-sub-${i}`}>{formatNumber(r.pointsPrice * r.quantity)}</span> },
          {
            key: 'remove',
            width: 40,
            render: (_, r) => <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('pointsSale.remove')} onClick={() => setRows((rs) => rs.filter((x) => x.productId !== r.productId))} />,
          },
        ]}
      />
      <Flex justify="space-between" align="baseline" style={{ marginTop: 8 }}>
        <Typography.Text>
          {t('pointsSale.balance')}{' '}
          <Typography.Text strong data-testid="till-points-balance">
            {balance !== null ? formatNumber(balance) : '—'}
          </Typography.Text>
        </Typography.Text>
        <Typography.Text>
          {t('pointsSale.total')}{' '}
          <Typography.Text strong style={{ fontSize: 18 }} type={short ? 'danger' : undefined} data-testid="till-points-total">
            {formatNumber(total)}
          </Typography.Text>
        </Typography.Text>
      </Flex>
      {short ? <Alert type="warning" showIcon title={t('pointsSale.short', { points: formatNumber(total - (balance ?? 0)) })} style={{ marginTop: 8 }} data-testid="till-points-short" /> : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} data-testid="till-points-error" /> : null}
    </Modal>
  );
}

/** The small printable slip of a 积分购买: points per line, the total and the balance after. */
export function PointsSlip({ order, width, storeName, merchantName, member }: { order: Order; width: PaperWidth; storeName: string; merchantName: string; member: SlipMember }) {
  const { t } = useTranslation(['checkout.till', 'common']);
  const points = order.payments.filter((p) => p.method === 'points').reduce((s, p) => s + p.points, 0);
  return (
    <MemberSlip kind="points" title={t('pointsSale.slipTitle', { store: storeName })} order={order} member={member} width={width} merchantName={merchantName}>
      {order.lines.map((l, i) => (
        <div key={i} className="receipt-line">
          <div className="receipt-line-name">{l.name}</div>
          <div className="receipt-row receipt-indent">
            <span>× {formatNumber(l.quantity)}</span>
          </div>
        </div>
      ))}
      <div className="receipt-rule" />
      <ReceiptRow strong label={t('pointsSale.slipPaid')} value={formatNumber(points)} testId="points-slip-points" />
      {order.balances ? <ReceiptRow label={t('pointsSale.slipLeft')} value={formatNumber(order.balances.points)} testId="points-slip-left" /> : null}
    </MemberSlip>
  );
}

/** The slip in a dialog, with print and the paper width. */
export function PointsSlipModal({ slip, ...dialog }: SlipDialogProps & { slip: { order: Order; member: SlipMember } | null }) {
  const { t } = useTranslation(['checkout.till', 'common']);
  return (
    <MemberSlipModal kind="points" title={t('pointsSale.doneTitle')} open={!!slip} autoFocusClose {...dialog}>
      {slip ? <PointsSlip order={slip.order} width={dialog.paper} member={slip.member} storeName={dialog.storeName} merchantName={dialog.merchantName} /> : null}
    </MemberSlipModal>
  );
}
