import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { localDateTime, type Clock } from '../kernel/clock';
import { AppError } from '../kernel/errors';
import type { AccessContext } from '../platform/context';
import type { ItemRunner, WriteScope } from '../platform/write';
import { CouponsErrors } from '../modules/coupons/coupons.errors';
import type { IssueInput } from '../modules/coupons/coupons.schemas';
import { appliesAt, type CouponsService } from '../modules/coupons/coupons.service';
import type { MembersService } from '../modules/members/members.service';
import type { OrgService } from '../modules/org/org.service';
import { topupGrant } from '../modules/wallet/wallet-rules';
import type { WalletService } from '../modules/wallet/wallet.service';
import type { TopupCredited } from './topup';

type Exec = Kysely<Database>;
/** one bulk issue reaches at most this many members; a larger campaign is split by filter */
const BULK_LIMIT = 100_000;

/**
 * 发券 to members found by the members module: to a list or a filter (bulk), by top-up tiers, and
 * on birthdays by the daily job. Coupons and their limits are the coupons module's business.
 */
export class CouponIssuingFlow {
  constructor(
    private readonly db: Exec,
    private readonly org: OrgService,
    private readonly members: MembersService,
    private readonly coupons: CouponsService,
    private readonly wallet: WalletService,
    private readonly clock: Clock,
    private readonly defaultTimeZone: string,
  ) {}

  private async targetMembers(exec: Exec, ctx: AccessContext, target: IssueInput['target']) {
    if (target.kind === 'codes') return [];
    if (target.kind === 'members') {
      const found = new Set(await this.members.idsMatching(exec, ctx, { ids: target.memberIds }, target.memberIds.length));
      const missing = target.memberIds.findIndex((id) => !found.has(id));
      if (missing >= 0) throw new AppError('MEMBER_NOT_FOUND', { field: `target.memberIds.${missing}` });
      return target.memberIds;
    }
    const { kind: _kind, ...filter } = target;
    const ids = await this.members.idsMatching(exec, ctx, filter, BULK_LIMIT + 1);
    if (ids.length > BULK_LIMIT) throw new AppError('VALIDATION_FAILED', { field: 'target', details: { reason: `more than ${BULK_LIMIT} members; narrow the filter` } });
    return ids;
  }

  /** How many members and coupons an issue would reach, and how many the template has left. */
  async preview(ctx: AccessContext, input: IssueInput) {
    const count = input.target.kind === 'codes' ? input.target.count : (await this.targetMembers(this.db, ctx, input.target)).length;
    const members = input.target.kind === 'codes' ? 0 : count;
    const coupons = input.target.kind === 'codes' ? count : count * input.perMember;
    const p = await this.coupons.issuePreview(this.db, ctx.merchantId, input.templateId, members, input.perMember);
    return { members, coupons, left: p.left };
  }

  async issue(w: WriteScope, ctx: AccessContext, input: IssueInput) {
    const storeId = ctx.storeId;
    if (input.target.kind === 'codes') {
      const rows = await this.coupons.issueCodes(w, input.templateId, input.target.count, storeId, this.defaultTimeZone);
      await w.audit({ action: 'coupon.issue_codes', entityType: 'coupon_template', entityId: input.templateId, after: { count: rows.length } });
      return { members: 0, issued: rows.length, skippedAtLimit: 0, codes: rows.map((r) => r.code) };
    }
    const memberIds = await this.targetMembers(w.tx, ctx, input.target);
    const channel = input.target.kind === 'members' && memberIds.length === 1 ? 'manual' : 'bulk';
    const { issued, skippedAtLimit } = await this.coupons.issue(w, { templateId: input.templateId, memberIds, perMember: input.perMember, channel, source: null, storeId, timeZone: this.defaultTimeZone });
    // one member asked for by name and already at the limit is an error; in bulk such members are skipped and counted
    if (channel === 'manual' && issued.length === 0) {
      const t = await this.coupons.getTemplate(w.tx, ctx.merchantId, input.templateId);
      throw new AppError(CouponsErrors.COUPON_MEMBER_LIMIT, { field: 'target.memberIds.0', details: { limit: t.per_member_limit } });
    }
    await w.audit({ action: 'coupon.issue', entityType: 'coupon_template', entityId: input.templateId, after: { target: input.target, perMember: input.perMember, members: memberIds.length, issued: issued.length, skippedAtLimit } });
    return { members: memberIds.length, issued: issued.length, skippedAtLimit, codes: [] };
  }

