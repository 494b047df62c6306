import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { AppError } from '../../kernel/errors';
import { MAX_FEN } from '../../kernel/money';
import { requireStoreAccess } from '../../platform/access';
import type { AccessContext } from '../../platform/context';
import { newId } from '../../kernel/ids';
import type { ItemRunner, WriteScope } from '../../platform/write';
import { Accounts, Ledger, POINTS, usesAsset, type Posting, type TxnHeader } from './ledger';
import { walletRepository as repo, type AnnualFeeRow, type StatementFilter, type TopupRuleRow, type TopupRow } from './wallet.repository';
import { WalletErrors } from './wallet.errors';
import { countCardRefundFen, splitStoredValueSpend, topupGrant, type SpendSplitPolicy, type TopupTier } from './wallet-rules';
import type { Tender, TopupRuleDto, TopupRuleInput } from './wallet.schemas';

type Exec = Kysely<Database>;

export interface StoreFacts {
  existingStoreIds(exec: Exec, merchantId: string, ids: string[]): Promise<string[]>;
}

export interface Balances {
  principalFen: number;
  bonusFen: number;
  points: number;
}

export interface RuleGrant {
  rule: TopupRuleDto;
  bonusFen: number;
  points: number;
}

function toRuleDto(row: TopupRuleRow): TopupRuleDto {
  return {
    id: row.id,
    name: row.name,
    storeId: row.store_id,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    // tiers saved before coupons existed have none
    tiers: (JSON.parse(row.tiers) as TopupTier[]).map((t) => ({ ...t, coupons: [...(t.coupons ?? [])] })),
    perEvery: row.per_every === 1,
    installmentMonths: row.installment_months,
    status: row.status,
  };
}

/** Where the money of each tender lands: one counter-account per store and method. */
export const tenderAccount = (storeId: string, method: string) => Accounts.store(storeId, `tender:${method}`);

/**
 * The wallet module: the ledger, top-up rules and documents, balances and statements. It knows
 * nothing of members' profiles or stores' settings; flows/ bring those in.
 */
export class WalletService {
  readonly ledger: Ledger;

  constructor(
    private readonly db: Exec,
    private readonly stores: StoreFacts,
  ) {
    this.ledger = new Ledger(db);
  }

  // ---- top-up rules ----------------------------------------------------------------------------

  async listRules(merchantId: string) {
    return (await repo.listRules(this.db, merchantId)).map(toRuleDto);
  }

  /** A rule's terms as saved, for hooks that act on the tier a top-up reached. */
  async ruleTerms(exec: Exec, merchantId: string, id: string) {
    return toRuleDto(await this.rule(exec, merchantId, id));
  }

  private async rule(exec: Exec, merchantId: string, id: string, field = 'id') {
    const row = await repo.findRule(exec, merchantId, id);
    if (!row) throw new AppError(WalletErrors.TOPUP_RULE_NOT_FOUND, { field });
    return row;
  }

  /** A rule applies to stores the editor manages: one of their stores, or every store only for those who see every store. */
  private async checkRule(exec: Exec, ctx: AccessContext, r: Pick<TopupRuleDto, 'storeId' | 'startsOn' | 'endsOn' | 'tiers' | 'perEvery'>) {
    const merchantId = ctx.merchantId;
    if (r.storeId) requireStoreAccess(ctx, r.storeId);
    else if (ctx.allowedStoreIds !== null) throw new AppError('AUTH_STORE_FORBIDDEN', { field: 'storeId' });
    if (new Set(r.tiers.map((t) => t.thresholdFen)).size !== r.tiers.length) throw new AppError(WalletErrors.TOPUP_RULE_TIERS_INVALID, { field: 'tiers' });
    // "per every" multiplies a tier by the amount: even the largest top-up must grant an amount the ledger accepts
    r.tiers.forEach((t, i) => {
      const times = BigInt(r.perEvery ? Math.floor(MAX_FEN / t.thresholdFen) : 1);
      if (BigInt(t.bonusFen) * times > BigInt(MAX_FEN) || BigInt(t.points) * times > BigInt(MAX_FEN)) throw new AppError(WalletErrors.TOPUP_RULE_GRANT_TOO_LARGE, { field: `tiers.${i}` });
    });
    if (r.startsOn && r.endsOn && r.endsOn < r.startsOn) throw new AppError(WalletErrors.TOPUP_RULE_DATES_INVALID, { field: 'endsOn' });
    if (r.storeId && (await this.stores.existingStoreIds(exec, merchantId, [r.storeId])).length === 0) throw new AppError('ORG_STORE_NOT_FOUND', { field: 'storeId' });
  }

