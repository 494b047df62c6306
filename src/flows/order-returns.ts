import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Clock } from '../kernel/clock';
import { AppError } from '../kernel/errors';
import { newId } from '../kernel/ids';
import type { AccessContext } from '../platform/context';
import { nextDocNo } from '../platform/doc-numbers';
import type { WriteScope } from '../platform/write';
import type { CatalogService } from '../modules/catalog/catalog.service';
import type { CouponsService } from '../modules/coupons/coupons.service';
import { CouponsErrors } from '../modules/coupons/coupons.errors';
import type { MembersService } from '../modules/members/members.service';
import { OrdersErrors } from '../modules/orders/orders.errors';
import { ordersRepository as orders, type OrderRow } from '../modules/orders/orders.repository';
import { LEDGER_ONLY_ORDERS, planReturn, type ReturnPlan } from '../modules/orders/return-rules';
import type { ReturnDto, ReturnInput } from '../modules/orders/orders.schemas';
import type { OrderKind } from '../modules/orders/orders.tables';
import type { OrgService } from '../modules/org/org.service';
import { Accounts, POINTS, usesAsset, type Posting } from '../modules/wallet/ledger';
import { pointsExpiresAt } from '../modules/wallet/wallet-rules';
import type { WalletService } from '../modules/wallet/wallet.service';

type Exec = Kysely<Database>;

/**
 * 退货 and 撤销 (RULES R9): a return reverses the sale in proportion — every tender gets its
 * share back (stored value in the sale's principal/bonus split, points spent returned), points
 * earned are clawed back (a shortfall comes off the refund), count-card uses are taken back and
 * the member's lifetime totals shrink. A void is the return of everything that is left.
 */
export class OrderReturnsFlow {
  constructor(
    private readonly db: Exec,
    private readonly org: OrgService,
    private readonly members: MembersService,
    private readonly catalog: CatalogService,
    private readonly wallet: WalletService,
    private readonly coupons: CouponsService,
    private readonly clock: Clock,
  ) {}

  private async order(exec: Exec, ctx: AccessContext, id: string) {
    const row = await orders.findOrder(exec, ctx.merchantId, id);
    if (!row || (ctx.allowedStoreIds && !ctx.allowedStoreIds.has(row.store_id))) throw new AppError(OrdersErrors.ORDER_NOT_FOUND, { field: 'id' });
    return row;
  }

  /** The order with what its returns already took back. */
  private async state(exec: Exec, order: OrderRow) {
    const m = order.merchant_id;
    const [lines, payments, returns] = await Promise.all([orders.linesOf(exec, m, order.id), orders.paymentsOf(exec, m, order.id), orders.returnsOf(exec, m, order.id)]);
    const ids = returns.map((r) => r.id);
    const [returnLines, returnPayments] = await Promise.all([orders.returnLinesOf(exec, m, ids), orders.returnPaymentsOf(exec, m, ids)]);
    const sum = <T>(rows: T[], pick: (r: T) => number) => rows.reduce((s, r) => s + pick(r), 0);
    return {
      lines,
      payments,
      returns,
      returnLines,
      returnPayments,
      returnable: lines.map((l) => {
        const back = returnLines.filter((r) => r.line_seq === l.seq);
        return { seq: l.seq, quantity: l.quantity, amountFen: l.amount_fen, returnedQuantity: sum(back, (r) => r.quantity), returnedFen: sum(back, (r) => r.amount_fen) };
      }),
      refundable: payments.map((p) => {
        const back = returnPayments.filter((r) => r.payment_seq === p.seq);
        // a shortfall taken off a tender still counts as given back for that tender's share
        return {
          seq: p.seq,
          method: p.method,
          amountFen: p.amount_fen,
          points: p.points,
          principalFen: p.principal_fen,
          bonusFen: p.bonus_fen,
          refundedFen: sum(back, (r) => r.amount_fen + r.shortfall_fen),
          refundedPoints: sum(back, (r) => r.points),
          refundedPrincipalFen: sum(back, (r) => r.principal_fen + (r.method === 'stored_value' ? r.shortfall_fen : 0)),
        };
      }),
      pointsClawedBefore: sum(returns, (r) => r.points_clawback),
    };
  }

