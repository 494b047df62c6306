import { newId } from '../../kernel/ids';

export interface SmsMessage {
  merchantId: string;
  /** mainland mobile number */
  to: string;
  content: string;
  /** the outbox message id: providers that accept a client reference can deduplicate on it */
  outboxId: string;
}

/**
 * An SMS gateway. Throwing means "not sent, try again later" (the outbox retries with backoff).
 * Real providers plug in by environment; the default sends nothing.
 */
export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<{ providerMessageId: string }>;
}

/** Sends nothing: the message log row it leads to is how staff see (and read out) the text. */
export class LocalSmsProvider implements SmsProvider {
  readonly name = 'local';

  async send(_message: SmsMessage): Promise<{ providerMessageId: string }> {
    return { providerMessageId: `local-${newId()}` };
  }
}