  async createRule(w: WriteScope, ctx: AccessContext, input: TopupRuleInput) {
    const m = w.actor.merchantId;
    await this.checkRule(w.tx, ctx, input);
    const at = w.now.toISOString();
    const tiers = [...input.tiers].sort((a, b) => a.thresholdFen - b.thresholdFen);
    const row: TopupRuleRow = {
      merchant_id: m,
      id: newId(),
      name: input.name,
      store_id: input.storeId,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      tiers: JSON.stringify(tiers),
      per_every: input.perEvery ? 1 : 0,
      installment_months: input.installmentMonths,
      status: 'active',
      created_at: at,
      updated_at: at,
    };
    await repo.insertRule(w.tx, row);
    const dto = toRuleDto(row);
    await w.audit({ action: 'topup_rule.create', entityType: 'topup_rule', entityId: row.id, after: dto });
    return dto;
  }

  async updateRule(w: WriteScope, ctx: AccessContext, id: string, patch: Partial<TopupRuleDto>) {
    const m = w.actor.merchantId;
    const before = toRuleDto(await this.rule(w.tx, m, id));
    // the editor must manage the stores the rule covers now as well as those it will cover
    if (before.storeId) requireStoreAccess(ctx, before.storeId, 'id');
    else if (ctx.allowedStoreIds !== null) throw new AppError('AUTH_STORE_FORBIDDEN', { field: 'id' });
    const after = { ...before, ...patch, tiers: [...(patch.tiers ?? before.tiers)].sort((a, b) => a.thresholdFen - b.thresholdFen) };
    await this.checkRule(w.tx, ctx, after);
    await repo.updateRule(w.tx, m, id, {
      name: after.name,
      store_id: after.storeId,
      starts_on: after.startsOn,
      ends_on: after.endsOn,
      tiers: JSON.stringify(after.tiers),
      per_every: after.perEvery ? 1 : 0,
      installment_months: after.installmentMonths,
      status: after.status,
      updated_at: w.now.toISOString(),
    });
    await w.audit({ action: 'topup_rule.update', entityType: 'topup_rule', entityId: id, before, after });
    return after;
  }

  /** What each rule active at this store today would grant for `amountFen`, best first (most bonus, then points). */
  async ruleGrants(exec: Exec, merchantId: string, storeId: string, day: string, amountFen: number): Promise<RuleGrant[]> {
    const grants: RuleGrant[] = [];
    for (const row of await repo.applicableRules(exec, merchantId, storeId, day)) {
      const rule = toRuleDto(row);
      const grant = topupGrant({ tiers: rule.tiers, perEvery: rule.perEvery }, amountFen);
      if (grant) grants.push({ rule, bonusFen: grant.bonusFen, points: grant.points });
    }
    return grants.sort((a, b) => b.bonusFen - a.bonusFen || b.points - a.points);
  }

  // ---- top-ups ---------------------------------------------------------------------------------

  insertTopup = (w: WriteScope, row: TopupRow) => repo.insertTopup(w.tx, row);
  findTopup = (exec: Exec, merchantId: string, id: string) => repo.findTopup(exec, merchantId, id);
  listTopups = repo.listTopups;
  installmentsOf = repo.installmentsOf;
  storeTopupTotal = repo.storeTopupTotal;

  async moveTopup(w: WriteScope, topup: TopupRow, patch: Partial<TopupRow>) {
    if (!(await repo.moveTopup(w.tx, w.actor.merchantId, topup.id, topup.status, { ...patch, updated_at: w.now.toISOString() }))) {
      throw new AppError(WalletErrors.TOPUP_STATUS_INVALID, { field: 'id', details: { status: topup.status } });
    }
  }

