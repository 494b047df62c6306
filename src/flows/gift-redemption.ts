import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { addDays, businessDay, localDateTime, startOfLocalDay, type Clock } from '../kernel/clock';
import { AppError } from '../kernel/errors';
import { newId } from '../kernel/ids';
import { MAX_FEN } from '../kernel/money';
import type { AccessContext } from '../platform/context';
import { nextDocNo } from '../platform/doc-numbers';
import type { WriteScope } from '../platform/write';
import type { CatalogService } from '../modules/catalog/catalog.service';
import type { CouponsService } from '../modules/coupons/coupons.service';
import { GiftsErrors } from '../modules/gifts/gifts.errors';
import type { RedemptionRow } from '../modules/gifts/gifts.repository';
import type { GiftListQuery, RedeemInput, RedemptionDetailDto, RedemptionListQuery } from '../modules/gifts/gifts.schemas';
import { toRedemptionDto, type GiftsService } from '../modules/gifts/gifts.service';
import type { MembersService } from '../modules/members/members.service';
import type { OrgService } from '../modules/org/org.service';
import { Accounts, POINTS, usesAsset, type Posting } from '../modules/wallet/ledger';
import { WalletErrors } from '../modules/wallet/wallet.errors';
import type { WalletService } from '../modules/wallet/wallet.service';

type Exec = Kysely<Database>;

const DOC_TYPE = 'gift_redemption';
/** At most this many coupons come out of one redemption. */
const MAX_COUPONS = 1_000;

/**
 * 积分兑换: a member's points for a gift — goods handed over, bonus value, uses of a service or
 * coupons — in one transaction with one ledger posting; and its void (撤销), which gives the
 * points and the stock back while what the gift gave is unused.
 */
export class GiftRedemptionFlow {
  constructor(
    private readonly db: Exec,
    private readonly org: OrgService,
    private readonly members: MembersService,
    private readonly catalog: CatalogService,
    private readonly wallet: WalletService,
    private readonly gifts: GiftsService,
    private readonly coupons: CouponsService,
    private readonly clock: Clock,
  ) {}

  /** The gift list; with `availableFor`, only what that member may redeem at the caller's current store, with stock left. */
  async listGifts(ctx: AccessContext, query: GiftListQuery) {
    if (!query.availableFor) return this.gifts.listGifts(ctx.merchantId, query);
    const { store } = await this.org.currentStoreDay(this.db, ctx, this.clock.now());
    const holder = await this.members.holder(this.db, ctx, query.availableFor, 'availableFor');
    return this.gifts.listGifts(ctx.merchantId, query, { storeId: store.id, levelId: holder.member.levelId });
  }

  async redeem(w: WriteScope, ctx: AccessContext, input: RedeemInput): Promise<RedemptionDetailDto> {
    const m = ctx.merchantId;
    const { store, day } = await this.org.currentStoreDay(w.tx, ctx, w.now);
    const holder = await this.members.holder(w.tx, ctx, input.memberId);
    if (!holder.card) throw new AppError(WalletErrors.WALLET_NO_CARD, { field: 'memberId' });
    this.members.assertCardUsable(holder.card, w.now);
    if (await this.wallet.hasDueAnnualFee(w.tx, m, holder.member.id)) throw new AppError(WalletErrors.WALLET_ANNUAL_FEE_DUE, { field: 'memberId' });
    const gift = await this.gifts.gift(w.tx, m, input.giftId, 'giftId');
    this.gifts.assertRedeemable(gift, store.id, holder.member.levelId);

    const q = input.quantity;
    const points = gift.points_price * q;
    const valueFen = gift.kind === 'stored_value' ? (gift.value_fen ?? 0) * q : 0;
    const uses = gift.kind === 'uses' ? (gift.uses ?? 0) * q : 0;
    const coupons = gift.kind === 'coupon' ? (gift.coupon_quantity ?? 0) * q : 0;
    if (points > MAX_FEN || valueFen > MAX_FEN || uses > MAX_FEN || coupons > MAX_COUPONS) throw new AppError(GiftsErrors.GIFT_QUANTITY_TOO_LARGE, { field: 'quantity' });

    // the gift's row first, then the member's accounts (the ledger): every redemption and void takes them in this order
    const stockTaken = await this.gifts.takeStock(w, gift, q);
    const id = newId();
    const docNo = await nextDocNo(w.tx, m, store.id, 'gift', day);
    const memberId = holder.member.id;
    const postings: Posting[] = [{ from: Accounts.points(memberId), to: Accounts.store(store.id, 'points_redeemed', POINTS), amount: points, field: 'quantity' }];
    if (valueFen > 0) postings.push({ from: Accounts.store(store.id, 'bonus_expense'), to: Accounts.bonus(memberId), amount: valueFen });
    if (uses > 0) {
      const itemId = gift.service_product_id!;
      const name = (await this.catalog.priceFacts(w.tx, m, store.id, [itemId], w.now, null)).get(itemId)?.name ?? itemId;
      postings.push({
        from: Accounts.store(store.id, 'uses_sold', usesAsset(itemId)),
        to: Accounts.uses(memberId, itemId, name),
        amount: uses,
        // valid through the last day, like a count card bought today: N days → usable to the end of day N
        expiresAt: startOfLocalDay(addDays(localDateTime(w.now, store.time_zone).date, (gift.validity_days ?? 0) + 1), store.time_zone).toISOString(),
      });
    }
    await this.wallet.ledger.post(w, { docType: DOC_TYPE, docId: id, docNo, storeId: store.id, businessDay: day, kind: DOC_TYPE, memberId, memo: gift.name }, postings);

    const row: RedemptionRow = {
      merchant_id: m,
      id,
      doc_no: docNo,
      store_id: store.id,
      business_day: day,
      member_id: memberId,
      member_name: holder.member.name,
      gift_id: gift.id,
      gift_name: gift.name,
      kind: gift.kind,
      quantity: q,
      stock_taken: stockTaken,
      points,
      value_fen: valueFen,
      uses,
      coupons,
      status: 'completed',
      void_reason: '',
      voided_at: null,
      voided_by_name: null,
      staff_id: ctx.staffId,
      staff_name: ctx.staffName,
      created_at: w.now.toISOString(),
    };
    await this.gifts.insertRedemption(w, row);
    let couponsIssued: RedemptionDetailDto['couponsIssued'] = [];
    if (coupons > 0) {
      const { issued, template } = await this.coupons.issue(w, {
        templateId: gift.coupon_template_id!,
        memberIds: [memberId],
        perMember: coupons,
        channel: 'redemption',
        source: { kind: DOC_TYPE, id },
        storeId: store.id,
        timeZone: store.time_zone,
      });
      // points are not taken for coupons the member may not hold
      if (issued.length !== coupons) throw new AppError(GiftsErrors.GIFT_COUPON_LIMIT_REACHED, { field: 'quantity' });
      couponsIssued = issued.map((c) => ({ code: c.code, name: template.name, validTo: c.valid_to }));
    }
    await this.members.recordActivity(w, memberId, {});
    await w.audit({ action: 'gift.redeem', entityType: 'gift_redemption', entityId: id, after: { docNo, memberId, giftId: gift.id, giftName: gift.name, kind: gift.kind, quantity: q, points, valueFen, uses, coupons } });
    return { ...toRedemptionDto(row), couponsIssued, balances: await this.wallet.balances(w.tx, m, memberId) };
  }

