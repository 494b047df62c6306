/**
 * Pure coupon rules (RULES R8): when a coupon is valid, where and for whom it can be used, which
 * lines of a cart it covers and what the pricing engine should take off.
 */
import { addDays, localDateTime, startOfLocalDay } from '../../kernel/clock';
import type { CouponKind, CouponStatus } from './coupons.tables';

export interface CouponTerms {
  kind: CouponKind;
  valueFen: number;
  rateBp: number | null;
  maxOffFen: number | null;
  minSpendFen: number;
  validity: { kind: 'fixed'; from: string; to: string } | { kind: 'days'; days: number };
  /** ISO weekdays (1 = Monday); null = any day */
  weekdays: number[] | null;
  /** store-local minutes [from, to); null = all day; from > to runs over midnight */
  hours: { fromMinute: number; toMinute: number } | null;
  productScope: 'all' | 'products' | 'categories';
  scopeIds: string[];
  storeIds: string[] | null;
  levelIds: string[] | null;
}

/**
 * When a coupon issued at `issuedAt` can be used: fixed dates run from the start of the first to
 * the end of the last day; "N days" counts the day of issue as day 1 and ends at the end of day N,
 * both in the merchant's time zone. `validTo` is exclusive.
 */
export function couponValidity(terms: Pick<CouponTerms, 'validity'>, issuedAt: Date, timeZone: string): { validFrom: string; validTo: string } {
  const v = terms.validity;
  if (v.kind === 'fixed') return { validFrom: startOfLocalDay(v.from, timeZone).toISOString(), validTo: startOfLocalDay(addDays(v.to, 1), timeZone).toISOString() };
  const today = localDateTime(issuedAt, timeZone).date;
  return { validFrom: issuedAt.toISOString(), validTo: startOfLocalDay(addDays(today, v.days), timeZone).toISOString() };
}

export type CouponRefusal = 'used' | 'void' | 'other_member' | 'not_yet_valid' | 'expired' | 'wrong_day' | 'outside_hours' | 'store' | 'level';

export interface CouponUseAt {
  now: Date;
  /** store-local date's ISO weekday and minute of the day */
  weekday: number;
  minute: number;
  storeId: string;
  memberId: string | null;
  levelId: string | null;
}

/** Why this coupon cannot be used at `at`, or null when it can (scope and minimum spend are the cart's business). */
export function couponRefusal(
  coupon: { status: CouponStatus; memberId: string | null; validFrom: string; validTo: string },
  terms: Pick<CouponTerms, 'weekdays' | 'hours' | 'storeIds' | 'levelIds'>,
  at: CouponUseAt,
): CouponRefusal | null {
  if (coupon.status === 'used') return 'used';
  if (coupon.status === 'void') return 'void';
  // a coupon issued to a member is theirs; one handed out by code serves whoever brings it
  if (coupon.memberId !== null && coupon.memberId !== at.memberId) return 'other_member';
  const now = at.now.toISOString();
  if (now < coupon.validFrom) return 'not_yet_valid';
  if (now >= coupon.validTo) return 'expired';
  if (terms.weekdays && !terms.weekdays.includes(at.weekday)) return 'wrong_day';
  if (terms.hours && !withinHours(terms.hours, at.minute)) return 'outside_hours';
  if (terms.storeIds && !terms.storeIds.includes(at.storeId)) return 'store';
  if (terms.levelIds && (at.levelId === null || !terms.levelIds.includes(at.levelId))) return 'level';
  return null;
}

function withinHours(h: { fromMinute: number; toMinute: number }, minute: number): boolean {
  return h.fromMinute <= h.toMinute ? minute >= h.fromMinute && minute < h.toMinute : minute >= h.fromMinute || minute < h.toMinute;
}

/** The cart lines a coupon covers: all, or those of its products or categories (a line's category and its parent; a quick-sale amount has neither). */
export function couponLineKeys(terms: Pick<CouponTerms, 'productScope' | 'scopeIds'>, lines: readonly { key: string; productId: string | null; categoryIds: readonly string[] }[]): string[] {
  const ids = new Set(terms.scopeIds);
  return lines
    .filter((l) => {
      if (terms.productScope === 'all') return true;
      if (terms.productScope === 'products') return l.productId !== null && ids.has(l.productId);
      return l.categoryIds.some((c) => ids.has(c));
    })
    .map((l) => l.key);
}

/** What the pricing engine takes off for this coupon on these lines (the shape of its coupon input). */
export type CouponPricing = { code: string; lineKeys: string[]; minSpendFen: number } & ({ amountFen: number } | { rateBp: number; maxOffFen: number | null });

export function couponPricing(code: string, terms: Pick<CouponTerms, 'kind' | 'valueFen' | 'rateBp' | 'maxOffFen' | 'minSpendFen'>, lineKeys: string[]): CouponPricing {
  const base = { code, lineKeys, minSpendFen: terms.minSpendFen };
  return terms.kind === 'discount' ? { ...base, rateBp: terms.rateBp ?? 10_000, maxOffFen: terms.maxOffFen } : { ...base, amountFen: terms.valueFen };
}
