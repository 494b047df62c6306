import { z } from 'zod';
import { MAX_FEN } from '../../kernel/money';
import { pageResult, zFen, zId, zIsoDate, zName, zPaging, zText, zTimestamp } from '../../kernel/schemas';

const zPositiveFen = zFen.min(1);
const zPoints = z.number().int().min(0).max(MAX_FEN);
export const zReason = z.string().trim().min(1).max(200);

// ---- top-up rules ----
/** coupons: templates granted with the tier (the coupons capability issues them once the top-up is credited) */
export const topupTier = z.object({ thresholdFen: zPositiveFen, bonusFen: zFen, points: zPoints, coupons: z.array(z.object({ templateId: zId, quantity: z.number().int().min(1).max(10) })).max(5).default([]) });
const ruleFields = {
  name: zName,
  /** null = every store */
  storeId: zId.nullable(),
  startsOn: zIsoDate.nullable(),
  endsOn: zIsoDate.nullable(),
  tiers: z.array(topupTier).min(1).max(20),
  /** the tier repeats for every multiple of its threshold ("每充100送20") */
  perEvery: z.boolean(),
  /** bonus returned in this many monthly parts (分期返还); null = at once */
  installmentMonths: z.number().int().min(2).max(60).nullable(),
};
export const topupRuleInput = z.object(ruleFields);
export const topupRulePatch = z.object({ ...ruleFields, status: z.enum(['active', 'archived']) }).partial();
export const topupRuleDto = z.object({ id: zId, ...ruleFields, status: z.enum(['active', 'archived']) });
export type TopupRuleInput = z.infer<typeof topupRuleInput>;
export type TopupRuleDto = z.infer<typeof topupRuleDto>;

// ---- top-ups ----
export const tenderMethod = z.enum(['cash', 'bank_card', 'wechat', 'alipay']);
export const tender = z.object({ method: tenderMethod, amountFen: zPositiveFen, reference: zText(64).default('') });
export type Tender = z.infer<typeof tender>;

export const topupPreviewInput = z.object({
  memberId: zId,
  amountFen: zPositiveFen,
  /** a rule to use; omitted = the best applicable one, null = none */
  ruleId: zId.nullable().optional(),
});
export const balancesDto = z.object({ principalFen: z.number().int(), bonusFen: z.number().int(), points: z.number().int() });
export const topupPreview = z.object({
  memberId: zId,
  memberName: z.string(),
  cardNo: z.string(),
  cardStatus: z.string(),
  amountFen: z.number().int(),
  rules: z.array(z.object({ id: zId, name: z.string(), bonusFen: z.number().int(), points: z.number().int(), installmentMonths: z.number().int().nullable() })),
  ruleId: zId.nullable(),
  ruleName: z.string(),
  bonusFen: z.number().int(),
  points: z.number().int(),
  installmentMonths: z.number().int().nullable(),
  /** the bonus parts when it is returned by installments */
  installmentParts: z.array(z.number().int()),
  needsApproval: z.boolean(),
  approvalThresholdFen: z.number().int(),
  dailyQuotaLeftFen: z.number().int().nullable(),
  monthlyQuotaLeftFen: z.number().int().nullable(),
  balances: balancesDto,
});
export const topupInput = topupPreviewInput.extend({ tenders: z.array(tender).min(1).max(5), note: zText(200).default('') });
export type TopupInput = z.infer<typeof topupInput>;