  private async plan(exec: Exec, order: OrderRow, request: ReturnInput['lines'] | 'all', lockMember: boolean, now: Date) {
    const s = await this.state(exec, order);
    const settings = await this.org.getSettings(order.merchant_id, exec);
    // points past their expiry cannot be clawed back, so they do not cover a shortfall (RULES R9)
    const memberPoints = order.member_id ? await this.wallet.spendablePoints(exec, order.merchant_id, order.member_id, now, lockMember) : null;
    const lines = request === 'all' ? s.returnable.filter((l) => l.quantity > l.returnedQuantity).map((l) => ({ seq: l.seq, quantity: l.quantity - l.returnedQuantity })) : request;
    if (lines.length === 0) throw new AppError(OrdersErrors.ORDER_NOTHING_LEFT, { field: 'id' });
    try {
      const plan = planReturn({ lines: s.returnable, request: lines, payments: s.refundable, orderTotalFen: order.total_fen, pointsEarned: order.points_earned, pointsClawedBefore: s.pointsClawedBefore, memberPoints, pointsPerYuan: settings.wallet.pointsPerYuan });
      return { plan, state: s, settings };
    } catch (err) {
      if (err instanceof RangeError) throw new AppError(OrdersErrors.ORDER_RETURN_INVALID, { field: 'lines' });
      throw err;
    }
  }

  async preview(ctx: AccessContext, orderId: string, lines: ReturnInput['lines']) {
    const order = await this.order(this.db, ctx, orderId);
    const now = this.clock.now();
    const { plan, state } = await this.plan(this.db, order, lines, false, now);
    const none = { restored: [], keptUsed: [] };
    const everything = returnsEverything(state.returnable, plan);
    if (everything && (await this.coupons.usedIssuedBy(this.db, ctx.merchantId, { kind: 'order', id: order.id })) > 0) throw earnedCouponUsed();
    const coupons = everything ? await this.coupons.releasePreview(this.db, ctx.merchantId, order.id, now) : none;
    return { ...plan, couponsRestored: coupons.restored, couponsKeptUsed: coupons.keptUsed };
  }

  returnLines(w: WriteScope, ctx: AccessContext, orderId: string, input: ReturnInput) {
    return this.apply(w, ctx, orderId, input.lines, 'return', input.reason);
  }

  voidOrder(w: WriteScope, ctx: AccessContext, orderId: string, reason: string) {
    return this.apply(w, ctx, orderId, 'all', 'void', reason);
  }

