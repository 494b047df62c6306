/**
 * 计时 (RULES R7) shapes as the API returns them (src/modules/orders/orders.schemas.ts) and the
 * helpers the timed-service page shares. Every amount is integer fen; every charge shown comes
 * from the server (the session list or the checkout quote).
 */
import { yuanToFen } from '../../../app/money';
import type { Adjustment, Balances, PricedLine, Totals } from '../till/checkout';

export type { Adjustment, Balances, PricedLine };

export const SESSIONS_KEY = '/timed-sessions';

export interface TimedSession {
  id: string;
  productId: string;
  productName: string;
  memberId: string | null;
  label: string;
  status: 'open' | 'closed' | 'cancelled';
  checkedInAt: string;
  /** so far: whole minutes, billed minutes and the charge before the member price */
  minutes: number;
  billedMinutes: number;
  chargeFen: number;
}

export const ROUNDINGS = ['none', 'drop_fen', 'drop_jiao'] as const;
export type Rounding = (typeof ROUNDINGS)[number];

export type PayMethod = 'cash' | 'stored_value' | 'points' | 'bank_card' | 'wechat' | 'alipay';
export type MoneyMethod = 'cash' | 'stored_value' | 'bank_card' | 'wechat' | 'alipay';
export type RefMethod = 'bank_card' | 'wechat' | 'alipay';
export const REF_METHODS: RefMethod[] = ['bank_card', 'wechat', 'alipay'];

export interface PaymentInput {
  method: MoneyMethod;
  amountFen: number;
  reference: string;
  receivedFen?: number;
}

export interface Quote extends Totals {
  memberId: string | null;
  memberName: string | null;
  levelName: string | null;
  lines: PricedLine[];
  balances: Balances | null;
}

export interface Order extends Totals {
  id: string;
  docNo: string;
  storeId: string;
  memberId: string | null;
  lines: PricedLine[];
  payments: { method: PayMethod; amountFen: number; points: number; reference: string; receivedFen: number | null; changeFen: number; principalFen: number; bonusFen: number }[];
  pointsEarned: number;
  staffName: string;
  createdAt: string;
  balances: Balances | null;
}

/** A product of kind 'timed' as the catalog list returns it (what the picker needs). */
export interface TimedProduct {
  id: string;
  code: string;
  name: string;
  unit: string;
  listPriceFen: number;
  status: 'active' | 'archived';
}

// ---- payment -----------------------------------------------------------------------------------

/** What the cashier typed in the payment panel (yuan as text). */
export interface PayState {
  amounts: Record<MoneyMethod, string>;
  refs: Record<RefMethod, string>;
  received: string;
  /** until the cashier types a cash amount, cash takes whatever the other methods leave */
  cashTouched: boolean;
}

export function emptyPay(): PayState {
  return {
    amounts: { cash: '', stored_value: '', bank_card: '', wechat: '', alipay: '' },
    refs: { bank_card: '', wechat: '', alipay: '' },
    received: '',
    cashTouched: false,
  };
}

export interface ResolvedPay {
  /** fen per method (cash resolved), null where the text is not an amount */
  fens: Record<MoneyMethod, number | null>;
  sum: number;
  receivedFen: number | null;
  changeFen: number | null;
  invalid: boolean;
  payments: PaymentInput[];
}

function parseAmount(text: string): number | null {
  if (!text.trim()) return 0;
  const f = yuanToFen(text);
  return f !== null && f >= 0 ? f : null;
}

/** The payments as the server will take them; cash that follows the rest is worked out here. */
export function resolvePay(s: PayState, totalFen: number | null, member: boolean): ResolvedPay {
  const fens: Record<MoneyMethod, number | null> = {
    stored_value: member ? parseAmount(s.amounts.stored_value) : 0,
    bank_card: parseAmount(s.amounts.bank_card),
    wechat: parseAmount(s.amounts.wechat),
    alipay: parseAmount(s.amounts.alipay),
    cash: 0,
  };
  const others = (fens.stored_value ?? 0) + (fens.bank_card ?? 0) + (fens.wechat ?? 0) + (fens.alipay ?? 0);
  fens.cash = s.cashTouched ? parseAmount(s.amounts.cash) : totalFen !== null ? Math.max(0, totalFen - others) : 0;
  const cash = fens.cash ?? 0;
  const sum = others + cash;
  const receivedFen = s.received.trim() ? yuanToFen(s.received) : null;
  const changeFen = receivedFen !== null && receivedFen >= cash && cash > 0 ? receivedFen - cash : null;
  const invalid = Object.values(fens).some((f) => f === null) || (s.received.trim() !== '' && receivedFen === null);
  const payments: PaymentInput[] = [];
  if (member && fens.stored_value) payments.push({ method: 'stored_value', amountFen: fens.stored_value, reference: '' });
  for (const m of REF_METHODS) if (fens[m]) payments.push({ method: m, amountFen: fens[m], reference: s.refs[m].trim() });
  if (cash > 0) payments.push({ method: 'cash', amountFen: cash, reference: '', ...(receivedFen !== null ? { receivedFen } : {}) });
  return { fens, sum, receivedFen, changeFen, invalid, payments };
}
