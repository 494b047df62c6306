import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { DataScope } from './staff.tables';

/** Queries run on `exec`: the caller's transaction inside a write, so they see its changes and never wait on it. */
type Exec = Kysely<Database>;

/** What the staff module needs to know about stores; the organisation module provides it at wiring. */
export interface StoreDirectory {
  existingStoreIds(exec: Exec, merchantId: string, ids: string[]): Promise<string[]>;
  existingRegionIds(exec: Exec, merchantId: string, ids: string[]): Promise<string[]>;
  storeIdsInRegions(exec: Exec, merchantId: string, regionIds: string[]): Promise<string[]>;
  /** open stores (all when ids is null), for the store switcher */
  storeBriefs(exec: Exec, merchantId: string, ids: string[] | null): Promise<{ id: string; code: string; name: string }[]>;
  tillStoreId(exec: Exec, merchantId: string, tillId: string): Promise<string | null>;
}

export interface MerchantDirectory {
  findMerchantByCode(exec: Exec, code: string): Promise<{ id: string; code: string; name: string } | undefined>;
  getMerchant(exec: Exec, merchantId: string): Promise<{ id: string; code: string; name: string }>;
  getSettings(exec: Exec, merchantId: string): Promise<{
    passwordPolicy: { minLength: number; requireLetter: boolean; requireDigit: boolean; requireSymbol: boolean; maxAgeDays: number | null };
    lockout: { maxFailures: number; lockMinutes: number };
    sessionIdleMinutes: number;
  }>;
}

export interface RoleGrant {
  isSystem: boolean;
  dataScope: DataScope;
  scopeIds: string[];
  permissions: string[];
}

/** Custom field checks for staff, provided by the fields module at wiring. */
export interface StaffFieldCheck {
  validate(exec: Exec, merchantId: string, entity: 'staff', input: Record<string, unknown>): Promise<Record<string, unknown>>;
}
