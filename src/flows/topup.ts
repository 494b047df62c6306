import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { addMonths, type Clock } from '../kernel/clock';
import { formatYuan } from '../kernel/money';
import { AppError } from '../kernel/errors';
import { newId } from '../kernel/ids';
import type { AccessContext } from '../platform/context';
import { nextDocNo } from '../platform/doc-numbers';
import type { WriteScope } from '../platform/write';
import type { MembersService } from '../modules/members/members.service';
import type { OrgService } from '../modules/org/org.service';
import { installmentParts, pointsExpiresAt } from '../modules/wallet/wallet-rules';
import { WalletErrors } from '../modules/wallet/wallet.errors';
import type { TopupRow } from '../modules/wallet/wallet.repository';
import type { TopupStatus } from '../modules/wallet/wallet.tables';
import type { TopupDto, TopupInput, Tender } from '../modules/wallet/wallet.schemas';
import type { WalletService } from '../modules/wallet/wallet.service';

type Exec = Kysely<Database>;
type PreviewInput = Pick<TopupInput, 'memberId' | 'amountFen' | 'ruleId'>;

/** '123.45' from fen, for messages. */

/** What a top-up granted, for capabilities that add to it (coupons fill this: RULES R3 "bonus, points and/or coupons per tier"). */
export interface TopupCredited {
  topupId: string;
  memberId: string;
  storeId: string;
  principalFen: number;
  ruleId: string | null;
}
export type TopupGrantHook = (w: WriteScope, credited: TopupCredited) => Promise<void>;
export type TopupVoidHook = (w: WriteScope, voided: { topupId: string; memberId: string }) => Promise<void>;

/**
 * 充值 at the till (RULES R3): the member and their card, the store's threshold and quotas, the
 * best applicable rule, then the ledger — all in one transaction. A top-up at or above the
 * store's threshold waits for a second staff member's approval and credits nothing until then.
 */
export class TopupFlow {
  private readonly grantHooks: TopupGrantHook[] = [];
  private readonly voidHooks: TopupVoidHook[] = [];

  constructor(
    private readonly db: Exec,
    private readonly org: OrgService,
    private readonly members: MembersService,
    private readonly wallet: WalletService,
    private readonly clock: Clock,
  ) {}

  /** Runs inside the crediting transaction: a failing hook credits nothing. */
  onCredited(hook: TopupGrantHook) {
    this.grantHooks.push(hook);
  }

  /** Runs inside the void's transaction: a hook that refuses (e.g. a granted coupon was used) stops the void. */
  onVoided(hook: TopupVoidHook) {
    this.voidHooks.push(hook);
  }

  private async context(exec: Exec, ctx: AccessContext, input: PreviewInput, now: Date, at?: Awaited<ReturnType<OrgService['currentStoreDay']>>) {
    const { store, day } = at ?? (await this.org.currentStoreDay(exec, ctx, now));
    const holder = await this.members.holder(exec, ctx, input.memberId);
    if (!holder.card) throw new AppError(WalletErrors.WALLET_NO_CARD, { field: 'memberId' });
    // an expired card may be topped up: the top-up revives it (RULES R13)
    this.members.assertCardUsable(holder.card, now, 'memberId', { expiredOk: true });
    const grants = await this.wallet.ruleGrants(exec, ctx.merchantId, store.id, day, input.amountFen);
    let chosen = input.ruleId === null ? undefined : grants[0];
    if (input.ruleId) {
      chosen = grants.find((g) => g.rule.id === input.ruleId);
      if (!chosen) throw new AppError(WalletErrors.TOPUP_RULE_NOT_APPLICABLE, { field: 'ruleId' });
    }
    const bonusFen = chosen?.bonusFen ?? 0;
    const months = chosen?.rule.installmentMonths ?? null;
    const [dailyUsed, monthlyUsed] = await Promise.all([
      store.topup_daily_quota_fen === null ? 0 : this.wallet.storeTopupTotal(exec, ctx.merchantId, store.id, day, day),
      store.topup_monthly_quota_fen === null ? 0 : this.wallet.storeTopupTotal(exec, ctx.merchantId, store.id, `${day.slice(0, 7)}-01`, `${day.slice(0, 7)}-31`),
    ]);
    return {
      store,
      holder: { ...holder, card: holder.card },
      day,
      grants,
      chosen,
      bonusFen,
      points: chosen?.points ?? 0,
      installments: months && bonusFen > 0 ? installmentParts(bonusFen, months) : [],
      installmentMonths: months && bonusFen > 0 ? months : null,
      needsApproval: store.topup_approval_threshold_fen > 0 && input.amountFen >= store.topup_approval_threshold_fen,
      dailyQuotaLeftFen: store.topup_daily_quota_fen === null ? null : store.topup_daily_quota_fen - dailyUsed,
      monthlyQuotaLeftFen: store.topup_monthly_quota_fen === null ? null : store.topup_monthly_quota_fen - monthlyUsed,
    };
  }

