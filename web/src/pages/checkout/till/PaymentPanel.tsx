import type { KeyboardEvent } from 'react';
import { Button, Flex, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fenToYuan, formatFen, yuanToFen } from '../../../app/money';
import { formatNumber } from '../../../app/format';
import { pointsValueFen, type Balances, type PayMethod, type PaymentInput } from './checkout';

type MoneyMethod = Exclude<PayMethod, 'points'>;
type RefMethod = 'bank_card' | 'wechat' | 'alipay';

/** What the cashier typed in the payment panel (yuan as text). */
export interface PayState {
  amounts: Record<MoneyMethod, string>;
  points: string;
  refs: Record<RefMethod, string>;
  received: string;
  /** until the cashier types a cash amount, cash takes whatever the other methods leave */
  cashTouched: boolean;
}

export function emptyPay(): PayState {
  return {
    amounts: { cash: '', stored_value: '', bank_card: '', wechat: '', alipay: '' },
    points: '',
    refs: { bank_card: '', wechat: '', alipay: '' },
    received: '',
    cashTouched: false,
  };
}

export const payAmountId = (m: PayMethod) => `till-pay-${m}`;
export const payRefId = (m: RefMethod) => `till-ref-${m}`;
export const CASH_RECEIVED_ID = 'till-cash-received';

const OTHER_METHODS: RefMethod[] = ['bank_card', 'wechat', 'alipay'];

export interface ResolvedPay {
  /** fen per method (cash resolved), null where the text is not an amount */
  fens: Record<MoneyMethod, number | null>;
  points: number | null;
  pointsFen: number;
  sum: number;
  receivedFen: number | null;
  changeFen: number | null;
  invalid: boolean;
  /** the payments to send, in this order */
  payments: PaymentInput[];
}

function parseAmount(text: string): number | null {
  if (!text.trim()) return 0;
  const f = yuanToFen(text);
  return f !== null && f >= 0 ? f : null;
}

/** The payments as the server will take them; cash that follows the rest is worked out here. */
export function resolvePay(s: PayState, totalFen: number | null, pointsPerYuan: number, member: boolean): ResolvedPay {
  const points = s.points.trim() ? (/^\d+$/.test(s.points.trim()) ? Number(s.points.trim()) : null) : 0;
  const pointsFen = member && points ? pointsValueFen(points, pointsPerYuan) : 0;
  const fens: Record<MoneyMethod, number | null> = {
    stored_value: member ? parseAmount(s.amounts.stored_value) : 0,
    bank_card: parseAmount(s.amounts.bank_card),
    wechat: parseAmount(s.amounts.wechat),
    alipay: parseAmount(s.amounts.alipay),
    cash: 0,
  };
  const others = (fens.stored_value ?? 0) + (fens.bank_card ?? 0) + (fens.wechat ?? 0) + (fens.alipay ?? 0) + pointsFen;
  fens.cash = s.cashTouched ? parseAmount(s.amounts.cash) : totalFen !== null ? Math.max(0, totalFen - others) : 0;
  const sum = others + (fens.cash ?? 0);
  const receivedFen = s.received.trim() ? yuanToFen(s.received) : null;
  const cash = fens.cash ?? 0;
  const changeFen = receivedFen !== null && receivedFen >= cash ? receivedFen - cash : null;
  const invalid = Object.values(fens).some((f) => f === null) || points === null || (s.received.trim() !== '' && receivedFen === null);
  const payments: PaymentInput[] = [];
  if (member && fens.stored_value) payments.push({ method: 'stored_value', amountFen: fens.stored_value, reference: '' });
  if (member && points) payments.push({ method: 'points', points, reference: '' });
  for (const m of OTHER_METHODS) if (fens[m]) payments.push({ method: m, amountFen: fens[m], reference: s.refs[m].trim() });
  if (cash > 0) payments.push({ method: 'cash', amountFen: cash, reference: '', ...(receivedFen !== null ? { receivedFen } : {}) });
  return { fens, points, pointsFen, sum, receivedFen, changeFen, invalid, payments };
}

/** Enter moves through these fields in order, then to the confirm button; it never pays. */
export function payFocusOrder(member: boolean): string[] {
  const ids: string[] = [];
  if (member) ids.push(payAmountId('stored_value'), payAmountId('points'));
  for (const m of OTHER_METHODS) ids.push(payAmountId(m), payRefId(m));
  ids.push(payAmountId('cash'), CASH_RECEIVED_ID);
  return ids;
}

