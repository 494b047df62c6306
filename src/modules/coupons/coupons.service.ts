import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { formatTimeOfDay, isoWeekday, localDateTime, parseTimeOfDay } from '../../kernel/clock';
import { AppError } from '../../kernel/errors';
import { newId } from '../../kernel/ids';
import type { AccessContext } from '../../platform/context';
import type { WriteScope } from '../../platform/write';
import { couponLineKeys, couponPricing, couponRefusal, couponValidity, type CouponPricing, type CouponRefusal, type CouponTerms } from './coupon-rules';
import type { CouponDirectory } from './coupons.ports';
import { CouponsErrors } from './coupons.errors';
import { couponsRepository as repo, type CouponRow, type CouponRuleRow, type CouponTemplateRow } from './coupons.repository';
import type { CouponDto, CouponRuleInput, CouponRulePatch, CouponTemplateDto, CouponTemplateInput, CouponTemplatePatch } from './coupons.schemas';
import type { CouponChannel, CouponStatus } from './coupons.tables';

type Exec = Kysely<Database>;

const REFUSAL_ERRORS: Record<CouponRefusal, keyof typeof CouponsErrors> = {
  used: 'COUPON_USED',
  void: 'COUPON_VOID',
  other_member: 'COUPON_OTHER_MEMBER',
  not_yet_valid: 'COUPON_NOT_YET_VALID',
  expired: 'COUPON_EXPIRED',
  wrong_day: 'COUPON_WRONG_DAY',
  outside_hours: 'COUPON_OUTSIDE_HOURS',
  store: 'COUPON_STORE_NOT_ALLOWED',
  level: 'COUPON_LEVEL_NOT_ALLOWED',
};

/** Q + 12 digits: printable as a barcode, and told apart from card numbers and product barcodes at the till. */
export const COUPON_CODE = /^Q\d{12}$/;
/** Where new codes come from (an object, so a test can make them clash). */
export const couponCodes = { draw: () => `Q${String(randomInt(0, 1_000_000)).padStart(6, '0')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}` };

const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
const parseIds = (s: string | null): string[] | null => (s === null ? null : (JSON.parse(s) as string[]));

export function termsOf(t: CouponTemplateRow): CouponTerms {
  return {
    kind: t.kind,
    valueFen: t.value_fen,
    rateBp: t.rate_bp,
    maxOffFen: t.max_off_fen,
    minSpendFen: t.min_spend_fen,
    validity: t.validity_kind === 'fixed' ? { kind: 'fixed', from: t.valid_from!, to: t.valid_to! } : { kind: 'days', days: t.valid_days! },
    weekdays: t.weekdays === null ? null : (JSON.parse(t.weekdays) as number[]),
    hours: t.from_minute === null || t.to_minute === null ? null : { fromMinute: t.from_minute, toMinute: t.to_minute },
    productScope: t.product_scope,
    scopeIds: parseIds(t.scope_ids) ?? [],
    storeIds: parseIds(t.store_ids),
    levelIds: parseIds(t.level_ids),
  };
}

function templateDto(t: CouponTemplateRow): CouponTemplateDto {
  const terms = termsOf(t);
  return {
    id: t.id,
    name: t.name,
    kind: t.kind,
    valueFen: t.value_fen,
    rateBp: t.rate_bp,
    maxOffFen: t.max_off_fen,
    minSpendFen: t.min_spend_fen,
    validity: terms.validity,
    weekdays: terms.weekdays,
    hours: terms.hours && { from: formatTimeOfDay(terms.hours.fromMinute), to: formatTimeOfDay(terms.hours.toMinute) },
    productScope: t.product_scope,
    scopeIds: terms.scopeIds,
    storeIds: terms.storeIds,
    levelIds: terms.levelIds,
    perMemberLimit: t.per_member_limit,
    totalQuantity: t.total_quantity,
    stackable: t.stackable === 1,
    costBearer: t.cost_bearer,
    description: t.description,
    status: t.status,
    issuedCount: t.issued_count,
    createdAt: t.created_at,
  };
}

