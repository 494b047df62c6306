import type { Kysely } from 'kysely';
import { columnTypes } from '../../../db/migration-types';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('orders')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('doc_no', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('till_id', 'text')
    .addColumn('business_day', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text')
    .addColumn('member_name', 'text')
    .addColumn('level_id', 'text')
    .addColumn('subtotal_fen', 'bigint', (c) => c.notNull())
    .addColumn('member_discount_fen', 'bigint', (c) => c.notNull())
    .addColumn('manual_discount_fen', 'bigint', (c) => c.notNull())
    .addColumn('order_discount_fen', 'bigint', (c) => c.notNull())
    .addColumn('coupon_discount_fen', 'bigint', (c) => c.notNull())
    .addColumn('rounding_fen', 'bigint', (c) => c.notNull())
    .addColumn('total_fen', 'bigint', (c) => c.notNull())
    .addColumn('points_earned', 'bigint', (c) => c.notNull())
    .addColumn('order_discount', 'text')
    .addColumn('staff_id', 'text')
    .addColumn('staff_name', 'text', (c) => c.notNull())
    .addColumn('authorized_by_name', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('orders_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('orders_doc_no_uq', ['merchant_id', 'store_id', 'doc_no'])
    .addForeignKeyConstraint('orders_store_fk', ['merchant_id', 'store_id'], 'stores', ['merchant_id', 'id'])
    .addForeignKeyConstraint('orders_member_fk', ['merchant_id', 'member_id'], 'members', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('orders_store_day_ix').on('orders').columns(['merchant_id', 'store_id', 'business_day']).execute();
  await db.schema.createIndex('orders_member_ix').on('orders').columns(['merchant_id', 'member_id', 'created_at']).execute();

  await db.schema
    .createTable('order_lines')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('product_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('product_kind', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('list_unit_fen', 'bigint', (c) => c.notNull())
    .addColumn('unit_price_fen', 'bigint', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('points_eligible_fen', 'bigint', (c) => c.notNull())
    .addColumn('adjustments', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_lines_pk', ['merchant_id', 'order_id', 'seq'])
    .addForeignKeyConstraint('order_lines_order_fk', ['merchant_id', 'order_id'], 'orders', ['merchant_id', 'id'])
    .execute();

  await db.schema
    .createTable('order_payments')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('points', 'bigint', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('received_fen', 'bigint')
    .addColumn('change_fen', 'bigint', (c) => c.notNull())
    .addColumn('principal_fen', 'bigint', (c) => c.notNull())
    .addColumn('bonus_fen', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_payments_pk', ['merchant_id', 'order_id', 'seq'])
    .addForeignKeyConstraint('order_payments_order_fk', ['merchant_id', 'order_id'], 'orders', ['merchant_id', 'id'])
    .execute();

  await db.schema
    .createTable('order_returns')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('doc_no', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('restores_id', 'text')
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('business_day', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text')
    .addColumn('goods_fen', 'bigint', (c) => c.notNull())
    .addColumn('refund_fen', 'bigint', (c) => c.notNull())
    .addColumn('points_returned', 'bigint', (c) => c.notNull())
    .addColumn('points_clawback', 'bigint', (c) => c.notNull())
    .addColumn('shortfall_points', 'bigint', (c) => c.notNull())
    .addColumn('shortfall_fen', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('staff_name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('order_returns_pk', ['merchant_id', 'id'])
    // a void is restored at most once
    .addUniqueConstraint('order_returns_restores_uq', ['merchant_id', 'restores_id'])
    .addUniqueConstraint('order_returns_doc_no_uq', ['merchant_id', 'store_id', 'doc_no'])
    .addForeignKeyConstraint('order_returns_order_fk', ['merchant_id', 'order_id'], 'orders', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('order_returns_order_ix').on('order_returns').columns(['merchant_id', 'order_id']).execute();
  await db.schema.createIndex('order_returns_store_day_ix').on('order_returns').columns(['merchant_id', 'store_id', 'business_day']).execute();

  await db.schema
    .createTable('order_return_lines')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('return_id', 'text', (c) => c.notNull())
    .addColumn('line_seq', 'integer', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_return_lines_pk', ['merchant_id', 'return_id', 'line_seq'])
    .addForeignKeyConstraint('order_return_lines_return_fk', ['merchant_id', 'return_id'], 'order_returns', ['merchant_id', 'id'])
    .execute();

  await db.schema
    .createTable('order_return_payments')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('return_id', 'text', (c) => c.notNull())
    .addColumn('payment_seq', 'integer', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('points', 'bigint', (c) => c.notNull())
    .addColumn('principal_fen', 'bigint', (c) => c.notNull())
    .addColumn('bonus_fen', 'bigint', (c) => c.notNull())
    .addColumn('shortfall_fen', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('order_return_payments_pk', ['merchant_id', 'return_id', 'payment_seq'])
    .addForeignKeyConstraint('order_return_payments_return_fk', ['merchant_id', 'return_id'], 'order_returns', ['merchant_id', 'id'])
    .execute();

  await db.schema
    .createTable('parked_orders')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('till_id', 'text')
    .addColumn('member_id', 'text')
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('cart', 'text', (c) => c.notNull())
    .addColumn('staff_name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('parked_orders_pk', ['merchant_id', 'id'])
    .addForeignKeyConstraint('parked_orders_store_fk', ['merchant_id', 'store_id'], 'stores', ['merchant_id', 'id'])
    .execute();
  await db.schema
    .createTable('timed_sessions')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text')
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('checked_in_at', t.timestamp, (c) => c.notNull())
    .addColumn('checked_out_at', t.timestamp)
    .addColumn('order_id', 'text')
    .addColumn('staff_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('timed_sessions_pk', ['merchant_id', 'id'])
    .addForeignKeyConstraint('timed_sessions_store_fk', ['merchant_id', 'store_id'], 'stores', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('timed_sessions_open_ix').on('timed_sessions').columns(['merchant_id', 'store_id', 'status']).execute();
  await db.schema.createIndex('parked_orders_store_ix').on('parked_orders').columns(['merchant_id', 'store_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['timed_sessions', 'parked_orders', 'order_return_payments', 'order_return_lines', 'order_returns', 'order_payments', 'order_lines', 'orders']) await db.schema.dropTable(table).execute();
}