export const topupStatus = z.enum(['pending_approval', 'completed', 'voided', 'rejected']);
export const topupDto = z.object({
  id: zId,
  docNo: z.string(),
  storeId: zId,
  storeName: z.string(),
  memberId: zId,
  memberName: z.string(),
  cardNo: z.string(),
  principalFen: z.number().int(),
  bonusFen: z.number().int(),
  points: z.number().int(),
  ruleId: zId.nullable(),
  ruleName: z.string(),
  installmentMonths: z.number().int().nullable(),
  installments: z.array(z.object({ seq: z.number().int(), dueOn: z.string(), amountFen: z.number().int(), status: z.enum(['pending', 'credited', 'cancelled']) })),
  tenders: z.array(tender),
  note: z.string(),
  status: topupStatus,
  businessDay: z.string(),
  createdAt: z.string(),
  createdByName: z.string(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  closedReason: z.string(),
  closedAt: z.string().nullable(),
  /** the member's balances now, printed on the receipt */
  balances: balancesDto,
});
export type TopupDto = z.infer<typeof topupDto>;
export const topupListQuery = z.object({ ...zPaging, order: zPaging.order.default('desc'), status: topupStatus.optional(), memberId: zId.optional(), from: zIsoDate.optional(), to: zIsoDate.optional() });
export const topupPage = pageResult(topupDto);
export const reasonBody = z.object({ reason: zReason });

// ---- member wallet ----
export const walletDto = z.object({
  memberId: zId,
  principalFen: z.number().int(),
  bonusFen: z.number().int(),
  storedValueFen: z.number().int(),
  points: z.number().int(),
  /** points lots with an expiry, soonest first */
  pointsExpiring: z.array(z.object({ points: z.number().int(), expiresAt: z.string() })),
  uses: z.array(z.object({ itemId: z.string(), label: z.string(), balance: z.number().int(), lots: z.array(z.object({ remaining: z.number().int(), expiresAt: z.string().nullable() })) })),
  pendingInstallmentsFen: z.number().int(),
  annualFees: z.array(z.object({ id: zId, dueOn: z.string(), amountFen: z.number().int(), status: z.enum(['due', 'paid', 'waived']), paidVia: z.string().nullable() })),
});
export const statementQuery = z.object({
  ...zPaging,
  order: zPaging.order.default('desc'),
  /** CNY, POINTS, or USES: for every service item */
  asset: z.string().max(64).regex(/^(CNY|POINTS|USES:[A-Za-z0-9_-]*)$/).optional(),
  kind: z.string().max(32).regex(/^[a-z_]+$/).optional(),
  from: zTimestamp.optional(),
  to: zTimestamp.optional(),
});
export const statementEntry = z.object({
  id: zId,
  createdAt: z.string(),
  asset: z.string(),
  accountKind: z.string(),
  accountLabel: z.string(),
  amount: z.number().int(),
  balanceAfter: z.number().int().nullable(),
  kind: z.string(),
  docType: z.string(),
  docId: z.string(),
  docNo: z.string().nullable(),
  memo: z.string(),
  staffName: z.string(),
  storeName: z.string().nullable(),
  isReversal: z.boolean(),
});
export const statementPage = pageResult(statementEntry);

export const pointsAdjustInput = z.object({
  delta: z.number().int().min(-MAX_FEN).max(MAX_FEN).refine((n) => n !== 0, 'not zero'),
  reason: zReason,
});
export const pointsAdjustResult = z.object({ txnId: zId, points: z.number().int() });

// ---- transfers, card refunds, annual fees ----
export const transferInput = z.object({ fromMemberId: zId, toMemberId: zId, principalFen: zFen, bonusFen: zFen, points: zPoints, reason: zReason });
export const transferPreviewInput = transferInput.omit({ reason: true });
const side = z.object({ memberId: zId, memberName: z.string(), cardNo: z.string().nullable(), before: balancesDto, after: balancesDto });
export const transferPreview = z.object({ from: side, to: side });
export const transferDto = transferPreview.extend({ id: zId, docNo: z.string() });

export const cardRefundInput = z.object({ method: tenderMethod, reference: zText(64).default(''), reason: zReason });
export const cardRefundPreview = z.object({
  memberId: zId,
  memberName: z.string(),
  cardNo: z.string(),
  refundFen: z.number().int(),
  forfeitedBonusFen: z.number().int(),
  /** future installment parts that stop */
  cancelledInstallmentsFen: z.number().int(),
  /** points and uses stay with the member */
  points: z.number().int(),
});
export const cardRefundDto = cardRefundPreview.extend({ id: zId, docNo: z.string(), method: tenderMethod });

export const annualFeePayInput = z.object({ via: z.enum(['stored_value', 'cash', 'bank_card', 'wechat', 'alipay']), reference: zText(64).default('') });
export const annualFeeDto = walletDto.shape.annualFees.element;
