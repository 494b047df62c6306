import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { addDays, isoWeekday, localDateTime, startOfLocalDay, type Clock } from '../kernel/clock';
import { AppError } from '../kernel/errors';
import type { Lang } from '../kernel/i18n';
import { newId } from '../kernel/ids';
import { allocate, BP_ONE, formatYuan } from '../kernel/money';
import { hasPermission } from '../platform/access';
import type { AccessContext } from '../platform/context';
import { nextDocNo } from '../platform/doc-numbers';
import type { WriteScope } from '../platform/write';
import type { CatalogService, PriceFacts } from '../modules/catalog/catalog.service';
import { CouponsErrors } from '../modules/coupons/coupons.errors';
import type { CartCoupon, CouponsService } from '../modules/coupons/coupons.service';
import { skipUnavailable } from './coupon-issuing';
import type { MembersService } from '../modules/members/members.service';
import type { MessagesService } from '../modules/messages/messages.service';
import { OrdersErrors } from '../modules/orders/orders.errors';
import { ordersRepository as orders, type OrderRow } from '../modules/orders/orders.repository';
import type { CartInput, CheckoutInput, OrderDto, PointsSaleInput, UseUsesInput } from '../modules/orders/orders.schemas';
import type { OrderPaymentsTable } from '../modules/orders/orders.tables';
import type { OrgService } from '../modules/org/org.service';
import { memberUnitPrice, minutesBetween, timeBilling } from '../modules/pricing/pricing-rules';
import { CouponMinSpendNotMet, priceOrder, type PricedOrder, type PriceOrderInput, type PriceOrderLine } from '../modules/pricing/price-order';
import { Accounts, POINTS, usesAsset, type Posting } from '../modules/wallet/ledger';
import { earnPoints, maxRedeemablePoints, pointsCashValueFen } from '../modules/wallet/points-rules';
import { pointsExpiresAt } from '../modules/wallet/wallet-rules';
import { WalletErrors } from '../modules/wallet/wallet.errors';
import type { WalletService } from '../modules/wallet/wallet.service';

type Exec = Kysely<Database>;
/** A manager who authorised a discount beyond the cashier's limit. */
export interface Authorizer {
  staffId: string;
  name: string;
}

const SELLABLE_KINDS = new Set(['goods', 'service', 'package', 'count_card']);

/**
 * 收银: the server prices the cart itself (a client's totals are never trusted), then takes
 * mixed payment and in the same transaction moves stored value and points, earns points,
 * credits count-card uses and re-evaluates the member’s level (RULES R1–R6).
 */
export class CheckoutFlow {
  constructor(
    private readonly db: Exec,
    private readonly org: OrgService,
    private readonly members: MembersService,
    private readonly catalog: CatalogService,
    private readonly wallet: WalletService,
    private readonly messages: MessagesService,
    private readonly coupons: CouponsService,
    private readonly clock: Clock,
  ) {}