  async preview(ctx: AccessContext, input: PreviewInput) {
    const c = await this.context(this.db, ctx, input, this.clock.now());
    return {
      memberId: c.holder.member.id,
      memberName: c.holder.member.name,
      cardNo: c.holder.card.cardNo,
      cardStatus: c.holder.card.status,
      amountFen: input.amountFen,
      rules: c.grants.map((g) => ({ id: g.rule.id, name: g.rule.name, bonusFen: g.bonusFen, points: g.points, installmentMonths: g.rule.installmentMonths })),
      ruleId: c.chosen?.rule.id ?? null,
      ruleName: c.chosen?.rule.name ?? '',
      bonusFen: c.bonusFen,
      points: c.points,
      installmentMonths: c.installmentMonths,
      installmentParts: c.installments,
      needsApproval: c.needsApproval,
      approvalThresholdFen: c.store.topup_approval_threshold_fen,
      dailyQuotaLeftFen: c.dailyQuotaLeftFen,
      monthlyQuotaLeftFen: c.monthlyQuotaLeftFen,
      balances: await this.wallet.balances(this.db, ctx.merchantId, input.memberId),
    };
  }

  async create(w: WriteScope, ctx: AccessContext, input: TopupInput): Promise<TopupDto> {
    checkTenders(input.tenders, input.amountFen);
    const at = await this.org.currentStoreDay(w.tx, ctx, w.now);
    const storeId = at.store.id;
    // the counter row serialises this store's top-ups for the day, so the quota check below cannot be raced
    const docNo = await nextDocNo(w.tx, ctx.merchantId, storeId, 'topup', at.day);
    const c = await this.context(w.tx, ctx, input, w.now, at);
    for (const [period, left] of [['daily', c.dailyQuotaLeftFen], ['monthly', c.monthlyQuotaLeftFen]] as const) {
      if (left !== null && input.amountFen > left) {
        throw new AppError(WalletErrors.STORE_TOPUP_QUOTA_EXCEEDED, { field: 'amountFen', details: { period, remainingFen: Math.max(left, 0), remainingYuan: formatYuan(Math.max(left, 0)) } });
      }
    }
    const now = w.now.toISOString();
    const row: TopupRow = {
      merchant_id: ctx.merchantId,
      id: newId(),
      doc_no: docNo,
      store_id: storeId,
      store_name: c.store.name,
      till_id: ctx.tillId,
      member_id: c.holder.member.id,
      member_name: c.holder.member.name,
      card_id: c.holder.card.id,
      card_no: c.holder.card.cardNo,
      principal_fen: input.amountFen,
      bonus_fen: c.bonusFen,
      points: c.points,
      rule_id: c.chosen?.rule.id ?? null,
      rule_name: c.chosen?.rule.name ?? '',
      installment_months: c.installmentMonths,
      tenders: JSON.stringify(input.tenders),
      note: input.note,
      status: c.needsApproval ? 'pending_approval' : 'completed',
      business_day: c.day,
      created_by: ctx.staffId,
      created_by_name: ctx.staffName,
      approved_by: null,
      approved_by_name: null,
      approved_at: null,
      closed_reason: '',
      closed_by: null,
      closed_at: null,
      txn_id: null,
      created_at: now,
      updated_at: now,
    };
    await this.wallet.insertTopup(w, row);
    await w.audit({ action: 'topup.create', entityType: 'topup', entityId: row.id, after: auditView(row) });
    const done = c.needsApproval ? row : await this.credit(w, row);
    return this.dto(w.tx, done);
  }

