import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../../../db/migration-types';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  const tenant = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
      .addColumn('id', 'text', (c) => c.notNull());

  await tenant('ledger_accounts')
    .addColumn('asset', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('balance', 'bigint', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_accounts_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('ledger_accounts_code_uq', ['merchant_id', 'asset', 'code'])
    .addForeignKeyConstraint('ledger_accounts_member_fk', ['merchant_id', 'member_id'], 'members', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('ledger_accounts_member_ix').on('ledger_accounts').columns(['merchant_id', 'member_id']).execute();

  await tenant('ledger_txns')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('doc_id', 'text', (c) => c.notNull())
    .addColumn('doc_no', 'text')
    .addColumn('store_id', 'text')
    .addColumn('member_id', 'text')
    .addColumn('staff_id', 'text')
    .addColumn('staff_name', 'text', (c) => c.notNull())
    .addColumn('memo', 'text', (c) => c.notNull())
    .addColumn('reverses_id', 'text')
    .addColumn('business_day', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_txns_pk', ['merchant_id', 'id'])
    // one posting of each kind per document, and one reversal per transaction: a retried or raced request cannot post twice
    .addUniqueConstraint('ledger_txns_doc_uq', ['merchant_id', 'doc_type', 'doc_id', 'kind'])
    .addUniqueConstraint('ledger_txns_reverses_uq', ['merchant_id', 'reverses_id'])
    .addForeignKeyConstraint('ledger_txns_reverses_fk', ['merchant_id', 'reverses_id'], 'ledger_txns', ['merchant_id', 'id'])
    .execute();

  await tenant('ledger_entries')
    .addColumn('txn_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('asset', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('balance_after', 'bigint')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_entries_pk', ['merchant_id', 'id'])
    .addForeignKeyConstraint('ledger_entries_txn_fk', ['merchant_id', 'txn_id'], 'ledger_txns', ['merchant_id', 'id'])
    .addForeignKeyConstraint('ledger_entries_account_fk', ['merchant_id', 'account_id'], 'ledger_accounts', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('ledger_entries_txn_ix').on('ledger_entries').columns(['merchant_id', 'txn_id']).execute();
  await db.schema.createIndex('ledger_entries_member_ix').on('ledger_entries').columns(['merchant_id', 'member_id', 'created_at']).execute();
  await db.schema.createIndex('ledger_entries_account_ix').on('ledger_entries').columns(['merchant_id', 'account_id', 'created_at']).execute();

  await tenant('ledger_lots')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('original', 'bigint', (c) => c.notNull())
    .addColumn('remaining', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_lots_pk', ['merchant_id', 'id'])
    .addForeignKeyConstraint('ledger_lots_account_fk', ['merchant_id', 'account_id'], 'ledger_accounts', ['merchant_id', 'id'])
    .addForeignKeyConstraint('ledger_lots_entry_fk', ['merchant_id', 'entry_id'], 'ledger_entries', ['merchant_id', 'id'])
    .addCheckConstraint('ledger_lots_remaining_ck', sql`remaining >= 0 and remaining <= original`)
    .execute();
  await db.schema.createIndex('ledger_lots_account_ix').on('ledger_lots').columns(['merchant_id', 'account_id', 'remaining']).execute();
  await db.schema.createIndex('ledger_lots_expiry_ix').on('ledger_lots').columns(['expires_at']).execute();

  await db.schema
    .createTable('ledger_lot_moves')
    .addColumn('merchant_id', 'text', (c) => c.notNull().references('merchants.id'))
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('lot_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_lot_moves_pk', ['merchant_id', 'entry_id', 'lot_id'])
    .addForeignKeyConstraint('ledger_lot_moves_entry_fk', ['merchant_id', 'entry_id'], 'ledger_entries', ['merchant_id', 'id'])
    .addForeignKeyConstraint('ledger_lot_moves_lot_fk', ['merchant_id', 'lot_id'], 'ledger_lots', ['merchant_id', 'id'])
    .execute();

  await tenant('topup_rules')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text')
    .addColumn('starts_on', 'text')
    .addColumn('ends_on', 'text')
    .addColumn('tiers', 'text', (c) => c.notNull())
    .addColumn('per_every', 'integer', (c) => c.notNull())
    .addColumn('installment_months', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('topup_rules_pk', ['merchant_id', 'id'])
    .addForeignKeyConstraint('topup_rules_store_fk', ['merchant_id', 'store_id'], 'stores', ['merchant_id', 'id'])
    .execute();

  await tenant('topups')
    .addColumn('doc_no', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('store_name', 'text', (c) => c.notNull())
    .addColumn('till_id', 'text')
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('member_name', 'text', (c) => c.notNull())
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('card_no', 'text', (c) => c.notNull())
    .addColumn('principal_fen', 'bigint', (c) => c.notNull())
    .addColumn('bonus_fen', 'bigint', (c) => c.notNull())
    .addColumn('points', 'bigint', (c) => c.notNull())
    .addColumn('rule_id', 'text')
    .addColumn('rule_name', 'text', (c) => c.notNull())
    .addColumn('installment_months', 'integer')
    .addColumn('tenders', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('business_day', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_by_name', 'text')
    .addColumn('approved_at', t.timestamp)
    .addColumn('closed_reason', 'text', (c) => c.notNull())
    .addColumn('closed_by', 'text')
    .addColumn('closed_at', t.timestamp)
    .addColumn('txn_id', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('topups_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('topups_doc_no_uq', ['merchant_id', 'store_id', 'doc_no'])
    .addForeignKeyConstraint('topups_store_fk', ['merchant_id', 'store_id'], 'stores', ['merchant_id', 'id'])
    .addForeignKeyConstraint('topups_member_fk', ['merchant_id', 'member_id'], 'members', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('topups_store_day_ix').on('topups').columns(['merchant_id', 'store_id', 'business_day']).execute();
  await db.schema.createIndex('topups_member_ix').on('topups').columns(['merchant_id', 'member_id', 'created_at']).execute();
  await db.schema.createIndex('topups_status_ix').on('topups').columns(['merchant_id', 'status', 'created_at']).execute();

  await tenant('topup_installments')
    .addColumn('topup_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('txn_id', 'text')
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('topup_installments_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('topup_installments_seq_uq', ['merchant_id', 'topup_id', 'seq'])
    .addForeignKeyConstraint('topup_installments_topup_fk', ['merchant_id', 'topup_id'], 'topups', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('topup_installments_due_ix').on('topup_installments').columns(['status', 'due_on']).execute();

  await tenant('wallet_transfers')
    .addColumn('doc_no', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('from_member_id', 'text', (c) => c.notNull())
    .addColumn('to_member_id', 'text', (c) => c.notNull())
    .addColumn('principal_fen', 'bigint', (c) => c.notNull())
    .addColumn('bonus_fen', 'bigint', (c) => c.notNull())
    .addColumn('points', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('txn_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('wallet_transfers_pk', ['merchant_id', 'id'])
    .addForeignKeyConstraint('wallet_transfers_from_fk', ['merchant_id', 'from_member_id'], 'members', ['merchant_id', 'id'])
    .addForeignKeyConstraint('wallet_transfers_to_fk', ['merchant_id', 'to_member_id'], 'members', ['merchant_id', 'id'])
    .execute();

  await tenant('card_refunds')
    .addColumn('doc_no', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('refund_fen', 'bigint', (c) => c.notNull())
    .addColumn('forfeited_bonus_fen', 'bigint', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('txn_id', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('card_refunds_pk', ['merchant_id', 'id'])
    .addForeignKeyConstraint('card_refunds_member_fk', ['merchant_id', 'member_id'], 'members', ['merchant_id', 'id'])
    .execute();

  await tenant('card_annual_fees')
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('card_id', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('paid_via', 'text')
    .addColumn('txn_id', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('card_annual_fees_pk', ['merchant_id', 'id'])
    .addUniqueConstraint('card_annual_fees_due_uq', ['merchant_id', 'card_id', 'due_on'])
    .addForeignKeyConstraint('card_annual_fees_member_fk', ['merchant_id', 'member_id'], 'members', ['merchant_id', 'id'])
    .execute();
  await db.schema.createIndex('card_annual_fees_member_ix').on('card_annual_fees').columns(['merchant_id', 'member_id', 'status']).execute();

  await tenant('points_imports')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('total_rows', 'integer', (c) => c.notNull())
    .addColumn('total_points', 'bigint', (c) => c.notNull())
    .addColumn('txn_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('points_imports_pk', ['merchant_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['points_imports', 'card_annual_fees', 'card_refunds', 'wallet_transfers', 'topup_installments', 'topups', 'topup_rules', 'ledger_lot_moves', 'ledger_lots', 'ledger_entries', 'ledger_txns', 'ledger_accounts']) {
    await db.schema.dropTable(table).execute();
  }
}
