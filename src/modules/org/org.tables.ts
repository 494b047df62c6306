export type StoreKind = 'direct' | 'franchise';
export type StoreStatus = 'active' | 'suspended' | 'closed';
export type TillStatus = 'active' | 'disabled';

export interface MerchantsTable {
  id: string;
  code: string;
  name: string;
  /** JSON: merchant settings, see org.settings.ts */
  settings: string;
  created_at: string;
  updated_at: string;
}

export interface RegionsTable {
  merchant_id: string;
  id: string;
  code: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface CitiesTable {
  merchant_id: string;
  id: string;
  region_id: string;
  code: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface StoresTable {
  merchant_id: string;
  id: string;
  code: string;
  name: string;
  kind: StoreKind;
  region_id: string | null;
  city_id: string | null;
  address: string;
  phone: string;
  opened_on: string | null;
  status: StoreStatus;
  time_zone: string;
  /** minutes after local midnight when the business day turns over */
  business_day_cutoff_minutes: number;
  /** store discount ratio multiplied into level discounts (RULES R2); null = none */
  discount_bp: number | null;
  points_ratio_bp: number;
  topup_approval_threshold_fen: number;
  topup_daily_quota_fen: number | null;
  topup_monthly_quota_fen: number | null;
  created_at: string;
  updated_at: string;
}

export interface TillsTable {
  merchant_id: string;
  id: string;
  store_id: string;
  code: string;
  name: string;
  status: TillStatus;
  created_at: string;
  updated_at: string;
}

export interface OrgTables {
  merchants: MerchantsTable;
  regions: RegionsTable;
  cities: CitiesTable;
  stores: StoresTable;
  tills: TillsTable;
}
