import type { DataScope } from './staff.tables';

/** What the staff module needs to know about stores; the organisation module provides it at wiring. */
export interface StoreDirectory {
  existingStoreIds(merchantId: string, ids: string[]): Promise<string[]>;
  existingRegionIds(merchantId: string, ids: string[]): Promise<string[]>;
  storeIdsInRegions(merchantId: string, regionIds: string[]): Promise<string[]>;
  /** open stores (all when ids is null), for the store switcher */
  storeBriefs(merchantId: string, ids: string[] | null): Promise<{ id: string; code: string; name: string }[]>;
  tillStoreId(merchantId: string, tillId: string): Promise<string | null>;
}

export interface MerchantDirectory {
  findMerchantByCode(code: string): Promise<{ id: string; code: string; name: string } | undefined>;
  getMerchant(merchantId: string): Promise<{ id: string; code: string; name: string }>;
  getSettings(merchantId: string): Promise<{
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