/** The stored columns of a whole template, after checking that its parts agree. */
function templateColumns(v: Omit<CouponTemplateInput, 'status'>) {
  const invalid = (field: string, reason: string) => new AppError(CouponsErrors.COUPON_TEMPLATE_INVALID, { field, details: { reason } });
  if (v.kind === 'discount') {
    if (v.rateBp === null) throw invalid('rateBp', 'a discount coupon needs its rate');
    if (v.valueFen !== 0) throw invalid('valueFen', 'a discount coupon has no amount');
  } else {
    if (v.valueFen < 1) throw invalid('valueFen', 'the amount off must be at least 1 fen');
    if (v.rateBp !== null || v.maxOffFen !== null) throw invalid('rateBp', 'only a discount coupon has a rate');
  }
  if (v.kind === 'threshold' && v.minSpendFen < v.valueFen) throw invalid('minSpendFen', 'the threshold must be at least the amount off');
  if (v.validity.kind === 'fixed' && v.validity.from > v.validity.to) throw invalid('validity.to', 'the last day is before the first');
  if (v.productScope !== 'all' && v.scopeIds.length === 0) throw invalid('scopeIds', 'choose the products or categories it covers');
  const from = v.hours ? parseTimeOfDay(v.hours.from) : null;
  const to = v.hours ? parseTimeOfDay(v.hours.to) : null;
  if (v.hours && from === to) throw invalid('hours.to', 'the hours are empty');
  return {
    name: v.name,
    kind: v.kind,
    value_fen: v.valueFen,
    rate_bp: v.rateBp,
    max_off_fen: v.maxOffFen,
    min_spend_fen: v.minSpendFen,
    validity_kind: v.validity.kind,
    valid_from: v.validity.kind === 'fixed' ? v.validity.from : null,
    valid_to: v.validity.kind === 'fixed' ? v.validity.to : null,
    valid_days: v.validity.kind === 'days' ? v.validity.days : null,
    weekdays: v.weekdays === null ? null : JSON.stringify([...new Set(v.weekdays)].sort()),
    from_minute: from,
    to_minute: to,
    product_scope: v.productScope,
    scope_ids: JSON.stringify(v.productScope === 'all' ? [] : [...new Set(v.scopeIds)]),
    store_ids: json(v.storeIds && [...new Set(v.storeIds)]),
    level_ids: json(v.levelIds && [...new Set(v.levelIds)]),
    per_member_limit: v.perMemberLimit,
    total_quantity: v.totalQuantity,
    stackable: v.stackable ? 1 : 0,
    cost_bearer: v.costBearer,
    description: v.description,
  };
}

function toInput(t: CouponTemplateDto): Omit<CouponTemplateInput, 'status'> {
  const { id: _id, status: _s, issuedCount: _n, createdAt: _c, ...input } = t;
  return input;
}

/** A coupon found good for this cart, with what the pricing engine should take off. */
export interface CartCoupon {
  id: string;
  code: string;
  templateName: string;
  pricing: CouponPricing;
}

export interface CartFacts {
  memberId: string | null;
  levelId: string | null;
  store: { id: string; time_zone: string };
  now: Date;
  lines: readonly { key: string; productId: string | null; categoryId: string | null }[];
}

/** A code checked against a cart: the coupon and its pricing, or the error that refuses it. */
type CartCheck = { ok: true; coupon: CartCoupon; validTo: string } | { ok: false; error: AppError };

export interface IssueRequest {
  templateId: string;
  memberIds: readonly string[];
  perMember: number;
  channel: CouponChannel;
  source: { kind: string; id: string } | null;
  storeId: string | null;
  /** a job or hook that may run twice gives each coupon a key; coupons already issued under it are skipped */
  issueKey?: (memberId: string, n: number) => string;
  /** the merchant's default time zone, for "valid N days" and fixed dates */
  timeZone: string;
}

/**
 * 电子券 (RULES R8): templates, issuing with the total and per-member limits, and the checks a
 * coupon passes before the pricing engine takes it; using and restoring a coupon is atomic per coupon.
 */
export class CouponsService {
  constructor(
    private readonly db: Exec,
    private readonly directory: CouponDirectory,
  ) {}

  // ---- templates ------------------------------------------------------------------------------

  async listTemplates(merchantId: string, status: 'active' | 'archived' | 'all') {
    return (await repo.listTemplates(this.db, merchantId, status)).map(templateDto);
  }

  async getTemplate(exec: Exec, merchantId: string, id: string, field = 'templateId') {
    const row = await repo.findTemplate(exec, merchantId, id);
    if (!row) throw new AppError(CouponsErrors.COUPON_TEMPLATE_NOT_FOUND, { field });
    return row;
  }

