export type GiftKind = 'goods' | 'stored_value' | 'uses' | 'coupon';
export type GiftStatus = 'active' | 'archived';
export type GiftRedemptionStatus = 'completed' | 'voided';

/** 礼品分类. */
export interface GiftCategoriesTable {
  merchant_id: string;
  id: string;
  name: string;
  sort: number;
  status: GiftStatus;
  created_at: string;
  updated_at: string;
}

/**
 * 礼品: what a member gets for points. A goods gift is handed over; a stored_value gift credits
 * bonus value, a uses gift credits uses of a service, a coupon gift issues coupons of a template.
 */
export interface GiftsTable {
  merchant_id: string;
  id: string;
  category_id: string | null;
  name: string;
  description: string;
  kind: GiftKind;
  /** points for one, > 0 */
  points_price: number;
  /** null = unlimited */
  stock: number | null;
  /** stored_value: bonus value credited per gift (fen) */
  value_fen: number | null;
  /** uses: the service item, uses per gift and their validity in days */
  service_product_id: string | null;
  uses: number | null;
  validity_days: number | null;
  /** coupon: the template and how many coupons per gift */
  coupon_template_id: string | null;
  coupon_quantity: number | null;
  /** JSON array of store ids; null = every store */
  store_ids: string | null;
  /** JSON array of member level ids; null = every level */
  level_ids: string | null;
  status: GiftStatus;
  created_at: string;
  updated_at: string;
}

/** 兑换记录: one redemption of points for a gift, voidable once (points and stock return). */
export interface GiftRedemptionsTable {
  merchant_id: string;
  id: string;
  doc_no: string;
  store_id: string;
  business_day: string;
  member_id: string;
  member_name: string;
  gift_id: string;
  gift_name: string;
  kind: GiftKind;
  quantity: number;
  /** how many came out of stock (0 for a gift without a stock count): what a void puts back */
  stock_taken: number;
  /** points taken in all */
  points: number;
  /** what it gave, as redeemed: bonus value (fen), uses, coupons — in all, for receipts and reports */
  value_fen: number;
  uses: number;
  coupons: number;
  status: GiftRedemptionStatus;
  void_reason: string;
  voided_at: string | null;
  voided_by_name: string | null;
  staff_id: string | null;
  staff_name: string;
  created_at: string;
}

export interface GiftsTables {
  gift_categories: GiftCategoriesTable;
  gifts: GiftsTable;
  gift_redemptions: GiftRedemptionsTable;
}
