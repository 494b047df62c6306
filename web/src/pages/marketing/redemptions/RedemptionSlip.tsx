import { Button, Flex, Modal, Tag } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatLastDay, formatNumber } from '../../../app/format';
import { ReceiptRow as Row } from '../../../app/components/Receipt';
import { REDEMPTION_COLORS, redemptionGaveText, type RedemptionDetail } from '../gifts/gifts';

export interface SlipContext {
  merchantName: string;
  storeName: string;
  /** the member's card number, when the screen knows it */
  cardNo?: string | null;
}

/** The printable 积分兑换 slip (window.print prints only this; see app/components/receipt.css). */
export function RedemptionSlip({ r, ctx, fresh }: { r: RedemptionDetail; ctx: SlipContext; fresh?: boolean }) {
  const { t } = useTranslation(['marketing.redemptions', 'marketing.gifts']);
  return (
    <div className="sale-receipt sale-receipt-80 receipt-wrap-values" data-testid="redemption-slip">
      <style>{'@media print { @page { margin: 4mm; } }'}</style>
      <h3>{t('slip.title')}</h3>
      <div className="receipt-sub">{ctx.merchantName ? `${ctx.merchantName} · ${ctx.storeName}` : ctx.storeName}</div>
      <Row label={t('slip.docNo')} value={r.docNo} testId="redemption-slip-doc-no" />
      <Row label={t('slip.time')} value={formatDateTime(r.createdAt)} />
      <Row label={t('slip.staff')} value={r.staffName || '—'} />
      {r.status === 'voided' ? (
        <>
          <Row
            label={t('slip.status')}
            value={
              <Tag color={REDEMPTION_COLORS[r.status]} style={{ marginInlineEnd: 0 }}>
                {t(`statuses.${r.status}`)}
              </Tag>
            }
          />
          <div className="receipt-note">{t('slip.voidedNote', { reason: r.voidReason || '—', at: formatDateTime(r.voidedAt) })}</div>
        </>
      ) : null}
      <div className="receipt-rule" />
      <Row label={t('slip.member')} value={r.memberName} testId="redemption-slip-member" />
      {ctx.cardNo ? <Row label={t('slip.cardNo')} value={ctx.cardNo} /> : null}
      <div className="receipt-rule" />
      <div className="receipt-line-name">{r.giftName}</div>
      <Row indent label={`${t(`marketing.gifts:kinds.${r.kind}`)} × ${formatNumber(r.quantity)}`} value={redemptionGaveText(t, r)} />
      {r.couponsIssued.map((c) => (
        <Row key={c.code} indent label={c.code} value={t('slip.couponUntil', { day: formatLastDay(c.validTo) })} />
      ))}
      <div className="receipt-rule" />
      <Row strong label={t('slip.points')} value={formatNumber(r.points)} testId="redemption-slip-points" />
      {r.balances ? <Row label={fresh ? t('slip.pointsLeft') : t('slip.pointsNow')} value={formatNumber(r.balances.points)} testId="redemption-slip-left" /> : null}
      <div className="receipt-foot">{t('slip.thanks')}</div>
    </div>
  );
}

/** The slip in a dialog with a print button; closing it readies the screen for the next member. */
export function RedemptionSlipModal({ slip, ctx, fresh, onClose }: { slip: RedemptionDetail | null; ctx: SlipContext; fresh?: boolean; onClose: () => void }) {
  const { t } = useTranslation(['marketing.redemptions', 'common']);
  return (
    <Modal
      open={!!slip}
      title={fresh ? t('slip.doneTitle') : t('slip.title')}
      onCancel={onClose}
      destroyOnHidden
      width={480}
      footer={
        <Flex justify="flex-end" gap={8} className="no-print">
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="redemption-slip-print">
            {t('slip.print')}
          </Button>
          <Button type="primary" autoFocus onClick={onClose} data-testid="redemption-slip-close">
            {fresh ? t('slip.next') : t('common:actions.close')}
          </Button>
        </Flex>
      }
    >
      {slip ? <RedemptionSlip r={slip} ctx={ctx} fresh={fresh} /> : null}
    </Modal>
  );
}
