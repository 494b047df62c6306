import type { Kysely } from 'kysely';
import { columnTypes } from '../../../db/migration-types';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('staff_levels')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('staff_levels_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('staff_levels_code_uq', ['merchant_id', 'code'])
    .execute();

  await db.schema
    .createTable('roles')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('is_system', 'integer', (c) => c.notNull())
    .addColumn('data_scope', 'text', (c) => c.notNull())
    .addColumn('max_discount_bp', 'integer')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('roles_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('roles_code_uq', ['merchant_id', 'code'])
    .execute();

  await db.schema
    .createTable('role_permissions')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull())
    .addColumn('permission', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('role_permissions_pk', ['merchant_id', 'role_id', 'permission'])
    .addForeignKeyConstraint('role_permissions_role_fk', ['merchant_id', 'role_id'], 'roles', ['merchant_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('role_permissions_perm_idx').on('role_permissions').columns(['merchant_id', 'permission']).execute();

  await db.schema
    .createTable('role_scopes')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('role_scopes_pk', ['merchant_id', 'role_id', 'target_id'])
    .addForeignKeyConstraint('role_scopes_role_fk', ['merchant_id', 'role_id'], 'roles', ['merchant_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('staff')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('staff_level_id', 'text')
    .addColumn('home_store_id', 'text')
    .addColumn('role_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('password_changed_at', t.timestamp, (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull())
    .addColumn('last_login_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('staff_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('staff_username_uq', ['merchant_id', 'username'])
    .addForeignKeyConstraint('staff_role_fk', ['merchant_id', 'role_id'], 'roles', ['merchant_id', 'id'])
    .addForeignKeyConstraint('staff_level_fk', ['merchant_id', 'staff_level_id'], 'staff_levels', ['merchant_id', 'id'])
    .addForeignKeyConstraint('staff_home_store_fk', ['merchant_id', 'home_store_id'], 'stores', ['merchant_id', 'id'])
    .execute();

  await db.schema
    .createTable('staff_stores')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('staff_stores_pk', ['merchant_id', 'staff_id', 'store_id'])
    .addForeignKeyConstraint('staff_stores_staff_fk', ['merchant_id', 'staff_id'], 'staff', ['merchant_id', 'id'])
    .addForeignKeyConstraint('staff_stores_store_fk', ['merchant_id', 'store_id'], 'stores', ['merchant_id', 'id'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('current_store_id', 'text')
    .addColumn('current_till_id', 'text')
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_seen_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addForeignKeyConstraint('sessions_staff_fk', ['merchant_id', 'staff_id'], 'staff', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('sessions_staff_idx').on('sessions').columns(['merchant_id', 'staff_id']).execute();

  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', t.timestamp, (c) => c.notNull())
    .addColumn('locked_until', t.timestamp)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['login_throttle', 'sessions', 'staff_stores', 'staff', 'role_scopes', 'role_permissions', 'roles', 'staff_levels']) {
    await db.schema.dropTable(table).execute();
  }
}
