import { sql, type Kysely, type Transaction } from 'kysely';
import { containsText, pageOffset } from '../db/sql-helpers';
import type { Database } from '../db/schema';
import { newId } from '../kernel/ids';
import type { Actor } from './context';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

const SECRET_FIELDS = /password|token|secret|hash/i;

/** Drops secrets from a summary so the audit log never stores a password hash or token. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.test(k) ? '***' : redact(v)]),
    );
  }
  return value;
}

export async function writeAudit(tx: Transaction<Database>, actor: Actor, at: string, entry: AuditEntry): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      merchant_id: actor.merchantId,
      id: newId(),
      at,
      staff_id: actor.staffId,
      staff_name: actor.staffName,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      summary: JSON.stringify(redact({ before: entry.before, after: entry.after })),
      store_id: actor.storeId,
      till_id: actor.tillId,
      ip: actor.ip,
    })
    .execute();
}

export interface AuditQuery {
  page: number;
  pageSize: number;
  action?: string;
  entityType?: string;
  entityId?: string;
  staffId?: string;
  storeId?: string;
  from?: string;
  to?: string;
  q?: string;
  /** null = all stores; otherwise rows of these stores plus merchant-wide rows written by this staff member */
  storeIds: string[] | null;
  viewerStaffId: string;
}

export async function searchAudit(db: Kysely<Database>, merchantId: string, query: AuditQuery) {
  let base = db.selectFrom('audit_log').where('merchant_id', '=', merchantId);
  if (query.action) base = base.where('action', '=', query.action);
  if (query.entityType) base = base.where('entity_type', '=', query.entityType);
  if (query.entityId) base = base.where('entity_id', '=', query.entityId);
  if (query.staffId) base = base.where('staff_id', '=', query.staffId);
  if (query.storeId) base = base.where('store_id', '=', query.storeId);
  if (query.from) base = base.where('at', '>=', query.from);
  if (query.to) base = base.where('at', '<', query.to);
  if (query.q) {
    const text = query.q;
    base = base.where((eb) =>
      eb.or(['action', 'entity_id', 'staff_name', 'summary'].map((c) => containsText(sql.ref(c), text))),
    );
  }
  const scope = query.storeIds;
  if (scope !== null) {
    base = base.where((eb) =>
      eb.or([
        ...(scope.length ? [eb('store_id', 'in', scope)] : []),
        eb('staff_id', '=', query.viewerStaffId),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.pageSize)
      .offset(pageOffset(query))
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      id: r.id,
      at: r.at,
      staffId: r.staff_id,
      staffName: r.staff_name,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      storeId: r.store_id,
      tillId: r.till_id,
      ip: r.ip,
      summary: JSON.parse(r.summary) as { before?: unknown; after?: unknown },
    })),
  };
}
