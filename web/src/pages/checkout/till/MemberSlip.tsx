import type { ReactNode } from 'react';
import { Button, Flex, Modal, Segmented } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../app/format';
import { ReceiptPaper, ReceiptRow, type PaperWidth } from '../../../app/components/Receipt';
import type { Order } from './checkout';

export interface SlipMember {
  name: string;
  cardNo: string | null;
}

/** What the till hands every slip dialog: the paper, the store and how to close. */
export interface SlipDialogProps {
  paper: PaperWidth;
  onPaper: (w: PaperWidth) => void;
  storeName: string;
  merchantName: string;
  onClose: () => void;
}

/** The frame of a 计次 or 积分 slip: who and when above the caller's lines, the member's signature below. */
export function MemberSlip({
  kind,
  title,
  order,
  member,
  width,
  merchantName,
  children,
}: {
  /** names the test ids (till-uses-slip, uses-slip-doc-no, …) */
  kind: 'uses' | 'points';
  title: string;
  order: Order;
  member: SlipMember;
  width: PaperWidth;
  merchantName: string;
  children: ReactNode;
}) {
  const { t } = useTranslation(['checkout.till', 'common']);
  return (
    <div className={`sale-receipt sale-receipt-${width}`} data-testid={`till-${kind}-slip`}>
      <ReceiptPaper width={width} />
      <h3>{merchantName}</h3>
      <div className="receipt-sub">{title}</div>
      <ReceiptRow label={t('receipt.docNo')} value={order.docNo} testId={`${kind}-slip-doc-no`} />
      <ReceiptRow label={t('receipt.time')} value={formatDateTime(order.createdAt)} />
      <ReceiptRow label={t('receipt.cashier')} value={order.staffName} />
      <ReceiptRow label={t('receipt.member')} value={member.name} />
      {member.cardNo ? <ReceiptRow label={t('receipt.cardNo')} value={member.cardNo} /> : null}
      <div className="receipt-rule" />
      {children}
      <div className="receipt-rule" />
      <div className="receipt-foot">{t('uses.slipSign')}</div>
    </div>
  );
}

/** A finished 计次 or 积分 in a dialog: its slip, print and the paper width. */
export function MemberSlipModal({
  kind,
  title,
  open,
  autoFocusClose,
  paper,
  onPaper,
  onClose,
  children,
}: Pick<SlipDialogProps, 'paper' | 'onPaper' | 'onClose'> & {
  /** names the test ids (till-uses-done, till-uses-print, …) */
  kind: 'uses' | 'points';
  title: string;
  open: boolean;
  autoFocusClose?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation(['checkout.till', 'common']);
  return (
    <Modal
      open={open}
      title={title}
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
            <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid={`till-${kind}-print`}>
              {t('print')}
            </Button>
            <Button type="primary" autoFocus={autoFocusClose} onClick={onClose} data-testid={`till-${kind}-close`}>
              {t('uses.close')}
            </Button>
          </Flex>
        </Flex>
      }
      data-testid={`till-${kind}-done`}
    >
      {children}
    </Modal>
  );
}
