import type { Kysely } from 'kysely';
import { columnTypes } from '../../../db/migration-types';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('product_categories')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('product_categories_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('product_categories_code_uq', ['merchant_id', 'code'])
    .addForeignKeyConstraint('product_categories_parent_fk', ['merchant_id', 'parent_id'], 'product_categories', ['merchant_id', 'id'])
    .execute();

  await db.schema
    .createTable('products')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('barcode', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('list_price_fen', 'bigint', (c) => c.notNull())
    .addColumn('member_discount_allowed', 'integer', (c) => c.notNull())
    .addColumn('points_mode', 'text', (c) => c.notNull())
    .addColumn('points_rate_bp', 'integer')
    .addColumn('points_price', 'bigint')
    .addColumn('commission_rate_bp', 'integer')
    .addColumn('commission_fixed_fen', 'bigint')
    .addColumn('stock_tracked', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('custom_fields', 'text', (c) => c.notNull())
    .addColumn('time_rate_per_hour_fen', 'bigint')
    .addColumn('time_unit_minutes', 'integer')
    .addColumn('time_grace_minutes', 'integer')
    .addColumn('time_cap_fen', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('products_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('products_code_uq', ['merchant_id', 'code'])
    // NULLs are distinct in a unique key on both databases: many products may have no barcode
    .addUniqueConstraint('products_barcode_uq', ['merchant_id', 'barcode'])
    .addForeignKeyConstraint('products_category_fk', ['merchant_id', 'category_id'], 'product_categories', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('products_category_idx').on('products').columns(['merchant_id', 'category_id']).execute();
  await db.schema.createIndex('products_name_idx').on('products').columns(['merchant_id', 'name']).execute();

  await db.schema
    .createTable('product_level_prices')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('level_id', 'text', (c) => c.notNull())
    .addColumn('price_fen', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('product_level_prices_pk', ['merchant_id', 'product_id', 'level_id'])
    .addForeignKeyConstraint('product_level_prices_product_fk', ['merchant_id', 'product_id'], 'products', ['merchant_id', 'id'])
    .execute();

  await db.schema
    .createTable('product_special_prices')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('price_fen', 'bigint', (c) => c.notNull())
    .addColumn('starts_at', t.timestamp, (c) => c.notNull())
    .addColumn('ends_at', t.timestamp, (c) => c.notNull())
    .addColumn('store_id', 'text')
    .addPrimaryKeyConstraint('product_special_prices_pk', ['merchant_id', 'id'])
    .addForeignKeyConstraint('product_special_prices_product_fk', ['merchant_id', 'product_id'], 'products', ['merchant_id', 'id'])
    .addForeignKeyConstraint('product_special_prices_store_fk', ['merchant_id', 'store_id'], 'stores', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('product_special_prices_product_idx').on('product_special_prices').columns(['merchant_id', 'product_id', 'starts_at']).execute();

  await db.schema
    .createTable('product_package_items')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('package_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('product_package_items_pk', ['merchant_id', 'package_id', 'product_id'])
    .addForeignKeyConstraint('product_package_items_package_fk', ['merchant_id', 'package_id'], 'products', ['merchant_id', 'id'])
    .addForeignKeyConstraint('product_package_items_product_fk', ['merchant_id', 'product_id'], 'products', ['merchant_id', 'id'])
    .execute();

  await db.schema
    .createTable('product_count_card_items')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('card_product_id', 'text', (c) => c.notNull())
    .addColumn('service_product_id', 'text', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull())
    .addColumn('validity_days', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('product_count_card_items_pk', ['merchant_id', 'card_product_id', 'service_product_id'])
    .addForeignKeyConstraint('product_count_card_items_card_fk', ['merchant_id', 'card_product_id'], 'products', ['merchant_id', 'id'])
    .addForeignKeyConstraint('product_count_card_items_service_fk', ['merchant_id', 'service_product_id'], 'products', ['merchant_id', 'id'])
    .execute();

  await db.schema
    .createTable('product_store_settings')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('available', 'integer', (c) => c.notNull())
    .addColumn('price_fen', 'bigint')
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('product_store_settings_pk', ['merchant_id', 'product_id', 'store_id'])
    .addForeignKeyConstraint('product_store_settings_product_fk', ['merchant_id', 'product_id'], 'products', ['merchant_id', 'id'])
    .addForeignKeyConstraint('product_store_settings_store_fk', ['merchant_id', 'store_id'], 'stores', ['merchant_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['product_store_settings', 'product_count_card_items', 'product_package_items', 'product_special_prices', 'product_level_prices', 'products', 'product_categories']) {
    await db.schema.dropTable(table).execute();
  }
}
