import { useEffect, useState, type ReactNode } from 'react';
import { Alert, App, Button, Descriptions, Divider, Flex, Input, Modal, Result, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { CheckCircleOutlined, PrinterOutlined, ScanOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, type ApiError } from '../../../app/api';
import { useAuth, useMe } from '../../../app/auth';
import { tryFocus } from '../../../app/focus';
import { useHotkey } from '../../../app/useHotkey';
import { useIdempotentSubmit } from '../../../app/useIdempotentSubmit';
import { formatDateTime } from '../../../app/format';
import { MEMBERS_KEY, type Member } from '../../../app/members';
import { bpToZhe, fenToYuan, formatFen } from '../../../app/money';
import { PayBalance, PayRows, payIds } from '../PayRows';
import { TimedSlip, type SlipFacts } from './TimedSlip';
import {
  REF_METHODS,
  ROUNDINGS,
  SESSIONS_KEY,
  emptyPay,
  resolvePay,
  type Adjustment,
  type Order,
  type PayState,
  type Quote,
  type Rounding,
  type TimedSession,
} from './timed';

const REQUOTE_MS = 30_000;
const ids = payIds('timed');
const LABEL_WIDTH = 84;

interface Priced {
  quote: Quote;
  /** the session as the server sees it at about the same moment: minutes and billed minutes */
  session: TimedSession;
}

/**
 * 结账 of one running session: the server quotes it (minutes → billed minutes → list charge →
 * member price), the cashier takes payment (or none when nothing is due) and confirms with F9;
 * the Idempotency-Key is made once per confirmation and reused when it has to be resent. Then
 * the printable slip.
 */
export function CheckoutDialog({ session, onClose }: { session: TimedSession; onClose: () => void }) {
  const { t } = useTranslation(['checkout.timed', 'common']);
  const me = useMe();
  const { can } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const storeName = me.stores.find((s) => s.id === me.currentStoreId)?.name ?? '';

  const [memberId, setMemberId] = useState<string | null>(session.memberId);
  const [memberText, setMemberText] = useState('');
  const [memberBusy, setMemberBusy] = useState(false);
  const [memberError, setMemberError] = useState<string | null>(null);
  const [rounding, setRounding] = useState<Rounding>('none');
  const [pay, setPay] = useState<PayState>(emptyPay);

  const { submitting, uncertain, locked, send } = useIdempotentSubmit();
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [done, setDone] = useState<{ order: Order; facts: SlipFacts } | null>(null);

  const cart = { memberId, lines: [] as never[], timedSessionIds: [session.id], rounding };
  const cartJson = JSON.stringify(cart);

  const priced = useQuery({
    queryKey: ['/checkout/quote', 'timed', cartJson, me.currentStoreId],
    queryFn: async ({ signal }): Promise<Priced> => {
      // the quote and the session list read the clock separately: ask again if a billing unit began in between
      for (let attempt = 0; ; attempt++) {
        const [quote, list] = await Promise.all([
          api.post<Quote>('/checkout/quote', JSON.parse(cartJson), { signal }),
          api.get<{ items: TimedSession[] }>('/timed-sessions', undefined, { signal }),
        ]);
        const s = list.items.find((x) => x.id === session.id) ?? session;
        if (quote.lines[0]?.listUnitFen === s.chargeFen || attempt >= 1) return { quote, session: s };
      }
    },
    enabled: !done && !submitting,
    refetchInterval: done ? false : REQUOTE_MS,
    retry: false,
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
  const q = priced.data?.quote ?? null;
  const s = priced.data?.session ?? session;
  const line = q?.lines[0] ?? null;
  const quoteCurrent = !!q && !priced.isPlaceholderData && !priced.isError;
  const totalFen = quoteCurrent && q ? q.totalFen : null;
  const member = !!memberId;
  const resolved = resolvePay(pay, totalFen, member);
  const svBalance = q?.balances ? q.balances.principalFen + q.balances.bonusFen : 0;

  // anything changed: the last refusal no longer describes the screen
  useEffect(() => {
    setFailure(null);
  }, [cartJson, pay]);

  const problem: string | null = (() => {
    if (priced.isError) return t('problems.quoteFailed');
    if (totalFen === null) return t('problems.quoting');
    if (totalFen === 0) return null;
    if (resolved.invalid) return t('problems.payAmount');
    if (member && (resolved.fens.stored_value ?? 0) > svBalance) return t('problems.svShort', { amount: formatFen(svBalance) });
    if (resolved.sum !== totalFen)
      return t('problems.mismatch', { diff: totalFen > resolved.sum ? t('pay.remaining', { amount: formatFen(totalFen - resolved.sum) }) : t('pay.overpaid', { amount: formatFen(resolved.sum - totalFen) }) });
    if (resolved.payments.some((p) => (REF_METHODS as string[]).includes(p.method) && !p.reference)) return t('problems.reference');
    if (resolved.receivedFen !== null && resolved.receivedFen < (resolved.fens.cash ?? 0)) return t('problems.cashShort');
    if (resolved.payments.length === 0) return t('problems.noPayment');
    return null;
  })();

  const lookupMember = async () => {
    const code = memberText.trim();
    if (!code || memberBusy || locked) return;
    setMemberBusy(true);
    setMemberError(null);
    try {
      const r = await api.get<{ member: Member }>('/members/lookup', { code });
      setMemberId(r.member.id);
      setMemberText('');
      setPay((p) => ({ ...p, amounts: { ...p.amounts, stored_value: '' } }));
    } catch (e) {
      setMemberError(isApiError(e) ? e.message : String(e));
    } finally {
      setMemberBusy(false);
    }
  };

  const submit = async () => {
    if (done) return;
    const facts: SlipFacts = { label: s.label, productName: s.productName, checkedInAt: s.checkedInAt, minutes: s.minutes, billedMinutes: s.billedMinutes, memberName: q?.memberName ?? null, levelName: q?.levelName ?? null, storeName };
    const sent = await send(
      () => {
        if (problem || totalFen === null) {
          void message.warning({ content: problem ?? t('problems.quoting'), key: 'timed-problem' });
          return null;
        }
        return { ...cart, payments: totalFen === 0 ? [] : resolved.payments };
      },
      (body, key) => {
        setFailure(null);
        return api.post<Order>('/checkout', body, { headers: { 'Idempotency-Key': key } });
      },
    );
    if (!sent) return;
    if (sent.ok) {
      const order = sent.answer;
      setDone({ order, facts });
      void message.success({ content: t('checkout.done', { total: formatFen(order.totalFen) }), key: 'timed-done' });
      void qc.invalidateQueries({ queryKey: [SESSIONS_KEY] });
      if (memberId) void qc.invalidateQueries({ queryKey: [MEMBERS_KEY] });
      return;
    }
    const e = sent.error;
    if (isApiError(e)) {
      setFailure(e);
      if (e.code === 'CHECKOUT_PAYMENTS_MISMATCH') {
        // time moved on into another billing unit: price again
        void message.warning({ content: t('checkout.priceChanged'), key: 'timed-problem' });
        void priced.refetch();
      } else if (!sent.unknown) void message.error({ content: e.message, key: 'timed-problem' });
      if (e.code === 'TIMED_SESSION_NOT_OPEN') void qc.invalidateQueries({ queryKey: [SESSIONS_KEY] });
    } else void message.error({ content: String(e), key: 'timed-problem' });
  };

  // F9 confirms; Enter in a payment field only moves on
  useHotkey('F9', () => void submit());

  const focusOrder = [...(member ? [ids.amount('stored_value')] : []), ...REF_METHODS.flatMap((m) => [ids.amount(m), ids.reference(m)]), ids.amount('cash'), ids.received];
  const enterFrom = (id: string) => {
    for (let i = focusOrder.indexOf(id) + 1; i < focusOrder.length; i++) if (tryFocus(focusOrder[i]!)) return;
  };

  const label = (text: string) => (
    <Typography.Text style={{ width: LABEL_WIDTH, flex: 'none' }} ellipsis>
      {text}
    </Typography.Text>
  );

  // ---- the slip ---------------------------------------------------------------------------------
  if (done) {
    return (
      <Modal open title={t('checkout.title', { name: done.facts.label || done.facts.productName })} width={520} onCancel={onClose} footer={null} destroyOnHidden mask={{ closable: false }}>
        <Result className="no-print" status="success" title={t('checkout.done', { total: formatFen(done.order.totalFen) })} style={{ padding: '0 0 12px' }} data-testid="timed-done" />
        <TimedSlip order={done.order} facts={done.facts} merchantName={me.merchant.name} />
        <Flex className="no-print" justify="center" gap={12} style={{ marginTop: 16 }}>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="timed-print">
            {t('checkout.print')}
          </Button>
          <Button type="primary" onClick={onClose} autoFocus data-testid="timed-done-close">
            {t('checkout.close')}
          </Button>
        </Flex>
      </Modal>
    );
  }

  // ---- quote and payment ----------------------------------------------------------------------------
  const memberAdjustments: Adjustment[] = line?.adjustments.filter((a) => a.kind === 'member') ?? [];
  const ruleText = (a: Adjustment) => t(`rules.${a.rule}`, { zhe: a.rateBp !== null ? bpToZhe(a.rateBp) : '?', defaultValue: a.rule });
  const stat = (title: ReactNode, value: ReactNode, testId: string) => (
    <div style={{ minWidth: 96 }}>
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{title}</div>
      <Typography.Text strong style={{ fontSize: 16 }} data-testid={testId}>
        {value}
      </Typography.Text>
    </div>
  );

  return (
    <Modal
      open
      title={t('checkout.title', { name: session.label || session.productName })}
      width={640}
      onCancel={() => {
        if (!locked) onClose();
        else void message.warning({ content: t('checkout.uncertainLocked'), key: 'timed-problem' });
      }}
      footer={null}
      destroyOnHidden
      mask={{ closable: false }}
      keyboard={!locked}
    >
      <div data-testid="timed-checkout-dialog">
        <Descriptions size="small" column={2} style={{ marginBottom: 8 }}>
          <Descriptions.Item label={t('list.service')}>{s.productName}</Descriptions.Item>
          <Descriptions.Item label={t('checkout.checkedInAt')}>{formatDateTime(s.checkedInAt)}</Descriptions.Item>
        </Descriptions>

        <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
          {label(t('checkout.member'))}
          {memberId ? (
            <>
              <Typography.Text strong data-testid="timed-checkout-member">
                {q?.memberName ?? '…'}
              </Typography.Text>
              {q?.levelName ? <Tag color="gold">{q.levelName}</Tag> : null}
              <Button size="small" icon={<UserDeleteOutlined />} disabled={locked} onClick={() => setMemberId(null)}>
                {t('checkout.removeMember')}
              </Button>
            </>
          ) : (
            <>
              <Tag>{t('checkout.walkIn')}</Tag>
              {can('members.view') ? (
                <Input.Search
                  size="small"
                  data-testid="timed-checkout-member-lookup"
                  prefix={<ScanOutlined />}
                  placeholder={t('checkout.memberPlaceholder')}
                  autoComplete="off"
                  maxLength={64}
                  disabled={locked}
                  loading={memberBusy}
                  value={memberText}
                  onChange={(e) => setMemberText(e.target.value)}
                  onSearch={() => void lookupMember()}
                  style={{ flex: 1, minWidth: 220 }}
                />
              ) : null}
            </>
          )}
        </Flex>
        {memberError ? (
          <Typography.Text type="danger" style={{ display: 'block', marginBottom: 8 }}>
            {memberError}
          </Typography.Text>
        ) : null}

        <Divider titlePlacement="start" style={{ margin: '8px 0' }}>
          {t('checkout.explainTitle')}
        </Divider>
        {priced.isError && !q ? (
          <Alert
            type="error"
            showIcon
            title={isApiError(priced.error) ? priced.error.message : t('checkout.failed')}
            action={
              <Button size="small" onClick={() => void priced.refetch()}>
                {t('checkout.retry')}
              </Button>
            }
            data-testid="timed-quote-error"
          />
        ) : !q || !line ? (
          <Flex justify="center" style={{ padding: 16 }}>
            <Spin tip={t('checkout.loading')}>
              <div style={{ width: 120, height: 40 }} />
            </Spin>
          </Flex>
        ) : (
          <div data-testid="timed-explain">
            <Flex gap={16} wrap align="flex-end">
              {stat(t('checkout.elapsed'), t('minutes', { count: s.minutes }), 'timed-explain-minutes')}
              <span style={{ color: 'rgba(0,0,0,0.35)' }}>→</span>
              {stat(t('checkout.billed'), t('minutes', { count: s.billedMinutes }), 'timed-explain-billed')}
              <span style={{ color: 'rgba(0,0,0,0.35)' }}>→</span>
              {stat(t('checkout.listCharge'), formatFen(line.listUnitFen), 'timed-explain-list')}
              <span style={{ color: 'rgba(0,0,0,0.35)' }}>→</span>
              {stat(memberId ? t('checkout.memberPrice') : t('checkout.noMemberPrice'), formatFen(line.amountFen), 'timed-explain-pay')}
            </Flex>
            {line.listUnitFen === 0 ? (
              <Tag color="green" style={{ marginTop: 6 }} data-testid="timed-explain-free">
                {t('checkout.freeNote')}
              </Tag>
            ) : null}
            {memberAdjustments.map((a, i) => (
              <Typography.Text key={i} type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
                {t('checkout.memberRule', { rule: ruleText(a), level: q.levelName ?? '' })}: {formatFen(-Math.abs(a.amountFen))}
              </Typography.Text>
            ))}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
              {t('checkout.updatedEvery')}
            </Typography.Text>
          </div>
        )}

        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
          <Space size={6}>
            <Typography.Text type="secondary">{t('checkout.rounding')}</Typography.Text>
            <Segmented<Rounding> size="small" value={rounding} disabled={locked} onChange={setRounding} options={ROUNDINGS.map((r) => ({ value: r, label: t(`checkout.roundings.${r}`) }))} />
          </Space>
          <Space size={8} align="baseline">
            <Typography.Text>{t('checkout.total')}</Typography.Text>
            <Typography.Text strong style={{ fontSize: 26, color: '#cf1322' }} data-testid="timed-total">
              {q ? formatFen(q.totalFen) : '—'}
            </Typography.Text>
            {priced.isFetching ? <Spin size="small" /> : null}
          </Space>
        </Flex>

        <Divider titlePlacement="start" style={{ margin: '8px 0' }}>
          {t('pay.title')}
        </Divider>
        {totalFen === 0 ? (
          <Alert type="success" showIcon title={t('checkout.nothingDue')} data-testid="timed-nothing-due" />
        ) : (
          <Flex vertical gap={6} data-testid="timed-payments">
            <Flex gap={8} wrap>
              <Button size="small" disabled={locked || totalFen === null} onClick={() => setPay({ ...emptyPay(), refs: pay.refs, received: pay.received })} data-testid="timed-all-cash">
                {t('pay.allCash')}
              </Button>
              {member ? (
                <Button
                  size="small"
                  disabled={locked || totalFen === null || svBalance <= 0}
                  onClick={() => {
                    if (totalFen === null) return;
                    const sv = Math.min(totalFen, svBalance);
                    setPay({ ...emptyPay(), refs: pay.refs, amounts: { ...emptyPay().amounts, stored_value: sv > 0 ? fenToYuan(sv) : '' } });
                  }}
                  data-testid="timed-all-stored"
                >
                  {t('pay.allStored')}
                </Button>
              ) : null}
            </Flex>
            <PayRows ns="checkout.timed" idPrefix="timed" labelWidth={LABEL_WIDTH} state={pay} resolved={resolved} member={member} svBalance={svBalance} disabled={locked} onChange={setPay} onEnter={enterFrom} />
            <PayBalance ns="checkout.timed" idPrefix="timed" totalFen={totalFen} sumFen={resolved.sum} changeFen={resolved.changeFen} />
          </Flex>
        )}

        {uncertain ? <Alert type="error" showIcon title={t('checkout.uncertain')} style={{ marginTop: 12 }} data-testid="timed-uncertain" /> : null}
        {failure && !uncertain ? <Alert type="error" showIcon title={failure.message} style={{ marginTop: 12 }} data-testid="timed-pay-error" /> : null}

        <Flex vertical gap={4} style={{ marginTop: 16 }}>
          <Flex justify="flex-end" gap={8}>
            <Button disabled={locked} onClick={onClose}>
              {t('common:actions.cancel')}
            </Button>
            <Button
              type="primary"
              size="large"
              icon={<CheckCircleOutlined />}
              loading={submitting}
              disabled={!uncertain && !!problem}
              onClick={() => void submit()}
              data-testid="timed-confirm"
            >
              {uncertain ? t('checkout.retrySame') : t('checkout.confirm')}
              <Tag style={{ marginInlineStart: 6, marginInlineEnd: 0, fontSize: 11, lineHeight: '16px', padding: '0 4px' }}>F9</Tag>
            </Button>
          </Flex>
          {problem && !uncertain ? (
            <Typography.Text type="warning" style={{ textAlign: 'right' }} data-testid="timed-problem">
              {problem}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary" style={{ textAlign: 'right', fontSize: 12 }}>
              {t('checkout.confirmHint')}
            </Typography.Text>
          )}
        </Flex>
      </div>
    </Modal>
  );
}