  private async checkScope(exec: Exec, merchantId: string, v: Pick<CouponTemplateInput, 'productScope' | 'scopeIds' | 'storeIds' | 'levelIds'>) {
    const missing = async (field: string, ids: string[] | null, exist: (e: Exec, m: string, ids: string[]) => Promise<string[]>) => {
      if (!ids?.length) return;
      const found = new Set(await exist(exec, merchantId, [...new Set(ids)]));
      const i = ids.findIndex((id) => !found.has(id));
      if (i >= 0) throw new AppError('NOT_FOUND', { field: `${field}.${i}` });
    };
    await missing('storeIds', v.storeIds, this.directory.existingStoreIds);
    await missing('levelIds', v.levelIds, this.directory.existingLevelIds);
    if (v.productScope === 'products') await missing('scopeIds', v.scopeIds, this.directory.existingProductIds);
    if (v.productScope === 'categories') await missing('scopeIds', v.scopeIds, this.directory.existingCategoryIds);
  }

  async createTemplate(w: WriteScope, input: CouponTemplateInput) {
    const m = w.actor.merchantId;
    const columns = templateColumns(input);
    await this.checkScope(w.tx, m, input);
    const row: CouponTemplateRow = { merchant_id: m, id: newId(), ...columns, issued_count: 0, status: 'active', created_at: w.now.toISOString(), updated_at: w.now.toISOString() };
    await repo.insertTemplate(w.tx, row);
    const dto = templateDto(row);
    await w.audit({ action: 'coupon_template.create', entityType: 'coupon_template', entityId: row.id, after: dto });
    return dto;
  }

  /** Terms changed apply to coupons used from now on; coupons already issued keep their dates. */
  async updateTemplate(w: WriteScope, id: string, patch: CouponTemplatePatch) {
    const m = w.actor.merchantId;
    const before = templateDto(await this.getTemplate(w.tx, m, id, 'id'));
    const { status, ...rest } = patch;
    const merged = { ...toInput(before), ...rest };
    if (merged.totalQuantity !== null && merged.totalQuantity < before.issuedCount) {
      throw new AppError(CouponsErrors.COUPON_TEMPLATE_INVALID, { field: 'totalQuantity', details: { reason: `${before.issuedCount} have been issued already` } });
    }
    await this.checkScope(w.tx, m, merged);
    await repo.updateTemplate(w.tx, m, id, { ...templateColumns(merged), ...(status ? { status } : {}), updated_at: w.now.toISOString() });
    const after = templateDto((await repo.findTemplate(w.tx, m, id))!);
    await w.audit({ action: 'coupon_template.update', entityType: 'coupon_template', entityId: id, before, after });
    return after;
  }

  // ---- issuing ----------------------------------------------------------------------------------

  /**
   * Issues `perMember` coupons to each member, within the template's total (all or nothing) and
   * per-member limit (members at the limit are skipped and counted). `memberIds` must be members
   * of this merchant: callers find them first.
   */
  async issue(w: WriteScope, req: IssueRequest): Promise<{ issued: CouponRow[]; skippedAtLimit: number; template: CouponTemplateRow }> {
    const m = w.actor.merchantId;
    const template = await this.getTemplate(w.tx, m, req.templateId);
    if (template.status !== 'active') throw new AppError(CouponsErrors.COUPON_TEMPLATE_ARCHIVED, { field: 'templateId' });
    let held = new Map<string, number>();
    if (template.per_member_limit !== null) {
      // the template row is locked before the members' holdings are counted, so two issues at once cannot both see room
      await repo.lockTemplate(w.tx, m, template.id);
      held = await repo.heldCounts(w.tx, m, template.id, req.memberIds);
    }
    let skippedAtLimit = 0;
    const wanted: { memberId: string; n: number }[] = [];
    for (const memberId of new Set(req.memberIds)) {
      const room = template.per_member_limit === null ? req.perMember : Math.min(req.perMember, template.per_member_limit - (held.get(memberId) ?? 0));
      if (room <= 0) skippedAtLimit++;
      for (let n = 0; n < room; n++) wanted.push({ memberId, n });
    }
    let keyed = wanted.map((x) => ({ ...x, issueKey: req.issueKey ? req.issueKey(x.memberId, x.n) : null }));
    if (req.issueKey) {
      const done = await repo.existingIssueKeys(w.tx, m, keyed.map((x) => x.issueKey!));
      keyed = keyed.filter((x) => !done.has(x.issueKey!));
    }
    if (keyed.length === 0) return { issued: [], skippedAtLimit, template };
    await this.takeQuantity(w, template, keyed.length);
    const rows = keyed.map((x) => newCoupon(w, template, req.timeZone, { memberId: x.memberId, channel: req.channel, source: req.source, issueKey: x.issueKey, storeId: req.storeId }));
    await this.insertWithUniqueCodes(w, rows);
    return { issued: rows, skippedAtLimit, template };
  }

