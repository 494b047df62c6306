/**
 * Wallet shapes as the API returns them (src/modules/wallet/wallet.schemas.ts) and small
 * helpers shared by the till, the top-up records and the top-up rules pages.
 * Every amount is integer fen.
 */
import type { TFunction } from 'i18next';
import { formatScaled } from '../../../app/money';

export interface TopupTier {
  thresholdFen: number;
  bonusFen: number;
  points: number;
}

export type RuleStatus = 'active' | 'archived';

export interface TopupRule {
  id: string;
  name: string;
  /** null = every store */
  storeId: string | null;
  startsOn: string | null;
  endsOn: string | null;
  tiers: TopupTier[];
  perEvery: boolean;
  installmentMonths: number | null;
  status: RuleStatus;
}

export type TopupRuleInput = Omit<TopupRule, 'id' | 'status'>;

export const TENDER_METHODS = ['cash', 'bank_card', 'wechat', 'alipay'] as const;
export type TenderMethod = (typeof TENDER_METHODS)[number];

export interface Tender {
  method: TenderMethod;
  amountFen: number;
  reference: string;
}

export interface Balances {
  principalFen: number;
  bonusFen: number;
  points: number;
}

export interface TopupPreviewRule {
  id: string;
  name: string;
  bonusFen: number;
  points: number;
  installmentMonths: number | null;
}

export interface TopupPreview {
  memberId: string;
  memberName: string;
  cardNo: string;
  cardStatus: string;
  amountFen: number;
  rules: TopupPreviewRule[];
  ruleId: string | null;
  ruleName: string;
  bonusFen: number;
  points: number;
  installmentMonths: number | null;
  installmentParts: number[];
  needsApproval: boolean;
  approvalThresholdFen: number;
  dailyQuotaLeftFen: number | null;
  monthlyQuotaLeftFen: number | null;
  balances: Balances;
}

export type TopupStatus = 'pending_approval' | 'completed' | 'voided' | 'rejected';
export const TOPUP_STATUSES: TopupStatus[] = ['pending_approval', 'completed', 'voided', 'rejected'];

export interface Installment {
  seq: number;
  dueOn: string;
  amountFen: number;
  status: 'pending' | 'credited' | 'cancelled';
}

export interface Topup {
  id: string;
  docNo: string;
  storeId: string;
  storeName: string;
  memberId: string;
  memberName: string;
  cardNo: string;
  principalFen: number;
  bonusFen: number;
  points: number;
  ruleId: string | null;
  ruleName: string;
  installmentMonths: number | null;
  installments: Installment[];
  tenders: Tender[];
  note: string;
  status: TopupStatus;
  businessDay: string;
  createdAt: string;
  createdByName: string;
  approvedByName: string | null;
  approvedAt: string | null;
  closedReason: string;
  closedAt: string | null;
  /** the member's balances now, printed on the receipt */
  balances: Balances;
}

/** The member wallet (GET /api/members/:id/wallet), only the parts the till shows. */
export interface MemberWallet {
  memberId: string;
  principalFen: number;
  bonusFen: number;
  storedValueFen: number;
  points: number;
  pendingInstallmentsFen: number;
}

/** Query key prefixes: the records list and the rules list. */
export const TOPUPS_KEY = '/topups';
export const TOPUP_RULES_KEY = '/topup-rules';

export const STATUS_COLORS: Record<TopupStatus, string> = {
  pending_approval: 'warning',
  completed: 'success',
  voided: 'default',
  rejected: 'error',
};

/** 10000 → '100', 2050 → '20.5' (yuan without trailing zeros, for rule texts). */
export function shortYuan(fen: number): string {
  return formatScaled(fen, 2, true);
}

/**
 * A rule's tiers as one readable line, e.g. “充100送20；充500送120+200积分”.
 * Uses the 'wallet.rules' namespace (tierText …).
 */
export function tiersText(t: TFunction, rule: Pick<TopupRule, 'tiers' | 'perEvery' | 'installmentMonths'>): string {
  const ns = { ns: 'wallet.rules' };
  const tiers = [...rule.tiers].sort((a, b) => a.thresholdFen - b.thresholdFen);
  const parts = tiers.map((tier) => {
    const gifts: string[] = [];
    if (tier.bonusFen > 0) gifts.push(t('tierText.bonus', { ...ns, yuan: shortYuan(tier.bonusFen) }));
    if (tier.points > 0) gifts.push(t('tierText.points', { ...ns, points: tier.points }));
    const gift = gifts.length ? gifts.join(t('tierText.plus', ns)) : t('tierText.nothing', ns);
    return t(rule.perEvery ? 'tierText.perEvery' : 'tierText.tier', { ...ns, threshold: shortYuan(tier.thresholdFen), gift });
  });
  let text = parts.join(t('tierText.separator', ns));
  if (rule.installmentMonths) text += t('tierText.installments', { ...ns, months: rule.installmentMonths });
  return text;
}

/** Today as YYYY-MM-DD in the browser's local time. */
export function todayIso(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Whether a rule could apply at this store today (active, store, validity window). */
export function ruleAppliesHere(rule: TopupRule, storeId: string | null, today = todayIso()): boolean {
  if (rule.status !== 'active') return false;
  if (rule.storeId && rule.storeId !== storeId) return false;
  if (rule.startsOn && rule.startsOn > today) return false;
  if (rule.endsOn && rule.endsOn < today) return false;
  return true;
}