  /** The money side of a completed top-up: ledger, card revival, lifetime top-up for levels (R5). */
  private async credit(w: WriteScope, t: TopupRow, doc?: { docType: string; docId: string }): Promise<TopupRow> {
    const settings = await this.org.getSettings(t.merchant_id, w.tx);
    const store = await this.org.storeForDocuments(w.tx, { ...systemScope(w), merchantId: t.merchant_id }, t.store_id);
    const installments = t.installment_months ? installmentParts(t.bonus_fen, t.installment_months) : [];
    const txnId = await this.wallet.creditTopup(w, t, {
      installments,
      firstDueOn: (seq) => addMonths(t.business_day, seq),
      pointsExpireAt: pointsExpiresAt(settings.wallet.pointsExpiry, w.now, store.time_zone),
    }, doc);
    await this.wallet.moveTopup(w, t, { txn_id: txnId });
    await this.members.reviveCard(w, t.card_id);
    await this.members.recordActivity(w, t.member_id, { topupFen: t.principal_fen });
    for (const hook of this.grantHooks) await hook(w, { topupId: t.id, memberId: t.member_id, storeId: t.store_id, principalFen: t.principal_fen, ruleId: t.rule_id });
    return { ...t, txn_id: txnId };
  }

  private async pending(exec: Exec, ctx: AccessContext, id: string) {
    const t = await this.wallet.findTopup(exec, ctx.merchantId, id);
    if (!t || (ctx.allowedStoreIds && !ctx.allowedStoreIds.has(t.store_id))) throw new AppError(WalletErrors.TOPUP_NOT_FOUND, { field: 'id' });
    return t;
  }

  async approve(w: WriteScope, ctx: AccessContext, id: string) {
    const t = await this.pending(w.tx, ctx, id);
    if (t.status !== 'pending_approval') throw new AppError(WalletErrors.TOPUP_STATUS_INVALID, { field: 'id', details: { status: t.status } });
    if (t.created_by === ctx.staffId) throw new AppError(WalletErrors.TOPUP_SELF_APPROVAL, { field: 'id' });
    const holder = await this.members.holder(w.tx, { ...ctx, allowedStoreIds: null }, t.member_id);
    if (!holder.card) throw new AppError(WalletErrors.WALLET_NO_CARD, { field: 'id' });
    this.members.assertCardUsable(holder.card, w.now, 'id', { expiredOk: true });
    const patch = { status: 'completed' as const, approved_by: ctx.staffId, approved_by_name: ctx.staffName, approved_at: w.now.toISOString() };
    await this.wallet.moveTopup(w, t, patch);
    const done = await this.credit(w, { ...t, ...patch });
    await w.audit({ action: 'topup.approve', entityType: 'topup', entityId: id, before: { status: t.status }, after: { status: 'completed', docNo: t.doc_no, principalFen: t.principal_fen } });
    return this.dto(w.tx, done);
  }

  async reject(w: WriteScope, ctx: AccessContext, id: string, reason: string) {
    const t = await this.pending(w.tx, ctx, id);
    if (t.status !== 'pending_approval') throw new AppError(WalletErrors.TOPUP_STATUS_INVALID, { field: 'id', details: { status: t.status } });
    const patch = { status: 'rejected' as const, closed_reason: reason, closed_by: ctx.staffId, closed_at: w.now.toISOString() };
    await this.wallet.moveTopup(w, t, patch);
    await w.audit({ action: 'topup.reject', entityType: 'topup', entityId: id, before: { status: t.status }, after: { status: 'rejected', reason } });
    return this.dto(w.tx, { ...t, ...patch });
  }

  /** 撤销: allowed only while nothing of the top-up is spent (RULES R3). */
  async void(w: WriteScope, ctx: AccessContext, id: string, reason: string) {
    const t = await this.pending(w.tx, ctx, id);
    if (t.status !== 'completed') throw new AppError(WalletErrors.TOPUP_STATUS_INVALID, { field: 'id', details: { status: t.status } });
    const patch = { status: 'voided' as const, closed_reason: reason, closed_by: ctx.staffId, closed_at: w.now.toISOString() };
    await this.wallet.moveTopup(w, t, patch);
    await this.wallet.reverseTopup(w, t, reason);
    await this.members.recordActivity(w, t.member_id, { topupFen: -t.principal_fen });
    for (const hook of this.voidHooks) await hook(w, { topupId: t.id, memberId: t.member_id });
    await w.audit({ action: 'topup.void', entityType: 'topup', entityId: id, before: { status: t.status }, after: { status: 'voided', reason, principalFen: t.principal_fen, bonusFen: t.bonus_fen, points: t.points } });
    return this.dto(w.tx, { ...t, ...patch });
  }