  private async apply(w: WriteScope, ctx: AccessContext, orderId: string, request: ReturnInput['lines'] | 'all', kind: 'return' | 'void', reason: string): Promise<ReturnDto> {
    const order = await this.order(w.tx, ctx, orderId);
    // two returns of one order queue on its row, so neither gives back what the other already did
    await orders.lockOrder(w.tx, ctx.merchantId, order.id);
    // uses consumed and points spent come back only all together: the posting is reversed onto the very lots it took
    const ledgerOnly = LEDGER_ONLY_ORDERS[order.kind];
    if (ledgerOnly && request !== 'all') throw new AppError(OrdersErrors.ORDER_RETURN_INVALID, { field: 'lines' });
    const planned = await this.plan(w.tx, order, request, true, w.now);
    const { state, settings } = planned;
    // a points sale moved no money: its void gives back the points it took, so the documents (and the day close) say so
    const plan = order.kind === 'points' ? pointsBack(planned.plan, state.refundable) : planned.plan;
    const { store, day } = await this.org.currentStoreDay(w.tx, ctx, w.now);
    const id = newId();
    const docNo = await nextDocNo(w.tx, ctx.merchantId, store.id, 'return', day);
    if (ledgerOnly) {
      const posted = await this.wallet.ledger.txnOfDoc(w.tx, ctx.merchantId, 'order', order.id, ledgerOnly);
      if (posted) await this.wallet.ledger.reverse(w, posted.id, { kind: 'void_reversal', docType: 'order_return', docId: id, docNo, storeId: store.id, memberId: order.member_id, businessDay: day, memo: reason });
    } else if (order.member_id) await this.moveValue(w, order, plan, state.lines, id, docNo, day, settings.wallet.pointsExpiry, store.time_zone);
    // R8: the whole order back → its coupons back while valid, and the coupons it earned void; if the
    // member has used one of those, they have had its value and the order cannot be undone in full
    let coupons: { restored: string[]; keptUsed: string[] } = { restored: [], keptUsed: [] };
    if (returnsEverything(state.returnable, plan)) {
      coupons = await this.coupons.releaseForOrder(w, order.id, id);
      if ((await this.coupons.voidIssuedBy(w, ctx.merchantId, { kind: 'order', id: order.id })).used > 0) throw earnedCouponUsed();
    }
    const row = {
      merchant_id: ctx.merchantId,
      id,
      doc_no: docNo,
      order_id: order.id,
      kind,
      restores_id: null,
      store_id: store.id,
      business_day: day,
      member_id: order.member_id,
      goods_fen: plan.goodsFen,
      refund_fen: plan.refundFen,
      points_returned: plan.pointsReturned,
      points_clawback: plan.pointsClawback,
      shortfall_points: plan.shortfallPoints,
      shortfall_fen: plan.shortfallFen,
      reason,
      staff_id: ctx.staffId,
      staff_name: ctx.staffName,
      created_at: w.now.toISOString(),
    };
    await orders.insertReturn(
      w.tx,
      row,
      plan.lines.map((l) => ({ merchant_id: ctx.merchantId, return_id: id, line_seq: l.seq, quantity: l.quantity, amount_fen: l.amountFen })),
      plan.payments.filter((p) => p.amountFen > 0 || p.points > 0 || p.shortfallFen > 0).map((p) => ({ merchant_id: ctx.merchantId, return_id: id, payment_seq: p.seq, method: p.method as 'cash', amount_fen: p.amountFen, points: p.points, principal_fen: p.principalFen, bonus_fen: p.bonusFen, shortfall_fen: p.shortfallFen })),
    );
    await w.audit({ action: `order.${kind}`, entityType: 'order', entityId: order.id, after: { docNo, orderDocNo: order.doc_no, reason, goodsFen: plan.goodsFen, refundFen: plan.refundFen, pointsClawback: plan.pointsClawback, shortfallFen: plan.shortfallFen } });
    return {
      ...plan,
      couponsRestored: coupons.restored,
      couponsKeptUsed: coupons.keptUsed,
      id,
      docNo,
      kind,
      orderId: order.id,
      reason,
      createdAt: row.created_at,
      staffName: ctx.staffName,
      balances: order.member_id ? await this.wallet.balances(w.tx, ctx.merchantId, order.member_id) : null,
    };
  }

