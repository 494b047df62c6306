import { accessOf } from '../platform/http';
import type { App } from '../platform/route-types';
import { issueInput, issuePreviewResult, issueResult } from '../modules/coupons/coupons.schemas';
import type { CouponIssuingFlow } from './coupon-issuing';

export function couponIssuingRoutes(app: App, issuing: CouponIssuingFlow): void {
  const tags = ['coupons'];
  app.post('/api/coupons/issue/preview', {
    config: { permission: 'coupons.issue' },
    schema: { tags, summary: 'How many members and coupons an issue would reach (writes nothing)', body: issueInput, response: { 200: issuePreviewResult } },
  }, async (req) => issuing.preview(accessOf(req), req.body));
  app.post('/api/coupons/issue', {
    config: { permission: 'coupons.issue' },
    schema: { tags, summary: 'Issue coupons to members (listed or by filter, within your stores) or make N codes to print', body: issueInput, response: { 201: issueResult } },
  }, async (req, reply) => reply.code(201).send(await req.write((w) => issuing.issue(w, accessOf(req), req.body), { status: 201 })));
}