  /** Everything the price depends on, read at `now`, and the priced order. */
  private async price(exec: Exec, ctx: AccessContext, input: CartInput, now: Date, authorizer: Authorizer | null | 'quote') {
    const { store, day } = await this.org.currentStoreDay(exec, ctx, now);
    const holder = input.memberId ? await this.members.holder(exec, ctx, input.memberId) : null;
    const level = holder?.member.levelId ? await this.members.levelTerms(exec, ctx.merchantId, holder.member.levelId) : null;
    const items = input.lines.length + input.timedSessionIds.length;
    if (input.quickAmountFen !== undefined ? items > 0 : items === 0) throw new AppError(OrdersErrors.CHECKOUT_EMPTY, { field: 'lines' });
    const sessions = await orders.findSessions(exec, ctx.merchantId, input.timedSessionIds);
    const facts = await this.catalog.priceFacts(exec, ctx.merchantId, store.id, [...input.lines.map((l) => l.productId), ...sessions.map((x) => x.product_id)], now, level?.id ?? null);
    const lines: (PriceOrderLine & { kind: string; fact: PriceFacts | null })[] = input.lines.map((l, i) => {
      const f = facts.get(l.productId);
      if (!f) throw new AppError('CATALOG_PRODUCT_NOT_FOUND', { field: `lines.${i}.productId` });
      if (!f.sellable) throw new AppError(OrdersErrors.CHECKOUT_PRODUCT_NOT_SELLABLE, { field: `lines.${i}.productId`, details: { name: f.name } });
      if (!SELLABLE_KINDS.has(f.kind)) throw new AppError(OrdersErrors.CHECKOUT_PRODUCT_KIND_UNSUPPORTED, { field: `lines.${i}.productId`, details: { kind: f.kind } });
      const line = {
        key: String(i),
        productId: f.productId,
        name: f.name,
        kind: f.kind,
        fact: f,
        quantity: l.quantity,
        listPriceFen: f.listPriceFen,
        memberDiscountAllowed: f.memberDiscountAllowed,
        levelPriceFen: f.levelPriceFen,
        specialPriceFen: f.specialPriceFen,
        points: { excluded: f.pointsMode === 'excluded', rateBp: f.pointsMode === 'rate' ? f.pointsRateBp : null },
        manual: l.manual,
      };
      if (l.manual?.kind === 'price') {
        const member = memberUnitPrice({ ...line, levelDiscountBp: level?.discountBp ?? null, storeDiscountBp: store.discount_bp, storeRatioApplies: store.discount_bp !== null });
        if (l.manual.unitPriceFen > member.unitPriceFen) throw new AppError(OrdersErrors.CHECKOUT_MANUAL_PRICE_INVALID, { field: `lines.${i}.manual.unitPriceFen` });
      }
      return line;
    });
    // 计时 (RULES R7): each running session becomes a line priced at its billed time; the member price applies to the result
    input.timedSessionIds.forEach((id, i) => {
      const session = sessions.find((x) => x.id === id);
      const f = session && facts.get(session.product_id);
      if (!session || session.status !== 'open' || session.store_id !== store.id || !f?.timeSettings) throw new AppError(OrdersErrors.TIMED_SESSION_NOT_OPEN, { field: `timedSessionIds.${i}` });
      const minutes = priceWithin(() => minutesBetween(session.checked_in_at, now.toISOString()));
      const bill = timeBilling({ minutes, ratePerHourFen: f.timeSettings.ratePerHourFen, unitMinutes: f.timeSettings.unitMinutes, graceMinutes: f.timeSettings.graceMinutes, capFen: f.timeSettings.capFen });
      lines.push({
        key: `t${i}`,
        productId: f.productId,
        name: `${f.name} ${session.label}`.trim(),
        kind: 'timed',
        fact: f,
        quantity: 1,
        listPriceFen: bill.amountFen,
        memberDiscountAllowed: f.memberDiscountAllowed,
        levelPriceFen: null,
        specialPriceFen: null,
        points: { excluded: f.pointsMode === 'excluded', rateBp: f.pointsMode === 'rate' ? f.pointsRateBp : null },
      });
    });
    if (input.quickAmountFen !== undefined) {
      lines.push({ key: '0', productId: '', name: '快速收银', kind: 'quick', fact: null, quantity: 1, listPriceFen: input.quickAmountFen, memberDiscountAllowed: false, levelPriceFen: null, specialPriceFen: null, points: { excluded: false, rateBp: null } });
    }
    const cart = { memberId: holder?.member.id ?? null, levelId: level?.id ?? null, store, now, lines: lines.map((l) => ({ key: l.key, productId: l.productId || null, categoryId: l.fact?.categoryId ?? null })) };
    const coupons = await this.coupons.forCart(exec, ctx.merchantId, input.couponCodes, cart);
    const engineInput: PriceOrderInput = { lines, member: level ? { levelDiscountBp: level.discountBp } : null, storeDiscountBp: store.discount_bp, storeRatioApplies: store.discount_bp !== null, orderDiscount: input.orderDiscount, rounding: input.rounding };
    const priced = priceWithCoupons(engineInput, coupons);
    const needsAuthorization = this.checkDiscountRights(ctx, input, priced, authorizer);
    const settings = await this.org.getSettings(ctx.merchantId, exec);
    return { store, day, holder, level, lines, priced, settings, needsAuthorization, sessions, coupons, cart, engineInput };
  }

  /**
   * The member's usable coupons, each tried alone on this cart (the codes already applied
   * replaced by it): what it would take off, or why it does not apply. Best first.
   */
  private async couponOptions(exec: Exec, ctx: AccessContext, p: Awaited<ReturnType<CheckoutFlow['price']>>, lang: Lang) {
    if (!p.holder) return [];
    const codes = await this.coupons.usableCodes(exec, ctx.merchantId, p.holder.member.id, p.cart.now);
    const checks = await this.coupons.tryEach(exec, ctx.merchantId, codes, p.cart);
    const options = checks.map((c, i) => {
      const code = codes[i]!;
      if (!c.ok) return { code, name: '', validTo: '', amountFen: 0, refusal: refusalOf(c.error, lang) };
      const base = { code, name: c.coupon.templateName, validTo: c.validTo };
      try {
        return { ...base, amountFen: priceWithCoupons(p.engineInput, [c.coupon]).couponDiscountFen, refusal: null };
      } catch (err) {
        if (err instanceof AppError) return { ...base, amountFen: 0, refusal: refusalOf(err, lang) };
        throw err;
      }
    });
    return options.sort((a, b) => Number(a.refusal !== null) - Number(b.refusal !== null) || b.amountFen - a.amountFen);
  }

