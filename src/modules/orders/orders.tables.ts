export type OrderKind = 'sale' | 'quick' | 'uses' | 'points';
export type OrderStatus = 'completed';
export type PaymentMethod = 'cash' | 'bank_card' | 'wechat' | 'alipay' | 'stored_value' | 'points';

/** A paid sale at a till (收银单). */
export interface OrdersTable {
  merchant_id: string;
  id: string;
  doc_no: string;
  kind: OrderKind;
  status: OrderStatus;
  store_id: string;
  till_id: string | null;
  business_day: string;
  member_id: string | null;
  /** as printed on the receipt */
  member_name: string | null;
  /** the level the order was priced at (RULES R5: a level reached by this order applies from the next one) */
  level_id: string | null;
  subtotal_fen: number;
  member_discount_fen: number;
  manual_discount_fen: number;
  order_discount_fen: number;
  coupon_discount_fen: number;
  rounding_fen: number;
  total_fen: number;
  points_earned: number;
  /** JSON of the order-level discount the cashier gave, with its reason; null when none */
  order_discount: string | null;
  staff_id: string | null;
  staff_name: string;
  /** who authorised a discount beyond the cashier's limit */
  authorized_by_name: string | null;
  created_at: string;
}

export interface OrderLinesTable {
  merchant_id: string;
  order_id: string;
  seq: number;
  /** null for a quick sale (amount only) */
  product_id: string | null;
  name: string;
  product_kind: string;
  quantity: number;
  list_unit_fen: number;
  unit_price_fen: number;
  amount_fen: number;
  points_eligible_fen: number;
  /** JSON Adjustment[]: every step of the price with the rule that produced it */
  adjustments: string;
}

export interface OrderPaymentsTable {
  merchant_id: string;
  order_id: string;
  seq: number;
  method: PaymentMethod;
  amount_fen: number;
  /** points used, for the points method */
  points: number;
  reference: string;
  /** cash handed over and change given, for cash */
  received_fen: number | null;
  change_fen: number;
  /** stored value: how the amount split between principal and bonus (RULES R3) */
  principal_fen: number;
  bonus_fen: number;
}

/**
 * 退货 of some lines, 撤销 (void) of what was left of the order, or 恢复 (restore) of a void:
 * a restore row carries the void's lines and payments negated, so sums over an order's rows
 * always say what is still returned (RULES R9).
 */
export interface OrderReturnsTable {
  merchant_id: string;
  id: string;
  doc_no: string;
  order_id: string;
  kind: 'return' | 'void' | 'restore';
  /** for a restore: the void it undoes */
  restores_id: string | null;
  store_id: string;
  business_day: string;
  member_id: string | null;
  goods_fen: number;
  refund_fen: number;
  points_returned: number;
  points_clawback: number;
  shortfall_points: number;
  shortfall_fen: number;
  reason: string;
  staff_id: string | null;
  staff_name: string;
  created_at: string;
}

export interface OrderReturnLinesTable {
  merchant_id: string;
  return_id: string;
  line_seq: number;
  quantity: number;
  amount_fen: number;
}

export interface OrderReturnPaymentsTable {
  merchant_id: string;
  return_id: string;
  payment_seq: number;
  method: PaymentMethod;
  amount_fen: number;
  points: number;
  principal_fen: number;
  bonus_fen: number;
  /** the part of this tender's share kept back for a points shortfall (RULES R9): counted as given back, for later returns' shares */
  shortfall_fen: number;
}

/** 挂单: a cart set aside at one till, resumed later on any till of the store. */
export interface ParkedOrdersTable {
  merchant_id: string;
  id: string;
  store_id: string;
  till_id: string | null;
  member_id: string | null;
  label: string;
  /** JSON CartInput */
  cart: string;
  staff_name: string;
  created_at: string;
}

/** 计时: a running session of a time-billed service, closed by the order that bills it (RULES R7). */
export interface TimedSessionsTable {
  merchant_id: string;
  id: string;
  store_id: string;
  product_id: string;
  member_id: string | null;
  /** table, room or lane, as the staff call it */
  label: string;
  status: 'open' | 'closed' | 'cancelled';
  checked_in_at: string;
  checked_out_at: string | null;
  order_id: string | null;
  staff_name: string;
}

export interface OrdersTables {
  timed_sessions: TimedSessionsTable;
  parked_orders: ParkedOrdersTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  order_payments: OrderPaymentsTable;
  order_returns: OrderReturnsTable;
  order_return_lines: OrderReturnLinesTable;
  order_return_payments: OrderReturnPaymentsTable;
}
