import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema';

/** Tables whose rows belong to one merchant (they all carry merchant_id). */
export const TENANT_TABLES = [
  'regions',
  'cities',
  'stores',
  'tills',
  'staff_levels',
  'roles',
  'role_permissions',
  'role_scopes',
  'staff',
  'staff_stores',
  'sessions',
  'audit_log',
  'idempotency_keys',
  'outbox',
  'custom_fields',
  'member_programs',
  'member_levels',
  'card_types',
  'members',
  'member_tags',
  'member_photos',
  'member_cards',
  'member_imports',
  'message_log',
  'sms_codes',
  'doc_counters',
  'ledger_accounts',
  'ledger_txns',
  'ledger_entries',
  'ledger_lots',
  'ledger_lot_moves',
  'topup_rules',
  'topups',
  'topup_installments',
  'wallet_transfers',
  'card_refunds',
  'card_annual_fees',
  'points_imports',
  'orders',
  'order_lines',
  'order_payments',
  'order_returns',
  'order_return_lines',
  'order_return_payments',
  'parked_orders',
  'timed_sessions',
  'product_categories',
  'products',
  'product_level_prices',
  'product_special_prices',
  'product_package_items',
  'product_count_card_items',
  'product_store_settings',
  'gift_categories',
  'gifts',
  'gift_redemptions',
  'coupon_templates',
  'coupons',
  'coupon_uses',
  'coupon_rules',
] as const satisfies readonly (keyof Database)[];

type TenantTable = (typeof TENANT_TABLES)[number];

/** Every row a merchant owns, table by table, in a stable order: compare before/after with toEqual. */
export async function merchantSnapshot(db: Kysely<Database>, merchantId: string) {
  const out: Record<string, unknown> = {
    merchants: await db.selectFrom('merchants').selectAll().where('id', '=', merchantId).execute(),
  };
  for (const table of TENANT_TABLES) {
    const rows = await db
      .selectFrom(table as 'regions')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .execute();
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/** Row counts of the given tables, optionally for one merchant. */
export async function countRows(db: Kysely<Database>, tables: readonly TenantTable[], merchantId?: string) {
  const out: Record<string, number> = {};
  for (const table of tables) {
    const row = await db
      .selectFrom(table as 'regions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .$if(merchantId !== undefined, (q) => q.where('merchant_id', '=', merchantId ?? ''))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}