  /** N coupons held by no one (印券码): whoever brings the code can use it once. */
  async issueCodes(w: WriteScope, templateId: string, count: number, storeId: string | null, timeZone: string): Promise<CouponRow[]> {
    const m = w.actor.merchantId;
    const template = await this.getTemplate(w.tx, m, templateId);
    if (template.status !== 'active') throw new AppError(CouponsErrors.COUPON_TEMPLATE_ARCHIVED, { field: 'templateId' });
    await this.takeQuantity(w, template, count);
    const rows = Array.from({ length: count }, () => newCoupon(w, template, timeZone, { memberId: null, channel: 'code', source: null, issueKey: null, storeId }));
    await this.insertWithUniqueCodes(w, rows);
    return rows;
  }

  /**
   * Codes are drawn at random from 10^12: a batch of a million draws the same code twice more
   * often than not, and a merchant's earlier codes may come up. Those are drawn again first.
   */
  private async insertWithUniqueCodes(w: WriteScope, rows: CouponRow[]) {
    const drawn = new Set<string>();
    let pending = rows;
    while (pending.length > 0) {
      for (const r of pending) {
        while (drawn.has(r.code)) r.code = couponCodes.draw();
        drawn.add(r.code);
      }
      const taken = await repo.takenCodes(w.tx, w.actor.merchantId, pending.map((r) => r.code));
      pending = pending.filter((r) => taken.has(r.code));
    }
    await repo.insertCoupons(w.tx, rows);
  }

  private async takeQuantity(w: WriteScope, template: CouponTemplateRow, n: number) {
    if (!(await repo.takeQuantity(w.tx, w.actor.merchantId, template.id, n))) {
      const fresh = (await repo.findTemplate(w.tx, w.actor.merchantId, template.id))!;
      throw new AppError(CouponsErrors.COUPON_QUANTITY_EXHAUSTED, { field: 'templateId', details: { total: fresh.total_quantity, left: (fresh.total_quantity ?? 0) - fresh.issued_count } });
    }
  }

  /** How many coupons a bulk issue would make and how many the template has left. */
  async issuePreview(exec: Exec, merchantId: string, templateId: string, members: number, perMember: number) {
    const t = await this.getTemplate(exec, merchantId, templateId);
    return { members, coupons: members * perMember, left: t.total_quantity === null ? null : t.total_quantity - t.issued_count };
  }

  /** Voids what a document issued that is still unused; `used` says how many were used already. */
  async voidIssuedBy(w: WriteScope, merchantId: string, source: { kind: string; id: string }): Promise<{ voided: number; used: number }> {
    const rows = await repo.issuedBy(w.tx, merchantId, source.kind, source.id);
    const voided = await repo.voidAvailable(w.tx, merchantId, rows.filter((r) => r.status === 'available').map((r) => r.id), w.now.toISOString());
    return { voided, used: rows.filter((r) => r.status === 'used').length };
  }

  /** Undoes `voidIssuedBy` of the void made at `voidedAt`: the document stands again, and so do its coupons. */
  async reviveIssuedBy(w: WriteScope, merchantId: string, source: { kind: string; id: string }, voidedAt: string): Promise<void> {
    await repo.reviveVoided(w.tx, merchantId, source.kind, source.id, voidedAt);
  }

  /** How many of the coupons a document issued have been used (a preview of `voidIssuedBy`). */
  async usedIssuedBy(exec: Exec, merchantId: string, source: { kind: string; id: string }): Promise<number> {
    return (await repo.issuedBy(exec, merchantId, source.kind, source.id)).filter((r) => r.status === 'used').length;
  }

