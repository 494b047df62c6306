import { z } from 'zod';
import type { Clock } from '../../kernel/clock';
import { accessOf } from '../../platform/http';
import { idParams, type App } from '../../platform/route-types';
import {
  codeParams,
  couponDto,
  couponListQuery,
  couponPage,
  couponRuleDto,
  couponRuleInput,
  couponRulePatch,
  couponTemplateDto,
  couponTemplateInput,
  couponTemplateListQuery,
  couponTemplatePatch,
} from './coupons.schemas';
import type { CouponsService } from './coupons.service';

const voidBody = z.object({ reason: z.string().trim().min(1).max(100) });

export function couponsRoutes(app: App, coupons: CouponsService, clock: Clock): void {
  const tags = ['coupons'];
  // the till and the member page read a member's coupons too
  const readCoupons = ['coupons.view', 'checkout.sell', 'members.view'] as const;

  app.get('/api/coupon-templates', {
    config: { permission: ['coupons.view', 'coupons.issue'] },
    schema: { tags, summary: 'Coupon templates (券模板)', querystring: couponTemplateListQuery, response: { 200: z.object({ items: z.array(couponTemplateDto) }) } },
  }, async (req) => ({ items: await coupons.listTemplates(accessOf(req).merchantId, req.query.status) }));
  app.post('/api/coupon-templates', {
    config: { permission: 'coupons.manage' },
    schema: { tags, summary: 'Create a template: cash (代金券), discount (折扣券, optional cap) or threshold (满减券), with validity, hours, scope and limits', body: couponTemplateInput, response: { 201: couponTemplateDto } },
  }, async (req, reply) => reply.code(201).send(await req.write((w) => coupons.createTemplate(w, req.body), { status: 201 })));
  app.patch('/api/coupon-templates/:id', {
    config: { permission: 'coupons.manage' },
    schema: { tags, summary: 'Change or archive a template; coupons already issued keep their dates', params: idParams, body: couponTemplatePatch, response: { 200: couponTemplateDto } },
  }, async (req) => req.write((w) => coupons.updateTemplate(w, req.params.id, req.body)));

  app.get('/api/coupons', {
    config: { permission: readCoupons },
    schema: { tags, summary: 'Coupons issued, by template, member, status (available / used / expired / void), channel or code', querystring: couponListQuery, response: { 200: couponPage } },
  }, async (req) => coupons.listCoupons(accessOf(req), req.query, clock.now()));
  app.get('/api/coupons/code/:code', {
    config: { permission: readCoupons },
    schema: { tags, summary: 'Scanner lookup: the coupon with this code', params: codeParams, response: { 200: couponDto } },
  }, async (req) => coupons.byCode(accessOf(req), req.params.code, clock.now()));
  app.post('/api/coupons/:id/void', {
    config: { permission: 'coupons.issue' },
    schema: { tags, summary: 'Void an unused coupon', params: idParams, body: voidBody, response: { 200: couponDto } },
  }, async (req) => req.write((w) => coupons.voidCoupon(w, accessOf(req), req.params.id, req.body.reason)));

  app.get('/api/coupon-rules', {
    config: { permission: ['coupons.view', 'coupons.manage'] },
    schema: { tags, summary: 'Automatic issuing rules (at checkout, on birthdays)', response: { 200: z.object({ items: z.array(couponRuleDto) }) } },
  }, async (req) => ({ items: await coupons.listRules(accessOf(req).merchantId) }));
  app.post('/api/coupon-rules', {
    config: { permission: 'coupons.manage' },
    schema: { tags, summary: 'Create a rule: "spend ≥ X at checkout → N coupons" or "N coupons on the birthday"', body: couponRuleInput, response: { 201: couponRuleDto } },
  }, async (req, reply) => reply.code(201).send(await req.write((w) => coupons.createRule(w, req.body), { status: 201 })));
  app.patch('/api/coupon-rules/:id', {
    config: { permission: 'coupons.manage' },
    schema: { tags, summary: 'Change or archive a rule', params: idParams, body: couponRulePatch, response: { 200: couponRuleDto } },
  }, async (req) => req.write((w) => coupons.updateRule(w, req.params.id, req.body)));
}
