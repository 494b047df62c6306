import type { App } from '../platform/route-types';
import { accessOf } from '../platform/http';
import { cartInput, checkoutInput, orderDto, quoteDto } from '../modules/orders/orders.schemas';
import type { CheckoutFlow } from './checkout';

export function checkoutRoutes(app: App, checkout: CheckoutFlow): void {
  const tags = ['checkout'];
  app.post('/api/checkout/quote', { config: { permission: 'checkout.sell' }, schema: { tags, summary: 'Price a cart at the current store for a member or walk-in, line by line (writes nothing)', body: cartInput, response: { 200: quoteDto } } }, async (req) =>
    checkout.quote(accessOf(req), req.body),
  );
  app.post('/api/checkout', { config: { permission: 'checkout.sell' }, schema: { tags, summary: 'Pay (结账): the server prices again and takes mixed payment; send an Idempotency-Key made before the first try', body: checkoutInput, response: { 201: orderDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => checkout.pay(w, accessOf(req), req.body), { status: 201 })),
  );
}
