import type { Kysely } from 'kysely';
import { columnTypes } from '../../../db/migration-types';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('merchants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('regions')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('regions_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('regions_code_uq', ['merchant_id', 'code'])
    .execute();

  await db.schema
    .createTable('cities')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('region_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('cities_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('cities_code_uq', ['merchant_id', 'code'])
    .addForeignKeyConstraint('cities_region_fk', ['merchant_id', 'region_id'], 'regions', ['merchant_id', 'id'])
    .execute();

  await db.schema
    .createTable('stores')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('region_id', 'text')
    .addColumn('city_id', 'text')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('opened_on', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('business_day_cutoff_minutes', 'integer', (c) => c.notNull())
    .addColumn('discount_bp', 'integer')
    .addColumn('points_ratio_bp', 'integer', (c) => c.notNull())
    .addColumn('topup_approval_threshold_fen', 'bigint', (c) => c.notNull())
    .addColumn('topup_daily_quota_fen', 'bigint')
    .addColumn('topup_monthly_quota_fen', 'bigint')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('stores_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('stores_code_uq', ['merchant_id', 'code'])
    .addForeignKeyConstraint('stores_region_fk', ['merchant_id', 'region_id'], 'regions', ['merchant_id', 'id'])
    .addForeignKeyConstraint('stores_city_fk', ['merchant_id', 'city_id'], 'cities', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('stores_region_idx').on('stores').columns(['merchant_id', 'region_id']).execute();

  await db.schema
    .createTable('tills')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('tills_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('tills_code_uq', ['merchant_id', 'store_id', 'code'])
    .addForeignKeyConstraint('tills_store_fk', ['merchant_id', 'store_id'], 'stores', ['merchant_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['tills', 'stores', 'cities', 'regions', 'merchants']) {
    await db.schema.dropTable(table).execute();
  }
}