  /**
   * 恢复: undoes the order's last void if everything it gave back is still unused — its ledger
   * transaction is reversed onto the very lots it touched — and records a restore row holding
   * the void's lines and payments negated, so the order counts as sold again.
   */
  async restore(w: WriteScope, ctx: AccessContext, orderId: string, reason: string): Promise<ReturnDto> {
    const order = await this.order(w.tx, ctx, orderId);
    await orders.lockOrder(w.tx, ctx.merchantId, order.id);
    const s = await this.state(w.tx, order);
    const last = s.returns.at(-1);
    // a void is restored once: the unique restores_id says so even if timestamps tie under the order lock
    if (!last || last.kind !== 'void' || s.returns.some((r) => r.restores_id === last.id)) throw new AppError(OrdersErrors.ORDER_NOT_VOIDED, { field: 'id' });
    const { store, day } = await this.org.currentStoreDay(w.tx, ctx, w.now);
    const id = newId();
    const docNo = await nextDocNo(w.tx, ctx.merchantId, store.id, 'return', day);
    const voidTxn = await this.wallet.ledger.txnOfDoc(w.tx, ctx.merchantId, 'order_return', last.id, LEDGER_ONLY_ORDERS[order.kind] ? 'void_reversal' : 'return');
    if (voidTxn) {
      try {
        await this.wallet.ledger.reverse(w, voidTxn.id, { kind: 'restore', docType: 'order_return', docId: id, docNo, storeId: store.id, memberId: order.member_id, businessDay: day, memo: reason });
      } catch (err) {
        if (err instanceof AppError && (err.code === 'WALLET_REVERSAL_BLOCKED' || err.code.startsWith('WALLET_INSUFFICIENT'))) throw new AppError(OrdersErrors.ORDER_RESTORE_BLOCKED, { field: 'id' });
        throw err;
      }
    }
    if (!(await this.coupons.reapply(w, { id: order.id, storeId: order.store_id, day }, last.id))) throw new AppError(OrdersErrors.ORDER_RESTORE_BLOCKED, { field: 'id' });
    // the coupons the sale earned, cancelled by the void in its transaction, are the member's again
    await this.coupons.reviveIssuedBy(w, ctx.merchantId, { kind: 'order', id: order.id }, last.created_at);
    const lines = s.returnLines.filter((l) => l.return_id === last.id);
    const payments = s.returnPayments.filter((p) => p.return_id === last.id);
    if (order.member_id && !LEDGER_ONLY_ORDERS[order.kind]) {
      const pointsCash = payments.filter((p) => p.method === 'points').reduce((sum, p) => sum + p.amount_fen, 0);
      await this.members.recordActivity(w, order.member_id, { spendFen: last.goods_fen - pointsCash, points: last.points_clawback - last.shortfall_points });
    }
    const row = {
      ...last,
      id,
      doc_no: docNo,
      kind: 'restore' as const,
      restores_id: last.id,
      store_id: store.id,
      business_day: day,
      goods_fen: -last.goods_fen,
      refund_fen: -last.refund_fen,
      points_returned: -last.points_returned,
      points_clawback: -last.points_clawback,
      shortfall_points: -last.shortfall_points,
      shortfall_fen: -last.shortfall_fen,
      reason,
      staff_id: ctx.staffId,
      staff_name: ctx.staffName,
      created_at: w.now.toISOString(),
    };
    await orders.insertReturn(
      w.tx,
      row,
      lines.map((l) => ({ ...l, return_id: id, quantity: -l.quantity, amount_fen: -l.amount_fen })),
      payments.map((p) => ({ ...p, return_id: id, amount_fen: -p.amount_fen, points: -p.points, principal_fen: -p.principal_fen, bonus_fen: -p.bonus_fen, shortfall_fen: -p.shortfall_fen })),
    );
    await w.audit({ action: 'order.restore', entityType: 'order', entityId: order.id, after: { docNo, orderDocNo: order.doc_no, voidDocNo: last.doc_no, reason } });
    return {
      id,
      docNo,
      kind: 'restore',
      orderId: order.id,
      reason,
      createdAt: row.created_at,
      staffName: ctx.staffName,
      lines: lines.map((l) => ({ seq: l.line_seq, quantity: -l.quantity, amountFen: -l.amount_fen })),
      goodsFen: row.goods_fen,
      payments: payments.map((p) => ({ seq: p.payment_seq, method: p.method, amountFen: -p.amount_fen, points: -p.points, principalFen: -p.principal_fen, bonusFen: -p.bonus_fen })),
      pointsReturned: row.points_returned,
      pointsClawback: row.points_clawback,
      shortfallPoints: row.shortfall_points,
      shortfallFen: row.shortfall_fen,
      refundFen: row.refund_fen,
      couponsRestored: [],
      couponsKeptUsed: [],
      balances: order.member_id ? await this.wallet.balances(w.tx, ctx.merchantId, order.member_id) : null,
    };
  }

