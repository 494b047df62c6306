import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * The next printed number of a document at a store on a business day: `20261126-0001`.
 * The counter row is also the per-store lock of that document type for the rest of the
 * transaction, which quota checks rely on (two tills cannot both pass a daily cap).
 */
export async function nextDocNo(tx: Kysely<Database>, merchantId: string, storeId: string, docType: string, businessDay: string): Promise<string> {
  const row = await tx
    .insertInto('doc_counters')
    .values({ merchant_id: merchantId, store_id: storeId, doc_type: docType, business_day: businessDay, last_no: 1 })
    .onConflict((oc) => oc.columns(['merchant_id', 'store_id', 'doc_type', 'business_day']).doUpdateSet((eb) => ({ last_no: eb('doc_counters.last_no', '+', 1) })))
    .returning('last_no')
    .executeTakeFirstOrThrow();
  return `${businessDay.replaceAll('-', '')}-${String(row.last_no).padStart(4, '0')}`;
}
