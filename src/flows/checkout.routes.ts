import { idParams, type App } from '../platform/route-types';
import { accessOf } from '../platform/http';
import { z } from 'zod';
import { pageResult, zOk } from '../kernel/schemas';
import { cartInput, checkoutInput, orderDetailDto, orderDto, orderListItem, orderListQuery, quoteDto, returnDto, returnInput, returnPlanDto, returnPreviewInput, pointsSaleInput, timedSessionDto, checkInInput, useUsesInput, voidInput } from '../modules/orders/orders.schemas';
import type { Authorizer, CheckoutFlow } from './checkout';
import type { OrderReturnsFlow } from './order-returns';

/** Checks a manager's on-the-spot authorisation, before the sale's transaction opens. */
export type AuthorizeAtTill = (merchantId: string, input: { username: string; password: string }, need: { permission: string; storeId: string | null; discountRateBp?: number }, ip: string) => Promise<Authorizer>;

export function checkoutRoutes(app: App, checkout: CheckoutFlow, returns: OrderReturnsFlow, authorize: AuthorizeAtTill): void {
  const tags = ['checkout'];
  app.post('/api/checkout/quote', { config: { permission: 'checkout.sell' }, schema: { tags, summary: 'Price a cart at the current store for a member or walk-in, line by line (writes nothing)', body: cartInput, response: { 200: quoteDto } } }, async (req) =>
    checkout.quote(accessOf(req), req.body, req.lang),
  );
  app.post('/api/checkout', { config: { permission: 'checkout.sell' }, schema: { tags, summary: 'Pay (结账): the server prices again and takes mixed payment; send an Idempotency-Key made before the first try', body: checkoutInput, response: { 201: orderDto } } }, async (req, reply) => {
    const ctx = accessOf(req);
    // the manager's own role must allow the deepest discount on the order: the quote tells which rate that is
    const discountRateBp = req.body.authorization ? (await checkout.quote(ctx, req.body)).lowestManualRateBp : undefined;
    const authorizer = req.body.authorization ? await authorize(ctx.merchantId, req.body.authorization, { permission: 'checkout.discount', storeId: ctx.storeId, discountRateBp }, req.ip) : null;
    return reply.code(201).send(await req.write((w) => checkout.pay(w, ctx, req.body, authorizer), { status: 201 }));
  });

  app.post('/api/checkout/use-uses', { config: { permission: 'checkout.sell' }, schema: { tags, summary: 'Consume count-card uses (计次消费), soonest-expiring lots first', body: useUsesInput, response: { 201: orderDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => checkout.useUses(w, accessOf(req), req.body), { status: 201 })),
  );

  app.post('/api/checkout/points-sale', { config: { permission: 'checkout.sell' }, schema: { tags, summary: 'Buy products that have a points price with points alone (积分购买)', body: pointsSaleInput, response: { 201: orderDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => checkout.pointsSale(w, accessOf(req), req.body), { status: 201 })),
  );
  app.get('/api/timed-sessions', { config: { permission: 'checkout.sell' }, schema: { tags, summary: 'Running time-billed sessions (计时) at the current store, with the charge so far', response: { 200: z.object({ items: z.array(timedSessionDto) }) } } }, async (req) => ({
    items: await checkout.openSessions(accessOf(req)),
  }));
  app.post('/api/timed-sessions', { config: { permission: 'checkout.sell' }, schema: { tags, summary: 'Check in: start a time-billed session; check out by paying it at the till (timedSessionIds)', body: checkInInput, response: { 201: timedSessionDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => checkout.checkIn(w, accessOf(req), req.body), { status: 201 })),
  );
  app.post('/api/timed-sessions/:id/cancel', { config: { permission: 'checkout.sell' }, schema: { tags, summary: 'Cancel a session started by mistake', params: idParams, body: voidInput, response: { 200: zOk } } }, async (req) =>
    req.write((w) => checkout.cancelSession(w, accessOf(req), req.params.id, req.body.reason)),
  );

  app.get('/api/orders', { config: { permission: 'orders.view' }, schema: { tags, summary: 'Sales documents in the caller’s stores', querystring: orderListQuery, response: { 200: pageResult(orderListItem) } } }, async (req) =>
    returns.list(accessOf(req), req.query),
  );
  app.get('/api/orders/:id', { config: { permission: 'orders.view' }, schema: { tags, summary: 'One sale with its lines, payments and returns (for the receipt reprint)', params: idParams, response: { 200: orderDetailDto } } }, async (req) =>
    returns.get(accessOf(req), req.params.id),
  );
  app.post('/api/orders/:id/returns/preview', { config: { permission: ['orders.return', 'orders.void'] }, schema: { tags, summary: 'What a return would give back and take back, shortfall included (writes nothing)', params: idParams, body: returnPreviewInput, response: { 200: returnPlanDto } } }, async (req) =>
    returns.preview(accessOf(req), req.params.id, req.body.lines),
  );
  app.post('/api/orders/:id/returns', { config: { permission: 'orders.return' }, schema: { tags, summary: 'Return some lines (退货, RULES R9)', params: idParams, body: returnInput, response: { 201: returnDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => returns.returnLines(w, accessOf(req), req.params.id, req.body), { status: 201 })),
  );
  app.post('/api/orders/:id/void', { config: { permission: 'orders.void' }, schema: { tags, summary: 'Void (撤销) the whole order: a return of everything left', params: idParams, body: voidInput, response: { 201: returnDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => returns.voidOrder(w, accessOf(req), req.params.id, req.body.reason), { status: 201 })),
  );
  app.post('/api/orders/:id/restore', { config: { permission: 'orders.void' }, schema: { tags, summary: 'Restore (恢复) a voided order if what the void gave back is still unused', params: idParams, body: voidInput, response: { 201: returnDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => returns.restore(w, accessOf(req), req.params.id, req.body.reason), { status: 201 })),
  );
}