  /**
   * Credits a top-up: tenders → principal, the store's bonus expense → bonus (or the first
   * installment schedule instead), points issued → points. Returns the ledger transaction id.
   */
  async creditTopup(w: WriteScope, t: TopupRow, parts: { installments: number[]; firstDueOn: (seq: number) => string; pointsExpireAt: string | null }, doc = { docType: 'topup', docId: t.id }) {
    const tenders = JSON.parse(t.tenders) as Tender[];
    const postings: Posting[] = tenders.map((td) => ({ from: tenderAccount(t.store_id, td.method), to: Accounts.principal(t.member_id), amount: td.amountFen }));
    if (t.bonus_fen > 0 && parts.installments.length === 0) postings.push({ from: Accounts.store(t.store_id, 'bonus_expense'), to: Accounts.bonus(t.member_id), amount: t.bonus_fen });
    if (t.points > 0) postings.push({ from: Accounts.merchant('points_issued', POINTS), to: Accounts.points(t.member_id), amount: t.points, expiresAt: parts.pointsExpireAt });
    const txn = await this.ledger.post(w, { ...docHeader(t, doc.docType), docId: doc.docId, kind: 'topup' }, postings);
    await repo.insertInstallments(
      w.tx,
      parts.installments.map((amount, i) => ({
        merchant_id: t.merchant_id,
        id: newId(),
        topup_id: t.id,
        member_id: t.member_id,
        seq: i + 1,
        due_on: parts.firstDueOn(i + 1),
        amount_fen: amount,
        status: 'pending' as const,
        txn_id: null,
        updated_at: w.now.toISOString(),
      })),
    );
    return txn.id;
  }

  /** Takes a top-up back while nothing of it is spent (RULES R3), its credited installments included. */
  async reverseTopup(w: WriteScope, t: TopupRow, reason: string) {
    // parts not yet credited stop first: this waits for an installment job crediting one right now, which is then reversed below
    await repo.cancelPendingInstallments(w.tx, w.actor.merchantId, { topupId: t.id }, w.now.toISOString());
    const installments = await repo.installmentsOf(w.tx, w.actor.merchantId, t.id);
    // each void is its own document, so a top-up restored and voided again posts under a new one
    const voidDoc = { ...docHeader(t, 'topup_void'), docId: newId(), memo: reason };
    try {
      for (const part of installments.filter((i) => i.status === 'credited' && i.txn_id)) {
        await this.ledger.reverse(w, part.txn_id!, { ...voidDoc, kind: `installment_void_${part.seq}` });
      }
      if (t.txn_id) await this.ledger.reverse(w, t.txn_id, { ...voidDoc, kind: 'topup_void' });
    } catch (err) {
      if (err instanceof AppError && err.code === WalletErrors.WALLET_REVERSAL_BLOCKED) throw new AppError(WalletErrors.WALLET_TOPUP_ALREADY_SPENT, { field: 'id' });
      throw err;
    }
  }

  /** Scheduled: credits every installment part due by `today`, each in its own transaction. */
  async creditDueInstallments(run: ItemRunner, today: string) {
    let credited = 0;
    const failed = new Set<string>();
    for (;;) {
      const due = (await repo.dueInstallments(this.db, today, 200 + failed.size)).filter((p) => !failed.has(p.id));
      if (due.length === 0) return credited;
      for (const part of due) {
        const ok = await run(part.merchant_id, async (w) => {
          const t = await repo.findTopup(w.tx, part.merchant_id, part.topup_id);
          // claim the part first: a void or 退卡 that cancelled it in the meantime wins, and nothing is credited
          if (t?.status !== 'completed' || !(await repo.moveInstallment(w.tx, part.merchant_id, part.id, { status: 'credited', updated_at: w.now.toISOString() }))) return;
          const txn = await this.ledger.post(w, { ...docHeader(t, 'topup_installment'), docId: part.id, kind: 'installment', memo: `${part.seq}/${t.installment_months}` }, [
            { from: Accounts.store(t.store_id, 'bonus_expense'), to: Accounts.bonus(t.member_id), amount: part.amount_fen },
          ]);
          await repo.setInstallmentTxn(w.tx, part.merchant_id, part.id, txn.id);
          credited++;
        });
        if (!ok) failed.add(part.id);
      }
    }
  }

  cancelPendingInstallments = (w: WriteScope, memberId: string) => repo.cancelPendingInstallments(w.tx, w.actor.merchantId, { memberId }, w.now.toISOString());
  pendingInstallmentTotal = repo.pendingInstallmentTotal;

  // ---- balances and statements -------------------------------------------------------------

  async balances(exec: Exec, merchantId: string, memberId: string, lock = false): Promise<Balances> {
    const rows = await this.ledger.memberAccounts(exec, merchantId, memberId, lock);
    const of = (kind: string) => rows.find((r) => r.kind === kind)?.balance ?? 0;
    return { principalFen: of('sv_principal'), bonusFen: of('sv_bonus'), points: of('points') };
  }

