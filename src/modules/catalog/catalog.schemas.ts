import { z } from 'zod';
import { MAX_FEN } from '../../kernel/money';
import { customValuesInput, pageResult, zCode, zFen, zId, zName, zPaging, zText, zTimestamp } from '../../kernel/schemas';

// Request and response schemas of the catalog (商品与服务): categories, products of every kind,
// per-store availability and price, the scanner lookup and the import/export of goods and services.

export const productKind = z.enum(['goods', 'service', 'package', 'count_card', 'timed']);
export type ProductKind = z.infer<typeof productKind>;
export const pointsMode = z.enum(['default', 'rate', 'excluded']);
export type PointsMode = z.infer<typeof pointsMode>;
export const catalogStatus = z.enum(['active', 'archived']);

/** What a scanner types: letters, digits and - (EAN-13, UPC, Code 128 …). */
export const zBarcode = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9-]+$/, 'letters, digits and - only');
/** 件 / 次 / 小时 / 杯 … */
export const zUnit = z.string().trim().min(1).max(10);
/** Points per ¥1 in basis points: 10000 = 1 point per ¥1 (R4). */
export const zPointsRateBp = z.number().int().min(0).max(1_000_000);
export const zRateBp = z.number().int().min(0).max(10_000);

// ---- categories (分类) ---------------------------------------------------------------------------

export const categoryInput = z.object({
  code: zCode,
  name: zName,
  /** one level of nesting: the parent must itself be a top-level category */
  parentId: zId.nullable().default(null),
  sort: z.number().int().min(0).max(10_000).default(0),
});
export type CategoryInput = z.infer<typeof categoryInput>;
export const categoryPatch = z.object({ code: zCode, name: zName, parentId: zId.nullable(), sort: z.number().int().min(0).max(10_000), status: catalogStatus }).partial();
export type CategoryPatch = z.infer<typeof categoryPatch>;
export const categoryDto = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  sort: z.number().int(),
  status: catalogStatus,
  /** products (any status) in this category */
  productCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CategoryDto = z.infer<typeof categoryDto>;
export const categoryListQuery = z.object({ status: z.enum(['active', 'archived', 'all']).default('all') });

// ---- product parts ----------------------------------------------------------------------------

/** Member price (会员价) for one level. */
export const levelPriceInput = z.object({ levelId: zId, priceFen: zFen });
/** Special price (特价) for a time window [startsAt, endsAt); storeId null = every store. */
export const specialPriceInput = z.object({ priceFen: zFen, startsAt: zTimestamp, endsAt: zTimestamp, storeId: zId.nullable().default(null) });
/** One line of a package (套餐): a goods or service product. */
export const packageItemInput = z.object({ productId: zId, quantity: z.number().int().min(1).max(9999) });
/** One item of a count card (计次卡, R6): uses of a service, valid N days from purchase. */
export const countCardItemInput = z.object({ serviceProductId: zId, uses: z.number().int().min(1).max(100_000), validityDays: z.number().int().min(1).max(36_500) });
/** Time billing (计时, R7): rate per hour, billing unit rounded up, free grace, optional cap per session. */
export const timeSettingsInput = z.object({
  ratePerHourFen: zFen,
  unitMinutes: z.number().int().min(1).max(1440).default(15),
  graceMinutes: z.number().int().min(0).max(1440).default(5),
  capFen: zFen.nullable().default(null),
});

export const levelPriceDto = z.object({ levelId: z.string(), priceFen: z.number().int() });
export const specialPriceDto = z.object({ id: z.string(), priceFen: z.number().int(), startsAt: z.string(), endsAt: z.string(), storeId: z.string().nullable() });
export const packageItemDto = z.object({ productId: z.string(), code: z.string(), name: z.string(), kind: productKind, quantity: z.number().int() });
export const countCardItemDto = z.object({ serviceProductId: z.string(), code: z.string(), name: z.string(), uses: z.number().int(), validityDays: z.number().int() });
export const timeSettingsDto = z.object({ ratePerHourFen: z.number().int(), unitMinutes: z.number().int(), graceMinutes: z.number().int(), capFen: z.number().int().nullable() });
export type TimeSettings = z.infer<typeof timeSettingsDto>;

// ---- products (商品 / 服务) ---------------------------------------------------------------------

const productFields = {
  /** SKU, unique per merchant */
  code: zCode,
  /** unique per merchant when set */
  barcode: zBarcode.nullable().default(null),
  name: zName,
  categoryId: zId.nullable().default(null),
  unit: zUnit.default('件'),
  listPriceFen: zFen,
  memberDiscountAllowed: z.boolean().default(true),
  levelPrices: z.array(levelPriceInput).max(50).default([]),
  specialPrices: z.array(specialPriceInput).max(50).default([]),
  pointsMode: pointsMode.default('default'),
  /** required when pointsMode is 'rate', otherwise null */
  pointsRateBp: zPointsRateBp.nullable().default(null),
  /** 积分价: points that buy one unit at the till; null = not sold for points */
  pointsPrice: z.number().int().min(1).max(MAX_FEN).nullable().default(null),
  commissionRateBp: zRateBp.nullable().default(null),
  commissionFixedFen: zFen.nullable().default(null),
  stockTracked: z.boolean().default(false),
  description: zText(500).default(''),
  customFields: customValuesInput.default({}),
  /** kind 'package' only (and then at least one) */
  packageItems: z.array(packageItemInput).max(100).default([]),
  /** kind 'count_card' only (and then at least one) */
  countCardItems: z.array(countCardItemInput).max(100).default([]),
  /** kind 'timed' only (and then required) */
  timeSettings: timeSettingsInput.nullable().default(null),
};

