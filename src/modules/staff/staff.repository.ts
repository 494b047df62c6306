import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema';
import { containsText, pageOffset } from '../../db/sql-helpers';
import type { LoginThrottleTable, RolesTable, SessionsTable, StaffLevelsTable, StaffStatus, StaffTable } from './staff.tables';

type Exec = Kysely<Database>;
export type StaffRow = Selectable<StaffTable>;
export type RoleRow = Selectable<RolesTable>;
export type StaffLevelRow = Selectable<StaffLevelsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ThrottleRow = Selectable<LoginThrottleTable>;

export interface StaffListQuery {
  page: number;
  pageSize: number;
  q?: string;
  status?: StaffStatus;
  storeId?: string;
  roleId?: string;
  sort: 'username' | 'name' | 'createdAt' | 'lastLoginAt';
  order: 'asc' | 'desc';
  /** null = every store; otherwise staff whose home store or assigned stores overlap these */
  storeIds: string[] | null;
}

const STAFF_SORT = { username: 'username', name: 'name', createdAt: 'created_at', lastLoginAt: 'last_login_at' } as const;

/** The only place with SQL for staff, roles, levels, sessions and login throttling. */
export const staffRepository = {
  // ---- staff ----
  findStaff: (db: Exec, merchantId: string, id: string) =>
    db.selectFrom('staff').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  findStaffByUsername: (db: Exec, merchantId: string, username: string) =>
    db.selectFrom('staff').selectAll().where('merchant_id', '=', merchantId).where('username', '=', username).executeTakeFirst(),
  insertStaff: (db: Exec, row: StaffRow) => db.insertInto('staff').values(row).execute(),
  updateStaff: (db: Exec, merchantId: string, id: string, patch: Partial<StaffRow>) =>
    db.updateTable('staff').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  staffStoreIds: async (db: Exec, merchantId: string, staffIds: string[]) => {
    if (staffIds.length === 0) return new Map<string, string[]>();
    const rows = await db
      .selectFrom('staff_stores')
      .select(['staff_id', 'store_id'])
      .where('merchant_id', '=', merchantId)
      .where('staff_id', 'in', staffIds)
      .execute();
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.staff_id, [...(map.get(r.staff_id) ?? []), r.store_id]);
    return map;
  },
  async replaceStaffStores(db: Exec, merchantId: string, staffId: string, storeIds: string[]) {
    await db.deleteFrom('staff_stores').where('merchant_id', '=', merchantId).where('staff_id', '=', staffId).execute();
    if (storeIds.length) {
      await db
        .insertInto('staff_stores')
        .values(storeIds.map((store_id) => ({ merchant_id: merchantId, staff_id: staffId, store_id })))
        .execute();
    }
  },
  async listStaff(db: Exec, merchantId: string, query: StaffListQuery) {
    let base = db.selectFrom('staff').where('staff.merchant_id', '=', merchantId);
    const inStores = (ids: string[]) =>
      base.where((eb) =>
        eb.or([
          eb('staff.home_store_id', 'in', ids),
          eb.exists(
            eb
              .selectFrom('staff_stores')
              .select('staff_stores.staff_id')
              .whereRef('staff_stores.merchant_id', '=', 'staff.merchant_id')
              .whereRef('staff_stores.staff_id', '=', 'staff.id')
              .where('staff_stores.store_id', 'in', ids),
          ),
        ]),
      );
    if (query.storeIds !== null) {
      if (query.storeIds.length === 0) return { rows: [] as StaffRow[], total: 0 };
      base = inStores(query.storeIds);
    }
    if (query.storeId) base = inStores([query.storeId]);
    if (query.status) base = base.where('staff.status', '=', query.status);
    if (query.roleId) base = base.where('staff.role_id', '=', query.roleId);
    if (query.q) {
      const text = query.q;
      base = base.where((eb) =>
        eb.or([containsText(eb.ref('staff.username'), text), containsText(eb.ref('staff.name'), text), containsText(eb.ref('staff.phone'), text)]),
      );
    }
    const [rows, count] = await Promise.all([
      base
        .selectAll('staff')
        .orderBy(`staff.${STAFF_SORT[query.sort]}`, query.order)
        .orderBy('staff.id')
        .limit(query.pageSize)
        .offset(pageOffset(query))
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  },
  countActiveAdmins: async (db: Exec, merchantId: string) =>
    Number(
      (
        await db
          .selectFrom('staff')
          .innerJoin('roles', (j) => j.onRef('roles.merchant_id', '=', 'staff.merchant_id').onRef('roles.id', '=', 'staff.role_id'))
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('staff.merchant_id', '=', merchantId)
          .where('staff.status', '=', 'active')
          .where('roles.is_system', '=', 1)
          .executeTakeFirstOrThrow()
      ).n,
    ),

  // ---- roles ----
  listRoles: (db: Exec, merchantId: string) =>
    db.selectFrom('roles').selectAll().where('merchant_id', '=', merchantId).orderBy('is_system', 'desc').orderBy('code').execute(),
  findRole: (db: Exec, merchantId: string, id: string) =>
    db.selectFrom('roles').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  findSystemRole: (db: Exec, merchantId: string) =>
    db.selectFrom('roles').selectAll().where('merchant_id', '=', merchantId).where('is_system', '=', 1).executeTakeFirst(),
  insertRole: (db: Exec, row: RoleRow) => db.insertInto('roles').values(row).execute(),
  updateRole: (db: Exec, merchantId: string, id: string, patch: Partial<RoleRow>) =>
    db.updateTable('roles').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  deleteRole: (db: Exec, merchantId: string, id: string) =>
    db.deleteFrom('roles').where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  rolePermissions: (db: Exec, merchantId: string, roleIds: string[]) =>
    roleIds.length === 0
      ? Promise.resolve([])
      : db.selectFrom('role_permissions').select(['role_id', 'permission']).where('merchant_id', '=', merchantId).where('role_id', 'in', roleIds).execute(),
  roleScopes: (db: Exec, merchantId: string, roleIds: string[]) =>
    roleIds.length === 0
      ? Promise.resolve([])
      : db.selectFrom('role_scopes').select(['role_id', 'target_id']).where('merchant_id', '=', merchantId).where('role_id', 'in', roleIds).execute(),
  async replaceRoleGrants(db: Exec, merchantId: string, roleId: string, permissions: string[], scopeIds: string[]) {
    await db.deleteFrom('role_permissions').where('merchant_id', '=', merchantId).where('role_id', '=', roleId).execute();
    await db.deleteFrom('role_scopes').where('merchant_id', '=', merchantId).where('role_id', '=', roleId).execute();
    if (permissions.length) {
      await db.insertInto('role_permissions').values(permissions.map((permission) => ({ merchant_id: merchantId, role_id: roleId, permission }))).execute();
    }
    if (scopeIds.length) {
      await db.insertInto('role_scopes').values(scopeIds.map((target_id) => ({ merchant_id: merchantId, role_id: roleId, target_id }))).execute();
    }
  },
  staffCountByRole: async (db: Exec, merchantId: string) =>
    new Map(
      (
        await db
          .selectFrom('staff')
          .select(['role_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('merchant_id', '=', merchantId)
          .groupBy('role_id')
          .execute()
      ).map((r) => [r.role_id, Number(r.n)]),
    ),

  // ---- staff levels ----
  listLevels: (db: Exec, merchantId: string) =>
    db.selectFrom('staff_levels').selectAll().where('merchant_id', '=', merchantId).orderBy('rank').orderBy('code').execute(),
  findLevel: (db: Exec, merchantId: string, id: string) =>
    db.selectFrom('staff_levels').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  insertLevel: (db: Exec, row: StaffLevelRow) => db.insertInto('staff_levels').values(row).execute(),
  updateLevel: (db: Exec, merchantId: string, id: string, patch: Partial<StaffLevelRow>) =>
    db.updateTable('staff_levels').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  deleteLevel: (db: Exec, merchantId: string, id: string) =>
    db.deleteFrom('staff_levels').where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  levelInUse: async (db: Exec, merchantId: string, id: string) =>
    !!(await db.selectFrom('staff').select('id').where('merchant_id', '=', merchantId).where('staff_level_id', '=', id).executeTakeFirst()),

  // ---- sessions ----
  insertSession: (db: Exec, row: SessionRow) => db.insertInto('sessions').values(row).execute(),
  findSession: (db: Exec, id: string) => db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst(),
  touchSession: (db: Exec, id: string, lastSeenAt: string, expiresAt: string) =>
    db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute(),
  setSessionPlace: (db: Exec, id: string, storeId: string | null, tillId: string | null) =>
    db.updateTable('sessions').set({ current_store_id: storeId, current_till_id: tillId }).where('id', '=', id).execute(),
  deleteSession: (db: Exec, id: string) => db.deleteFrom('sessions').where('id', '=', id).execute(),
  deleteStaffSessions: (db: Exec, merchantId: string, staffId: string, exceptId?: string) =>
    db
      .deleteFrom('sessions')
      .where('merchant_id', '=', merchantId)
      .where('staff_id', '=', staffId)
      .$if(!!exceptId, (q) => q.where('id', '!=', exceptId ?? ''))
      .execute(),
  purgeSessions: async (db: Exec, now: string) =>
    Number((await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst()).numDeletedRows),

  // ---- login throttling ----
  findThrottle: (db: Exec, key: string) => db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst(),
  upsertThrottle: (db: Exec, row: ThrottleRow) =>
    db
      .insertInto('login_throttle')
      .values(row)
      .onConflict((oc) => oc.column('key').doUpdateSet({ failures: row.failures, window_started_at: row.window_started_at, locked_until: row.locked_until }))
      .execute(),
  clearThrottle: (db: Exec, key: string) => db.deleteFrom('login_throttle').where('key', '=', key).execute(),
};
