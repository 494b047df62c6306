import { z } from 'zod';
import { customValuesInput, pageResult, zCode, zDiscountBp, zFen, zId, zIsoDate, zMobile, zName, zPaging, zText } from '../../kernel/schemas';

export const levelBasis = z.enum(['spend', 'points', 'topup']);
export const gender = z.enum(['male', 'female', 'unknown']);
export const channel = z.enum(['till', 'backoffice', 'self', 'import']);
export const validityKind = z.enum(['permanent', 'days', 'month', 'quarter', 'year']);
export const annualFeeMode = z.enum(['none', 'deduct', 'block']);
export const cardStatus = z.enum(['active', 'lost', 'frozen', 'expired', 'replaced', 'cancelled']);
export const zCardNo = z.string().trim().regex(/^[A-Za-z0-9]{4,32}$/, '4–32 letters or digits');
const zTag = z.string().trim().min(1).max(20);
const zReason = z.string().trim().min(1).max(200);

export const levelInput = z.object({
  code: zCode,
  name: zName,
  rank: z.number().int().min(0).max(100),
  discountBp: zDiscountBp.default(10_000),
  pointsMultiplierBp: z.number().int().min(0).max(100_000).default(10_000),
  upgradeThreshold: zFen,
  keepThresholdFen: zFen.nullable().default(null),
});
export const levelPatch = levelInput.partial();
export const levelDto = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  rank: z.number().int(),
  discountBp: z.number().int(),
  pointsMultiplierBp: z.number().int(),
  upgradeThreshold: z.number().int(),
  keepThresholdFen: z.number().int().nullable(),
  memberCount: z.number().int(),
});
export const programDto = z.object({ levelBasis });

export const cardTypeInput = z.object({
  code: zCode,
  name: zName,
  validityKind,
  validityDays: z.number().int().min(1).max(36_500).nullable().default(null),
  cardFeeFen: zFen.default(0),
  openingFeeFen: zFen.default(0),
  annualFeeFen: zFen.default(0),
  annualFeeMode: annualFeeMode.default('none'),
  startingLevelId: zId.nullable().default(null),
});
export const cardTypePatch = z.object({
  name: zName,
  validityKind,
  validityDays: z.number().int().min(1).max(36_500).nullable(),
  cardFeeFen: zFen,
  openingFeeFen: zFen,
  annualFeeFen: zFen,
  annualFeeMode,
  startingLevelId: zId.nullable(),
  status: z.enum(['active', 'archived']),
}).partial();
export const cardTypeDto = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  validityKind,
  validityDays: z.number().int().nullable(),
  cardFeeFen: z.number().int(),
  openingFeeFen: z.number().int(),
  annualFeeFen: z.number().int(),
  annualFeeMode,
  startingLevelId: z.string().nullable(),
  status: z.enum(['active', 'archived']),
});

export const cardDto = z.object({
  id: z.string(),
  memberId: z.string(),
  cardNo: z.string(),
  cardTypeId: z.string(),
  status: cardStatus,
  issuedAt: z.string(),
  expiresAt: z.string().nullable(),
  replacedById: z.string().nullable(),
  statusReason: z.string(),
});

const profileFields = {
  name: zName,
  phone: zMobile,
  gender: gender.default('unknown'),
  birthday: zIsoDate.nullable().default(null),
  idNumber: z.string().trim().regex(/^[0-9A-Za-z]{6,32}$/, 'ID number').nullable().default(null),
  address: zText(200).default(''),
  tags: z.array(zTag).max(20).default([]),
  referrerId: zId.nullable().default(null),
  homeStoreId: zId.optional(),
  notes: zText(500).default(''),
  customFields: customValuesInput.default({}),
};

export const memberInput = z.object({
  ...profileFields,
  channel: z.enum(['till', 'backoffice']).default('backoffice'),
  /** issue a card in the same step */
  card: z.object({ cardTypeId: zId, cardNo: zCardNo.optional() }).optional(),
});
export type MemberInput = z.infer<typeof memberInput>;

export const memberPatch = z.object({
  name: zName,
  phone: zMobile,
  gender,
  birthday: zIsoDate.nullable(),
  idNumber: profileFields.idNumber.removeDefault(),
  address: zText(200),
  tags: z.array(zTag).max(20),
  referrerId: zId.nullable(),
  homeStoreId: zId,
  notes: zText(500),
  customFields: customValuesInput,
}).partial();
export type MemberPatch = z.infer<typeof memberPatch>;

export const memberDto = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  /** true when the phone and ID number are shown masked to this viewer */
  masked: z.boolean(),
  gender,
  birthday: z.string().nullable(),
  idNumber: z.string().nullable(),
  address: z.string(),
  tags: z.array(z.string()),
  referrerId: z.string().nullable(),
  homeStoreId: z.string(),
  notes: z.string(),
  channel,
  levelId: z.string().nullable(),
  manualLevelId: z.string().nullable(),
  lifetimeSpendFen: z.number().int(),
  lifetimePoints: z.number().int(),
  lifetimeTopupFen: z.number().int(),
  lastVisitAt: z.string().nullable(),
  customFields: z.record(z.string(), z.unknown()),
  hasPhoto: z.boolean(),
  status: z.enum(['active', 'erased']),
  createdAt: z.string(),
  updatedAt: z.string(),
  card: cardDto.nullable(),
});
export type MemberDto = z.infer<typeof memberDto>;

export const memberListQuery = z.object({
  ...zPaging,
  /** full phone, its last 4 digits, a card number or part of a name */
  q: z.string().trim().max(64).optional(),
  levelId: zId.optional(),
  storeId: zId.optional(),
  tag: zTag.optional(),
  birthdayMonth: z.coerce.number().int().min(1).max(12).optional(),
  registeredFrom: zIsoDate.optional(),
  registeredTo: zIsoDate.optional(),
  lastVisitFrom: zIsoDate.optional(),
  lastVisitTo: zIsoDate.optional(),
  status: z.enum(['active', 'erased']).default('active'),
  sort: z.enum(['createdAt', 'name', 'lastVisitAt', 'lifetimeSpendFen']).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type MemberListQuery = z.infer<typeof memberListQuery>;
export const memberPage = pageResult(memberDto);

export const reasonInput = z.object({ reason: zReason });
export const issueCardInput = z.object({ cardTypeId: zId, cardNo: zCardNo.optional() });
export const replaceCardInput = z.object({ newCardNo: zCardNo.optional(), reason: zReason });
export const extendCardInput = z.object({
  /** extend to this date (end of that day, store time is not applied) or by the card type's validity when absent */
  until: zIsoDate.optional(),
  reason: zReason,
});
export const manualLevelInput = z.object({ levelId: zId.nullable(), reason: zReason });
export const photoInput = z.object({ dataUrl: z.string().max(800_000) });
export const birthdayQuery = z.object({ days: z.coerce.number().int().min(0).max(366).default(7), storeId: zId.optional() });
export const birthdayItem = z.object({ memberId: z.string(), name: z.string(), phone: z.string().nullable(), birthday: z.string(), nextBirthday: z.string(), daysAway: z.number().int(), homeStoreId: z.string(), levelId: z.string().nullable() });
