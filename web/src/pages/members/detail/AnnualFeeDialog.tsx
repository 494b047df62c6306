import { useEffect } from 'react';
import { Descriptions, Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api';
import type { Member } from '../../../app/members';
import { FormModal } from '../../../app/components/FormModal';
import { formatFen } from '../../../app/money';
import { maxRule, requiredRule } from '../../../app/validators';
import { FEE_PAY_VIA, formatDay, useIdempotencyKey, useRefreshMember, type AnnualFee, type FeePayVia } from './wallet';

interface FeeForm {
  via?: FeePayVia;
  reference?: string;
  reason?: string;
}

/** Collect (from stored value or a payment) or waive one annual card fee. */
export function AnnualFeeDialog({
  open,
  member,
  action,
  fee,
  storedValueFen,
  onClose,
}: {
  open: boolean;
  member: Member;
  action: 'pay' | 'waive';
  fee: AnnualFee | null;
  storedValueFen: number;
  onClose: () => void;
}) {
  const { t } = useTranslation(['members.detail', 'common']);
  const [form] = Form.useForm<FeeForm>();
  const refresh = useRefreshMember();
  const idem = useIdempotencyKey();
  const via = Form.useWatch('via', form);

  useEffect(() => {
    if (open) idem.reset();
  }, [open, idem]);

  const enough = !!fee && storedValueFen >= fee.amountFen;

  return (
    <FormModal<FeeForm>
      open={open && !!fee}
      name="annual-fee"
      title={t(action === 'pay' ? 'wallet.fees.payTitle' : 'wallet.fees.waiveTitle', { name: member.name })}
      form={form}
      initialValues={action === 'pay' ? { via: enough ? 'stored_value' : 'cash' } : {}}
      okText={t('common:actions.confirm')}
      successText={t(action === 'pay' ? 'wallet.fees.paid' : 'wallet.fees.waived')}
      onClose={onClose}
      onSubmit={async (v) => {
        if (!fee) return;
        if (action === 'pay') await api.post(`/annual-fees/${fee.id}/pay`, { via: v.via, reference: v.reference?.trim() ?? '' }, { headers: idem.headers() });
        else await api.post(`/annual-fees/${fee.id}/waive`, { reason: v.reason?.trim() ?? '' }, { headers: idem.headers() });
        idem.reset();
        await refresh();
      }}
    >
      {fee ? (
        <Descriptions size="small" bordered column={2} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('wallet.fees.dueOn')}>{formatDay(fee.dueOn)}</Descriptions.Item>
          <Descriptions.Item label={t('wallet.fees.amount')}>{formatFen(fee.amountFen)}</Descriptions.Item>
        </Descriptions>
      ) : null}
      {action === 'pay' ? (
        <>
          <Form.Item name="via" label={t('wallet.fees.via')} rules={[requiredRule(t, t('wallet.fees.via'), true)]}>
            <Radio.Group
              options={FEE_PAY_VIA.map((m) => ({
                value: m,
                label: m === 'stored_value' ? t('wallet.fees.fromStoredValue', { amount: formatFen(storedValueFen) }) : t(`wallet.payVia.${m}`),
                disabled: m === 'stored_value' && !enough,
              }))}
            />
          </Form.Item>
          {via && via !== 'stored_value' && via !== 'cash' ? (
            <Form.Item name="reference" label={t('wallet.refund.reference')} rules={[requiredRule(t, t('wallet.refund.reference')), maxRule(t, t('wallet.refund.reference'), 64)]}>
              <Input maxLength={64} />
            </Form.Item>
          ) : null}
        </>
      ) : (
        <Form.Item name="reason" label={t('reason')} rules={[requiredRule(t, t('reason')), maxRule(t, t('reason'), 200)]}>
          <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      )}
    </FormModal>
  );
}