  async voidCoupon(w: WriteScope, ctx: AccessContext, id: string, reason: string) {
    const row = await repo.findCoupon(w.tx, ctx.merchantId, id);
    if (!row || !(await this.visibleTo(w.tx, ctx, row))) throw new AppError(CouponsErrors.COUPON_NOT_FOUND, { field: 'id', details: { code: id } });
    if ((await repo.voidAvailable(w.tx, ctx.merchantId, [id], w.now.toISOString())) !== 1) throw new AppError(CouponsErrors.COUPON_NOT_VOIDABLE, { field: 'id' });
    await w.audit({ action: 'coupon.void', entityType: 'coupon', entityId: id, before: { status: row.status }, after: { status: 'void', code: row.code, reason } });
    return (await this.toDtos(w.tx, ctx.merchantId, [(await repo.findCoupon(w.tx, ctx.merchantId, id))!], w.now))[0]!;
  }

  // ---- at the till --------------------------------------------------------------------------------

  /**
   * R8: each code must name a coupon usable here and now by this member, cover some line of the
   * cart, and stack with the others; the engine then checks the minimum spend. Errors name the
   * field `couponCodes.<i>`.
   */
  async forCart(exec: Exec, merchantId: string, codes: readonly string[], cart: CartFacts): Promise<CartCoupon[]> {
    const repeated = codes.findIndex((code, i) => codes.indexOf(code) !== i);
    if (repeated >= 0) throw new AppError(CouponsErrors.COUPON_REPEATED, { field: `couponCodes.${repeated}`, details: { code: codes[repeated] } });
    const checks = await this.check(exec, merchantId, codes, cart, codes.length > 1);
    return checks.map((c) => {
      if (!c.ok) throw c.error;
      return c.coupon;
    });
  }

  /** Each code on its own against the cart, never throwing: the till's list of a member's coupons with why one does not apply. */
  tryEach(exec: Exec, merchantId: string, codes: readonly string[], cart: CartFacts): Promise<CartCheck[]> {
    return this.check(exec, merchantId, codes, cart, false);
  }

  private async check(exec: Exec, merchantId: string, codes: readonly string[], cart: CartFacts, together: boolean): Promise<CartCheck[]> {
    if (codes.length === 0) return [];
    const rows = new Map((await repo.findByCodes(exec, merchantId, codes)).map((r) => [r.code, r]));
    const templates = new Map((await repo.templatesByIds(exec, merchantId, [...rows.values()].map((r) => r.template_id))).map((t) => [t.id, t]));
    const byCategory = [...templates.values()].some((t) => t.product_scope === 'categories');
    const parents = byCategory ? await this.directory.categoryParents(exec, merchantId, [...new Set(cart.lines.flatMap((l) => (l.categoryId ? [l.categoryId] : [])))]) : new Map<string, string | null>();
    const lines = cart.lines.map((l) => ({ key: l.key, productId: l.productId, categoryIds: l.categoryId ? [l.categoryId, ...(parents.get(l.categoryId) ? [parents.get(l.categoryId)!] : [])] : [] }));
    const local = localDateTime(cart.now, cart.store.time_zone);
    const at = { now: cart.now, weekday: isoWeekday(local.date), minute: local.minutes, storeId: cart.store.id, memberId: cart.memberId, levelId: cart.levelId };
    return codes.map((code, i): CartCheck => {
      const field = `couponCodes.${i}`;
      const refuse = (err: keyof typeof CouponsErrors): CartCheck => ({ ok: false, error: new AppError(CouponsErrors[err], { field, details: { code } }) });
      const row = rows.get(code);
      const template = row && templates.get(row.template_id);
      if (!row || !template) return refuse('COUPON_NOT_FOUND');
      const terms = termsOf(template);
      const refusal = couponRefusal({ status: row.status, memberId: row.member_id, validFrom: row.valid_from, validTo: row.valid_to }, terms, at);
      if (refusal) return refuse(REFUSAL_ERRORS[refusal]);
      if (together && template.stackable !== 1) return refuse('COUPON_NOT_STACKABLE');
      const lineKeys = couponLineKeys(terms, lines);
      if (lineKeys.length === 0) return refuse('COUPON_NO_ELIGIBLE_LINES');
      return { ok: true, coupon: { id: row.id, code, templateName: template.name, pricing: couponPricing(code, terms, lineKeys) }, validTo: row.valid_to };
    });
  }

