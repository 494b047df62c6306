/** Sales documents as the API returns them (src/modules/orders/orders.schemas.ts). */
import type { Order, OrderKind, PricedLine } from '../till/checkout';

export const ORDERS_KEY = '/orders';
export const ORDER_KINDS: OrderKind[] = ['sale', 'quick', 'uses', 'points'];

export interface OrderListItem {
  id: string;
  docNo: string;
  kind: OrderKind;
  storeId: string;
  businessDay: string;
  memberId: string | null;
  memberName: string | null;
  totalFen: number;
  pointsEarned: number;
  staffName: string;
  createdAt: string;
}

export interface PlanPayment {
  /** the sale's payment this part goes back to */
  seq: number;
  method: string;
  amountFen: number;
  points: number;
  principalFen: number;
  bonusFen: number;
}

/** What a return gives back and takes back (POST /api/orders/:id/returns/preview). */
export interface ReturnPlan {
  lines: { seq: number; quantity: number; amountFen: number }[];
  goodsFen: number;
  payments: PlanPayment[];
  pointsReturned: number;
  pointsClawback: number;
  shortfallPoints: number;
  shortfallFen: number;
  refundFen: number;
  /** a return of the whole order: coupons given back (still valid) and expired ones that stay used (RULES R8); not kept on stored returns */
  couponsRestored?: string[];
  couponsKeptUsed?: string[];
}

export interface ReturnDoc extends ReturnPlan {
  id: string;
  docNo: string;
  /** restore: a void undone (恢复), its lines and payments negated */
  kind: 'return' | 'void' | 'restore';
  orderId: string;
  reason: string;
  createdAt: string;
  staffName: string;
}

export interface OrderDetailLine extends PricedLine {
  seq: number;
  returnedQuantity: number;
}

export interface OrderDetail extends Omit<Order, 'lines'> {
  lines: OrderDetailLine[];
  returns: ReturnDoc[];
}

/** The order's last return row is a void: it may be restored (恢复). */
export function isVoided(o: OrderDetail): boolean {
  return o.returns.at(-1)?.kind === 'void';
}

/** Lines with something left to return. */
export function remainingOf(l: OrderDetailLine): number {
  return Math.max(0, l.quantity - l.returnedQuantity);
}
