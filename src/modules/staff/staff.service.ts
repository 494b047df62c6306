import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { assertCodeFree } from '../../db/sql-helpers';
import { AppError } from '../../kernel/errors';
import { newId } from '../../kernel/ids';
import { isKnownPermission } from '../../kernel/permissions';
import { storeScope } from '../../platform/access';
import type { AccessContext } from '../../platform/context';
import { PlatformErrors } from '../../platform/platform.errors';
import type { WriteScope } from '../../platform/write';
import { hashPassword, passwordPolicyViolation } from './password';
import { StaffErrors } from './staff.errors';
import type { MerchantDirectory, StaffFieldCheck, StoreDirectory } from './staff.ports';
import { staffRepository as repo, type RoleRow, type StaffLevelRow, type StaffRow } from './staff.repository';
import type { RoleInput, RolePatch, StaffInput, StaffPatch } from './staff.schemas';

function toStaffDto(row: StaffRow, storeIds: string[]) {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    phone: row.phone,
    staffLevelId: row.staff_level_id,
    homeStoreId: row.home_store_id,
    storeIds,
    roleId: row.role_id,
    status: row.status,
    customFields: JSON.parse(row.custom_fields) as Record<string, unknown>,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
  };
}

function toLevelDto(row: StaffLevelRow) {
  return { id: row.id, code: row.code, name: row.name, rank: row.rank, description: row.description };
}