  /** The member's coupons usable now, newest-expiring first, for the till to try against the cart. */
  async usableCodes(exec: Exec, merchantId: string, memberId: string, now: Date): Promise<string[]> {
    return (await repo.usableOf(exec, merchantId, memberId, now.toISOString())).map((r) => r.code);
  }

  /** Marks the order's coupons used (atomic per coupon: a coupon another till just used fails with COUPON_USED). */
  async use(w: WriteScope, applied: readonly { id: string; code: string; discountFen: number }[], order: { id: string; storeId: string; day: string }) {
    const m = w.actor.merchantId;
    for (const [i, c] of applied.entries()) {
      if (!(await repo.markUsed(w.tx, m, c.id, { orderId: order.id, storeId: order.storeId, at: w.now.toISOString() }))) {
        throw new AppError(CouponsErrors.COUPON_USED, { field: `couponCodes.${i}`, details: { code: c.code } });
      }
    }
    await repo.insertUses(
      w.tx,
      applied.map((c) => ({ merchant_id: m, id: newId(), coupon_id: c.id, order_id: order.id, store_id: order.storeId, business_day: order.day, discount_fen: c.discountFen, used_at: w.now.toISOString(), released_at: null, released_by_id: null })),
    );
  }

  /**
   * R8 on a return of the whole order: its coupons come back while still valid; an expired one
   * stays used. Either way the use is released, so the report no longer counts it.
   */
  async releaseForOrder(w: WriteScope, orderId: string, returnId: string): Promise<{ restored: string[]; keptUsed: string[] }> {
    const m = w.actor.merchantId;
    const { uses, valid, expired } = await this.orderCoupons(w.tx, m, orderId, w.now);
    const restored: CouponRow[] = [];
    for (const coupon of valid) ((await repo.markAvailable(w.tx, m, coupon.id, orderId)) ? restored : expired).push(coupon);
    await repo.releaseUses(w.tx, m, uses.map((u) => u.id), returnId, w.now.toISOString());
    return { restored: restored.map((c) => c.code), keptUsed: expired.map((c) => c.code) };
  }

  /** What `releaseForOrder` would do now, for the return preview. */
  async releasePreview(exec: Exec, merchantId: string, orderId: string, now: Date) {
    const { valid, expired } = await this.orderCoupons(exec, merchantId, orderId, now);
    return { restored: valid.map((c) => c.code), keptUsed: expired.map((c) => c.code) };
  }

  /** The coupons an order uses now, split into those still valid and those expired. */
  private async orderCoupons(exec: Exec, merchantId: string, orderId: string, now: Date) {
    const uses = await repo.activeUsesOf(exec, merchantId, orderId);
    const coupons = await Promise.all(uses.map(async (u) => (await repo.findCoupon(exec, merchantId, u.coupon_id))!));
    const at = now.toISOString();
    return { uses, valid: coupons.filter((c) => c.valid_to > at), expired: coupons.filter((c) => c.valid_to <= at) };
  }

  /** 恢复 of a void: the coupons the void released are used by the order again; false when one has since been used elsewhere. */
  async reapply(w: WriteScope, order: { id: string; storeId: string; day: string }, voidId: string): Promise<boolean> {
    const m = w.actor.merchantId;
    const released = await repo.usesReleasedBy(w.tx, m, voidId);
    for (const use of released) {
      const coupon = (await repo.findCoupon(w.tx, m, use.coupon_id))!;
      const stillOurs = coupon.status === 'used' && coupon.used_order_id === order.id;
      if (!stillOurs && !(await repo.markUsed(w.tx, m, coupon.id, { orderId: order.id, storeId: order.storeId, at: w.now.toISOString() }))) return false;
    }
    await repo.insertUses(
      w.tx,
      released.map((u) => ({ ...u, id: newId(), store_id: order.storeId, business_day: order.day, used_at: w.now.toISOString(), released_at: null, released_by_id: null })),
    );
    return true;
  }

  // ---- reading ----------------------------------------------------------------------------------

  /** The template name of each code, for documents that record coupons by code. */
  async namesByCode(exec: Exec, merchantId: string, codes: readonly string[]): Promise<Map<string, string>> {
    const rows = await repo.findByCodes(exec, merchantId, codes);
    const names = new Map((await repo.templatesByIds(exec, merchantId, rows.map((r) => r.template_id))).map((t) => [t.id, t.name]));
    return new Map(rows.map((r) => [r.code, names.get(r.template_id) ?? '']));
  }

