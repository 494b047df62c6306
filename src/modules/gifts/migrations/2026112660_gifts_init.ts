import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../../../db/migration-types';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('gift_categories')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('gift_categories_pk', ['merchant_id', 'id'])
    .execute();

  await db.schema
    .createTable('gifts')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('points_price', 'bigint', (c) => c.notNull())
    .addColumn('stock', 'bigint')
    .addColumn('value_fen', 'bigint')
    .addColumn('service_product_id', 'text')
    .addColumn('uses', 'integer')
    .addColumn('validity_days', 'integer')
    .addColumn('coupon_template_id', 'text')
    .addColumn('coupon_quantity', 'integer')
    .addColumn('store_ids', 'text')
    .addColumn('level_ids', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('gifts_pk', ['merchant_id', 'id'])
    .addCheckConstraint('gifts_points_price_ck', sql`points_price > 0`)
    // the last line of defence against overselling: a redemption decrements only while stock >= quantity
    .addCheckConstraint('gifts_stock_ck', sql`stock is null or stock >= 0`)
    .addForeignKeyConstraint('gifts_category_fk', ['merchant_id', 'category_id'], 'gift_categories', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('gifts_category_idx').on('gifts').columns(['merchant_id', 'category_id']).execute();
  await db.schema.createIndex('gifts_status_idx').on('gifts').columns(['merchant_id', 'status', 'points_price']).execute();

  await db.schema
    .createTable('gift_redemptions')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('doc_no', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('business_day', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('member_name', 'text', (c) => c.notNull())
    .addColumn('gift_id', 'text', (c) => c.notNull())
    .addColumn('gift_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('points', 'bigint', (c) => c.notNull())
    .addColumn('value_fen', 'bigint', (c) => c.notNull())
    .addColumn('uses', 'bigint', (c) => c.notNull())
    .addColumn('coupons', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('void_reason', 'text', (c) => c.notNull())
    .addColumn('voided_at', t.timestamp)
    .addColumn('voided_by_name', 'text')
    .addColumn('staff_id', 'text')
    .addColumn('staff_name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('gift_redemptions_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('gift_redemptions_doc_uq', ['merchant_id', 'store_id', 'doc_no'])
    .addForeignKeyConstraint('gift_redemptions_gift_fk', ['merchant_id', 'gift_id'], 'gifts', ['merchant_id', 'id'])
    .addForeignKeyConstraint('gift_redemptions_store_fk', ['merchant_id', 'store_id'], 'stores', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('gift_redemptions_store_day_idx').on('gift_redemptions').columns(['merchant_id', 'store_id', 'business_day']).execute();
  await db.schema.createIndex('gift_redemptions_member_idx').on('gift_redemptions').columns(['merchant_id', 'member_id', 'created_at']).execute();
  await db.schema.createIndex('gift_redemptions_gift_idx').on('gift_redemptions').columns(['merchant_id', 'gift_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['gift_redemptions', 'gifts', 'gift_categories']) {
    await db.schema.dropTable(table).execute();
  }
}
