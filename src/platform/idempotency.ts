import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { AppError } from '../kernel/errors';
import { PlatformErrors } from './platform.errors';

/** A request still marked running after this long is taken to have died with its server. */
const STALE_AFTER_MS = 5 * 60 * 1000;

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: unknown };

export function requestHash(parts: { method: string; url: string; staffId: string; body: unknown }): string {
  const hash = createHash('sha256').update(`${parts.method} ${parts.url} ${parts.staffId}\n`);
  // an uploaded file is hashed as its bytes, not walked as an object of a million indices
  return (Buffer.isBuffer(parts.body) ? hash.update(parts.body) : hash.update(canonicalJson(parts.body))).digest('hex');
}

/** JSON with sorted keys, so the same body always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Marks the key as running (committed at once, so a concurrent duplicate sees it), or tells
 * the caller to replay the stored response. Same key + different request → 422; running → 409.
 */
export async function claimKey(db: Kysely<Database>, merchantId: string, key: string, hash: string, now: Date): Promise<Claim> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      merchant_id: merchantId,
      key,
      request_hash: hash,
      status: 'running',
      response_status: null,
      response_body: null,
      created_at: now.toISOString(),
      completed_at: null,
    })
    .onConflict((oc) => oc.columns(['merchant_id', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { kind: 'claimed' };

  const row = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return claimKey(db, merchantId, key, hash, now); // released in between
  if (row.request_hash !== hash) throw new AppError(PlatformErrors.IDEMPOTENCY_KEY_REUSED, { field: 'Idempotency-Key' });
  if (row.status === 'done') {
    return { kind: 'replay', status: row.response_status ?? 200, body: row.response_body === null ? null : JSON.parse(row.response_body) };
  }
  const age = now.getTime() - new Date(row.created_at).getTime();
  if (age > STALE_AFTER_MS) {
    const taken = await db
      .updateTable('idempotency_keys')
      .set({ created_at: now.toISOString() })
      .where('merchant_id', '=', merchantId)
      .where('key', '=', key)
      .where('status', '=', 'running')
      .where('created_at', '=', row.created_at)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 1) return { kind: 'claimed' };
  }
  throw new AppError(PlatformErrors.IDEMPOTENCY_REQUEST_IN_PROGRESS, { field: 'Idempotency-Key' });
}

/** Stores the response inside the business transaction: it commits exactly when the write does. */
export async function completeKey(
  tx: Transaction<Database>,
  merchantId: string,
  key: string,
  response: { status: number; body: unknown },
  now: Date,
): Promise<void> {
  await tx
    .updateTable('idempotency_keys')
    .set({
      status: 'done',
      response_status: response.status,
      response_body: JSON.stringify(response.body ?? null),
      completed_at: now.toISOString(),
    })
    .where('merchant_id', '=', merchantId)
    .where('key', '=', key)
    .execute();
}

/** Frees a key whose request failed, so the client may retry it. */
export async function releaseKey(db: Kysely<Database>, merchantId: string, key: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('merchant_id', '=', merchantId)
    .where('key', '=', key)
    .where('status', '=', 'running')
    .execute();
}

export async function purgeKeys(db: Kysely<Database>, olderThan: Date): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', olderThan.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