  /** The member side of a return: stored value and spent points back, earned points and count-card uses taken back, lifetime totals reduced. */
  private async moveValue(w: WriteScope, order: OrderRow, plan: ReturnPlan, lines: Awaited<ReturnType<typeof orders.linesOf>>, returnId: string, docNo: string, day: string, expiry: Parameters<typeof pointsExpiresAt>[0], timeZone: string) {
    const memberId = order.member_id!;
    const sales = Accounts.store(order.store_id, 'sales');
    const postings: Posting[] = [];
    for (const p of plan.payments) {
      if (p.method === 'stored_value' && p.principalFen > 0) postings.push({ from: sales, to: Accounts.principal(memberId), amount: p.principalFen });
      if (p.method === 'stored_value' && p.bonusFen > 0) postings.push({ from: sales, to: Accounts.bonus(memberId), amount: p.bonusFen });
    }
    if (plan.pointsReturned > 0) postings.push({ from: Accounts.store(order.store_id, 'points_redeemed', POINTS), to: Accounts.points(memberId), amount: plan.pointsReturned, expiresAt: pointsExpiresAt(expiry, w.now, timeZone) });
    const clawed = plan.pointsClawback - plan.shortfallPoints;
    if (clawed > 0) postings.push({ from: Accounts.points(memberId), to: Accounts.merchant('points_issued', POINTS), amount: clawed });
    // count-card uses sold on a returned line go back; refused when the member has already used them
    const cardLines = plan.lines.map((r) => ({ r, line: lines.find((l) => l.seq === r.seq)! })).filter(({ line }) => line.product_kind === 'count_card' && line.product_id);
    if (cardLines.length) {
      const facts = await this.catalog.priceFacts(w.tx, order.merchant_id, order.store_id, cardLines.map(({ line }) => line.product_id!), w.now, null);
      for (const { r, line } of cardLines) {
        for (const item of facts.get(line.product_id!)?.countCardItems ?? []) {
          postings.push({ from: Accounts.uses(memberId, item.serviceProductId, item.serviceProductId), to: Accounts.store(order.store_id, 'uses_sold', usesAsset(item.serviceProductId)), amount: item.uses * r.quantity, field: 'lines' });
        }
      }
    }
    if (postings.length) await this.wallet.ledger.post(w, { kind: 'return', docType: 'order_return', docId: returnId, docNo, storeId: order.store_id, memberId, businessDay: day }, postings);
    const pointsCash = plan.payments.filter((p) => p.method === 'points').reduce((s, p) => s + p.amountFen, 0);
    await this.members.recordActivity(w, memberId, { spendFen: -(plan.goodsFen - pointsCash), points: -clawed });
  }

  // ---- documents ----------------------------------------------------------------------------

