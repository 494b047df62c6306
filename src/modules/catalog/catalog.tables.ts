export type ProductKind = 'goods' | 'service' | 'package' | 'count_card' | 'timed';
export type PointsMode = 'default' | 'rate' | 'excluded';
export type CatalogStatus = 'active' | 'archived';

/** 分类: two levels at most (a category with a parent has no children). */
export interface ProductCategoriesTable {
  merchant_id: string;
  id: string;
  code: string;
  name: string;
  parent_id: string | null;
  sort: number;
  status: CatalogStatus;
  created_at: string;
  updated_at: string;
}

export interface ProductsTable {
  merchant_id: string;
  id: string;
  /** SKU, unique per merchant */
  code: string;
  /** unique per merchant when set */
  barcode: string | null;
  name: string;
  category_id: string | null;
  kind: ProductKind;
  unit: string;
  list_price_fen: number;
  member_discount_allowed: number;
  points_mode: PointsMode;
  /** points per ¥1 in bp when points_mode = 'rate' */
  points_rate_bp: number | null;
  /** 积分价: the product can be bought with this many points at the till (积分购买); null = not for points */
  points_price: number | null;
  commission_rate_bp: number | null;
  commission_fixed_fen: number | null;
  stock_tracked: number;
  description: string;
  /** JSON of custom field values */
  custom_fields: string;
  /** time billing (kind 'timed' only, else null) */
  time_rate_per_hour_fen: number | null;
  time_unit_minutes: number | null;
  time_grace_minutes: number | null;
  time_cap_fen: number | null;
  status: CatalogStatus;
  created_at: string;
  updated_at: string;
}

/** 会员价: a fixed price for one level (the level belongs to the members module; no foreign key). */
export interface ProductLevelPricesTable {
  merchant_id: string;
  product_id: string;
  level_id: string;
  price_fen: number;
}

/** 特价: a price active in [starts_at, ends_at), for one store or (store_id null) all. */
export interface ProductSpecialPricesTable {
  merchant_id: string;
  id: string;
  product_id: string;
  price_fen: number;
  starts_at: string;
  ends_at: string;
  store_id: string | null;
}

/** A line of a package (套餐). */
export interface ProductPackageItemsTable {
  merchant_id: string;
  package_id: string;
  product_id: string;
  quantity: number;
  position: number;
}

/** An item of a count card (计次卡): uses of a service, each with its own validity (R6). */
export interface ProductCountCardItemsTable {
  merchant_id: string;
  card_product_id: string;
  service_product_id: string;
  uses: number;
  validity_days: number;
  position: number;
}

/** 门店上下架 / 门店价: no row = available at the list price. */
export interface ProductStoreSettingsTable {
  merchant_id: string;
  product_id: string;
  store_id: string;
  available: number;
  price_fen: number | null;
  updated_at: string;
}

export interface CatalogTables {
  product_categories: ProductCategoriesTable;
  products: ProductsTable;
  product_level_prices: ProductLevelPricesTable;
  product_special_prices: ProductSpecialPricesTable;
  product_package_items: ProductPackageItemsTable;
  product_count_card_items: ProductCountCardItemsTable;
  product_store_settings: ProductStoreSettingsTable;
}
