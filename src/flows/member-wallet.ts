import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { localDateTime, type Clock } from '../kernel/clock';
import { AppError } from '../kernel/errors';
import { newId } from '../kernel/ids';
import type { AccessContext } from '../platform/context';
import { nextDocNo } from '../platform/doc-numbers';
import type { ItemRunner, WriteScope } from '../platform/write';
import type { MembersService } from '../modules/members/members.service';
import type { OrgService } from '../modules/org/org.service';
import { Accounts, type Posting } from '../modules/wallet/ledger';
import type { StatementFilter } from '../modules/wallet/wallet.repository';
import { pointsExpiresAt } from '../modules/wallet/wallet-rules';
import { WalletErrors } from '../modules/wallet/wallet.errors';
import { tenderAccount, type Balances, type WalletService } from '../modules/wallet/wallet.service';

type Exec = Kysely<Database>;

export interface TransferAmounts {
  fromMemberId: string;
  toMemberId: string;
  principalFen: number;
  bonusFen: number;
  points: number;
}

const minus = (b: Balances, t: TransferAmounts, sign: 1 | -1): Balances => ({
  principalFen: b.principalFen + sign * t.principalFen,
  bonusFen: b.bonusFen + sign * t.bonusFen,
  points: b.points + sign * t.points,
});

/**
 * A member's money beyond the till: balances and statement, points adjustment, 会员卡转账,
 * 退卡 with refund, annual fees. Each write is one transaction across members and wallet.
 */
export class MemberWalletFlow {
  constructor(
    private readonly db: Exec,
    private readonly org: OrgService,
    private readonly members: MembersService,
    private readonly wallet: WalletService,
    private readonly clock: Clock,
    private readonly defaultTimeZone: string,
  ) {}

  async view(ctx: AccessContext, memberId: string) {
    await this.members.holder(this.db, ctx, memberId, 'id');
    return this.wallet.memberWallet(this.db, ctx.merchantId, memberId);
  }

  async statement(ctx: AccessContext, memberId: string, filter: StatementFilter, page: { page: number; pageSize: number; order: 'asc' | 'desc' }) {
    await this.members.holder(this.db, ctx, memberId, 'id');
    return this.wallet.statement(this.db, ctx.merchantId, memberId, filter, page);
  }

  /** Points added by hand expire like earned points (RULES R4). */
  async adjustPoints(w: WriteScope, ctx: AccessContext, memberId: string, delta: number, reason: string) {
    await this.members.holder(w.tx, ctx, memberId, 'id');
    const settings = await this.org.getSettings(ctx.merchantId, w.tx);
    return this.wallet.adjustPoints(w, memberId, delta, reason, pointsExpiresAt(settings.wallet.pointsExpiry, w.now, await this.timeZone(w.tx, ctx)));
  }

  private async timeZone(exec: Exec, ctx: AccessContext) {
    return ctx.storeId ? (await this.org.storeForDocuments(exec, ctx, ctx.storeId)).time_zone : this.defaultTimeZone;
  }


  /** The card a member pays from must be usable and its annual fee paid. */
  private async payingCard(exec: Exec, ctx: AccessContext, memberId: string, field: string, now: Date) {
    const holder = await this.members.holder(exec, ctx, memberId, field);
    if (!holder.card) throw new AppError(WalletErrors.WALLET_NO_CARD, { field });
    this.members.assertCardUsable(holder.card, now, field);
    if (await this.wallet.hasDueAnnualFee(exec, ctx.merchantId, memberId)) throw new AppError(WalletErrors.WALLET_ANNUAL_FEE_DUE, { field });
    return holder;
  }

