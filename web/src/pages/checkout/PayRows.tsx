import type { KeyboardEvent, ReactNode } from 'react';
import { Flex, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fenToYuan, formatFen } from '../../app/money';
import type { PayMethod } from './till/checkout';

/**
 * The money rows of a payment panel, shared by the till and the 计时 check-out: stored value,
 * card / WeChat / Alipay with their references, cash with what was received, and how the payments
 * stand. Texts come from the page's own namespace (methods.*, pay.*).
 */

export type MoneyMethod = Exclude<PayMethod, 'points'>;
export type RefMethod = 'bank_card' | 'wechat' | 'alipay';
export const REF_METHODS: RefMethod[] = ['bank_card', 'wechat', 'alipay'];

type PageNs = 'checkout.till' | 'checkout.timed';
/** the page the rows are on: it names their ids and test ids (till-pay-cash, timed-ref-wechat, …) */
type IdPrefix = 'till' | 'timed';

/** What the cashier typed for the money methods (yuan as text). */
export interface MoneyPayState {
  amounts: Record<MoneyMethod, string>;
  refs: Record<RefMethod, string>;
  received: string;
  /** until the cashier types a cash amount, cash takes whatever the other methods leave */
  cashTouched: boolean;
}

export interface MoneyPayResolved {
  /** fen per method (cash resolved), null where the text is not an amount */
  fens: Record<MoneyMethod, number | null>;
  receivedFen: number | null;
}

export function payIds(prefix: IdPrefix) {
  return {
    amount: (m: PayMethod) => `${prefix}-pay-${m}`,
    reference: (m: RefMethod) => `${prefix}-ref-${m}`,
    received: `${prefix}-cash-received`,
  };
}

/** What every yuan field of the panel has. */
const YUAN_FIELD = { size: 'small', prefix: '¥', inputMode: 'decimal', autoComplete: 'off', maxLength: 16 } as const;

/** One method: its label and fields, then a note and the server's refusal below. */
export function PayRow({ label, labelWidth, note, error, errorTestId, children }: { label: string; labelWidth: number; note?: ReactNode; error?: string; errorTestId: string; children: ReactNode }) {
  return (
    <div>
      <Flex gap={8} align="center">
        <Typography.Text style={{ width: labelWidth, flex: 'none' }} ellipsis>
          {label}
        </Typography.Text>
        {children}
      </Flex>
      {note}
      {error ? (
        <Typography.Text type="danger" style={{ fontSize: 12, display: 'block' }} data-testid={errorTestId}>
          {error}
        </Typography.Text>
      ) : null}
    </div>
  );
}

