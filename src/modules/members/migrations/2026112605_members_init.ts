import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../../../db/migration-types';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('member_programs')
    .addColumn('merchant_id', 'text', (c) => c.primaryKey().references('merchants.id'))
    .addColumn('level_basis', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('member_levels')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('discount_bp', 'integer', (c) => c.notNull())
    .addColumn('points_multiplier_bp', 'integer', (c) => c.notNull())
    .addColumn('upgrade_threshold', 'bigint', (c) => c.notNull())
    .addColumn('keep_threshold_fen', 'bigint')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('member_levels_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('member_levels_code_uq', ['merchant_id', 'code'])
    .execute();

  await db.schema
    .createTable('card_types')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('validity_kind', 'text', (c) => c.notNull())
    .addColumn('validity_days', 'integer')
    .addColumn('card_fee_fen', 'bigint', (c) => c.notNull())
    .addColumn('opening_fee_fen', 'bigint', (c) => c.notNull())
    .addColumn('annual_fee_fen', 'bigint', (c) => c.notNull())
    .addColumn('annual_fee_mode', 'text', (c) => c.notNull())
    .addColumn('starting_level_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('card_types_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('card_types_code_uq', ['merchant_id', 'code'])
    .addForeignKeyConstraint('card_types_level_fk', ['merchant_id', 'starting_level_id'], 'member_levels', ['merchant_id', 'id'])
    .execute();

  await db.schema
    .createTable('members')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('phone_last4', 'text')
    .addColumn('gender', 'text', (c) => c.notNull())
    .addColumn('birthday', 'text')
    .addColumn('birth_md', 'text')
    .addColumn('id_number', 'text')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('referrer_id', 'text')
    .addColumn('home_store_id', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('level_id', 'text')
    .addColumn('manual_level_id', 'text')
    .addColumn('lifetime_spend_fen', 'bigint', (c) => c.notNull())
    .addColumn('lifetime_points', 'bigint', (c) => c.notNull())
    .addColumn('lifetime_topup_fen', 'bigint', (c) => c.notNull())
    .addColumn('last_visit_at', t.timestamp)
    .addColumn('custom_fields', 'text', (c) => c.notNull())
    .addColumn('has_photo', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('members_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('members_phone_uq', ['merchant_id', 'phone'])
    .addForeignKeyConstraint('members_store_fk', ['merchant_id', 'home_store_id'], 'stores', ['merchant_id', 'id'])
    .addForeignKeyConstraint('members_level_fk', ['merchant_id', 'level_id'], 'member_levels', ['merchant_id', 'id'])
    .addForeignKeyConstraint('members_manual_level_fk', ['merchant_id', 'manual_level_id'], 'member_levels', ['merchant_id', 'id'])
    .addForeignKeyConstraint('members_referrer_fk', ['merchant_id', 'referrer_id'], 'members', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('members_last4_idx').on('members').columns(['merchant_id', 'phone_last4']).execute();
  await db.schema.createIndex('members_store_idx').on('members').columns(['merchant_id', 'home_store_id', 'created_at']).execute();
  await db.schema.createIndex('members_birth_idx').on('members').columns(['merchant_id', 'birth_md']).execute();
  await db.schema.createIndex('members_name_idx').on('members').columns(['merchant_id', 'name']).execute();

  await db.schema
    .createTable('member_tags')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('member_tags_pk', ['merchant_id', 'member_id', 'tag'])
    .addForeignKeyConstraint('member_tags_member_fk', ['merchant_id', 'member_id'], 'members', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('member_tags_tag_idx').on('member_tags').columns(['merchant_id', 'tag']).execute();

  await db.schema
    .createTable('member_photos')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('data', t.binary, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('member_photos_pk', ['merchant_id', 'member_id'])
    .addForeignKeyConstraint('member_photos_member_fk', ['merchant_id', 'member_id'], 'members', ['merchant_id', 'id'])
    .execute();

  await db.schema
    .createTable('member_cards')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('card_no', 'text', (c) => c.notNull())
    .addColumn('card_type_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('issued_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp)
    .addColumn('replaced_by_id', 'text')
    .addColumn('status_reason', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('member_cards_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('member_cards_no_uq', ['merchant_id', 'card_no'])
    .addForeignKeyConstraint('member_cards_member_fk', ['merchant_id', 'member_id'], 'members', ['merchant_id', 'id'])
    .addForeignKeyConstraint('member_cards_type_fk', ['merchant_id', 'card_type_id'], 'card_types', ['merchant_id', 'id'])
    .execute();
  // one live card per member, enforced by the database against two tills issuing at once
  await db.schema
    .createIndex('member_cards_live_uq')
    .on('member_cards')
    .columns(['merchant_id', 'member_id'])
    .unique()
    .where(sql.ref('status'), 'in', ['active', 'lost', 'frozen', 'expired'])
    .execute();
  await db.schema.createIndex('member_cards_expiry_idx').on('member_cards').columns(['status', 'expires_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['member_cards', 'member_photos', 'member_tags', 'members', 'card_types', 'member_levels', 'member_programs']) {
    await db.schema.dropTable(table).execute();
  }
}
