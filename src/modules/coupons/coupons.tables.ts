export type CouponKind = 'cash' | 'discount' | 'threshold';
export type CouponStatus = 'available' | 'used' | 'void';
/** how a coupon reached its holder, for the effectiveness report */
export type CouponChannel = 'manual' | 'bulk' | 'code' | 'checkout' | 'topup' | 'birthday' | 'redemption';
export type CouponRuleTrigger = 'checkout' | 'birthday';

/** 券模板: what a coupon is worth, when and where it can be used (RULES R8). */
export interface CouponTemplatesTable {
  merchant_id: string;
  id: string;
  name: string;
  kind: CouponKind;
  /** cash and threshold: the amount off */
  value_fen: number;
  /** discount: the rate paid, 8000 = 8折 */
  rate_bp: number | null;
  /** discount: at most this much off */
  max_off_fen: number | null;
  /** the in-scope lines after member pricing must reach this (满减's threshold) */
  min_spend_fen: number;
  validity_kind: 'fixed' | 'days';
  valid_from: string | null;
  valid_to: string | null;
  valid_days: number | null;
  /** JSON ISO weekdays (1 = Monday) or null = any day */
  weekdays: string | null;
  /** minutes of the store-local day, [from, to); null = all day */
  from_minute: number | null;
  to_minute: number | null;
  product_scope: 'all' | 'products' | 'categories';
  /** JSON ids for the product scope */
  scope_ids: string;
  /** JSON ids; null = every store / every level */
  store_ids: string | null;
  level_ids: string | null;
  per_member_limit: number | null;
  total_quantity: number | null;
  issued_count: number;
  stackable: number;
  cost_bearer: 'hq' | 'store';
  description: string;
  status: 'active' | 'archived';
  created_at: string;
  updated_at: string;
}

/** One coupon: a unique code, held by a member (or by whoever has the code), used at most once. */
export interface CouponsTable {
  merchant_id: string;
  id: string;
  code: string;
  template_id: string;
  member_id: string | null;
  channel: CouponChannel;
  /** the document that issued it ('order', 'topup', 'gift_redemption', 'birthday' …) and its id */
  source_kind: string | null;
  source_id: string | null;
  /** unique: a job or a retried hook never issues the same coupon twice */
  issue_key: string | null;
  issued_store_id: string | null;
  issued_at: string;
  valid_from: string;
  /** exclusive end */
  valid_to: string;
  status: CouponStatus;
  used_at: string | null;
  used_order_id: string | null;
  used_store_id: string | null;
  voided_at: string | null;
}

/**
 * Every use of a coupon on an order: a return of the whole order releases it (and the coupon is
 * available again while valid); a restored void uses it again as a new row.
 */
export interface CouponUsesTable {
  merchant_id: string;
  id: string;
  coupon_id: string;
  order_id: string;
  store_id: string;
  business_day: string;
  discount_fen: number;
  used_at: string;
  released_at: string | null;
  released_by_id: string | null;
}

/** 自动发券: "spend ≥ ¥200 → a ¥20 voucher", or a birthday coupon by the daily job. */
export interface CouponRulesTable {
  merchant_id: string;
  id: string;
  name: string;
  trigger: CouponRuleTrigger;
  template_id: string;
  quantity: number;
  /** checkout: the order total that earns it */
  min_spend_fen: number;
  /** JSON store ids where it applies (checkout: the selling store, birthday: the home store); null = all */
  store_ids: string | null;
  status: 'active' | 'archived';
  created_at: string;
  updated_at: string;
}

export interface CouponsTables {
  coupon_templates: CouponTemplatesTable;
  coupons: CouponsTable;
  coupon_uses: CouponUsesTable;
  coupon_rules: CouponRulesTable;
}