  /**
   * 改价/手工折扣 need `checkout.discount`, down to the deepest rate the role allows (e.g. a
   * cashier 9折, a manager any); beyond it a manager authorises on the spot (checked with their
   * own role's limit before the transaction). A quote only says authorisation is needed.
   */
  private checkDiscountRights(ctx: AccessContext, input: CartInput, priced: PricedOrder, authorizer: Authorizer | null | 'quote'): boolean {
    const manual = input.orderDiscount || input.lines.some((l) => l.manual);
    if (!manual) return false;
    const authorised = authorizer !== null && authorizer !== 'quote';
    if (!hasPermission(ctx, 'checkout.discount') && !authorised) throw new AppError(OrdersErrors.CHECKOUT_DISCOUNT_FORBIDDEN, { field: 'lines' });
    const limitBp = ctx.isAdmin ? null : ctx.maxDiscountBp;
    const overLimit = limitBp !== null && priced.lowestManualRateBp < limitBp;
    if (overLimit && authorizer === null) {
      throw new AppError(OrdersErrors.CHECKOUT_DISCOUNT_OVER_LIMIT, { field: 'lines', details: { limitBp, limitZhe: formatZhe(limitBp) } });
    }
    return overLimit;
  }

  /** R4: points on what the member actually paid for eligible lines; points used as cash and bonus value do not earn. */
  private earned(p: Awaited<ReturnType<CheckoutFlow['price']>>, notEarningFen: number, now: Date) {
    const lines = p.priced.lines;
    const off = allocate(Math.min(notEarningFen, p.priced.totalFen), lines.map((l) => l.amountFen));
    const local = localDateTime(now, p.store.time_zone);
    return earnPoints({
      lines: lines.map((l, i) => ({ eligibleFen: Math.max(0, l.pointsEligibleFen - (l.pointsEligibleFen > 0 ? (off[i] ?? 0) : 0)), excluded: l.pointsEligibleFen === 0, rateBp: p.lines[i]?.points.rateBp ?? undefined })),
      defaultRateBp: p.settings.wallet.earnRateBp,
      levelMultiplierBp: p.level?.pointsMultiplierBp ?? BP_ONE,
      storeRatioBp: p.store.points_ratio_bp,
      windows: [],
      at: { date: local.date, weekday: isoWeekday(local.date), minute: local.minutes },
    });
  }

  async quote(ctx: AccessContext, input: CartInput, lang: Lang = 'zh-CN') {
    const now = this.clock.now();
    const p = await this.price(this.db, ctx, input, now, 'quote');
    const balances = p.holder ? await this.wallet.balances(this.db, ctx.merchantId, p.holder.member.id) : null;
    return {
      memberId: p.holder?.member.id ?? null,
      memberName: p.holder?.member.name ?? null,
      levelName: p.level?.name ?? null,
      lines: this.lineDtos(p),
      ...totalsOf(p.priced, p.coupons),
      lowestManualRateBp: p.priced.lowestManualRateBp,
      needsAuthorization: p.needsAuthorization,
      maxPoints: p.holder ? maxRedeemablePoints(p.priced.totalFen, await this.wallet.spendablePoints(this.db, ctx.merchantId, p.holder.member.id, now), p.settings.wallet.pointsPerYuan, p.settings.wallet.maxPointsShareBp) : 0,
      pointsPerYuan: p.settings.wallet.pointsPerYuan,
      pointsEstimate: p.holder ? this.earned(p, 0, now).points : 0,
      balances,
      couponOptions: await this.couponOptions(this.db, ctx, p, lang),
    };
  }

