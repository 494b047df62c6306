import { allocate, roundHalfUp } from '../../kernel/money';
import type { OrderKind } from './orders.tables';

/** Orders that moved no money but one ledger transaction (uses consumed, points spent): voided whole, by reversing it. */
export const LEDGER_ONLY_ORDERS: Partial<Record<OrderKind, string>> = { uses: 'uses_consumed', points: 'points_sale' };

/** A sold line with what earlier returns already took back. */
export interface ReturnableLine {
  seq: number;
  quantity: number;
  amountFen: number;
  returnedQuantity: number;
  returnedFen: number;
}

/** A payment of the sale with what earlier returns already gave back. */
export interface ReturnablePayment {
  seq: number;
  method: string;
  amountFen: number;
  points: number;
  principalFen: number;
  bonusFen: number;
  refundedFen: number;
  refundedPoints: number;
  refundedPrincipalFen: number;
}

export interface ReturnPlanInput {
  lines: readonly ReturnableLine[];
  request: readonly { seq: number; quantity: number }[];
  payments: readonly ReturnablePayment[];
  orderTotalFen: number;
  /** points the sale earned, and how many earlier returns clawed back (shortfalls included) */
  pointsEarned: number;
  pointsClawedBefore: number;
  /** the member's points now; null for a walk-in */
  memberPoints: number | null;
  pointsPerYuan: number;
}

export interface ReturnPlan {
  lines: { seq: number; quantity: number; amountFen: number }[];
  /** what the returned goods were paid: the refund before any shortfall */
  goodsFen: number;
  /** amountFen is what goes back; shortfallFen what was kept back of this tender's share */
  payments: { seq: number; method: string; amountFen: number; points: number; principalFen: number; bonusFen: number; shortfallFen: number }[];
  /** points given back that were spent on the sale */
  pointsReturned: number;
  /** points earned by the sale taken back now (the shortfall included) */
  pointsClawback: number;
  /** clawback the member's balance cannot cover, and its cash value taken off the refund (RULES R9) */
  shortfallPoints: number;
  shortfallFen: number;
  refundFen: number;
}

/** Units 0…n of an amount split over n equal shares, earlier units get the extra fen (R1). */
const unitShares = (amountFen: number, quantity: number) => allocate(amountFen, Array.from({ length: quantity }, () => 1));
const CASH_LIKE = new Set(['cash', 'bank_card', 'wechat', 'alipay']);

/**
 * RULES R9: a return of some lines reverses the sale in proportion to the refunded amount —
 * each payment gives back its share (stored value in the sale's principal/bonus split, points
 * spent returned), points earned are clawed back, and what the member's points cannot cover is
 * taken off the refund at the points' cash value. Returning everything that is left always
 * gives back exactly what is left, so several partial returns add up to a full one.
 */
export function planReturn(input: ReturnPlanInput): ReturnPlan {
  const bySeq = new Map(input.lines.map((l) => [l.seq, l]));
  const lines = input.request.map((r) => {
    const line = bySeq.get(r.seq);
    if (!line) throw new RangeError(`no line ${r.seq}`);
    if (!Number.isInteger(r.quantity) || r.quantity < 1 || r.quantity > line.quantity - line.returnedQuantity) throw new RangeError(`line ${r.seq}: cannot return ${r.quantity}`);
    const units = unitShares(line.amountFen, line.quantity);
    const amountFen = units.slice(line.returnedQuantity, line.returnedQuantity + r.quantity).reduce((s, u) => s + u, 0);
    return { seq: r.seq, quantity: r.quantity, amountFen };
  });
  const goodsFen = lines.reduce((s, l) => s + l.amountFen, 0);

  const left = input.payments.map((p) => p.amountFen - p.refundedFen);
  const shares = allocate(goodsFen, left);
  const payments = input.payments.map((p, i) => {
    const share = shares[i] ?? 0;
    const rest = left[i] ?? 0;
    const all = share === rest;
    const points = p.method !== 'points' || share === 0 ? 0 : all ? p.points - p.refundedPoints : Math.floor((p.points * share) / p.amountFen);
    const principalLeft = p.principalFen - p.refundedPrincipalFen;
    const principalFen = p.method !== 'stored_value' ? 0 : all ? principalLeft : Math.min(principalLeft, roundHalfUp(share * p.principalFen, p.amountFen));
    const bonusFen = p.method === 'stored_value' ? share - principalFen : 0;
    if (bonusFen < 0) throw new RangeError(`payment ${p.seq}: more principal than its share`);
    return { seq: p.seq, method: p.method, amountFen: share, points, principalFen, bonusFen, shortfallFen: 0 };
  });
  const pointsReturned = payments.reduce((s, p) => s + p.points, 0);

  const returnedBefore = input.lines.reduce((s, l) => s + l.returnedFen, 0);
  const returnedAfter = returnedBefore + goodsFen;
  const clawTarget = returnedAfter >= input.orderTotalFen ? input.pointsEarned : Math.floor((input.pointsEarned * returnedAfter) / Math.max(input.orderTotalFen, 1));
  const pointsClawback = Math.max(0, clawTarget - input.pointsClawedBefore);
  const available = (input.memberPoints ?? 0) + pointsReturned;
  const shortfallPoints = Math.max(0, pointsClawback - available);
  const shortfallFen = Math.min(Math.ceil((shortfallPoints * 100) / input.pointsPerYuan), payments.filter((p) => CASH_LIKE.has(p.method) || p.method === 'stored_value').reduce((s, p) => s + p.amountFen, 0));
  // the shortfall comes off what would go back as money: cash-like tenders first, then stored value principal
  let owed = shortfallFen;
  for (const p of [...payments].sort((a, b) => Number(CASH_LIKE.has(b.method)) - Number(CASH_LIKE.has(a.method)))) {
    if (owed === 0) break;
    if (!CASH_LIKE.has(p.method) && p.method !== 'stored_value') continue;
    const take = Math.min(owed, p.method === 'stored_value' ? p.principalFen : p.amountFen);
    p.amountFen -= take;
    p.shortfallFen = take;
    if (p.method === 'stored_value') p.principalFen -= take;
    owed -= take;
  }
  return { lines, goodsFen, payments, pointsReturned, pointsClawback, shortfallPoints, shortfallFen: shortfallFen - owed, refundFen: goodsFen - (shortfallFen - owed) };
}
