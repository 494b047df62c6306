export type MessageChannel = 'sms';
export type MessageStatus = 'sent' | 'failed';

/** One row per outbox message handed to a provider: what staff see as 短信记录. */
export interface MessageLogTable {
  merchant_id: string;
  id: string;
  channel: MessageChannel;
  recipient: string;
  /** template key, e.g. 'verification_code' */
  template: string;
  /** the full text as sent (verification codes included: local mode shows them here) */
  content: string;
  status: MessageStatus;
  /** SmsProvider.name */
  provider: string;
  provider_message_id: string | null;
  /** unique per merchant: a redelivered outbox message is logged (and sent) once */
  outbox_id: string;
  error: string | null;
  /** when the business write queued it */
  created_at: string;
  /** when the provider accepted it */
  sent_at: string | null;
}

/** Verification codes sent by SMS; only a hash of the code is stored. */
export interface SmsCodesTable {
  merchant_id: string;
  id: string;
  phone: string;
  /** what the code proves, e.g. 'member_register', 'portal_login' */
  purpose: string;
  /** sha256 hex of code + id */
  code_hash: string;
  expires_at: string;
  /** verification attempts so far; at CODE_MAX_ATTEMPTS the code is dead */
  attempts: number;
  used_at: string | null;
  requested_ip: string;
  created_at: string;
}

export interface MessagesTables {
  message_log: MessageLogTable;
  sms_codes: SmsCodesTable;
}
