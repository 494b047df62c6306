import { z } from 'zod';
import { zOk } from '../../kernel/schemas';
import { accessOf } from '../../platform/http';
import { idParams, type App } from '../../platform/route-types';
import { parkedDto, parkInput } from './orders.schemas';
import type { ParkedOrdersService } from './parked-orders.service';

export function ordersRoutes(app: App, parked: ParkedOrdersService): void {
  const tags = ['checkout'];
  app.get('/api/parked-orders', { config: { permission: 'checkout.sell' }, schema: { tags, summary: 'Parked sales (挂单) at the current store', response: { 200: z.object({ items: z.array(parkedDto) }) } } }, async (req) => ({
    items: await parked.list(accessOf(req)),
  }));
  app.post('/api/parked-orders', { config: { permission: 'checkout.sell' }, schema: { tags, summary: 'Park the cart (挂单) for any till of this store to resume', body: parkInput, response: { 201: parkedDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => parked.park(w, accessOf(req), req.body), { status: 201 })),
  );
  app.post('/api/parked-orders/:id/resume', { config: { permission: 'checkout.sell' }, schema: { tags, summary: 'Resume a parked sale (取单): the cart comes back and leaves the list', params: idParams, response: { 200: parkedDto } } }, async (req) =>
    req.write((w) => parked.take(w, accessOf(req), req.params.id, 'resume')),
  );
  app.delete('/api/parked-orders/:id', { config: { permission: 'checkout.sell' }, schema: { tags, summary: 'Discard a parked sale', params: idParams, response: { 200: zOk } } }, async (req) =>
    req.write(async (w) => {
      await parked.take(w, accessOf(req), req.params.id, 'discard');
      return { ok: true as const };
    }),
  );
}