  /**
   * 恢复: a voided top-up is credited again as a new posting (its card must still take value).
   * One whose bonus came in installments is not restored: its schedule was cancelled; top up again.
   */
  async restore(w: WriteScope, ctx: AccessContext, id: string, reason: string) {
    const t = await this.pending(w.tx, ctx, id);
    if (t.status !== 'voided') throw new AppError(WalletErrors.TOPUP_STATUS_INVALID, { field: 'id', details: { status: t.status } });
    if (t.installment_months) throw new AppError(WalletErrors.TOPUP_RESTORE_INSTALLMENTS, { field: 'id' });
    const holder = await this.members.holder(w.tx, { ...ctx, allowedStoreIds: null }, t.member_id);
    if (!holder.card) throw new AppError(WalletErrors.WALLET_NO_CARD, { field: 'id' });
    this.members.assertCardUsable(holder.card, w.now, 'id', { expiredOk: true });
    const patch = { status: 'completed' as const, closed_reason: '', closed_by: null, closed_at: null };
    await this.wallet.moveTopup(w, t, patch);
    const done = await this.credit(w, { ...t, ...patch }, { docType: 'topup_restore', docId: newId() });
    await w.audit({ action: 'topup.restore', entityType: 'topup', entityId: id, before: { status: t.status, voidReason: t.closed_reason }, after: { status: 'completed', reason } });
    return this.dto(w.tx, done);
  }

  async get(ctx: AccessContext, id: string) {
    return this.dto(this.db, await this.pending(this.db, ctx, id));
  }

  async list(ctx: AccessContext, q: { status?: TopupStatus; memberId?: string; from?: string; to?: string; page: number; pageSize: number; order: 'asc' | 'desc' }) {
    const { status, memberId, from, to, page, pageSize, order } = q;
    const { items, total } = await this.wallet.listTopups(this.db, ctx.merchantId, { storeIds: ctx.allowedStoreIds ? [...ctx.allowedStoreIds] : null, status, memberId, from, to }, { page, pageSize, order });
    return { items: await Promise.all(items.map((t) => this.dto(this.db, t))), total, page, pageSize };
  }

  private async dto(exec: Exec, t: TopupRow): Promise<TopupDto> {
    const [installments, balances] = await Promise.all([this.wallet.installmentsOf(exec, t.merchant_id, t.id), this.wallet.balances(exec, t.merchant_id, t.member_id)]);
    return {
      id: t.id,
      docNo: t.doc_no,
      storeId: t.store_id,
      storeName: t.store_name,
      memberId: t.member_id,
      memberName: t.member_name,
      cardNo: t.card_no,
      principalFen: t.principal_fen,
      bonusFen: t.bonus_fen,
      points: t.points,
      ruleId: t.rule_id,
      ruleName: t.rule_name,
      installmentMonths: t.installment_months,
      installments: installments.map((i) => ({ seq: i.seq, dueOn: i.due_on, amountFen: i.amount_fen, status: i.status })),
      tenders: JSON.parse(t.tenders) as Tender[],
      note: t.note,
      status: t.status,
      businessDay: t.business_day,
      createdAt: t.created_at,
      createdByName: t.created_by_name,
      approvedByName: t.approved_by_name,
      approvedAt: t.approved_at,
      closedReason: t.closed_reason,
      closedAt: t.closed_at,
      balances,
    };
  }
}

/** Payments must add up to the amount; anything but cash carries the payment's reference number. */
export function checkTenders(tenders: readonly Tender[], amountFen: number) {
  if (tenders.reduce((s, t) => s + t.amountFen, 0) !== amountFen) throw new AppError(WalletErrors.TOPUP_TENDERS_MISMATCH, { field: 'tenders' });
  tenders.forEach((t, i) => {
    if (t.method !== 'cash' && !t.reference.trim()) throw new AppError(WalletErrors.TOPUP_REFERENCE_REQUIRED, { field: `tenders.${i}.reference` });
  });
}

function auditView(t: TopupRow) {
  return { docNo: t.doc_no, memberId: t.member_id, cardNo: t.card_no, principalFen: t.principal_fen, bonusFen: t.bonus_fen, points: t.points, ruleName: t.rule_name, status: t.status, tenders: JSON.parse(t.tenders) as unknown };
}

/** Approval and jobs act on a store the approver may not have picked as current: read it unscoped. */
function systemScope(w: WriteScope): AccessContext {
  return { ...w.actor, staffId: w.actor.staffId ?? '', isAdmin: true, permissions: new Set(), dataScope: 'all', allowedStoreIds: null, maxDiscountBp: null };
}
