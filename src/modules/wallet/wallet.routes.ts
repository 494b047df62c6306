import { z } from 'zod';
import { accessOf } from '../../platform/http';
import { idParams, type App } from '../../platform/route-types';
import { topupRuleDto, topupRuleInput, topupRulePatch } from './wallet.schemas';
import type { WalletService } from './wallet.service';

export function walletRoutes(app: App, wallet: WalletService): void {
  const tags = ['wallet'];
  app.get('/api/topup-rules', { config: { permission: 'wallet.view' }, schema: { tags, summary: 'Top-up rules (充值规则)', response: { 200: z.object({ items: z.array(topupRuleDto) }) } } }, async (req) => ({
    items: await wallet.listRules(accessOf(req).merchantId),
  }));
  app.post('/api/topup-rules', { config: { permission: 'wallet.rules.manage' }, schema: { tags, summary: 'Create a top-up rule with tiers', body: topupRuleInput, response: { 201: topupRuleDto } } }, async (req, reply) =>
    reply.code(201).send(await req.write((w) => wallet.createRule(w, accessOf(req), req.body), { status: 201 })),
  );
  app.patch('/api/topup-rules/:id', { config: { permission: 'wallet.rules.manage' }, schema: { tags, summary: 'Change, archive or reactivate a top-up rule', params: idParams, body: topupRulePatch, response: { 200: topupRuleDto } } }, async (req) =>
    req.write((w) => wallet.updateRule(w, accessOf(req), req.params.id, req.body)),
  );
}
