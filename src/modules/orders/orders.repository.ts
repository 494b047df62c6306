import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema';
import type { OrderKind, OrderLinesTable, OrderPaymentsTable, ParkedOrdersTable, TimedSessionsTable, OrderReturnLinesTable, OrderReturnPaymentsTable, OrderReturnsTable, OrdersTable } from './orders.tables';
import { isPostgres, pageOffset, type Page } from '../../db/sql-helpers';

type Exec = Kysely<Database>;
export type OrderRow = Selectable<OrdersTable>;
export type OrderLineRow = Selectable<OrderLinesTable>;
export type OrderPaymentRow = Selectable<OrderPaymentsTable>;
export type OrderReturnRow = Selectable<OrderReturnsTable>;

/** The only SQL over orders, their lines and payments. */
export const ordersRepository = {
  async insertOrder(db: Exec, order: Insertable<OrdersTable>, lines: Insertable<OrderLinesTable>[], payments: Insertable<OrderPaymentsTable>[]) {
    await db.insertInto('orders').values(order).execute();
    if (lines.length) await db.insertInto('order_lines').values(lines).execute();
    if (payments.length) await db.insertInto('order_payments').values(payments).execute();
  },
  findOrder: (db: Exec, merchantId: string, id: string) => db.selectFrom('orders').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  linesOf: (db: Exec, merchantId: string, orderId: string) => db.selectFrom('order_lines').selectAll().where('merchant_id', '=', merchantId).where('order_id', '=', orderId).orderBy('seq').execute(),
  paymentsOf: (db: Exec, merchantId: string, orderId: string) => db.selectFrom('order_payments').selectAll().where('merchant_id', '=', merchantId).where('order_id', '=', orderId).orderBy('seq').execute(),
  returnsOf: (db: Exec, merchantId: string, orderId: string) =>
    db.selectFrom('order_returns').selectAll().where('merchant_id', '=', merchantId).where('order_id', '=', orderId).orderBy('created_at').orderBy('id').execute(),
  returnLinesOf: (db: Exec, merchantId: string, returnIds: string[]) =>
    returnIds.length ? db.selectFrom('order_return_lines').selectAll().where('merchant_id', '=', merchantId).where('return_id', 'in', returnIds).execute() : Promise.resolve([]),
  returnPaymentsOf: (db: Exec, merchantId: string, returnIds: string[]) =>
    returnIds.length ? db.selectFrom('order_return_payments').selectAll().where('merchant_id', '=', merchantId).where('return_id', 'in', returnIds).execute() : Promise.resolve([]),
  async insertReturn(db: Exec, row: Insertable<OrderReturnsTable>, lines: Insertable<OrderReturnLinesTable>[], payments: Insertable<OrderReturnPaymentsTable>[]) {
    await db.insertInto('order_returns').values(row).execute();
    if (lines.length) await db.insertInto('order_return_lines').values(lines).execute();
    if (payments.length) await db.insertInto('order_return_payments').values(payments).execute();
  },
  /** Locks the order row for the rest of the transaction, so two returns of one order queue (PostgreSQL; SQLite has one writer). */
  async lockOrder(db: Exec, merchantId: string, id: string) {
    if (isPostgres(db)) await db.selectFrom('orders').select('id').where('merchant_id', '=', merchantId).where('id', '=', id).forUpdate().execute();
  },
  async listOrders(db: Exec, merchantId: string, f: { storeIds: string[] | null; storeId?: string; memberId?: string; kind?: OrderKind; q?: string; from?: string; to?: string }, page: Page & { order: 'asc' | 'desc' }) {
    let q = db.selectFrom('orders').where('merchant_id', '=', merchantId);
    if (f.storeIds) q = q.where('store_id', 'in', f.storeIds.length ? f.storeIds : ['-']);
    if (f.storeId) q = q.where('store_id', '=', f.storeId);
    if (f.memberId) q = q.where('member_id', '=', f.memberId);
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.q) q = q.where('doc_no', '=', f.q);
    if (f.from) q = q.where('business_day', '>=', f.from);
    if (f.to) q = q.where('business_day', '<=', f.to);
    const [items, total] = await Promise.all([
      q.selectAll().orderBy('created_at', page.order).orderBy('id', page.order).limit(page.pageSize).offset(pageOffset(page)).execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: total.n };
  },
  insertParked: (db: Exec, row: Selectable<ParkedOrdersTable>) => db.insertInto('parked_orders').values(row).execute(),
  findParked: (db: Exec, merchantId: string, id: string) => db.selectFrom('parked_orders').selectAll().where('merchant_id', '=', merchantId).where('id', '=', id).executeTakeFirst(),
  parkedAt: (db: Exec, merchantId: string, storeId: string) =>
    db.selectFrom('parked_orders').selectAll().where('merchant_id', '=', merchantId).where('store_id', '=', storeId).orderBy('created_at').execute(),
  /** Takes a parked cart out: whoever deletes it first has it, so two tills never resume one cart. */
  takeParked: (db: Exec, merchantId: string, storeId: string, id: string) =>
    db.deleteFrom('parked_orders').where('merchant_id', '=', merchantId).where('store_id', '=', storeId).where('id', '=', id).returningAll().executeTakeFirst(),
  insertSession: (db: Exec, row: Selectable<TimedSessionsTable>) => db.insertInto('timed_sessions').values(row).execute(),
  findSessions: (db: Exec, merchantId: string, ids: string[]) =>
    ids.length ? db.selectFrom('timed_sessions').selectAll().where('merchant_id', '=', merchantId).where('id', 'in', ids).execute() : Promise.resolve([]),
  openSessions: (db: Exec, merchantId: string, storeId: string) =>
    db.selectFrom('timed_sessions').selectAll().where('merchant_id', '=', merchantId).where('store_id', '=', storeId).where('status', '=', 'open').orderBy('checked_in_at').execute(),
  /** Closes a session only while it is open: of two tills checking one out, one wins. */
  async closeSession(db: Exec, merchantId: string, id: string, patch: Partial<Selectable<TimedSessionsTable>>) {
    const r = await db.updateTable('timed_sessions').set(patch).where('merchant_id', '=', merchantId).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
};