  private async transferSides(exec: Exec, ctx: AccessContext, t: TransferAmounts, now: Date, lock: boolean) {
    if (t.fromMemberId === t.toMemberId) throw new AppError(WalletErrors.WALLET_SAME_MEMBER, { field: 'toMemberId' });
    if (t.principalFen + t.bonusFen + t.points === 0) throw new AppError(WalletErrors.WALLET_NOTHING_TO_MOVE, { field: 'principalFen' });
    const from = await this.payingCard(exec, ctx, t.fromMemberId, 'fromMemberId', now);
    const to = await this.members.holder(exec, ctx, t.toMemberId, 'toMemberId');
    // value moves from one card to another (RULES R13): the receiving card must be one that can be used
    if (!to.card) throw new AppError(WalletErrors.WALLET_NO_CARD, { field: 'toMemberId' });
    this.members.assertCardUsable(to.card, now, 'toMemberId', { expiredOk: true });
    if (lock) await this.wallet.ledger.lockMembers(exec, ctx.merchantId, [t.fromMemberId, t.toMemberId]);
    const [fromBefore, toBefore] = await Promise.all([this.wallet.balances(exec, ctx.merchantId, t.fromMemberId), this.wallet.balances(exec, ctx.merchantId, t.toMemberId)]);
    if (t.principalFen > fromBefore.principalFen) throw new AppError(WalletErrors.WALLET_INSUFFICIENT_FUNDS, { field: 'principalFen' });
    if (t.bonusFen > fromBefore.bonusFen) throw new AppError(WalletErrors.WALLET_INSUFFICIENT_FUNDS, { field: 'bonusFen' });
    if (t.points > fromBefore.points) throw new AppError(WalletErrors.WALLET_INSUFFICIENT_POINTS, { field: 'points' });
    const side = (h: typeof from, before: Balances, sign: 1 | -1) => ({ memberId: h.member.id, memberName: h.member.name, cardNo: h.card?.cardNo ?? null, before, after: minus(before, t, sign) });
    return { from: side(from, fromBefore, -1), to: side(to, toBefore, 1) };
  }

  transferPreview(ctx: AccessContext, t: TransferAmounts) {
    return this.transferSides(this.db, ctx, t, this.clock.now(), false);
  }

  /** 会员卡转账 (RULES R13): principal stays principal, bonus stays bonus, points keep their expiry. */
  async transfer(w: WriteScope, ctx: AccessContext, t: TransferAmounts & { reason: string }) {
    const { store, day } = await this.org.currentStoreDay(w.tx, ctx, w.now);
    const sides = await this.transferSides(w.tx, ctx, t, w.now, true);
    const id = newId();
    const docNo = await nextDocNo(w.tx, ctx.merchantId, store.id, 'transfer', day);
    const postings: Posting[] = [];
    if (t.principalFen) postings.push({ from: Accounts.principal(t.fromMemberId), to: Accounts.principal(t.toMemberId), amount: t.principalFen, field: 'principalFen' });
    if (t.bonusFen) postings.push({ from: Accounts.bonus(t.fromMemberId), to: Accounts.bonus(t.toMemberId), amount: t.bonusFen, field: 'bonusFen' });
    if (t.points) postings.push({ from: Accounts.points(t.fromMemberId), to: Accounts.points(t.toMemberId), amount: t.points, keepExpiry: true, field: 'points' });
    const txn = await this.wallet.ledger.post(w, { kind: 'transfer', docType: 'transfer', docId: id, docNo, storeId: store.id, memberId: t.fromMemberId, memo: t.reason, businessDay: day }, postings);
    await this.wallet.insertTransfer(w.tx, {
      merchant_id: ctx.merchantId,
      id,
      doc_no: docNo,
      store_id: store.id,
      from_member_id: t.fromMemberId,
      to_member_id: t.toMemberId,
      principal_fen: t.principalFen,
      bonus_fen: t.bonusFen,
      points: t.points,
      reason: t.reason,
      txn_id: txn.id,
      created_by: ctx.staffId,
      created_at: w.now.toISOString(),
    });
    const moved = { docNo, principalFen: t.principalFen, bonusFen: t.bonusFen, points: t.points, reason: t.reason };
    // one row on each member, so both members' audit trails show it
    await w.audit({ action: 'wallet.transfer_out', entityType: 'member', entityId: t.fromMemberId, after: { ...moved, toMemberId: t.toMemberId } });
    await w.audit({ action: 'wallet.transfer_in', entityType: 'member', entityId: t.toMemberId, after: { ...moved, fromMemberId: t.fromMemberId } });
    return { id, docNo, ...sides };
  }