export const productInput = z.object({ ...productFields, kind: productKind });
export type ProductInput = z.infer<typeof productInput>;

/** Every field optional; a list given replaces the whole list. Kind-specific rules apply to the result. */
export const productPatch = z
  .object({
    code: zCode,
    barcode: zBarcode.nullable(),
    name: zName,
    categoryId: zId.nullable(),
    kind: productKind,
    unit: zUnit,
    listPriceFen: zFen,
    memberDiscountAllowed: z.boolean(),
    levelPrices: z.array(levelPriceInput).max(50),
    specialPrices: z.array(specialPriceInput).max(50),
    pointsMode,
    pointsRateBp: zPointsRateBp.nullable(),
    pointsPrice: z.number().int().min(1).max(MAX_FEN).nullable(),
    commissionRateBp: zRateBp.nullable(),
    commissionFixedFen: zFen.nullable(),
    stockTracked: z.boolean(),
    description: zText(500),
    customFields: customValuesInput,
    packageItems: z.array(packageItemInput).max(100),
    countCardItems: z.array(countCardItemInput).max(100),
    timeSettings: timeSettingsInput.nullable(),
    status: catalogStatus,
  })
  .partial();
export type ProductPatch = z.infer<typeof productPatch>;

/** A product as lists show it. */
export const productDto = z.object({
  id: z.string(),
  code: z.string(),
  barcode: z.string().nullable(),
  name: z.string(),
  categoryId: z.string().nullable(),
  categoryName: z.string().nullable(),
  kind: productKind,
  unit: z.string(),
  listPriceFen: z.number().int(),
  memberDiscountAllowed: z.boolean(),
  pointsMode,
  pointsRateBp: z.number().int().nullable(),
  pointsPrice: z.number().int().nullable(),
  commissionRateBp: z.number().int().nullable(),
  commissionFixedFen: z.number().int().nullable(),
  stockTracked: z.boolean(),
  description: z.string(),
  customFields: z.record(z.string(), z.unknown()),
  status: catalogStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProductDto = z.infer<typeof productDto>;

/** Per-store availability (上下架) and price (门店价). */
export const storeSettingDto = z.object({
  storeId: z.string(),
  available: z.boolean(),
  /** replaces the list price at this store; null = the list price */
  priceFen: z.number().int().nullable(),
  updatedAt: z.string(),
});
export type StoreSettingDto = z.infer<typeof storeSettingDto>;

/** A product with everything: member and special prices, items, time billing, store settings (of the caller's stores). */
export const productDetailDto = productDto.extend({
  levelPrices: z.array(levelPriceDto),
  specialPrices: z.array(specialPriceDto),
  packageItems: z.array(packageItemDto),
  countCardItems: z.array(countCardItemDto),
  timeSettings: timeSettingsDto.nullable(),
  storeSettings: z.array(storeSettingDto),
});
export type ProductDetailDto = z.infer<typeof productDetailDto>;

export const productSort = z.enum(['code', 'name', 'listPriceFen', 'createdAt', 'updatedAt']);
export const productListQuery = z.object({
  ...zPaging,
  /** exact code or barcode, or part of the name */
  q: z.string().trim().max(64).optional(),
  /** a top-level category includes its sub-categories */
  categoryId: zId.optional(),
  kind: productKind.optional(),
  status: z.enum(['active', 'archived', 'all']).default('active'),
  sort: productSort.default('code'),
});
export type ProductListQuery = z.infer<typeof productListQuery>;
export const productPage = pageResult(productDto);

export const storeSettingInput = z.object({
  storeId: zId,
  available: z.boolean(),
  priceFen: zFen.nullable().default(null),
});
export type StoreSettingInput = z.infer<typeof storeSettingInput>;
export const storeSettingList = z.object({ items: z.array(storeSettingDto) });

export const barcodeParams = z.object({ code: z.string().trim().min(1).max(64) });

// ---- import / export --------------------------------------------------------------------------

export const exportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') });
/** ?fileName= on the upload, whose body is the .csv or .xlsx file itself. */
export const importQuery = z.object({ fileName: z.string().trim().min(1).max(200).default('products') });
export const importResult = z.object({ created: z.number().int(), updated: z.number().int() });
/** The columns of the product file (headers in Chinese or English). */
export const PRODUCT_IMPORT_FIELDS = ['code', 'barcode', 'name', 'categoryCode', 'kind', 'unit', 'listPrice', 'memberDiscountAllowed', 'pointsMode'] as const;
export type ProductImportField = (typeof PRODUCT_IMPORT_FIELDS)[number];
/** One problem of one row, in CATALOG_IMPORT_INVALID's details.errors; `row` is the row number a spreadsheet program shows. */
export const importRowError = z.object({ row: z.number().int(), field: z.enum(PRODUCT_IMPORT_FIELDS), code: z.string(), message: z.string() });
export type ImportRowError = z.infer<typeof importRowError>;
