import type { Kysely } from 'kysely';
import { columnTypes } from '../../../db/migration-types';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('message_log')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_message_id', 'text')
    .addColumn('outbox_id', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('sent_at', t.timestamp)
    .addPrimaryKeyConstraint('message_log_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('message_log_outbox_uq', ['merchant_id', 'outbox_id'])
    .execute();
  await db.schema.createIndex('message_log_created_idx').on('message_log').columns(['merchant_id', 'created_at']).execute();
  await db.schema.createIndex('message_log_recipient_idx').on('message_log').columns(['merchant_id', 'recipient', 'created_at']).execute();

  await db.schema
    .createTable('sms_codes')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('used_at', t.timestamp)
    .addColumn('requested_ip', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('sms_codes_pk', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('sms_codes_phone_idx').on('sms_codes').columns(['merchant_id', 'phone', 'purpose', 'created_at']).execute();
  await db.schema.createIndex('sms_codes_ip_idx').on('sms_codes').columns(['merchant_id', 'requested_ip', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['sms_codes', 'message_log']) {
    await db.schema.dropTable(table).execute();
  }
}
