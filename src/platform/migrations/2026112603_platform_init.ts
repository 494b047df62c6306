import type { Kysely } from 'kysely';
import { columnTypes } from '../../db/migration-types';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('audit_log')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('staff_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text')
    .addColumn('till_id', 'text')
    .addColumn('ip', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_log_pk', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['merchant_id', 'entity_type', 'entity_id']).execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['merchant_id', 'at']).execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('completed_at', t.timestamp)
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['merchant_id', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_created_idx').on('idempotency_keys').column('created_at').execute();

  await db.schema
    .createTable('outbox')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', t.timestamp, (c) => c.notNull())
    .addColumn('lease_until', t.timestamp)
    .addColumn('last_error', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('sent_at', t.timestamp)
    .addPrimaryKeyConstraint('outbox_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('outbox_dedupe_uq', ['merchant_id', 'dedupe_key'])
    .execute();
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('job_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_name', 'text', (c) => c.notNull())
    .addColumn('run_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', t.timestamp, (c) => c.notNull())
    .addColumn('finished_at', t.timestamp)
    .addColumn('error', 'text')
    .addUniqueConstraint('job_runs_once_uq', ['job_name', 'run_key'])
    .execute();
  await db.schema.createIndex('job_runs_started_idx').on('job_runs').column('started_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['job_runs', 'outbox', 'idempotency_keys', 'audit_log']) {
    await db.schema.dropTable(table).execute();
  }
}
