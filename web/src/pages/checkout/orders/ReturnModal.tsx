import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Descriptions, Divider, Flex, Input, InputNumber, Modal, Spin, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, isApiError } from '../../../app/api';
import { formatFen } from '../../../app/money';
import { formatNumber } from '../../../app/format';
import { newIdempotencyKey } from '../../../app/idempotencyKey';
import { ORDERS_KEY, remainingOf, type OrderDetail, type OrderDetailLine, type ReturnDoc, type ReturnPlan } from './orders';
import { useDebounced } from '../../../app/useDebounced';

export type ReturnMode = 'return' | 'void';

/** The refund plan as the server works it out: each tender, points back and clawed back, any shortfall. */
export function PlanView({ plan, order }: { plan: ReturnPlan; order: OrderDetail }) {
  const { t } = useTranslation(['checkout.orders', 'checkout.till', 'common']);
  const method = (m: string) => t(`checkout.till:methods.${m}`, { defaultValue: m });
  return (
    <div data-testid="return-plan">
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('plan.goods')}>
          <span data-testid="plan-goods">{formatFen(plan.goodsFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('plan.refund')}>
          <Typography.Text strong style={{ color: '#cf1322' }} data-testid="plan-refund">
            {formatFen(plan.refundFen)}
          </Typography.Text>
        </Descriptions.Item>
        {order.memberId ? (
          <>
            <Descriptions.Item label={t('plan.pointsReturned')}>
              <span data-testid="plan-points-returned">{formatNumber(plan.pointsReturned)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('plan.pointsClawback')}>
              <span data-testid="plan-points-clawback">{formatNumber(plan.pointsClawback)}</span>
            </Descriptions.Item>
          </>
        ) : null}
      </Descriptions>
      <Table
        size="small"
        rowKey="seq"
        style={{ marginTop: 8 }}
        pagination={false}
        dataSource={plan.payments.filter((p) => p.amountFen > 0 || p.points > 0)}
        locale={{ emptyText: t('plan.noTender') }}
        columns={[
          { title: t('plan.tender'), key: 'method', render: (_, p) => method(p.method) },
          {
            title: t('plan.back'),
            key: 'amount',
            align: 'right',
            render: (_, p) => (
              <span data-testid={`plan-pay-${p.method}`}>{p.method === 'points' ? t('plan.pointsBack', { points: formatNumber(p.points), amount: formatFen(p.amountFen) }) : formatFen(p.amountFen)}</span>
            ),
          },
          {
            title: t('plan.split'),
            key: 'split',
            render: (_, p) =>
              p.method === 'stored_value' ? (
                <span data-testid="plan-sv-split">{t('plan.svSplit', { principal: formatFen(p.principalFen), bonus: formatFen(p.bonusFen) })}</span>
              ) : p.method === 'cash' || p.method === 'bank_card' || p.method === 'wechat' || p.method === 'alipay' ? (
                <Typography.Text type="secondary">{t('plan.handBack')}</Typography.Text>
              ) : null,
          },
        ]}
      />
      {plan.shortfallPoints > 0 || plan.shortfallFen > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="plan-shortfall"
          title={t('plan.shortfall', { points: formatNumber(plan.shortfallPoints), amount: formatFen(plan.shortfallFen) })}
        />
      ) : null}
      {plan.couponsRestored?.length ? (
        <Alert type="info" showIcon style={{ marginTop: 8 }} data-testid="plan-coupons-restored" title={t('plan.couponsRestored', { codes: plan.couponsRestored.join('、') })} />
      ) : null}
      {plan.couponsKeptUsed?.length ? (
        <Alert type="warning" showIcon style={{ marginTop: 8 }} data-testid="plan-coupons-kept" title={t('plan.couponsKeptUsed', { codes: plan.couponsKeptUsed.join('、') })} />
      ) : null}
    </div>
  );
}

/**
 * 退货 (choose quantities per line) or 撤销 (everything that is left): a live preview from the
 * server of exactly what goes back to each tender, then a reason, then the confirmation with an
 * Idempotency-Key (a resend of the same request never returns twice).
 */
