/**
 * The member wallet as the API returns it (src/modules/wallet/wallet.schemas.ts), its query keys
 * and the small helpers the wallet panel and its dialogs share.
 */
import { useCallback, useMemo, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../app/api';
import { MEMBERS_KEY } from '../../../app/members';
import { formatFen } from '../../../app/money';
import { formatNumber } from '../../../app/format';
import { newIdempotencyKey } from '../../../app/idempotencyKey';

export interface Balances {
  principalFen: number;
  bonusFen: number;
  points: number;
}

export type AnnualFeeStatus = 'due' | 'paid' | 'waived';
export interface AnnualFee {
  id: string;
  dueOn: string;
  amountFen: number;
  status: AnnualFeeStatus;
  paidVia: string | null;
}

export interface UsesLot {
  remaining: number;
  expiresAt: string | null;
}
export interface UsesItem {
  itemId: string;
  label: string;
  balance: number;
  lots: UsesLot[];
}

export interface Wallet {
  memberId: string;
  principalFen: number;
  bonusFen: number;
  storedValueFen: number;
  points: number;
  /** points lots with an expiry, soonest first */
  pointsExpiring: { points: number; expiresAt: string }[];
  uses: UsesItem[];
  pendingInstallmentsFen: number;
  annualFees: AnnualFee[];
}

export type MemberAccountKind = 'sv_principal' | 'sv_bonus' | 'points' | 'uses';
export interface StatementEntry {
  id: string;
  createdAt: string;
  asset: string;
  accountKind: string;
  accountLabel: string;
  /** signed: + into the member's account, − out of it */
  amount: number;
  balanceAfter: number | null;
  kind: string;
  docType: string;
  docId: string;
  docNo: string | null;
  memo: string;
  staffName: string;
  storeName: string | null;
  isReversal: boolean;
}

export interface TransferSide {
  memberId: string;
  memberName: string;
  cardNo: string | null;
  before: Balances;
  after: Balances;
}
export interface TransferPreview {
  from: TransferSide;
  to: TransferSide;
}
export interface TransferResult extends TransferPreview {
  id: string;
  docNo: string;
}

export const TENDER_METHODS = ['cash', 'bank_card', 'wechat', 'alipay'] as const;
export type TenderMethod = (typeof TENDER_METHODS)[number];
export const FEE_PAY_VIA = ['stored_value', ...TENDER_METHODS] as const;
export type FeePayVia = (typeof FEE_PAY_VIA)[number];

export interface CardRefundPreview {
  memberId: string;
  memberName: string;
  cardNo: string;
  refundFen: number;
  forfeitedBonusFen: number;
  /** future installment parts that stop */
  cancelledInstallmentsFen: number;
  /** points and uses stay with the member */
  points: number;
}
export interface CardRefundResult extends CardRefundPreview {
  id: string;
  docNo: string;
  method: TenderMethod;
}

/** Statement filter: CNY (stored value), POINTS, `USES:` (every service item) or `USES:<itemId>`. */
export type AssetFilter = 'CNY' | 'POINTS' | `USES:${string}`;

/**
 * Ledger kinds the statement filter offers (labels in locales `wallet.kinds`). Installment parts
 * (`installment_<n>`) are shown but cannot be filtered: the API's kind filter takes [a-z_] only.
 */
export const STATEMENT_KINDS = ['topup', 'topup_void', 'transfer', 'card_refund', 'annual_fee', 'points_adjust', 'expire'] as const;

export const walletKey = (memberId: string) => [MEMBERS_KEY, memberId, 'wallet'] as const;
export const ledgerKey = (memberId: string) => [MEMBERS_KEY, memberId, 'ledger'] as const;

export function useWallet(memberId: string, enabled = true) {
  return useQuery({
    queryKey: walletKey(memberId),
    queryFn: ({ signal }) => api.get<Wallet>(`/members/${memberId}/wallet`, undefined, { signal }),
    enabled,
  });
}

/**
 * After any wallet operation: the wallet, the statement, the member (live card) and its card
 * history all live under the members key, so one invalidation refreshes every panel.
 */
export function useRefreshMember() {
  const qc = useQueryClient();
  return useCallback(() => qc.invalidateQueries({ queryKey: [MEMBERS_KEY] }), [qc]);
}

/**
 * One Idempotency-Key per confirmed submission of a dialog: `current()` makes it on the first
 * confirm and hands the same one to every retry, `reset()` (after success, or when the dialog
 * opens afresh) starts the next submission.
 */
export function useIdempotencyKey() {
  const ref = useRef<string | null>(null);
  const current = useCallback(() => {
    ref.current ??= newIdempotencyKey();
    return ref.current;
  }, []);
  const reset = useCallback(() => {
    ref.current = null;
  }, []);
  const headers = useCallback(() => ({ 'Idempotency-Key': current() }), [current]);
  return useMemo(() => ({ current, reset, headers }), [current, reset, headers]);
}

const SIGNED = (n: number, text: string) => (n > 0 ? `+${text}` : text);

/** An amount of an asset: fen for CNY, a plain count for points and uses. */
export function formatAsset(asset: string, n: number, signed = false): string {
  const text = asset === 'CNY' ? formatFen(n) : formatNumber(n);
  return signed ? SIGNED(n, text) : text;
}

/** 'YYYY-MM-DD' of an ISO timestamp or date, in local time. */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
