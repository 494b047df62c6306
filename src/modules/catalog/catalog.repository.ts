import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/schema';
import { containsText, pageOffset } from '../../db/sql-helpers';
import type { ProductListQuery } from './catalog.schemas';
import type {
  ProductCategoriesTable,
  ProductCountCardItemsTable,
  ProductLevelPricesTable,
  ProductPackageItemsTable,
  ProductSpecialPricesTable,
  ProductStoreSettingsTable,
  ProductsTable,
} from './catalog.tables';

type Exec = Kysely<Database>;
export type CategoryRow = Selectable<ProductCategoriesTable>;
export type ProductRow = Selectable<ProductsTable>;
export type LevelPriceRow = Selectable<ProductLevelPricesTable>;
export type SpecialPriceRow = Selectable<ProductSpecialPricesTable>;
export type PackageItemRow = Selectable<ProductPackageItemsTable>;
export type CountCardItemRow = Selectable<ProductCountCardItemsTable>;
export type StoreSettingRow = Selectable<ProductStoreSettingsTable>;

const PRODUCT_SORT = { code: 'products.code', name: 'products.name', listPriceFen: 'products.list_price_fen', createdAt: 'products.created_at', updatedAt: 'products.updated_at' } as const;
/** Values per IN (…) lookup. */
const LOOKUP_CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function groupBy<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const r of rows) map.set(key(r), [...(map.get(key(r)) ?? []), r]);
  return map;
}

