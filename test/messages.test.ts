import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../src/migrations';
import * as messagesInit from '../src/modules/messages/migrations/2026112610_messages_init';
import { createMessagesModule, type MessagesModule } from '../src/modules/messages/messages.module';
import { CODE_MAX_ATTEMPTS, SMS_TOPIC } from '../src/modules/messages/messages.service';
import type { SmsMessage, SmsProvider } from '../src/modules/messages/sms.provider';
import { systemActor, type Actor } from '../src/platform/context';
import { OutboxWorker, type DeliveredMessage } from '../src/platform/outbox';
import { Writer } from '../src/platform/write';
import { ApiClient, loggedIn } from './support/api-client';
import { closeTestSystem } from './support/close';
import { createRole, createStaff } from './support/fixtures';
import { addMerchant, ADMIN, createTestSystem, type TestSystem } from './support/test-system';

/** Records what would have gone out; can be told to fail the next sends. */
class RecordingSmsProvider implements SmsProvider {
  readonly name = 'test';
  readonly sent: SmsMessage[] = [];
  failNext = 0;

  async send(message: SmsMessage) {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('SMS gateway timeout');
    }
    this.sent.push(message);
    return { providerMessageId: `p-${this.sent.length}` };
  }
}

let system: TestSystem;
let outbox: OutboxWorker;
let writer: Writer;
let provider: RecordingSmsProvider;
let messages: MessagesModule;

beforeAll(async () => {
  system = await createTestSystem();
  const k = system.db.kysely;
  // until src/migrations.ts and server.ts list the module, the test migrates and mounts it itself
  if (!('2026112610_messages_init' in migrations)) await messagesInit.up(k as unknown as Kysely<unknown>);
  outbox = new OutboxWorker(k, system.clock);
  writer = new Writer(k, system.clock, outbox);
  provider = new RecordingSmsProvider();
  messages = createMessagesModule(k, system.clock, outbox, provider);
  if (!system.app.hasRoute({ method: 'GET', url: '/api/messages' })) messages.routes(system.app);
});
afterAll(() => closeTestSystem(system));

const service = () => messages.service;
const actor = (ip = '10.0.0.1'): Actor => ({ ...systemActor(system.merchantId), ip });
/** Writer.run nudges this worker after a commit; stop() waits for that delivery round. */
const settle = () => outbox.stop();

let phoneCounter = 0;
/** a fresh mainland mobile number per call, so rate limits of one test do not touch another */
const newPhone = () => `139${String(++phoneCounter).padStart(8, '0')}`;

function logOf(recipient: string) {
  return system.db.kysely.selectFrom('message_log').selectAll().where('recipient', '=', recipient).orderBy('created_at').orderBy('id').execute();
}

function codesOf(phone: string) {
  return system.db.kysely.selectFrom('sms_codes').selectAll().where('phone', '=', phone).orderBy('created_at').orderBy('id').execute();
}

async function requestCode(phone: string, opts: { ip?: string; purpose?: string } = {}) {
  const ip = opts.ip ?? '10.0.0.1';
  const result = await writer.run(actor(ip), (w) =>
    service().requestCode(w, { phone, purpose: opts.purpose ?? 'member_register', ip, merchantName: '测试商户' }),
  );
  await settle();
  return result;
}

/** The code as the member reads it from the SMS (the newest message to phone). */
async function codeSentTo(phone: string): Promise<string> {
  const log = await logOf(phone);
  const match = /您的验证码是 (\d{6})，/.exec(log.at(-1)?.content ?? '');
  if (!match?.[1]) throw new Error(`no code sent to ${phone}`);
  return match[1];
}