  /** `authorizer`: the manager who typed their password for this sale (checked before the transaction), or null. */
  async pay(w: WriteScope, ctx: AccessContext, input: CheckoutInput, authorizer: Authorizer | null): Promise<OrderDto> {
    const p = await this.price(w.tx, ctx, input, w.now, authorizer);
    const { store, day, holder, priced, settings } = p;
    const orderId = newId();
    const docNo = await nextDocNo(w.tx, ctx.merchantId, store.id, 'order', day);
    const header = { docType: 'order', docId: orderId, docNo, storeId: store.id, businessDay: day };

    // payments: each method's amount in fen, points at the merchant's cash value; they must add up to the total exactly
    // stored value and points are each one payment: their split (R3) and limit (R4) are worked out once
    input.payments.forEach((pay, i) => {
      if ((pay.method === 'stored_value' || pay.method === 'points') && input.payments.findIndex((x) => x.method === pay.method) !== i) {
        throw new AppError(OrdersErrors.CHECKOUT_PAYMENT_REPEATED, { field: `payments.${i}.method` });
      }
    });
    const payments = input.payments.map((pay, i) => {
      if ((pay.method === 'stored_value' || pay.method === 'points') && !holder) throw new AppError(OrdersErrors.CHECKOUT_MEMBER_REQUIRED, { field: `payments.${i}.method` });
      const points = pay.method === 'points' ? (pay.points ?? 0) : 0;
      const amountFen = pay.method === 'points' ? pointsCashValueFen(points, settings.wallet.pointsPerYuan) : (pay.amountFen ?? 0);
      if (amountFen <= 0) throw new AppError('VALIDATION_FAILED', { field: pay.method === 'points' ? `payments.${i}.points` : `payments.${i}.amountFen` });
      if (['bank_card', 'wechat', 'alipay'].includes(pay.method) && !pay.reference.trim()) throw new AppError(WalletErrors.TOPUP_REFERENCE_REQUIRED, { field: `payments.${i}.reference` });
      const receivedFen = pay.method === 'cash' && pay.receivedFen !== undefined ? pay.receivedFen : null;
      if (receivedFen !== null && receivedFen < amountFen) throw new AppError(OrdersErrors.CHECKOUT_CASH_SHORT, { field: `payments.${i}.receivedFen` });
      return { method: pay.method, amountFen, points, reference: pay.reference, receivedFen, changeFen: receivedFen === null ? 0 : receivedFen - amountFen, principalFen: 0, bonusFen: 0 };
    });
    const paid = payments.reduce((s, x) => s + x.amountFen, 0);
    if (paid !== priced.totalFen) throw new AppError(OrdersErrors.CHECKOUT_PAYMENTS_MISMATCH, { field: 'payments', details: { paidFen: paid, totalFen: priced.totalFen, paidYuan: formatYuan(paid), totalYuan: formatYuan(priced.totalFen) } });

    // first, so a coupon another till has just used stops this sale before anything moves
    await this.coupons.use(w, p.coupons.map((c) => ({ id: c.id, code: c.code, discountFen: priced.couponsApplied.find((a) => a.code === c.code)?.amountFen ?? 0 })), { id: orderId, storeId: store.id, day });
    const pointsUsed = payments.reduce((s, x) => s + x.points, 0);
    const pointsCashFen = payments.filter((x) => x.method === 'points').reduce((s, x) => s + x.amountFen, 0);
    const storedValueFen = payments.filter((x) => x.method === 'stored_value').reduce((s, x) => s + x.amountFen, 0);
    let bonusFen = 0;
    if (holder && (storedValueFen > 0 || pointsUsed > 0)) {
      // paying with the card's value needs a card that can pay (RULES R13)
      if (!holder.card) throw new AppError(WalletErrors.WALLET_NO_CARD, { field: 'memberId' });
      this.members.assertCardUsable(holder.card, w.now);
      if (await this.wallet.hasDueAnnualFee(w.tx, ctx.merchantId, holder.member.id)) throw new AppError(WalletErrors.WALLET_ANNUAL_FEE_DUE, { field: 'memberId' });
    }
    if (holder && storedValueFen > 0) {
      const sales = Accounts.store(store.id, 'sales');
      const split = await this.wallet.spendStoredValue(w, { ...header, kind: 'sale_stored_value', memberId: holder.member.id }, storedValueFen, settings.wallet.spendSplit, { principal: sales, bonus: sales });
      bonusFen = split.bonusFen;
      const sv = payments.find((x) => x.method === 'stored_value')!;
      Object.assign(sv, { principalFen: split.principalFen, bonusFen: split.bonusFen });
    }
    if (holder && pointsUsed > 0) {
      const balance = await this.wallet.spendablePoints(w.tx, ctx.merchantId, holder.member.id, w.now, true);
      const max = maxRedeemablePoints(priced.totalFen, balance, settings.wallet.pointsPerYuan, settings.wallet.maxPointsShareBp);
      if (pointsUsed > max) throw new AppError(OrdersErrors.CHECKOUT_POINTS_OVER_LIMIT, { field: 'payments', details: { maxPoints: max } });
      await this.wallet.ledger.post(w, { ...header, kind: 'sale_points_spent', memberId: holder.member.id }, [
        { from: Accounts.points(holder.member.id), to: Accounts.store(store.id, 'points_redeemed', POINTS), amount: pointsUsed, field: 'payments' },
      ]);
    }

    let pointsEarned = 0;
    if (holder) {
      pointsEarned = this.earned(p, pointsCashFen + bonusFen, w.now).points;
      const postings: Posting[] = [];
      if (pointsEarned > 0) postings.push({ from: Accounts.merchant('points_issued', POINTS), to: Accounts.points(holder.member.id), amount: pointsEarned, expiresAt: pointsExpiresAt(settings.wallet.pointsExpiry, w.now, store.time_zone) });
      postings.push(...(await this.countCardUses(w.tx, ctx, p, holder.member.id, w.now)));
      if (postings.length) await this.wallet.ledger.post(w, { ...header, kind: 'sale_credits', memberId: holder.member.id }, postings);
      // lifetime paid spend excludes what points paid (R5); the new level applies from the next order
      await this.members.recordActivity(w, holder.member.id, { spendFen: priced.totalFen - pointsCashFen, points: pointsEarned });
    } else if (p.lines.some((l) => l.kind === 'count_card')) {
      throw new AppError(OrdersErrors.CHECKOUT_MEMBER_REQUIRED, { field: 'memberId' });
    }

    for (const [i, id] of input.timedSessionIds.entries()) {
      if (!(await orders.closeSession(w.tx, ctx.merchantId, id, { status: 'closed', checked_out_at: w.now.toISOString(), order_id: orderId }))) throw new AppError(OrdersErrors.TIMED_SESSION_NOT_OPEN, { field: `timedSessionIds.${i}` });
    }
    const row: OrderRow = {
      merchant_id: ctx.merchantId,
      id: orderId,
      doc_no: docNo,
      kind: input.quickAmountFen !== undefined ? 'quick' : 'sale',
      status: 'completed',
      store_id: store.id,
      till_id: ctx.tillId,
      business_day: day,
      member_id: holder?.member.id ?? null,
      member_name: holder?.member.name ?? null,
      level_id: p.level?.id ?? null,
      subtotal_fen: priced.subtotalFen,
      member_discount_fen: priced.memberDiscountFen,
      manual_discount_fen: priced.manualDiscountFen,
      order_discount_fen: priced.orderDiscountFen,
      coupon_discount_fen: priced.couponDiscountFen,
      rounding_fen: priced.roundingFen,
      total_fen: priced.totalFen,
      points_earned: pointsEarned,
      order_discount: input.orderDiscount ? JSON.stringify(input.orderDiscount) : null,
      staff_id: ctx.staffId,
      staff_name: ctx.staffName,
      authorized_by_name: p.needsAuthorization ? (authorizer?.name ?? null) : null,
      created_at: w.now.toISOString(),
    };
    const lineDtos = this.lineDtos(p);
    await orders.insertOrder(
      w.tx,
      row,
      lineDtos.map((l, i) => ({
        merchant_id: ctx.merchantId,
        order_id: orderId,
        seq: i + 1,
        product_id: l.productId,
        name: l.name,
        product_kind: l.kind,
        quantity: l.quantity,
        list_unit_fen: l.listUnitFen,
        unit_price_fen: l.unitPriceFen,
        amount_fen: l.amountFen,
        points_eligible_fen: priced.lines[i]?.pointsEligibleFen ?? 0,
        adjustments: JSON.stringify(l.adjustments),
      })),
      payments.map((x, i): OrderPaymentsTable => ({ merchant_id: ctx.merchantId, order_id: orderId, seq: i + 1, method: x.method, amount_fen: x.amountFen, points: x.points, reference: x.reference, received_fen: x.receivedFen, change_fen: x.changeFen, principal_fen: x.principalFen, bonus_fen: x.bonusFen })),
    );
    const couponsIssued = holder ? await this.issueEarnedCoupons(w, ctx, { orderId, storeId: store.id, timeZone: store.time_zone, memberId: holder.member.id, totalFen: priced.totalFen }) : [];
    const balancesAfter = holder ? await this.wallet.balances(w.tx, ctx.merchantId, holder.member.id) : null;
    if (holder?.member.phone && balancesAfter && storedValueFen > 0 && settings.wallet.balanceSms) {
      // sent by the outbox after this transaction commits, so a rolled-back sale texts nobody
      await this.messages.queueSms(w, {
        to: holder.member.phone,
        template: 'wallet.balance_change',
        content: `【${settings.merchantName}】您于${store.name}储值消费¥${formatYuan(storedValueFen)}（单号${docNo}），储值余额¥${formatYuan(balancesAfter.principalFen + balancesAfter.bonusFen)}，积分${balancesAfter.points}。`,
      });
    }
    await w.audit({ action: 'order.create', entityType: 'order', entityId: orderId, after: { docNo, memberId: row.member_id, totalFen: row.total_fen, manualDiscountFen: row.manual_discount_fen, orderDiscountFen: row.order_discount_fen, authorizedBy: row.authorized_by_name, payments: payments.map((x) => ({ method: x.method, amountFen: x.amountFen })), pointsEarned } });
    return {
      id: orderId,
      docNo,
      kind: row.kind,
      storeId: store.id,
      businessDay: day,
      memberId: row.member_id,
      memberName: row.member_name,
      lines: lineDtos,
      ...totalsOf(priced, p.coupons),
      payments,
      pointsEarned,
      couponsIssued,
      staffName: ctx.staffName,
      authorizedByName: row.authorized_by_name,
      createdAt: row.created_at,
      balances: balancesAfter,
    };
  }