export function PayRows<S extends MoneyPayState>({
  ns,
  idPrefix,
  labelWidth,
  state,
  resolved,
  member,
  svBalance,
  disabled,
  errors = {},
  onChange,
  onEnter,
  children,
}: {
  ns: PageNs;
  idPrefix: IdPrefix;
  labelWidth: number;
  state: S;
  resolved: MoneyPayResolved;
  member: boolean;
  svBalance: number;
  disabled: boolean;
  /** the server's refusal, next to the method that caused it */
  errors?: Partial<Record<MoneyMethod, string>>;
  onChange: (s: S) => void;
  /** Enter in the field with this id: move on (it never pays) */
  onEnter: (id: string) => void;
  /** rows that follow stored value (the till's points) */
  children?: ReactNode;
}) {
  const { t } = useTranslation([ns, 'common']);
  const ids = payIds(idPrefix);
  const enter = (id: string) => (e: KeyboardEvent) => {
    // the Enter must not reach the next field or button once focus has moved there
    e.preventDefault();
    onEnter(id);
  };
  const setAmount = (m: MoneyMethod, v: string) => onChange({ ...state, amounts: { ...state.amounts, [m]: v }, cashTouched: m === 'cash' ? true : state.cashTouched });
  const amount = (m: MoneyMethod, value: string, error: boolean) => (
    <Input
      {...YUAN_FIELD}
      id={ids.amount(m)}
      data-testid={ids.amount(m)}
      aria-label={t(`methods.${m}`)}
      disabled={disabled}
      value={value}
      status={error ? 'error' : undefined}
      onChange={(e) => setAmount(m, e.target.value)}
      onPressEnter={enter(ids.amount(m))}
      style={{ width: 120 }}
    />
  );
  const row = (m: MoneyMethod) => ({ label: t(`methods.${m}`), labelWidth, error: errors[m], errorTestId: `${idPrefix}-pay-error-${m}` });
  const cashFollows = !state.cashTouched && resolved.fens.cash;

  return (
    <>
      {member ? (
        <PayRow {...row('stored_value')}>
          {amount('stored_value', state.amounts.stored_value, resolved.fens.stored_value === null || !!errors.stored_value || (resolved.fens.stored_value ?? 0) > svBalance)}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('pay.svAvailable', { amount: formatFen(svBalance) })}
          </Typography.Text>
        </PayRow>
      ) : null}
      {children}
      {REF_METHODS.map((m) => (
        <PayRow key={m} {...row(m)}>
          {amount(m, state.amounts[m], resolved.fens[m] === null || !!errors[m])}
          <Input
            id={ids.reference(m)}
            data-testid={ids.reference(m)}
            aria-label={t('pay.reference', { method: t(`methods.${m}`) })}
            placeholder={t('pay.referencePlaceholder')}
            size="small"
            autoComplete="off"
            maxLength={64}
            disabled={disabled || !resolved.fens[m]}
            value={state.refs[m]}
            status={resolved.fens[m] && !state.refs[m].trim() ? 'warning' : undefined}
            onChange={(e) => onChange({ ...state, refs: { ...state.refs, [m]: e.target.value } })}
            onPressEnter={enter(ids.reference(m))}
            style={{ flex: 1, minWidth: 0 }}
          />
        </PayRow>
      ))}
      <PayRow
        {...row('cash')}
        note={
          cashFollows ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginInlineStart: labelWidth + 8 }}>
              {t('pay.cashFollows')}
            </Typography.Text>
          ) : null
        }
      >
        {amount('cash', state.cashTouched ? state.amounts.cash : resolved.fens.cash ? fenToYuan(resolved.fens.cash) : '', resolved.fens.cash === null || !!errors.cash)}
        <Input
          {...YUAN_FIELD}
          id={ids.received}
          data-testid={ids.received}
          aria-label={t('pay.received')}
          placeholder={t('pay.receivedPlaceholder')}
          disabled={disabled || !resolved.fens.cash}
          value={state.received}
          status={state.received.trim() && (resolved.receivedFen === null || resolved.receivedFen < (resolved.fens.cash ?? 0)) ? 'error' : undefined}
          onChange={(e) => onChange({ ...state, received: e.target.value })}
          onPressEnter={enter(ids.received)}
          style={{ flex: 1, minWidth: 0 }}
        />
      </PayRow>
    </>
  );
}

/** How the payments stand against the total, and the change to hand back. */
export function PayBalance({ ns, idPrefix, totalFen, sumFen, changeFen }: { ns: PageNs; idPrefix: IdPrefix; totalFen: number | null; sumFen: number; changeFen: number | null }) {
  const { t } = useTranslation([ns, 'common']);
  const diff = totalFen !== null ? totalFen - sumFen : null;
  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 2 }}>
      {diff === null ? (
        <span />
      ) : diff === 0 ? (
        <Typography.Text type="success" data-testid={`${idPrefix}-pay-state`}>
          {t('pay.balanced', { amount: formatFen(sumFen) })}
        </Typography.Text>
      ) : (
        <Typography.Text type="warning" data-testid={`${idPrefix}-pay-state`}>
          {diff > 0 ? t('pay.remaining', { amount: formatFen(diff) }) : t('pay.overpaid', { amount: formatFen(-diff) })}
        </Typography.Text>
      )}
      <Typography.Text style={{ fontSize: 16 }}>
        {t('pay.change')}{' '}
        <Typography.Text strong style={{ fontSize: 18, color: '#d4380d' }} data-testid={`${idPrefix}-change`}>
          {changeFen !== null ? formatFen(changeFen) : '—'}
        </Typography.Text>
      </Typography.Text>
    </Flex>
  );
}
