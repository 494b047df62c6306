import { z } from 'zod';
import { zId, zIsoDate, zMobile } from '../kernel/schemas';
import type { App } from '../platform/route-types';
import type { SelfRegistrationFlow } from './self-registration';

const joinParams = z.object({ merchantCode: z.string().trim().min(1).max(32), storeId: zId });

/** Public endpoints behind a store's QR code; no session, rate-limited by the SMS code rules. */
export function selfRegistrationRoutes(app: App, flow: SelfRegistrationFlow): void {
  const tags = ['self-registration'];
  app.get('/api/public/join/:merchantCode/:storeId', {
    config: { public: true },
    schema: { tags, summary: 'The store a registration QR code points at', params: joinParams, response: { 200: z.object({ merchantName: z.string(), storeName: z.string() }) } },
  }, async (req) => {
    const store = await flow.store(req.params.merchantCode, req.params.storeId);
    return { merchantName: store.merchantName, storeName: store.storeName };
  });
  app.post('/api/public/join/:merchantCode/:storeId/sms-code', {
    config: { public: true },
    schema: { tags, summary: 'Send a verification code to the phone', params: joinParams, body: z.object({ phone: zMobile }), response: { 200: z.object({ expiresAt: z.string() }) } },
  }, async (req) => flow.requestCode(req.params.merchantCode, req.params.storeId, req.body.phone, req.ip));
  app.post('/api/public/join/:merchantCode/:storeId/register', {
    config: { public: true },
    schema: {
      tags,
      summary: 'Confirm the code and become a member of the store',
      params: joinParams,
      body: z.object({
        phone: zMobile,
        code: z.string().regex(/^\d{6}$/, '6 digits'),
        name: z.string().trim().max(64).optional(),
        gender: z.enum(['male', 'female', 'unknown']).optional(),
        birthday: zIsoDate.nullable().optional(),
      }),
      response: { 200: z.object({ memberId: z.string().nullable(), alreadyMember: z.boolean(), storeName: z.string() }) },
    },
  }, async (req) => flow.register(req.params.merchantCode, req.params.storeId, req.body, req.ip));
}