  /**
   * 自动发券: coupons the order's total earns under the checkout rules ("spend ≥ ¥200 → a ¥20
   * voucher for the next visit"). A rule whose template is gone, archived or used up is skipped,
   * never failing the sale; the issue key keeps a retried transaction from issuing twice.
   */
  private async issueEarnedCoupons(w: WriteScope, ctx: AccessContext, o: { orderId: string; storeId: string; timeZone: string; memberId: string; totalFen: number }) {
    const issued: OrderDto['couponsIssued'] = [];
    for (const rule of await this.coupons.checkoutRules(w.tx, ctx.merchantId, o.storeId, o.totalFen)) {
      await skipUnavailable(async () => {
        const { issued: rows, template } = await this.coupons.issue(w, {
          templateId: rule.template_id,
          memberIds: [o.memberId],
          perMember: rule.quantity,
          channel: 'checkout',
          source: { kind: 'order', id: o.orderId },
          storeId: o.storeId,
          issueKey: (_member, n) => `order:${o.orderId}:${rule.id}:${n}`,
          timeZone: o.timeZone,
        });
        issued.push(...rows.map((r) => ({ code: r.code, name: template.name, validTo: r.valid_to })));
      });
    }
    return issued;
  }

  /**
   * 积分购买: products with a points price bought with points alone at the till. Points are not
   * cash here, so the 50% cap of points-as-cash (R4) does not apply and nothing earns points.
   */
  async pointsSale(w: WriteScope, ctx: AccessContext, input: PointsSaleInput): Promise<OrderDto> {
    const { store, day } = await this.org.currentStoreDay(w.tx, ctx, w.now);
    const holder = await this.members.holder(w.tx, ctx, input.memberId);
    if (!holder.card) throw new AppError(WalletErrors.WALLET_NO_CARD, { field: 'memberId' });
    this.members.assertCardUsable(holder.card, w.now);
    if (await this.wallet.hasDueAnnualFee(w.tx, ctx.merchantId, holder.member.id)) throw new AppError(WalletErrors.WALLET_ANNUAL_FEE_DUE, { field: 'memberId' });
    const facts = await this.catalog.priceFacts(w.tx, ctx.merchantId, store.id, input.lines.map((l) => l.productId), w.now, null);
    const lines = input.lines.map((l, i) => {
      const f = facts.get(l.productId);
      if (!f) throw new AppError('CATALOG_PRODUCT_NOT_FOUND', { field: `lines.${i}.productId` });
      if (!f.sellable || f.pointsPrice === null) throw new AppError(OrdersErrors.CHECKOUT_NOT_FOR_POINTS, { field: `lines.${i}.productId`, details: { name: f.name } });
      return { productId: f.productId, name: f.name, kind: f.kind, quantity: l.quantity, points: f.pointsPrice * l.quantity };
    });
    const points = lines.reduce((sum, l) => sum + l.points, 0);
    const orderId = newId();
    const docNo = await nextDocNo(w.tx, ctx.merchantId, store.id, 'order', day);
    await this.wallet.ledger.post(w, { docType: 'order', docId: orderId, docNo, storeId: store.id, businessDay: day, kind: 'points_sale', memberId: holder.member.id }, [
      { from: Accounts.points(holder.member.id), to: Accounts.store(store.id, 'points_redeemed', POINTS), amount: points, field: 'lines' },
    ]);
    await w.audit({ action: 'order.points_sale', entityType: 'order', entityId: orderId, after: { docNo, memberId: holder.member.id, points, lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })) } });
    const payment = { method: 'points' as const, amountFen: 0, points, reference: '', receivedFen: null, changeFen: 0, principalFen: 0, bonusFen: 0 };
    return this.recordLedgerOnlyOrder(w, ctx, { id: orderId, docNo, kind: 'points', storeId: store.id, day, member: holder.member }, lines, [payment]);
  }

  /** Records an order that moved no money, only its ledger posting (uses, points): zero totals, its lines and payments. */
  private async recordLedgerOnlyOrder(
    w: WriteScope,
    ctx: AccessContext,
    o: { id: string; docNo: string; kind: 'uses' | 'points'; storeId: string; day: string; member: { id: string; name: string; levelId: string | null } },
    lines: { productId: string; name: string; kind: string; quantity: number }[],
    payments: OrderDto['payments'],
  ): Promise<OrderDto> {
    const row: OrderRow = { ...emptyTotals, merchant_id: ctx.merchantId, id: o.id, doc_no: o.docNo, kind: o.kind, status: 'completed', store_id: o.storeId, till_id: ctx.tillId, business_day: o.day, member_id: o.member.id, member_name: o.member.name, level_id: o.member.levelId, points_earned: 0, order_discount: null, staff_id: ctx.staffId, staff_name: ctx.staffName, authorized_by_name: null, created_at: w.now.toISOString() };
    await orders.insertOrder(
      w.tx,
      row,
      lines.map((l, n) => ({ merchant_id: ctx.merchantId, order_id: o.id, seq: n + 1, product_id: l.productId, name: l.name, product_kind: l.kind, quantity: l.quantity, list_unit_fen: 0, unit_price_fen: 0, amount_fen: 0, points_eligible_fen: 0, adjustments: '[]' })),
      payments.map((p, n) => ({ merchant_id: ctx.merchantId, order_id: o.id, seq: n + 1, method: p.method, amount_fen: p.amountFen, points: p.points, reference: p.reference, received_fen: p.receivedFen, change_fen: p.changeFen, principal_fen: p.principalFen, bonus_fen: p.bonusFen })),
    );
    return {
      id: o.id,
      docNo: o.docNo,
      kind: o.kind,
      storeId: o.storeId,
      businessDay: o.day,
      memberId: o.member.id,
      memberName: o.member.name,
      lines: lines.map((l) => ({ ...l, listUnitFen: 0, unitPriceFen: 0, amountFen: 0, adjustments: [] })),
      subtotalFen: 0,
      memberDiscountFen: 0,
      manualDiscountFen: 0,
      orderDiscountFen: 0,
      couponDiscountFen: 0,
      roundingFen: 0,
      totalFen: 0,
      coupons: [],
      payments,
      pointsEarned: 0,
      couponsIssued: [],
      staffName: ctx.staffName,
      authorizedByName: null,
      createdAt: row.created_at,
      balances: await this.wallet.balances(w.tx, ctx.merchantId, o.member.id),
    };
  }


  // ---- 计时 sessions (RULES R7) ---------------------------------------------------------------

  async checkIn(w: WriteScope, ctx: AccessContext, input: { productId: string; memberId: string | null; label: string }) {
    const { store } = await this.org.currentStoreDay(w.tx, ctx, w.now);
    if (input.memberId) await this.members.holder(w.tx, ctx, input.memberId);
    const f = (await this.catalog.priceFacts(w.tx, ctx.merchantId, store.id, [input.productId], w.now, null)).get(input.productId);
    if (!f?.sellable || !f.timeSettings) throw new AppError(OrdersErrors.TIMED_PRODUCT_REQUIRED, { field: 'productId' });
    const row = { merchant_id: ctx.merchantId, id: newId(), store_id: store.id, product_id: f.productId, member_id: input.memberId, label: input.label, status: 'open' as const, checked_in_at: w.now.toISOString(), checked_out_at: null, order_id: null, staff_name: ctx.staffName };
    await orders.insertSession(w.tx, row);
    await w.audit({ action: 'timed_session.check_in', entityType: 'timed_session', entityId: row.id, after: { productId: f.productId, label: row.label, memberId: row.member_id } });
    return this.sessionDto(row, f, w.now);
  }

  /** The store's running sessions with what each would cost if checked out now. */
  async openSessions(ctx: AccessContext) {
    const now = this.clock.now();
    const { store } = await this.org.currentStoreDay(this.db, ctx, now);
    const rows = await orders.openSessions(this.db, ctx.merchantId, store.id);
    const facts = await this.catalog.priceFacts(this.db, ctx.merchantId, store.id, rows.map((r) => r.product_id), now, null);
    return rows.flatMap((r) => {
      const f = facts.get(r.product_id);
      return f ? [this.sessionDto(r, f, now)] : [];
    });
  }

  async cancelSession(w: WriteScope, ctx: AccessContext, id: string, reason: string) {
    const { store } = await this.org.currentStoreDay(w.tx, ctx, w.now);
    const [row] = await orders.findSessions(w.tx, ctx.merchantId, [id]);
    if (!row || row.store_id !== store.id || !(await orders.closeSession(w.tx, ctx.merchantId, id, { status: 'cancelled', checked_out_at: w.now.toISOString() }))) {
      throw new AppError(OrdersErrors.TIMED_SESSION_NOT_OPEN, { field: 'id' });
    }
    await w.audit({ action: 'timed_session.cancel', entityType: 'timed_session', entityId: id, after: { reason } });
    return { ok: true as const };
  }

  private sessionDto(row: { id: string; product_id: string; member_id: string | null; label: string; status: 'open' | 'closed' | 'cancelled'; checked_in_at: string }, f: PriceFacts, now: Date) {
    const minutes = minutesBetween(row.checked_in_at, now.toISOString());
    const bill = f.timeSettings ? timeBilling({ minutes, ...f.timeSettings }) : { billedMinutes: 0, amountFen: 0 };
    return { id: row.id, productId: row.product_id, productName: f.name, memberId: row.member_id, label: row.label, status: row.status, checkedInAt: row.checked_in_at, minutes, billedMinutes: bill.billedMinutes, chargeFen: bill.amountFen };
  }

  /**
   * 计次消费: uses of service items taken from the member's lots, soonest-expiring first; an
   * expired lot cannot be used (RULES R6). Recorded as an order of kind `uses` with no money.
   */
  async useUses(w: WriteScope, ctx: AccessContext, input: UseUsesInput): Promise<OrderDto> {
    const { store, day } = await this.org.currentStoreDay(w.tx, ctx, w.now);
    const holder = await this.members.holder(w.tx, ctx, input.memberId);
    if (!holder.card) throw new AppError(WalletErrors.WALLET_NO_CARD, { field: 'memberId' });
    this.members.assertCardUsable(holder.card, w.now);
    const facts = await this.catalog.priceFacts(w.tx, ctx.merchantId, store.id, input.items.map((i) => i.serviceProductId), w.now, null);
    const items = input.items.map((i, n) => {
      const f = facts.get(i.serviceProductId);
      if (!f) throw new AppError('CATALOG_PRODUCT_NOT_FOUND', { field: `items.${n}.serviceProductId` });
      return { ...i, name: f.name, kind: f.kind };
    });
    const orderId = newId();
    const docNo = await nextDocNo(w.tx, ctx.merchantId, store.id, 'order', day);
    await this.wallet.ledger.post(
      w,
      { docType: 'order', docId: orderId, docNo, storeId: store.id, businessDay: day, kind: 'uses_consumed', memberId: holder.member.id },
      items.map((i, n) => ({ from: Accounts.uses(holder.member.id, i.serviceProductId, i.name), to: Accounts.store(store.id, 'uses_served', usesAsset(i.serviceProductId)), amount: i.uses, field: `items.${n}.uses` })),
    );
    await this.members.recordActivity(w, holder.member.id, {});
    const lines = items.map((i) => ({ productId: i.serviceProductId, name: i.name, kind: i.kind, quantity: i.uses }));
    await w.audit({ action: 'order.use_uses', entityType: 'order', entityId: orderId, after: { docNo, memberId: holder.member.id, items: items.map((i) => ({ serviceProductId: i.serviceProductId, uses: i.uses })) } });
    return this.recordLedgerOnlyOrder(w, ctx, { id: orderId, docNo, kind: 'uses', storeId: store.id, day, member: holder.member }, lines, []);
  }

  /** Count-card products credit a lot of uses per service item, valid from today (RULES R6). */
  private async countCardUses(exec: Exec, ctx: AccessContext, p: Awaited<ReturnType<CheckoutFlow['price']>>, memberId: string, now: Date): Promise<Posting[]> {
    const cards = p.lines.filter((l) => l.kind === 'count_card' && l.fact);
    if (cards.length === 0) return [];
    const items = await this.catalog.priceFacts(exec, ctx.merchantId, p.store.id, cards.flatMap((l) => l.fact!.countCardItems.map((i) => i.serviceProductId)), now, null);
    return cards.flatMap((l) =>
      l.fact!.countCardItems.map((i) => ({
        from: Accounts.store(p.store.id, 'uses_sold', usesAsset(i.serviceProductId)),
        to: Accounts.uses(memberId, i.serviceProductId, items.get(i.serviceProductId)?.name ?? i.serviceProductId),
        amount: i.uses * l.quantity,
        // valid through the last day: bought today with 90 days → usable to the end of day 90
        expiresAt: startOfLocalDay(addDays(localDateTime(now, p.store.time_zone).date, i.validityDays + 1), p.store.time_zone).toISOString(),
      })),
    );
  }

  private lineDtos(p: Awaited<ReturnType<CheckoutFlow['price']>>) {
    return p.priced.lines.map((l, i) => {
      const src = p.lines[i]!;
      return { productId: src.productId || null, name: src.name, kind: src.kind, quantity: l.quantity, listUnitFen: l.listUnitFen, unitPriceFen: l.unitPriceFen, amountFen: l.amountFen, adjustments: l.adjustments };
    });
  }
}

