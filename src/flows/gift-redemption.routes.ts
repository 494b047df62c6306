import { accessOf } from '../platform/http';
import { idParams, type App } from '../platform/route-types';
import { giftListQuery, giftPage, redeemInput, redemptionDetailDto, redemptionListQuery, redemptionPage, redemptionVoidInput } from '../modules/gifts/gifts.schemas';
import type { GiftRedemptionFlow } from './gift-redemption';

export function giftRedemptionRoutes(app: App, flow: GiftRedemptionFlow): void {
  const tags = ['gifts'];
  app.get('/api/gifts', {
    config: { permission: ['gifts.view', 'gifts.redeem'] },
    schema: {
      tags,
      summary: 'Gifts (礼品); q = part of the name; availableFor = a member id → only active gifts that member may redeem at the current store, with stock left',
      querystring: giftListQuery,
      response: { 200: giftPage },
    },
  }, async (req) => flow.listGifts(accessOf(req), req.query));

  app.get('/api/gift-redemptions', {
    config: { permission: ['gifts.view', 'gifts.redeem'] },
    schema: { tags, summary: 'Redemptions (兑换记录) in the caller’s stores; from/to are business days', querystring: redemptionListQuery, response: { 200: redemptionPage } },
  }, async (req) => flow.list(accessOf(req), req.query));
  app.get('/api/gift-redemptions/:id', {
    config: { permission: ['gifts.view', 'gifts.redeem'] },
    schema: { tags, summary: 'One redemption with the coupons it issued', params: idParams, response: { 200: redemptionDetailDto } },
  }, async (req) => flow.get(accessOf(req), req.params.id));
  app.post('/api/gift-redemptions', {
    config: { permission: 'gifts.redeem' },
    schema: {
      tags,
      summary: 'Redeem points for a gift (积分兑换) at the current store: points out, stock down, and the gift’s bonus value, uses or coupons in; send an Idempotency-Key',
      body: redeemInput,
      response: { 201: redemptionDetailDto },
    },
  }, async (req, reply) => reply.code(201).send(await req.write((w) => flow.redeem(w, accessOf(req), req.body), { status: 201 })));
  app.post('/api/gift-redemptions/:id/void', {
    config: { permission: 'gifts.void' },
    schema: { tags, summary: 'Void (撤销) a redemption once: points and stock return; refused when the value, uses or coupons it gave were used', params: idParams, body: redemptionVoidInput, response: { 200: redemptionDetailDto } },
  }, async (req) => req.write((w) => flow.void(w, accessOf(req), req.params.id, req.body.reason)));
}
