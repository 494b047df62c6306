import { z } from 'zod';
import {
  pageResult,
  zCode,
  zDiscountBp,
  zFen,
  zId,
  zIsoDate,
  zName,
  zPaging,
  zPhone,
  zText,
  zTimeOfDay,
  zTimeZone,
} from '../../kernel/schemas';

export const cityDto = z.object({ id: z.string(), regionId: z.string(), code: z.string(), name: z.string() });
export const regionDto = z.object({ id: z.string(), code: z.string(), name: z.string(), cities: z.array(cityDto) });
export const regionInput = z.object({ code: zCode, name: zName });
export const regionPatch = regionInput.partial();
export const cityInput = z.object({ regionId: zId, code: zCode, name: zName });
export const cityPatch = z.object({ code: zCode, name: zName }).partial();

export const storeKind = z.enum(['direct', 'franchise']);
export const storeStatus = z.enum(['active', 'suspended', 'closed']);

const storeFields = {
  code: zCode,
  name: zName,
  kind: storeKind,
  regionId: zId.nullable(),
  cityId: zId.nullable(),
  address: zText(200),
  phone: zPhone.or(z.literal('')),
  openedOn: zIsoDate.nullable(),
  status: storeStatus,
  timeZone: zTimeZone,
  /** the business day turns over at this local time ('04:00': a 01:30 sale counts for the day before) */
  businessDayCutoff: zTimeOfDay,
  discountBp: zDiscountBp.nullable(),
  pointsRatioBp: z.number().int().min(0).max(100_000),
  topupApprovalThresholdFen: zFen,
  topupDailyQuotaFen: zFen.nullable(),
  topupMonthlyQuotaFen: zFen.nullable(),
};

export const storeInput = z.object({
  ...storeFields,
  regionId: storeFields.regionId.default(null),
  cityId: storeFields.cityId.default(null),
  address: storeFields.address.default(''),
  phone: storeFields.phone.default(''),
  openedOn: storeFields.openedOn.default(null),
  status: storeFields.status.default('active'),
  timeZone: storeFields.timeZone.optional(),
  businessDayCutoff: storeFields.businessDayCutoff.default('00:00'),
  discountBp: storeFields.discountBp.default(null),
  pointsRatioBp: storeFields.pointsRatioBp.default(10_000),
  topupApprovalThresholdFen: storeFields.topupApprovalThresholdFen.default(500_000),
  topupDailyQuotaFen: storeFields.topupDailyQuotaFen.default(null),
  topupMonthlyQuotaFen: storeFields.topupMonthlyQuotaFen.default(null),
});
export const storePatch = z.object(storeFields).partial();
export type StoreInput = z.infer<typeof storeInput>;
export type StorePatch = z.infer<typeof storePatch>;

export const storeDto = z.object({
  id: z.string(),
  ...storeFields,
  code: z.string(),
  name: z.string(),
  regionId: z.string().nullable(),
  cityId: z.string().nullable(),
  address: z.string(),
  phone: z.string(),
  openedOn: z.string().nullable(),
  timeZone: z.string(),
  businessDayCutoff: z.string(),
  discountBp: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StoreDto = z.infer<typeof storeDto>;

export const storeListQuery = z.object({
  ...zPaging,
  q: z.string().trim().max(64).optional(),
  kind: storeKind.optional(),
  status: storeStatus.optional(),
  regionId: zId.optional(),
  sort: z.enum(['code', 'name', 'openedOn', 'createdAt']).default('code'),
});
export const storePage = pageResult(storeDto);

export const tillStatus = z.enum(['active', 'disabled']);
export const tillDto = z.object({ id: z.string(), storeId: z.string(), code: z.string(), name: z.string(), status: tillStatus });
export const tillInput = z.object({ code: zCode, name: zName });
export const tillPatch = z.object({ name: zName, status: tillStatus }).partial();

export const storeBrief = z.object({ id: z.string(), code: z.string(), name: z.string() });
