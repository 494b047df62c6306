import { z } from 'zod';
import { BP_ONE } from '../../kernel/money';
import { pageResult, zFen, zId, zIsoDate, zName, zPaging, zText, zTimeOfDay } from '../../kernel/schemas';

const zIds = z.array(zId).max(500);
const templateFields = {
  name: zName,
  kind: z.enum(['cash', 'discount', 'threshold']),
  /** cash and threshold coupons: the amount off; 0 for a discount coupon */
  valueFen: zFen,
  /** discount coupons: the rate paid, 8000 = 8折 */
  rateBp: z.number().int().min(1).max(BP_ONE - 1).nullable(),
  maxOffFen: zFen.min(1).nullable(),
  minSpendFen: zFen,
  validity: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('fixed'), from: zIsoDate, to: zIsoDate }),
    z.object({ kind: z.literal('days'), days: z.number().int().min(1).max(3650) }),
  ]),
  /** ISO weekdays, 1 = Monday; null = every day */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).nullable(),
  /** store-local HH:MM, [from, to); from > to runs over midnight; null = all day */
  hours: z.object({ from: zTimeOfDay, to: zTimeOfDay }).nullable(),
  productScope: z.enum(['all', 'products', 'categories']),
  scopeIds: zIds,
  /** null = every store / every level */
  storeIds: zIds.nullable(),
  levelIds: zIds.nullable(),
  perMemberLimit: z.number().int().min(1).max(1000).nullable(),
  totalQuantity: z.number().int().min(1).max(10_000_000).nullable(),
  stackable: z.boolean(),
  costBearer: z.enum(['hq', 'store']),
  description: zText(500),
};
export const couponTemplateInput = z.object({ ...templateFields, stackable: z.boolean().default(false), costBearer: z.enum(['hq', 'store']).default('hq'), description: zText(500).default('') });
export const couponTemplatePatch = z.object({ ...templateFields, status: z.enum(['active', 'archived']) }).partial();
export const couponTemplateDto = z.object({ id: zId, ...templateFields, status: z.enum(['active', 'archived']), issuedCount: z.number().int(), createdAt: z.string() });
export type CouponTemplateInput = z.infer<typeof couponTemplateInput>;
export type CouponTemplatePatch = z.infer<typeof couponTemplatePatch>;
export type CouponTemplateDto = z.infer<typeof couponTemplateDto>;
export const couponTemplateListQuery = z.object({ status: z.enum(['active', 'archived', 'all']).default('active') });

const couponStatus = z.enum(['available', 'used', 'expired', 'void']);
const channel = z.enum(['manual', 'bulk', 'code', 'checkout', 'topup', 'birthday', 'redemption']);
export const couponDto = z.object({
  id: zId,
  code: z.string(),
  templateId: zId,
  templateName: z.string(),
  kind: templateFields.kind,
  valueFen: z.number().int(),
  rateBp: z.number().int().nullable(),
  maxOffFen: z.number().int().nullable(),
  minSpendFen: z.number().int(),
  memberId: z.string().nullable(),
  memberName: z.string().nullable(),
  channel,
  /** available past its end shows as expired */
  status: couponStatus,
  issuedAt: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  usedAt: z.string().nullable(),
  usedOrderId: z.string().nullable(),
  /** what the coupon took off the order it was used on */
  discountFen: z.number().int().nullable(),
});
export type CouponDto = z.infer<typeof couponDto>;
export const couponListQuery = z.object({
  ...zPaging,
  templateId: zId.optional(),
  memberId: zId.optional(),
  status: couponStatus.optional(),
  channel: channel.optional(),
  /** exact code */
  code: z.string().trim().max(32).optional(),
});
export const couponPage = pageResult(couponDto);
export const codeParams = z.object({ code: z.string().trim().min(1).max(32) });

/** To whom: listed members, every member matching a filter (same filters as the member list), or N unassigned codes. */
export const issueTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('members'), memberIds: z.array(zId).min(1).max(1000) }),
  z.object({
    kind: z.literal('filter'),
    levelId: zId.optional(),
    storeId: zId.optional(),
    tag: z.string().trim().min(1).max(20).optional(),
    birthdayMonth: z.number().int().min(1).max(12).optional(),
    lastVisitFrom: zIsoDate.optional(),
    lastVisitTo: zIsoDate.optional(),
  }),
  z.object({ kind: z.literal('codes'), count: z.number().int().min(1).max(10_000) }),
]);
export const issueInput = z.object({ templateId: zId, target: issueTarget, perMember: z.number().int().min(1).max(10).default(1) });
export type IssueInput = z.infer<typeof issueInput>;
export const issueResult = z.object({
  /** members reached (0 for codes) and coupons issued */
  members: z.number().int(),
  issued: z.number().int(),
  /** members left out because they already hold the most allowed */
  skippedAtLimit: z.number().int(),
  /** the codes made, for printing (codes target only) */
  codes: z.array(z.string()),
});
export const issuePreviewResult = z.object({ members: z.number().int(), coupons: z.number().int(), left: z.number().int().nullable() });

export const ruleFields = {
  name: zName,
  trigger: z.enum(['checkout', 'birthday']),
  templateId: zId,
  quantity: z.number().int().min(1).max(10),
  /** checkout: the order total that earns it */
  minSpendFen: zFen,
  storeIds: zIds.nullable(),
};
export const couponRuleInput = z.object(ruleFields);
export const couponRulePatch = z.object({ ...ruleFields, status: z.enum(['active', 'archived']) }).partial();
export const couponRuleDto = z.object({ id: zId, ...ruleFields, status: z.enum(['active', 'archived']), templateName: z.string() });
export type CouponRuleInput = z.infer<typeof couponRuleInput>;
export type CouponRulePatch = z.infer<typeof couponRulePatch>;