export function ReturnModal({ order, mode, onClose, onDone }: { order: OrderDetail | null; mode: ReturnMode; onClose: () => void; onDone: (r: ReturnDoc) => void }) {
  const { t } = useTranslation(['checkout.orders', 'checkout.till', 'common']);
  const open = !!order;
  const [qty, setQty] = useState<Record<number, number>>({});
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submission = useRef<{ key: string; body: string } | null>(null);

  useEffect(() => {
    if (!order) return;
    setQty(mode === 'void' ? Object.fromEntries(order.lines.map((l) => [l.seq, remainingOf(l)])) : {});
    setReason('');
    setTouched(false);
    setError(null);
    setBusy(false);
    submission.current = null;
  }, [order, mode]);

  const lines = useMemo(() => (order ? order.lines.filter((l) => (qty[l.seq] ?? 0) > 0).map((l) => ({ seq: l.seq, quantity: qty[l.seq]! })) : []), [order, qty]);
  const linesJson = JSON.stringify(lines);
  const debounced = useDebounced(linesJson, 200);
  const preview = useQuery({
    queryKey: [ORDERS_KEY, order?.id, 'preview', debounced],
    queryFn: ({ signal }) => api.post<ReturnPlan>(`${ORDERS_KEY}/${order!.id}/returns/preview`, { lines: JSON.parse(debounced) as unknown }, { signal }),
    enabled: open && debounced !== '[]',
    retry: false,
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
  const current = !preview.isFetching && !preview.isPlaceholderData && debounced === linesJson;

  const submit = async () => {
    if (!order || busy) return;
    setTouched(true);
    if (lines.length === 0) {
      setError(t('return.nothing'));
      return;
    }
    if (!reason.trim()) return;
    const body = mode === 'void' ? { reason: reason.trim() } : { lines, reason: reason.trim() };
    const json = JSON.stringify(body);
    if (!submission.current || submission.current.body !== json) submission.current = { key: newIdempotencyKey(), body: json };
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<ReturnDoc>(`${ORDERS_KEY}/${order.id}/${mode === 'void' ? 'void' : 'returns'}`, body, { headers: { 'Idempotency-Key': submission.current.key } });
      submission.current = null;
      onDone(r);
    } catch (e) {
      // a definite refusal makes the next try a new request; no answer keeps the key for a resend
      if (isApiError(e) && e.status > 0 && e.status < 500 && e.code !== 'IDEMPOTENCY_REQUEST_IN_PROGRESS') submission.current = null;
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const title = order ? t(mode === 'void' ? 'void.title' : 'return.title', { docNo: order.docNo }) : '';
  const reasonProblem = touched && !reason.trim() ? t('return.reasonRequired') : null;

  return (
    <Modal
      open={open}
      title={title}
      width={760}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      data-testid={mode === 'void' ? 'order-void-modal' : 'order-return-modal'}
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={onClose} disabled={busy}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="primary" danger loading={busy} disabled={lines.length === 0} onClick={() => void submit()} data-testid="order-return-ok">
            {mode === 'void' ? t('void.ok') : t('return.ok')}
            {preview.data && current ? ` ${formatFen(preview.data.refundFen)}` : ''}
          </Button>
        </Flex>
      }
    >
      {order ? (
        <Flex vertical gap={10}>
          <Alert type="warning" showIcon title={mode === 'void' ? t('void.hint') : t('return.hint')} />
          <Table<OrderDetailLine>
            size="small"
            rowKey="seq"
            pagination={false}
            dataSource={order.lines}
            columns={[
              { title: t('lines.name'), dataIndex: 'name', ellipsis: true },
              { title: t('lines.qty'), dataIndex: 'quantity', width: 70, align: 'right' },
              { title: t('lines.returned'), dataIndex: 'returnedQuantity', width: 80, align: 'right' },
              { title: t('lines.amount'), dataIndex: 'amountFen', width: 100, align: 'right', render: (v: number) => formatFen(v) },
              {
                title: mode === 'void' ? t('void.qty') : t('return.qty'),
                key: 'back',
                width: 120,
                render: (_, l, i) =>
                  mode === 'void' ? (
                    formatNumber(remainingOf(l))
                  ) : (
                    <InputNumber
                      size="small"
                      min={0}
                      max={remainingOf(l)}
                      precision={0}
                      disabled={remainingOf(l) === 0 || busy}
                      value={qty[l.seq] ?? 0}
                      aria-label={t('return.qty')}
                      data-testid={`return-qty-${i}`}
                      onChange={(v) => setQty((q) => ({ ...q, [l.seq]: typeof v === 'number' ? v : 0 }))}
                    />
                  ),
              },
            ]}
          />
          <Divider style={{ margin: '4px 0' }}>{t('plan.title')}</Divider>
          {lines.length === 0 ? (
            <Typography.Text type="secondary">{t('return.choose')}</Typography.Text>
          ) : preview.isError && debounced === linesJson ? (
            <Alert type="error" showIcon title={isApiError(preview.error) ? preview.error.message : String(preview.error)} data-testid="return-preview-error" />
          ) : preview.data ? (
            <Spin spinning={!current} delay={150}>
              <PlanView plan={preview.data} order={order} />
            </Spin>
          ) : (
            <Spin />
          )}
          <div>
            <Typography.Text>{t('return.reason')}</Typography.Text>
            <Input.TextArea
              data-testid="return-reason"
              maxLength={100}
              autoSize={{ minRows: 2, maxRows: 3 }}
              placeholder={t('return.reasonPlaceholder')}
              value={reason}
              status={reasonProblem ? 'error' : undefined}
              onChange={(e) => setReason(e.target.value)}
            />
            {reasonProblem ? <Typography.Text type="danger">{reasonProblem}</Typography.Text> : null}
          </div>
          {error ? <Alert type="error" showIcon title={error} data-testid="return-error" /> : null}
        </Flex>
      ) : null}
    </Modal>
  );
}
