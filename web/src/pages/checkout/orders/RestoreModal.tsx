import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Flex, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../../app/api';
import { newIdempotencyKey } from '../../../app/idempotencyKey';
import { ORDERS_KEY, type OrderDetail, type ReturnDoc } from './orders';

/**
 * 恢复: undo the order's last void, with a reason, sent with an Idempotency-Key (a resend of the
 * same request never restores twice). The server refuses when what the void gave back was used since.
 */
export function RestoreModal({ order, onClose, onDone }: { order: OrderDetail | null; onClose: () => void; onDone: (r: ReturnDoc) => void }) {
  const { t } = useTranslation(['checkout.orders', 'common']);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const submission = useRef<{ key: string; body: string } | null>(null);

  useEffect(() => {
    if (!order) return;
    setReason('');
    setTouched(false);
    setError(null);
    setBusy(false);
    submission.current = null;
  }, [order]);

  const submit = async () => {
    if (!order || busy) return;
    setTouched(true);
    if (!reason.trim()) return;
    const body = { reason: reason.trim() };
    const json = JSON.stringify(body);
    if (!submission.current || submission.current.body !== json) submission.current = { key: newIdempotencyKey(), body: json };
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<ReturnDoc>(`${ORDERS_KEY}/${order.id}/restore`, body, { headers: { 'Idempotency-Key': submission.current.key } });
      submission.current = null;
      onDone(r);
    } catch (e) {
      // a definite refusal makes the next try a new request; no answer keeps the key for a resend
      if (isApiError(e) && e.status > 0 && e.status < 500 && e.code !== 'IDEMPOTENCY_REQUEST_IN_PROGRESS') submission.current = null;
      setError(isApiError(e) ? { code: e.code, message: e.message } : { code: '', message: String(e) });
    } finally {
      setBusy(false);
    }
  };

  const reasonProblem = touched && !reason.trim() ? t('return.reasonRequired') : null;
  return (
    <Modal
      open={!!order}
      title={order ? t('restore.title', { docNo: order.docNo }) : ''}
      width={520}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      data-testid="order-restore-modal"
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={onClose} disabled={busy}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="order-restore-ok">
            {t('restore.ok')}
          </Button>
        </Flex>
      }
    >
      <Flex vertical gap={10}>
        <Alert type="info" showIcon title={t('restore.hint')} />
        <div>
          <Typography.Text>{t('restore.reason')}</Typography.Text>
          <Input.TextArea
            data-testid="restore-reason"
            maxLength={100}
            autoFocus
            autoSize={{ minRows: 2, maxRows: 3 }}
            placeholder={t('restore.reasonPlaceholder')}
            value={reason}
            status={reasonProblem ? 'error' : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
          {reasonProblem ? <Typography.Text type="danger">{reasonProblem}</Typography.Text> : null}
        </div>
        {error ? (
          <Alert
            type="error"
            showIcon
            title={error.code === 'ORDER_RESTORE_BLOCKED' ? t('restore.blockedTitle') : error.message}
            description={error.code === 'ORDER_RESTORE_BLOCKED' ? `${error.message}${t('restore.blockedHint')}` : undefined}
            data-testid="restore-error"
          />
        ) : null}
      </Flex>
    </Modal>
  );
}
