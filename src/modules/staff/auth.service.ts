import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Clock } from '../../kernel/clock';
import { AppError } from '../../kernel/errors';
import { newId } from '../../kernel/ids';
import { permissionCatalog } from '../../kernel/permissions';
import { canAccessStore } from '../../platform/access';
import { systemActor, type AccessContext } from '../../platform/context';
import type { ResolvedSession } from '../../platform/http';
import { PlatformErrors } from '../../platform/platform.errors';
import type { Writer } from '../../platform/write';
import { DUMMY_HASH_INPUT, hashPassword, verifyPassword } from './password';
import { StaffErrors } from './staff.errors';
import type { MerchantDirectory, StoreDirectory } from './staff.ports';
import { staffRepository as repo, type SessionRow, type StaffRow } from './staff.repository';
import type { MeDto } from './staff.schemas';
import type { StaffService } from './staff.service';

/** Per-IP limit, independent of the per-account lockout the merchant configures. */
export const IP_LIMIT = { maxFailures: 30, windowMinutes: 15, blockMinutes: 15 };
/** Sessions are refreshed in the database at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export interface LoginResult {
  token: string;
  csrfToken: string;
  me: MeDto;
}

export class AuthService {
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly writer: Writer,
    private readonly stores: StoreDirectory,
    private readonly merchants: MerchantDirectory,
    private readonly staff: StaffService,
  ) {}

  // ---- login throttling ----------------------------------------------------------------------

  private minutesLeft(until: string, now: Date) {
    return Math.max(1, Math.ceil((new Date(until).getTime() - now.getTime()) / 60_000));
  }

  private async assertNotBlocked(key: string, now: Date, code: string) {
    const row = await repo.findThrottle(this.db, key);
    if (row?.locked_until && new Date(row.locked_until) > now) {
      throw new AppError(code, { details: { retryAfterMinutes: this.minutesLeft(row.locked_until, now) } });
    }
  }

  /** Counts a failure; returns the lock expiry when this failure triggers a lock. */
  private async recordFailure(key: string, now: Date, limit: { maxFailures: number; windowMinutes: number; blockMinutes: number }) {
    const row = await repo.findThrottle(this.db, key);
    const windowStart = row && now.getTime() - new Date(row.window_started_at).getTime() < limit.windowMinutes * 60_000 ? row.window_started_at : now.toISOString();
    const failures = (row && windowStart === row.window_started_at ? row.failures : 0) + 1;
    const locked = failures >= limit.maxFailures;
    const lockedUntil = locked ? new Date(now.getTime() + limit.blockMinutes * 60_000).toISOString() : null;
    await repo.upsertThrottle(this.db, { key, failures: locked ? 0 : failures, window_started_at: windowStart, locked_until: lockedUntil });
    return lockedUntil;
  }

  async login(input: { merchantCode: string; username: string; password: string }, ip: string, userAgent: string): Promise<LoginResult> {
    const now = this.clock.now();
    const ipKey = `ip:${ip}`;
    await this.assertNotBlocked(ipKey, now, StaffErrors.AUTH_RATE_LIMITED);
    const merchant = await this.merchants.findMerchantByCode(this.db, input.merchantCode);
    const username = input.username.trim();
    const accountKey = `account:${merchant?.id ?? input.merchantCode}:${username.toLowerCase()}`;
    await this.assertNotBlocked(accountKey, now, StaffErrors.AUTH_LOCKED);
    const staff = merchant ? await repo.findStaffByUsername(this.db, merchant.id, username) : undefined;
    // Always run scrypt, so an unknown user takes as long as a wrong password.
    const valid = staff
      ? await verifyPassword(input.password, staff.password_hash)
      : (await verifyPassword(input.password, await this.getDummyHash()), false);

    if (!merchant || !staff || !valid) {
      const lockout = merchant ? (await this.merchants.getSettings(this.db, merchant.id)).lockout : { maxFailures: 5, lockMinutes: 15 };
      await this.recordFailure(ipKey, now, IP_LIMIT);
      const lockedUntil = await this.recordFailure(accountKey, now, {
        maxFailures: lockout.maxFailures,
        windowMinutes: 24 * 60,
        blockMinutes: lockout.lockMinutes,
      });
      if (merchant) {
        await this.writer.run({ ...systemActor(merchant.id), staffName: username, staffId: staff?.id ?? null, ip }, (w) =>
          w.audit({ action: lockedUntil ? 'auth.locked' : 'auth.login_failed', entityType: 'staff', entityId: staff?.id ?? username }),
        );
      }
      if (lockedUntil) throw new AppError(StaffErrors.AUTH_LOCKED, { details: { retryAfterMinutes: lockout.lockMinutes } });
      throw new AppError(StaffErrors.AUTH_INVALID_CREDENTIALS, { field: 'password' });
    }
    if (staff.status !== 'active') throw new AppError(StaffErrors.AUTH_ACCOUNT_DISABLED);

    await repo.clearThrottle(this.db, accountKey);
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const settings = await this.merchants.getSettings(this.db, merchant.id);
    const grant = await this.grantOf(staff);
    const currentStoreId = staff.home_store_id && canAccessStore(grant, staff.home_store_id) ? staff.home_store_id : null;
    const session: SessionRow = {
      id: sha256(token),
      merchant_id: merchant.id,
      staff_id: staff.id,
      csrf_token: csrfToken,
      current_store_id: currentStoreId,
      current_till_id: null,
      ip,
      user_agent: userAgent.slice(0, 300),
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + settings.sessionIdleMinutes * 60_000).toISOString(),
    };
    const actor = { merchantId: merchant.id, staffId: staff.id, staffName: staff.name, storeId: currentStoreId, tillId: null, ip };
    await this.writer.run(actor, async (w) => {
      await repo.insertSession(w.tx, session);
      await repo.updateStaff(w.tx, merchant.id, staff.id, { last_login_at: now.toISOString() });
      await w.audit({ action: 'auth.login', entityType: 'staff', entityId: staff.id });
    });
    const access = await this.resolve(session, ip);
    if (!access) throw new AppError(StaffErrors.AUTH_ACCOUNT_DISABLED);
    return { token, csrfToken, me: await this.me(access.access) };
  }

  /**
   * A second staff member authorises something at the till by typing their password (e.g. a
   * discount beyond the cashier's limit). Wrong passwords count toward the same lockout as
   * logins. Runs outside the business transaction (it writes throttle rows itself).
   */
  async authorize(merchantId: string, input: { username: string; password: string }, need: { permission: string; storeId: string | null; discountRateBp?: number }, ip: string) {
    const now = this.clock.now();
    const username = input.username.trim();
    const accountKey = `account:${merchantId}:${username.toLowerCase()}`;
    await this.assertNotBlocked(`ip:${ip}`, now, StaffErrors.AUTH_RATE_LIMITED);
    await this.assertNotBlocked(accountKey, now, StaffErrors.AUTH_LOCKED);
    const staff = await repo.findStaffByUsername(this.db, merchantId, username);
    const valid = staff ? await verifyPassword(input.password, staff.password_hash) : (await verifyPassword(input.password, await this.getDummyHash()), false);
    if (!staff || !valid || staff.status !== 'active') {
      const lockout = (await this.merchants.getSettings(this.db, merchantId)).lockout;
      await this.recordFailure(`ip:${ip}`, now, IP_LIMIT);
      await this.recordFailure(accountKey, now, { maxFailures: lockout.maxFailures, windowMinutes: 24 * 60, blockMinutes: lockout.lockMinutes });
      // not 401: the cashier's own session is fine, only the manager's password was wrong
      throw new AppError(StaffErrors.AUTH_AUTHORIZER_INVALID, { field: 'authorization.password' });
    }
    const grant = await this.grantOf(staff);
    const discountAllowed = need.discountRateBp === undefined || grant.maxDiscountBp === null || grant.maxDiscountBp <= need.discountRateBp;
    if (!(grant.isAdmin || grant.permissions.has(need.permission)) || (need.storeId !== null && !canAccessStore(grant, need.storeId)) || !discountAllowed) {
      throw new AppError(StaffErrors.AUTH_AUTHORIZER_NOT_ALLOWED, { field: 'authorization.username', details: { permission: need.permission } });
    }
    await repo.clearThrottle(this.db, accountKey);
    return { staffId: staff.id, name: staff.name };
  }

  private getDummyHash() {
    this.dummyHash ??= hashPassword(DUMMY_HASH_INPUT);
    return this.dummyHash;
  }

  // ---- sessions -------------------------------------------------------------------------------

  /** The role's grant with the stores it reaches; null store set = every store. */
  private async grantOf(staff: StaffRow) {
    const role = await repo.findRole(this.db, staff.merchant_id, staff.role_id);
    if (!role) throw new Error(`staff ${staff.id} has no role`);
    const [permissions, scopes] = await Promise.all([
      repo.rolePermissions(this.db, staff.merchant_id, [role.id]),
      repo.roleScopes(this.db, staff.merchant_id, [role.id]),
    ]);
    let allowed: string[] | null = null;
    const targets = scopes.map((s) => s.target_id);
    if (role.is_system !== 1) {
      if (role.data_scope === 'stores') allowed = targets;
      else if (role.data_scope === 'regions') allowed = await this.stores.storeIdsInRegions(this.db, staff.merchant_id, targets);
      else if (role.data_scope === 'own_store') {
        const assigned = (await repo.staffStoreIds(this.db, staff.merchant_id, [staff.id])).get(staff.id) ?? [];
        allowed = [...new Set([...(staff.home_store_id ? [staff.home_store_id] : []), ...assigned])];
      }
    }
    return {
      isAdmin: role.is_system === 1,
      dataScope: role.is_system === 1 ? ('all' as const) : role.data_scope,
      permissions: new Set(permissions.map((p) => p.permission)),
      allowedStoreIds: allowed === null ? null : new Set(allowed),
      maxDiscountBp: role.is_system === 1 ? null : role.max_discount_bp,
    };
  }

  private async resolve(session: SessionRow, ip: string): Promise<ResolvedSession | null> {
    const now = this.clock.now();
    if (new Date(session.expires_at) <= now) {
      await repo.deleteSession(this.db, session.id);
      return null;
    }
    const staff = await repo.findStaff(this.db, session.merchant_id, session.staff_id);
    if (!staff || staff.status !== 'active') {
      await repo.deleteSession(this.db, session.id);
      return null;
    }
    const grant = await this.grantOf(staff);
    if (now.getTime() - new Date(session.last_seen_at).getTime() > TOUCH_EVERY_MS) {
      const idleMs = new Date(session.expires_at).getTime() - new Date(session.last_seen_at).getTime();
      await repo.touchSession(this.db, session.id, now.toISOString(), new Date(now.getTime() + idleMs).toISOString());
    }
    const storeId = session.current_store_id && canAccessStore(grant, session.current_store_id) ? session.current_store_id : null;
    const access: AccessContext = {
      merchantId: staff.merchant_id,
      staffId: staff.id,
      staffName: staff.name,
      storeId,
      tillId: storeId ? session.current_till_id : null,
      ip,
      isAdmin: grant.isAdmin,
      permissions: grant.permissions,
      dataScope: grant.dataScope,
      allowedStoreIds: grant.allowedStoreIds,
      maxDiscountBp: grant.maxDiscountBp,
    };
    return { access, csrfToken: session.csrf_token };
  }

  async resolveSession(token: string, ip: string): Promise<ResolvedSession | null> {
    const session = await repo.findSession(this.db, sha256(token));
    return session ? this.resolve(session, ip) : null;
  }

  async logout(token: string | undefined, ctx: AccessContext | null) {
    if (!token) return;
    await this.writer.run(ctx ?? systemActor(''), async (w) => {
      await repo.deleteSession(w.tx, sha256(token));
      if (ctx) await w.audit({ action: 'auth.logout', entityType: 'staff', entityId: ctx.staffId });
    });
  }

  async me(ctx: AccessContext): Promise<MeDto> {
    const staff = await repo.findStaff(this.db, ctx.merchantId, ctx.staffId);
    if (!staff) throw new AppError(PlatformErrors.AUTH_REQUIRED);
    const [merchant, settings, stores] = await Promise.all([
      this.merchants.getMerchant(this.db, ctx.merchantId),
      this.merchants.getSettings(this.db, ctx.merchantId),
      this.stores.storeBriefs(this.db, ctx.merchantId, ctx.allowedStoreIds === null ? null : [...ctx.allowedStoreIds]),
    ]);
    const maxAgeDays = settings.passwordPolicy.maxAgeDays;
    const passwordExpired = maxAgeDays !== null && this.clock.now().getTime() - new Date(staff.password_changed_at).getTime() > maxAgeDays * 86_400_000;
    const allPermissions = permissionCatalog().flatMap((g) => g.permissions.map((p) => p.code));
    return {
      staff: { id: staff.id, username: staff.username, name: staff.name, mustChangePassword: staff.must_change_password === 1 || passwordExpired },
      merchant,
      isAdmin: ctx.isAdmin,
      permissions: ctx.isAdmin ? allPermissions : [...ctx.permissions].sort(),
      dataScope: ctx.dataScope,
      stores: stores.map((s) => ({ id: s.id, code: s.code, name: s.name })),
      currentStoreId: ctx.storeId,
      currentTillId: ctx.tillId,
    };
  }

  async switchStore(token: string, ctx: AccessContext, storeId: string | null, tillId: string | null) {
    if (storeId !== null && !canAccessStore(ctx, storeId)) throw new AppError(PlatformErrors.AUTH_STORE_FORBIDDEN, { field: 'storeId' });
    if (storeId !== null && !(await this.stores.existingStoreIds(this.db, ctx.merchantId, [storeId])).length) {
      throw new AppError(StaffErrors.STAFF_STORE_UNKNOWN, { field: 'storeId' });
    }
    if (tillId !== null && (storeId === null || (await this.stores.tillStoreId(this.db, ctx.merchantId, tillId)) !== storeId)) {
      throw new AppError('NOT_FOUND', { field: 'tillId' });
    }
    await this.writer.run(ctx, async (w) => {
      await repo.setSessionPlace(w.tx, sha256(token), storeId, tillId);
      await w.audit({ action: 'auth.switch_store', entityType: 'staff', entityId: ctx.staffId, before: { storeId: ctx.storeId, tillId: ctx.tillId }, after: { storeId, tillId } });
    });
    return this.me({ ...ctx, storeId, tillId });
  }

  async changePassword(token: string, ctx: AccessContext, currentPassword: string, newPassword: string) {
    const staff = await repo.findStaff(this.db, ctx.merchantId, ctx.staffId);
    if (!staff) throw new AppError(PlatformErrors.AUTH_REQUIRED);
    if (!(await verifyPassword(currentPassword, staff.password_hash))) throw new AppError(StaffErrors.AUTH_WRONG_PASSWORD, { field: 'currentPassword' });
    if (currentPassword === newPassword) throw new AppError(StaffErrors.AUTH_PASSWORD_REUSED, { field: 'newPassword' });
    await this.staff.checkPassword(this.db, ctx.merchantId, newPassword, 'newPassword');
    const hash = await hashPassword(newPassword);
    await this.writer.run(ctx, async (w) => {
      const at = w.now.toISOString();
      await repo.updateStaff(w.tx, ctx.merchantId, ctx.staffId, { password_hash: hash, password_changed_at: at, must_change_password: 0, updated_at: at });
      // other devices signed in with the old password are signed out
      await repo.deleteStaffSessions(w.tx, ctx.merchantId, ctx.staffId, sha256(token));
      await w.audit({ action: 'auth.change_password', entityType: 'staff', entityId: ctx.staffId });
    });
    return this.me(ctx);
  }

  purgeExpiredSessions(now: Date) {
    return repo.purgeSessions(this.db, now.toISOString());
  }

  // ---- first start ----------------------------------------------------------------------------

  /** Creates the built-in administrator role of a merchant if missing; returns its id. */
  async ensureSystemRole(merchantId: string): Promise<string> {
    const existing = await repo.findSystemRole(this.db, merchantId);
    if (existing) return existing.id;
    const id = newId();
    await this.writer.run(systemActor(merchantId), async (w) => {
      const at = w.now.toISOString();
      await repo.insertRole(w.tx, {
        merchant_id: merchantId,
        id,
        code: 'admin',
        name: '超级管理员',
        description: 'Built-in: every permission and every store',
        is_system: 1,
        data_scope: 'all',
        max_discount_bp: null,
        created_at: at,
        updated_at: at,
      });
      await w.audit({ action: 'role.create', entityType: 'role', entityId: id, after: { code: 'admin', isSystem: true } });
    });
    return id;
  }

  /** Creates an administrator if no staff member has this username yet. Returns false if one existed. */
  async ensureAdmin(merchantId: string, username: string, password: string, name = '管理员'): Promise<boolean> {
    if (await repo.findStaffByUsername(this.db, merchantId, username)) return false;
    await this.staff.checkPassword(this.db, merchantId, password, 'ADMIN_PASSWORD');
    const roleId = await this.ensureSystemRole(merchantId);
    const hash = await hashPassword(password);
    await this.writer.run(systemActor(merchantId), async (w) => {
      const at = w.now.toISOString();
      const id = newId();
      await repo.insertStaff(w.tx, {
        merchant_id: merchantId,
        id,
        username,
        name,
        phone: null,
        staff_level_id: null,
        home_store_id: null,
        role_id: roleId,
        status: 'active',
        password_hash: hash,
        password_changed_at: at,
        must_change_password: 0,
        custom_fields: '{}',
        last_login_at: null,
        created_at: at,
        updated_at: at,
      });
      await w.audit({ action: 'staff.create', entityType: 'staff', entityId: id, after: { username, roleId } });
    });
    return true;
  }

  async hasActiveAdmin(merchantId: string) {
    return (await repo.countActiveAdmins(this.db, merchantId)) > 0;
  }
}