  async cardRefundPreview(ctx: AccessContext, memberId: string, exec: Exec = this.db, lock = false) {
    const holder = await this.members.holder(exec, ctx, memberId, 'id');
    if (!holder.card) throw new AppError(WalletErrors.WALLET_NO_CARD, { field: 'id' });
    const [b, pending] = await Promise.all([this.wallet.balances(exec, ctx.merchantId, memberId, lock), this.wallet.pendingInstallmentTotal(exec, ctx.merchantId, memberId)]);
    return {
      memberId,
      memberName: holder.member.name,
      cardNo: holder.card.cardNo,
      cardId: holder.card.id,
      refundFen: b.principalFen,
      forfeitedBonusFen: b.bonusFen,
      cancelledInstallmentsFen: pending,
      points: b.points,
    };
  }

  /** 退卡 (RULES R3): the remaining principal is paid back, the bonus forfeited, future installments stop, the card ends. */
  async cardRefund(w: WriteScope, ctx: AccessContext, memberId: string, input: { method: 'cash' | 'bank_card' | 'wechat' | 'alipay'; reference: string; reason: string }) {
    if (input.method !== 'cash' && !input.reference.trim()) throw new AppError(WalletErrors.TOPUP_REFERENCE_REQUIRED, { field: 'reference' });
    const { store, day } = await this.org.currentStoreDay(w.tx, ctx, w.now);
    const p = await this.cardRefundPreview(ctx, memberId, w.tx, true);
    const id = newId();
    const docNo = await nextDocNo(w.tx, ctx.merchantId, store.id, 'card_refund', day);
    const postings: Posting[] = [];
    if (p.refundFen) postings.push({ from: Accounts.principal(memberId), to: tenderAccount(store.id, input.method), amount: p.refundFen });
    // the forfeited bonus is written back to the bonus expense account it came from (RULES R3)
    if (p.forfeitedBonusFen) postings.push({ from: Accounts.bonus(memberId), to: Accounts.store(store.id, 'bonus_expense'), amount: p.forfeitedBonusFen });
    const txn = postings.length
      ? await this.wallet.ledger.post(w, { kind: 'card_refund', docType: 'card_refund', docId: id, docNo, storeId: store.id, memberId, memo: input.reason, businessDay: day }, postings)
      : null;
    await this.wallet.cancelPendingInstallments(w, memberId);
    await this.members.cancelCard(w, p.cardId, input.reason);
    await this.wallet.insertRefund(w.tx, {
      merchant_id: ctx.merchantId,
      id,
      doc_no: docNo,
      store_id: store.id,
      member_id: memberId,
      card_id: p.cardId,
      refund_fen: p.refundFen,
      forfeited_bonus_fen: p.forfeitedBonusFen,
      method: input.method,
      reference: input.reference,
      reason: input.reason,
      txn_id: txn?.id ?? null,
      created_by: ctx.staffId,
      created_at: w.now.toISOString(),
    });
    await w.audit({ action: 'wallet.card_refund', entityType: 'member', entityId: memberId, after: { docNo, cardNo: p.cardNo, refundFen: p.refundFen, forfeitedBonusFen: p.forfeitedBonusFen, method: input.method, reason: input.reason } });
    const { cardId: _cardId, ...preview } = p;
    return { ...preview, id, docNo, method: input.method };
  }

  // ---- annual fees (RULES R13) ---------------------------------------------------------------

  /**
   * Scheduled: on each card's anniversary a fee falls due. Deduct mode takes it from stored
   * value when the balance allows; otherwise (and in block mode) the fee stays due and the card
   * cannot pay until it is paid or waived.
   */
  async chargeAnnualFees(run: ItemRunner, now: Date, timeZone = this.defaultTimeZone) {
    const today = localDateTime(now, timeZone).date;
    let charged = 0;
    for (const card of await this.members.annualFeeCards(this.db)) {
      const dueOn = lastAnniversary(localDateTime(new Date(card.issued_at), timeZone).date, today);
      if (!dueOn) continue;
      await run(card.merchant_id, async (w) => {
        const fee = { merchant_id: card.merchant_id, id: newId(), member_id: card.member_id, card_id: card.id, due_on: dueOn, amount_fen: card.annual_fee_fen, status: 'due' as const, paid_via: null, txn_id: null, created_at: w.now.toISOString(), updated_at: w.now.toISOString() };
        const inserted = await this.wallet.insertAnnualFee(w, fee);
        if (Number(inserted?.numInsertedOrUpdatedRows ?? 0) === 0) return;
        charged++;
        await w.audit({ action: 'annual_fee.due', entityType: 'member', entityId: card.member_id, after: { dueOn, amountFen: card.annual_fee_fen, mode: card.annual_fee_mode } });
        if (card.annual_fee_mode !== 'deduct') return;
        const b = await this.wallet.balances(w.tx, card.merchant_id, card.member_id, true);
        if (b.principalFen + b.bonusFen < fee.amount_fen) return;
        await this.wallet.settleAnnualFee(w, fee, { status: 'paid', paid_via: 'stored_value' });
        await this.wallet.setAnnualFeeTxn(w, fee.id, await this.payFromStoredValue(w, fee, null));
      });
    }
    return charged;
  }