  /**
   * Points a debit can take at `now`: the balance less lots past their expiry that the expiry job
   * has not swept yet (it runs every 15 minutes), which no debit may use.
   */
  async spendablePoints(exec: Exec, merchantId: string, memberId: string, now: Date, lock = false): Promise<number> {
    const account = (await this.ledger.memberAccounts(exec, merchantId, memberId, lock)).find((r) => r.kind === 'points');
    if (!account) return 0;
    const at = now.toISOString();
    const expired = (await this.ledger.liveLots(exec, merchantId, memberId)).filter((l) => l.account_id === account.id && l.expires_at !== null && l.expires_at <= at);
    return account.balance - expired.reduce((sum, l) => sum + l.remaining, 0);
  }

  async memberWallet(exec: Exec, merchantId: string, memberId: string) {
    const [accounts, lots, pending, fees] = await Promise.all([
      this.ledger.memberAccounts(exec, merchantId, memberId),
      this.ledger.liveLots(exec, merchantId, memberId),
      repo.pendingInstallmentTotal(exec, merchantId, memberId),
      repo.annualFeesOf(exec, merchantId, memberId),
    ]);
    const of = (kind: string) => accounts.find((r) => r.kind === kind)?.balance ?? 0;
    const pointsAccount = accounts.find((a) => a.kind === 'points');
    const principalFen = of('sv_principal');
    const bonusFen = of('sv_bonus');
    return {
      memberId,
      principalFen,
      bonusFen,
      storedValueFen: principalFen + bonusFen,
      points: of('points'),
      pointsExpiring: lots.filter((l) => l.account_id === pointsAccount?.id && l.expires_at).map((l) => ({ points: l.remaining, expiresAt: l.expires_at! })),
      uses: accounts
        .filter((a) => a.kind === 'uses')
        .map((a) => ({
          itemId: a.asset.slice('USES:'.length),
          label: a.label,
          balance: a.balance,
          lots: lots.filter((l) => l.account_id === a.id).map((l) => ({ remaining: l.remaining, expiresAt: l.expires_at })),
        })),
      pendingInstallmentsFen: pending,
      annualFees: fees.map(toFeeDto),
    };
  }

  async statement(exec: Exec, merchantId: string, memberId: string, filter: StatementFilter, page: { page: number; pageSize: number; order: 'asc' | 'desc' }) {
    const { items, total } = await repo.statement(exec, merchantId, memberId, filter, page);
    return {
      items: items.map((r) => ({
        id: r.id,
        createdAt: r.created_at,
        asset: r.asset,
        accountKind: r.account_kind,
        accountLabel: r.account_label,
        amount: r.amount,
        balanceAfter: r.balance_after,
        kind: r.kind,
        docType: r.doc_type,
        docId: r.doc_id,
        docNo: r.doc_no,
        memo: r.memo,
        staffName: r.staff_name,
        storeName: r.store_name,
        isReversal: r.reverses_id !== null,
      })),
      total,
      page: page.page,
      pageSize: page.pageSize,
    };
  }

  // ---- spending, points and uses (composed by flows: checkout, transfers, refunds) -------------

  /**
   * Pays `amountFen` from stored value, split between principal and bonus by the merchant's
   * policy (RULES R3) on balances locked for this transaction. The money goes to `to`.
   */
  async spendStoredValue(w: WriteScope, header: TxnHeader & { memberId: string }, amountFen: number, policy: SpendSplitPolicy, to: { principal: ReturnType<typeof Accounts.store>; bonus: ReturnType<typeof Accounts.store> }) {
    const b = await this.balances(w.tx, w.actor.merchantId, header.memberId, true);
    if (amountFen > b.principalFen + b.bonusFen) throw new AppError(WalletErrors.WALLET_INSUFFICIENT_FUNDS, { field: 'amountFen' });
    const split = splitStoredValueSpend(amountFen, b.principalFen, b.bonusFen, policy);
    const postings: Posting[] = [];
    if (split.principalFen > 0) postings.push({ from: Accounts.principal(header.memberId), to: to.principal, amount: split.principalFen, field: 'amountFen' });
    if (split.bonusFen > 0) postings.push({ from: Accounts.bonus(header.memberId), to: to.bonus, amount: split.bonusFen, field: 'amountFen' });
    const txn = await this.ledger.post(w, header, postings);
    return { ...split, txnId: txn.id };
  }

