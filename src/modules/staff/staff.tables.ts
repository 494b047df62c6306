export type DataScope = 'all' | 'regions' | 'stores' | 'own_store';
export type StaffStatus = 'active' | 'disabled';

export interface StaffLevelsTable {
  merchant_id: string;
  id: string;
  code: string;
  name: string;
  rank: number;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface RolesTable {
  merchant_id: string;
  id: string;
  code: string;
  name: string;
  description: string;
  /** 1 for the built-in administrator role, which holds every permission, present and future */
  is_system: number;
  data_scope: DataScope;
  /** deepest manual discount this role may give at the till (8000 = down to 8折); null = any */
  max_discount_bp: number | null;
  created_at: string;
  updated_at: string;
}

export interface RolePermissionsTable {
  merchant_id: string;
  role_id: string;
  permission: string;
}

/** Regions or stores a role's data scope lists (which, depends on roles.data_scope). */
export interface RoleScopesTable {
  merchant_id: string;
  role_id: string;
  target_id: string;
}

export interface StaffTable {
  merchant_id: string;
  id: string;
  username: string;
  name: string;
  phone: string | null;
  staff_level_id: string | null;
  home_store_id: string | null;
  role_id: string;
  status: StaffStatus;
  password_hash: string;
  password_changed_at: string;
  must_change_password: number;
  /** JSON of custom field values (扩展字段) */
  custom_fields: string;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface StaffStoresTable {
  merchant_id: string;
  staff_id: string;
  store_id: string;
}

export interface SessionsTable {
  /** sha256 of the cookie token; the token itself is never stored */
  id: string;
  merchant_id: string;
  staff_id: string;
  csrf_token: string;
  current_store_id: string | null;
  current_till_id: string | null;
  ip: string;
  user_agent: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

/** Failed-login counters per account and per IP, kept in the database so every server sees them. */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  locked_until: string | null;
}

export interface StaffTables {
  staff_levels: StaffLevelsTable;
  roles: RolesTable;
  role_permissions: RolePermissionsTable;
  role_scopes: RoleScopesTable;
  staff: StaffTable;
  staff_stores: StaffStoresTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
}