  /**
   * 撤销: once only; the ledger posting is reversed onto the very lots it touched — refused when
   * the bonus value or uses it gave were spent, or a coupon it issued was used — and the stock returns.
   */
  async void(w: WriteScope, ctx: AccessContext, id: string, reason: string): Promise<RedemptionDetailDto> {
    const m = ctx.merchantId;
    const row = await this.gifts.redemption(w.tx, ctx, id);
    if (row.status !== 'completed') throw new AppError(GiftsErrors.GIFT_REDEMPTION_ALREADY_VOIDED, { field: 'id' });
    // the conditional update is the lock: a second void waits here, then finds nothing to change
    const patch = await this.gifts.markVoided(w, row.id, reason);
    if (row.stock_taken > 0) await this.gifts.returnStock(w, row.gift_id, row.stock_taken);
    if (row.coupons > 0) {
      const { used } = await this.coupons.voidIssuedBy(w, m, { kind: DOC_TYPE, id: row.id });
      if (used > 0) throw new AppError(GiftsErrors.GIFT_REDEMPTION_VOID_BLOCKED, { field: 'id', details: { couponsUsed: used } });
    }
    const store = await this.org.storeForDocuments(w.tx, ctx, row.store_id);
    const day = businessDay(w.now, store.time_zone, store.business_day_cutoff_minutes);
    const posted = await this.wallet.ledger.txnOfDoc(w.tx, m, DOC_TYPE, row.id, DOC_TYPE);
    if (posted) {
      try {
        await this.wallet.ledger.reverse(w, posted.id, { kind: `${DOC_TYPE}_void`, docType: DOC_TYPE, docId: row.id, docNo: row.doc_no, storeId: row.store_id, memberId: row.member_id, businessDay: day, memo: reason });
      } catch (err) {
        if (err instanceof AppError && (err.code === WalletErrors.WALLET_REVERSAL_BLOCKED || err.code.startsWith('WALLET_INSUFFICIENT'))) {
          throw new AppError(GiftsErrors.GIFT_REDEMPTION_VOID_BLOCKED, { field: 'id' });
        }
        throw err;
      }
    }
    await w.audit({ action: 'gift_redemption.void', entityType: 'gift_redemption', entityId: row.id, before: { status: row.status }, after: { status: 'voided', docNo: row.doc_no, reason, points: row.points, quantity: row.quantity } });
    const voided = { ...row, ...patch, status: 'voided' as const };
    return { ...toRedemptionDto(voided), couponsIssued: await this.coupons.issuedByDoc(w.tx, m, { kind: DOC_TYPE, id: row.id }), balances: await this.wallet.balances(w.tx, m, row.member_id) };
  }

  async get(ctx: AccessContext, id: string): Promise<RedemptionDetailDto> {
    const row = await this.gifts.redemption(this.db, ctx, id);
    return { ...toRedemptionDto(row), couponsIssued: row.coupons > 0 ? await this.coupons.issuedByDoc(this.db, ctx.merchantId, { kind: DOC_TYPE, id: row.id }) : [], balances: null };
  }

  list(ctx: AccessContext, query: RedemptionListQuery) {
    return this.gifts.listRedemptions(ctx, query);
  }
}