  /** Coupons a document issued (e.g. a sale under a checkout rule), for its receipt. */
  async issuedByDoc(exec: Exec, merchantId: string, source: { kind: string; id: string }) {
    const rows = await repo.issuedBy(exec, merchantId, source.kind, source.id);
    const names = new Map((await repo.templatesByIds(exec, merchantId, rows.map((r) => r.template_id))).map((t) => [t.id, t.name]));
    return rows.map((r) => ({ code: r.code, name: names.get(r.template_id) ?? '', validTo: r.valid_to }));
  }

  /**
   * A user limited to some stores sees one member's coupons only if the member is theirs to see,
   * and otherwise the coupons issued or used at their stores.
   */
  async listCoupons(ctx: AccessContext, query: { templateId?: string; memberId?: string; status?: CouponStatus | 'expired'; channel?: CouponChannel; code?: string; page: number; pageSize: number }, now: Date) {
    const stores = ctx.allowedStoreIds && [...ctx.allowedStoreIds];
    if (stores && query.memberId && !(await this.directory.memberInStores(this.db, ctx.merchantId, query.memberId, stores))) throw new AppError('MEMBER_NOT_FOUND', { field: 'memberId' });
    const storeIds = stores && !query.memberId ? stores : null;
    const { rows, total } = await repo.listCoupons(this.db, ctx.merchantId, { ...query, storeIds, now: now.toISOString() }, query);
    return { items: await this.toDtos(this.db, ctx.merchantId, rows, now), total, page: query.page, pageSize: query.pageSize };
  }

  async byCode(ctx: AccessContext, code: string, now: Date) {
    const [row] = await repo.findByCodes(this.db, ctx.merchantId, [code]);
    if (!row || !(await this.visibleTo(this.db, ctx, row))) throw new AppError(CouponsErrors.COUPON_NOT_FOUND, { field: 'code', details: { code } });
    return (await this.toDtos(this.db, ctx.merchantId, [row], now))[0]!;
  }

  /** One coupon under the rule of `listCoupons`: its member is the user's to see, or it was issued or used at their stores. */
  private async visibleTo(exec: Exec, ctx: AccessContext, row: CouponRow): Promise<boolean> {
    const stores = ctx.allowedStoreIds;
    if (!stores) return true;
    if ((row.issued_store_id && stores.has(row.issued_store_id)) || (row.used_store_id && stores.has(row.used_store_id))) return true;
    return row.member_id !== null && (await this.directory.memberInStores(exec, ctx.merchantId, row.member_id, [...stores]));
  }

  private async toDtos(exec: Exec, merchantId: string, rows: CouponRow[], now: Date): Promise<CouponDto[]> {
    const [templates, names, discounts] = await Promise.all([
      repo.templatesByIds(exec, merchantId, rows.map((r) => r.template_id)),
      this.directory.memberNames(exec, merchantId, [...new Set(rows.flatMap((r) => (r.member_id ? [r.member_id] : [])))]),
      repo.activeDiscounts(exec, merchantId, rows.filter((r) => r.status === 'used').map((r) => r.id)),
    ]);
    const byId = new Map(templates.map((t) => [t.id, t]));
    const at = now.toISOString();
    return rows.map((r) => {
      const t = byId.get(r.template_id)!;
      return {
        id: r.id,
        code: r.code,
        templateId: t.id,
        templateName: t.name,
        kind: t.kind,
        valueFen: t.value_fen,
        rateBp: t.rate_bp,
        maxOffFen: t.max_off_fen,
        minSpendFen: t.min_spend_fen,
        memberId: r.member_id,
        memberName: r.member_id ? (names.get(r.member_id) ?? null) : null,
        channel: r.channel,
        status: r.status === 'available' && r.valid_to <= at ? 'expired' : r.status,
        issuedAt: r.issued_at,
        validFrom: r.valid_from,
        validTo: r.valid_to,
        usedAt: r.used_at,
        usedOrderId: r.used_order_id,
        discountFen: discounts.get(r.id) ?? null,
      };
    });
  }

  // ---- automatic issuing rules ------------------------------------------------------------------

  async listRules(merchantId: string) {
    const rows = await repo.listRules(this.db, merchantId);
    const names = new Map((await repo.templatesByIds(this.db, merchantId, rows.map((r) => r.template_id))).map((t) => [t.id, t.name]));
    return rows.map((r) => ruleDto(r, names.get(r.template_id) ?? ''));
  }

