import type { Kysely } from 'kysely';
import { columnTypes } from '../../../db/migration-types';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('coupon_templates')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value_fen', 'bigint', (c) => c.notNull())
    .addColumn('rate_bp', 'integer')
    .addColumn('max_off_fen', 'bigint')
    .addColumn('min_spend_fen', 'bigint', (c) => c.notNull())
    .addColumn('validity_kind', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('valid_days', 'integer')
    .addColumn('weekdays', 'text')
    .addColumn('from_minute', 'integer')
    .addColumn('to_minute', 'integer')
    .addColumn('product_scope', 'text', (c) => c.notNull())
    .addColumn('scope_ids', 'text', (c) => c.notNull())
    .addColumn('store_ids', 'text')
    .addColumn('level_ids', 'text')
    .addColumn('per_member_limit', 'integer')
    .addColumn('total_quantity', 'integer')
    .addColumn('issued_count', 'integer', (c) => c.notNull())
    .addColumn('stackable', 'integer', (c) => c.notNull())
    .addColumn('cost_bearer', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('coupon_templates_pk', ['merchant_id', 'id'])
    .execute();

  await db.schema
    .createTable('coupons')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('source_kind', 'text')
    .addColumn('source_id', 'text')
    .addColumn('issue_key', 'text')
    .addColumn('issued_store_id', 'text')
    .addColumn('issued_at', t.timestamp, (c) => c.notNull())
    .addColumn('valid_from', t.timestamp, (c) => c.notNull())
    .addColumn('valid_to', t.timestamp, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('used_at', t.timestamp)
    .addColumn('used_order_id', 'text')
    .addColumn('used_store_id', 'text')
    .addColumn('voided_at', t.timestamp)
    .addPrimaryKeyConstraint('coupons_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('coupons_code_uq', ['merchant_id', 'code'])
    .addUniqueConstraint('coupons_issue_key_uq', ['merchant_id', 'issue_key'])
    .addForeignKeyConstraint('coupons_template_fk', ['merchant_id', 'template_id'], 'coupon_templates', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('coupons_member_idx').on('coupons').columns(['merchant_id', 'member_id', 'status']).execute();
  await db.schema.createIndex('coupons_template_idx').on('coupons').columns(['merchant_id', 'template_id', 'issued_at']).execute();
  await db.schema.createIndex('coupons_source_idx').on('coupons').columns(['merchant_id', 'source_kind', 'source_id']).execute();

  await db.schema
    .createTable('coupon_uses')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('coupon_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('business_day', 'text', (c) => c.notNull())
    .addColumn('discount_fen', 'bigint', (c) => c.notNull())
    .addColumn('used_at', t.timestamp, (c) => c.notNull())
    .addColumn('released_at', t.timestamp)
    .addColumn('released_by_id', 'text')
    .addPrimaryKeyConstraint('coupon_uses_pk', ['merchant_id', 'id'])
    .addForeignKeyConstraint('coupon_uses_coupon_fk', ['merchant_id', 'coupon_id'], 'coupons', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('coupon_uses_order_idx').on('coupon_uses').columns(['merchant_id', 'order_id']).execute();
  await db.schema.createIndex('coupon_uses_coupon_idx').on('coupon_uses').columns(['merchant_id', 'coupon_id']).execute();
  await db.schema.createIndex('coupon_uses_day_idx').on('coupon_uses').columns(['merchant_id', 'business_day']).execute();

  await db.schema
    .createTable('coupon_rules')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('min_spend_fen', 'bigint', (c) => c.notNull())
    .addColumn('store_ids', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('coupon_rules_pk', ['merchant_id', 'id'])
    .addForeignKeyConstraint('coupon_rules_template_fk', ['merchant_id', 'template_id'], 'coupon_templates', ['merchant_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['coupon_rules', 'coupon_uses', 'coupons', 'coupon_templates']) await db.schema.dropTable(table).execute();
}
