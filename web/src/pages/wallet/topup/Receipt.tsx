import { Fragment } from 'react';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../app/money';
import { formatDateTime, formatNumber } from '../../../app/format';
import { ReceiptRow as Row } from '../../../app/components/Receipt';
import { STATUS_COLORS, type Topup } from './wallet';

/** What the till knows about cash that the server does not keep: what the customer handed over. */
export interface CashHandover {
  receivedFen: number;
  changeFen: number;
}

/** The printable top-up slip (window.print prints only this; see app/components/receipt.css). */
export function TopupReceipt({
  topup,
  cash,
  merchantName,
  fresh,
}: {
  topup: Topup;
  cash?: CashHandover | null;
  merchantName?: string;
  /** printed right after the top-up: its balances are the balances after it */
  fresh?: boolean;
}) {
  const { t } = useTranslation(['wallet.topup', 'common']);
  const r = topup;
  const b = r.balances;
  return (
    <div className="sale-receipt sale-receipt-80 receipt-wrap-values" data-testid="topup-receipt">
      {/* margins only: the top-up prints on whatever paper the printer has */}
      <style>{'@media print { @page { margin: 4mm; } }'}</style>
      <h3>{t('receipt.title')}</h3>
      <div className="receipt-sub">{merchantName ? `${merchantName} · ${r.storeName}` : r.storeName}</div>
      <Row label={t('receipt.docNo')} value={r.docNo} testId="receipt-doc-no" />
      <Row label={t('receipt.store')} value={r.storeName} />
      <Row label={t('receipt.time')} value={formatDateTime(r.createdAt)} />
      <Row label={t('receipt.cashier')} value={r.createdByName || '—'} />
      <Row
        label={t('receipt.status')}
        value={
          <Tag color={STATUS_COLORS[r.status]} style={{ marginInlineEnd: 0 }}>
            {t(`statuses.${r.status}`)}
          </Tag>
        }
        testId="receipt-status"
      />
      {r.status === 'pending_approval' ? <div className="receipt-note">{t('receipt.pendingNote')}</div> : null}
      {r.status === 'voided' || r.status === 'rejected' ? (
        <div className="receipt-note">
          {t(r.status === 'voided' ? 'receipt.voidedNote' : 'receipt.rejectedNote', { reason: r.closedReason || '—', at: formatDateTime(r.closedAt) })}
        </div>
      ) : null}
      <div className="receipt-rule" />
      <Row label={t('receipt.member')} value={r.memberName} testId="receipt-member" />
      <Row label={t('receipt.cardNo')} value={r.cardNo || '—'} testId="receipt-card-no" />
      <div className="receipt-rule" />
      <Row label={t('receipt.principal')} value={formatFen(r.principalFen)} testId="receipt-principal" strong />
      <Row label={t('receipt.bonus')} value={formatFen(r.bonusFen)} testId="receipt-bonus" />
      <Row label={t('receipt.points')} value={formatNumber(r.points)} testId="receipt-points" />
      {r.ruleName ? <Row label={t('receipt.rule')} value={r.ruleName} /> : null}
      {r.note ? <Row label={t('note')} value={r.note} testId="receipt-note" /> : null}
      {r.installmentMonths && r.installments.length > 0 ? (
        <>
          <div className="receipt-sub" style={{ marginTop: 4, textAlign: 'left' }}>
            {t('receipt.installments', { months: r.installmentMonths })}
          </div>
          {r.installments.map((i) => (
            <Row
              key={i.seq}
              label={t('receipt.installmentRow', { seq: i.seq, date: i.dueOn })}
              value={`${formatFen(i.amountFen)} · ${t(`installmentStatus.${i.status}`)}`}
            />
          ))}
        </>
      ) : null}
      <div className="receipt-rule" />
      {r.tenders.map((tender, idx) => (
        <Fragment key={idx}>
          <Row label={t(`methods.${tender.method}`)} value={formatFen(tender.amountFen)} testId={`receipt-tender-${idx}`} />
          {tender.reference ? <Row label={t('receipt.reference')} value={tender.reference} /> : null}
        </Fragment>
      ))}
      {cash ? (
        <>
          <Row label={t('receipt.cashReceived')} value={formatFen(cash.receivedFen)} />
          <Row label={t('receipt.change')} value={formatFen(cash.changeFen)} testId="receipt-change" />
        </>
      ) : null}
      <div className="receipt-rule" />
      <div className="receipt-sub" style={{ textAlign: 'left' }}>
        {t(fresh && r.status === 'completed' ? 'receipt.balancesAfter' : 'receipt.balancesNow')}
      </div>
      <Row label={t('balances.principal')} value={formatFen(b.principalFen)} testId="receipt-balance-principal" />
      <Row label={t('balances.bonus')} value={formatFen(b.bonusFen)} testId="receipt-balance-bonus" />
      <Row label={t('balances.storedValue')} value={formatFen(b.principalFen + b.bonusFen)} strong />
      <Row label={t('balances.points')} value={formatNumber(b.points)} testId="receipt-balance-points" />
      {r.approvedByName ? <Row label={t('receipt.approvedBy')} value={`${r.approvedByName} ${formatDateTime(r.approvedAt)}`} /> : null}
      <div className="receipt-foot">{t('receipt.thanks')}</div>
    </div>
  );
}