  /** 充值送券: the coupons of the tier a credited top-up reached, × the multiples when the rule repeats. */
  async onTopupCredited(w: WriteScope, credited: TopupCredited) {
    if (!credited.ruleId) return;
    const m = w.actor.merchantId;
    const rule = await this.wallet.ruleTerms(w.tx, m, credited.ruleId);
    const grant = topupGrant({ tiers: rule.tiers, perEvery: rule.perEvery }, credited.principalFen);
    const tier = grant && rule.tiers[grant.tierIndex];
    if (!grant || !tier) return;
    const timeZone = await this.org.storeTimeZone(w.tx, m, credited.storeId);
    for (const c of tier.coupons) {
      await skipUnavailable(() =>
        this.coupons.issue(w, {
          templateId: c.templateId,
          memberIds: [credited.memberId],
          perMember: c.quantity * (rule.perEvery ? grant.multiples : 1),
          channel: 'topup',
          source: { kind: 'topup', id: credited.topupId },
          storeId: credited.storeId,
          timeZone,
        }),
      );
    }
  }

  /** A voided top-up takes its coupons back; if one was used the void is refused. */
  async onTopupVoided(w: WriteScope, voided: { topupId: string }) {
    const { used } = await this.coupons.voidIssuedBy(w, w.actor.merchantId, { kind: 'topup', id: voided.topupId });
    if (used > 0) throw new AppError(CouponsErrors.COUPON_ISSUED_USED, { field: 'id' });
  }

  /**
   * 生日券: every active birthday rule issues its coupons to members whose birthday is today in the
   * merchant's time zone (home store within the rule's stores). One key per rule, member and year,
   * so running the job twice a day issues once.
   */
  async issueBirthdayCoupons(runItem: ItemRunner, now: Date) {
    const today = localDateTime(now, this.defaultTimeZone).date;
    for (const merchantId of await this.coupons.merchantsWithBirthdayRules(this.db)) {
      const rules = await this.coupons.birthdayRules(this.db, merchantId);
      const members = await this.members.birthdaysOnDate(this.db, merchantId, today);
      for (const rule of rules) {
        const memberIds = members.filter((mb) => appliesAt(rule, mb.homeStoreId)).map((mb) => mb.id);
        if (memberIds.length === 0) continue;
        await runItem(merchantId, (w) =>
          skipUnavailable(() =>
            this.coupons.issue(w, { templateId: rule.template_id, memberIds, perMember: rule.quantity, channel: 'birthday', source: { kind: 'birthday_rule', id: rule.id }, storeId: null, issueKey: (member, n) => `birthday:${rule.id}:${today.slice(0, 4)}:${member}:${n}`, timeZone: this.defaultTimeZone }),
          ),
        );
      }
    }
  }
}

const UNAVAILABLE: ReadonlySet<string> = new Set([CouponsErrors.COUPON_TEMPLATE_NOT_FOUND, CouponsErrors.COUPON_TEMPLATE_ARCHIVED, CouponsErrors.COUPON_QUANTITY_EXHAUSTED]);

/** Coupons given away with something else (a top-up, a sale, a birthday) never fail it: a template gone, archived or used up gives nothing. */
export async function skipUnavailable(issue: () => Promise<unknown>): Promise<void> {
  try {
    await issue();
  } catch (err) {
    if (!(err instanceof AppError && UNAVAILABLE.has(err.code))) throw err;
  }
}