/**
 * Mixed payment: quick "all cash" / "all stored value", a row per method, points with their
 * cash value and the most this order may take, references for card / WeChat / Alipay, and
 * cash received with the change.
 */
export function PaymentPanel({
  state,
  resolved,
  totalFen,
  member,
  balances,
  maxPoints,
  pointsPerYuan,
  disabled,
  errors,
  onChange,
  onEnter,
}: {
  state: PayState;
  resolved: ResolvedPay;
  totalFen: number | null;
  member: boolean;
  balances: Balances | null;
  maxPoints: number;
  pointsPerYuan: number;
  disabled: boolean;
  /** the server's refusal, next to the method that caused it */
  errors: Partial<Record<PayMethod | 'all', string>>;
  onChange: (s: PayState) => void;
  onEnter: (id: string) => void;
}) {
  const { t } = useTranslation(['checkout.till', 'common']);
  const svBalance = balances ? balances.principalFen + balances.bonusFen : 0;
  const diff = totalFen !== null ? totalFen - resolved.sum : null;
  const setAmount = (m: MoneyMethod, v: string) => onChange({ ...state, amounts: { ...state.amounts, [m]: v }, cashTouched: m === 'cash' ? true : state.cashTouched });
  const enter = (id: string) => (e: KeyboardEvent) => {
    // the Enter must not reach the next field or button once focus has moved there
    e.preventDefault();
    onEnter(id);
  };
  const err = (m: PayMethod) =>
    errors[m] ? (
      <Typography.Text type="danger" style={{ fontSize: 12, display: 'block' }} data-testid={`till-pay-error-${m}`}>
        {errors[m]}
      </Typography.Text>
    ) : null;
  const label = (text: string) => (
    <Typography.Text style={{ width: 76, flex: 'none' }} ellipsis>
      {text}
    </Typography.Text>
  );

  const allCash = () => onChange({ ...emptyPay(), refs: state.refs, received: state.received });
  const allStored = () => {
    if (totalFen === null) return;
    const sv = Math.min(totalFen, svBalance);
    onChange({ ...emptyPay(), refs: state.refs, amounts: { ...emptyPay().amounts, stored_value: sv > 0 ? fenToYuan(sv) : '' } });
  };

  return (
    <Flex vertical gap={6} data-testid="till-payments">
      <Flex gap={8} wrap>
        <Button size="small" onClick={allCash} disabled={disabled || totalFen === null} data-testid="till-all-cash">
          {t('pay.allCash')}
        </Button>
        <Button size="small" onClick={allStored} disabled={disabled || totalFen === null || !member || svBalance <= 0} data-testid="till-all-stored">
          {t('pay.allStored')}
        </Button>
      </Flex>
      {member ? (
        <>
          <div>
            <Flex gap={8} align="center">
              {label(t('methods.stored_value'))}
              <Input
                id={payAmountId('stored_value')}
                data-testid={payAmountId('stored_value')}
                aria-label={t('methods.stored_value')}
                size="small"
                prefix="¥"
                inputMode="decimal"
                autoComplete="off"
                maxLength={16}
                disabled={disabled}
                value={state.amounts.stored_value}
                status={resolved.fens.stored_value === null || errors.stored_value || (resolved.fens.stored_value ?? 0) > svBalance ? 'error' : undefined}
                onChange={(e) => setAmount('stored_value', e.target.value)}
                onPressEnter={enter(payAmountId('stored_value'))}
                style={{ width: 120 }}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('pay.svAvailable', { amount: formatFen(svBalance) })}
              </Typography.Text>
            </Flex>
            {err('stored_value')}
          </div>
          <div>
            <Flex gap={8} align="center">
              {label(t('methods.points'))}
              <Input
                id={payAmountId('points')}
                data-testid={payAmountId('points')}
                aria-label={t('methods.points')}
                size="small"
                inputMode="numeric"
                autoComplete="off"
                maxLength={10}
                disabled={disabled || maxPoints <= 0}
                value={state.points}
                suffix={t('pay.pointsUnit')}
                status={resolved.points === null || errors.points || (resolved.points ?? 0) > maxPoints ? 'error' : undefined}
                onChange={(e) => onChange({ ...state, points: e.target.value })}
                onPressEnter={enter(payAmountId('points'))}
                style={{ width: 120 }}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="till-points-info">
                {resolved.points
                  ? t('pay.pointsValue', { amount: formatFen(resolved.pointsFen), max: formatNumber(maxPoints) })
                  : t('pay.pointsMax', { max: formatNumber(maxPoints), rate: formatNumber(pointsPerYuan) })}
              </Typography.Text>
            </Flex>
            {err('points')}
          </div>
        </>
      ) : null}
      {OTHER_METHODS.map((m) => (
        <div key={m}>
          <Flex gap={8} align="center">
            {label(t(`methods.${m}`))}
            <Input
              id={payAmountId(m)}
              data-testid={payAmountId(m)}
              aria-label={t(`methods.${m}`)}
              size="small"
              prefix="¥"
              inputMode="decimal"
              autoComplete="off"
              maxLength={16}
              disabled={disabled}
              value={state.amounts[m]}
              status={resolved.fens[m] === null || errors[m] ? 'error' : undefined}
              onChange={(e) => setAmount(m, e.target.value)}
              onPressEnter={enter(payAmountId(m))}
              style={{ width: 120 }}
            />
            <Input
              id={payRefId(m)}
              data-testid={payRefId(m)}
              aria-label={t('pay.reference', { method: t(`methods.${m}`) })}
              placeholder={t('pay.referencePlaceholder')}
              size="small"
              autoComplete="off"
              maxLength={64}
              disabled={disabled || !resolved.fens[m]}
              value={state.refs[m]}
              status={resolved.fens[m] && !state.refs[m].trim() ? 'warning' : undefined}
              onChange={(e) => onChange({ ...state, refs: { ...state.refs, [m]: e.target.value } })}
              onPressEnter={enter(payRefId(m))}
              style={{ flex: 1, minWidth: 0 }}
            />
          </Flex>
          {err(m)}
        </div>
      ))}
      <div>
        <Flex gap={8} align="center">
          {label(t('methods.cash'))}
          <Input
            id={payAmountId('cash')}
            data-testid={payAmountId('cash')}
            aria-label={t('methods.cash')}
            size="small"
            prefix="¥"
            inputMode="decimal"
            autoComplete="off"
            maxLength={16}
            disabled={disabled}
            value={state.cashTouched ? state.amounts.cash : resolved.fens.cash ? fenToYuan(resolved.fens.cash) : ''}
            status={resolved.fens.cash === null || errors.cash ? 'error' : undefined}
            onChange={(e) => setAmount('cash', e.target.value)}
            onPressEnter={enter(payAmountId('cash'))}
            style={{ width: 120 }}
          />
          <Input
            id={CASH_RECEIVED_ID}
            data-testid={CASH_RECEIVED_ID}
            aria-label={t('pay.received')}
            placeholder={t('pay.receivedPlaceholder')}
            size="small"
            prefix="¥"
            inputMode="decimal"
            autoComplete="off"
            maxLength={16}
            disabled={disabled || !resolved.fens.cash}
            value={state.received}
            status={state.received.trim() && (resolved.receivedFen === null || resolved.receivedFen < (resolved.fens.cash ?? 0)) ? 'error' : undefined}
            onChange={(e) => onChange({ ...state, received: e.target.value })}
            onPressEnter={enter(CASH_RECEIVED_ID)}
            style={{ flex: 1, minWidth: 0 }}
          />
        </Flex>
        {!state.cashTouched && resolved.fens.cash ? (
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginInlineStart: 84 }}>
            {t('pay.cashFollows')}
          </Typography.Text>
        ) : null}
        {err('cash')}
      </div>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 2 }}>
        {diff === null ? (
          <span />
        ) : diff === 0 ? (
          <Typography.Text type="success" data-testid="till-pay-state">
            {t('pay.balanced', { amount: formatFen(resolved.sum) })}
          </Typography.Text>
        ) : (
          <Typography.Text type="warning" data-testid="till-pay-state">
            {diff > 0 ? t('pay.remaining', { amount: formatFen(diff) }) : t('pay.overpaid', { amount: formatFen(-diff) })}
          </Typography.Text>
        )}
        <Typography.Text style={{ fontSize: 16 }}>
          {t('pay.change')}{' '}
          <Typography.Text strong style={{ fontSize: 18, color: '#d4380d' }} data-testid="till-change">
            {resolved.changeFen !== null ? formatFen(resolved.changeFen) : '—'}
          </Typography.Text>
        </Typography.Text>
      </Flex>
      {errors.all ? (
        <Typography.Text type="danger" data-testid="till-pay-error">
          {errors.all}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