const verify = (phone: string, code: string, purpose = 'member_register') => service().verifyCode(actor(), { phone, purpose, code });
const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('queueing and delivering SMS', () => {
  it('sends only after the write commits, and logs one row even when the outbox delivers twice', async () => {
    system.clock.set('2026-12-01T02:00:00Z');
    const to = newPhone();
    await writer.run(actor(), async (w) => {
      await service().queueSms(w, { to, template: 'balance_change', content: '【测试商户】您的储值余额变动 -¥12.00' });
      expect(provider.sent).toHaveLength(0);
    });
    system.clock.advance(1500);
    await settle();
    expect(provider.sent.map((m) => [m.to, m.content, m.merchantId])).toEqual([[to, '【测试商户】您的储值余额变动 -¥12.00', system.merchantId]]);

    const [row] = await system.db.kysely.selectFrom('outbox').selectAll().where('topic', '=', SMS_TOPIC).where('payload', 'like', `%${to}%`).execute();
    expect(row?.status).toBe('sent');
    const log = await logOf(to);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      merchant_id: system.merchantId,
      channel: 'sms',
      template: 'balance_change',
      status: 'sent',
      provider: 'test',
      provider_message_id: 'p-1',
      outbox_id: row?.id,
      error: null,
      created_at: '2026-12-01T02:00:00.000Z',
      sent_at: '2026-12-01T02:00:01.500Z',
    });

    // a redelivery of the same outbox message (lease expired after the send) sends and logs nothing
    const again: DeliveredMessage = { id: row!.id, merchantId: system.merchantId, topic: SMS_TOPIC, payload: JSON.parse(row!.payload), attempt: 2 };
    await service().deliverSms(again);
    await service().deliverSms(again);
    expect(await logOf(to)).toHaveLength(1);
    expect(provider.sent.filter((m) => m.to === to)).toHaveLength(1);
  });

  it('a provider error leaves no log row and the outbox retries', async () => {
    system.clock.set('2026-12-01T03:00:00Z');
    const to = newPhone();
    provider.failNext = 1;
    await writer.run(actor(), (w) => service().queueSms(w, { to, template: 'test', content: '重试' }));
    await settle();
    expect(await logOf(to)).toHaveLength(0);
    const [pending] = await system.db.kysely.selectFrom('outbox').selectAll().where('payload', 'like', `%${to}%`).execute();
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, last_error: 'SMS gateway timeout' });
    system.clock.advance(2000);
    expect(await outbox.drain()).toBe(1);
    expect((await logOf(to)).map((r) => [r.status, r.outbox_id])).toEqual([['sent', pending?.id]]);
  });

  it('a rolled-back write queues nothing', async () => {
    const to = newPhone();
    await expect(
      writer.run(actor(), async (w) => {
        await service().queueSms(w, { to, template: 'test', content: '不应发送' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await settle();
    expect(await system.db.kysely.selectFrom('outbox').select('id').where('payload', 'like', `%${to}%`).execute()).toHaveLength(0);
    expect(await outbox.drain()).toBe(0);
    expect(provider.sent.some((m) => m.to === to)).toBe(false);
    expect(await logOf(to)).toHaveLength(0);
  });

  it('refuses to queue to a malformed number', async () => {
    await expect(writer.run(actor(), (w) => service().queueSms(w, { to: '12345', template: 'test', content: 'x' }))).rejects.toMatchObject({
      code: 'SMS_PHONE_INVALID',
      field: 'to',
    });
  });
});

describe('verification codes', () => {
  it('request → the code arrives by SMS → verify once; a second verify fails', async () => {
    system.clock.set('2026-12-02T02:00:00Z');
    const phone = newPhone();
    expect(await requestCode(phone)).toEqual({ expiresAt: '2026-12-02T02:05:00.000Z' });

    const [log] = await logOf(phone);
    expect(log?.template).toBe('verification_code');
    expect(log?.content).toMatch(/^【测试商户】您的验证码是 \d{6}，5 分钟内有效。$/);
    const code = await codeSentTo(phone);

    const [row] = await codesOf(phone);
    expect(row).toMatchObject({ purpose: 'member_register', attempts: 0, used_at: null, requested_ip: '10.0.0.1', expires_at: '2026-12-02T02:05:00.000Z' });
    expect(row?.code_hash).toBe(createHash('sha256').update(code + row?.id).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(code);

    const audit = await system.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'sms_code.request').where('entity_id', '=', row!.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.summary).toContain(phone);
    expect(audit[0]?.summary).not.toContain(code);

    system.clock.advance(30_000);
    expect(await verify(phone, code)).toEqual({ codeId: row?.id, phone, purpose: 'member_register' });
    expect((await codesOf(phone))[0]?.used_at).toBe('2026-12-02T02:00:30.000Z');

    await expect(verify(phone, code)).rejects.toMatchObject({ code: 'SMS_CODE_INVALID', status: 400, field: 'code' });
    // a code for one purpose proves nothing for another
    await expect(verify(phone, code, 'portal_login')).rejects.toMatchObject({ code: 'SMS_CODE_INVALID' });
  });

  it('a wrong code counts an attempt that persists although the error is thrown', async () => {
    system.clock.set('2026-12-02T03:00:00Z');
    const phone = newPhone();
    await requestCode(phone);
    const code = await codeSentTo(phone);
    await expect(verify(phone, otherCode(code))).rejects.toMatchObject({ code: 'SMS_CODE_INVALID', status: 400, field: 'code', details: { attemptsLeft: 4 } });
    expect((await codesOf(phone))[0]).toMatchObject({ attempts: 1, used_at: null });
    await expect(verify(phone, 'abc')).rejects.toMatchObject({ code: 'SMS_CODE_INVALID', details: { attemptsLeft: 3 } });
    expect((await codesOf(phone))[0]?.attempts).toBe(2);
    const failed = await system.db.kysely.selectFrom('audit_log').select('summary').where('action', '=', 'sms_code.verify_failed').where('summary', 'like', `%${phone}%`).execute();
    expect(failed).toHaveLength(2);
    // the right code still works within the limit
    await expect(verify(phone, code)).resolves.toMatchObject({ phone });
  });

  it(`${CODE_MAX_ATTEMPTS} wrong attempts kill the code, even for the right code afterwards`, async () => {
    system.clock.set('2026-12-02T04:00:00Z');
    const phone = newPhone();
    await requestCode(phone);
    const code = await codeSentTo(phone);
    for (let i = 1; i < CODE_MAX_ATTEMPTS; i++) {
      await expect(verify(phone, otherCode(code))).rejects.toMatchObject({ code: 'SMS_CODE_INVALID', details: { attemptsLeft: CODE_MAX_ATTEMPTS - i } });
    }
    await expect(verify(phone, otherCode(code))).rejects.toMatchObject({ code: 'SMS_CODE_ATTEMPTS_EXCEEDED', status: 429, field: 'code' });
    await expect(verify(phone, code)).rejects.toMatchObject({ code: 'SMS_CODE_ATTEMPTS_EXCEEDED', status: 429 });
    expect((await codesOf(phone))[0]).toMatchObject({ attempts: CODE_MAX_ATTEMPTS, used_at: null });

    // a new code (after the 60 s interval) works again
    system.clock.advance(60_000);
    await requestCode(phone);
    await expect(verify(phone, await codeSentTo(phone))).resolves.toMatchObject({ phone });
  });

  it('parallel guesses cannot exceed the attempt limit', async () => {
    system.clock.set('2026-12-02T05:00:00Z');
    const phone = newPhone();
    await requestCode(phone);
    const code = await codeSentTo(phone);
    const guesses = Array.from({ length: 12 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
    const results = await Promise.allSettled(guesses.map((g) => verify(phone, g)));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect((await codesOf(phone))[0]?.attempts).toBe(CODE_MAX_ATTEMPTS);
    await expect(verify(phone, code)).rejects.toMatchObject({ code: 'SMS_CODE_ATTEMPTS_EXCEEDED' });
  });

  it('expires after 5 minutes', async () => {
    system.clock.set('2026-12-02T06:00:00Z');
    const early = newPhone();
    const late = newPhone();
    await requestCode(early);
    await requestCode(late);
    system.clock.advance(5 * 60_000 - 1);
    await expect(verify(early, await codeSentTo(early))).resolves.toMatchObject({ phone: early });
    system.clock.advance(1);
    await expect(verify(late, await codeSentTo(late))).rejects.toMatchObject({ code: 'SMS_CODE_EXPIRED', status: 400, field: 'code' });
    expect((await codesOf(late))[0]).toMatchObject({ attempts: 0, used_at: null });
  });

  it('a newer code supersedes the older one', async () => {
    system.clock.set('2026-12-02T07:00:00Z');
    const phone = newPhone();
    await requestCode(phone);
    const first = await codeSentTo(phone);
    system.clock.advance(60_000);
    await requestCode(phone);
    const second = await codeSentTo(phone);
    if (first !== second) await expect(verify(phone, first)).rejects.toMatchObject({ code: 'SMS_CODE_INVALID' });
    await expect(verify(phone, second)).resolves.toMatchObject({ phone });
  });

  it('rejects a malformed phone number and stores nothing', async () => {
    for (const phone of ['12345678901', '1380013800', '138001380000', '+8613800138000', '138 0013 8000', '']) {
      await expect(requestCode(phone)).rejects.toMatchObject({ code: 'SMS_PHONE_INVALID', status: 400, field: 'phone' });
      expect(await codesOf(phone)).toHaveLength(0);
    }
  });
});

describe('code request rate limits', () => {
  it('one code per phone and purpose per 60 seconds', async () => {
    system.clock.set('2026-12-03T02:00:00Z');
    const phone = newPhone();
    await requestCode(phone, { ip: '10.1.0.1' });
    await expect(requestCode(phone, { ip: '10.1.0.2' })).rejects.toMatchObject({
      code: 'SMS_CODE_TOO_FREQUENT',
      status: 429,
      details: { retryAfterSeconds: 60 },
    });
    system.clock.advance(45_000);
    await expect(requestCode(phone, { ip: '10.1.0.1' })).rejects.toMatchObject({ code: 'SMS_CODE_TOO_FREQUENT', details: { retryAfterSeconds: 15 } });
    system.clock.advance(14_500);
    await expect(requestCode(phone, { ip: '10.1.0.1' })).rejects.toMatchObject({ code: 'SMS_CODE_TOO_FREQUENT', details: { retryAfterSeconds: 1 } });
    // another purpose is another code
    await expect(requestCode(phone, { ip: '10.1.0.1', purpose: 'portal_login' })).resolves.toBeDefined();
    system.clock.advance(500);
    await expect(requestCode(phone, { ip: '10.1.0.1' })).resolves.toBeDefined();
    expect(await codesOf(phone)).toHaveLength(3);
    expect(await logOf(phone)).toHaveLength(3);
  });

  it('concurrent requests for one phone send one code', async () => {
    system.clock.set('2026-12-03T03:00:00Z');
    const phone = newPhone();
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => requestCode(phone, { ip: '10.2.0.1' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'SMS_CODE_TOO_FREQUENT' });
    expect(await codesOf(phone)).toHaveLength(1);
  });

  it('at most 10 codes per phone in 24 hours', async () => {
    system.clock.set('2026-12-04T00:00:00Z');
    const phone = newPhone();
    for (let i = 0; i < 10; i++) {
      await requestCode(phone, { ip: `10.3.0.${i}` });
      system.clock.advance(60_000);
    }
    // now 10 minutes after the first: it leaves the window 23 h 50 min from now
    await expect(requestCode(phone, { ip: '10.3.1.1' })).rejects.toMatchObject({
      code: 'SMS_DAILY_LIMIT',
      status: 429,
      details: { retryAfterSeconds: 24 * 3600 - 600 },
    });
    await expect(requestCode(phone, { ip: '10.3.1.1', purpose: 'portal_login' })).rejects.toMatchObject({ code: 'SMS_DAILY_LIMIT' });
    system.clock.set('2026-12-05T00:00:00Z');
    await expect(requestCode(phone, { ip: '10.3.1.1' })).resolves.toBeDefined();
    expect(await codesOf(phone)).toHaveLength(11);
  });

  it('at most 20 codes per IP in an hour', async () => {
    system.clock.set('2026-12-06T02:00:00Z');
    const ip = '203.0.113.7';
    for (let i = 0; i < 20; i++) await requestCode(newPhone(), { ip });
    system.clock.advance(10 * 60_000);
    const phone = newPhone();
    await expect(requestCode(phone, { ip })).rejects.toMatchObject({ code: 'SMS_IP_LIMIT', status: 429, details: { retryAfterSeconds: 50 * 60 } });
    expect(await codesOf(phone)).toHaveLength(0);
    await expect(requestCode(phone, { ip: '203.0.113.8' })).resolves.toBeDefined();
    system.clock.advance(50 * 60_000);
    await expect(requestCode(newPhone(), { ip })).resolves.toBeDefined();
  });
});

describe('GET /api/messages', () => {
  it('lists the log newest first with filters, codes readable, only for this merchant and with the permission', async () => {
    system.clock.set('2026-12-07T02:00:00Z');
    const phone = newPhone();
    await requestCode(phone);
    const code = await codeSentTo(phone);
    const admin = await loggedIn(system, ADMIN.username, ADMIN.password);

    const all = await admin.get('/api/messages?pageSize=5');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ page: 1, pageSize: 5 });
    expect(all.body.total).toBeGreaterThan(5);
    expect(all.body.items).toHaveLength(5);
    const times = all.body.items.map((i: { createdAt: string }) => i.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    const mine = await admin.get(`/api/messages?recipient=${phone}&status=sent&template=verification_code`);
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(1);
    expect(mine.body.items[0]).toEqual({
      id: expect.any(String),
      channel: 'sms',
      recipient: phone,
      template: 'verification_code',
      content: `【测试商户】您的验证码是 ${code}，5 分钟内有效。`,
      status: 'sent',
      provider: 'test',
      createdAt: '2026-12-07T02:00:00.000Z',
      sentAt: '2026-12-07T02:00:00.000Z',
    });
    expect((await admin.get(`/api/messages?recipient=${phone.slice(3, 9)}`)).body.items.map((i: { recipient: string }) => i.recipient)).toContain(phone);
    expect((await admin.get(`/api/messages?recipient=${phone}&status=failed`)).body.total).toBe(0);
    expect((await admin.get(`/api/messages?recipient=${phone}&template=balance_change`)).body.total).toBe(0);

    const bad = await admin.get('/api/messages?status=lost');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'status' });

    expect((await new ApiClient(system).get('/api/messages')).status).toBe(401);

    const role = await createRole(admin, { name: '店员', dataScope: 'all', permissions: ['staff.view'] });
    const staff = await createStaff(admin, { roleId: role.id });
    const clerk = new ApiClient(system);
    await clerk.login(staff.username, 'Initial#2026');
    await clerk.post('/api/auth/change-password', { currentPassword: 'Initial#2026', newPassword: 'Cashier#2026' });
    const forbidden = await clerk.get('/api/messages');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toMatchObject({ code: 'AUTH_FORBIDDEN', details: { permission: 'messages.view' } });

    await addMerchant(system, 'm2');
    const other = await loggedIn(system, ADMIN.username, ADMIN.password, 'm2');
    const otherList = await other.get('/api/messages');
    expect(otherList.status).toBe(200);
    expect(otherList.body.total).toBe(0);
  });
});