function totalsOf(p: PricedOrder, coupons: readonly CartCoupon[]) {
  const names = new Map(coupons.map((c) => [c.code, c.templateName]));
  return {
    subtotalFen: p.subtotalFen,
    memberDiscountFen: p.memberDiscountFen,
    manualDiscountFen: p.manualDiscountFen,
    orderDiscountFen: p.orderDiscountFen,
    couponDiscountFen: p.couponDiscountFen,
    roundingFen: p.roundingFen,
    totalFen: p.totalFen,
    coupons: p.couponsApplied.map((c) => ({ code: c.code, name: names.get(c.code) ?? '', amountFen: c.amountFen })),
  };
}

/** R8 through the engine: a coupon under its minimum spend is the cashier's to hear about, with the amounts. */
function priceWithCoupons(input: PriceOrderInput, coupons: readonly CartCoupon[]): PricedOrder {
  try {
    return priceWithin(() => priceOrder({ ...input, coupons: coupons.map((c) => c.pricing) }));
  } catch (err) {
    if (!(err instanceof CouponMinSpendNotMet)) throw err;
    const code = coupons[err.index]?.code;
    throw new AppError(CouponsErrors.COUPON_MIN_SPEND_NOT_MET, { field: `couponCodes.${err.index}`, details: { code, minSpendFen: err.minSpendFen, scopeFen: err.scopeFen, minSpendYuan: formatYuan(err.minSpendFen), scopeYuan: formatYuan(err.scopeFen) } });
  }
}

const refusalOf = (err: AppError, lang: Lang) => ({ code: err.code, message: err.localizedMessage(lang) });

const emptyTotals = { subtotal_fen: 0, member_discount_fen: 0, manual_discount_fen: 0, order_discount_fen: 0, coupon_discount_fen: 0, rounding_fen: 0, total_fen: 0 };

/** 9000 → '9', 8500 → '8.5': how a 折 limit is said in a message. */
const formatZhe = (bp: number) => (bp % 1000 === 0 ? String(bp / 1000) : `${Math.trunc(bp / 1000)}.${String(bp % 1000).padStart(3, '0').replace(/0+$/, '')}`);

/** The pricing rules refuse amounts past 10^12 fen (or a check-in after now) with a RangeError: that is the input's fault, a 400. */
function priceWithin<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof RangeError) throw new AppError('VALIDATION_FAILED', { field: 'lines', details: { reason: err.message } });
    throw err;
  }
}
