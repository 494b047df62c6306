import { z } from 'zod';
import { customValuesInput, pageResult, zCode, zDiscountBp, zId, zName, zPaging, zPhone, zText } from '../../kernel/schemas';

export const zUsername = z.string().trim().min(2).max(32).regex(/^[A-Za-z0-9_.@-]+$/, 'letters, digits, _ . @ -');
export const zPassword = z.string().min(1).max(128);

export const loginInput = z.object({ merchantCode: z.string().trim().min(1).max(32), username: z.string().trim().min(1).max(64), password: zPassword });
export const changePasswordInput = z.object({ currentPassword: zPassword, newPassword: zPassword });
export const switchStoreInput = z.object({ storeId: zId.nullable(), tillId: zId.nullable().default(null) });

export const meDto = z.object({
  staff: z.object({ id: z.string(), username: z.string(), name: z.string(), mustChangePassword: z.boolean() }),
  merchant: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  isAdmin: z.boolean(),
  permissions: z.array(z.string()),
  dataScope: z.enum(['all', 'regions', 'stores', 'own_store']),
  stores: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
  currentStoreId: z.string().nullable(),
  currentTillId: z.string().nullable(),
});
export type MeDto = z.infer<typeof meDto>;

export const dataScope = z.enum(['all', 'regions', 'stores', 'own_store']);
export const roleInput = z.object({
  code: zCode,
  name: zName,
  description: zText(200).default(''),
  dataScope,
  scopeIds: z.array(zId).max(1000).default([]),
  permissions: z.array(z.string().max(64)).max(500).default([]),
  maxDiscountBp: zDiscountBp.nullable().default(null),
});
export const rolePatch = z.object({
  code: zCode,
  name: zName,
  description: zText(200),
  dataScope,
  scopeIds: z.array(zId).max(1000),
  permissions: z.array(z.string().max(64)).max(500),
  maxDiscountBp: zDiscountBp.nullable(),
}).partial();
export type RoleInput = z.infer<typeof roleInput>;
export type RolePatch = z.infer<typeof rolePatch>;
export const roleDto = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  isSystem: z.boolean(),
  dataScope,
  scopeIds: z.array(z.string()),
  permissions: z.array(z.string()),
  maxDiscountBp: z.number().nullable(),
  staffCount: z.number().int(),
});

export const levelInput = z.object({ code: zCode, name: zName, rank: z.number().int().min(0).max(1000).default(0), description: zText(200).default('') });
export const levelPatch = z.object({ code: zCode, name: zName, rank: z.number().int().min(0).max(1000), description: zText(200) }).partial();
export const levelDto = z.object({ id: z.string(), code: z.string(), name: z.string(), rank: z.number().int(), description: z.string() });

export const staffStatus = z.enum(['active', 'disabled']);
export const staffInput = z.object({
  username: zUsername,
  name: zName,
  phone: zPhone.nullable().default(null),
  staffLevelId: zId.nullable().default(null),
  homeStoreId: zId.nullable().default(null),
  storeIds: z.array(zId).max(1000).default([]),
  roleId: zId,
  password: zPassword,
  customFields: customValuesInput.default({}),
});
export const staffPatch = z
  .object({
    name: zName,
    phone: zPhone.nullable(),
    staffLevelId: zId.nullable(),
    homeStoreId: zId.nullable(),
    storeIds: z.array(zId).max(1000),
    roleId: zId,
    customFields: customValuesInput,
  })
  .partial();
export type StaffInput = z.infer<typeof staffInput>;
export type StaffPatch = z.infer<typeof staffPatch>;
export const staffDto = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  staffLevelId: z.string().nullable(),
  homeStoreId: z.string().nullable(),
  storeIds: z.array(z.string()),
  roleId: z.string(),
  status: staffStatus,
  customFields: z.record(z.string(), z.unknown()),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export const staffListQuery = z.object({
  ...zPaging,
  q: z.string().trim().max(64).optional(),
  status: staffStatus.optional(),
  storeId: zId.optional(),
  roleId: zId.optional(),
  sort: z.enum(['username', 'name', 'createdAt', 'lastLoginAt']).default('username'),
});
export const staffPage = pageResult(staffDto);
export const resetPasswordInput = z.object({ newPassword: zPassword });
