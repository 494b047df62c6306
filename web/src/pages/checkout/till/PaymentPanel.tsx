import { Button, Flex, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fenToYuan, formatFen, yuanToFen } from '../../../app/money';
import { formatNumber } from '../../../app/format';
import { PayBalance, PayRow, PayRows, REF_METHODS, payIds, type MoneyMethod, type MoneyPayState } from '../PayRows';
import { pointsValueFen, type Balances, type PayMethod, type PaymentInput } from './checkout';

/** What the cashier typed in the payment panel (yuan as text), points besides the money. */
export interface PayState extends MoneyPayState {
  points: string;
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
  for (const m of REF_METHODS) if (fens[m]) payments.push({ method: m, amountFen: fens[m], reference: s.refs[m].trim() });
  if (cash > 0) payments.push({ method: 'cash', amountFen: cash, reference: '', ...(receivedFen !== null ? { receivedFen } : {}) });
  return { fens, points, pointsFen, sum, receivedFen, changeFen, invalid, payments };
}

const ids = payIds('till');

/** Enter moves through these fields in order, then to the confirm button; it never pays. */
export function payFocusOrder(member: boolean): string[] {
  const order: string[] = [];
  if (member) order.push(ids.amount('stored_value'), ids.amount('points'));
  for (const m of REF_METHODS) order.push(ids.amount(m), ids.reference(m));
  order.push(ids.amount('cash'), ids.received);
  return order;
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
      <PayRows ns="checkout.till" idPrefix="till" labelWidth={76} state={state} resolved={resolved} member={member} svBalance={svBalance} disabled={disabled} errors={errors} onChange={onChange} onEnter={onEnter}>
        {member ? (
          <PayRow label={t('methods.points')} labelWidth={76} error={errors.points} errorTestId="till-pay-error-points">
            <Input
              id={ids.amount('points')}
              data-testid={ids.amount('points')}
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
              onPressEnter={(e) => {
                // like the money fields: the Enter must not reach the field focus moves to
                e.preventDefault();
                onEnter(ids.amount('points'));
              }}
              style={{ width: 120 }}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="till-points-info">
              {resolved.points
                ? t('pay.pointsValue', { amount: formatFen(resolved.pointsFen), max: formatNumber(maxPoints) })
                : t('pay.pointsMax', { max: formatNumber(maxPoints), rate: formatNumber(pointsPerYuan) })}
            </Typography.Text>
          </PayRow>
        ) : null}
      </PayRows>
      <PayBalance ns="checkout.till" idPrefix="till" totalFen={totalFen} sumFen={resolved.sum} changeFen={resolved.changeFen} />
      {errors.all ? (
        <Typography.Text type="danger" data-testid="till-pay-error">
          {errors.all}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}