/** The only place with SQL for categories, products and their prices, items and store settings. */
export const catalogRepository = {
  // ---- categories ----
  listCategories: (db: Exec, merchantId: string, status: 'active' | 'archived' | 'all') =>
    db
      .selectFrom('product_categories')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .$if(status !== 'all', (q) => q.where('status', '=', status as 'active'))
      .orderBy('sort')
      .orderBy('code')
      .execute(),
  findCategory: (db: Exec, merchantId: string, id: string) =>
    db.selectFrom('product_categories').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  categoriesByCodes: async (db: Exec, merchantId: string, codes: readonly string[]) => {
    const out: CategoryRow[] = [];
    for (const part of chunks([...new Set(codes)], LOOKUP_CHUNK)) {
      out.push(...(await db.selectFrom('product_categories').selectAll().where('merchant_id', '=', merchantId).where('code', 'in', part).execute()));
    }
    return out;
  },
  hasChildren: async (db: Exec, merchantId: string, id: string) =>
    !!(await db.selectFrom('product_categories').select('id').where('merchant_id', '=', merchantId).where('parent_id', '=', id).executeTakeFirst()),
  insertCategory: (db: Exec, row: CategoryRow) => db.insertInto('product_categories').values(row).execute(),
  updateCategory: (db: Exec, merchantId: string, id: string, patch: Partial<CategoryRow>) =>
    db.updateTable('product_categories').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  productCountByCategory: async (db: Exec, merchantId: string) =>
    new Map(
      (
        await db
          .selectFrom('products')
          .select(['category_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('merchant_id', '=', merchantId)
          .groupBy('category_id')
          .execute()
      ).map((r) => [r.category_id, Number(r.n)]),
    ),

  // ---- products ----
  findProduct: (db: Exec, merchantId: string, id: string) =>
    db.selectFrom('products').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  findByBarcode: (db: Exec, merchantId: string, barcode: string) =>
    db.selectFrom('products').selectAll().where('merchant_id', '=', merchantId).where('barcode', '=', barcode).executeTakeFirst(),
  findByCode: (db: Exec, merchantId: string, code: string) =>
    db.selectFrom('products').selectAll().where('merchant_id', '=', merchantId).where('code', '=', code).executeTakeFirst(),
  async productsByIds(db: Exec, merchantId: string, ids: readonly string[]): Promise<ProductRow[]> {
    const out: ProductRow[] = [];
    for (const part of chunks([...new Set(ids)], LOOKUP_CHUNK)) {
      out.push(...(await db.selectFrom('products').selectAll().where('merchant_id', '=', merchantId).where('id', 'in', part).execute()));
    }
    return out;
  },
  async productsByCodes(db: Exec, merchantId: string, codes: readonly string[]): Promise<ProductRow[]> {
    const out: ProductRow[] = [];
    for (const part of chunks([...new Set(codes)], LOOKUP_CHUNK)) {
      out.push(...(await db.selectFrom('products').selectAll().where('merchant_id', '=', merchantId).where('code', 'in', part).execute()));
    }
    return out;
  },
  async productsByBarcodes(db: Exec, merchantId: string, barcodes: readonly string[]): Promise<ProductRow[]> {
    const out: ProductRow[] = [];
    for (const part of chunks([...new Set(barcodes)], LOOKUP_CHUNK)) {
      out.push(...(await db.selectFrom('products').selectAll().where('merchant_id', '=', merchantId).where('barcode', 'in', part).execute()));
    }
    return out;
  },
  insertProduct: (db: Exec, row: ProductRow) => db.insertInto('products').values(row).execute(),
  updateProduct: (db: Exec, merchantId: string, id: string, patch: Partial<ProductRow>) =>
    db.updateTable('products').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).execute(),
  allProducts: (db: Exec, merchantId: string) => db.selectFrom('products').selectAll().where('merchant_id', '=', merchantId).orderBy('code').execute(),

  async listProducts(db: Exec, merchantId: string, query: ProductListQuery & { categoryIds: string[] | null }) {
    let base = db.selectFrom('products').where('products.merchant_id', '=', merchantId);
    if (query.status !== 'all') base = base.where('products.status', '=', query.status);
    if (query.kind) base = base.where('products.kind', '=', query.kind);
    if (query.categoryIds) base = base.where('products.category_id', 'in', query.categoryIds);
    if (query.q) {
      const q = query.q;
      base = base.where((eb) => eb.or([eb('products.code', '=', q), eb('products.barcode', '=', q), containsText(eb.ref('products.name'), q)]));
    }
    const [rows, count] = await Promise.all([
      base
        .selectAll('products')
        .orderBy(sql.ref(PRODUCT_SORT[query.sort]), query.order)
        .orderBy('products.id', query.order)
        .limit(query.pageSize)
        .offset(pageOffset(query))
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  },

  // ---- level prices ----
  async levelPricesOf(db: Exec, merchantId: string, productIds: readonly string[]) {
    const rows: LevelPriceRow[] = [];
    for (const part of chunks([...new Set(productIds)], LOOKUP_CHUNK)) {
      rows.push(...(await db.selectFrom('product_level_prices').selectAll().where('merchant_id', '=', merchantId).where('product_id', 'in', part).orderBy('level_id').execute()));
    }
    return groupBy(rows, (r) => r.product_id);
  },
  async replaceLevelPrices(db: Exec, merchantId: string, productId: string, rows: readonly LevelPriceRow[]) {
    await db.deleteFrom('product_level_prices').where('merchant_id', '=', merchantId).where('product_id', '=', productId).execute();
    if (rows.length) await db.insertInto('product_level_prices').values([...rows]).execute();
  },

  // ---- special prices ----
  async specialPricesOf(db: Exec, merchantId: string, productIds: readonly string[]) {
    const rows: SpecialPriceRow[] = [];
    for (const part of chunks([...new Set(productIds)], LOOKUP_CHUNK)) {
      rows.push(
        ...(await db.selectFrom('product_special_prices').selectAll().where('merchant_id', '=', merchantId).where('product_id', 'in', part).orderBy('starts_at').orderBy('id').execute()),
      );
    }
    return groupBy(rows, (r) => r.product_id);
  },
  /** Special prices active at `at` for the store (or for every store). */
  async activeSpecialPrices(db: Exec, merchantId: string, productIds: readonly string[], storeId: string, at: string) {
    const rows: SpecialPriceRow[] = [];
    for (const part of chunks([...new Set(productIds)], LOOKUP_CHUNK)) {
      rows.push(
        ...(await db
          .selectFrom('product_special_prices')
          .selectAll()
          .where('merchant_id', '=', merchantId)
          .where('product_id', 'in', part)
          .where('starts_at', '<=', at)
          .where('ends_at', '>', at)
          .where((eb) => eb.or([eb('store_id', 'is', null), eb('store_id', '=', storeId)]))
          .execute()),
      );
    }
    return groupBy(rows, (r) => r.product_id);
  },
  async replaceSpecialPrices(db: Exec, merchantId: string, productId: string, rows: readonly SpecialPriceRow[]) {
    await db.deleteFrom('product_special_prices').where('merchant_id', '=', merchantId).where('product_id', '=', productId).execute();
    if (rows.length) await db.insertInto('product_special_prices').values([...rows]).execute();
  },

  // ---- package and count card items ----
  async packageItemsOf(db: Exec, merchantId: string, packageIds: readonly string[]) {
    const rows: PackageItemRow[] = [];
    for (const part of chunks([...new Set(packageIds)], LOOKUP_CHUNK)) {
      rows.push(...(await db.selectFrom('product_package_items').selectAll().where('merchant_id', '=', merchantId).where('package_id', 'in', part).orderBy('position').execute()));
    }
    return groupBy(rows, (r) => r.package_id);
  },
  async replacePackageItems(db: Exec, merchantId: string, packageId: string, rows: readonly PackageItemRow[]) {
    await db.deleteFrom('product_package_items').where('merchant_id', '=', merchantId).where('package_id', '=', packageId).execute();
    if (rows.length) await db.insertInto('product_package_items').values([...rows]).execute();
  },
  async countCardItemsOf(db: Exec, merchantId: string, cardIds: readonly string[]) {
    const rows: CountCardItemRow[] = [];
    for (const part of chunks([...new Set(cardIds)], LOOKUP_CHUNK)) {
      rows.push(
        ...(await db.selectFrom('product_count_card_items').selectAll().where('merchant_id', '=', merchantId).where('card_product_id', 'in', part).orderBy('position').execute()),
      );
    }
    return groupBy(rows, (r) => r.card_product_id);
  },
  async replaceCountCardItems(db: Exec, merchantId: string, cardId: string, rows: readonly CountCardItemRow[]) {
    await db.deleteFrom('product_count_card_items').where('merchant_id', '=', merchantId).where('card_product_id', '=', cardId).execute();
    if (rows.length) await db.insertInto('product_count_card_items').values([...rows]).execute();
  },
  /** Whether the product is a line of some package, an item of some count card. */
  usedAsItem: async (db: Exec, merchantId: string, productId: string) => {
    const inPackage = await db.selectFrom('product_package_items').select('package_id').where('merchant_id', '=', merchantId).where('product_id', '=', productId).executeTakeFirst();
    const inCard = await db.selectFrom('product_count_card_items').select('card_product_id').where('merchant_id', '=', merchantId).where('service_product_id', '=', productId).executeTakeFirst();
    return { inPackage: !!inPackage, inCountCard: !!inCard };
  },

  // ---- store settings ----
  async storeSettingsOf(db: Exec, merchantId: string, productIds: readonly string[], storeIds: string[] | null) {
    if (storeIds !== null && storeIds.length === 0) return new Map<string, StoreSettingRow[]>();
    const rows: StoreSettingRow[] = [];
    for (const part of chunks([...new Set(productIds)], LOOKUP_CHUNK)) {
      rows.push(
        ...(await db
          .selectFrom('product_store_settings')
          .selectAll()
          .where('merchant_id', '=', merchantId)
          .where('product_id', 'in', part)
          .$if(storeIds !== null, (q) => q.where('store_id', 'in', storeIds ?? []))
          .orderBy('store_id')
          .execute()),
      );
    }
    return groupBy(rows, (r) => r.product_id);
  },
  findStoreSetting: (db: Exec, merchantId: string, productId: string, storeId: string) =>
    db
      .selectFrom('product_store_settings')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .where('product_id', '=', productId)
      .where('store_id', '=', storeId)
      .executeTakeFirst(),
  async putStoreSetting(db: Exec, row: StoreSettingRow) {
    await db.deleteFrom('product_store_settings').where('merchant_id', '=', row.merchant_id).where('product_id', '=', row.product_id).where('store_id', '=', row.store_id).execute();
    await db.insertInto('product_store_settings').values(row).execute();
  },
  deleteStoreSetting: (db: Exec, merchantId: string, productId: string, storeId: string) =>
    db.deleteFrom('product_store_settings').where('merchant_id', '=', merchantId).where('product_id', '=', productId).where('store_id', '=', storeId).execute(),
};
