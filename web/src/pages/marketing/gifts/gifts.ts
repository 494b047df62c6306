/**
 * Gift shapes as the API returns them (src/modules/gifts/gifts.schemas.ts) and the helpers the
 * 礼品 page and the 积分兑换 page share. Points are integers, amounts integer fen.
 * Texts live in the 'marketing.gifts' namespace.
 */
import type { TFunction } from 'i18next';
import { formatFen } from '../../../app/money';
import { formatNumber } from '../../../app/format';

export const NS = 'marketing.gifts';

export const GIFT_KINDS = ['goods', 'stored_value', 'uses', 'coupon'] as const;
export type GiftKind = (typeof GIFT_KINDS)[number];
export type GiftStatus = 'active' | 'archived';

export interface GiftCategory {
  id: string;
  name: string;
  sort: number;
  status: GiftStatus;
  /** gifts (any status) in this category */
  giftCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface GiftInput {
  categoryId: string | null;
  name: string;
  description: string;
  kind: GiftKind;
  pointsPrice: number;
  /** null = unlimited */
  stock: number | null;
  valueFen: number | null;
  serviceProductId: string | null;
  uses: number | null;
  validityDays: number | null;
  couponTemplateId: string | null;
  couponQuantity: number | null;
  /** null = every store / level */
  storeIds: string[] | null;
  levelIds: string[] | null;
}

export interface Gift extends GiftInput {
  id: string;
  categoryName: string | null;
  status: GiftStatus;
  createdAt: string;
  updatedAt: string;
}

export type RedemptionStatus = 'completed' | 'voided';
export const REDEMPTION_STATUSES: RedemptionStatus[] = ['completed', 'voided'];

export interface Redemption {
  id: string;
  docNo: string;
  storeId: string;
  businessDay: string;
  memberId: string;
  memberName: string;
  giftId: string;
  giftName: string;
  kind: GiftKind;
  quantity: number;
  points: number;
  /** stored_value: bonus value credited in all (fen) */
  valueFen: number;
  /** uses: uses credited in all */
  uses: number;
  /** coupon: coupons issued */
  coupons: number;
  status: RedemptionStatus;
  voidReason: string;
  voidedAt: string | null;
  voidedByName: string | null;
  staffName: string;
  createdAt: string;
}

export interface RedemptionDetail extends Redemption {
  couponsIssued: { code: string; name: string; validTo: string }[];
  /** the member's balances after a redeem or a void */
  balances: { principalFen: number; bonusFen: number; points: number } | null;
}

/** Query key prefixes (also the API paths). */
export const GIFTS_KEY = '/gifts';
export const GIFT_CATEGORIES_KEY = '/gift-categories';
export const REDEMPTIONS_KEY = '/gift-redemptions';

export const KIND_COLORS: Record<GiftKind, string> = { goods: 'blue', stored_value: 'gold', uses: 'purple', coupon: 'volcano' };
export const REDEMPTION_COLORS: Record<RedemptionStatus, string> = { completed: 'success', voided: 'default' };

/** '∞' for an unlimited stock, else the count. */
export function stockText(stock: number | null): string {
  return stock === null ? '∞' : formatNumber(stock);
}

/** What one gift gives, e.g. “¥20.00 赠送金”, “洗车 × 5 次，30 天内有效”, “满100减20 × 2 张”. */
export function giftGivesText(
  t: TFunction,
  g: Pick<GiftInput, 'kind' | 'valueFen' | 'uses' | 'validityDays' | 'couponQuantity'>,
  names: { service?: string; template?: string } = {},
): string {
  const ns = { ns: NS };
  switch (g.kind) {
    case 'stored_value':
      return t('gives.storedValue', { ...ns, amount: formatFen(g.valueFen ?? 0) });
    case 'uses':
      return t('gives.uses', { ...ns, service: names.service ?? t('gives.service', ns), uses: g.uses ?? 0, days: g.validityDays ?? 0 });
    case 'coupon':
      return t('gives.coupon', { ...ns, template: names.template ?? t('gives.template', ns), count: g.couponQuantity ?? 0 });
    default:
      return t('gives.goods', ns);
  }
}

/** What a redemption gave in all, e.g. “赠送金 ¥40.00”, “10 次”, “2 张券”. */
export function redemptionGaveText(t: TFunction, r: Pick<Redemption, 'kind' | 'valueFen' | 'uses' | 'coupons' | 'quantity'>): string {
  const ns = { ns: NS };
  switch (r.kind) {
    case 'stored_value':
      return t('gave.storedValue', { ...ns, amount: formatFen(r.valueFen) });
    case 'uses':
      return t('gave.uses', { ...ns, uses: r.uses });
    case 'coupon':
      return t('gave.coupon', { ...ns, count: r.coupons });
    default:
      return t('gave.goods', { ...ns, count: r.quantity });
  }
}
