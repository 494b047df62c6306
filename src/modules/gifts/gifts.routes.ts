import { z } from 'zod';
import { accessOf } from '../../platform/http';
import { idParams, type App } from '../../platform/route-types';
import { giftCategoryDto, giftCategoryInput, giftCategoryListQuery, giftCategoryPatch, giftDto, giftInput, giftPatch } from './gifts.schemas';
import type { GiftsService } from './gifts.service';

/** The gift catalog. The gift list (which can ask what one member may redeem) and redemptions are in flows/gift-redemption.routes.ts. */
export function giftsRoutes(app: App, gifts: GiftsService): void {
  const tags = ['gifts'];
  const viewers = ['gifts.view', 'gifts.redeem'] as const;

  app.get('/api/gift-categories', {
    config: { permission: viewers },
    schema: { tags, summary: 'Gift categories (礼品分类)', querystring: giftCategoryListQuery, response: { 200: z.object({ items: z.array(giftCategoryDto) }) } },
  }, async (req) => ({ items: await gifts.listCategories(accessOf(req).merchantId, req.query.status) }));
  app.post('/api/gift-categories', { config: { permission: 'gifts.manage' }, schema: { tags, summary: 'Create a gift category', body: giftCategoryInput, response: { 201: giftCategoryDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => gifts.createCategory(w, req.body), { status: 201 })),
  );
  app.patch('/api/gift-categories/:id', { config: { permission: 'gifts.manage' }, schema: { tags, summary: 'Rename, re-sort or archive a gift category', params: idParams, body: giftCategoryPatch, response: { 200: giftCategoryDto } } }, async (req) =>
    req.write((w) => gifts.updateCategory(w, req.params.id, req.body)),
  );

  app.get('/api/gifts/:id', { config: { permission: viewers }, schema: { tags, summary: 'One gift', params: idParams, response: { 200: giftDto } } }, async (req) =>
    gifts.getGift(accessOf(req).merchantId, req.params.id),
  );
  app.post('/api/gifts', {
    config: { permission: 'gifts.manage' },
    schema: {
      tags,
      summary: 'Create a gift: goods (实物), stored_value (valueFen of bonus value), uses (uses of a service, valid validityDays) or coupon (couponQuantity coupons of a template); stock null = unlimited',
      body: giftInput,
      response: { 201: giftDto },
    },
  }, async (req, reply) => reply.code(201).send(await req.write((w) => gifts.createGift(w, req.body), { status: 201 })));
  app.patch('/api/gifts/:id', {
    config: { permission: 'gifts.manage' },
    schema: { tags, summary: 'Change, restock (stock = the count on hand) or archive a gift; the kind’s rules apply to the result', params: idParams, body: giftPatch, response: { 200: giftDto } },
  }, async (req) => req.write((w) => gifts.updateGift(w, req.params.id, req.body)));
}
