/**
 * Coupon shapes as the API returns them (src/modules/coupons/coupons.schemas.ts) and the helpers
 * the marketing pages, the member page and the top-up rules share. Every amount is integer fen,
 * every rate basis points (8000 = 8折). Texts live in the 'marketing.coupons' namespace.
 */
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api } from '../../app/api';
import { useAuth } from '../../app/auth';
import { bpToPercentOff, bpToZhe, formatScaled } from '../../app/money';

export const NS = 'marketing.coupons';

export const COUPON_KINDS = ['cash', 'discount', 'threshold'] as const;
export type CouponKind = (typeof COUPON_KINDS)[number];
export const COUPON_STATUSES = ['available', 'used', 'expired', 'void'] as const;
export type CouponStatus = (typeof COUPON_STATUSES)[number];
export const COUPON_CHANNELS = ['manual', 'bulk', 'code', 'checkout', 'topup', 'birthday', 'redemption'] as const;
export type CouponChannel = (typeof COUPON_CHANNELS)[number];
export type ProductScope = 'all' | 'products' | 'categories';
export type CostBearer = 'hq' | 'store';
export type TemplateStatus = 'active' | 'archived';

export type Validity = { kind: 'fixed'; from: string; to: string } | { kind: 'days'; days: number };

export interface CouponTemplateInput {
  name: string;
  kind: CouponKind;
  valueFen: number;
  rateBp: number | null;
  maxOffFen: number | null;
  minSpendFen: number;
  validity: Validity;
  /** ISO weekdays, 1 = Monday; null = every day */
  weekdays: number[] | null;
  /** store-local HH:MM, [from, to); from > to runs over midnight; null = all day */
  hours: { from: string; to: string } | null;
  productScope: ProductScope;
  scopeIds: string[];
  /** null = every store / level */
  storeIds: string[] | null;
  levelIds: string[] | null;
  perMemberLimit: number | null;
  totalQuantity: number | null;
  stackable: boolean;
  costBearer: CostBearer;
  description: string;
}

export interface CouponTemplate extends CouponTemplateInput {
  id: string;
  status: TemplateStatus;
  issuedCount: number;
  createdAt: string;
}

export interface Coupon {
  id: string;
  code: string;
  templateId: string;
  templateName: string;
  kind: CouponKind;
  valueFen: number;
  rateBp: number | null;
  maxOffFen: number | null;
  minSpendFen: number;
  memberId: string | null;
  memberName: string | null;
  channel: CouponChannel;
  status: CouponStatus;
  issuedAt: string;
  validFrom: string;
  /** exclusive: the first moment it is no longer valid */
  validTo: string;
  usedAt: string | null;
  usedOrderId: string | null;
  discountFen: number | null;
}

export type RuleTrigger = 'checkout' | 'birthday';
export interface CouponRuleInput {
  name: string;
  trigger: RuleTrigger;
  templateId: string;
  quantity: number;
  minSpendFen: number;
  storeIds: string[] | null;
}
export interface CouponRule extends CouponRuleInput {
  id: string;
  status: TemplateStatus;
  templateName: string;
}

export type IssueTarget =
  | { kind: 'members'; memberIds: string[] }
  | { kind: 'filter'; levelId?: string; storeId?: string; tag?: string; birthdayMonth?: number; lastVisitFrom?: string; lastVisitTo?: string }
  | { kind: 'codes'; count: number };
export interface IssueInput {
  templateId: string;
  target: IssueTarget;
  perMember: number;
}
export interface IssueResult {
  members: number;
  issued: number;
  skippedAtLimit: number;
  codes: string[];
}
export interface IssuePreview {
  members: number;
  coupons: number;
  /** null = no total quantity */
  left: number | null;
}

/** Query key prefixes. */
export const TEMPLATES_KEY = '/coupon-templates';
export const COUPONS_KEY = '/coupons';
export const RULES_KEY = '/coupon-rules';

