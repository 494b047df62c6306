import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema';
import type { OrderLinesTable, OrderPaymentsTable, OrdersTable } from './orders.tables';

type Exec = Kysely<Database>;
export type OrderRow = Selectable<OrdersTable>;
export type OrderLineRow = Selectable<OrderLinesTable>;
export type OrderPaymentRow = Selectable<OrderPaymentsTable>;

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
};