  private async payFromStoredValue(w: WriteScope, fee: { id: string; member_id: string; amount_fen: number; card_id: string; merchant_id: string }, storeId: string | null) {
    const settings = await this.org.getSettings(fee.merchant_id, w.tx);
    const income = storeId ? Accounts.store(storeId, 'annual_fee_income') : Accounts.merchant('annual_fee_income', 'CNY');
    const paid = await this.wallet.spendStoredValue(w, { kind: 'annual_fee', docType: 'annual_fee', docId: fee.id, memberId: fee.member_id, storeId }, fee.amount_fen, settings.wallet.spendSplit, { principal: income, bonus: income });
    return paid.txnId;
  }

  private async fee(exec: Exec, ctx: AccessContext, id: string) {
    const fee = await this.wallet.annualFee(exec, ctx.merchantId, id);
    await this.members.holder(exec, ctx, fee.member_id, 'id');
    return fee;
  }

  async payAnnualFee(w: WriteScope, ctx: AccessContext, id: string, input: { via: 'stored_value' | 'cash' | 'bank_card' | 'wechat' | 'alipay'; reference: string }) {
    const fee = await this.fee(w.tx, ctx, id);
    const { store } = await this.org.currentStoreDay(w.tx, ctx, w.now);
    if (input.via !== 'cash' && input.via !== 'stored_value' && !input.reference.trim()) throw new AppError(WalletErrors.TOPUP_REFERENCE_REQUIRED, { field: 'reference' });
    // settled first (a conditional update): of two tills paying at once, the second is told it is paid, before any money moves
    const dto = await this.wallet.settleAnnualFee(w, fee, { status: 'paid', paid_via: input.via });
    const txnId =
      input.via === 'stored_value'
        ? await this.payFromStoredValue(w, fee, store.id)
        : (
            await this.wallet.ledger.post(w, { kind: 'annual_fee', docType: 'annual_fee', docId: fee.id, memberId: fee.member_id, storeId: store.id, memo: input.reference }, [
              { from: tenderAccount(store.id, input.via), to: Accounts.store(store.id, 'annual_fee_income'), amount: fee.amount_fen },
            ])
          ).id;
    await this.wallet.setAnnualFeeTxn(w, fee.id, txnId);
    await w.audit({ action: 'annual_fee.pay', entityType: 'member', entityId: fee.member_id, after: { dueOn: fee.due_on, amountFen: fee.amount_fen, via: input.via } });
    return dto;
  }

  async waiveAnnualFee(w: WriteScope, ctx: AccessContext, id: string, reason: string) {
    const fee = await this.fee(w.tx, ctx, id);
    const dto = await this.wallet.settleAnnualFee(w, fee, { status: 'waived' });
    await w.audit({ action: 'annual_fee.waive', entityType: 'member', entityId: fee.member_id, after: { dueOn: fee.due_on, amountFen: fee.amount_fen, reason } });
    return dto;
  }
}

/** The latest anniversary of `issuedOn` that is not after `today` (29 Feb → 28 Feb), or null in the first year. */
export function lastAnniversary(issuedOn: string, today: string): string | null {
  const [iy, im, id] = issuedOn.split('-').map(Number) as [number, number, number];
  const ty = Number(today.slice(0, 4));
  for (let y = ty; y > iy; y--) {
    const lastDay = new Date(Date.UTC(y, im, 0)).getUTCDate();
    const candidate = `${y}-${String(im).padStart(2, '0')}-${String(Math.min(id, lastDay)).padStart(2, '0')}`;
    if (candidate <= today) return candidate;
  }
  return null;
}
