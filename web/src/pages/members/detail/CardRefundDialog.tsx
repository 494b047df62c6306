import { useEffect, useState } from 'react';
import { Alert, App, Descriptions, Form, Input, Modal, Radio, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from '../../../app/api';
import { useApiError } from '../../../app/errors';
import type { Member } from '../../../app/members';
import { formatFen } from '../../../app/money';
import { formatNumber } from '../../../app/format';
import { maxRule, requiredRule } from '../../../app/validators';
import { TENDER_METHODS, useIdempotencyKey, useRefreshMember, type CardRefundPreview, type CardRefundResult, type TenderMethod } from './wallet';

interface RefundForm {
  method: TenderMethod;
  reference?: string;
  reason: string;
}

/**
 * 退卡: cancels the member's card and refunds the remaining principal. The preview shows what is
 * refunded, what bonus is forfeited and which installment parts stop; points stay with the member.
 */
export function CardRefundDialog({ open, member, onClose }: { open: boolean; member: Member; onClose: () => void }) {
  const { t } = useTranslation(['members.detail', 'common']);
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const refresh = useRefreshMember();
  const idem = useIdempotencyKey();
  const [form] = Form.useForm<RefundForm>();
  const [busy, setBusy] = useState(false);
  const method = Form.useWatch('method', form);

  useEffect(() => {
    if (open) idem.reset();
  }, [open, idem]);

  const preview = useQuery({
    queryKey: ['card-refund-preview', member.id],
    queryFn: () => api.get<CardRefundPreview>(`/members/${member.id}/card-refund/preview`),
    enabled: open,
    retry: false,
    gcTime: 0,
    staleTime: 0,
  });
  const p = preview.data;
  // the form appears with the preview: start it empty each time the dialog opens
  const ready = open && !!p;
  useEffect(() => {
    if (ready) form.resetFields();
  }, [ready, form]);

  const refund = async (v: RefundForm) => {
    setBusy(true);
    try {
      const r = await api.post<CardRefundResult>(
        `/members/${member.id}/card-refund`,
        { method: v.method, reference: v.reference?.trim() ?? '', reason: v.reason.trim() },
        { headers: idem.headers() },
      );
      idem.reset();
      void message.success(t('wallet.refund.done', { docNo: r.docNo, amount: formatFen(r.refundFen) }));
      await refresh();
      onClose();
    } catch (e) {
      // the same key goes with a retry; the dialog stays open
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    if (!p) return;
    let v: RefundForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    modal.confirm({
      title: t('wallet.refund.confirmTitle', { name: member.name }),
      content: t('wallet.refund.confirmText', { refund: formatFen(p.refundFen), forfeit: formatFen(p.forfeitedBonusFen), cardNo: p.cardNo }),
      okText: t('wallet.refund.ok'),
      okButtonProps: { danger: true },
      cancelText: t('common:actions.cancel'),
      onOk: () => refund(v),
    });
  };

  return (
    <Modal
      open={open}
      title={t('wallet.refund.title', { name: member.name })}
      width={620}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('wallet.refund.ok')}
      okButtonProps={{ danger: true, loading: busy, disabled: !p }}
      cancelText={t('common:actions.cancel')}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {preview.isPending && open ? (
        <Skeleton active />
      ) : preview.isError ? (
        <Alert type="error" showIcon title={isApiError(preview.error) ? preview.error.message : t('wallet.refund.previewFailed')} />
      ) : p ? (
        <>
          <Descriptions size="small" bordered column={1} style={{ marginBottom: 16 }} data-testid="card-refund-preview">
            <Descriptions.Item label={t('card.cardNo')}>
              <Typography.Text code>{p.cardNo}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('wallet.refund.refund')}>
              <Typography.Text strong data-testid="card-refund-amount">
                {formatFen(p.refundFen)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('wallet.refund.forfeit')}>
              <Typography.Text type={p.forfeitedBonusFen > 0 ? 'danger' : undefined} data-testid="card-refund-forfeit">
                {formatFen(p.forfeitedBonusFen)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('wallet.refund.installments')}>
              <span data-testid="card-refund-installments">{formatFen(p.cancelledInstallmentsFen)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('wallet.refund.pointsStay')}>{formatNumber(p.points)}</Descriptions.Item>
          </Descriptions>
          <Alert type="warning" showIcon title={t('wallet.refund.warning')} style={{ marginBottom: 16 }} />
          <Form form={form} layout="vertical" name="card-refund" initialValues={{ method: 'cash' }}>
            <Form.Item name="method" label={t('wallet.refund.method')} rules={[requiredRule(t, t('wallet.refund.method'), true)]}>
              <Radio.Group options={TENDER_METHODS.map((m) => ({ value: m, label: t(`wallet.payVia.${m}`) }))} data-testid="card-refund-method" />
            </Form.Item>
            <Form.Item
              name="reference"
              label={t('wallet.refund.reference')}
              tooltip={t('wallet.refund.referenceHelp')}
              rules={[...(method && method !== 'cash' ? [requiredRule(t, t('wallet.refund.reference'))] : []), maxRule(t, t('wallet.refund.reference'), 64)]}
            >
              <Input maxLength={64} data-testid="card-refund-reference" />
            </Form.Item>
            <Form.Item name="reason" label={t('reason')} rules={[requiredRule(t, t('reason')), maxRule(t, t('reason'), 200)]}>
              <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} data-testid="card-refund-reason" />
            </Form.Item>
          </Form>
        </>
      ) : null}
    </Modal>
  );
}