export const STATUS_COLORS: Record<CouponStatus, string> = { available: 'success', used: 'processing', expired: 'default', void: 'error' };
export const KIND_COLORS: Record<CouponKind, string> = { cash: 'volcano', discount: 'geekblue', threshold: 'gold' };

/** Coupon templates of a status; `enabled` false when the user may not list them. */
export function useCouponTemplates(status: 'active' | 'archived' | 'all' = 'active', enabled = true) {
  const { can } = useAuth();
  return useQuery({
    queryKey: [TEMPLATES_KEY, status],
    queryFn: () => api.get<{ items: CouponTemplate[] }>(TEMPLATES_KEY, { status }).then((r) => r.items),
    enabled: enabled && can(['coupons.view', 'coupons.issue']),
    staleTime: 10_000,
  });
}

/** 2000 → '20', 2050 → '20.5' (yuan without trailing zeros, for coupon texts). */
export function shortYuan(fen: number): string {
  return formatScaled(fen, 2, true);
}

type Terms = Pick<CouponTemplateInput, 'kind' | 'valueFen' | 'rateBp' | 'maxOffFen' | 'minSpendFen'>;

/** What a coupon takes off, as people say it: “满100减20”, “8折 最多减50”, “减20”. */
export function valueText(t: TFunction, c: Terms): string {
  const ns = { ns: NS };
  if (c.kind === 'threshold') return t('offer.threshold', { ...ns, min: shortYuan(c.minSpendFen), off: shortYuan(c.valueFen) });
  let text: string;
  if (c.kind === 'discount') {
    const rate = c.rateBp ?? 10000;
    text = t('offer.discount', { ...ns, zhe: bpToZhe(rate), percent: bpToPercentOff(rate) });
    if (c.maxOffFen) text += t('offer.maxOff', { ...ns, max: shortYuan(c.maxOffFen) });
  } else {
    text = t('offer.cash', { ...ns, off: shortYuan(c.valueFen) });
  }
  if (c.minSpendFen > 0) text += t('offer.minSpend', { ...ns, min: shortYuan(c.minSpendFen) });
  return text;
}

const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** A template's validity: “2026-01-01 ~ 2026-03-31” or “领取后 30 天内有效”. */
export function validityText(t: TFunction, v: Validity): string {
  return v.kind === 'fixed' ? `${v.from} ~ ${v.to}` : t('validityDays', { ns: NS, days: v.days });
}

/** The last day a coupon issued now is good for: the fixed end, or today + days − 1. */
export function lastValidDay(v: Validity, now = new Date()): string {
  if (v.kind === 'fixed') return v.to;
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + v.days - 1);
  return localDay(d);
}

/** A coupon's validity as days: valid from its first day through the day before `validTo`. */
export function couponDays(c: Pick<Coupon, 'validFrom' | 'validTo'>): string {
  const from = new Date(c.validFrom);
  const end = new Date(new Date(c.validTo).getTime() - 1);
  if (Number.isNaN(from.getTime()) || Number.isNaN(end.getTime())) return '';
  return `${localDay(from)} ~ ${localDay(end)}`;
}

/** Weekdays and hours a template can be used in, or '' when any time. */
export function whenText(t: TFunction, c: Pick<CouponTemplateInput, 'weekdays' | 'hours'>): string {
  const parts: string[] = [];
  if (c.weekdays && c.weekdays.length < 7) parts.push([...c.weekdays].sort().map((d) => t(`weekdays.${d}`, { ns: NS })).join(t('listSeparator', { ns: NS })));
  if (c.hours) parts.push(`${c.hours.from}–${c.hours.to}`);
  return parts.join(' ');
}

/** '1,234 / 不限' style issued over total. */
export function quantityText(t: TFunction, issued: number, total: number | null): string {
  return `${issued} / ${total === null ? t('unlimited', { ns: NS }) : total}`;
}

/** Amount typed in yuan on a field that must be above 0. */
export const MAX_FEN = 1_000_000_000_000;
