import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Clock } from '../../kernel/clock';
import { AppError } from '../../kernel/errors';
import { newId } from '../../kernel/ids';
import { writeAudit } from '../../platform/audit';
import type { Actor } from '../../platform/context';
import type { DeliveredMessage } from '../../platform/outbox';
import type { WriteScope } from '../../platform/write';
import { MessagesErrors } from './messages.errors';
import { messagesRepository as repo, type MessageLogRow } from './messages.repository';
import { smsPayload, type MessageDto, type MessageListQuery, type SmsPayload } from './messages.schemas';
import type { SmsProvider } from './sms.provider';

export const SMS_TOPIC = 'sms.send';
export const VERIFICATION_TEMPLATE = 'verification_code';
export const CODE_TTL_MS = 5 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;
/** Rate limits of code requests, counted from sms_codes rows so every server sees the same. */
export const CODE_LIMITS = {
  /** one code per phone + purpose per this many seconds */
  intervalSeconds: 60,
  /** codes per phone (any purpose) in a rolling 24 hours */
  perPhonePerDay: 10,
  /** codes per requesting IP in a rolling hour */
  perIpPerHour: 20,
};
const MOBILE = /^1[3-9]\d{9}$/;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const codeHash = (code: string, id: string) => createHash('sha256').update(code + id).digest('hex');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

