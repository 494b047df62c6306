import { Alert, Form, Input, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { formatFen } from '../../app/money';
import { FormModal } from '../../app/components/FormModal';
import { maxRule, requiredRule } from '../../app/validators';
import { COUPONS_KEY, NS, STATUS_COLORS, TEMPLATES_KEY, couponDays, valueText, type Coupon, type CouponStatus } from './coupons';

/** Pieces the coupon list and the member's coupons tab share. */
export function CouponStatusTag({ status }: { status: CouponStatus }) {
  const { t } = useTranslation(NS);
  return <Tag color={STATUS_COLORS[status]}>{t(`statuses.${status}`)}</Tag>;
}

/** The void dialog: a reason, then the coupon can never be used. */
export function VoidCouponDialog({ coupon, onClose }: { coupon: Coupon | null; onClose: () => void }) {
  const { t } = useTranslation([NS, 'common']);
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <FormModal<{ reason: string }>
      open={!!coupon}
      name="coupon-void"
      title={coupon ? t('voidTitle', { code: coupon.code }) : ''}
      form={form}
      initialValues={{ reason: '' }}
      okText={t('void')}
      successText={t('voided')}
      onClose={onClose}
      onSubmit={async (v) => {
        if (!coupon) return;
        await api.post(`${COUPONS_KEY}/${coupon.id}/void`, { reason: v.reason.trim() });
        await qc.invalidateQueries({ queryKey: [COUPONS_KEY] });
        await qc.invalidateQueries({ queryKey: [TEMPLATES_KEY] });
      }}
    >
      <Alert type="warning" showIcon title={t('voidHint')} style={{ marginBottom: 12 }} />
      {coupon ? (
        <Typography.Paragraph>
          {coupon.templateName} · {valueText(t, coupon)} · {coupon.memberName ?? t('bearer')}
        </Typography.Paragraph>
      ) : null}
      <Form.Item name="reason" label={t('voidReason')} rules={[requiredRule(t, t('voidReason')), maxRule(t, t('voidReason'), 100)]}>
        <Input.TextArea maxLength={100} autoSize={{ minRows: 2, maxRows: 4 }} autoFocus data-testid="coupon-void-reason" />
      </Form.Item>
    </FormModal>
  );
}

export function useCouponCsvColumns() {
  const { t } = useTranslation(NS);
  const yuan = (fen: number | null) => (fen === null ? '' : formatFen(fen).replace(/[¥,]/g, ''));
  return [
    { title: t('code'), value: (c: Coupon) => c.code },
    { title: t('template'), value: (c: Coupon) => c.templateName },
    { title: t('value'), value: (c: Coupon) => valueText(t, c) },
    { title: t('member'), value: (c: Coupon) => c.memberName ?? t('bearer') },
    { title: t('channel'), value: (c: Coupon) => t(`channels.${c.channel}`) },
    { title: t('status'), value: (c: Coupon) => t(`statuses.${c.status}`) },
    { title: t('issuedAt'), value: (c: Coupon) => formatDateTime(c.issuedAt) },
    { title: t('validity'), value: (c: Coupon) => couponDays(c) },
    { title: t('usedAt'), value: (c: Coupon) => formatDateTime(c.usedAt) },
    { title: `${t('discount')} (¥)`, value: (c: Coupon) => yuan(c.discountFen) },
  ];
}