  /** Manual points adjustment (RULES R4): a ledger entry against the merchant's adjustment account. */
  async adjustPoints(w: WriteScope, memberId: string, delta: number, reason: string, expiresAt: string | null) {
    const adjust = Accounts.merchant('points_adjustment', POINTS);
    const member = Accounts.points(memberId);
    const docId = newId();
    const posting: Posting = delta > 0 ? { from: adjust, to: member, amount: delta, expiresAt } : { from: member, to: adjust, amount: -delta, field: 'delta' };
    const txn = await this.ledger.post(w, { kind: 'points_adjust', docType: 'points_adjustment', docId, memberId, memo: reason }, [posting]);
    const points = txn.entries.find((e) => e.accountCode === member.code)?.balanceAfter ?? 0;
    await w.audit({ action: 'points.adjust', entityType: 'member', entityId: memberId, after: { delta, reason, points, txnId: txn.id } });
    return { txnId: txn.id, points };
  }

  /** 计次 (RULES R6): a lot of uses of one service item with its own expiry, e.g. sold by a count-card product. */
  async creditUses(w: WriteScope, header: TxnHeader & { memberId: string; storeId: string }, item: { itemId: string; itemName: string; uses: number; expiresAt: string | null }) {
    return this.ledger.post(w, header, [
      { from: Accounts.store(header.storeId, 'uses_sold', usesAsset(item.itemId)), to: Accounts.uses(header.memberId, item.itemId, item.itemName), amount: item.uses, expiresAt: item.expiresAt },
    ]);
  }

  /** Uses taken soonest-expiring first; an expired lot cannot be used (RULES R6). */
  async consumeUses(w: WriteScope, header: TxnHeader & { memberId: string; storeId: string }, item: { itemId: string; itemName: string; uses: number }) {
    return this.ledger.post(w, header, [
      { from: Accounts.uses(header.memberId, item.itemId, item.itemName), to: Accounts.store(header.storeId, 'uses_served', usesAsset(item.itemId)), amount: item.uses, field: 'uses' },
    ]);
  }

  /**
   * Refund of a count card's unused uses (RULES R6): what is left of the lots the sale created
   * leaves the member, and the refund is the value of those uses, unit value = price / N with
   * the remainder on the first uses.
   */
  async refundUnusedUses(w: WriteScope, header: TxnHeader & { memberId: string; storeId: string }, sale: { txnId: string; itemId: string; itemName: string; priceFen: number; totalUses: number }) {
    const m = w.actor.merchantId;
    const account = Accounts.uses(header.memberId, sale.itemId, sale.itemName);
    await this.ledger.lockMembers(w.tx, m, [header.memberId]);
    const lots = (await this.ledger.lotsCreatedBy(w.tx, m, sale.txnId)).filter((l) => l.remaining > 0);
    const unused = lots.reduce((sum, l) => sum + l.remaining, 0);
    const refundFen = countCardRefundFen(sale.priceFen, sale.totalUses, unused);
    if (unused > 0) {
      const to = Accounts.store(header.storeId, 'uses_refunded', usesAsset(sale.itemId));
      await this.ledger.post(w, header, lots.map((l) => ({ from: account, to, amount: l.remaining, fromLotId: l.id })));
    }
    return { unusedUses: unused, refundFen };
  }

  // ---- annual fees -------------------------------------------------------------------------

  insertAnnualFee = (w: WriteScope, row: AnnualFeeRow) => repo.insertAnnualFee(w.tx, row);
  hasDueAnnualFee = repo.hasDueAnnualFee;

  async annualFee(exec: Exec, merchantId: string, id: string) {
    const row = await repo.findAnnualFee(exec, merchantId, id);
    if (!row) throw new AppError(WalletErrors.ANNUAL_FEE_NOT_FOUND, { field: 'id' });
    return row;
  }

  async settleAnnualFee(w: WriteScope, fee: AnnualFeeRow, patch: Partial<AnnualFeeRow>) {
    if (!(await repo.settleAnnualFee(w.tx, w.actor.merchantId, fee.id, { ...patch, updated_at: w.now.toISOString() }))) throw new AppError(WalletErrors.ANNUAL_FEE_NOT_DUE, { field: 'id' });
    return toFeeDto({ ...fee, ...patch });
  }

  setAnnualFeeTxn = (w: WriteScope, id: string, txnId: string) => repo.setAnnualFeeTxn(w.tx, w.actor.merchantId, id, txnId);

  insertTransfer = repo.insertTransfer;
  insertRefund = repo.insertRefund;
}

export function toFeeDto(f: AnnualFeeRow) {
  return { id: f.id, dueOn: f.due_on, amountFen: f.amount_fen, status: f.status, paidVia: f.paid_via };
}

function docHeader(t: TopupRow, docType: string): Omit<TxnHeader, 'kind'> {
  return { docType, docId: t.id, docNo: t.doc_no, storeId: t.store_id, memberId: t.member_id, businessDay: t.business_day };
}