function toMessageDto(row: MessageLogRow): MessageDto {
  return {
    id: row.id,
    channel: row.channel,
    recipient: row.recipient,
    template: row.template,
    content: row.content,
    status: row.status,
    provider: row.provider,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

/** Proof that phone received the code for purpose; the code is spent. */
export interface VerifiedCode {
  codeId: string;
  phone: string;
  purpose: string;
}

type VerifyOutcome = { ok: VerifiedCode } | { error: string; details?: Record<string, unknown> };

export class MessagesService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly provider: SmsProvider,
  ) {}

  // ---- sending -------------------------------------------------------------------------------

  /** Queues an SMS in the caller's transaction: it is sent only after that transaction commits. */
  async queueSms(w: WriteScope, input: { to: string; template: string; content: string }): Promise<void> {
    if (!MOBILE.test(input.to)) throw new AppError(MessagesErrors.SMS_PHONE_INVALID, { field: 'to' });
    const payload: SmsPayload = { ...input, queuedAt: w.now.toISOString() };
    await w.enqueue({ topic: SMS_TOPIC, payload });
  }

  /**
   * The `sms.send` outbox handler. Idempotent by outbox id: a redelivered message that is
   * already logged is neither sent nor logged again. A provider error propagates, so the
   * outbox retries with backoff. (A crash between the provider call and the insert can still
   * send twice; the outbox id is passed to the provider for gateways that deduplicate.)
   */
  async deliverSms(message: DeliveredMessage): Promise<void> {
    const payload = smsPayload.parse(message.payload);
    if (await repo.findLogByOutboxId(this.db, message.merchantId, message.id)) return;
    const { providerMessageId } = await this.provider.send({
      merchantId: message.merchantId,
      to: payload.to,
      content: payload.content,
      outboxId: message.id,
    });
    await repo.insertLog(this.db, {
      merchant_id: message.merchantId,
      id: newId(),
      channel: 'sms',
      recipient: payload.to,
      template: payload.template,
      content: payload.content,
      status: 'sent',
      provider: this.provider.name,
      provider_message_id: providerMessageId,
      outbox_id: message.id,
      error: null,
      created_at: payload.queuedAt,
      sent_at: this.clock.now().toISOString(),
    });
  }

  async listLog(merchantId: string, query: Pick<MessageListQuery, 'page' | 'pageSize' | 'recipient' | 'status' | 'template'>) {
    const { rows, total } = await repo.listLog(this.db, merchantId, query);
    return { items: rows.map(toMessageDto), total, page: query.page, pageSize: query.pageSize };
  }

  // ---- verification codes --------------------------------------------------------------------

  private async checkRateLimits(w: WriteScope, input: { phone: string; purpose: string; ip: string }) {
    const merchantId = w.actor.merchantId;
    const now = w.now.getTime();
    const secondsUntil = (at: string, windowMs: number) => Math.max(1, Math.ceil((new Date(at).getTime() + windowMs - now) / 1000));

    const intervalMs = CODE_LIMITS.intervalSeconds * 1000;
    const [last] = await repo.recentCodeTimes(w.tx, merchantId, { phone: input.phone, purpose: input.purpose }, new Date(now - intervalMs).toISOString(), 1);
    if (last) throw new AppError(MessagesErrors.SMS_CODE_TOO_FREQUENT, { field: 'phone', details: { retryAfterSeconds: secondsUntil(last, intervalMs) } });

    const perPhone = CODE_LIMITS.perPhonePerDay;
    const today = await repo.recentCodeTimes(w.tx, merchantId, { phone: input.phone }, new Date(now - DAY_MS).toISOString(), perPhone);
    const oldestToday = today[perPhone - 1];
    if (oldestToday) throw new AppError(MessagesErrors.SMS_DAILY_LIMIT, { field: 'phone', details: { retryAfterSeconds: secondsUntil(oldestToday, DAY_MS) } });

    const perIp = CODE_LIMITS.perIpPerHour;
    const fromIp = await repo.recentCodeTimes(w.tx, merchantId, { ip: input.ip }, new Date(now - HOUR_MS).toISOString(), perIp);
    const oldestFromIp = fromIp[perIp - 1];
    if (oldestFromIp) throw new AppError(MessagesErrors.SMS_IP_LIMIT, { details: { retryAfterSeconds: secondsUntil(oldestFromIp, HOUR_MS) } });
  }

  /**
   * Sends a 6-digit code to phone for purpose (e.g. 'member_register'). Only its hash is stored;
   * the SMS goes out after the caller's transaction commits. Limits: see CODE_LIMITS.
   */
  async requestCode(w: WriteScope, input: { phone: string; purpose: string; ip: string; merchantName: string }): Promise<{ expiresAt: string }> {
    const merchantId = w.actor.merchantId;
    if (!MOBILE.test(input.phone)) throw new AppError(MessagesErrors.SMS_PHONE_INVALID, { field: 'phone' });
    await repo.lockCodeRequests(w.tx, merchantId, [`phone:${input.phone}`, `ip:${input.ip}`]);
    await this.checkRateLimits(w, input);

    const id = newId();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(w.now.getTime() + CODE_TTL_MS).toISOString();
    await repo.insertCode(w.tx, {
      merchant_id: merchantId,
      id,
      phone: input.phone,
      purpose: input.purpose,
      code_hash: codeHash(code, id),
      expires_at: expiresAt,
      attempts: 0,
      used_at: null,
      requested_ip: input.ip,
      created_at: w.now.toISOString(),
    });
    await this.queueSms(w, {
      to: input.phone,
      template: VERIFICATION_TEMPLATE,
      content: `【${input.merchantName}】您的验证码是 ${code}，${CODE_TTL_MS / 60_000} 分钟内有效。`,
    });
    await w.audit({ action: 'sms_code.request', entityType: 'sms_code', entityId: id, after: { phone: input.phone, purpose: input.purpose, expiresAt } });
    return { expiresAt };
  }

  /**
   * Checks the code last issued to phone for purpose and spends it (single use).
   *
   * Runs its OWN small transaction instead of taking the caller's WriteScope: a wrong code must
   * count against the code even though the error rolls back the caller's write, and on SQLite a
   * second transaction cannot start while the caller's holds the connection. So call it BEFORE
   * the business write (e.g. register the member only after it returns); a business error
   * afterwards leaves the code spent and the member requests a new one.
   *
   * Each attempt is claimed (attempts + 1, row locked) before the code is compared, so parallel
   * guesses cannot exceed CODE_MAX_ATTEMPTS. Wrong → SMS_CODE_INVALID (details.attemptsLeft); the
   * last allowed wrong attempt and any later one → SMS_CODE_ATTEMPTS_EXCEEDED; expired →
   * SMS_CODE_EXPIRED (not counted); no code, or already used → SMS_CODE_INVALID.
   */
  async verifyCode(actor: Actor, input: { phone: string; purpose: string; code: string }): Promise<VerifiedCode> {
    const merchantId = actor.merchantId;
    const now = this.clock.now();
    const at = now.toISOString();
    const outcome = await this.db.transaction().execute(async (tx): Promise<VerifyOutcome> => {
      const row = await repo.latestCode(tx, merchantId, input.phone, input.purpose);
      if (!row || row.used_at !== null) return { error: MessagesErrors.SMS_CODE_INVALID };
      if (new Date(row.expires_at).getTime() <= now.getTime()) return { error: MessagesErrors.SMS_CODE_EXPIRED };
      const attempts = await repo.claimAttempt(tx, merchantId, row.id, CODE_MAX_ATTEMPTS);
      if (attempts === undefined) {
        const fresh = await repo.findCode(tx, merchantId, row.id);
        return { error: fresh?.used_at ? MessagesErrors.SMS_CODE_INVALID : MessagesErrors.SMS_CODE_ATTEMPTS_EXCEEDED };
      }
      const entry = { entityType: 'sms_code', entityId: row.id };
      if (!/^\d{6}$/.test(input.code) || !sameHash(codeHash(input.code, row.id), row.code_hash)) {
        await writeAudit(tx, actor, at, { ...entry, action: 'sms_code.verify_failed', after: { phone: row.phone, purpose: row.purpose, attempts } });
        const attemptsLeft = CODE_MAX_ATTEMPTS - attempts;
        return attemptsLeft > 0 ? { error: MessagesErrors.SMS_CODE_INVALID, details: { attemptsLeft } } : { error: MessagesErrors.SMS_CODE_ATTEMPTS_EXCEEDED };
      }
      if (!(await repo.markCodeUsed(tx, merchantId, row.id, at))) return { error: MessagesErrors.SMS_CODE_INVALID };
      await writeAudit(tx, actor, at, { ...entry, action: 'sms_code.verify', after: { phone: row.phone, purpose: row.purpose } });
      return { ok: { codeId: row.id, phone: row.phone, purpose: row.purpose } };
    });
    // thrown after the commit, so the counted attempt stays counted
    if ('error' in outcome) throw new AppError(outcome.error, { field: 'code', ...(outcome.details ? { details: outcome.details } : {}) });
    return outcome.ok;
  }
}