  async createRule(w: WriteScope, input: CouponRuleInput) {
    const m = w.actor.merchantId;
    const template = await this.getTemplate(w.tx, m, input.templateId);
    await this.checkScope(w.tx, m, { productScope: 'all', scopeIds: [], storeIds: input.storeIds, levelIds: null });
    const row: CouponRuleRow = { merchant_id: m, id: newId(), name: input.name, trigger: input.trigger, template_id: template.id, quantity: input.quantity, min_spend_fen: input.minSpendFen, store_ids: json(input.storeIds), status: 'active', created_at: w.now.toISOString(), updated_at: w.now.toISOString() };
    await repo.insertRule(w.tx, row);
    const dto = ruleDto(row, template.name);
    await w.audit({ action: 'coupon_rule.create', entityType: 'coupon_rule', entityId: row.id, after: dto });
    return dto;
  }

  async updateRule(w: WriteScope, id: string, patch: CouponRulePatch) {
    const m = w.actor.merchantId;
    const row = await repo.findRule(w.tx, m, id);
    if (!row) throw new AppError(CouponsErrors.COUPON_RULE_NOT_FOUND, { field: 'id' });
    const template = await this.getTemplate(w.tx, m, patch.templateId ?? row.template_id);
    if (patch.storeIds) await this.checkScope(w.tx, m, { productScope: 'all', scopeIds: [], storeIds: patch.storeIds, levelIds: null });
    const next: CouponRuleRow = {
      ...row,
      name: patch.name ?? row.name,
      trigger: patch.trigger ?? row.trigger,
      template_id: template.id,
      quantity: patch.quantity ?? row.quantity,
      min_spend_fen: patch.minSpendFen ?? row.min_spend_fen,
      store_ids: patch.storeIds === undefined ? row.store_ids : json(patch.storeIds),
      status: patch.status ?? row.status,
      updated_at: w.now.toISOString(),
    };
    await repo.updateRule(w.tx, m, id, next);
    const after = ruleDto(next, template.name);
    await w.audit({ action: 'coupon_rule.update', entityType: 'coupon_rule', entityId: id, before: ruleDto(row, template.name), after });
    return after;
  }

  /** "Spend ≥ ¥200 → a ¥20 voucher for the next visit": the rules this order's total and store earn. */
  async checkoutRules(exec: Exec, merchantId: string, storeId: string, totalFen: number) {
    return (await repo.activeRules(exec, merchantId, 'checkout')).filter((r) => totalFen >= r.min_spend_fen && appliesAt(r, storeId));
  }

  birthdayRules = (exec: Exec, merchantId: string) => repo.activeRules(exec, merchantId, 'birthday');
  merchantsWithBirthdayRules = (exec: Exec) => repo.merchantsWithBirthdayRules(exec);
}

/** A new available coupon of the template, valid from now by its terms. */
function newCoupon(
  w: WriteScope,
  template: CouponTemplateRow,
  timeZone: string,
  c: { memberId: string | null; channel: CouponChannel; source: { kind: string; id: string } | null; issueKey: string | null; storeId: string | null },
): CouponRow {
  const { validFrom, validTo } = couponValidity(termsOf(template), w.now, timeZone);
  return {
    merchant_id: w.actor.merchantId,
    id: newId(),
    code: couponCodes.draw(),
    template_id: template.id,
    member_id: c.memberId,
    channel: c.channel,
    source_kind: c.source?.kind ?? null,
    source_id: c.source?.id ?? null,
    issue_key: c.issueKey,
    issued_store_id: c.storeId,
    issued_at: w.now.toISOString(),
    valid_from: validFrom,
    valid_to: validTo,
    status: 'available',
    used_at: null,
    used_order_id: null,
    used_store_id: null,
    voided_at: null,
  };
}

export function appliesAt(rule: CouponRuleRow, storeId: string | null): boolean {
  const stores = parseIds(rule.store_ids);
  return stores === null || (storeId !== null && stores.includes(storeId));
}

function ruleDto(r: CouponRuleRow, templateName: string) {
  return { id: r.id, name: r.name, trigger: r.trigger, templateId: r.template_id, templateName, quantity: r.quantity, minSpendFen: r.min_spend_fen, storeIds: parseIds(r.store_ids), status: r.status };
}

