import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { AppError } from '../../kernel/errors';
import { newId } from '../../kernel/ids';
import { canAccessStore } from '../../platform/access';
import type { AccessContext } from '../../platform/context';
import type { WriteScope } from '../../platform/write';
import { OrdersErrors } from './orders.errors';
import { ordersRepository as repo } from './orders.repository';
import type { CartInput } from './orders.schemas';
import type { ParkedOrdersTable } from './orders.tables';

type Exec = Kysely<Database>;

function toDto(row: ParkedOrdersTable) {
  return { id: row.id, storeId: row.store_id, tillId: row.till_id, memberId: row.member_id, label: row.label, cart: JSON.parse(row.cart) as CartInput, staffName: row.staff_name, createdAt: row.created_at };
}

/** 挂单: carts set aside at the current store; any till of the store resumes them. No money moves until payment. */
export class ParkedOrdersService {
  constructor(private readonly db: Exec) {}

  private storeOf(ctx: AccessContext) {
    if (!ctx.storeId) throw new AppError('STORE_REQUIRED', { field: 'storeId' });
    return ctx.storeId;
  }

  async park(w: WriteScope, ctx: AccessContext, input: { label: string; cart: CartInput }) {
    const row: ParkedOrdersTable = {
      merchant_id: ctx.merchantId,
      id: newId(),
      store_id: this.storeOf(ctx),
      till_id: ctx.tillId,
      member_id: input.cart.memberId,
      label: input.label,
      cart: JSON.stringify(input.cart),
      staff_name: ctx.staffName,
      created_at: w.now.toISOString(),
    };
    await repo.insertParked(w.tx, row);
    await w.audit({ action: 'order.park', entityType: 'parked_order', entityId: row.id, after: { label: row.label, lines: input.cart.lines.length, memberId: row.member_id } });
    return toDto(row);
  }

  async list(ctx: AccessContext) {
    return (await repo.parkedAt(this.db, ctx.merchantId, this.storeOf(ctx))).map(toDto);
  }

  /** Resume (取单) or discard, at any store the staff member may serve: the cart leaves the list for whoever took it first. */
  async take(w: WriteScope, ctx: AccessContext, id: string, action: 'resume' | 'discard') {
    const found = await repo.findParked(w.tx, ctx.merchantId, id);
    const row = found && canAccessStore(ctx, found.store_id) ? await repo.takeParked(w.tx, ctx.merchantId, found.store_id, id) : undefined;
    if (!row) throw new AppError(OrdersErrors.PARKED_ORDER_NOT_FOUND, { field: 'id' });
    await w.audit({ action: `order.parked_${action}`, entityType: 'parked_order', entityId: id, after: { label: row.label } });
    return toDto(row);
  }
}
