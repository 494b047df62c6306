import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, loggedIn } from './support/api-client';
import { createStore } from './support/fixtures';
import { ADMIN, createTestSystem, type TestSystem } from './support/test-system';

let system: TestSystem;
let admin: ApiClient;
let store: { id: string };
let base: string;

beforeAll(async () => {
  system = await createTestSystem();
  admin = await loggedIn(system, ADMIN.username, ADMIN.password);
  store = await createStore(admin, { name: '南京路店' });
  base = `/api/public/join/m1/${store.id}`;
});
afterAll(() => system.close());

/** The code as the local SMS provider logged it, the way staff read it on the message log page. */
async function codeSentTo(phone: string) {
  await system.services.outbox.drain();
  const log = await admin.get(`/api/messages?recipient=${phone}`);
  const content: string = log.body.items[0]?.content ?? '';
  return /(\d{6})/.exec(content)?.[1] ?? '';
}

describe('self-registration by the store QR code', () => {
  it('a customer confirms their phone with the SMS code and becomes a member of that store', async () => {
    const anonymous = new ApiClient(system);
    expect((await anonymous.get(base)).body).toEqual({ merchantName: '我的连锁店', storeName: '南京路店' });
    expect((await anonymous.post(`${base}/sms-code`, { phone: '13911112222' })).status).toBe(200);
    const code = await codeSentTo('13911112222');
    expect(code).toMatch(/^\d{6}$/);
    const wrong = await anonymous.post(`${base}/register`, { phone: '13911112222', code: code === '000000' ? '111111' : '000000', name: '自助' });
    expect(wrong.body.error).toMatchObject({ code: 'SMS_CODE_INVALID', field: 'code' });
    const ok = await anonymous.post(`${base}/register`, { phone: '13911112222', code, name: '自助' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ alreadyMember: false, storeName: '南京路店' });
    const member = (await admin.get(`/api/members/${ok.body.memberId}`)).body;
    expect(member).toMatchObject({ name: '自助', phone: '13911112222', homeStoreId: store.id, channel: 'self' });
    const reused = await anonymous.post(`${base}/register`, { phone: '13911112222', code, name: '自助' });
    expect(reused.status).toBe(400);
  });

  it('tells an existing member so, after verifying the phone', async () => {
    const anonymous = new ApiClient(system);
    await admin.post('/api/members', { name: '老会员', phone: '13933334444', homeStoreId: store.id });
    await anonymous.post(`${base}/sms-code`, { phone: '13933334444' });
    const res = await anonymous.post(`${base}/register`, { phone: '13933334444', code: await codeSentTo('13933334444') });
    expect(res.body).toMatchObject({ memberId: null, alreadyMember: true });
  });

  it('refuses unknown or closed stores and bad phones with codes', async () => {
    const anonymous = new ApiClient(system);
    expect((await anonymous.get(`/api/public/join/m1/01ARZ3NDEKTSV4RRFFQ69G5FAV`)).body.error.code).toBe('ORG_STORE_NOT_FOUND');
    expect((await anonymous.get(`/api/public/join/other/${store.id}`)).status).toBe(404);
    const bad = await anonymous.post(`${base}/sms-code`, { phone: '123' });
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'phone' });
    await admin.patch(`/api/stores/${store.id}`, { status: 'closed' });
    expect((await anonymous.post(`${base}/sms-code`, { phone: '13955556666' })).status).toBe(404);
    await admin.patch(`/api/stores/${store.id}`, { status: 'active' });
  });
});
