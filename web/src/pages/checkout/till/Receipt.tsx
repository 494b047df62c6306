import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../app/money';
import { formatDateTime, formatLastDay, formatNumber } from '../../../app/format';
import { ScanMarks } from '../../../app/components/ScanMarks';
import { ReceiptPaper, ReceiptRow as Row, type PaperWidth } from '../../../app/components/Receipt';
import type { Order } from './checkout';
import { ruleLabel } from './CartTable';

export type { PaperWidth };

/** The printable sales slip (window.print prints only this; see app/components/receipt.css), 58 or 80 mm wide. */
export function SaleReceipt({
  order,
  width,
  storeName,
  merchantName,
  member,
  reprint,
}: {
  order: Order;
  /** a copy printed later from the sales records */
  reprint?: boolean;
  width: PaperWidth;
  storeName: string;
  merchantName: string;
  member: { name: string; cardNo: string | null; levelName: string | null } | null;
}) {
  const { t } = useTranslation(['checkout.till', 'common']);
  const o = order;
  const b = o.balances;
  const sv = o.payments.find((p) => p.method === 'stored_value');
  const cash = o.payments.find((p) => p.method === 'cash');
  return (
    <div className={`sale-receipt sale-receipt-${width}`} data-testid="till-receipt">
      <ReceiptPaper width={width} />
      <h3>{merchantName}</h3>
      <div className="receipt-sub">{t('receipt.title', { store: storeName })}</div>
      {reprint ? (
        <div className="receipt-sub" data-testid="receipt-reprint">
          {t('receipt.reprint')}
        </div>
      ) : null}
      <Row label={t('receipt.docNo')} value={o.docNo} testId="receipt-doc-no" />
      <Row label={t('receipt.store')} value={storeName} />
      <Row label={t('receipt.time')} value={formatDateTime(o.createdAt)} />
      <Row label={t('receipt.cashier')} value={o.staffName || '—'} />
      {o.authorizedByName ? <Row label={t('receipt.authorizedBy')} value={o.authorizedByName} testId="receipt-authorized-by" /> : null}
      {member ? (
        <Row label={t('receipt.member')} value={`${member.name}${member.levelName ? ` · ${member.levelName}` : ''}`} testId="receipt-member" />
      ) : (
        <Row label={t('receipt.member')} value={t('receipt.walkIn')} testId="receipt-member" />
      )}
      {member?.cardNo ? <Row label={t('receipt.cardNo')} value={member.cardNo} /> : null}
      <div className="receipt-rule" />
      {o.lines.map((l, i) => (
        <div key={i} className="receipt-line" data-testid={`receipt-line-${i}`}>
          <div className="receipt-line-name">{o.kind === 'quick' ? t('quick.lineName') : l.name}</div>
          <Row
            label={`${formatNumber(l.quantity)} × ${formatFen(l.unitPriceFen)}${l.unitPriceFen !== l.listUnitFen ? ` (${t('receipt.was', { price: formatFen(l.listUnitFen) })})` : ''}`}
            value={formatFen(l.amountFen)}
            testId={`receipt-line-amount-${i}`}
          />
          {l.adjustments.map((a, j) => (
            <Row key={j} indent label={`${ruleLabel(t, a)}${a.kind === 'manual' || a.kind === 'order_discount' ? ` · ${a.detail}` : ''}`} value={formatFen(a.amountFen)} />
          ))}
        </div>
      ))}
      <div className="receipt-rule" />
      <Row label={t('totals.subtotal')} value={formatFen(o.subtotalFen)} testId="receipt-subtotal" />
      {o.memberDiscountFen ? <Row label={t('totals.member')} value={formatFen(-o.memberDiscountFen)} /> : null}
      {o.manualDiscountFen ? <Row label={t('totals.manual')} value={formatFen(-o.manualDiscountFen)} testId="receipt-manual" /> : null}
      {o.orderDiscountFen ? <Row label={t('totals.order')} value={formatFen(-o.orderDiscountFen)} /> : null}
      {o.coupons.map((c) => (
        <Row key={c.code} label={`${t('totals.coupon')} · ${c.name}`} value={formatFen(-c.amountFen)} testId={`receipt-coupon-${c.code}`} />
      ))}
      {o.roundingFen ? <Row label={t('totals.rounding')} value={formatFen(-o.roundingFen)} /> : null}
      <Row label={t('totals.total')} value={formatFen(o.totalFen)} testId="receipt-total" strong />
      <div className="receipt-rule" />
      {o.payments.map((p, i) => (
        <Fragment key={i}>
          <Row
            label={p.method === 'points' ? t('receipt.pointsPaid', { points: formatNumber(p.points) }) : t(`methods.${p.method}`)}
            value={formatFen(p.amountFen)}
            testId={`receipt-pay-${p.method}`}
          />
          {p.reference ? <Row indent label={t('receipt.reference')} value={p.reference} /> : null}
        </Fragment>
      ))}
      {sv ? (
        <>
          <Row indent label={t('receipt.svPrincipal')} value={formatFen(sv.principalFen)} testId="receipt-sv-principal" />
          <Row indent label={t('receipt.svBonus')} value={formatFen(sv.bonusFen)} testId="receipt-sv-bonus" />
        </>
      ) : null}
      {cash && cash.receivedFen !== null ? (
        <>
          <Row label={t('receipt.received')} value={formatFen(cash.receivedFen)} testId="receipt-received" />
          <Row label={t('receipt.change')} value={formatFen(cash.changeFen)} testId="receipt-change" strong />
        </>
      ) : null}
      {b ? (
        <>
          <div className="receipt-rule" />
          <Row label={t('receipt.pointsEarned')} value={formatNumber(o.pointsEarned)} testId="receipt-points-earned" />
          <div className="receipt-sub" style={{ textAlign: 'left', marginBottom: 0 }}>
            {t('receipt.balancesAfter')}
          </div>
          <Row label={t('balances.principal')} value={formatFen(b.principalFen)} testId="receipt-balance-principal" />
          <Row label={t('balances.bonus')} value={formatFen(b.bonusFen)} testId="receipt-balance-bonus" />
          <Row label={t('balances.stored')} value={formatFen(b.principalFen + b.bonusFen)} testId="receipt-balance-stored" strong />
          <Row label={t('balances.points')} value={formatNumber(b.points)} testId="receipt-balance-points" />
        </>
      ) : null}
      {o.couponsIssued.length ? (
        <>
          <div className="receipt-rule" />
          <div className="receipt-sub" style={{ textAlign: 'left', marginBottom: 0 }}>
            {t('receipt.couponsIssued')}
          </div>
          {o.couponsIssued.map((c) => (
            <Fragment key={c.code}>
              <Row label={`${c.name} ${c.code}`} value={t('receipt.validUntil', { date: formatLastDay(c.validTo) })} testId={`receipt-issued-${c.code}`} />
              <ScanMarks value={c.code} height={32} testId={`receipt-qr-${c.code}`} />
            </Fragment>
          ))}
        </>
      ) : null}
      <div className="receipt-foot">{t('receipt.thanks')}</div>
    </div>
  );
}
