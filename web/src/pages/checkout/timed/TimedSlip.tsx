import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../../app/format';
import { formatFen } from '../../../app/money';
import { ReceiptPaper, ReceiptRow as Row } from '../../../app/components/Receipt';
import type { Order } from './timed';

/** What the slip tells beyond the order: the session and its time. */
export interface SlipFacts {
  label: string;
  productName: string;
  checkedInAt: string;
  minutes: number;
  billedMinutes: number;
  memberName: string | null;
  levelName: string | null;
  storeName: string;
}

/** The printable check-out slip (window.print prints only this; see app/components/receipt.css), 80 mm wide. */
export function TimedSlip({ order, facts, merchantName }: { order: Order; facts: SlipFacts; merchantName: string }) {
  const { t } = useTranslation(['checkout.timed', 'common']);
  const o = order;
  const line = o.lines[0];
  const cash = o.payments.find((p) => p.method === 'cash');
  return (
    <div className="sale-receipt sale-receipt-80" data-testid="timed-slip">
      <ReceiptPaper width={80} />
      <h3>{merchantName}</h3>
      <div className="receipt-sub">{t('slip.title')}</div>
      <Row label={t('slip.docNo')} value={o.docNo} testId="timed-slip-doc-no" />
      <Row label={t('slip.store')} value={facts.storeName} />
      <Row label={t('slip.cashier')} value={o.staffName || '—'} />
      <Row label={t('slip.member')} value={facts.memberName ? `${facts.memberName}${facts.levelName ? ` · ${facts.levelName}` : ''}` : t('slip.walkIn')} testId="timed-slip-member" />
      <div className="receipt-rule" />
      <div className="receipt-line-name">{line?.name ?? facts.productName}</div>
      {facts.label ? <Row label={t('slip.label')} value={facts.label} testId="timed-slip-label" /> : null}
      <Row label={t('slip.checkedInAt')} value={formatDateTime(facts.checkedInAt)} />
      <Row label={t('slip.time')} value={formatDateTime(o.createdAt)} />
      <Row label={t('slip.elapsed')} value={t('minutes', { count: facts.minutes })} testId="timed-slip-minutes" />
      <Row label={t('slip.billed')} value={t('minutes', { count: facts.billedMinutes })} testId="timed-slip-billed" />
      <Row label={t('slip.listCharge')} value={formatFen(o.subtotalFen + o.memberDiscountFen)} testId="timed-slip-list" />
      {o.memberDiscountFen ? <Row indent label={t('slip.memberDiscount')} value={formatFen(-o.memberDiscountFen)} testId="timed-slip-member-discount" /> : null}
      {o.roundingFen ? <Row indent label={t('slip.rounding')} value={formatFen(-o.roundingFen)} /> : null}
      <div className="receipt-rule" />
      <Row label={t('slip.total')} value={formatFen(o.totalFen)} testId="timed-slip-total" strong />
      {o.totalFen === 0 ? <div className="receipt-sub">{t('slip.free')}</div> : null}
      {o.payments.map((p, i) => (
        <Fragment key={i}>
          <Row label={t(`methods.${p.method}`)} value={formatFen(p.amountFen)} testId={`timed-slip-pay-${p.method}`} />
          {p.reference ? <Row indent label={t('slip.reference')} value={p.reference} /> : null}
        </Fragment>
      ))}
      {cash && cash.receivedFen !== null ? (
        <>
          <Row label={t('slip.received')} value={formatFen(cash.receivedFen)} />
          <Row label={t('slip.change')} value={formatFen(cash.changeFen)} testId="timed-slip-change" strong />
        </>
      ) : null}
      {o.balances ? (
        <>
          <div className="receipt-rule" />
          <Row label={t('slip.pointsEarned')} value={formatNumber(o.pointsEarned)} />
          <Row label={t('slip.svAfter')} value={formatFen(o.balances.principalFen + o.balances.bonusFen)} />
          <Row label={t('slip.pointsAfter')} value={formatNumber(o.balances.points)} />
        </>
      ) : null}
      <div className="receipt-foot">{t('slip.thanks')}</div>
    </div>
  );
}