  async get(ctx: AccessContext, id: string) {
    const order = await this.order(this.db, ctx, id);
    const s = await this.state(this.db, order);
    const lines = s.lines.map((l) => ({ ...l, adjustments: JSON.parse(l.adjustments) as { kind: string; rule: string; amountFen: number; rateBp: number | null; detail: string }[] }));
    // the coupons as priced: each coupon adjustment names its code
    const couponFen = new Map<string, number>();
    for (const a of lines.flatMap((l) => l.adjustments)) if (a.kind === 'coupon') couponFen.set(a.detail, (couponFen.get(a.detail) ?? 0) - a.amountFen);
    const couponNames = await this.coupons.namesByCode(this.db, ctx.merchantId, [...couponFen.keys()]);
    return {
      id: order.id,
      docNo: order.doc_no,
      kind: order.kind,
      storeId: order.store_id,
      businessDay: order.business_day,
      memberId: order.member_id,
      memberName: order.member_name,
      lines: lines.map((l) => ({
        seq: l.seq,
        productId: l.product_id,
        name: l.name,
        kind: l.product_kind,
        quantity: l.quantity,
        returnedQuantity: s.returnable.find((r) => r.seq === l.seq)?.returnedQuantity ?? 0,
        listUnitFen: l.list_unit_fen,
        unitPriceFen: l.unit_price_fen,
        amountFen: l.amount_fen,
        adjustments: l.adjustments,
      })),
      subtotalFen: order.subtotal_fen,
      memberDiscountFen: order.member_discount_fen,
      manualDiscountFen: order.manual_discount_fen,
      orderDiscountFen: order.order_discount_fen,
      couponDiscountFen: order.coupon_discount_fen,
      roundingFen: order.rounding_fen,
      totalFen: order.total_fen,
      coupons: [...couponFen].map(([code, amountFen]) => ({ code, name: couponNames.get(code) ?? '', amountFen })),
      couponsIssued: await this.coupons.issuedByDoc(this.db, ctx.merchantId, { kind: 'order', id: order.id }),
      payments: s.payments.map((p) => ({ method: p.method, amountFen: p.amount_fen, points: p.points, reference: p.reference, receivedFen: p.received_fen, changeFen: p.change_fen, principalFen: p.principal_fen, bonusFen: p.bonus_fen })),
      pointsEarned: order.points_earned,
      staffName: order.staff_name,
      authorizedByName: order.authorized_by_name,
      createdAt: order.created_at,
      balances: order.member_id ? await this.wallet.balances(this.db, ctx.merchantId, order.member_id) : null,
      returns: s.returns.map((r) => ({
        id: r.id,
        docNo: r.doc_no,
        kind: r.kind,
        orderId: r.order_id,
        reason: r.reason,
        createdAt: r.created_at,
        staffName: r.staff_name,
        goodsFen: r.goods_fen,
        refundFen: r.refund_fen,
        pointsReturned: r.points_returned,
        pointsClawback: r.points_clawback,
        shortfallPoints: r.shortfall_points,
        shortfallFen: r.shortfall_fen,
        lines: s.returnLines.filter((l) => l.return_id === r.id).map((l) => ({ seq: l.line_seq, quantity: l.quantity, amountFen: l.amount_fen })),
        payments: s.returnPayments.filter((p) => p.return_id === r.id).map((p) => ({ seq: p.payment_seq, method: p.method, amountFen: p.amount_fen, points: p.points, principalFen: p.principal_fen, bonusFen: p.bonus_fen })),
      })),
    };
  }

  async list(ctx: AccessContext, q: { page: number; pageSize: number; order: 'asc' | 'desc'; storeId?: string; memberId?: string; kind?: OrderKind; q?: string; from?: string; to?: string }) {
    const { page, pageSize, order, ...filter } = q;
    const { items, total } = await orders.listOrders(this.db, ctx.merchantId, { ...filter, storeIds: ctx.allowedStoreIds ? [...ctx.allowedStoreIds] : null }, { page, pageSize, order });
    return {
      items: items.map((o) => ({ id: o.id, docNo: o.doc_no, kind: o.kind, storeId: o.store_id, businessDay: o.business_day, memberId: o.member_id, memberName: o.member_name, totalFen: o.total_fen, pointsEarned: o.points_earned, staffName: o.staff_name, createdAt: o.created_at })),
      total,
      page,
      pageSize,
    };
  }
}

/** Whether this return takes back everything still on the order (a void, or the last lines). */
function returnsEverything(lines: readonly { seq: number; quantity: number; returnedQuantity: number }[], plan: ReturnPlan): boolean {
  return lines.every((l) => l.quantity - l.returnedQuantity === plan.lines.filter((r) => r.seq === l.seq).reduce((s, r) => s + r.quantity, 0));
}

/** The plan of voiding a points sale: what is left of its points payments goes back. */
function pointsBack(plan: ReturnPlan, payments: { seq: number; method: string; points: number; refundedPoints: number }[]): ReturnPlan {
  const back = payments.filter((p) => p.method === 'points').map((p) => ({ seq: p.seq, method: p.method, amountFen: 0, points: p.points - p.refundedPoints, principalFen: 0, bonusFen: 0, shortfallFen: 0 }));
  return { ...plan, payments: back, pointsReturned: back.reduce((s, p) => s + p.points, 0) };
}

const earnedCouponUsed = () => new AppError(CouponsErrors.COUPON_ISSUED_USED, { field: 'id' });