export class StaffService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly stores: StoreDirectory,
    private readonly merchants: MerchantDirectory,
    private readonly fields: StaffFieldCheck,
  ) {}

  // ---- password policy ---------------------------------------------------------------------

  async checkPassword(exec: Kysely<Database>, merchantId: string, password: string, field: string) {
    const { passwordPolicy } = await this.merchants.getSettings(exec, merchantId);
    const rule = passwordPolicyViolation(passwordPolicy, password);
    if (rule) throw new AppError(StaffErrors.AUTH_PASSWORD_TOO_WEAK, { field, details: { rule, minLength: passwordPolicy.minLength } });
  }

  // ---- staff ---------------------------------------------------------------------------------

  /** A staff record is visible when the viewer's stores overlap the staff member's stores. */
  private inScope(ctx: AccessContext, row: StaffRow, storeIds: string[]): boolean {
    if (ctx.allowedStoreIds === null) return true;
    const theirs = [row.home_store_id, ...storeIds].filter((s): s is string => !!s);
    return theirs.some((s) => ctx.allowedStoreIds?.has(s));
  }

  private async staffInScope(exec: Kysely<Database>, ctx: AccessContext, id: string) {
    const row = await repo.findStaff(exec, ctx.merchantId, id);
    const storeIds = row ? ((await repo.staffStoreIds(exec, ctx.merchantId, [id])).get(id) ?? []) : [];
    if (!row || !this.inScope(ctx, row, storeIds)) throw new AppError(StaffErrors.STAFF_NOT_FOUND, { field: 'id' });
    return { row, storeIds };
  }

  async listStaff(ctx: AccessContext, query: Omit<Parameters<typeof repo.listStaff>[2], 'storeIds'>) {
    const { rows, total } = await repo.listStaff(this.db, ctx.merchantId, { ...query, storeIds: storeScope(ctx) });
    const stores = await repo.staffStoreIds(this.db, ctx.merchantId, rows.map((r) => r.id));
    return { items: rows.map((r) => toStaffDto(r, stores.get(r.id) ?? [])), total, page: query.page, pageSize: query.pageSize };
  }

  async getStaff(ctx: AccessContext, id: string) {
    const { row, storeIds } = await this.staffInScope(this.db, ctx, id);
    return toStaffDto(row, storeIds);
  }

  /**
   * Checks the stores and role a staff member is given: they must exist in this merchant, lie
   * within the granting user's stores, and the role may not hold more than the granter has.
   */
  private async checkAssignment(w: WriteScope, ctx: AccessContext, a: { roleId?: string; staffLevelId?: string | null; homeStoreId?: string | null; storeIds?: string[] }) {
    const storeIds = [...new Set([...(a.storeIds ?? []), ...(a.homeStoreId ? [a.homeStoreId] : [])])];
    const existing = new Set(await this.stores.existingStoreIds(w.tx, ctx.merchantId, storeIds));
    const missing = storeIds.find((s) => !existing.has(s));
    if (missing) throw new AppError(StaffErrors.STAFF_STORE_UNKNOWN, { field: missing === a.homeStoreId ? 'homeStoreId' : 'storeIds', details: { storeId: missing } });
    if (ctx.allowedStoreIds !== null && storeIds.some((s) => !ctx.allowedStoreIds?.has(s))) {
      throw new AppError(PlatformErrors.AUTH_STORE_FORBIDDEN, { field: 'storeIds' });
    }
    if (a.staffLevelId && !(await repo.findLevel(w.tx, ctx.merchantId, a.staffLevelId))) {
      throw new AppError(StaffErrors.STAFF_LEVEL_NOT_FOUND, { field: 'staffLevelId' });
    }
    if (a.roleId !== undefined) {
      const role = await repo.findRole(w.tx, ctx.merchantId, a.roleId);
      if (!role) throw new AppError(StaffErrors.ROLE_NOT_FOUND, { field: 'roleId' });
      const permissions = (await repo.rolePermissions(w.tx, ctx.merchantId, [role.id])).map((p) => p.permission);
      this.assertMayGrant(ctx, role.is_system === 1, permissions, 'roleId');
    }
    return storeIds;
  }

  /** No one hands out rights they do not hold themselves. */
  private assertMayGrant(ctx: AccessContext, isSystem: boolean, permissions: string[], field: string) {
    if (ctx.isAdmin) return;
    const beyond = isSystem ? 'admin' : permissions.find((p) => !ctx.permissions.has(p));
    if (beyond) throw new AppError(PlatformErrors.AUTH_FORBIDDEN, { field, details: { permission: beyond } });
  }

  async createStaff(w: WriteScope, ctx: AccessContext, input: StaffInput) {
    if (await repo.findStaffByUsername(w.tx, ctx.merchantId, input.username)) {
      throw new AppError(StaffErrors.STAFF_USERNAME_TAKEN, { field: 'username', details: { username: input.username } });
    }
    const storeIds = await this.checkAssignment(w, ctx, input);
    await this.checkPassword(w.tx, ctx.merchantId, input.password, 'password');
    const customFields = await this.fields.validate(w.tx, ctx.merchantId, 'staff', input.customFields);
    const at = w.now.toISOString();
    const row: StaffRow = {
      merchant_id: ctx.merchantId,
      id: newId(),
      username: input.username,
      name: input.name,
      phone: input.phone,
      staff_level_id: input.staffLevelId,
      home_store_id: input.homeStoreId,
      role_id: input.roleId,
      status: 'active',
      password_hash: await hashPassword(input.password),
      password_changed_at: at,
      // an initial password was chosen by someone else, so its owner replaces it at first login
      must_change_password: 1,
      custom_fields: JSON.stringify(customFields),
      last_login_at: null,
      created_at: at,
      updated_at: at,
    };
    await repo.insertStaff(w.tx, row);
    await repo.replaceStaffStores(w.tx, ctx.merchantId, row.id, storeIds);
    const dto = toStaffDto(row, storeIds);
    await w.audit({ action: 'staff.create', entityType: 'staff', entityId: row.id, after: dto });
    return dto;
  }

  async updateStaff(w: WriteScope, ctx: AccessContext, id: string, patch: StaffPatch) {
    const { row: before, storeIds: beforeStores } = await this.staffInScope(w.tx, ctx, id);
    const homeStoreId = patch.homeStoreId === undefined ? before.home_store_id : patch.homeStoreId;
    const storeIds = await this.checkAssignment(w, ctx, {
      roleId: patch.roleId,
      staffLevelId: patch.staffLevelId,
      homeStoreId,
      storeIds: patch.storeIds ?? beforeStores,
    });
    if (patch.roleId !== undefined && patch.roleId !== before.role_id) await this.assertAdminRemains(w, ctx, before, 'roleId');
    const changes: Partial<StaffRow> = { updated_at: w.now.toISOString() };
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.phone !== undefined) changes.phone = patch.phone;
    if (patch.staffLevelId !== undefined) changes.staff_level_id = patch.staffLevelId;
    if (patch.homeStoreId !== undefined) changes.home_store_id = patch.homeStoreId;
    if (patch.roleId !== undefined) changes.role_id = patch.roleId;
    if (patch.customFields !== undefined) changes.custom_fields = JSON.stringify(await this.fields.validate(w.tx, ctx.merchantId, 'staff', patch.customFields));
    await repo.updateStaff(w.tx, ctx.merchantId, id, changes);
    await repo.replaceStaffStores(w.tx, ctx.merchantId, id, storeIds);
    const after = toStaffDto({ ...before, ...changes }, storeIds);
    await w.audit({ action: 'staff.update', entityType: 'staff', entityId: id, before: toStaffDto(before, beforeStores), after });
    return after;
  }

  private async assertAdminRemains(w: WriteScope, ctx: AccessContext, target: StaffRow, field: string) {
    const role = await repo.findRole(w.tx, ctx.merchantId, target.role_id);
    if (role?.is_system === 1 && target.status === 'active' && (await repo.countActiveAdmins(w.tx, ctx.merchantId)) <= 1) {
      throw new AppError(StaffErrors.STAFF_LAST_ADMIN, { field });
    }
  }

  async setStaffStatus(w: WriteScope, ctx: AccessContext, id: string, status: 'active' | 'disabled') {
    const { row, storeIds } = await this.staffInScope(w.tx, ctx, id);
    if (status === 'disabled') {
      if (id === ctx.staffId) throw new AppError(StaffErrors.STAFF_CANNOT_DISABLE_SELF, { field: 'id' });
      await this.assertAdminRemains(w, ctx, row, 'id');
      // their open sessions end in this same transaction: the next request is refused
      await repo.deleteStaffSessions(w.tx, ctx.merchantId, id);
    }
    await repo.updateStaff(w.tx, ctx.merchantId, id, { status, updated_at: w.now.toISOString() });
    await w.audit({ action: status === 'disabled' ? 'staff.disable' : 'staff.enable', entityType: 'staff', entityId: id, before: { status: row.status }, after: { status } });
    return toStaffDto({ ...row, status }, storeIds);
  }

  async resetPassword(w: WriteScope, ctx: AccessContext, id: string, newPassword: string) {
    await this.staffInScope(w.tx, ctx, id);
    await this.checkPassword(w.tx, ctx.merchantId, newPassword, 'newPassword');
    await repo.updateStaff(w.tx, ctx.merchantId, id, {
      password_hash: await hashPassword(newPassword),
      password_changed_at: w.now.toISOString(),
      must_change_password: 1,
      updated_at: w.now.toISOString(),
    });
    await repo.deleteStaffSessions(w.tx, ctx.merchantId, id);
    await w.audit({ action: 'staff.reset_password', entityType: 'staff', entityId: id });
    return { ok: true as const };
  }

  // ---- roles ---------------------------------------------------------------------------------

  async listRoles(merchantId: string, exec: Kysely<Database> = this.db) {
    const roles = await repo.listRoles(exec, merchantId);
    const ids = roles.map((r) => r.id);
    const perms = await repo.rolePermissions(exec, merchantId, ids);
    const scopes = await repo.roleScopes(exec, merchantId, ids);
    const counts = await repo.staffCountByRole(exec, merchantId);
    return roles.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      description: r.description,
      isSystem: r.is_system === 1,
      dataScope: r.data_scope,
      scopeIds: scopes.filter((s) => s.role_id === r.id).map((s) => s.target_id),
      permissions: perms.filter((p) => p.role_id === r.id).map((p) => p.permission).sort(),
      maxDiscountBp: r.max_discount_bp,
      staffCount: counts.get(r.id) ?? 0,
    }));
  }

  private async roleForChange(w: WriteScope, id: string) {
    const role = await repo.findRole(w.tx, w.actor.merchantId, id);
    if (!role) throw new AppError(StaffErrors.ROLE_NOT_FOUND, { field: 'id' });
    if (role.is_system === 1) throw new AppError(StaffErrors.ROLE_SYSTEM_READONLY, { field: 'id' });
    return role;
  }

  private async checkGrant(w: WriteScope, ctx: AccessContext, grant: { dataScope: RoleRow['data_scope']; scopeIds: string[]; permissions: string[] }) {
    const unknown = grant.permissions.find((p) => !isKnownPermission(p));
    if (unknown) throw new AppError(StaffErrors.ROLE_UNKNOWN_PERMISSION, { field: 'permissions', details: { permission: unknown } });
    this.assertMayGrant(ctx, false, grant.permissions, 'permissions');
    const scopeIds = grant.dataScope === 'regions' || grant.dataScope === 'stores' ? [...new Set(grant.scopeIds)] : [];
    if ((grant.dataScope === 'regions' || grant.dataScope === 'stores') && scopeIds.length === 0) {
      throw new AppError(StaffErrors.ROLE_SCOPE_REQUIRED, { field: 'scopeIds' });
    }
    const found =
      grant.dataScope === 'regions'
        ? await this.stores.existingRegionIds(w.tx, ctx.merchantId, scopeIds)
        : await this.stores.existingStoreIds(w.tx, ctx.merchantId, scopeIds);
    if (found.length !== scopeIds.length) throw new AppError(StaffErrors.ROLE_SCOPE_UNKNOWN, { field: 'scopeIds' });
    return { scopeIds, permissions: [...new Set(grant.permissions)].sort() };
  }

  async createRole(w: WriteScope, ctx: AccessContext, input: RoleInput) {
    await assertCodeFree(w.tx, 'roles', ctx.merchantId, input.code);
    const { scopeIds, permissions } = await this.checkGrant(w, ctx, input);
    const at = w.now.toISOString();
    const row: RoleRow = {
      merchant_id: ctx.merchantId,
      id: newId(),
      code: input.code,
      name: input.name,
      description: input.description,
      is_system: 0,
      data_scope: input.dataScope,
      max_discount_bp: input.maxDiscountBp,
      created_at: at,
      updated_at: at,
    };
    await repo.insertRole(w.tx, row);
    await repo.replaceRoleGrants(w.tx, ctx.merchantId, row.id, permissions, scopeIds);
    const dto = { id: row.id, code: row.code, name: row.name, description: row.description, isSystem: false, dataScope: row.data_scope, scopeIds, permissions, maxDiscountBp: row.max_discount_bp, staffCount: 0 };
    await w.audit({ action: 'role.create', entityType: 'role', entityId: row.id, after: dto });
    return dto;
  }

  async updateRole(w: WriteScope, ctx: AccessContext, id: string, patch: RolePatch) {
    const before = (await this.listRoles(ctx.merchantId, w.tx)).find((r) => r.id === id);
    await this.roleForChange(w, id);
    if (!before) throw new AppError(StaffErrors.ROLE_NOT_FOUND, { field: 'id' });
    if (patch.code !== undefined) await assertCodeFree(w.tx, 'roles', ctx.merchantId, patch.code, id);
    const merged = { ...before, ...patch };
    const { scopeIds, permissions } = await this.checkGrant(w, ctx, merged);
    await repo.updateRole(w.tx, ctx.merchantId, id, {
      code: merged.code,
      name: merged.name,
      description: merged.description,
      data_scope: merged.dataScope,
      max_discount_bp: merged.maxDiscountBp,
      updated_at: w.now.toISOString(),
    });
    await repo.replaceRoleGrants(w.tx, ctx.merchantId, id, permissions, scopeIds);
    const after = { ...merged, scopeIds, permissions };
    await w.audit({ action: 'role.update', entityType: 'role', entityId: id, before, after });
    return after;
  }

  async deleteRole(w: WriteScope, id: string) {
    const role = await this.roleForChange(w, id);
    if ((await repo.staffCountByRole(w.tx, w.actor.merchantId)).get(id)) throw new AppError(StaffErrors.ROLE_IN_USE, { field: 'id' });
    await repo.deleteRole(w.tx, w.actor.merchantId, id);
    await w.audit({ action: 'role.delete', entityType: 'role', entityId: id, before: { code: role.code, name: role.name } });
  }

  // ---- staff levels --------------------------------------------------------------------------

  async listLevels(merchantId: string) {
    return (await repo.listLevels(this.db, merchantId)).map(toLevelDto);
  }

  private async level(w: WriteScope, id: string) {
    const row = await repo.findLevel(w.tx, w.actor.merchantId, id);
    if (!row) throw new AppError(StaffErrors.STAFF_LEVEL_NOT_FOUND, { field: 'id' });
    return row;
  }

  async createLevel(w: WriteScope, input: { code: string; name: string; rank: number; description: string }) {
    await assertCodeFree(w.tx, 'staff_levels', w.actor.merchantId, input.code);
    const at = w.now.toISOString();
    const row: StaffLevelRow = { merchant_id: w.actor.merchantId, id: newId(), ...input, created_at: at, updated_at: at };
    await repo.insertLevel(w.tx, row);
    await w.audit({ action: 'staff_level.create', entityType: 'staff_level', entityId: row.id, after: input });
    return toLevelDto(row);
  }

  async updateLevel(w: WriteScope, id: string, patch: { code?: string; name?: string; rank?: number; description?: string }) {
    const before = await this.level(w, id);
    if (patch.code !== undefined) await assertCodeFree(w.tx, 'staff_levels', w.actor.merchantId, patch.code, id);
    const after = { ...before, ...patch, updated_at: w.now.toISOString() };
    await repo.updateLevel(w.tx, w.actor.merchantId, id, { ...patch, updated_at: after.updated_at });
    await w.audit({ action: 'staff_level.update', entityType: 'staff_level', entityId: id, before: toLevelDto(before), after: toLevelDto(after) });
    return toLevelDto(after);
  }

  async deleteLevel(w: WriteScope, id: string) {
    const before = await this.level(w, id);
    if (await repo.levelInUse(w.tx, w.actor.merchantId, id)) throw new AppError(StaffErrors.STAFF_LEVEL_IN_USE, { field: 'id' });
    await repo.deleteLevel(w.tx, w.actor.merchantId, id);
    await w.audit({ action: 'staff_level.delete', entityType: 'staff_level', entityId: id, before: toLevelDto(before) });
  }
}
